namespace EntropyScope.Tensors;

/// <summary>
/// Reverse-mode autodiff: ops called on a tape compute their output now and record a backward step; <see cref="Backward"/>
/// replays the steps in reverse, accumulating gradients. The tape also owns an arena: op outputs, gradients and
/// scratch buffers are reused step after step, so a training loop that calls <see cref="Reset"/> once per step
/// allocates no tensor memory in steady state. Not thread-safe; one tape per training loop.
/// </summary>
public sealed partial class Tape
{
    /// <summary>A recorded op. Backward functions are static lambdas (cached by the compiler: no allocation).</summary>
    internal struct Node
    {
        public Action<Tape, Node> Backward;
        public Tensor Out;
        public Tensor? A, B, C, D;
        public object? State;
        public int I0, I1, I2, I3;
        public float F0;
    }

    private readonly List<Tensor> _tensors = [];
    private int _tensorCount;
    private readonly List<float[]> _scratch = [];
    private int _scratchCount;
    private readonly List<int[]> _intScratch = [];
    private int _intScratchCount;
    private readonly List<Node> _nodes = [];
    private bool _backwardDone;

    /// <summary>Incremented by <see cref="Reset"/>; tape tensors' gradients are valid only within one epoch.</summary>
    internal int Epoch { get; private set; }

    /// <summary>When false (inference), ops compute outputs but record nothing.</summary>
    public bool IsRecording { get; set; } = true;

    /// <summary>Number of recorded backward steps since the last reset.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Forgets the recorded graph and makes every arena buffer reusable. Tensors produced before become invalid.</summary>
    public void Reset()
    {
        _nodes.Clear();
        _tensorCount = 0;
        _scratchCount = 0;
        _intScratchCount = 0;
        _backwardDone = false;
        Epoch++;
    }

    /// <summary>
    /// Back-propagates from a one-element tensor (seed 1) through every recorded op, accumulating into the
    /// gradients of parameters and of user tensors that require them. Allowed once per <see cref="Reset"/>.
    /// </summary>
    public void Backward(Tensor loss)
    {
        if (loss.Length != 1) throw new ArgumentException($"Backward needs a one-element loss but got shape {Tensor.Format(loss.Shape)}; use Backward(output, seed) for others");
        Backward(loss, [1f]);
    }

    /// <summary>Back-propagates with an explicit seed gradient dL/d(output) of the output's length.</summary>
    public void Backward(Tensor output, ReadOnlySpan<float> seed)
    {
        if (_backwardDone) throw new InvalidOperationException("Backward was already run on this tape; call Reset() and recompute the forward pass");
        if (seed.Length != output.Length) throw new ArgumentException($"seed of length {seed.Length} does not match output shape {Tensor.Format(output.Shape)}");
        _backwardDone = true;
        if (!output.RequiresGrad) return;
        var g = output.Grad;
        for (int i = 0; i < g.Length; i++) g[i] += seed[i];
        for (int i = _nodes.Count - 1; i >= 0; i--)
        {
            var node = _nodes[i];
            if (!node.Out.HasGrad) continue;   // this op did not contribute to the output
            node.Backward(this, node);
        }
    }

    // --- arena ---------------------------------------------------------------------------------------------

    internal Tensor NewTensor(ReadOnlySpan<int> shape)
    {
        Tensor t;
        if (_tensorCount < _tensors.Count) t = _tensors[_tensorCount];
        else { t = Tensor.NewArena(this); _tensors.Add(t); }
        _tensorCount++;
        t.Reuse(shape);
        return t;
    }

    internal Tensor NewTensor(int d0) { Span<int> s = [d0]; return NewTensor(s); }
    internal Tensor NewTensor(int d0, int d1) { Span<int> s = [d0, d1]; return NewTensor(s); }
    internal Tensor NewTensor(int d0, int d1, int d2) { Span<int> s = [d0, d1, d2]; return NewTensor(s); }
    internal Tensor NewTensor(int d0, int d1, int d2, int d3) { Span<int> s = [d0, d1, d2, d3]; return NewTensor(s); }

    /// <summary>A scratch float buffer of at least <paramref name="length"/> valid until the next reset (contents undefined).</summary>
    internal float[] Scratch(int length)
    {
        float[] b;
        if (_scratchCount < _scratch.Count)
        {
            b = _scratch[_scratchCount];
            if (b.Length < length) { b = new float[length]; _scratch[_scratchCount] = b; }
        }
        else { b = new float[length]; _scratch.Add(b); }
        _scratchCount++;
        return b;
    }

    internal int[] IntScratch(int length)
    {
        int[] b;
        if (_intScratchCount < _intScratch.Count)
        {
            b = _intScratch[_intScratchCount];
            if (b.Length < length) { b = new int[length]; _intScratch[_intScratchCount] = b; }
        }
        else { b = new int[length]; _intScratch.Add(b); }
        _intScratchCount++;
        return b;
    }

    internal Span<float> GradOf(Tensor t)
    {
        var g = t.ArenaGradBuffer();
        if (t.GradEpoch != Epoch)
        {
            g.Clear();
            t.GradEpoch = Epoch;
        }
        return g;
    }

    internal bool ShouldRecord(Tensor a) => IsRecording && a.RequiresGrad;
    internal bool ShouldRecord(Tensor a, Tensor? b) => IsRecording && (a.RequiresGrad || (b?.RequiresGrad ?? false));
    internal bool ShouldRecord(Tensor a, Tensor? b, Tensor? c) => IsRecording && (a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false));

    internal void Record(Action<Tape, Node> backward, Tensor output, Tensor? a = null, Tensor? b = null, Tensor? c = null, Tensor? d = null,
        object? state = null, int i0 = 0, int i1 = 0, int i2 = 0, int i3 = 0, float f0 = 0)
    {
        output.RequiresGrad = true;
        _nodes.Add(new Node { Backward = backward, Out = output, A = a, B = b, C = c, D = d, State = state, I0 = i0, I1 = i1, I2 = i2, I3 = i3, F0 = f0 });
    }
}
