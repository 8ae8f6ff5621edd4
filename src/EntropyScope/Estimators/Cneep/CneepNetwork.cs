using System.Numerics;
using System.Runtime.InteropServices;
using EntropyScope.Estimators.Training;
using EntropyScope.Tensors.Kernels;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// CNEEP (estimators.md §2): ΔS_θ(I) = h(I) − h(flip(I)) with h the Table I network, forward and backward written
/// by hand for this fixed network on the engine's convolution kernels. The time reversal only permutes input channels,
/// so conv1 of the forward and the reversed input is one convolution with stacked weights [W; W∘flip] (2C outputs);
/// its output (chunk, 2C, y, x) is already the NCHW batch of 2·chunk images, window b's forward image 2b and reversed
/// image 2b + 1, which travel together through the rest; conv1's bias + ReLU are fused into pooling, the 3×3 layers'
/// into their convolution.
/// All buffers are allocated once; a chunk's forward and backward run back to back (the loss is per sample).
/// Evaluation of a whole frame sequence (windows with stride n − 1) uses that conv1 is linear in each frame: each
/// frame is convolved once with the two weight slices it meets and the windows' pre-activations are sums of those
/// per-frame products (see <see cref="ForwardSequence"/>).
/// </summary>
public sealed class CneepNetwork : ISequenceEntropyNetwork
{
    public const int DefaultChunk = 16;   // 15–16 measured fastest on 2 cores (CPU-time A/B against 20, 32, 64)

    private readonly CneepArchitecture _arch;
    private readonly CneepArchitecture.Conv3[] _layers;
    private readonly Parameter _w1, _b1, _fcW, _fcB;
    private readonly Parameter[] _w, _b;
    private readonly int _k1;                 // n·25: conv1 weights per output channel
    private readonly int _chunk;
    private readonly Worker[] _workers;
    private readonly float[]? _basis;         // T (n × n) of WindowInputBasis: conv1 learns W, the frames meet W · T; null = identity
    private readonly float[] _w1Frames;       // (C × n × 5 × 5): conv1's weights on the frames, W · T (empty without a basis)
    private readonly float[] _gradW1Frames;   // their gradient, before it is folded back through T (empty without a basis)
    private readonly float[] _w1Stacked;      // (2C × n × 5 × 5): row c = W1[c], row C + c = W1[c] with reversed channels
    private readonly float[][] _w1Phase;      // per frame phase p < n − 1: (2C × 1 × 5 × 5) = [W1[:, p]; W1[:, n−1−p]]
    private readonly int _featureChannels, _featurePixels;

    /// <param name="inputBasis">T of <see cref="WindowInputBasis.Matrix"/> (n × n) or null for the frames themselves.</param>
    public CneepNetwork(CneepArchitecture architecture, int maxBatch, int seed, int threads = 0, int chunk = DefaultChunk, float[]? inputBasis = null)
    {
        architecture.Validate();
        if (inputBasis != null && inputBasis.Length != architecture.Frames * architecture.Frames)
            throw new ArgumentException($"input basis of {inputBasis.Length} entries for {architecture.Frames} frames");
        _basis = inputBasis;
        _arch = architecture;
        _layers = architecture.Conv3Layers.ToArray();
        MaxBatch = Math.Max(1, maxBatch);
        _chunk = Math.Max(1, Math.Min(chunk, MaxBatch));
        int n = architecture.Frames, c = architecture.Channels;
        _k1 = n * 25;
        Parameters = new ParameterStore();
        _w1 = Parameters.Add("conv1.weight", c, n, 5, 5);
        _b1 = Parameters.Add("conv1.bias", c);
        _w = new Parameter[_layers.Length];
        _b = new Parameter[_layers.Length];
        for (int l = 0; l < _layers.Length; l++)
        {
            _w[l] = Parameters.Add($"conv{l + 2}.weight", _layers[l].Out, _layers[l].In, _layers[l].Kernel, _layers[l].Kernel);
            _b[l] = Parameters.Add($"conv{l + 2}.bias", _layers[l].Out);
        }
        var (fc, fh, fw) = architecture.FeatureShape;
        _featureChannels = fc;
        _featurePixels = fh * fw;
        _fcW = Parameters.Add("fc.weight", 1, fc * fh * fw);
        _fcB = Parameters.Add("fc.bias", 1);
        Initialise(seed);
        _w1Frames = inputBasis != null ? new float[c * _k1] : [];
        _gradW1Frames = inputBasis != null ? new float[c * _k1] : [];
        _w1Stacked = new float[2 * c * _k1];
        _w1Phase = new float[n - 1][];
        for (int p = 0; p < n - 1; p++) _w1Phase[p] = new float[2 * c * 25];
        int workers = threads > 0 ? threads : Environment.ProcessorCount;
        workers = Math.Max(1, Math.Min(workers, (MaxBatch + _chunk - 1) / _chunk));
        _workers = new Worker[workers];
        for (int i = 0; i < workers; i++) _workers[i] = new Worker(this);
    }

    public string Kind => "cneep";
    public ParameterStore Parameters { get; }
    public int WindowLength => _arch.Frames;
    public int ItemSize => _arch.Height * _arch.Width;
    public int MaxBatch { get; }
    public CneepArchitecture Architecture => _arch;

    /// <summary>Size of one dissipation map H(x, y): the feature grid H_f × W_f.</summary>
    public (int Height, int Width) MapShape => (_arch.FeatureShape.Height, _arch.FeatureShape.Width);

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["frames"] = _arch.Frames.ToString(), ["height"] = _arch.Height.ToString(), ["width"] = _arch.Width.ToString(),
        ["channels"] = _arch.Channels.ToString(), ["depth"] = _arch.Depth.ToString(),
        ["last_block_convs"] = _arch.LastBlockConvs.ToString(), ["last_block_first_kernel"] = _arch.LastBlockFirstKernel.ToString(),
    };

    /// <summary>Init as the reference code: Kaiming-normal (fan_out, ReLU gain) conv weights, U(±1/√fan_in) conv biases, Xavier-uniform linear weight, zero linear bias.</summary>
    private void Initialise(int seed)
    {
        var rng = new Random(seed);
        void KaimingFanOut(Parameter w, int fanOut) { float std = MathF.Sqrt(2f / fanOut); var v = w.Value; for (int i = 0; i < v.Length; i++) v[i] = std * Gaussian(rng); }
        void Uniform(Parameter p, float bound) { var v = p.Value; for (int i = 0; i < v.Length; i++) v[i] = (float)((2 * rng.NextDouble() - 1) * bound); }
        KaimingFanOut(_w1, _arch.Channels * 25);
        Uniform(_b1, 1f / MathF.Sqrt(_k1));
        for (int l = 0; l < _layers.Length; l++)
        {
            int taps = _layers[l].Kernel * _layers[l].Kernel;
            KaimingFanOut(_w[l], _layers[l].Out * taps);
            Uniform(_b[l], 1f / MathF.Sqrt(_layers[l].In * taps));
        }
        int fanIn = _fcW.Length;
        Uniform(_fcW, MathF.Sqrt(6f / (fanIn + 1)));
        _fcB.Value.Clear();
    }

    private static float Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    public void Forward(ReadOnlySpan<float> windows, int batch, Span<float> deltaS)
        => Run(windows, batch, deltaS, Span<float>.Empty, Mode.Evaluate);

    /// <summary>ΔS_θ and the gradient of the mean loss ⟨−ΔS_θ + e^{−ΔS_θ}⟩ (Eq. 2), accumulated into Parameters.Grads.</summary>
    public void AccumulateGradient(ReadOnlySpan<float> windows, int batch, Span<float> deltaS)
        => Run(windows, batch, deltaS, Span<float>.Empty, Mode.Train);

    /// <summary>ΔS_θ and the per-transition dissipation maps H(x, y) (Eq. 4–5), batch × H_f·W_f floats; Σ_xy H = ΔS_θ.</summary>
    public void ForwardWithMaps(ReadOnlySpan<float> windows, int batch, Span<float> deltaS, Span<float> maps)
        => Run(windows, batch, deltaS, maps, Mode.Maps);

    /// <summary>
    /// ΔS_θ of the windows starting at frames 0, n−1, 2(n−1), … of <paramref name="frameCount"/> consecutive frames
    /// (estimators.md §1), equal to <see cref="Forward"/> on those windows copied out. conv1 is linear in each frame,
    /// conv1(I) = Σ_c W_c * I_c + b, so each frame is convolved once, with the stacked slices [W_p; W_{n−1−p}] of its
    /// position p in the window (p = 0 also covers the last frame of the previous window), and the forward and reversed
    /// pre-activations Σ_c W_c * I_{t+c}, Σ_c W_{n−1−c} * I_{t+c} are assembled by additions: (n − 1)·2C single-channel
    /// convolutions per window instead of 2C·n (half for n = 2).
    /// </summary>
    public void ForwardSequence(ReadOnlySpan<float> frames, int frameCount, Span<float> deltaS)
        => RunSequence(frames, frameCount, deltaS, Span<float>.Empty, Mode.Evaluate);

    /// <summary><see cref="ForwardSequence"/> with the per-window dissipation maps, as <see cref="ForwardWithMaps"/>.</summary>
    public void ForwardSequenceWithMaps(ReadOnlySpan<float> frames, int frameCount, Span<float> deltaS, Span<float> maps)
        => RunSequence(frames, frameCount, deltaS, maps, Mode.Maps);

    private enum Mode { Evaluate, Train, Maps }

    private void RunSequence(ReadOnlySpan<float> frames, int frameCount, Span<float> deltaS, Span<float> maps, Mode mode)
    {
        int windows = EvaluationWindows.WindowCount(frameCount, _arch.Frames);
        if (frames.Length < frameCount * ItemSize) throw new ArgumentException("frame buffer too small");
        if (windows == 0) return;
        Run(frames, windows, deltaS, maps, mode, sequence: true);
    }

    private void Run(ReadOnlySpan<float> windows, int batch, Span<float> deltaS, Span<float> maps, Mode mode)
        => Run(windows, batch, deltaS, maps, mode, sequence: false);

    private unsafe void Run(ReadOnlySpan<float> windows, int batch, Span<float> deltaS, Span<float> maps, Mode mode, bool sequence)
    {
        if (batch > MaxBatch) throw new ArgumentException($"batch {batch} exceeds MaxBatch {MaxBatch}");
        int inputPerWindow = sequence ? (_arch.Frames - 1) * ItemSize : _arch.Frames * ItemSize;
        int extra = sequence ? ItemSize : 0;   // a sequence's windows share endpoints: one frame more than (n − 1)·windows
        if (windows.Length < batch * inputPerWindow + extra || deltaS.Length < batch) throw new ArgumentException("buffers too small");
        if (mode == Mode.Maps && maps.Length < batch * _featurePixels) throw new ArgumentException("map buffer too small");
        StackConv1Weights();
        int chunks = (batch + _chunk - 1) / _chunk;
        int workers = Math.Min(_workers.Length, chunks);
        fixed (float* px = windows, pd = deltaS, pm = maps)
        {
            var job = new Job(px, pd, pm, batch, mode, sequence);
            if (workers == 1 && _workers.Length == 1)
            {
                // A one-thread network runs its kernels inline too: one thread means one kernel partition, whatever
                // EngineThreads.Count is, so its bits match a network whose chunks each run on one thread.
                using var inline = EngineThreads.InlineOnThisThread();
                _workers[0].RunChunks(job, 0, 1);
            }
            else if (workers == 1) _workers[0].RunChunks(job, 0, 1);
            else
            {
                // Parallel over chunks, so each worker's kernels run inline on its own thread: no nested parallelism
                // and no oversubscription from the kernels' pool. Thread-local, so other callers are unaffected.
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                {
                    using var inline = EngineThreads.InlineOnThisThread();
                    _workers[w].RunChunks(job, w, workers);
                });
            }
        }
        if (mode == Mode.Train) ReduceGradients(workers);
    }

    private readonly unsafe struct Job(float* windows, float* deltaS, float* maps, int batch, Mode mode, bool sequence)
    {
        public readonly bool Sequence = sequence;   // windows points at frames; window i starts at frame i·(n − 1)
        public readonly float* Windows = windows;
        public readonly float* DeltaS = deltaS;
        public readonly float* Maps = maps;
        public readonly int Batch = batch;
        public readonly Mode Mode = mode;
    }

    private void StackConv1Weights()
    {
        int n = _arch.Frames, c = _arch.Channels;
        ReadOnlySpan<float> w = FrameWeights();
        for (int co = 0; co < c; co++)
            for (int ci = 0; ci < n; ci++)
            {
                w.Slice((co * n + ci) * 25, 25).CopyTo(_w1Stacked.AsSpan((co * n + ci) * 25, 25));
                w.Slice((co * n + (n - 1 - ci)) * 25, 25).CopyTo(_w1Stacked.AsSpan(((c + co) * n + ci) * 25, 25));
            }
        for (int p = 0; p < n - 1; p++)
            for (int co = 0; co < c; co++)
            {
                w.Slice((co * n + p) * 25, 25).CopyTo(_w1Phase[p].AsSpan(co * 25, 25));
                w.Slice((co * n + (n - 1 - p)) * 25, 25).CopyTo(_w1Phase[p].AsSpan((c + co) * 25, 25));
            }
    }

    /// <summary>conv1's weights on the frames: W itself, or W · T in a learned input basis (per output channel and tap).</summary>
    private ReadOnlySpan<float> FrameWeights()
    {
        if (_basis == null) return _w1.Value;
        ReadOnlySpan<float> w = _w1.Value;
        int n = _arch.Frames;
        for (int co = 0; co < _arch.Channels; co++)
            for (int i = 0; i < n; i++)
                for (int k = 0; k < 25; k++)
                {
                    float s = 0;
                    for (int j = 0; j < n; j++) s += w[(co * n + j) * 25 + k] * _basis[j * n + i];
                    _w1Frames[(co * n + i) * 25 + k] = s;
                }
        return _w1Frames;
    }

    /// <summary>
    /// Sums the workers' gradients into the store; conv1's stacked-weight gradient folds back through the flip and, in a
    /// learned input basis, through T: ∂L/∂W[·, j] = Σ_i ∂L/∂W_frames[·, i] T[j, i].
    /// </summary>
    private void ReduceGradients(int workers)
    {
        Span<float> grads = Parameters.Grads;
        for (int w = 0; w < workers; w++)
        {
            var g = _workers[w].Grads;
            for (int i = 0; i < g.Length; i++) grads[i] += g[i];
        }
        int n = _arch.Frames, c = _arch.Channels;
        Span<float> gw1 = _basis == null ? _w1.Grad : _gradW1Frames.AsSpan();
        if (_basis != null) gw1.Clear();
        for (int w = 0; w < workers; w++)
        {
            var gs = _workers[w].GradW1Stacked;
            for (int co = 0; co < c; co++)
                for (int ci = 0; ci < n; ci++)
                    for (int k = 0; k < 25; k++)
                        gw1[(co * n + ci) * 25 + k] += gs[(co * n + ci) * 25 + k] + gs[((c + co) * n + (n - 1 - ci)) * 25 + k];
        }
        if (_basis == null) return;
        Span<float> g1 = _w1.Grad;
        for (int co = 0; co < c; co++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < 25; k++)
                {
                    float s = 0;
                    for (int i = 0; i < n; i++) s += gw1[(co * n + i) * 25 + k] * _basis[j * n + i];
                    g1[(co * n + j) * 25 + k] += s;
                }
    }

    /// <summary>
    /// One thread's buffers for a chunk of s windows. Between layers the chunk is an NCHW batch of 2s images: window b's
    /// forward image is 2b, its reversed image 2b + 1.
    /// </summary>
    private sealed class Worker
    {
        private readonly CneepNetwork _net;
        private readonly Conv2dGeometry _g1;          // conv1 on windows: n → 2C (stacked weights)
        private readonly Conv2dGeometry[] _g;         // the layers after conv1 (3×3, or k×k for the last block's first)
        private readonly float[] _z1, _pool1;
        private readonly float[][] _x, _act;          // per 3×3 layer: pooled input (if it pools first), output after bias + ReLU
        private readonly float[] _dA, _dB;
        public readonly float[] Grads, GradW1Stacked;

        public Worker(CneepNetwork net)
        {
            _net = net;
            var a = net._arch;
            int s = net._chunk, c = a.Channels;
            int hw1 = a.Conv1Height * a.Conv1Width, hw2 = a.Pool1Height * a.Pool1Width;
            _g1 = new Conv2dGeometry(a.Frames, 2 * c, a.Height, a.Width, 5, 2, 2);
            _z1 = new float[2 * s * c * hw1];
            _pool1 = new float[2 * s * c * hw2];
            int L = net._layers.Length;
            _g = new Conv2dGeometry[L];
            _x = new float[L][]; _act = new float[L][];
            int maxAct = Math.Max(_z1.Length, _pool1.Length);
            for (int l = 0; l < L; l++)
            {
                var g = net._layers[l];
                int hw = g.Height * g.Width;
                _g[l] = new Conv2dGeometry(g.In, g.Out, g.Height, g.Width, g.Kernel, 1, g.Kernel / 2);
                _x[l] = g.PoolBefore ? new float[2 * s * g.In * hw] : Array.Empty<float>();
                _act[l] = new float[2 * s * g.Out * hw];
                maxAct = Math.Max(maxAct, Math.Max(_act[l].Length, 2 * s * g.In * g.InHeight * g.InWidth));
            }
            _dA = new float[maxAct];
            _dB = new float[maxAct];
            Grads = new float[net.Parameters.Values.Length];
            GradW1Stacked = new float[2 * c * net._k1];
        }

        public unsafe void RunChunks(Job job, int first, int step)
        {
            if (job.Mode == Mode.Train) { Array.Clear(Grads); Array.Clear(GradW1Stacked); }
            int n = _net._arch.Frames, perWindow = (job.Sequence ? n - 1 : n) * _net.ItemSize;
            int S = _net._chunk;
            for (int start = first * S; start < job.Batch; start += step * S)
            {
                int s = Math.Min(S, job.Batch - start);
                var x = new ReadOnlySpan<float>(job.Windows + (long)start * perWindow, s * perWindow + (job.Sequence ? _net.ItemSize : 0));
                var dS = new Span<float>(job.DeltaS + start, s);
                var maps = job.Mode == Mode.Maps ? new Span<float>(job.Maps + (long)start * _net._featurePixels, s * _net._featurePixels) : Span<float>.Empty;
                if (job.Sequence) Conv1FromFrames(x, s);
                else Conv2dKernels.Forward(_g1, s, x, _net._w1Stacked, ReadOnlySpan<float>.Empty, _z1.AsSpan(0, s * _g1.OutputImageSize), relu: false);
                ForwardAfterConv1(s, dS, maps, pooled: job.Sequence);
                if (job.Mode == Mode.Train) BackwardChunk(x, s, dS, job.Batch);
            }
        }

        /// <summary>
        /// conv1 + bias + ReLU + pool of the s windows of s·(n − 1) + 1 consecutive frames, window b = frames b(n−1) … b(n−1) + n − 1,
        /// into _pool1: frames of phase p (index mod n − 1) are convolved once with [W_p; W_{n−1−p}] (Cin = 1, Cout = 2C), then
        /// z^f_b = Σ_c W_c * I_{b(n−1)+c} and z^r_b = Σ_c W_{n−1−c} * I_{b(n−1)+c} are sums of those planes (see ForwardSequence),
        /// each summed into one cache-resident plane and pooled at once (no chunk-sized pre-activation buffer is written).
        /// </summary>
        private void Conv1FromFrames(ReadOnlySpan<float> frames, int s)
        {
            var net = _net; var a = net._arch;
            int n = a.Frames, c = a.Channels, HW = a.Height * a.Width, hw1 = a.Conv1Height * a.Conv1Width;
            int stride = n - 1, planeY = 2 * c * hw1;
            EnsureSequenceBuffers();
            var g = new Conv2dGeometry(1, 2 * c, a.Height, a.Width, 5, 2, 2);
            for (int p = 0; p < stride; p++)
            {
                int count = p == 0 ? s + 1 : s;   // phase 0 holds both endpoints of every window
                ReadOnlySpan<float> input;
                if (stride == 1) input = frames[..(count * HW)];
                else
                {
                    for (int i = 0; i < count; i++) frames.Slice((i * stride + p) * HW, HW).CopyTo(_seqIn.AsSpan(i * HW, HW));
                    input = _seqIn.AsSpan(0, count * HW);
                }
                Conv2dKernels.Forward(g, count, input, net._w1Phase[p], ReadOnlySpan<float>.Empty, _seqY[p].AsSpan(0, count * planeY), relu: false);
            }
            int hw2 = a.Pool1Height * a.Pool1Width;
            ReadOnlySpan<float> b1 = net._b1.Value;
            Span<float> z = _z1.AsSpan(0, hw1);   // one plane: stays in L1
            for (int b = 0; b < s; b++)
                for (int dir = 0; dir < 2; dir++)   // 0: forward image 2b, 1: reversed image 2b + 1
                    for (int co = 0; co < c; co++)
                    {
                        for (int ci = 0; ci < n; ci++)
                        {
                            bool last = ci == n - 1;   // the last frame is phase 0 of the next window: its W_{n−1} is the second half
                            int p = last ? 0 : ci, frame = last ? b + 1 : b;
                            int half = (last ? 1 : 0) ^ dir;
                            ReadOnlySpan<float> y = _seqY[p].AsSpan(frame * planeY + (half * c + co) * hw1, hw1);
                            if (ci == 0) y.CopyTo(z);
                            else AddInPlace(z, y);
                        }
                        MaxPool2x2.Forward(z, 1, 1, a.Conv1Height, a.Conv1Width, b1.Slice(co, 1), _pool1.AsSpan(((2 * b + dir) * c + co) * hw2, hw2));
                    }
        }

        /// <summary>Σ_i w_i (f_i − r_i), vectorised.</summary>
        private static float WeightedDifference(ReadOnlySpan<float> w, ReadOnlySpan<float> f, ReadOnlySpan<float> r)
        {
            int i = 0;
            float sum = 0f;
            if (Vector.IsHardwareAccelerated && w.Length >= Vector<float>.Count)
            {
                var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
                var vf = MemoryMarshal.Cast<float, Vector<float>>(f[..w.Length]);
                var vr = MemoryMarshal.Cast<float, Vector<float>>(r[..w.Length]);
                var acc = Vector<float>.Zero;
                for (int v = 0; v < vw.Length; v++) acc += vw[v] * (vf[v] - vr[v]);
                sum = Vector.Sum(acc);
                i = vw.Length * Vector<float>.Count;
            }
            for (; i < w.Length; i++) sum += w[i] * (f[i] - r[i]);
            return sum;
        }

        /// <summary>d_i = 0 where the ReLU output a_i is not positive.</summary>
        private static void ReluMask(ReadOnlySpan<float> a, Span<float> d)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var va = MemoryMarshal.Cast<float, Vector<float>>(a[..d.Length]);
                var vd = MemoryMarshal.Cast<float, Vector<float>>(d);
                for (int v = 0; v < vd.Length; v++) vd[v] = Vector.ConditionalSelect(Vector.GreaterThan(va[v], Vector<float>.Zero), vd[v], Vector<float>.Zero);
                i = vd.Length * Vector<float>.Count;
            }
            for (; i < d.Length; i++) if (a[i] <= 0f) d[i] = 0f;
        }

        private static void AddInPlace(Span<float> acc, ReadOnlySpan<float> x)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var va = MemoryMarshal.Cast<float, Vector<float>>(acc);
                var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
                for (int v = 0; v < va.Length; v++) va[v] += vx[v];
                i = va.Length * Vector<float>.Count;
            }
            for (; i < acc.Length; i++) acc[i] += x[i];
        }

        private float[] _seqIn = [];
        private float[][] _seqY = [];

        /// <summary>Sequence-mode buffers, allocated on first use (training never needs them).</summary>
        private void EnsureSequenceBuffers()
        {
            if (_seqY.Length > 0) return;
            var a = _net._arch;
            int s = _net._chunk, stride = a.Frames - 1, planeY = 2 * a.Channels * a.Conv1Height * a.Conv1Width;
            _seqIn = stride > 1 ? new float[(s + 1) * a.Height * a.Width] : [];
            var y = new float[stride][];
            for (int p = 0; p < stride; p++) y[p] = new float[(p == 0 ? s + 1 : s) * planeY];
            _seqY = y;
        }

        private ReadOnlySpan<float> LayerInput(int l, int len) =>
            (_net._layers[l].PoolBefore ? _x[l] : l == 0 ? _pool1 : _act[l - 1]).AsSpan(0, len);

        /// <summary>From conv1's pre-activations in _z1 (2s, C, h1, w1), or its pooled output in _pool1 when <paramref name="pooled"/>, to ΔS_θ (and the maps): pool, 3×3 layers, Eq. (4)–(5).</summary>
        private void ForwardAfterConv1(int s, Span<float> deltaS, Span<float> maps, bool pooled)
        {
            var net = _net; var a = net._arch;
            int c = a.Channels, two = 2 * s;

            // max-pool, then bias + ReLU (both monotone, so they commute with the max)
            if (!pooled) MaxPool2x2.Forward(_z1, two * c, c, a.Conv1Height, a.Conv1Width, net._b1.Value, _pool1);

            // 3×3 layers (bias + ReLU fused into the convolution)
            for (int l = 0; l < net._layers.Length; l++)
            {
                var g = net._layers[l];
                if (g.PoolBefore)
                {
                    ReadOnlySpan<float> prev = l == 0 ? _pool1 : _act[l - 1];
                    MaxPool2x2.Forward(prev, two * g.In, g.In, g.InHeight, g.InWidth, ReadOnlySpan<float>.Empty, _x[l]);
                }
                var geo = _g[l];
                Conv2dKernels.Forward(geo, two, LayerInput(l, two * geo.InputImageSize), net._w[l].Value, net._b[l].Value,
                    _act[l].AsSpan(0, two * geo.OutputImageSize), relu: true);
            }

            // Eq. (4)–(5): H(x, y) = Σ_c w_c(x, y)[F^f_c − F^r_c]; ΔS_θ = Σ_xy H (the linear bias cancels)
            ReadOnlySpan<float> F = net._layers.Length > 0 ? _act[^1] : _pool1;
            ReadOnlySpan<float> w = net._fcW.Value;
            int P = net._featurePixels, fc = net._featureChannels, image = fc * P;
            for (int b = 0; b < s; b++)
            {
                ReadOnlySpan<float> ff = F.Slice(2 * b * image, image);
                ReadOnlySpan<float> fr = F.Slice((2 * b + 1) * image, image);
                deltaS[b] = WeightedDifference(w, ff, fr);   // the same sum with or without maps
                if (maps.IsEmpty) continue;
                Span<float> map = maps.Slice(b * P, P);
                map.Clear();
                for (int ch = 0; ch < fc; ch++)
                {
                    int o = ch * P;
                    for (int p = 0; p < P; p++) map[p] += w[o + p] * (ff[o + p] - fr[o + p]);
                }
            }
        }

        private void BackwardChunk(ReadOnlySpan<float> x, int s, ReadOnlySpan<float> deltaS, int batch)
        {
            var net = _net; var a = net._arch;
            int c = a.Channels;
            int hw1 = a.Conv1Height * a.Conv1Width;
            int two = 2 * s, P = net._featurePixels;
            int L = net._layers.Length;

            // dLoss/dΔS per window (Eq. 2): loss = mean(−ΔS + e^{−ΔS})
            ReadOnlySpan<float> F = L > 0 ? _act[^1] : _pool1;
            int fc = net._featureChannels, image = fc * P;
            Span<float> gW = Grads.AsSpan(net._fcW.Offset, net._fcW.Length);
            ReadOnlySpan<float> w = net._fcW.Value;
            Span<float> dF = _dA.AsSpan(0, two * image);
            for (int b = 0; b < s; b++)
            {
                float gb = EntropyObjective.LossGradient(deltaS[b], batch);
                ReadOnlySpan<float> ff = F.Slice(2 * b * image, image);
                ReadOnlySpan<float> fr = F.Slice((2 * b + 1) * image, image);
                Span<float> dff = dF.Slice(2 * b * image, image);
                Span<float> dfr = dF.Slice((2 * b + 1) * image, image);
                for (int i = 0; i < image; i++)
                {
                    gW[i] += gb * (ff[i] - fr[i]);
                    float d = gb * w[i];
                    dff[i] = d;
                    dfr[i] = -d;
                }
                ReluMask(ff, dff);   // ReLU mask of the last layer
                ReluMask(fr, dfr);
            }

            // 3×3 layers, last to first; dZ lives in cur, the input gradient goes to other
            float[] cur = _dA, other = _dB;
            for (int l = L - 1; l >= 0; l--)
            {
                var lay = net._layers[l];
                var geo = _g[l];
                ReadOnlySpan<float> dZ = cur.AsSpan(0, two * geo.OutputImageSize);
                Conv2dKernels.BackwardWeights(geo, two, LayerInput(l, two * geo.InputImageSize), dZ,
                    Grads.AsSpan(net._w[l].Offset, net._w[l].Length), Grads.AsSpan(net._b[l].Offset, lay.Out));
                Span<float> dX = other.AsSpan(0, two * geo.InputImageSize);
                Conv2dKernels.BackwardData(geo, two, dZ, net._w[l].Value, dX);
                // gradient w.r.t. the previous activation (pool1 output for l = 0, else the previous conv's output)
                ReadOnlySpan<float> prevAct = l == 0 ? _pool1 : _act[l - 1];
                int prevLen = two * lay.In * lay.InHeight * lay.InWidth;
                Span<float> dPrev;
                if (lay.PoolBefore)
                {
                    dPrev = cur.AsSpan(0, prevLen);   // dZ in cur is consumed; cur now holds dPrev
                    dPrev.Clear();
                    MaxPool2x2.Backward(prevAct, two * lay.In, lay.InHeight, lay.InWidth, dX, dPrev);
                }
                else
                {
                    dPrev = dX;
                    (cur, other) = (other, cur);
                }
                // ReLU mask of the previous activation (pool1 output is ReLU'd too)
                ReluMask(prevAct, dPrev[..prevLen]);
            }

            // pool1 (bias + ReLU fused): dP → per-channel bias gradient, scatter to conv1 outputs via argmax
            {
                int hw2 = a.Pool1Height * a.Pool1Width;
                ReadOnlySpan<float> dP = cur.AsSpan(0, two * c * hw2);
                Span<float> gB1 = Grads.AsSpan(net._b1.Offset, c);
                for (int q = 0; q < two * c; q++)
                {
                    float sum = 0f;
                    foreach (float d in dP.Slice(q * hw2, hw2)) sum += d;
                    gB1[q % c] += sum;
                }
                // the argmax is found again in conv1's pre-activations (_z1), so dZ1 goes to the other buffer
                Span<float> dZ1 = other.AsSpan(0, two * c * hw1);
                dZ1.Clear();
                MaxPool2x2.Backward(_z1, two * c, a.Conv1Height, a.Conv1Width, dP, dZ1);
                // dW1stacked (2C × n × 5 × 5) += Σ_windows dZ1 ⊗ input patches
                Conv2dKernels.BackwardWeights(_g1, s, x, dZ1, GradW1Stacked, Span<float>.Empty);
            }
        }
    }
}
