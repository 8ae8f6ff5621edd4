namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Backward data for strided convolutions: dcol = Wᵀ · dY per image group (Cin·k² × Cout times Cout × pixels), then
/// col2im into dX. (Stride-1 layers instead run the forward kernel on dY with flipped weights; see Conv2dKernels.)
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

    /// <summary>m[c, i·HoWo + q] = t[n0 + i, c, q]: NCHW planes of a group side by side, as a channels × pixels matrix.</summary>
    private void GatherPlanes(float* t, int channels, int n0, int images, float* m)
    {
        int plane = G.OutPlaneSize, ld = images * plane;
        for (int i = 0; i < images; i++)
        for (int c = 0; c < channels; c++)
            new ReadOnlySpan<float>(t + ((long)(n0 + i) * channels + c) * plane, plane)
                .CopyTo(new Span<float>(m + (long)c * ld + i * plane, plane));
    }

    protected override void RunGroup(WorkerScratch s, int n0, int images)
    {
        int plane = G.OutPlaneSize, cols = images * plane, patch = G.PatchSize, cout = G.OutChannels;
        float* dy = s.Matrix.Get((long)cout * cols);
        float* dcol = s.Col.Get((long)patch * cols);
        GatherPlanes(gradOutput, cout, n0, images, dy);
        GemmBlocked.Run(GemmIsaInfo.Best, patch, cols, cout, weight, patch, true, dy, cols, false, dcol, cols, accumulate: false);
        for (int i = 0; i < images; i++)
        {
            float* dx = gradInput + (long)(n0 + i) * G.InputImageSize;
            new Span<float>(dx, G.InputImageSize).Clear();
            Im2Col.ScatterAdd(G, dcol + i * plane, cols, dx);
        }
    }
}
