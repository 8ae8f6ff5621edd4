namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Operands of the weight-gradient GEMM dW (Cout × Cin·k²) += dY (Cout × positions) · col(X)ᵀ (positions × Cin·k²).
/// The inner index runs over each image's output GRID: Ho rows of Wph positions (the prepared planes' row stride), padded
/// to a multiple of 8, where dY is zero off the Ho × Wo outputs. On that grid every im2col row is one contiguous run per
/// image, so col(X)ᵀ packs by 8×8 register transposes straight from the prepared images. The extra grid positions cost
/// (Wph − Wo)/Wph of the FMAs; they read real (finite) input values multiplied by dY = 0.
/// </summary>
internal readonly unsafe struct Conv2dWeightGradOperands(float* gradGrid, int positions, float* prepared, ConvIndexTables tables) : IGemmOperands
{
    public void PackA(int mc, int kc, int mr, int i0, int p0, float* dest) =>
        GemmPacking.PackA(mc, kc, mr, gradGrid, positions, false, i0, p0, dest);

    /// <summary>B[r, t] = prepared[image(r)·imageSize + taps[t] + r mod GridRun]; kc and p0 are multiples of 8 and GridRun is too.</summary>
    public void PackB(int kc, int nc, int nr, int p0, int j0, float* dest)
    {
        int run = tables.GridRun, imageSize = tables.PreparedImageSize;
        int* taps = tables.Taps;
        for (int s = 0; s < nc; s += nr)
        {
            int cols = Math.Min(nr, nc - s);
            float* d = dest + (long)s * kc;
            for (int p = 0; p < kc; p += 8)
            {
                int r = p0 + p;
                float* image = prepared + (long)(r / run) * imageSize + r % run;
                int c = 0;
                if (Transpose8x8.IsSupported)
                    for (; c + 8 <= cols; c += 8)
                    {
                        int* t = taps + j0 + s + c;
                        Transpose8x8.Run(image + t[0], image + t[1], image + t[2], image + t[3],
                            image + t[4], image + t[5], image + t[6], image + t[7], d + p * nr + c, nr);
                    }
                for (int pp = p; pp < p + 8; pp++)
                {
                    float* row = d + pp * nr;
                    for (int cc = c; cc < cols; cc++) row[cc] = image[taps[j0 + s + cc] + pp - p];
                    for (int cc = cols; cc < nr; cc++) row[cc] = 0;
                }
            }
        }
    }
}
