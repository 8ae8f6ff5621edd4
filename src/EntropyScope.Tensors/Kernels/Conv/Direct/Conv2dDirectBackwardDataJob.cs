using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Direct backward data: dcol[tap, p] = Σ_co w[co, tap]·dY[co, p] with positions in the 16 vector lanes (dY read as it
/// lies in NCHW), stored to a per-chunk dcol ([image][tap][P]); then <see cref="Conv2dDirectLayout.ExtractImage"/>
/// gathers each input row from it in registers (col2im without a scatter). Register block: 5 taps × 4 slots (20
/// accumulators) over all output channels. Plain stores only: an image's last slot overlaps the one before and a
/// chunk's padding slots repeat the last one, and both store the very same values again (no read-modify-write, so no
/// double counting and no store-forwarding stalls).
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

    protected override void RunChunk(DirectScratch s, int n0, int images)
    {
        float* dcol = s.Prepared.Get((long)images * L.DcolImageSize + 2 * Conv2dDirectLayout.DcolGuard) + Conv2dDirectLayout.DcolGuard;
        float* dyChunk = gradOutput + (long)n0 * G.OutputImageSize;
        int count = images * L.SlotsPerImage;
        // dY is read 4 slots × Cout rows at a time, too many streams for the hardware prefetcher: pull the next chunk's
        // dY into L2 sequentially, one line per channel iteration.
        float* prefetch = dyChunk + (long)images * G.OutputImageSize;
        int nv = L.SlotsPerImage, extracted = 0;
        // Large outputs: each image's dX is gathered into a staging buffer, then streamed out (see StreamingStore).
        bool stream = StreamingStore.Worth((long)Batch * G.InputImageSize);
        float* staging = stream ? s.Result.Get(G.InputImageSize) : null;
        for (int k0 = 0; k0 < count; k0 += 4)
        {
            // Slots past the end repeat the last one.
            int k1 = Math.Min(k0 + 1, count - 1), k2 = Math.Min(k0 + 2, count - 1), k3 = Math.Min(k0 + 3, count - 1);
            for (int t0 = 0; t0 < L.TapsPadded; t0 += 5)
                Block(dyChunk + L.SlotOut[k0], dyChunk + L.SlotOut[k1], dyChunk + L.SlotOut[k2], dyChunk + L.SlotOut[k3],
                    dcol + L.SlotCol[k0], dcol + L.SlotCol[k1], dcol + L.SlotCol[k2], dcol + L.SlotCol[k3], t0,
                    prefetch + (long)(k0 / 4 * (L.TapsPadded / 5) + t0 / 5) * G.OutChannels * 16);
            // col2im of every image whose slots are all done, while its dcol is still in L1/L2.
            for (; extracted < images && (extracted + 1) * nv <= k0 + 4; extracted++)
                Extract(dcol, n0, extracted, staging);
        }
        for (; extracted < images; extracted++)
            Extract(dcol, n0, extracted, staging);
    }

    /// <summary>col2im of image n0 + i straight into dX, or through the staging buffer and streaming stores when given one.</summary>
    private void Extract(float* dcol, int n0, int i, float* staging)
    {
        float* dx = gradInput + (long)(n0 + i) * G.InputImageSize;
        L.ExtractImage(dcol + (long)i * L.DcolImageSize, staging == null ? dx : staging);
        if (staging != null) StreamingStore.Copy(staging, dx, G.InputImageSize);
    }

    protected override void End(DirectScratch s) => StreamingStore.Fence();

    private void Block(float* d0p, float* d1p, float* d2p, float* d3p, float* c0, float* c1, float* c2, float* c3, int t0,
        float* prefetch)
    {
        int p = L.Positions, cout = G.OutChannels, tapsPadded = L.TapsPadded;
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        Vector512<float> a40 = default, a41 = default, a42 = default, a43 = default;
        float* w = weightPadded + t0;
        long off = 0;
        for (int co = 0; co < cout; co++, w += tapsPadded, off += p, prefetch += 16)
        {
            Sse.Prefetch1(prefetch);
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
        c0 += (long)t0 * p; c1 += (long)t0 * p; c2 += (long)t0 * p; c3 += (long)t0 * p;
            a00.Store(c0 + 0 * p); a01.Store(c1 + 0 * p); a02.Store(c2 + 0 * p); a03.Store(c3 + 0 * p);
            a10.Store(c0 + 1 * p); a11.Store(c1 + 1 * p); a12.Store(c2 + 1 * p); a13.Store(c3 + 1 * p);
            a20.Store(c0 + 2 * p); a21.Store(c1 + 2 * p); a22.Store(c2 + 2 * p); a23.Store(c3 + 2 * p);
            a30.Store(c0 + 3 * p); a31.Store(c1 + 3 * p); a32.Store(c2 + 3 * p); a33.Store(c3 + 3 * p);
            a40.Store(c0 + 4 * p); a41.Store(c1 + 4 * p); a42.Store(c2 + 4 * p); a43.Store(c3 + 4 * p);
    }
}
