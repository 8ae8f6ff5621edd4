namespace EntropyScope.IO;

/// <summary>
/// A set of grayscale movies with one frame size, read lazily (memory-mapped NPY, page-by-page TIFF).
/// Frames are row-major (H, W). Safe for concurrent <see cref="CopyFrames"/> calls.
/// </summary>
public interface IMovieSet : IDisposable
{
    /// <summary>Number of movies.</summary>
    int Count { get; }
    int Height { get; }
    int Width { get; }
    /// <summary>Number of frames of movie <paramref name="movie"/>.</summary>
    int FrameCount(int movie);
    /// <summary>
    /// Copies frames [start, start + count) of <paramref name="movie"/> as raw intensities (no scaling) into the
    /// first count·H·W entries of <paramref name="destination"/>. NaN or infinite pixels raise an InputException.
    /// </summary>
    void CopyFrames(int movie, int start, int count, Span<float> destination);
}
