using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// The layout of the direct convolution path (<see cref="Conv2dDirect"/>): each image is "prepared" into row-shifted
/// planes so that every im2col row (a tap) is ONE contiguous run of Ho·Wo floats, which the kernels read with whole
/// vectors and never copy again.
/// Prepared image: [ci][a][kx][Hph][Wo] with plane(ci, a, kx)[y][ox] = xpad[ci][s·y + a][s·ox + kx], a = row phase
/// (0..s−1), Hph = Ho + ⌊(k−1)/s⌋. Tap (ci, ky, kx) at output position p = oy·Wo + ox is then
/// prepared[plane(ci, ky mod s, kx) + ⌊ky/s⌋·Wo + p]. For conv1 (2→32, 5×5/2 on 20×40) that is 4 800 floats per image,
/// built with masked loads straight from the input rows and an even/odd lane permute (stride 2).
/// Output positions are covered by 16-lane "slots": slot v starts at 16·v, the last at P − 16 (overlapping the one
/// before it): stores of it just write the same values again; where sums would count its repeated lanes twice they
/// are masked off.
/// Built once per geometry and shared read-only (no allocation in steady state).
/// </summary>
internal sealed unsafe class Conv2dDirectLayout
{
    public const int Lanes = 16;
    /// <summary>Images prepared together: their slots form one list, so register blocks need not fit one image.</summary>
    public const int ChunkImages = 6;
    /// <summary>Tap tables are padded (offset 0, zero weight) to a multiple of every tap block used (3 and 5).</summary>
    private const int TapPadding = 15;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Conv2dGeometry, Conv2dDirectLayout> Cache = new();

    public static Conv2dDirectLayout For(in Conv2dGeometry g) =>
        Cache.TryGetValue(g, out var layout) ? layout : Cache.GetOrAdd(g, new Conv2dDirectLayout(g));

    public readonly Conv2dGeometry G;
    /// <summary>Output positions per image, Ho·Wo (at least 16).</summary>
    public readonly int Positions;
    /// <summary>Slots per image: ⌈P/16⌉.</summary>
    public readonly int SlotsPerImage;
    public readonly int PlaneRows, PlaneSize, PreparedImageSize;
    public readonly int Taps, TapsPadded;
    /// <summary>Floats of one image's dcol (backward data): [TapsPadded][P].</summary>
    public readonly int DcolImageSize;
    /// <summary>Readable floats a dcol buffer needs before its first and after its last image: the stride-2 gather loads
    /// whole vectors reaching up to (k−1)/2 floats before an image's first position and (k−1)/2 + 31 past its last
    /// (k ≤ 32, see <see cref="Conv2dDirect.Supports"/>), and clears those lanes afterwards.</summary>
    public const int DcolGuard = 4 * Lanes;

    /// <summary>Offset of tap t's run in a prepared image; padding taps point at 0.</summary>
    public readonly int* TapOffsets;
    /// <summary>Per slot of a chunk (image i, slot v): offset of its first position in the prepared chunk / in the NCHW output chunk (channel 0); and its mask index.</summary>
    public readonly int* SlotIn, SlotOut, SlotMask;
    /// <summary>Per slot of a chunk: offset of its first position in the chunk's dcol (tap 0).</summary>
    public readonly int* SlotCol;
    /// <summary>Masks[16·m ..]: m = 0 all lanes, 1 the last slot's new lanes only (the weight gradient's positions-in-lanes form).</summary>
    public readonly float* Masks;

    public const int AllLanes = 0, TailLanes = 1;

    private readonly List<GCHandle> pins = [];

    private Conv2dDirectLayout(in Conv2dGeometry g)
    {
        G = g;
        int s = g.Stride, k = g.Kernel;
        Positions = g.OutPlaneSize;
        if (Positions < Lanes) throw new ArgumentException($"Conv2dDirect: {Positions} output positions, need at least {Lanes}.");
        SlotsPerImage = (Positions + Lanes - 1) / Lanes;
        PlaneRows = g.OutHeight + (k - 1) / s;
        PlaneSize = PlaneRows * g.OutWidth;
        PreparedImageSize = g.InChannels * s * k * PlaneSize;
        Taps = g.PatchSize;
        TapsPadded = (Taps + TapPadding - 1) / TapPadding * TapPadding;
        DcolImageSize = TapsPadded * Positions;

        TapOffsets = Pinned<int>(TapsPadded);
        for (int t = 0; t < Taps; t++)
        {
            int ci = t / (k * k), ky = t / k % k, kx = t % k;
            TapOffsets[t] = ((ci * s + ky % s) * k + kx) * PlaneSize + ky / s * g.OutWidth;
        }

        int slots = ChunkImages * SlotsPerImage;
        SlotIn = Pinned<int>(slots);
        SlotOut = Pinned<int>(slots);
        SlotMask = Pinned<int>(slots);
        SlotCol = Pinned<int>(slots);
        bool ragged = Positions % Lanes != 0;
        for (int i = 0, j = 0; i < ChunkImages; i++)
        for (int v = 0; v < SlotsPerImage; v++, j++)
        {
            int start = SlotStart(v);
            SlotIn[j] = i * PreparedImageSize + start;
            SlotOut[j] = i * g.OutputImageSize + start;
            SlotCol[j] = i * DcolImageSize + start;
            SlotMask[j] = ragged && v == SlotsPerImage - 1 ? TailLanes : AllLanes;
        }

        Masks = AlignedTable(2 * Lanes);
        float ones = BitConverter.Int32BitsToSingle(-1);
        int duplicated = (SlotsPerImage - 1) * Lanes - (Positions - Lanes); // lanes of the last slot already covered
        for (int j = 0; j < Lanes; j++)
        {
            Masks[AllLanes * Lanes + j] = ones;
            Masks[TailLanes * Lanes + j] = ragged && j < duplicated ? 0f : ones;
        }
        if (s == 2) BuildStride2Masks();
    }

    /// <summary>First output position of slot v of an image.</summary>
    public int SlotStart(int v) => v < SlotsPerImage - 1 ? v * Lanes : Positions - Lanes;

    private T* Pinned<T>(int length) where T : unmanaged
    {
        var array = new T[length];
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        pins.Add(handle);
        return (T*)handle.AddrOfPinnedObject();
    }

    ~Conv2dDirectLayout()
    {
        foreach (var h in pins) h.Free();
    }

    /// <summary>Writes one image (Cin, H, W) into the prepared layout (all of it: padding runs become zeros).</summary>
    public void PrepareImage(float* image, float* prepared)
    {
        var g = G;
        int s = g.Stride, k = g.Kernel, wo = g.OutWidth, ps = PlaneSize, blocks = OutBlocks;
        for (int ci = 0; ci < g.InChannels; ci++)
        {
            float* src = image + ci * g.Height * g.Width;
            for (int a = 0; a < s; a++)
            {
                float* planes = prepared + (ci * s + a) * k * ps;
                for (int y = 0; y < PlaneRows; y++)
                {
                    int iy = s * y + a - g.Pad;
                    float* dst = planes + y * wo;
                    bool inside = iy >= 0 && iy < g.Height;
                    float* row = src + iy * g.Width;
                    if (s == 2)
                    {
                        // plane(kx)[ox] = x[2·ox + kx − pad] = E[ox + kx/2] (kx even) or O[ox + kx/2] (kx odd), with E and O
                        // the even and odd padded columns: two masked loads straight from the input row per 16 of each
                        // (the masks supply the zero padding), then per kx one lane shift across two blocks and one
                        // masked store. All in registers: a round trip through a row buffer stalled on store forwarding.
                        var (e0, o0) = inside ? EvenOdd(row, 0) : (default, default);
                        for (int b = 0; b < blocks; b++)
                        {
                            var (e1, o1) = inside ? EvenOdd(row, b + 1) : (default, default);
                            var store = Vector512.Load(StoreMasks + b * Lanes);
                            float* d = dst + 16 * b;
                            for (int kx = 0; kx < k; kx++, d += ps)
                            {
                                var shift = Vector512.Load(ShiftLanes + kx / 2 * Lanes).AsInt32();
                                var v = (kx & 1) == 0 ? Avx512F.PermuteVar16x32x2(e0, shift, e1) : Avx512F.PermuteVar16x32x2(o0, shift, o1);
                                Avx512F.MaskStore(d, store, v);
                            }
                            (e0, o0) = (e1, o1);
                        }
                    }
                    else
                        for (int kx = 0; kx < k; kx++)
                        for (int ox = 0; ox < wo; ox++)
                        {
                            int ix = s * ox + kx - g.Pad;
                            dst[kx * ps + ox] = inside && ix >= 0 && ix < g.Width ? row[ix] : 0f;
                        }
                }
            }
        }
    }

    /// <summary>
    /// col2im from a dcol image ([TapsPadded][P], tap t's gradient at each output position) onto the input image
    /// (Cin, H, W, overwritten): dX[ci, iy, ix] = Σ over taps (ky, kx) and outputs (oy, ox) with s·oy + ky = iy + pad and
    /// s·ox + kx = ix + pad of dcol. Stride 2 gathers whole rows in registers (<see cref="GatherRowStride2"/>) and reads
    /// up to <see cref="DcolGuard"/> floats outside the dcol image; other strides take the plain loop (only the tests run
    /// them).
    /// </summary>
    public void ExtractImage(float* dcol, float* image)
    {
        var g = G;
        int s = g.Stride, k = g.Kernel, ho = g.OutHeight, wo = g.OutWidth, p = Positions, kk = k * k;
        for (int ci = 0; ci < g.InChannels; ci++)
        {
            float* dstImage = image + ci * g.Height * g.Width;
            float* dc = dcol + (long)ci * kk * p;
            for (int iy = 0; iy < g.Height; iy++)
            {
                int r = iy + g.Pad;
                float* dst = dstImage + iy * g.Width;
                if (s == 2)
                    GatherRowStride2(dc, r, dst);
                else
                    for (int ix = 0; ix < g.Width; ix++)
                    {
                        float sum = 0;
                        int cx = ix + g.Pad;
                        for (int ky = r % s; ky < k; ky += s)
                        {
                            int oy = (r - ky) / s;
                            if (oy < 0 || oy >= ho) continue;
                            for (int kx = cx % s; kx < k; kx += s)
                            {
                                int ox = (cx - kx) / s;
                                if (ox >= 0 && ox < wo) sum += dc[(long)(ky * k + kx) * p + oy * wo + ox];
                            }
                        }
                        dst[ix] = sum;
                    }
            }
        }
    }

    /// <summary>
    /// Stride-2 col2im of padded input row r into dst (the image row, padding columns dropped). Padded columns
    /// 32b .. 32b+31: the even ones j = 16b + ℓ gather from even kx, the odd ones from odd kx, over the taps (ky, kx) with
    /// ky ≡ r (mod 2) and 0 ≤ oy = y − ky/2 &lt; Ho, i.e. ky in [kyLo, kyHi] step 2. Each tap is a whole-vector load
    /// at its shift with the lanes outside the output row cleared by an AND mask (no scatter, no read-back, and no
    /// mask-register conversion per load as with AVX-512 masked loads); the row is interleaved in registers and stored
    /// once. Blocks go in pairs so that one tap's address and ky range serve 64 columns (the pair's second block past
    /// the row has all-zero masks). Against one block at a time with masked loads, conv1's gather alone (one thread,
    /// 4096 images, dX writes included) went from 5.1–7.0 ms to 4.4–4.5 ms.
    /// </summary>
    private void GatherRowStride2(float* dc, int r, float* dst)
    {
        var g = G;
        int k = g.Kernel, wo = g.OutWidth, ho = g.OutHeight, p = Positions, blocks = RowBlocks, maskRow = (RowBlocks + 1) * Lanes;
        int a = r & 1, y = r >> 1;
        int kyLo = Math.Max(a, a + 2 * (y - ho + 1)), kyHi = Math.Min(k - 1, 2 * y + a);
        long step = 2L * k * p - wo; // ky + 2: two kernel rows on, one output row up
        for (int b = 0; b < blocks; b += 2)
        {
            Vector512<float> even0 = default, odd0 = default, even1 = default, odd1 = default;
            // tap (ky, kx) at output row y − ky/2, column 16b + ℓ − kx/2: (ky·k + kx)·P + (y − ky/2)·Wo + 16b + ℓ − kx/2
            float* first = dc + (long)kyLo * k * p + (y - kyLo / 2) * wo + 16 * b;
            float* masks = GatherMasks + b * Lanes;
            for (int kx = 0; kx < k; kx++, masks += maskRow)
            {
                var m0 = Vector512.Load(masks);
                var m1 = Vector512.Load(masks + Lanes);
                float* q = first + (long)kx * p - kx / 2;
                Vector512<float> s0 = default, s1 = default;
                for (int ky = kyLo; ky <= kyHi; ky += 2, q += step)
                {
                    s0 += Vector512.Load(q) & m0;
                    s1 += Vector512.Load(q + Lanes) & m1;
                }
                if ((kx & 1) == 0) { even0 += s0; even1 += s1; }
                else { odd0 += s0; odd1 += s1; }
            }
            StoreRowBlock(dst, b, even0, odd0);
            if (b + 1 < blocks) StoreRowBlock(dst, b + 1, even1, odd1);
        }
    }

    /// <summary>Interleaves the even and odd padded columns of block b and stores the ones inside the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreRowBlock(float* dst, int b, Vector512<float> even, Vector512<float> odd)
    {
        float* c = dst + 32 * b - G.Pad;
        Avx512F.MaskStore(c, Vector512.Load(RowMasks + 2 * b * Lanes), Avx512F.PermuteVar16x32x2(even, InterleaveLow, odd));
        Avx512F.MaskStore(c + Lanes, Vector512.Load(RowMasks + (2 * b + 1) * Lanes), Avx512F.PermuteVar16x32x2(even, InterleaveHigh, odd));
    }

    /// <summary>Even and odd padded columns 32b .. 32b+31 of an input row (zero outside the row), 16 of each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (Vector512<float> Even, Vector512<float> Odd) EvenOdd(float* row, int b)
    {
        float* m = PrepMasks + 2 * b * Lanes;
        int c0 = 32 * b - G.Pad;
        var lo = Avx512F.MaskLoad(row + c0, Vector512.Load(m), Vector512<float>.Zero);
        var hi = Avx512F.MaskLoad(row + c0 + 16, Vector512.Load(m + Lanes), Vector512<float>.Zero);
        return (Avx512F.PermuteVar16x32x2(lo, EvenLanes, hi), Avx512F.PermuteVar16x32x2(lo, OddLanes, hi));
    }

    /// <summary>16-column blocks of an output row (stride-2 prepare).</summary>
    private int OutBlocks => (G.OutWidth + Lanes - 1) / Lanes;
    /// <summary>32-column blocks of a padded input row (stride-2 col2im).</summary>
    private int RowBlocks => (G.Width + 2 * G.Pad + 31) / 32;

    /// <summary>Stride-2 lane masks: PrepMasks[b][lo/hi] padded column 32b + ℓ − pad inside the row (b ≤ OutBlocks);
    /// ShiftLanes[sh] lane indices sh .. sh+15 (a shift across two blocks); StoreMasks[b] ox &lt; Wo;
    /// GatherMasks[kx][b] 0 ≤ j − kx/2 &lt; Wo (b ≤ RowBlocks, the last all zero); RowMasks[b][half] padded column inside the row.</summary>
    private float* PrepMasks, ShiftLanes, StoreMasks, GatherMasks, RowMasks;

    private void BuildStride2Masks()
    {
        var g = G;
        int k = g.Kernel, ob = OutBlocks, rb = RowBlocks;
        float ones = BitConverter.Int32BitsToSingle(-1);
        PrepMasks = AlignedTable((ob + 1) * 2 * Lanes);
        ShiftLanes = AlignedTable(((k - 1) / 2 + 1) * Lanes);
        StoreMasks = AlignedTable(ob * Lanes);
        GatherMasks = AlignedTable(k * (rb + 1) * Lanes); // one all-zero block past the last per kx (blocks go in pairs)
        RowMasks = AlignedTable(rb * 2 * Lanes);
        for (int b = 0; b <= ob; b++)
        for (int l = 0; l < 2 * Lanes; l++)
        {
            int c = 32 * b - g.Pad + l;
            PrepMasks[b * 2 * Lanes + l] = c >= 0 && c < g.Width ? ones : 0f;
        }
        for (int sh = 0; sh <= (k - 1) / 2; sh++)
        for (int l = 0; l < Lanes; l++) ((int*)ShiftLanes)[sh * Lanes + l] = sh + l;
        for (int b = 0; b < ob; b++)
        for (int l = 0; l < Lanes; l++) StoreMasks[b * Lanes + l] = 16 * b + l < g.OutWidth ? ones : 0f;
        for (int kx = 0; kx < k; kx++)
        for (int b = 0; b < rb; b++)
        for (int l = 0; l < Lanes; l++)
        {
            int ox = 16 * b + l - kx / 2;
            GatherMasks[(kx * (rb + 1) + b) * Lanes + l] = ox >= 0 && ox < g.OutWidth ? ones : 0f;
        }
        for (int b = 0; b < rb; b++)
        for (int l = 0; l < 2 * Lanes; l++)
        {
            int c = 32 * b + l - g.Pad;
            RowMasks[b * 2 * Lanes + l] = c >= 0 && c < g.Width ? ones : 0f;
        }
    }

    private float* AlignedTable(int length)
    {
        float* table = Pinned<float>(length + Lanes);
        return (float*)(((nint)table + 63) & ~(nint)63);
    }

    private static readonly Vector512<int> EvenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private static readonly Vector512<int> OddLanes = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    private static readonly Vector512<int> InterleaveLow = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    private static readonly Vector512<int> InterleaveHigh = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}
