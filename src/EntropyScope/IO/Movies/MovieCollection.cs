namespace EntropyScope.IO;

/// <summary>Movies from one or more files, with one frame size enforced across all of them.</summary>
internal sealed class MovieCollection : IMovieSet
{
    private readonly IMovieSource[] _sources;
    private readonly (IMovieSource Source, int Index)[] _movies;

    public int Count => _movies.Length;
    public int Height { get; }
    public int Width { get; }

    /// <summary>Takes ownership of <paramref name="sources"/> (disposed on error too).</summary>
    public MovieCollection(string path, IReadOnlyList<IMovieSource> sources)
    {
        _sources = [.. sources];
        try
        {
            if (_sources.Length == 0) throw new InputException($"{path}: no movies found");
            Height = _sources[0].Height;
            Width = _sources[0].Width;
            foreach (var s in _sources)
                if (s.Height != Height || s.Width != Width)
                    throw new InputException($"{s.Path}: frame size {s.Height}×{s.Width} (H×W) differs from {Height}×{Width} of {_sources[0].Path}; all movies must have the same frame size");
            _movies = [.. _sources.SelectMany(s => Enumerable.Range(0, s.MovieCount).Select(i => (s, i)))];
        }
        catch
        {
            foreach (var s in _sources) s.Dispose();
            throw;
        }
    }

    public int FrameCount(int movie)
    {
        CheckMovie(movie);
        var (s, i) = _movies[movie];
        return s.FrameCount(i);
    }

    public void CopyFrames(int movie, int start, int count, Span<float> destination)
    {
        CheckMovie(movie);
        var (s, i) = _movies[movie];
        int frames = s.FrameCount(i);
        if (start < 0 || count < 0 || start > frames - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"frames [{start}, {start + count}) outside movie {movie} of {frames} frames");
        long need = (long)count * Height * Width;
        if (destination.Length < need)
            throw new ArgumentException($"destination holds {destination.Length} values, {count} frames of {Height}×{Width} need {need}", nameof(destination));
        if (count == 0) return;
        s.CopyFrames(i, start, count, destination);
    }

    private void CheckMovie(int movie)
    {
        if ((uint)movie >= (uint)_movies.Length)
            throw new ArgumentOutOfRangeException(nameof(movie), $"movie {movie} outside [0, {_movies.Length})");
    }

    public void Dispose()
    {
        foreach (var s in _sources) s.Dispose();
    }
}
