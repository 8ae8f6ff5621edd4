using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Direct backward data: dcol[tap, p] = Σ_co w[co, tap]·dY[co, p] with positions in the 16 vector lanes (dY read as it
/// lies in NCHW), added straight into a prepared-layout gradient (each tap one contiguous run, see
/// <see cref="Conv2dDirectLayout"/>), whose adjoint <see cref="Conv2dDirectLayout.ExtractImage"/> then folds the
/// row-shifted planes back onto the image (vector adds, an even/odd interleave for stride 2). Register block: 5 taps × 4
/// slots (20 accumulators) over all output channels; duplicated lanes of an image's last slot and the padding slots
/// of a chunk are masked off before the add, so nothing counts twice.
/// </summary>
internal sealed unsafe class Conv2dDirectBackwardDataJob : Conv2dDirectJob
{
    [ThreadStatic] private static Conv2dDirectBackwardDataJob? perThread;
    public static Conv2dDirectBackwardDataJob ForThisThread => perThread ??= new Conv2dDirectBackwardDataJob();

    private float* gradOutput, weightPadded, gradInput;

    /// <param name="weightPadded">The weights as [Cout][TapsPadded], zero in the padding taps.</param>
    public void Set(in Conv2dGeometry g, int batch, int workers, float* gradOutput, float* weightPadded, float* gradInput)
    {
        Prepare(g, batch, workers);
        this.gradOutput = gradOutput;
        this.weightPadded = weightPadded;
        this.gradInput = gradInput;
    }

    protected override void RunChunk(WorkerScratch s, int n0, int images)
    {
        long size = (long)images * L.PreparedImageSize;
        float* grad = s.Prepared.Get(size);
        new Span<float>(grad, (int)size).Clear();
        float* dyChunk = gradOutput + (long)n0 * G.OutputImageSize;
        int count = images * L.SlotsPerImage;
        for (int k0 = 0; k0 < count; k0 += 4)
            Block(grad, dyChunk, k0, count);
        float* row = s.Row.Get(L.RowScratchSize);
        for (int i = 0; i < images; i++)
            L.ExtractImage(grad + (long)i * L.PreparedImageSize, gradInput + (long)(n0 + i) * G.InputImageSize, row);
    }

    private void Block(float* grad, float* dyChunk, int k0, int count)
    {
        int p = L.Positions, cout = G.OutChannels, tapsPadded = L.TapsPadded;
        int* taps = L.TapOffsets;
        // Slots past the end repeat the last one with no lanes.
        int k1 = Math.Min(k0 + 1, count - 1), k2 = Math.Min(k0 + 2, count - 1), k3 = Math.Min(k0 + 3, count - 1);
        var m0 = Mask(k0, count); var m1 = Mask(k0 + 1, count); var m2 = Mask(k0 + 2, count); var m3 = Mask(k0 + 3, count);
        float* d0p = dyChunk + L.SlotOut[k0], d1p = dyChunk + L.SlotOut[k1], d2p = dyChunk + L.SlotOut[k2], d3p = dyChunk + L.SlotOut[k3];
        float* x0p = grad + L.SlotIn[k0], x1p = grad + L.SlotIn[k1], x2p = grad + L.SlotIn[k2], x3p = grad + L.SlotIn[k3];
        for (int t0 = 0; t0 < tapsPadded; t0 += 5)
        {
                Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
                Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
                Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
                Vector512<float> a40 = default, a41 = default, a42 = default, a43 = default;
            float* w = weightPadded + t0;
            long off = 0;
            for (int co = 0; co < cout; co++, w += tapsPadded, off += p)
            {
                    Vector512<float> d0 = Vector512.Load(d0p + off), d1 = Vector512.Load(d1p + off), d2 = Vector512.Load(d2p + off), d3 = Vector512.Load(d3p + off);
                    var w0 = Vector512.Create(w[0]);
                    a00 = Avx512F.FusedMultiplyAdd(d0, w0, a00); a01 = Avx512F.FusedMultiplyAdd(d1, w0, a01); a02 = Avx512F.FusedMultiplyAdd(d2, w0, a02); a03 = Avx512F.FusedMultiplyAdd(d3, w0, a03);
                    var w1 = Vector512.Create(w[1]);
                    a10 = Avx512F.FusedMultiplyAdd(d0, w1, a10); a11 = Avx512F.FusedMultiplyAdd(d1, w1, a11); a12 = Avx512F.FusedMultiplyAdd(d2, w1, a12); a13 = Avx512F.FusedMultiplyAdd(d3, w1, a13);
                    var w2 = Vector512.Create(w[2]);
                    a20 = Avx512F.FusedMultiplyAdd(d0, w2, a20); a21 = Avx512F.FusedMultiplyAdd(d1, w2, a21); a22 = Avx512F.FusedMultiplyAdd(d2, w2, a22); a23 = Avx512F.FusedMultiplyAdd(d3, w2, a23);
                    var w3 = Vector512.Create(w[3]);
                    a30 = Avx512F.FusedMultiplyAdd(d0, w3, a30); a31 = Avx512F.FusedMultiplyAdd(d1, w3, a31); a32 = Avx512F.FusedMultiplyAdd(d2, w3, a32); a33 = Avx512F.FusedMultiplyAdd(d3, w3, a33);
                    var w4 = Vector512.Create(w[4]);
                    a40 = Avx512F.FusedMultiplyAdd(d0, w4, a40); a41 = Avx512F.FusedMultiplyAdd(d1, w4, a41); a42 = Avx512F.FusedMultiplyAdd(d2, w4, a42); a43 = Avx512F.FusedMultiplyAdd(d3, w4, a43);
            }
            int o;
                o = taps[t0 + 0]; Add(x0p + o, a00 & m0); Add(x1p + o, a01 & m1); Add(x2p + o, a02 & m2); Add(x3p + o, a03 & m3);
                o = taps[t0 + 1]; Add(x0p + o, a10 & m0); Add(x1p + o, a11 & m1); Add(x2p + o, a12 & m2); Add(x3p + o, a13 & m3);
                o = taps[t0 + 2]; Add(x0p + o, a20 & m0); Add(x1p + o, a21 & m1); Add(x2p + o, a22 & m2); Add(x3p + o, a23 & m3);
                o = taps[t0 + 3]; Add(x0p + o, a30 & m0); Add(x1p + o, a31 & m1); Add(x2p + o, a32 & m2); Add(x3p + o, a33 & m3);
                o = taps[t0 + 4]; Add(x0p + o, a40 & m0); Add(x1p + o, a41 & m1); Add(x2p + o, a42 & m2); Add(x3p + o, a43 & m3);
        }
    }

    private Vector512<float> Mask(int k, int count) =>
        Vector512.Load(L.Masks + (k < count ? L.SlotMask[k] : Conv2dDirectLayout.NoLanes) * 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* q, Vector512<float> a) => (Vector512.Load(q) + a).Store(q);
}
