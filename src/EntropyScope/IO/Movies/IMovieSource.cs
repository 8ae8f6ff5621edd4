namespace EntropyScope.IO;

/// <summary>One file contributing one or more movies to a <see cref="MovieCollection"/>.</summary>
internal interface IMovieSource : IDisposable
{
    string Path { get; }
    int MovieCount { get; }
    int Height { get; }
    int Width { get; }
    int FrameCount(int movie);
    /// <summary>Arguments are already validated by the collection.</summary>
    void CopyFrames(int movie, int start, int count, Span<float> destination);
}
