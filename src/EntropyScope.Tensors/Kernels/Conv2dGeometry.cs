namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Shape of one 2-D convolution over NCHW images with a square kernel, one stride and symmetric zero padding.
/// Output size uses floor mode, as PyTorch: (H + 2·pad − kernel) / stride + 1.
/// </summary>
public readonly record struct Conv2dGeometry
{
    public Conv2dGeometry(int inChannels, int outChannels, int height, int width, int kernel, int stride, int pad)
    {
        if (inChannels < 1 || outChannels < 1 || height < 1 || width < 1 || kernel < 1 || stride < 1 || pad < 0)
            throw new ArgumentException(
                $"Conv2dGeometry: invalid (inChannels={inChannels}, outChannels={outChannels}, height={height}, width={width}, kernel={kernel}, stride={stride}, pad={pad}).");
        if (height + 2 * pad < kernel || width + 2 * pad < kernel)
            throw new ArgumentException(
                $"Conv2dGeometry: kernel {kernel} larger than the padded input {height + 2 * pad}x{width + 2 * pad}.");
        (InChannels, OutChannels, Height, Width, Kernel, Stride, Pad) = (inChannels, outChannels, height, width, kernel, stride, pad);
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Pad { get; }

    public int OutHeight => (Height + 2 * Pad - Kernel) / Stride + 1;
    public int OutWidth => (Width + 2 * Pad - Kernel) / Stride + 1;

    /// <summary>Floats of one input image (Cin·H·W).</summary>
    public int InputImageSize => InChannels * Height * Width;
    /// <summary>Floats of one output image (Cout·Ho·Wo).</summary>
    public int OutputImageSize => OutChannels * OutHeight * OutWidth;
    /// <summary>Pixels of one output plane (Ho·Wo): the GEMM column count per image.</summary>
    public int OutPlaneSize => OutHeight * OutWidth;
    /// <summary>Rows of the im2col matrix (Cin·k·k): the GEMM inner dimension of the forward product.</summary>
    public int PatchSize => InChannels * Kernel * Kernel;
    /// <summary>Floats of the weight tensor (Cout, Cin, k, k).</summary>
    public int WeightSize => OutChannels * PatchSize;

    /// <summary>Multiply-adds of one image's forward product (each backward product costs the same).</summary>
    public long MultiplyAddsPerImage => (long)OutChannels * PatchSize * OutPlaneSize;
}
