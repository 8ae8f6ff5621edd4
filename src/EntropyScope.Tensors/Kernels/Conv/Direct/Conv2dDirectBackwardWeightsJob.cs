using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Direct weight gradient: dW[co, tap] += Σ_p dY[co, p]·x_tap[p], db[co] += Σ_p dY[co, p], with positions in the 16
/// vector lanes: dY is read as it lies in NCHW (each channel a contiguous run per image) and x_tap from the prepared
/// image (see <see cref="Conv2dDirectLayout"/>) — no transposes, no packing. Register block: 8 channels × 3 taps (24
/// accumulators) over every slot of a chunk; the duplicated lanes of an image's last slot are masked off x. The 16-lane
/// partial sums go to a per-worker vector partial ([Cout/8][taps/3][8·3][16]), reduced across lanes once per call;
/// the caller adds the worker partials in worker order, so the result does not depend on timing.
/// </summary>
internal sealed unsafe class Conv2dDirectBackwardWeightsJob : Conv2dDirectJob
{
    [ThreadStatic] private static Conv2dDirectBackwardWeightsJob? perThread;
    public static Conv2dDirectBackwardWeightsJob ForThisThread => perThread ??= new Conv2dDirectBackwardWeightsJob();

    private float* input, gradOutput;

    public void Set(in Conv2dGeometry g, int batch, int workers, float* input, float* gradOutput)
    {
        Prepare(g, batch, workers);
        this.input = input;
        this.gradOutput = gradOutput;
    }

    /// <summary>
    /// Four images: the dY rows of one 8-channel block for the chunk (4 × 8 × P floats, 25 KB for conv1) stay in the 48 KB
    /// L1 while every tap block sweeps over them.
    /// </summary>
    protected override int ChunkImages => ChannelsInLanes ? Conv2dDirectLayout.ChunkImages : 4;

    private int TapBlocks => L.TapsPadded / 3;
    /// <summary>Vector partial: weights then bias, 16 lanes each.</summary>
    private long PartialSize => ChannelsInLanes
        ? (long)G.OutChannels * LaneTapsPadded + G.OutChannels
        : ((long)G.OutChannels * L.TapsPadded + G.OutChannels) * 16;
    private int ResultSize => G.WeightSize + G.OutChannels;

    protected override void Begin(DirectScratch s) => new Span<float>(s.Partial.Get(PartialSize), (int)PartialSize).Clear();

    protected override void RunChunk(DirectScratch s, int n0, int images)
    {
        if (ChannelsInLanes)
        {
            RunChunkChannelsInLanes(s, n0, images);
            return;
        }
        float* prepared = PreparedChunk(s, input, n0, images);
        float* dyChunk = gradOutput + (long)n0 * G.OutputImageSize;
        float* partial = s.Partial.Get(PartialSize);
        int p = L.Positions, nv = L.SlotsPerImage, cout = G.OutChannels;
        int* taps = L.TapOffsets;
        int* slotIn = L.SlotIn;
        int* slotMask = L.SlotMask;
        float* masks = L.Masks;
        for (int co0 = 0; co0 < cout; co0 += 8)
            for (int tb = 0; tb < TapBlocks; tb++)
            {
                int o0 = taps[3 * tb], o1 = taps[3 * tb + 1], o2 = taps[3 * tb + 2];
                Vector512<float> a00 = default, a01 = default, a02 = default;
                Vector512<float> a10 = default, a11 = default, a12 = default;
                Vector512<float> a20 = default, a21 = default, a22 = default;
                Vector512<float> a30 = default, a31 = default, a32 = default;
                Vector512<float> a40 = default, a41 = default, a42 = default;
                Vector512<float> a50 = default, a51 = default, a52 = default;
                Vector512<float> a60 = default, a61 = default, a62 = default;
                Vector512<float> a70 = default, a71 = default, a72 = default;
                for (int i = 0; i < images; i++)
                {
                    float* xi = prepared + (long)i * L.PreparedImageSize;
                    float* di = dyChunk + (long)i * G.OutputImageSize + (long)co0 * p;
                    for (int v = 0; v < nv; v++)
                    {
                        int start = slotIn[v];
                        float* xp = xi + start;
                        float* dp = di + start;
                        var m = Vector512.Load(masks + slotMask[v] * 16);
                        Vector512<float> d;
                        Vector512<float> x0 = Vector512.Load(xp + o0) & m, x1 = Vector512.Load(xp + o1) & m, x2 = Vector512.Load(xp + o2) & m;
                        d = Vector512.Load(dp + 0 * p); a00 = Avx512F.FusedMultiplyAdd(d, x0, a00); a01 = Avx512F.FusedMultiplyAdd(d, x1, a01); a02 = Avx512F.FusedMultiplyAdd(d, x2, a02);
                        d = Vector512.Load(dp + 1 * p); a10 = Avx512F.FusedMultiplyAdd(d, x0, a10); a11 = Avx512F.FusedMultiplyAdd(d, x1, a11); a12 = Avx512F.FusedMultiplyAdd(d, x2, a12);
                        d = Vector512.Load(dp + 2 * p); a20 = Avx512F.FusedMultiplyAdd(d, x0, a20); a21 = Avx512F.FusedMultiplyAdd(d, x1, a21); a22 = Avx512F.FusedMultiplyAdd(d, x2, a22);
                        d = Vector512.Load(dp + 3 * p); a30 = Avx512F.FusedMultiplyAdd(d, x0, a30); a31 = Avx512F.FusedMultiplyAdd(d, x1, a31); a32 = Avx512F.FusedMultiplyAdd(d, x2, a32);
                        d = Vector512.Load(dp + 4 * p); a40 = Avx512F.FusedMultiplyAdd(d, x0, a40); a41 = Avx512F.FusedMultiplyAdd(d, x1, a41); a42 = Avx512F.FusedMultiplyAdd(d, x2, a42);
                        d = Vector512.Load(dp + 5 * p); a50 = Avx512F.FusedMultiplyAdd(d, x0, a50); a51 = Avx512F.FusedMultiplyAdd(d, x1, a51); a52 = Avx512F.FusedMultiplyAdd(d, x2, a52);
                        d = Vector512.Load(dp + 6 * p); a60 = Avx512F.FusedMultiplyAdd(d, x0, a60); a61 = Avx512F.FusedMultiplyAdd(d, x1, a61); a62 = Avx512F.FusedMultiplyAdd(d, x2, a62);
                        d = Vector512.Load(dp + 7 * p); a70 = Avx512F.FusedMultiplyAdd(d, x0, a70); a71 = Avx512F.FusedMultiplyAdd(d, x1, a71); a72 = Avx512F.FusedMultiplyAdd(d, x2, a72);
                    }
                }
                float* q = partial + ((long)(co0 / 8) * TapBlocks + tb) * 24 * 16;
                Add(q + 0, a00); Add(q + 16, a01); Add(q + 32, a02);
                Add(q + 48, a10); Add(q + 64, a11); Add(q + 80, a12);
                Add(q + 96, a20); Add(q + 112, a21); Add(q + 128, a22);
                Add(q + 144, a30); Add(q + 160, a31); Add(q + 176, a32);
                Add(q + 192, a40); Add(q + 208, a41); Add(q + 224, a42);
                Add(q + 240, a50); Add(q + 256, a51); Add(q + 272, a52);
                Add(q + 288, a60); Add(q + 304, a61); Add(q + 320, a62);
                Add(q + 336, a70); Add(q + 352, a71); Add(q + 368, a72);
            }

        // Bias gradient: Σ_p dY[co, p], 16 lanes at a time.
        float* pb = partial + (long)cout * L.TapsPadded * 16;
        for (int i = 0; i < images; i++)
        for (int co = 0; co < cout; co++)
        {
            float* dp = dyChunk + (long)i * G.OutputImageSize + (long)co * p;
            var sum = Vector512.Load(pb + co * 16);
            for (int v = 0; v < nv; v++)
                sum += Vector512.Load(dp + slotIn[v]) & Vector512.Load(masks + slotMask[v] * 16);
            sum.Store(pb + co * 16);
        }
    }


    // ---- Channels in lanes (Cout a multiple of 32) ----

    /// <summary>Taps per register block of the channels-in-lanes form: 10 taps × 32 channels = 20 accumulators.</summary>
    private const int LaneTaps = 10;
    private bool ChannelsInLanes => G.OutChannels % 32 == 0;
    private int LaneTapsPadded => (L.Taps + LaneTaps - 1) / LaneTaps * LaneTaps;

    /// <summary>
    /// dWᵀ[tap, co] += Σ_p x_tap[p]·dYᵀ[p, co]: per image and 32-channel block, dY is transposed to [p][32] (8×8 register
    /// transposes), then each position costs two aligned loads and one broadcast per tap for 20 FMAs, with every sum
    /// exact over the image's P positions (no duplicated lanes, no masks, no reduction across lanes). The partial is
    /// [Cout/32][taps][32].
    /// </summary>
    private void RunChunkChannelsInLanes(DirectScratch s, int n0, int images)
    {
        float* prepared = PreparedChunk(s, input, n0, images);
        float* partial = s.Partial.Get(PartialSize);
        int p = L.Positions, cout = G.OutChannels, last = L.Taps - 1, tapsPadded = LaneTapsPadded;
        float* dyT = s.Transposed.Get((long)p * 32);
        int* taps = L.TapOffsets;
        for (int i = 0; i < images; i++)
        {
            float* xi = prepared + (long)i * L.PreparedImageSize;
            for (int co0 = 0; co0 < cout; co0 += 32)
            {
                float* dy = gradOutput + (long)(n0 + i) * G.OutputImageSize + (long)co0 * p;
                TransposeBlock(dy, p, dyT);
                float* pw = partial + (long)(co0 / 32) * tapsPadded * 32;
                float* pb = partial + (long)(cout / 32) * tapsPadded * 32 + co0;
                var s0 = Vector512.Load(pb); var s1 = Vector512.Load(pb + 16);
                for (int q = 0; q < p; q++)
                {
                    s0 += Vector512.Load(dyT + q * 32);
                    s1 += Vector512.Load(dyT + q * 32 + 16);
                }
                s0.Store(pb); s1.Store(pb + 16);
                // The next image's dY, sequentially into L2, one line per position (the hardware prefetcher does not
                // follow the transposes' 8 row streams far enough ahead).
                float* prefetch = dy + G.OutputImageSize;
                for (int t0 = 0; t0 < L.Taps; t0 += LaneTaps, prefetch += (long)p * 16)
                    TapBlock(xi, taps, last, t0, dyT, p, pw + (long)t0 * 32, prefetch);
            }
        }
    }

    private static void TapBlock(float* xi, int* taps, int last, int t0, float* dyT, int p, float* r, float* prefetch)
    {
        float* x0 = xi + taps[Math.Min(t0 + 0, last)];
        float* x1 = xi + taps[Math.Min(t0 + 1, last)];
        float* x2 = xi + taps[Math.Min(t0 + 2, last)];
        float* x3 = xi + taps[Math.Min(t0 + 3, last)];
        float* x4 = xi + taps[Math.Min(t0 + 4, last)];
        float* x5 = xi + taps[Math.Min(t0 + 5, last)];
        float* x6 = xi + taps[Math.Min(t0 + 6, last)];
        float* x7 = xi + taps[Math.Min(t0 + 7, last)];
        float* x8 = xi + taps[Math.Min(t0 + 8, last)];
        float* x9 = xi + taps[Math.Min(t0 + 9, last)];
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        float* dp = dyT;
        for (int q = 0; q < p; q++, dp += 32, prefetch += 16)
        {
            Sse.Prefetch1(prefetch);
            var d0 = Vector512.Load(dp); var d1 = Vector512.Load(dp + 16);
            var b0 = Vector512.Create(x0[q]); c00 = Avx512F.FusedMultiplyAdd(d0, b0, c00); c01 = Avx512F.FusedMultiplyAdd(d1, b0, c01);
            var b1 = Vector512.Create(x1[q]); c10 = Avx512F.FusedMultiplyAdd(d0, b1, c10); c11 = Avx512F.FusedMultiplyAdd(d1, b1, c11);
            var b2 = Vector512.Create(x2[q]); c20 = Avx512F.FusedMultiplyAdd(d0, b2, c20); c21 = Avx512F.FusedMultiplyAdd(d1, b2, c21);
            var b3 = Vector512.Create(x3[q]); c30 = Avx512F.FusedMultiplyAdd(d0, b3, c30); c31 = Avx512F.FusedMultiplyAdd(d1, b3, c31);
            var b4 = Vector512.Create(x4[q]); c40 = Avx512F.FusedMultiplyAdd(d0, b4, c40); c41 = Avx512F.FusedMultiplyAdd(d1, b4, c41);
            var b5 = Vector512.Create(x5[q]); c50 = Avx512F.FusedMultiplyAdd(d0, b5, c50); c51 = Avx512F.FusedMultiplyAdd(d1, b5, c51);
            var b6 = Vector512.Create(x6[q]); c60 = Avx512F.FusedMultiplyAdd(d0, b6, c60); c61 = Avx512F.FusedMultiplyAdd(d1, b6, c61);
            var b7 = Vector512.Create(x7[q]); c70 = Avx512F.FusedMultiplyAdd(d0, b7, c70); c71 = Avx512F.FusedMultiplyAdd(d1, b7, c71);
            var b8 = Vector512.Create(x8[q]); c80 = Avx512F.FusedMultiplyAdd(d0, b8, c80); c81 = Avx512F.FusedMultiplyAdd(d1, b8, c81);
            var b9 = Vector512.Create(x9[q]); c90 = Avx512F.FusedMultiplyAdd(d0, b9, c90); c91 = Avx512F.FusedMultiplyAdd(d1, b9, c91);
        }
        Add(r + 0, c00); Add(r + 16, c01);
        Add(r + 32, c10); Add(r + 48, c11);
        Add(r + 64, c20); Add(r + 80, c21);
        Add(r + 96, c30); Add(r + 112, c31);
        Add(r + 128, c40); Add(r + 144, c41);
        Add(r + 160, c50); Add(r + 176, c51);
        Add(r + 192, c60); Add(r + 208, c61);
        Add(r + 224, c70); Add(r + 240, c71);
        Add(r + 256, c80); Add(r + 272, c81);
        Add(r + 288, c90); Add(r + 304, c91);
    }

    /// <summary>t[q][c] = dy[c][q] for 32 channels c (rows of length p).</summary>
    private static void TransposeBlock(float* dy, int p, float* t)
    {
        int q = 0;
        for (; q + 8 <= p; q += 8)
            for (int c = 0; c < 32; c += 8)
                Transpose8x8.Strided(dy + (long)c * p + q, p, t + q * 32 + c, 32);
        for (; q < p; q++)
            for (int c = 0; c < 32; c++) t[q * 32 + c] = dy[(long)c * p + q];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* q, Vector512<float> a) => (Vector512.Load(q) + a).Store(q);

    /// <summary>Reduces the worker's lanes into its result: dW as (Cout, taps), then db.</summary>
    protected override void End(DirectScratch s)
    {
        float* partial = s.Partial.Get(PartialSize);
        float* result = s.Result.Get(ResultSize);
        int taps = L.Taps, cout = G.OutChannels;
        if (ChannelsInLanes)
        {
            int padded = LaneTapsPadded;
            for (int co = 0; co < cout; co++)
            for (int t = 0; t < taps; t++) result[co * taps + t] = partial[((long)(co / 32) * padded + t) * 32 + co % 32];
            for (int co = 0; co < cout; co++) result[G.WeightSize + co] = partial[(long)cout / 32 * padded * 32 + co];
            return;
        }
        for (int co = 0; co < cout; co++)
        for (int t = 0; t < taps; t++)
        {
            // Block (co/8, t/3), accumulator (co mod 8, t mod 3).
            long at = (((long)(co / 8) * TapBlocks + t / 3) * 24 + (co % 8) * 3 + t % 3) * 16;
            result[co * taps + t] = Vector512.Sum(Vector512.Load(partial + at));
        }
        float* pb = partial + (long)cout * L.TapsPadded * 16;
        for (int co = 0; co < cout; co++) result[G.WeightSize + co] = Vector512.Sum(Vector512.Load(pb + co * 16));
    }

    /// <summary>gradWeight += Σ_w result_w[weights], gradBias += Σ_w result_w[bias], in worker order.</summary>
    public void AddPartials(Span<float> gradWeight, Span<float> gradBias)
    {
        for (int w = 0; w < WorkersUsed; w++)
        {
            var result = new ReadOnlySpan<float>(Scratch(w).Result.Get(ResultSize), ResultSize);
            for (int i = 0; i < G.WeightSize; i++) gradWeight[i] += result[i];
            if (!gradBias.IsEmpty)
                for (int c = 0; c < G.OutChannels; c++) gradBias[c] += result[G.WeightSize + c];
        }
    }
}
