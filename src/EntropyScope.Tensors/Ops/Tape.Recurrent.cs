using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    /// <summary>What a recurrent layer keeps for its backward pass: its inputs and one workspace buffer.</summary>
    private sealed class RecurrentSaved
    {
        public required Tensor X, WeightIh, WeightHh;
        public Tensor? BiasIh, BiasHh, H0, C0;
        public required float[] Workspace;
        public int Batch, Steps, Inputs, Hidden;
    }

    private (int B, int T, int I, int H) CheckRecurrent(string op, int gates, Tensor x, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, Tensor? h0, Tensor? c0)
    {
        ShapeErrors.Rank(op, "input (batch-first [B, T, I])", x, 3);
        ShapeErrors.Rank(op, "weight_ih", wIh, 2);
        ShapeErrors.Rank(op, "weight_hh", wHh, 2);
        int B = x.Shape[0], T = x.Shape[1], I = x.Shape[2];
        if (wIh.Shape[0] % gates != 0 || wIh.Shape[1] != I) ShapeErrors.Fail(op, $"weight_ih must be [{gates}·H, I]", x, wIh);
        int H = wIh.Shape[0] / gates;
        if (wHh.Shape[0] != gates * H || wHh.Shape[1] != H) ShapeErrors.Fail(op, $"weight_hh must be [{gates}·H, H] with H = {H}", wIh, wHh);
        if (bIh != null && (bIh.Rank != 1 || bIh.Shape[0] != gates * H)) ShapeErrors.Fail(op, $"bias_ih must be [{gates}·H]", wIh, bIh);
        if (bHh != null && (bHh.Rank != 1 || bHh.Shape[0] != gates * H)) ShapeErrors.Fail(op, $"bias_hh must be [{gates}·H]", wHh, bHh);
        if (h0 != null && (h0.Rank != 2 || h0.Shape[0] != B || h0.Shape[1] != H)) ShapeErrors.Fail(op, "initial hidden state must be [B, H]", x, h0);
        if (c0 != null && (c0.Rank != 2 || c0.Shape[0] != B || c0.Shape[1] != H)) ShapeErrors.Fail(op, "initial cell state must be [B, H]", x, c0);
        if (T < 1) throw new ArgumentException($"{op}: the sequence is empty: input shape {Tensor.Format(x.Shape)}");
        return (B, T, I, H);
    }

    /// <summary>Fills every row of a [rows, n] buffer with <paramref name="bias"/> (or zeros).</summary>
    private static void FillRows(Span<float> dst, int rows, int n, Tensor? bias)
    {
        if (bias == null) { dst[..(rows * n)].Clear(); return; }
        var b = bias.Data;
        for (int r = 0; r < rows; r++) b.CopyTo(dst.Slice(r * n, n));
    }

    /// <summary>
    /// One GRU layer (torch.nn.GRU, batch_first, gate order r, z, n) over x [B, T, I] with weight_ih [3H, I],
    /// weight_hh [3H, H], biases [3H] (or null) and initial state h0 [B, H] (null: zeros). Returns all hidden
    /// states [B, T, H]; the last one is <c>Select(output, 1, T − 1)</c>.
    /// The input projections of all steps are one GEMM; each step is one GEMM plus fused gate math, parallel over the batch.
    /// </summary>
    public Tensor Gru(Tensor x, Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh, Tensor? h0 = null)
    {
        var (B, T, I, H) = CheckRecurrent("Gru", 3, x, weightIh, weightHh, biasIh, biasHh, h0, null);
        int G = 3 * H, rows = B * T;
        var y = NewTensor(B, T, H);
        float[] ws = Scratch(rows * G + rows * H);   // [B, T, 3H] gates (r, z, n), then [B, T, H] saved hn
        float[] hp = Scratch(B * G);
        FillRows(ws, rows, G, biasIh);
        Gemm.Multiply(rows, G, I, x.Data, I, false, weightIh.Data, I, true, ws.AsSpan(0, rows * G), G, accumulate: true);
        float[] yArr = y.DataArray(out _);
        float[]? h0Arr = h0?.DataArray(out _);
        int h0Off = 0;
        if (h0 != null) h0.DataArray(out h0Off);
        for (int t = 0; t < T; t++)
        {
            FillRows(hp, B, G, biasHh);
            if (t > 0) Gemm.Multiply(B, G, H, y.Data[((t - 1) * H)..], T * H, false, weightHh.Data, H, true, hp.AsSpan(0, B * G), G, accumulate: true);
            else if (h0 != null) Gemm.Multiply(B, G, H, h0.Data, H, false, weightHh.Data, H, true, hp.AsSpan(0, B * G), G, accumulate: true);
            int step = t;
            Workers.For(B, 16, (lo, hi) =>
            {
                for (int b = lo; b < hi; b++)
                {
                    int row = b * T + step;
                    ReadOnlySpan<float> prev = step > 0 ? yArr.AsSpan((row - 1) * H, H) : h0Arr != null ? h0Arr.AsSpan(h0Off + b * H, H) : default;
                    GateMath.GruForward(ws.AsSpan(row * G, G), hp.AsSpan(b * G, G), prev, yArr.AsSpan(row * H, H), ws.AsSpan(rows * G + row * H, H));
                }
            });
        }
        if (IsRecording && (x.RequiresGrad || weightIh.RequiresGrad || weightHh.RequiresGrad || (biasIh?.RequiresGrad ?? false)
                            || (biasHh?.RequiresGrad ?? false) || (h0?.RequiresGrad ?? false)))
        {
            var saved = new RecurrentSaved { X = x, WeightIh = weightIh, WeightHh = weightHh, BiasIh = biasIh, BiasHh = biasHh, H0 = h0, Workspace = ws, Batch = B, Steps = T, Inputs = I, Hidden = H };
            Record(static (tape, n) => tape.GruBackward((RecurrentSaved)n.State!, n.Out), y, state: saved);
        }
        return y;
    }

    private void GruBackward(RecurrentSaved s, Tensor y)
    {
        int B = s.Batch, T = s.Steps, I = s.Inputs, H = s.Hidden, G = 3 * H, rows = B * T;
        float[] ws = s.Workspace;
        float[] dXp = Scratch(rows * G), dHp = Scratch(B * G), dhNext = Scratch(B * H);
        Array.Clear(dhNext, 0, B * H);
        float[] yArr = y.DataArray(out _), dyArr = y.GradArray(out _);
        float[]? h0Arr = s.H0?.DataArray(out _);
        int h0Off = 0;
        if (s.H0 != null) s.H0.DataArray(out h0Off);
        for (int t = T - 1; t >= 0; t--)
        {
            int step = t;
            Workers.For(B, 16, (lo, hi) =>
            {
                for (int b = lo; b < hi; b++)
                {
                    int row = b * T + step;
                    ReadOnlySpan<float> prev = step > 0 ? yArr.AsSpan((row - 1) * H, H) : h0Arr != null ? h0Arr.AsSpan(h0Off + b * H, H) : default;
                    GateMath.GruBackward(ws.AsSpan(row * G, G), ws.AsSpan(rows * G + row * H, H), prev, dyArr.AsSpan(row * H, H),
                        dhNext.AsSpan(b * H, H), dXp.AsSpan(row * G, G), dHp.AsSpan(b * G, G));
                }
            });
            RecurrentHiddenGrads(s, y, t, G, dHp, dhNext, overwriteDh: false);
        }
        RecurrentInputGrads(s, G, dXp, dhNext);
    }

    /// <summary>Per-step hidden-path gradients: dW_hh += dHpᵀ·h₋, db_hh += Σ dHp, dh₋ (+)= dHp·W_hh.</summary>
    private static void RecurrentHiddenGrads(RecurrentSaved s, Tensor y, int t, int G, float[] dHp, float[] dhNext, bool overwriteDh)
    {
        int B = s.Batch, T = s.Steps, H = s.Hidden;
        var dHpSpan = dHp.AsSpan(0, B * G);
        bool hasPrev = t > 0 || s.H0 != null;
        if (s.WeightHh.RequiresGrad && hasPrev)
        {
            if (t > 0) Gemm.Multiply(G, H, B, dHpSpan, G, true, y.Data[((t - 1) * H)..], T * H, false, s.WeightHh.Grad, H, accumulate: true);
            else Gemm.Multiply(G, H, B, dHpSpan, G, true, s.H0!.Data, H, false, s.WeightHh.Grad, H, accumulate: true);
        }
        if (s.BiasHh is { RequiresGrad: true }) VectorMath.AddColumnSums(dHpSpan, B, G, s.BiasHh.Grad);
        if (t > 0 || (s.H0?.RequiresGrad ?? false))
            Gemm.Multiply(B, H, G, dHpSpan, G, false, s.WeightHh.Data, H, false, dhNext.AsSpan(0, B * H), H, accumulate: !overwriteDh);
    }

    /// <summary>After the time loop: input-path gradients from all steps at once, and the initial state's gradient.</summary>
    private static void RecurrentInputGrads(RecurrentSaved s, int G, float[] dXp, float[] dhNext)
    {
        int B = s.Batch, T = s.Steps, I = s.Inputs, H = s.Hidden, rows = B * T;
        var dXpSpan = dXp.AsSpan(0, rows * G);
        if (s.H0 is { RequiresGrad: true }) VectorMath.AddInPlace(s.H0.Grad, dhNext.AsSpan(0, B * H));
        if (s.BiasIh is { RequiresGrad: true }) VectorMath.AddColumnSums(dXpSpan, rows, G, s.BiasIh.Grad);
        if (s.WeightIh.RequiresGrad) Gemm.Multiply(G, I, rows, dXpSpan, G, true, s.X.Data, I, false, s.WeightIh.Grad, I, accumulate: true);
        if (s.X.RequiresGrad) Gemm.Multiply(rows, I, G, dXpSpan, G, false, s.WeightIh.Data, I, false, s.X.Grad, I, accumulate: true);
    }

    /// <summary>
    /// One LSTM layer (torch.nn.LSTM, batch_first, gate order i, f, g, o) over x [B, T, I] with weight_ih [4H, I],
    /// weight_hh [4H, H], biases [4H] (or null) and initial states h0, c0 [B, H] (null: zeros). Returns all hidden
    /// states [B, T, H] (differentiable) and the last cell state [B, H] (a value only: no gradient flows through it).
    /// </summary>
    public (Tensor Output, Tensor LastCell) Lstm(Tensor x, Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh, Tensor? h0 = null, Tensor? c0 = null)
    {
        var (B, T, I, H) = CheckRecurrent("Lstm", 4, x, weightIh, weightHh, biasIh, biasHh, h0, c0);
        int G = 4 * H, rows = B * T;
        var y = NewTensor(B, T, H);
        float[] ws = Scratch(rows * G + 2 * rows * H);   // [B, T, 4H] gates, then [B, T, H] c, then [B, T, H] tanh c
        float[] hp = Scratch(B * G);
        FillRows(ws, rows, G, biasIh);
        Gemm.Multiply(rows, G, I, x.Data, I, false, weightIh.Data, I, true, ws.AsSpan(0, rows * G), G, accumulate: true);
        float[] yArr = y.DataArray(out _);
        float[]? c0Arr = c0?.DataArray(out _);
        int c0Off = 0;
        if (c0 != null) c0.DataArray(out c0Off);
        int cBase = rows * G, tcBase = rows * G + rows * H;
        for (int t = 0; t < T; t++)
        {
            FillRows(hp, B, G, biasHh);
            if (t > 0) Gemm.Multiply(B, G, H, y.Data[((t - 1) * H)..], T * H, false, weightHh.Data, H, true, hp.AsSpan(0, B * G), G, accumulate: true);
            else if (h0 != null) Gemm.Multiply(B, G, H, h0.Data, H, false, weightHh.Data, H, true, hp.AsSpan(0, B * G), G, accumulate: true);
            int step = t;
            Workers.For(B, 16, (lo, hi) =>
            {
                for (int b = lo; b < hi; b++)
                {
                    int row = b * T + step;
                    ReadOnlySpan<float> cPrev = step > 0 ? ws.AsSpan(cBase + (row - 1) * H, H) : c0Arr != null ? c0Arr.AsSpan(c0Off + b * H, H) : default;
                    GateMath.LstmForward(ws.AsSpan(row * G, G), hp.AsSpan(b * G, G), cPrev, ws.AsSpan(cBase + row * H, H), ws.AsSpan(tcBase + row * H, H), yArr.AsSpan(row * H, H));
                }
            });
        }
        var lastCell = NewTensor(B, H);
        var lc = lastCell.Data;
        for (int b = 0; b < B; b++) ws.AsSpan(cBase + (b * T + T - 1) * H, H).CopyTo(lc.Slice(b * H, H));
        if (IsRecording && (x.RequiresGrad || weightIh.RequiresGrad || weightHh.RequiresGrad || (biasIh?.RequiresGrad ?? false)
                            || (biasHh?.RequiresGrad ?? false) || (h0?.RequiresGrad ?? false) || (c0?.RequiresGrad ?? false)))
        {
            var saved = new RecurrentSaved { X = x, WeightIh = weightIh, WeightHh = weightHh, BiasIh = biasIh, BiasHh = biasHh, H0 = h0, C0 = c0, Workspace = ws, Batch = B, Steps = T, Inputs = I, Hidden = H };
            Record(static (tape, n) => tape.LstmBackward((RecurrentSaved)n.State!, n.Out), y, state: saved);
        }
        return (y, lastCell);
    }

    private void LstmBackward(RecurrentSaved s, Tensor y)
    {
        int B = s.Batch, T = s.Steps, H = s.Hidden, G = 4 * H, rows = B * T;
        float[] ws = s.Workspace;
        int cBase = rows * G, tcBase = rows * G + rows * H;
        float[] dXp = Scratch(rows * G), dG = Scratch(B * G), dhNext = Scratch(B * H), dcNext = Scratch(B * H);
        Array.Clear(dhNext, 0, B * H);
        Array.Clear(dcNext, 0, B * H);
        float[] dyArr = y.GradArray(out _);
        float[]? c0Arr = s.C0?.DataArray(out _);
        int c0Off = 0;
        if (s.C0 != null) s.C0.DataArray(out c0Off);
        for (int t = T - 1; t >= 0; t--)
        {
            int step = t;
            Workers.For(B, 16, (lo, hi) =>
            {
                for (int b = lo; b < hi; b++)
                {
                    int row = b * T + step;
                    ReadOnlySpan<float> cPrev = step > 0 ? ws.AsSpan(cBase + (row - 1) * H, H) : c0Arr != null ? c0Arr.AsSpan(c0Off + b * H, H) : default;
                    var dRow = dXp.AsSpan(row * G, G);
                    GateMath.LstmBackward(ws.AsSpan(row * G, G), cPrev, ws.AsSpan(tcBase + row * H, H), dyArr.AsSpan(row * H, H),
                        dhNext.AsSpan(b * H, H), dcNext.AsSpan(b * H, H), dRow);
                    dRow.CopyTo(dG.AsSpan(b * G, G));
                }
            });
            RecurrentHiddenGrads(s, y, t, G, dG, dhNext, overwriteDh: true);
        }
        if (s.C0 is { RequiresGrad: true }) VectorMath.AddInPlace(s.C0.Grad, dcNext.AsSpan(0, B * H));
        RecurrentInputGrads(s, G, dXp, dhNext);
    }
}
