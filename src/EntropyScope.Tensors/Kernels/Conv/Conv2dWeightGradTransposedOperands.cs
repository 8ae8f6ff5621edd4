namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// The weight-gradient product the other way round, dWᵀ (Cin·k² × Cout) += col(X) · dYᵀ, on the same output grid as
/// <see cref="Conv2dWeightGradOperands"/>. Used when Cin·k² is not a multiple of NR but Cout is (conv1: 50 taps, 32
/// channels): the ragged dimension then meets the 8-row tile instead of the 32-column one, which wastes less.
/// </summary>
internal readonly unsafe struct Conv2dWeightGradTransposedOperands(float* gradGrid, int positions, float* prepared, ConvIndexTables tables) : IGemmOperands
{
    /// <summary>A[t, r] = prepared[image(r)·imageSize + taps[t] + r mod GridRun]: 8 tap rows at a time, transposed in registers.</summary>
    public void PackA(int mc, int kc, int mr, int i0, int p0, float* dest)
    {
        int run = tables.GridRun, imageSize = tables.PreparedImageSize;
        int* taps = tables.Taps + i0;
        for (int s = 0; s < mc; s += mr)
        {
            int rows = Math.Min(mr, mc - s);
            float* d = dest + (long)s * kc;
            int* t = taps + s;
            for (int p = 0; p < kc; p += 8)
            {
                int r = p0 + p;
                float* image = prepared + (long)(r / run) * imageSize + r % run;
                if (rows == 8 && mr == 8 && Transpose8x8.IsSupported)
                {
                    Transpose8x8.Run(image + t[0], image + t[1], image + t[2], image + t[3],
                        image + t[4], image + t[5], image + t[6], image + t[7], d + p * 8, 8);
                    continue;
                }
                for (int pp = p; pp < p + 8; pp++)
                for (int i = 0; i < mr; i++)
                    d[pp * mr + i] = i < rows ? image[t[i] + pp - p] : 0;
            }
        }
    }

    /// <summary>B = dYᵀ: the grid (Cout × positions) read transposed.</summary>
    public void PackB(int kc, int nc, int nr, int p0, int j0, float* dest) =>
        GemmPacking.PackB(kc, nc, nr, gradGrid, positions, true, p0, j0, dest);
}
