using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Channel-lanes forward (stride s = 1 or 2): y[co, oy, ox] = b[co] + Σ_(ci,ky,kx) w[co, ci, ky, kx]·xpad[ci, s·oy + ky, s·ox + kx] with
/// 32 output channels in two vectors and 10 consecutive positions of one output row in registers (20 accumulators).
/// Per tap: two weight loads from a [tap][32] copy (L1) and 10 input broadcasts straight from the padded image, for 20 FMAs.
/// No im2col and no packing: the GEMM path's packing of the 288-row im2col per group cost (by a count of its loops) about a third of its FMAs at
/// CNEEP's 5×10 maps. Rows wider than 10 are covered by chunks of 10, the last one overlapping (same values stored again).
/// Results go through a [position][32] tile, then 8×8 register transposes to NCHW (bias and ReLU applied before).
/// </summary>
internal sealed unsafe class Conv2dChannelLanesForwardJob : Conv2dChannelLanesJob
{
    /// <summary>Output positions per register block (one row chunk).</summary>
    public const int Block = 10;

    [ThreadStatic] private static Conv2dChannelLanesForwardJob? perThread;
    public static Conv2dChannelLanesForwardJob ForThisThread => perThread ??= new Conv2dChannelLanesForwardJob();

    private float* input, weightT, bias, output;
    private int* tapOffsets;
    private bool relu;

    protected override int ChunkImages => 4;

    /// <param name="weightT">The weights as [Cout/32][tap][32] (see <see cref="Conv2dChannelLanes.PackWeights"/>).</param>
    public void Set(in Conv2dGeometry g, int batch, int workers, float* input, float* weightT, float* bias, float* output, bool relu)
    {
        Prepare(g, batch, workers);
        this.input = input;
        this.weightT = weightT;
        this.bias = bias;
        this.output = output;
        this.relu = relu;
        tapOffsets = Conv2dChannelLanes.TapOffsets(g);
    }

    protected override void RunChunk(ChannelLanesScratch s, int n0, int images)
    {
        float* padded = PaddedChunk(s, input, n0, images);
        int ho = G.OutHeight, wo = G.OutWidth, positions = ho * wo, wp = PaddedWidth, taps = G.PatchSize, stride = G.Stride;
        float* tile = s.Transposed.Get((long)positions * 32 + 16);
        // Large outputs: each image is finished in an L1 staging buffer, then streamed out (see StreamingStore).
        bool stream = StreamingStore.Worth((long)Batch * G.OutputImageSize);
        float* staging = stream ? s.Staging.Get(G.OutputImageSize) : null;
        for (int i = 0; i < images; i++)
        {
            float* x = padded + (long)i * PaddedImageSize;
            float* result = output + (long)(n0 + i) * G.OutputImageSize;
            float* y = stream ? staging : result;
            // The next image's input and output lines into L2 while this image computes, a few per row block: the
            // NCHW streams (Cin and Cout planes of 50 floats at batch 4096) run ahead of the hardware prefetcher.
            var ahead = new Prefetch(input + (long)(n0 + images + i) * G.InputImageSize, G.InputImageSize,
                result + (long)images * G.OutputImageSize, stream ? 0 : G.OutputImageSize, G.OutChannels / 32 * ho * ((wo + Block - 1) / Block));
            for (int co0 = 0; co0 < G.OutChannels; co0 += 32)
            {
                float* w = weightT + (long)co0 * taps;
                var b0 = bias == null ? default : Vector512.Load(bias + co0);
                var b1 = bias == null ? default : Vector512.Load(bias + co0 + 16);
                for (int oy = 0; oy < ho; oy++)
                for (int ox0 = 0; ox0 < wo; ox0 += Block)
                {
                    int ox = Math.Min(ox0, wo - Block);
                    if (stride == 1)
                        Row(taps, tapOffsets, x + oy * wp + ox, w, tile + (oy * wo + ox) * 32, b0, b1, relu);
                    else
                        Row2(taps, tapOffsets, x + 2 * (oy * wp + ox), w, tile + (oy * wo + ox) * 32, b0, b1, relu);
                    ahead.Step();
                }
                Conv2dChannelLanes.TileToPlanes(tile, positions, y + (long)co0 * positions);
            }
            if (stream) StreamingStore.Copy(staging, result, G.OutputImageSize);
        }
    }

    protected override void End(ChannelLanesScratch s) => StreamingStore.Fence();

    /// <summary>tile[j][0..32] = (ReLU)(bias + Σ_t w[t][0..32]·x[tapOffsets[t] + j]) for j in 0..10.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(int taps, int* tapOffsets, float* x, float* w, float* t, Vector512<float> b0, Vector512<float> b1, bool relu)
    {
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default, a60 = default, a61 = default, a70 = default, a71 = default, a80 = default, a81 = default, a90 = default, a91 = default;
        for (int tap = 0; tap < taps; tap++, w += 32)
        {
            float* xs = x + tapOffsets[tap];
            var w0 = Vector512.Load(w);
            var w1 = Vector512.Load(w + 16);
            var x0 = Vector512.Create(xs[0]); a00 = Avx512F.FusedMultiplyAdd(x0, w0, a00); a01 = Avx512F.FusedMultiplyAdd(x0, w1, a01);
            var x1 = Vector512.Create(xs[1]); a10 = Avx512F.FusedMultiplyAdd(x1, w0, a10); a11 = Avx512F.FusedMultiplyAdd(x1, w1, a11);
            var x2 = Vector512.Create(xs[2]); a20 = Avx512F.FusedMultiplyAdd(x2, w0, a20); a21 = Avx512F.FusedMultiplyAdd(x2, w1, a21);
            var x3 = Vector512.Create(xs[3]); a30 = Avx512F.FusedMultiplyAdd(x3, w0, a30); a31 = Avx512F.FusedMultiplyAdd(x3, w1, a31);
            var x4 = Vector512.Create(xs[4]); a40 = Avx512F.FusedMultiplyAdd(x4, w0, a40); a41 = Avx512F.FusedMultiplyAdd(x4, w1, a41);
            var x5 = Vector512.Create(xs[5]); a50 = Avx512F.FusedMultiplyAdd(x5, w0, a50); a51 = Avx512F.FusedMultiplyAdd(x5, w1, a51);
            var x6 = Vector512.Create(xs[6]); a60 = Avx512F.FusedMultiplyAdd(x6, w0, a60); a61 = Avx512F.FusedMultiplyAdd(x6, w1, a61);
            var x7 = Vector512.Create(xs[7]); a70 = Avx512F.FusedMultiplyAdd(x7, w0, a70); a71 = Avx512F.FusedMultiplyAdd(x7, w1, a71);
            var x8 = Vector512.Create(xs[8]); a80 = Avx512F.FusedMultiplyAdd(x8, w0, a80); a81 = Avx512F.FusedMultiplyAdd(x8, w1, a81);
            var x9 = Vector512.Create(xs[9]); a90 = Avx512F.FusedMultiplyAdd(x9, w0, a90); a91 = Avx512F.FusedMultiplyAdd(x9, w1, a91);
        }
        Out(t + 0 * 32, a00, a01, b0, b1, relu);
        Out(t + 1 * 32, a10, a11, b0, b1, relu);
        Out(t + 2 * 32, a20, a21, b0, b1, relu);
        Out(t + 3 * 32, a30, a31, b0, b1, relu);
        Out(t + 4 * 32, a40, a41, b0, b1, relu);
        Out(t + 5 * 32, a50, a51, b0, b1, relu);
        Out(t + 6 * 32, a60, a61, b0, b1, relu);
        Out(t + 7 * 32, a70, a71, b0, b1, relu);
        Out(t + 8 * 32, a80, a81, b0, b1, relu);
        Out(t + 9 * 32, a90, a91, b0, b1, relu);
    }

    /// <summary>
    /// tile[j][0..32] = (ReLU)(bias + Σ_t w[t][0..32]·x[tapOffsets[t] + 2·j]) for j in 0..10: stride 2. A copy of
    /// <see cref="Row"/> on purpose: one generic Row over a compile-time stride ran conv1's forward ~7 % slower
    /// (single-thread CPU time, 3 alternating pairs, 2026-11-22).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row2(int taps, int* tapOffsets, float* x, float* w, float* t, Vector512<float> b0, Vector512<float> b1, bool relu)
    {
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default, a60 = default, a61 = default, a70 = default, a71 = default, a80 = default, a81 = default, a90 = default, a91 = default;
        for (int tap = 0; tap < taps; tap++, w += 32)
        {
            float* xs = x + tapOffsets[tap];
            var w0 = Vector512.Load(w);
            var w1 = Vector512.Load(w + 16);
            var x0 = Vector512.Create(xs[0]); a00 = Avx512F.FusedMultiplyAdd(x0, w0, a00); a01 = Avx512F.FusedMultiplyAdd(x0, w1, a01);
            var x1 = Vector512.Create(xs[2]); a10 = Avx512F.FusedMultiplyAdd(x1, w0, a10); a11 = Avx512F.FusedMultiplyAdd(x1, w1, a11);
            var x2 = Vector512.Create(xs[4]); a20 = Avx512F.FusedMultiplyAdd(x2, w0, a20); a21 = Avx512F.FusedMultiplyAdd(x2, w1, a21);
            var x3 = Vector512.Create(xs[6]); a30 = Avx512F.FusedMultiplyAdd(x3, w0, a30); a31 = Avx512F.FusedMultiplyAdd(x3, w1, a31);
            var x4 = Vector512.Create(xs[8]); a40 = Avx512F.FusedMultiplyAdd(x4, w0, a40); a41 = Avx512F.FusedMultiplyAdd(x4, w1, a41);
            var x5 = Vector512.Create(xs[10]); a50 = Avx512F.FusedMultiplyAdd(x5, w0, a50); a51 = Avx512F.FusedMultiplyAdd(x5, w1, a51);
            var x6 = Vector512.Create(xs[12]); a60 = Avx512F.FusedMultiplyAdd(x6, w0, a60); a61 = Avx512F.FusedMultiplyAdd(x6, w1, a61);
            var x7 = Vector512.Create(xs[14]); a70 = Avx512F.FusedMultiplyAdd(x7, w0, a70); a71 = Avx512F.FusedMultiplyAdd(x7, w1, a71);
            var x8 = Vector512.Create(xs[16]); a80 = Avx512F.FusedMultiplyAdd(x8, w0, a80); a81 = Avx512F.FusedMultiplyAdd(x8, w1, a81);
            var x9 = Vector512.Create(xs[18]); a90 = Avx512F.FusedMultiplyAdd(x9, w0, a90); a91 = Avx512F.FusedMultiplyAdd(x9, w1, a91);
        }
        Out(t + 0 * 32, a00, a01, b0, b1, relu);
        Out(t + 1 * 32, a10, a11, b0, b1, relu);
        Out(t + 2 * 32, a20, a21, b0, b1, relu);
        Out(t + 3 * 32, a30, a31, b0, b1, relu);
        Out(t + 4 * 32, a40, a41, b0, b1, relu);
        Out(t + 5 * 32, a50, a51, b0, b1, relu);
        Out(t + 6 * 32, a60, a61, b0, b1, relu);
        Out(t + 7 * 32, a70, a71, b0, b1, relu);
        Out(t + 8 * 32, a80, a81, b0, b1, relu);
        Out(t + 9 * 32, a90, a91, b0, b1, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Out(float* dst, Vector512<float> v0, Vector512<float> v1, Vector512<float> b0, Vector512<float> b1, bool relu)
    {
        v0 += b0;
        v1 += b1;
        if (relu)
        {
            v0 = Vector512.Max(v0, Vector512<float>.Zero);
            v1 = Vector512.Max(v1, Vector512<float>.Zero);
        }
        v0.Store(dst);
        v1.Store(dst + 16);
    }
}
