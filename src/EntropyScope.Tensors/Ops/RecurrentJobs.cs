using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors;

/// <summary>
/// The per-time-step gate math of the recurrent layers as cached <see cref="ParallelJob"/>s on the kernels' persistent
/// worker pool: each worker takes a contiguous share of the batch. Fields are set before each dispatch, so a
/// training step allocates nothing here.
/// </summary>
internal abstract class RecurrentStepJob : ParallelJob
{
    public float[] Xp = [], Ws = [], Hp = [], Y = [], Dy = [], DXp = [], DHp = [], DhNext = [], DcNext = [];
    public float[]? Init;           // h0 (GRU) or c0 (LSTM) array, or null for zeros
    public float[]? Bhh;            // b_hh array, or null
    public bool HasHp;              // false at the first step without h0: the hidden projection is zero
    public int XpOffset, DXpOffset, InitOffset, BhhOffset;
    public int Batch, Steps, Hidden, Step;
    public bool WantXp;

    protected int Rows => Batch * Steps;

    /// <summary>
    /// Runs rows [0, Batch) on up to EngineThreads.Count workers. A step's gate math costs ~1 ns per hidden unit, so
    /// below ~32 K units (e.g. the tracer's 256 × 64) waking workers costs more than it saves: run inline.
    /// </summary>
    public void Dispatch(int step)
    {
        Step = step;
        int workers = Math.Min(EngineThreads.Count, Math.Max(1, Batch * Hidden / 32768));
        WorkerPool.Run(this, workers);
    }

    public override void Execute(int worker, int workers)
    {
        int lo = (int)((long)Batch * worker / workers), hi = (int)((long)Batch * (worker + 1) / workers);
        for (int b = lo; b < hi; b++) Row(b, b * Steps + Step);
    }

    protected abstract void Row(int b, int row);

    protected ReadOnlySpan<float> HiddenProjection(int b, int g) => HasHp ? Hp.AsSpan(b * g, g) : default;
    protected ReadOnlySpan<float> HiddenBias(int g) => Bhh != null ? Bhh.AsSpan(BhhOffset, g) : default;

    /// <summary>The previous state for sequence b: the output/cell at step − 1, the initial state, or empty (zeros).</summary>
    protected ReadOnlySpan<float> Previous(float[] all, int baseOffset, int b, int row)
    {
        int H = Hidden;
        return Step > 0 ? all.AsSpan(baseOffset + (row - 1) * H, H) : Init != null ? Init.AsSpan(InitOffset + b * H, H) : default;
    }
}

internal sealed class GruForwardJob : RecurrentStepJob
{
    protected override void Row(int b, int row)
    {
        int H = Hidden, G = 3 * H;
        GateMath.GruForward(Xp.AsSpan(XpOffset + row * G, G), Ws.AsSpan(row * G, G), HiddenProjection(b, G), HiddenBias(G), Previous(Y, 0, b, row),
            Y.AsSpan(row * H, H), Ws.AsSpan(Rows * G + row * H, H));
    }
}

internal sealed class GruBackwardJob : RecurrentStepJob
{
    protected override void Row(int b, int row)
    {
        int H = Hidden, G = 3 * H;
        Span<float> sink = stackalloc float[WantXp ? 0 : G];
        if (!WantXp) sink.Clear();
        var dxpRow = WantXp ? DXp.AsSpan(DXpOffset + row * G, G) : sink;
        GateMath.GruBackward(Ws.AsSpan(row * G, G), Ws.AsSpan(Rows * G + row * H, H), Previous(Y, 0, b, row), Dy.AsSpan(row * H, H),
            DhNext.AsSpan(b * H, H), dxpRow, DHp.AsSpan(row * G, G));
    }
}

internal sealed class LstmForwardJob : RecurrentStepJob
{
    protected override void Row(int b, int row)
    {
        int H = Hidden, G = 4 * H, cBase = Rows * G, tcBase = cBase + Rows * H;
        GateMath.LstmForward(Xp.AsSpan(XpOffset + row * G, G), Ws.AsSpan(row * G, G), HiddenProjection(b, G), HiddenBias(G), Previous(Ws, cBase, b, row),
            Ws.AsSpan(cBase + row * H, H), Ws.AsSpan(tcBase + row * H, H), Y.AsSpan(row * H, H));
    }
}

internal sealed class LstmBackwardJob : RecurrentStepJob
{
    protected override void Row(int b, int row)
    {
        int H = Hidden, G = 4 * H, cBase = Rows * G, tcBase = cBase + Rows * H;
        var dRow = DHp.AsSpan(row * G, G);
        GateMath.LstmBackward(Ws.AsSpan(row * G, G), Previous(Ws, cBase, b, row), Ws.AsSpan(tcBase + row * H, H), Dy.AsSpan(row * H, H),
            DhNext.AsSpan(b * H, H), DcNext.AsSpan(b * H, H), dRow);
        if (WantXp) VectorMath.AddInPlace(DXp.AsSpan(DXpOffset + row * G, G), dRow);
    }
}
