namespace EntropyScope.Observation;

/// <summary>Turns one state vector z into one uint8 frame (H×W, row-major).</summary>
public interface IFrameRenderer
{
    int Height { get; }
    int Width { get; }
    int FrameSize { get; }
    /// <summary>scratch: at least FrameSize floats, private to the calling thread.</summary>
    void Render(ReadOnlySpan<double> z, Span<byte> frame, Span<float> scratch);
}
