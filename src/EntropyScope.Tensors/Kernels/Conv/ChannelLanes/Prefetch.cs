using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Pulls two regions (e.g. the next image's input and output) into L2 in even portions spread over a number of steps,
/// so the prefetches never arrive as one burst that fills the miss buffers. Prefetches never fault, even past the end
/// of a buffer.
/// </summary>
internal unsafe struct Prefetch
{
    private float* a, b;
    private readonly float* aEnd, bEnd;
    private readonly int linesPerStep;

    /// <param name="steps">How many <see cref="Step"/> calls the regions are spread over.</param>
    public Prefetch(float* a, long aFloats, float* b, long bFloats, int steps)
    {
        this.a = a;
        this.b = b;
        aEnd = a + aFloats;
        bEnd = b + bFloats;
        linesPerStep = (int)((aFloats + bFloats) / 16 / Math.Max(1, steps)) + 1;
    }

    public void Step()
    {
        for (int l = 0; l < linesPerStep; l++)
        {
            if (a < aEnd) { Sse.Prefetch1(a); a += 16; }
            else if (b < bEnd) { Sse.Prefetch1(b); b += 16; }
            else return;
        }
    }
}
