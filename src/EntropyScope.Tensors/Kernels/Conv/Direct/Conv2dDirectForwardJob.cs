using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Direct forward: y[co, p] = b[co] + Σ_tap w[co, tap]·x_tap[p] with output positions in the 16 vector lanes, read
/// straight from the prepared image (each tap one contiguous run, see <see cref="Conv2dDirectLayout"/>): no im2col, no
/// packing. Register block: 8 output channels × 3 slots (24 accumulators) over all taps, the weight broadcast from a
/// [tap][Cout] copy, each input vector reused by 8 channels; results go straight to NCHW (the last slot of an image
/// overlaps the one before and stores the same values again).
/// </summary>
internal sealed unsafe class Conv2dDirectForwardJob : Conv2dDirectJob
{
    [ThreadStatic] private static Conv2dDirectForwardJob? perThread;
    public static Conv2dDirectForwardJob ForThisThread => perThread ??= new Conv2dDirectForwardJob();

    private float* input, weightT, bias, output;
    private bool relu;

    /// <param name="weightT">The weights as [tap][Cout].</param>
    public void Set(in Conv2dGeometry g, int batch, int workers, float* input, float* weightT, float* bias, float* output, bool relu)
    {
        Prepare(g, batch, workers);
        this.input = input;
        this.weightT = weightT;
        this.bias = bias;
        this.output = output;
        this.relu = relu;
    }

    protected override void RunChunk(DirectScratch s, int n0, int images)
    {
        float* prepared = PreparedChunk(s, input, n0, images);
        float* result = output + (long)n0 * G.OutputImageSize;
        // Large outputs: the chunk is finished in an L2 staging buffer, then streamed out (see StreamingStore).
        bool stream = StreamingStore.Worth((long)Batch * G.OutputImageSize);
        float* outChunk = stream ? s.Result.Get((long)images * G.OutputImageSize) : result;
        int count = images * L.SlotsPerImage;
        // Otherwise the output goes to memory in 8 channel rows at a time: pull the next chunk's output lines into L2
        // ahead of the stores, one line per tap iteration (prefetches never fault past the end of the buffer).
        float* prefetch = stream ? outChunk : result + (long)images * G.OutputImageSize;
        for (int k0 = 0; k0 < count; k0 += 3)
        {
            // A block past the last slot repeats it: same values stored twice.
            int k1 = Math.Min(k0 + 1, count - 1), k2 = Math.Min(k0 + 2, count - 1);
            for (int co0 = 0; co0 < G.OutChannels; co0 += 8)
                Block(prepared + L.SlotIn[k0], prepared + L.SlotIn[k1], prepared + L.SlotIn[k2],
                    outChunk + (long)co0 * L.Positions, L.SlotOut[k0], L.SlotOut[k1], L.SlotOut[k2], co0, prefetch);
            prefetch += (long)G.OutChannels / 8 * L.Taps * 16;
        }
        if (stream)
            for (int i = 0; i < images; i++)
                StreamingStore.Copy(outChunk + (long)i * G.OutputImageSize, result + (long)i * G.OutputImageSize, G.OutputImageSize);
    }

    protected override void End(DirectScratch s) => StreamingStore.Fence();

    private void Block(float* x0p, float* x1p, float* x2p, float* y, int s0, int s1, int s2, int co0, float* prefetch)
    {
        int p = L.Positions, taps0 = L.Taps, cout = G.OutChannels;
        int* taps = L.TapOffsets;
        float* w = weightT + co0;
        float* bias = this.bias;
        bool relu = this.relu;
        var b0 = bias == null ? default : Vector512.Create(bias[co0 + 0]);
        var b1 = bias == null ? default : Vector512.Create(bias[co0 + 1]);
        var b2 = bias == null ? default : Vector512.Create(bias[co0 + 2]);
        var b3 = bias == null ? default : Vector512.Create(bias[co0 + 3]);
        var b4 = bias == null ? default : Vector512.Create(bias[co0 + 4]);
        var b5 = bias == null ? default : Vector512.Create(bias[co0 + 5]);
        var b6 = bias == null ? default : Vector512.Create(bias[co0 + 6]);
        var b7 = bias == null ? default : Vector512.Create(bias[co0 + 7]);
        Vector512<float> a00 = b0, a01 = b0, a02 = b0;
        Vector512<float> a10 = b1, a11 = b1, a12 = b1;
        Vector512<float> a20 = b2, a21 = b2, a22 = b2;
        Vector512<float> a30 = b3, a31 = b3, a32 = b3;
        Vector512<float> a40 = b4, a41 = b4, a42 = b4;
        Vector512<float> a50 = b5, a51 = b5, a52 = b5;
        Vector512<float> a60 = b6, a61 = b6, a62 = b6;
        Vector512<float> a70 = b7, a71 = b7, a72 = b7;
        prefetch += (long)co0 / 8 * taps0 * 16;
        for (int t = 0; t < taps0; t++, w += cout, prefetch += 16)
        {
            Sse.Prefetch1(prefetch);
            int o = taps[t];
            Vector512<float> x0 = Vector512.Load(x0p + o), x1 = Vector512.Load(x1p + o), x2 = Vector512.Load(x2p + o);
            var w0 = Vector512.Create(w[0]);
            a00 = Avx512F.FusedMultiplyAdd(x0, w0, a00); a01 = Avx512F.FusedMultiplyAdd(x1, w0, a01); a02 = Avx512F.FusedMultiplyAdd(x2, w0, a02);
            var w1 = Vector512.Create(w[1]);
            a10 = Avx512F.FusedMultiplyAdd(x0, w1, a10); a11 = Avx512F.FusedMultiplyAdd(x1, w1, a11); a12 = Avx512F.FusedMultiplyAdd(x2, w1, a12);
            var w2 = Vector512.Create(w[2]);
            a20 = Avx512F.FusedMultiplyAdd(x0, w2, a20); a21 = Avx512F.FusedMultiplyAdd(x1, w2, a21); a22 = Avx512F.FusedMultiplyAdd(x2, w2, a22);
            var w3 = Vector512.Create(w[3]);
            a30 = Avx512F.FusedMultiplyAdd(x0, w3, a30); a31 = Avx512F.FusedMultiplyAdd(x1, w3, a31); a32 = Avx512F.FusedMultiplyAdd(x2, w3, a32);
            var w4 = Vector512.Create(w[4]);
            a40 = Avx512F.FusedMultiplyAdd(x0, w4, a40); a41 = Avx512F.FusedMultiplyAdd(x1, w4, a41); a42 = Avx512F.FusedMultiplyAdd(x2, w4, a42);
            var w5 = Vector512.Create(w[5]);
            a50 = Avx512F.FusedMultiplyAdd(x0, w5, a50); a51 = Avx512F.FusedMultiplyAdd(x1, w5, a51); a52 = Avx512F.FusedMultiplyAdd(x2, w5, a52);
            var w6 = Vector512.Create(w[6]);
            a60 = Avx512F.FusedMultiplyAdd(x0, w6, a60); a61 = Avx512F.FusedMultiplyAdd(x1, w6, a61); a62 = Avx512F.FusedMultiplyAdd(x2, w6, a62);
            var w7 = Vector512.Create(w[7]);
            a70 = Avx512F.FusedMultiplyAdd(x0, w7, a70); a71 = Avx512F.FusedMultiplyAdd(x1, w7, a71); a72 = Avx512F.FusedMultiplyAdd(x2, w7, a72);
        }
        float* r;
            r = y + 0 * p; Out(r + s0, a00, relu); Out(r + s1, a01, relu); Out(r + s2, a02, relu);
            r = y + 1 * p; Out(r + s0, a10, relu); Out(r + s1, a11, relu); Out(r + s2, a12, relu);
            r = y + 2 * p; Out(r + s0, a20, relu); Out(r + s1, a21, relu); Out(r + s2, a22, relu);
            r = y + 3 * p; Out(r + s0, a30, relu); Out(r + s1, a31, relu); Out(r + s2, a32, relu);
            r = y + 4 * p; Out(r + s0, a40, relu); Out(r + s1, a41, relu); Out(r + s2, a42, relu);
            r = y + 5 * p; Out(r + s0, a50, relu); Out(r + s1, a51, relu); Out(r + s2, a52, relu);
            r = y + 6 * p; Out(r + s0, a60, relu); Out(r + s1, a61, relu); Out(r + s2, a62, relu);
            r = y + 7 * p; Out(r + s0, a70, relu); Out(r + s1, a71, relu); Out(r + s2, a72, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Out(float* dst, Vector512<float> v, bool relu) =>
        (relu ? Vector512.Max(v, Vector512<float>.Zero) : v).Store(dst);
}
