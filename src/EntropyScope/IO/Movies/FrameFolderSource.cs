namespace EntropyScope.IO;

/// <summary>
/// A folder of single-frame files (one-page TIFFs or (H, W) NPYs, as many microscopes save them) read as one
/// movie, one frame per file in natural name order. Files are opened only while a frame is copied, so a folder of
/// 10⁴ frames holds no handles open.
/// </summary>
internal sealed class FrameFolderSource : IMovieSource
{
    private readonly string[] _files;

    public string Path { get; }
    public int MovieCount => 1;
    public int Height { get; }
    public int Width { get; }

    private FrameFolderSource(string folder, string[] files, int height, int width)
    {
        Path = folder; _files = files; Height = height; Width = width;
    }

    /// <summary>The folder as one movie if every file holds exactly one frame, else null. Frame sizes must agree.</summary>
    public static FrameFolderSource? TryOpen(string folder, IReadOnlyList<string> files)
    {
        int h = 0, w = 0;
        for (int i = 0; i < files.Count; i++)
        {
            var (frames, fh, fw) = Probe(files[i]);
            if (frames != 1) return null;
            if (i == 0) (h, w) = (fh, fw);
            else if (fh != h || fw != w)
                throw new InputException($"{files[i]}: frame size {fh}×{fw} (H×W) differs from {h}×{w} of {files[0]}; all frames in {folder} must have the same size");
        }
        return new FrameFolderSource(folder, [.. files], h, w);
    }

    // (frames, H, W) of a file; frames = -1 when it is not a single movie.
    private static (int Frames, int Height, int Width) Probe(string file)
    {
        if (System.IO.Path.GetExtension(file).Equals(".npy", StringComparison.OrdinalIgnoreCase))
        {
            using var a = NpyArray.Open(file);
            return a.Shape.Length switch
            {
                2 => (1, a.Shape[0], a.Shape[1]),
                3 => (a.Shape[0], a.Shape[1], a.Shape[2]),
                _ => (-1, 0, 0),
            };
        }
        using var s = TiffStack.Open(file);
        return (s.PageCount, s.Height, s.Width);
    }

    public int FrameCount(int movie) => _files.Length;

    public void CopyFrames(int movie, int start, int count, Span<float> destination)
    {
        int frame = Height * Width;
        for (int i = 0; i < count; i++)
        {
            string file = _files[start + i];
            var dst = destination.Slice(i * frame, frame);
            if (System.IO.Path.GetExtension(file).Equals(".npy", StringComparison.OrdinalIgnoreCase))
            {
                using var a = NpyArray.Open(file);
                if (a.Length != frame) throw new InputException($"{file}: frame of {a.Length} pixels, expected {Height}×{Width} (did the file change?)");
                a.CopyTo(0, dst);
            }
            else
            {
                using var s = TiffStack.Open(file);
                if (s.Height != Height || s.Width != Width) throw new InputException($"{file}: frame {s.Height}×{s.Width}, expected {Height}×{Width} (did the file change?)");
                s.CopyPages(0, 1, dst);
            }
            long bad = ElementConvert.FirstNonFinite(dst);
            if (bad >= 0) throw new InputException($"{file}: pixel (y={bad / Width}, x={bad % Width}) is {dst[(int)bad]}; movies must be finite");
        }
    }

    public void Dispose() { }
}
