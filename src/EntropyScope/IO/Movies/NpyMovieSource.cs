namespace EntropyScope.IO;

/// <summary>An NPY movie (L, H, W) or movie set (M, L, H, W), memory-mapped.</summary>
internal sealed class NpyMovieSource : IMovieSource
{
    private readonly NpyArray _array;
    private readonly int _frames;

    public string Path => _array.Path;
    public int MovieCount { get; }
    public int Height { get; }
    public int Width { get; }

    public NpyMovieSource(string path)
    {
        _array = NpyArray.Open(path);
        try
        {
            int[] s = _array.Shape;
            if (_array.DType is NpyDType.Bool)
                throw new InputException($"{path}: a movie cannot be of dtype bool (use uint8, uint16, float32 or float64)");
            (MovieCount, _frames, Height, Width) = s.Length switch
            {
                3 => (1, s[0], s[1], s[2]),
                4 => (s[0], s[1], s[2], s[3]),
                _ => throw new InputException($"{path}: a movie NPY must be (L, H, W) or (M, L, H, W); this one has shape ({string.Join(", ", s)})"),
            };
            if (MovieCount < 1 || _frames < 1 || Height < 1 || Width < 1)
                throw new InputException($"{path}: empty movie shape ({string.Join(", ", s)})");
        }
        catch
        {
            _array.Dispose();
            throw;
        }
    }

    public int FrameCount(int movie) => _frames;

    public void CopyFrames(int movie, int start, int count, Span<float> destination)
    {
        long frameSize = (long)Height * Width;
        var dst = destination[..checked((int)(count * frameSize))];
        _array.CopyTo(((long)movie * _frames + start) * frameSize, dst);
        if (!NpyDTypes.IsInteger(_array.DType))
        {
            long bad = ElementConvert.FirstNonFinite(dst);
            if (bad >= 0)
            {
                long frame = start + bad / frameSize, pixel = bad % frameSize;
                throw new InputException($"{Path}: movie {movie}, frame {frame}, pixel (y={pixel / Width}, x={pixel % Width}) is {dst[(int)bad]}; movies must be finite");
            }
        }
    }

    public void Dispose() => _array.Dispose();
}
