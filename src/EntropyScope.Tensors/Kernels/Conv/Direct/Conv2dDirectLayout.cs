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
/// built from one even/odd split per padded row (AVX-512 lane permutes) and k short copies.
/// Output positions are covered by 16-lane "slots": slot v starts at 16·v, the last at P − 16 (overlapping the one
/// before it); its duplicated lanes are masked where sums would count them twice.
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
    /// <summary>Padded input row (W + 2·pad) rounded up to 32 floats: one even/odd split per 32.</summary>
    public readonly int RowLength;

    /// <summary>Offset of tap t's run in a prepared image; padding taps point at 0.</summary>
    public readonly int* TapOffsets;
    /// <summary>Per slot of a chunk (image i, slot v): offset of its first position in the prepared chunk / in the NCHW output chunk (channel 0); and its mask index.</summary>
    public readonly int* SlotIn, SlotOut, SlotMask;
    /// <summary>Masks[16·m ..]: m = 0 all lanes, 1 the last slot's new lanes only, 2 none (padding slots).</summary>
    public readonly float* Masks;

    public const int AllLanes = 0, TailLanes = 1, NoLanes = 2;

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
        RowLength = (g.Width + 2 * g.Pad + 31) / 32 * 32;

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
        bool ragged = Positions % Lanes != 0;
        for (int i = 0, j = 0; i < ChunkImages; i++)
        for (int v = 0; v < SlotsPerImage; v++, j++)
        {
            int start = SlotStart(v);
            SlotIn[j] = i * PreparedImageSize + start;
            SlotOut[j] = i * g.OutputImageSize + start;
            SlotMask[j] = ragged && v == SlotsPerImage - 1 ? TailLanes : AllLanes;
        }

        Masks = Pinned<float>(3 * Lanes + Lanes); // + slack so that the table itself can be 64-byte aligned
        Masks = (float*)(((nint)Masks + 63) & ~(nint)63);
        float ones = BitConverter.Int32BitsToSingle(-1);
        int duplicated = (SlotsPerImage - 1) * Lanes - (Positions - Lanes); // lanes of the last slot already covered
        for (int j = 0; j < Lanes; j++)
        {
            Masks[AllLanes * Lanes + j] = ones;
            Masks[TailLanes * Lanes + j] = ragged && j < duplicated ? 0f : ones;
            Masks[NoLanes * Lanes + j] = 0f;
        }
    }

    /// <summary>First output position of slot v of an image.</summary>
    public int SlotStart(int v) => v < SlotsPerImage - 1 ? v * Lanes : Positions - Lanes;

    /// <summary>Floats of per-worker row scratch for <see cref="PrepareImage"/> / <see cref="ExtractImage"/>.</summary>
    public int RowScratchSize => 2 * RowLength;

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
    public void PrepareImage(float* image, float* prepared, float* rowScratch)
    {
        var g = G;
        int s = g.Stride, k = g.Kernel, wo = g.OutWidth, ps = PlaneSize, half = RowLength / 2;
        float* row = rowScratch, even = rowScratch + RowLength, odd = even + half;
        new Span<float>(row, RowLength).Clear(); // the padding columns stay zero: only [pad, pad + W) is written below
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
                    if (iy < 0 || iy >= g.Height)
                    {
                        for (int kx = 0; kx < k; kx++) new Span<float>(dst + kx * ps, wo).Clear();
                        continue;
                    }
                    RunCopy.Exact(src + iy * g.Width, row + g.Pad, g.Width);
                    if (s == 2)
                    {
                        // xpad[2j] and xpad[2j+1] as two contiguous rows; then each kx is a run of either.
                        for (int j = 0; j < RowLength; j += 32)
                        {
                            var lo = Vector512.Load(row + j);
                            var hi = Vector512.Load(row + j + 16);
                            Avx512F.PermuteVar16x32x2(lo, EvenLanes, hi).Store(even + j / 2);
                            Avx512F.PermuteVar16x32x2(lo, OddLanes, hi).Store(odd + j / 2);
                        }
                        for (int kx = 0; kx < k; kx++) RunCopy.Exact(((kx & 1) == 0 ? even : odd) + kx / 2, dst + kx * ps, wo);
                    }
                    else if (s == 1)
                        for (int kx = 0; kx < k; kx++) RunCopy.Exact(row + kx, dst + kx * ps, wo);
                    else
                        for (int kx = 0; kx < k; kx++)
                        for (int ox = 0; ox < wo; ox++) dst[kx * ps + ox] = row[s * ox + kx];
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="PrepareImage"/> restricted to the image: image (Cin, H, W, overwritten) = the sum of the
    /// prepared-layout gradient over every place each input pixel was copied to. Padding positions are dropped.
    /// </summary>
    public void ExtractImage(float* prepared, float* image, float* rowScratch)
    {
        var g = G;
        int s = g.Stride, k = g.Kernel, wo = g.OutWidth, ps = PlaneSize, half = RowLength / 2;
        float* row = rowScratch, even = rowScratch + RowLength, odd = even + half;
        for (int ci = 0; ci < g.InChannels; ci++)
        {
            float* dstImage = image + ci * g.Height * g.Width;
            for (int iy = 0; iy < g.Height; iy++)
            {
                int r = iy + g.Pad, a = r % s, y = r / s;
                float* dst = dstImage + iy * g.Width;
                if (y >= PlaneRows)
                {
                    new Span<float>(dst, g.Width).Clear(); // a row no output reads
                    continue;
                }
                float* planes = prepared + (ci * s + a) * k * ps + y * wo;
                if (s == 2)
                {
                    new Span<float>(even, RowLength).Clear(); // even and odd are adjacent
                    for (int kx = 0; kx < k; kx++) AddRun(planes + kx * ps, ((kx & 1) == 0 ? even : odd) + kx / 2, wo);
                    for (int j = 0; j < RowLength; j += 32)
                    {
                        var e = Vector512.Load(even + j / 2);
                        var o = Vector512.Load(odd + j / 2);
                        Avx512F.PermuteVar16x32x2(e, InterleaveLow, o).Store(row + j);
                        Avx512F.PermuteVar16x32x2(e, InterleaveHigh, o).Store(row + j + 16);
                    }
                }
                else
                {
                    new Span<float>(row, RowLength).Clear();
                    if (s == 1)
                        for (int kx = 0; kx < k; kx++) AddRun(planes + kx * ps, row + kx, wo);
                    else
                        for (int kx = 0; kx < k; kx++)
                        for (int ox = 0; ox < wo; ox++) row[s * ox + kx] += planes[kx * ps + ox];
                }
                RunCopy.Exact(row + g.Pad, dst, g.Width);
            }
        }
    }

    /// <summary>dst[0..n) += src[0..n), no lane touched twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRun(float* src, float* dst, int n)
    {
        int j = 0;
        for (; j + 16 <= n; j += 16) (Vector512.Load(dst + j) + Vector512.Load(src + j)).Store(dst + j);
        if (j + 8 <= n)
        {
            (Vector256.Load(dst + j) + Vector256.Load(src + j)).Store(dst + j);
            j += 8;
        }
        for (; j < n; j++) dst[j] += src[j];
    }

    private static readonly Vector512<int> EvenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private static readonly Vector512<int> OddLanes = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    private static readonly Vector512<int> InterleaveLow = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    private static readonly Vector512<int> InterleaveHigh = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}
