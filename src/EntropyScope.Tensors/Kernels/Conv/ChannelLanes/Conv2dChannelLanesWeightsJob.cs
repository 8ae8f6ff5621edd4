using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Channel-lanes weight gradient (stride s = 1 or 2, 3×3 or 5×5): dW[co, ci, ky, kx] += Σ_(oy,ox) dY[co, oy, ox]·
/// xpad[ci, s·oy + ky, s·ox + kx], db[co] += Σ dY[co, ·]. 32 output channels in two vectors; the register block is 4 tap
/// rows (ci, ky) × 3 kx (24 accumulators; 5×5: 2 rows × 5 kx, 20 accumulators) summed over every position of a chunk of images: per position two loads of dY (transposed to
/// [position][32] per image, 8×8 register transposes) and 12 (10) input broadcasts straight from the padded images
/// feed 24 (20) FMAs; the sum runs over the real outputs only (no grid padding, no masks). Each worker sums into its own partial
/// dWᵀ ([tap][Cout]) and bias; the caller adds them in worker order.
/// </summary>
internal sealed unsafe class Conv2dChannelLanesWeightsJob : Conv2dChannelLanesJob
{
    [ThreadStatic] private static Conv2dChannelLanesWeightsJob? perThread;
    public static Conv2dChannelLanesWeightsJob ForThisThread => perThread ??= new Conv2dChannelLanesWeightsJob();

    private float* input, gradOutput;

    protected override int ChunkImages => 8;

    public void Set(in Conv2dGeometry g, int batch, int workers, float* input, float* gradOutput)
    {
        Prepare(g, batch, workers);
        this.input = input;
        this.gradOutput = gradOutput;
    }

    private int PartialSize => G.WeightSize + G.OutChannels;

    protected override void Begin(ChannelLanesScratch s) => new Span<float>(s.Partial.Get(PartialSize), PartialSize).Clear();

    protected override void RunChunk(ChannelLanesScratch s, int n0, int images)
    {
        int cout = G.OutChannels, positions = G.OutPlaneSize, blocks = cout / 32, plane = PaddedPlane, wp = PaddedWidth;
        float* partial = s.Partial.Get(PartialSize);
        float* db = partial + G.WeightSize;

        // dY per image and 32-channel block as [position][32], the bias gradient summed on the way.
        long tileSize = (long)positions * 32;
        float* tiles = s.Transposed.Get(images * blocks * tileSize);
        for (int i = 0; i < images; i++)
        for (int cb = 0; cb < blocks; cb++)
        {
            float* tile = tiles + (i * blocks + cb) * tileSize;
            Conv2dChannelLanes.PlanesToTile(gradOutput + (long)(n0 + i) * G.OutputImageSize + (long)cb * 32 * positions, positions, tile);
            Vector512<float> s0 = default, s1 = default;
            for (int p = 0; p < positions; p++)
            {
                s0 += Vector512.Load(tile + p * 32);
                s1 += Vector512.Load(tile + p * 32 + 16);
            }
            (Vector512.Load(db + cb * 32) + s0).Store(db + cb * 32);
            (Vector512.Load(db + cb * 32 + 16) + s1).Store(db + cb * 32 + 16);
        }

        float* padded = PaddedChunk(s, input, n0, images);
        int k = G.Kernel, rows = G.InChannels * k, perBlock = k == 3 ? 4 : 2;
        // The next chunk's input and dY into L2 while this chunk computes, spread over the blocks.
        var ahead = new Prefetch(input + (long)(n0 + images) * G.InputImageSize, (long)images * G.InputImageSize,
            gradOutput + (long)(n0 + images) * G.OutputImageSize, (long)images * G.OutputImageSize,
            blocks * ((rows + perBlock - 1) / perBlock));
        for (int cb = 0; cb < blocks; cb++)
        for (int r0 = 0; r0 < rows; r0 += perBlock)
        {
            int valid = Math.Min(perBlock, rows - r0);
            // Tap row r = (ci, ky) starts at ci·plane + ky·Wp; rows past the end repeat the first (computed, never stored).
            int o0 = RowOffset(r0, k, plane, wp);
            int o1 = valid > 1 ? RowOffset(r0 + 1, k, plane, wp) : o0;
            float* dw = partial + (long)r0 * k * cout + cb * 32;
            if (k == 3)
            {
                int o2 = valid > 2 ? RowOffset(r0 + 2, k, plane, wp) : o0;
                int o3 = valid > 3 ? RowOffset(r0 + 3, k, plane, wp) : o0;
                Block(padded, PaddedImageSize, o0, o1, o2, o3, valid, tiles + cb * tileSize, blocks * tileSize, images,
                    G.OutHeight, G.OutWidth, wp, G.Stride, dw, cout);
            }
            else
                Block5(padded, PaddedImageSize, o0, o1, valid, tiles + cb * tileSize, blocks * tileSize, images,
                    G.OutHeight, G.OutWidth, wp, G.Stride, dw, cout);
            ahead.Step();
        }
    }

    private static int RowOffset(int r, int k, int plane, int wp) => r / k * plane + r % k * wp;

    /// <summary>dw[(row·3 + kx)·cout + 0..32] += Σ_images Σ_(oy,ox) x[row offset + oy·Wp + ox + kx]·dYᵀ[oy·Wo + ox][0..32] for the block's rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(float* x, int imageSize, int o0, int o1, int o2, int o3, int valid, float* dyt, long tileStride,
        int images, int ho, int wo, int wp, int stride, float* dw, int cout)
    {
        bool r0 = true, r1 = valid > 1, r2 = valid > 2, r3 = valid > 3;
        var a000 = r0 ? Vector512.Load(dw + 0 * cout) : default; var a001 = r0 ? Vector512.Load(dw + 0 * cout + 16) : default;
        var a010 = r0 ? Vector512.Load(dw + 1 * cout) : default; var a011 = r0 ? Vector512.Load(dw + 1 * cout + 16) : default;
        var a020 = r0 ? Vector512.Load(dw + 2 * cout) : default; var a021 = r0 ? Vector512.Load(dw + 2 * cout + 16) : default;
        var a100 = r1 ? Vector512.Load(dw + 3 * cout) : default; var a101 = r1 ? Vector512.Load(dw + 3 * cout + 16) : default;
        var a110 = r1 ? Vector512.Load(dw + 4 * cout) : default; var a111 = r1 ? Vector512.Load(dw + 4 * cout + 16) : default;
        var a120 = r1 ? Vector512.Load(dw + 5 * cout) : default; var a121 = r1 ? Vector512.Load(dw + 5 * cout + 16) : default;
        var a200 = r2 ? Vector512.Load(dw + 6 * cout) : default; var a201 = r2 ? Vector512.Load(dw + 6 * cout + 16) : default;
        var a210 = r2 ? Vector512.Load(dw + 7 * cout) : default; var a211 = r2 ? Vector512.Load(dw + 7 * cout + 16) : default;
        var a220 = r2 ? Vector512.Load(dw + 8 * cout) : default; var a221 = r2 ? Vector512.Load(dw + 8 * cout + 16) : default;
        var a300 = r3 ? Vector512.Load(dw + 9 * cout) : default; var a301 = r3 ? Vector512.Load(dw + 9 * cout + 16) : default;
        var a310 = r3 ? Vector512.Load(dw + 10 * cout) : default; var a311 = r3 ? Vector512.Load(dw + 10 * cout + 16) : default;
        var a320 = r3 ? Vector512.Load(dw + 11 * cout) : default; var a321 = r3 ? Vector512.Load(dw + 11 * cout + 16) : default;
        for (int i = 0; i < images; i++, x += imageSize, dyt += tileStride)
        {
            float* d = dyt;
            for (int oy = 0; oy < ho; oy++)
            {
                long row = (long)stride * oy * wp;
                float* x0 = x + o0 + row, x1 = x + o1 + row, x2 = x + o2 + row, x3 = x + o3 + row;
                for (int ox = 0; ox < wo; ox++, d += 32, x0 += stride, x1 += stride, x2 += stride, x3 += stride)
                {
                    var d0 = Vector512.Load(d);
                    var d1 = Vector512.Load(d + 16);
                    Vector512<float> v;
                    v = Vector512.Create(x0[0]); a000 = Avx512F.FusedMultiplyAdd(v, d0, a000); a001 = Avx512F.FusedMultiplyAdd(v, d1, a001);
                    v = Vector512.Create(x0[1]); a010 = Avx512F.FusedMultiplyAdd(v, d0, a010); a011 = Avx512F.FusedMultiplyAdd(v, d1, a011);
                    v = Vector512.Create(x0[2]); a020 = Avx512F.FusedMultiplyAdd(v, d0, a020); a021 = Avx512F.FusedMultiplyAdd(v, d1, a021);
                    v = Vector512.Create(x1[0]); a100 = Avx512F.FusedMultiplyAdd(v, d0, a100); a101 = Avx512F.FusedMultiplyAdd(v, d1, a101);
                    v = Vector512.Create(x1[1]); a110 = Avx512F.FusedMultiplyAdd(v, d0, a110); a111 = Avx512F.FusedMultiplyAdd(v, d1, a111);
                    v = Vector512.Create(x1[2]); a120 = Avx512F.FusedMultiplyAdd(v, d0, a120); a121 = Avx512F.FusedMultiplyAdd(v, d1, a121);
                    v = Vector512.Create(x2[0]); a200 = Avx512F.FusedMultiplyAdd(v, d0, a200); a201 = Avx512F.FusedMultiplyAdd(v, d1, a201);
                    v = Vector512.Create(x2[1]); a210 = Avx512F.FusedMultiplyAdd(v, d0, a210); a211 = Avx512F.FusedMultiplyAdd(v, d1, a211);
                    v = Vector512.Create(x2[2]); a220 = Avx512F.FusedMultiplyAdd(v, d0, a220); a221 = Avx512F.FusedMultiplyAdd(v, d1, a221);
                    v = Vector512.Create(x3[0]); a300 = Avx512F.FusedMultiplyAdd(v, d0, a300); a301 = Avx512F.FusedMultiplyAdd(v, d1, a301);
                    v = Vector512.Create(x3[1]); a310 = Avx512F.FusedMultiplyAdd(v, d0, a310); a311 = Avx512F.FusedMultiplyAdd(v, d1, a311);
                    v = Vector512.Create(x3[2]); a320 = Avx512F.FusedMultiplyAdd(v, d0, a320); a321 = Avx512F.FusedMultiplyAdd(v, d1, a321);
                }
            }
        }
        if (r0) { a000.Store(dw + 0 * cout); a001.Store(dw + 0 * cout + 16); a010.Store(dw + 1 * cout); a011.Store(dw + 1 * cout + 16); a020.Store(dw + 2 * cout); a021.Store(dw + 2 * cout + 16); }
        if (r1) { a100.Store(dw + 3 * cout); a101.Store(dw + 3 * cout + 16); a110.Store(dw + 4 * cout); a111.Store(dw + 4 * cout + 16); a120.Store(dw + 5 * cout); a121.Store(dw + 5 * cout + 16); }
        if (r2) { a200.Store(dw + 6 * cout); a201.Store(dw + 6 * cout + 16); a210.Store(dw + 7 * cout); a211.Store(dw + 7 * cout + 16); a220.Store(dw + 8 * cout); a221.Store(dw + 8 * cout + 16); }
        if (r3) { a300.Store(dw + 9 * cout); a301.Store(dw + 9 * cout + 16); a310.Store(dw + 10 * cout); a311.Store(dw + 10 * cout + 16); a320.Store(dw + 11 * cout); a321.Store(dw + 11 * cout + 16); }
    }

    /// <summary>As <see cref="Block"/> for a 5×5 kernel: 2 tap rows × 5 kx (20 accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block5(float* x, int imageSize, int o0, int o1, int valid, float* dyt, long tileStride,
        int images, int ho, int wo, int wp, int stride, float* dw, int cout)
    {
        bool r0 = true, r1 = valid > 1;
        var a000 = r0 ? Vector512.Load(dw + 0 * cout) : default; var a001 = r0 ? Vector512.Load(dw + 0 * cout + 16) : default;
        var a010 = r0 ? Vector512.Load(dw + 1 * cout) : default; var a011 = r0 ? Vector512.Load(dw + 1 * cout + 16) : default;
        var a020 = r0 ? Vector512.Load(dw + 2 * cout) : default; var a021 = r0 ? Vector512.Load(dw + 2 * cout + 16) : default;
        var a030 = r0 ? Vector512.Load(dw + 3 * cout) : default; var a031 = r0 ? Vector512.Load(dw + 3 * cout + 16) : default;
        var a040 = r0 ? Vector512.Load(dw + 4 * cout) : default; var a041 = r0 ? Vector512.Load(dw + 4 * cout + 16) : default;
        var a100 = r1 ? Vector512.Load(dw + 5 * cout) : default; var a101 = r1 ? Vector512.Load(dw + 5 * cout + 16) : default;
        var a110 = r1 ? Vector512.Load(dw + 6 * cout) : default; var a111 = r1 ? Vector512.Load(dw + 6 * cout + 16) : default;
        var a120 = r1 ? Vector512.Load(dw + 7 * cout) : default; var a121 = r1 ? Vector512.Load(dw + 7 * cout + 16) : default;
        var a130 = r1 ? Vector512.Load(dw + 8 * cout) : default; var a131 = r1 ? Vector512.Load(dw + 8 * cout + 16) : default;
        var a140 = r1 ? Vector512.Load(dw + 9 * cout) : default; var a141 = r1 ? Vector512.Load(dw + 9 * cout + 16) : default;
        for (int i = 0; i < images; i++, x += imageSize, dyt += tileStride)
        {
            float* d = dyt;
            for (int oy = 0; oy < ho; oy++)
            {
                long row = (long)stride * oy * wp;
                float* x0 = x + o0 + row, x1 = x + o1 + row;
                for (int ox = 0; ox < wo; ox++, d += 32, x0 += stride, x1 += stride)
                {
                    var d0 = Vector512.Load(d);
                    var d1 = Vector512.Load(d + 16);
                    Vector512<float> v;
                    v = Vector512.Create(x0[0]); a000 = Avx512F.FusedMultiplyAdd(v, d0, a000); a001 = Avx512F.FusedMultiplyAdd(v, d1, a001);
                    v = Vector512.Create(x0[1]); a010 = Avx512F.FusedMultiplyAdd(v, d0, a010); a011 = Avx512F.FusedMultiplyAdd(v, d1, a011);
                    v = Vector512.Create(x0[2]); a020 = Avx512F.FusedMultiplyAdd(v, d0, a020); a021 = Avx512F.FusedMultiplyAdd(v, d1, a021);
                    v = Vector512.Create(x0[3]); a030 = Avx512F.FusedMultiplyAdd(v, d0, a030); a031 = Avx512F.FusedMultiplyAdd(v, d1, a031);
                    v = Vector512.Create(x0[4]); a040 = Avx512F.FusedMultiplyAdd(v, d0, a040); a041 = Avx512F.FusedMultiplyAdd(v, d1, a041);
                    v = Vector512.Create(x1[0]); a100 = Avx512F.FusedMultiplyAdd(v, d0, a100); a101 = Avx512F.FusedMultiplyAdd(v, d1, a101);
                    v = Vector512.Create(x1[1]); a110 = Avx512F.FusedMultiplyAdd(v, d0, a110); a111 = Avx512F.FusedMultiplyAdd(v, d1, a111);
                    v = Vector512.Create(x1[2]); a120 = Avx512F.FusedMultiplyAdd(v, d0, a120); a121 = Avx512F.FusedMultiplyAdd(v, d1, a121);
                    v = Vector512.Create(x1[3]); a130 = Avx512F.FusedMultiplyAdd(v, d0, a130); a131 = Avx512F.FusedMultiplyAdd(v, d1, a131);
                    v = Vector512.Create(x1[4]); a140 = Avx512F.FusedMultiplyAdd(v, d0, a140); a141 = Avx512F.FusedMultiplyAdd(v, d1, a141);
                }
            }
        }
        if (r0) { a000.Store(dw + 0 * cout); a001.Store(dw + 0 * cout + 16); a010.Store(dw + 1 * cout); a011.Store(dw + 1 * cout + 16); a020.Store(dw + 2 * cout); a021.Store(dw + 2 * cout + 16); a030.Store(dw + 3 * cout); a031.Store(dw + 3 * cout + 16); a040.Store(dw + 4 * cout); a041.Store(dw + 4 * cout + 16); }
        if (r1) { a100.Store(dw + 5 * cout); a101.Store(dw + 5 * cout + 16); a110.Store(dw + 6 * cout); a111.Store(dw + 6 * cout + 16); a120.Store(dw + 7 * cout); a121.Store(dw + 7 * cout + 16); a130.Store(dw + 8 * cout); a131.Store(dw + 8 * cout + 16); a140.Store(dw + 9 * cout); a141.Store(dw + 9 * cout + 16); }
    }

    /// <summary>gradWeight += Σ_w partial_w (transposed back from [tap][Cout]), gradBias likewise, in worker order.</summary>
    public void AddPartials(Span<float> gradWeight, Span<float> gradBias)
    {
        int taps = G.PatchSize, cout = G.OutChannels;
        for (int w = 0; w < WorkersUsed; w++)
        {
            float* partial = Scratch(w).Partial.Get(PartialSize);
            for (int co = 0; co < cout; co++)
            for (int t = 0; t < taps; t++) gradWeight[co * taps + t] += partial[t * cout + co];
            if (!gradBias.IsEmpty)
                for (int co = 0; co < cout; co++) gradBias[co] += partial[G.WeightSize + co];
        }
    }
}
