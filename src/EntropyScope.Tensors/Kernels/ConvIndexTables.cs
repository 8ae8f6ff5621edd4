namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Offset tables that turn a group of zero-padded images into the im2col matrix (see <see cref="OffsetMatrix"/>):
/// tap p = (ci, ky, kx) ↦ ci·Hp·Wp + ky·Wp + kx, pixel j = (image i, oy, ox) ↦ i·Cin·Hp·Wp + oy·s·Wp + ox·s,
/// plus the tables that view the weights (Cout × K) and an NCHW gradient group (Cout × pixels) as offset matrices.
/// Pinned arrays built once per (geometry, group size) and shared read-only by every call and thread after that,
/// so alternating layers (conv1, conv2, conv3, and their backward passes) allocate nothing in steady state.
/// </summary>
internal sealed unsafe class ConvIndexTables
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Conv2dGeometry, int), ConvIndexTables> Cache = new();

    public static ConvIndexTables For(in Conv2dGeometry g, int groupSize)
    {
        if (Cache.TryGetValue((g, groupSize), out var tables)) return tables;
        var built = new ConvIndexTables(g, groupSize);
        return Cache.GetOrAdd((g, groupSize), built);
    }

    private readonly Conv2dGeometry geometry;

    public int* Taps { get; }
    public int* Pixels { get; }
    public int* WeightRows { get; }
    public int* Identity { get; }
    public int* GradRows { get; }
    public int* GradColumns { get; }

    public int PaddedHeight => geometry.Height + 2 * geometry.Pad;
    public int PaddedWidth => geometry.Width + 2 * geometry.Pad;
    public int PaddedImageSize => geometry.InChannels * PaddedHeight * PaddedWidth;

    private ConvIndexTables(in Conv2dGeometry g, int groupSize)
    {
        geometry = g;
        int hp = PaddedHeight, wp = PaddedWidth, k = g.Kernel, plane = g.OutPlaneSize;

        var taps = Pinned(g.PatchSize, out int* tapsPtr);
        for (int ci = 0, p = 0; ci < g.InChannels; ci++)
        for (int ky = 0; ky < k; ky++)
        for (int kx = 0; kx < k; kx++, p++)
            taps[p] = (ci * hp + ky) * wp + kx;

        var pixels = Pinned(groupSize * plane, out int* pixelsPtr);
        var gradColumns = Pinned(groupSize * plane, out int* gradColumnsPtr);
        for (int i = 0, j = 0; i < groupSize; i++)
        for (int oy = 0; oy < g.OutHeight; oy++)
        for (int ox = 0; ox < g.OutWidth; ox++, j++)
        {
            pixels[j] = i * PaddedImageSize + oy * g.Stride * wp + ox * g.Stride;
            gradColumns[j] = i * g.OutputImageSize + oy * g.OutWidth + ox;
        }

        var weightRows = Pinned(g.OutChannels, out int* weightRowsPtr);
        var gradRows = Pinned(g.OutChannels, out int* gradRowsPtr);
        for (int co = 0; co < g.OutChannels; co++)
        {
            weightRows[co] = co * g.PatchSize;
            gradRows[co] = co * plane;
        }
        var identity = Pinned(g.PatchSize, out int* identityPtr);
        for (int p = 0; p < g.PatchSize; p++) identity[p] = p;

        Taps = tapsPtr;
        Pixels = pixelsPtr;
        WeightRows = weightRowsPtr;
        Identity = identityPtr;
        GradRows = gradRowsPtr;
        GradColumns = gradColumnsPtr;
        keepAlive = [taps, pixels, gradColumns, weightRows, gradRows, identity];
    }

    private readonly int[][] keepAlive;

    private static int[] Pinned(int length, out int* pointer)
    {
        var array = GC.AllocateArray<int>(Math.Max(length, 1), pinned: true);
        fixed (int* p = array) pointer = p; // pinned-heap arrays never move
        return array;
    }

    /// <summary>Copies images [n0, n0+images) into dest with zero borders (Cin × Hp × Wp each); without padding returns the input itself.</summary>
    public float* Padded(float* input, int n0, int images, float* dest)
    {
        var g = geometry;
        if (g.Pad == 0) return input + (long)n0 * g.InputImageSize;
        int hp = PaddedHeight, wp = PaddedWidth;
        new Span<float>(dest, images * PaddedImageSize).Clear();
        for (int i = 0; i < images; i++)
        for (int ci = 0; ci < g.InChannels; ci++)
        for (int y = 0; y < g.Height; y++)
            new ReadOnlySpan<float>(input + (long)(n0 + i) * g.InputImageSize + (ci * g.Height + y) * g.Width, g.Width)
                .CopyTo(new Span<float>(dest + (long)i * PaddedImageSize + (ci * hp + y + g.Pad) * wp + g.Pad, g.Width));
        return dest;
    }
}
