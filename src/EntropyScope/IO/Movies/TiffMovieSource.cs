namespace EntropyScope.IO;

/// <summary>A TIFF stack as one movie (pages = frames), decoded page by page on demand.</summary>
internal sealed class TiffMovieSource : IMovieSource
{
    private readonly TiffStack _stack;

    public string Path => _stack.Path;
    public int MovieCount => 1;
    public int Height => _stack.Height;
    public int Width => _stack.Width;

    public TiffMovieSource(string path) => _stack = TiffStack.Open(path);

    public int FrameCount(int movie) => _stack.PageCount;

    public void CopyFrames(int movie, int start, int count, Span<float> destination)
    {
        long frameSize = (long)Height * Width;
        var dst = destination[..checked((int)(count * frameSize))];
        _stack.CopyPages(start, count, dst);
        if (_stack.DType is NpyDType.Float32 or NpyDType.Float64)
        {
            long bad = ElementConvert.FirstNonFinite(dst);
            if (bad >= 0)
                throw new InputException($"{Path}: frame {start + bad / frameSize}, pixel (y={bad % frameSize / Width}, x={bad % Width}) is {dst[(int)bad]}; movies must be finite");
        }
    }

    public void Dispose() => _stack.Dispose();
}
