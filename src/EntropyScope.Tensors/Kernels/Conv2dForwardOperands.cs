using System.Runtime.Intrinsics;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Operands of the forward convolution GEMM: A = weights (Cout × Cin·k², dense), B = im2col of the prepared image group,
/// packed straight from the images: each sliver row is a few contiguous runs (one per output row inside the sliver),
/// copied with whole vectors. A run's vector may overshoot; the next run, the next row or the edge clearing overwrites it.
/// </summary>
internal readonly unsafe struct Conv2dForwardOperands(float* weight, int patchSize, float* prepared, ConvIndexTables tables) : IGemmOperands
{
    public void PackA(int mc, int kc, int mr, int i0, int p0, float* dest) =>
        GemmPacking.PackA(mc, kc, mr, weight, patchSize, false, i0, p0, dest);

    public void PackB(int kc, int nc, int nr, int p0, int j0, float* dest)
    {
        int* taps = tables.Taps + p0;
        for (int s = 0; s < nc; s += nr)
        {
            int cols = Math.Min(nr, nc - s);
            int q = (j0 + s) / nr;
            int first = tables.SliverRuns[q], last = tables.SliverRuns[q + 1];
            float* d = dest + (long)s * kc;
            for (int p = 0; p < kc; p++)
            {
                float* src = prepared + taps[p];
                float* row = d + p * nr;
                for (int r = first; r < last; r++)
                {
                    int column = tables.RunColumn[r];
                    if (column >= cols) break;
                    CopyRun(src + tables.RunSource[r], row + column, Math.Min(tables.RunLength[r], cols - column));
                }
                for (int c = cols; c < nr; c++) row[c] = 0;
            }
        }
    }

    /// <summary>Copies n floats in whole vectors (may write up to one vector past n; the caller overwrites that later).</summary>
    private static void CopyRun(float* src, float* dst, int n)
    {
        if (Vector512.IsHardwareAccelerated)
            for (int i = 0; i < n; i += 16) Vector512.Load(src + i).Store(dst + i);
        else
            for (int i = 0; i < n; i += 8) Vector256.Load(src + i).Store(dst + i);
    }
}
