namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Operands of the forward convolution GEMM: A = weights (Cout × Cin·k², dense), B = im2col of the prepared image group,
/// packed straight from the images: each sliver row is a few contiguous runs (one per output row inside the sliver),
/// copied with whole vectors (<see cref="RunCopy"/>).
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
            // Run by run, then down the k rows: the run's shape is fixed, only the tap offset changes.
            for (int r = first; r < last; r++)
            {
                int column = tables.RunColumn[r];
                if (column >= cols) break;
                int length = Math.Min(tables.RunLength[r], cols - column);
                float* src = prepared + tables.RunSource[r];
                float* dst = d + column;
                for (int p = 0; p < kc; p++)
                    RunCopy.Exact(src + taps[p], dst + p * nr, length);
            }
            if (cols < nr)
                for (int p = 0; p < kc; p++)
                    new Span<float>(d + p * nr + cols, nr - cols).Clear();
        }
    }
}
