namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Where the blocked GEMM driver gets op(A) and op(B) from: each implementation packs a block of one operand into
/// the sliver order of <see cref="GemmPacking"/>. The driver is generic over this (a struct), so the JIT compiles one
/// specialised copy per operand kind with no virtual calls.
/// </summary>
internal unsafe interface IGemmOperands
{
    /// <summary>Pack op(A) rows [i0, i0+mc) × inner [p0, p0+kc) as MR-row slivers, zero-padded.</summary>
    void PackA(int mc, int kc, int mr, int i0, int p0, float* dest);

    /// <summary>Pack op(B) inner [p0, p0+kc) × columns [j0, j0+nc) as NR-column slivers, zero-padded.</summary>
    void PackB(int kc, int nc, int nr, int p0, int j0, float* dest);
}

/// <summary>Ordinary row-major matrices with leading dimensions and optional transposes (the public GEMM).</summary>
internal readonly unsafe struct DenseOperands(float* a, int lda, bool transA, float* b, int ldb, bool transB) : IGemmOperands
{
    public void PackA(int mc, int kc, int mr, int i0, int p0, float* dest) => GemmPacking.PackA(mc, kc, mr, a, lda, transA, i0, p0, dest);
    public void PackB(int kc, int nc, int nr, int p0, int j0, float* dest) => GemmPacking.PackB(kc, nc, nr, b, ldb, transB, p0, j0, dest);
}
