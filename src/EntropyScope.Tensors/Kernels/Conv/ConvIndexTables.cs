namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Offset tables that turn a group of prepared images into the im2col matrix without writing it out.
/// Prepared layout (per image): [ci][a][b][Hph][Wph] with xph[ci][a][b][y][x] = xpad[ci][s·y + a][s·x + b], the zero-padded
/// input split into its s×s stride phases (for stride 1: just the padded image). In that layout every im2col row is a set
/// of contiguous runs: tap p = (ci, ky, kx) ↦ ((ci·s + ky mod s)·s + kx mod s)·Hph·Wph + ⌊ky/s⌋·Wph + ⌊kx/s⌋ and
/// pixel j = (image i, oy, ox) ↦ i·imageSize + oy·Wph + ox, element (p, j) = prepared[tap p + pixel j].
/// Also: per NR-column sliver of pixels, its contiguous runs (copied with whole vectors by <see cref="Conv2dForwardOperands"/>),
/// and tables viewing an NCHW gradient group as a Cout × pixels offset matrix.
/// Built once per (geometry, group size, NR) and shared read-only by every call and thread after that, so alternating
/// layers allocate nothing in steady state.
/// </summary>
internal sealed unsafe class ConvIndexTables
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Conv2dGeometry, int, int), ConvIndexTables> Cache = new();

    public static ConvIndexTables For(in Conv2dGeometry g, int groupSize, int nr)
    {
        if (Cache.TryGetValue((g, groupSize, nr), out var tables)) return tables;
        return Cache.GetOrAdd((g, groupSize, nr), new ConvIndexTables(g, groupSize, nr));
    }

    /// <summary>
    /// Floats that may be read past the last prepared image: the weight gradient reads grid rows up to one phase row
    /// plus one 8-block past an image (see <see cref="GridRun"/>).
    /// </summary>
    public int Slack => PhaseWidth + 32;

    /// <summary>Weight-gradient k positions per image: the output grid Ho × Wph (row stride of the prepared planes), rounded up to 8.</summary>
    public int GridRun => (geometry.OutHeight * PhaseWidth + 7) / 8 * 8;

    private readonly Conv2dGeometry geometry;
    private readonly List<int[]> keepAlive = [];

    public int PhaseHeight { get; }
    public int PhaseWidth { get; }
    public int PreparedImageSize { get; }

    public int* Taps { get; }
    public int* Pixels { get; }
    public int* GradRows { get; }
    public int* GradColumns { get; }

    /// <summary>Runs of sliver q are [SliverRuns[q], SliverRuns[q+1]); run r copies RunLength[r] floats from pixel offset RunSource[r] to sliver column RunColumn[r].</summary>
    public int* SliverRuns { get; }
    public int* RunColumn { get; }
    public int* RunSource { get; }
    public int* RunLength { get; }

    private ConvIndexTables(in Conv2dGeometry g, int groupSize, int nr)
    {
        geometry = g;
        int s = g.Stride, k = g.Kernel, plane = g.OutPlaneSize;
        PhaseHeight = (g.Height + 2 * g.Pad + s - 1) / s;
        PhaseWidth = (g.Width + 2 * g.Pad + s - 1) / s;
        int phasePlane = PhaseHeight * PhaseWidth;
        PreparedImageSize = g.InChannels * s * s * phasePlane;

        var taps = Pinned(g.PatchSize, out int* tapsPtr);
        for (int ci = 0, p = 0; ci < g.InChannels; ci++)
        for (int ky = 0; ky < k; ky++)
        for (int kx = 0; kx < k; kx++, p++)
            taps[p] = ((ci * s + ky % s) * s + kx % s) * phasePlane + ky / s * PhaseWidth + kx / s;

        int columns = groupSize * plane;
        var pixels = Pinned(columns, out int* pixelsPtr);
        var gradColumns = Pinned(columns, out int* gradColumnsPtr);
        for (int i = 0, j = 0; i < groupSize; i++)
        for (int oy = 0; oy < g.OutHeight; oy++)
        for (int ox = 0; ox < g.OutWidth; ox++, j++)
        {
            pixels[j] = i * PreparedImageSize + oy * PhaseWidth + ox;
            gradColumns[j] = i * g.OutputImageSize + oy * g.OutWidth + ox;
        }

        var gradRows = Pinned(g.OutChannels, out int* gradRowsPtr);
        for (int co = 0; co < g.OutChannels; co++) gradRows[co] = co * plane;

        // Runs: split each sliver's pixels wherever the next pixel is not the next float.
        var (sliverRuns, column, source, length) = (new List<int>(), new List<int>(), new List<int>(), new List<int>());
        for (int q = 0; q * nr < columns; q++)
        {
            sliverRuns.Add(column.Count);
            for (int j = q * nr; j < Math.Min(columns, (q + 1) * nr); j++)
            {
                if (j > q * nr && pixels[j] == pixels[j - 1] + 1) { length[^1]++; continue; }
                column.Add(j - q * nr);
                source.Add(pixels[j]);
                length.Add(1);
            }
        }
        sliverRuns.Add(column.Count);

        Taps = tapsPtr;
        Pixels = pixelsPtr;
        GradColumns = gradColumnsPtr;
        GradRows = gradRowsPtr;
        SliverRuns = Copy(sliverRuns);
        RunColumn = Copy(column);
        RunSource = Copy(source);
        RunLength = Copy(length);
    }

    private int* Copy(List<int> list)
    {
        var array = Pinned(list.Count, out int* pointer);
        list.CopyTo(array);
        return pointer;
    }

    private int[] Pinned(int length, out int* pointer)
    {
        var array = GC.AllocateArray<int>(Math.Max(length, 1), pinned: true);
        fixed (int* p = array) pointer = p; // pinned-heap arrays never move
        keepAlive.Add(array);
        return array;
    }

    /// <summary>Writes images [n0, n0+images) of input in the prepared (padded, phase-split) layout into dest, plus zeroed slack.</summary>
    public float* Prepare(float* input, int n0, int images, float* dest)
    {
        var g = geometry;
        int s = g.Stride, hph = PhaseHeight, wph = PhaseWidth;
        new Span<float>(dest, images * PreparedImageSize + Slack).Clear();
        for (int i = 0; i < images; i++)
        for (int ci = 0; ci < g.InChannels; ci++)
        {
            float* image = input + (long)(n0 + i) * g.InputImageSize + ci * g.Height * g.Width;
            float* phases = dest + (long)i * PreparedImageSize + ci * s * s * hph * wph;
            if (s == 1)
            {
                for (int y = 0; y < g.Height; y++)
                    RunCopy.Exact(image + y * g.Width, phases + (y + g.Pad) * wph + g.Pad, g.Width);
                continue;
            }
            // Phase (a, b) holds padded pixels (s·y + a, s·x + b): walk each phase's rows with a stride-s read.
            for (int a = 0; a < s; a++)
            for (int b = 0; b < s; b++)
            {
                float* phase = phases + (a * s + b) * hph * wph;
                for (int y = 0; y < hph; y++)
                {
                    int iy = s * y + a - g.Pad;
                    if (iy < 0 || iy >= g.Height) continue;
                    var (x0, x1) = ColumnRange(b);
                    float* src = image + iy * g.Width + b - g.Pad;
                    float* dst = phase + y * wph;
                    for (int x = x0; x < x1; x++) dst[x] = src[s * x];
                }
            }
        }
        return dest;
    }

    /// <summary>
    /// The adjoint of <see cref="Prepare"/> restricted to the image: output[n0+i] (NCHW, overwritten) = the prepared-layout
    /// accumulator's values at each input pixel. Padding positions are dropped.
    /// </summary>
    public void Extract(float* prepared, int n0, int images, float* output)
    {
        var g = geometry;
        int s = g.Stride, hph = PhaseHeight, wph = PhaseWidth;
        for (int i = 0; i < images; i++)
        for (int ci = 0; ci < g.InChannels; ci++)
        {
            float* image = output + (long)(n0 + i) * g.InputImageSize + ci * g.Height * g.Width;
            float* phases = prepared + (long)i * PreparedImageSize + ci * s * s * hph * wph;
            if (s == 1)
            {
                for (int y = 0; y < g.Height; y++)
                    RunCopy.Exact(phases + (y + g.Pad) * wph + g.Pad, image + y * g.Width, g.Width);
                continue;
            }
            for (int a = 0; a < s; a++)
            for (int b = 0; b < s; b++)
            {
                float* phase = phases + (a * s + b) * hph * wph;
                for (int y = 0; y < hph; y++)
                {
                    int iy = s * y + a - g.Pad;
                    if (iy < 0 || iy >= g.Height) continue;
                    var (x0, x1) = ColumnRange(b);
                    float* dst = image + iy * g.Width + b - g.Pad;
                    float* src = phase + y * wph;
                    for (int x = x0; x < x1; x++) dst[s * x] = src[x];
                }
            }
        }
    }

    /// <summary>Phase columns [x0, x1) of column phase b that hold image pixels: 0 ≤ s·x + b − pad &lt; width.</summary>
    private (int X0, int X1) ColumnRange(int b)
    {
        var g = geometry;
        int first = g.Pad - b, last = g.Width - 1 + g.Pad - b; // need first ≤ s·x ≤ last
        int x0 = first <= 0 ? 0 : (first + g.Stride - 1) / g.Stride;
        int x1 = last < 0 ? 0 : Math.Min(PhaseWidth, last / g.Stride + 1);
        return (x0, Math.Max(x0, x1));
    }
}
