using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// A matrix given by offset tables: element (r, c) = Base[RowOffsets[r] + ColumnOffsets[c]]. With a zero-padded image
/// as Base, tap offsets as rows and pixel offsets as columns this IS the im2col matrix, without ever writing it out:
/// packing reads it straight from the image (implicit im2col). A dense row-major matrix is rows r·ld, columns c.
/// </summary>
internal readonly unsafe struct OffsetMatrix(float* @base, int* rowOffsets, int* columnOffsets)
{
    public readonly float* Base = @base;
    public readonly int* RowOffsets = rowOffsets;
    public readonly int* ColumnOffsets = columnOffsets;

    public float this[int r, int c] => Base[RowOffsets[r] + ColumnOffsets[c]];
}

/// <summary>GEMM operands given as offset matrices; packing gathers 8 lanes at a time (AVX2 gather) into the sliver order.</summary>
internal readonly unsafe struct OffsetOperands(OffsetMatrix a, OffsetMatrix b) : IGemmOperands
{
    public void PackA(int mc, int kc, int mr, int i0, int p0, float* dest)
    {
        for (int s = 0; s < mc; s += mr)
        {
            int rows = Math.Min(mr, mc - s);
            float* d = dest + (long)s * kc;
            if (rows == 8 && mr == 8 && Avx2.IsSupported)
            {
                // One sliver column (8 rows of A at inner index p) is one gather with fixed row offsets.
                var rowIndex = Vector256.Load(a.RowOffsets + i0 + s);
                for (int p = 0; p < kc; p++)
                    Avx2.GatherVector256(a.Base + a.ColumnOffsets[p0 + p], rowIndex, 4).Store(d + p * 8);
            }
            else
            {
                for (int p = 0; p < kc; p++)
                for (int r = 0; r < mr; r++)
                    d[p * mr + r] = r < rows ? a[i0 + s + r, p0 + p] : 0;
            }
        }
    }

    public void PackB(int kc, int nc, int nr, int p0, int j0, float* dest)
    {
        for (int s = 0; s < nc; s += nr)
        {
            int cols = Math.Min(nr, nc - s);
            float* d = dest + (long)s * kc;
            if (cols == nr && nr % 8 == 0 && Avx2.IsSupported)
            {
                // One sliver row (NR columns of B at inner index p) is NR/8 gathers with fixed column offsets.
                int* columns = b.ColumnOffsets + j0 + s;
                for (int p = 0; p < kc; p++)
                {
                    float* row = b.Base + b.RowOffsets[p0 + p];
                    for (int v = 0; v < nr; v += 8)
                        Avx2.GatherVector256(row, Vector256.Load(columns + v), 4).Store(d + p * nr + v);
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                for (int c = 0; c < nr; c++)
                    d[p * nr + c] = c < cols ? b[p0 + p, j0 + s + c] : 0;
            }
        }
    }
}
