using System.Runtime.Intrinsics;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Backward data for strided convolutions: dcol = Wᵀ · dY per image group (Cin·k² × Cout times Cout × pixels), then
/// col2im (vector adds of contiguous runs in the stride-phase layout) into dX. (Stride-1 layers instead run the forward kernel on dY with flipped weights; see Conv2dKernels.)
/// </summary>
internal sealed unsafe class Conv2dBackwardDataJob : Conv2dJob
{
    [ThreadStatic] private static Conv2dBackwardDataJob? perThread;
    public static Conv2dBackwardDataJob ForThisThread => perThread ??= new Conv2dBackwardDataJob();

    private float* gradOutput, weight, gradInput;

    public void Set(in Conv2dGeometry g, int batch, int workers, float* gradOutput, float* weight, float* gradInput)
    {
        Prepare(g, batch, workers);
        this.gradOutput = gradOutput;
        this.weight = weight;
        this.gradInput = gradInput;
    }

    /// <summary>dst[0..n) += src[0..n).</summary>
    private static void AddRun(float* src, float* dst, int n)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8) (Vector256.Load(dst + j) + Vector256.Load(src + j)).Store(dst + j);
        for (; j < n; j++) dst[j] += src[j];
    }

    /// <summary>m[c, i·HoWo + q] = t[n0 + i, c, q]: NCHW planes of a group side by side, as a channels × pixels matrix.</summary>
    private void GatherPlanes(float* t, int channels, int n0, int images, float* m)
    {
        int plane = G.OutPlaneSize, ld = images * plane;
        for (int i = 0; i < images; i++)
        for (int c = 0; c < channels; c++)
            new ReadOnlySpan<float>(t + ((long)(n0 + i) * channels + c) * plane, plane)
                .CopyTo(new Span<float>(m + (long)c * ld + i * plane, plane));
    }

    protected override void RunChunk(GemmConvScratch s, int n0, int images)
    {
        int plane = G.OutPlaneSize, cols = images * plane, patch = G.PatchSize, cout = G.OutChannels;
        float* dy = s.Matrix.Get((long)cout * cols);
        float* dcol = s.Col.Get((long)patch * cols);
        GatherPlanes(gradOutput, cout, n0, images, dy);
        GemmBlocked.Run(GemmIsaInfo.Best, patch, cols, cout, weight, patch, true, dy, cols, false, dcol, cols, accumulate: false);
        // col2im into the prepared (padded, phase-split) layout, where every tap's pixels are contiguous runs, then
        // copy the image part out to NCHW.
        float* acc = s.Padded.Get((long)images * Tables.PreparedImageSize + Tables.Slack);
        new Span<float>(acc, images * Tables.PreparedImageSize).Clear();
        int ho = G.OutHeight, wo = G.OutWidth, wph = Tables.PhaseWidth;
        for (int i = 0; i < images; i++)
        for (int p = 0; p < patch; p++)
        {
            float* src = dcol + (long)p * cols + i * plane;
            float* dst = acc + (long)i * Tables.PreparedImageSize + Tables.Taps[p];
            for (int oy = 0; oy < ho; oy++)
                AddRun(src + oy * wo, dst + oy * wph, wo);
        }
        Tables.Extract(acc, n0, images, gradInput);
    }
}
