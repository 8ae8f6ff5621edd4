namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous "sliver" order the micro-kernel streams:
/// A as MR-row slivers (for each p: MR values), B as NR-column slivers (for each p: NR values).
/// Edges are zero-padded to a whole sliver, so the micro-kernel never branches on size.
/// Packing also absorbs the transposes: after it, every GEMM is the same NN product.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs rows [i0, i0+mc) × inner [p0, p0+kc) of op(A) into dest (ceil(mc/mr)·kc·mr floats).</summary>
    public static void PackA(int mc, int kc, int mr, float* a, int lda, bool transA, int i0, int p0, float* dest)
    {
        for (int s = 0; s < mc; s += mr)
        {
            int rows = Math.Min(mr, mc - s);
            float* d = dest + (long)s * kc;
            if (transA)
            {
                // A is stored k×m: the MR values of one p are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (long)(p0 + p) * lda + i0 + s;
                    float* row = d + p * mr;
                    int r = 0;
                    for (; r < rows; r++) row[r] = src[r];
                    for (; r < mr; r++) row[r] = 0;
                }
            }
            else
            {
                // A is stored m×k: read each row contiguously, write with stride MR.
                for (int r = 0; r < rows; r++)
                {
                    float* src = a + (long)(i0 + s + r) * lda + p0;
                    for (int p = 0; p < kc; p++) d[p * mr + r] = src[p];
                }
                for (int r = rows; r < mr; r++)
                    for (int p = 0; p < kc; p++) d[p * mr + r] = 0;
            }
        }
    }

    /// <summary>Packs inner [p0, p0+kc) × columns [j0, j0+nc) of op(B) into dest (ceil(nc/nr)·kc·nr floats).</summary>
    public static void PackB(int kc, int nc, int nr, float* b, int ldb, bool transB, int p0, int j0, float* dest)
    {
        for (int s = 0; s < nc; s += nr)
        {
            int cols = Math.Min(nr, nc - s);
            float* d = dest + (long)s * kc;
            if (!transB)
            {
                // B is stored k×n: the NR values of one p are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)(p0 + p) * ldb + j0 + s;
                    float* row = d + p * nr;
                    if (cols == nr)
                        new ReadOnlySpan<float>(src, nr).CopyTo(new Span<float>(row, nr));
                    else
                    {
                        int c = 0;
                        for (; c < cols; c++) row[c] = src[c];
                        for (; c < nr; c++) row[c] = 0;
                    }
                }
            }
            else
            {
                // B is stored n×k: read each column of op(B) contiguously, write with stride NR.
                for (int c = 0; c < cols; c++)
                {
                    float* src = b + (long)(j0 + s + c) * ldb + p0;
                    for (int p = 0; p < kc; p++) d[p * nr + c] = src[p];
                }
                for (int c = cols; c < nr; c++)
                    for (int p = 0; p < kc; p++) d[p * nr + c] = 0;
            }
        }
    }
}
