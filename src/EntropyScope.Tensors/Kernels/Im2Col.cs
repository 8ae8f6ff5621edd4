namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// im2col / col2im for one image: the convolution becomes a GEMM over a column matrix col[p, q] with one row per
/// weight tap p = (ci, ky, kx) (Cin·k·k rows, matching the (Cout, Cin, k, k) weight layout) and one column per
/// output pixel q = (oy, ox). Columns of several images sit side by side (ldCol ≥ Ho·Wo) so that one wide GEMM
/// serves a group of images. Padding taps are zeros.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>col[p, column0 + q] = x[ci, oy·s − pad + ky, ox·s − pad + kx] (or 0 outside the image).</summary>
    public static void Gather(in Conv2dGeometry g, float* image, float* col, int ldCol)
    {
        int k = g.Kernel, s = g.Stride, ho = g.OutHeight, wo = g.OutWidth;
        for (int ci = 0; ci < g.InChannels; ci++)
        for (int ky = 0; ky < k; ky++)
        for (int kx = 0; kx < k; kx++)
        {
            float* row = col + (long)((ci * k + ky) * k + kx) * ldCol;
            var (ox0, ox1) = ValidRange(kx, s, g.Pad, g.Width, wo);
            for (int oy = 0; oy < ho; oy++)
            {
                float* dst = row + oy * wo;
                int iy = oy * s - g.Pad + ky;
                if (iy < 0 || iy >= g.Height)
                {
                    new Span<float>(dst, wo).Clear();
                    continue;
                }
                float* src = image + (ci * g.Height + iy) * g.Width - g.Pad + kx;
                for (int ox = 0; ox < ox0; ox++) dst[ox] = 0;
                if (s == 1)
                    new ReadOnlySpan<float>(src + ox0, ox1 - ox0).CopyTo(new Span<float>(dst + ox0, ox1 - ox0));
                else
                    for (int ox = ox0; ox < ox1; ox++) dst[ox] = src[ox * s];
                for (int ox = ox1; ox < wo; ox++) dst[ox] = 0;
            }
        }
    }

    /// <summary>x[ci, iy, ix] += Σ over taps landing there of col[p, q] (the adjoint of <see cref="Gather"/>).</summary>
    public static void ScatterAdd(in Conv2dGeometry g, float* col, int ldCol, float* image)
    {
        int k = g.Kernel, s = g.Stride, ho = g.OutHeight, wo = g.OutWidth;
        for (int ci = 0; ci < g.InChannels; ci++)
        for (int ky = 0; ky < k; ky++)
        for (int kx = 0; kx < k; kx++)
        {
            float* row = col + (long)((ci * k + ky) * k + kx) * ldCol;
            var (ox0, ox1) = ValidRange(kx, s, g.Pad, g.Width, wo);
            for (int oy = 0; oy < ho; oy++)
            {
                int iy = oy * s - g.Pad + ky;
                if (iy < 0 || iy >= g.Height) continue;
                float* src = row + oy * wo;
                float* dst = image + (ci * g.Height + iy) * g.Width - g.Pad + kx;
                if (s == 1)
                    for (int ox = ox0; ox < ox1; ox++) dst[ox] += src[ox];
                else
                    for (int ox = ox0; ox < ox1; ox++) dst[ox * s] += src[ox];
            }
        }
    }

    /// <summary>The output columns [ox0, ox1) whose tap kx lands inside the image: 0 ≤ ox·s − pad + kx &lt; width.</summary>
    private static (int Ox0, int Ox1) ValidRange(int kx, int s, int pad, int width, int wo)
    {
        int first = pad - kx, last = width - 1 + pad - kx; // need first ≤ ox·s ≤ last
        int ox0 = first <= 0 ? 0 : (first + s - 1) / s;
        int ox1 = last < 0 ? 0 : Math.Min(wo, last / s + 1);
        ox0 = Math.Min(ox0, wo);
        return (ox0, Math.Max(ox0, ox1));
    }
}
