namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// im2col / col2im for a whole chunk of images at once, with explicit channel and image strides, so one GEMM
/// covers the chunk: cols[(ci·k + kh)·k + kw, (b·Ho + oy)·Wo + ox] = x[ci·cs + b·bs + (oy·s − p + kh)·W + ox·s − p + kw].
/// Works on NCHW (cs = H·W, bs = Cin·H·W) and on the channel-major CNHW layout the CNEEP network keeps between
/// layers (cs = B·H·W, bs = H·W). Kept here (not in the generic kernels) because of that batched layout.
/// </summary>
internal static class PlanarIm2Col
{
    public static void Expand(ReadOnlySpan<float> x, int channels, int batch, int height, int width,
        int channelStride, int imageStride, int kernel, int stride, int pad, Span<float> cols)
    {
        int ho = (height + 2 * pad - kernel) / stride + 1, wo = (width + 2 * pad - kernel) / stride + 1;
        int ncols = batch * ho * wo;
        for (int ci = 0; ci < channels; ci++)
            for (int kh = 0; kh < kernel; kh++)
                for (int kw = 0; kw < kernel; kw++)
                {
                    Span<float> row = cols.Slice(((ci * kernel + kh) * kernel + kw) * ncols, ncols);
                    int j = 0;
                    for (int b = 0; b < batch; b++)
                    {
                        ReadOnlySpan<float> plane = x.Slice(ci * channelStride + b * imageStride, height * width);
                        for (int oy = 0; oy < ho; oy++)
                        {
                            int iy = oy * stride - pad + kh;
                            Span<float> dst = row.Slice(j, wo);
                            j += wo;
                            if ((uint)iy >= (uint)height) { dst.Clear(); continue; }
                            ReadOnlySpan<float> src = plane.Slice(iy * width, width);
                            if (stride == 1)
                            {
                                // contiguous run with zero borders
                                int lo = Math.Max(0, pad - kw), hi = Math.Min(wo, width + pad - kw);
                                dst[..lo].Clear();
                                if (hi > lo) src.Slice(lo - pad + kw, hi - lo).CopyTo(dst[lo..hi]);
                                if (hi < wo) dst[Math.Max(hi, lo)..].Clear();
                            }
                            else
                            {
                                for (int ox = 0; ox < wo; ox++)
                                {
                                    int ix = ox * stride - pad + kw;
                                    dst[ox] = (uint)ix < (uint)width ? src[ix] : 0f;
                                }
                            }
                        }
                    }
                }
    }

    /// <summary>Adjoint of <see cref="Expand"/>: accumulates cols back into x (x must be cleared by the caller).</summary>
    public static void Fold(ReadOnlySpan<float> cols, int channels, int batch, int height, int width,
        int channelStride, int imageStride, int kernel, int stride, int pad, Span<float> x)
    {
        int ho = (height + 2 * pad - kernel) / stride + 1, wo = (width + 2 * pad - kernel) / stride + 1;
        int ncols = batch * ho * wo;
        for (int ci = 0; ci < channels; ci++)
            for (int kh = 0; kh < kernel; kh++)
                for (int kw = 0; kw < kernel; kw++)
                {
                    ReadOnlySpan<float> row = cols.Slice(((ci * kernel + kh) * kernel + kw) * ncols, ncols);
                    int j = 0;
                    for (int b = 0; b < batch; b++)
                    {
                        Span<float> plane = x.Slice(ci * channelStride + b * imageStride, height * width);
                        for (int oy = 0; oy < ho; oy++)
                        {
                            int iy = oy * stride - pad + kh;
                            ReadOnlySpan<float> src = row.Slice(j, wo);
                            j += wo;
                            if ((uint)iy >= (uint)height) continue;
                            Span<float> dst = plane.Slice(iy * width, width);
                            for (int ox = 0; ox < wo; ox++)
                            {
                                int ix = ox * stride - pad + kw;
                                if ((uint)ix < (uint)width) dst[ix] += src[ox];
                            }
                        }
                    }
                }
    }
}
