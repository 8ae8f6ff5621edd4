using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    /// <summary>What a recurrent layer keeps for its backward pass: its inputs and one workspace buffer.</summary>
    private sealed class RecurrentSaved
    {
        public required Tensor Projected, WeightHh;
        public Tensor? BiasHh, H0, C0;
        public required float[] Workspace;
        public int Batch, Steps, Hidden;
    }

    /// <summary>
    /// One GRU layer (torch.nn.GRU, batch_first, gate order r, z, n) over x [B, T, I] with weight_ih [3H, I],
    /// weight_hh [3H, H], biases [3H] (or null) and initial state h0 [B, H] (null: zeros). Returns all hidden
    /// states [B, T, H]; the last one is <c>Select(output, 1, T − 1)</c>.
    /// The input projections of all steps are one GEMM (<see cref="Linear"/>); then <see cref="GruProjected"/>.
    /// </summary>
    public Tensor Gru(Tensor x, Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh, Tensor? h0 = null)
    {
        ShapeErrors.Rank("Gru", "input (batch-first [B, T, I])", x, 3);
        if (weightIh.Rank != 2 || weightIh.Shape[0] % 3 != 0 || weightIh.Shape[1] != x.Shape[2]) ShapeErrors.Fail("Gru", "weight_ih must be [3·H, I]", x, weightIh);
        return GruProjected(Linear(x, weightIh, biasIh), weightHh, biasHh, h0);
    }

    /// <summary>
    /// The GRU recurrence given the input projections xp = x·W_ihᵀ + b_ih [B, T, 3H] (e.g. from <see cref="Linear"/>,
    /// or an <see cref="Embedding"/> of a projected table when inputs are tokens). Each step is one GEMM for the
    /// hidden projection plus fused gate math, parallel over the batch.
    /// </summary>
    public Tensor GruProjected(Tensor xp, Tensor weightHh, Tensor? biasHh, Tensor? h0 = null)
    {
        var (B, T, H) = CheckRecurrent("Gru", 3, xp, weightHh, biasHh, h0, null);
        int G = 3 * H, rows = B * T;
        var y = NewTensor(B, T, H);
        float[] ws = Scratch(rows * G + rows * H);   // [B, T, 3H] gates (r, z, n), then [B, T, H] saved hn
        float[] hp = Scratch(B * G);
        float[] xpArr = xp.DataArray(out int xpOff);
        float[] yArr = y.DataArray(out _);
        float[]? h0Arr = h0?.DataArray(out _);
        int h0Off = 0;
        if (h0 != null) h0.DataArray(out h0Off);
        for (int t = 0; t < T; t++)
        {
            HiddenProjection(hp, y, t, T, B, G, H, weightHh, biasHh, h0);
            int step = t;
            Workers.For(B, 16, (lo, hi) =>
            {
                for (int b = lo; b < hi; b++)
                {
                    int row = b * T + step;
                    ReadOnlySpan<float> prev = step > 0 ? yArr.AsSpan((row - 1) * H, H) : h0Arr != null ? h0Arr.AsSpan(h0Off + b * H, H) : default;
                    GateMath.GruForward(xpArr.AsSpan(xpOff + row * G, G), ws.AsSpan(row * G, G), hp.AsSpan(b * G, G), prev,
                        yArr.AsSpan(row * H, H), ws.AsSpan(rows * G + row * H, H));
                }
            });
        }
        if (IsRecording && (xp.RequiresGrad || weightHh.RequiresGrad || (biasHh?.RequiresGrad ?? false) || (h0?.RequiresGrad ?? false)))
        {
            var saved = new RecurrentSaved { Projected = xp, WeightHh = weightHh, BiasHh = biasHh, H0 = h0, Workspace = ws, Batch = B, Steps = T, Hidden = H };
            Record(static (tape, n) => tape.GruBackward((RecurrentSaved)n.State!, n.Out), y, state: saved);
        }
        return y;
    }

    private void GruBackward(RecurrentSaved s, Tensor y)
    {
        int B = s.Batch, T = s.Steps, H = s.Hidden, G = 3 * H, rows = B * T;
        float[] ws = s.Workspace;
        bool wantXp = s.Projected.RequiresGrad;
        int dXpOff = 0;
        float[]? dXp = wantXp ? s.Projected.GradArray(out dXpOff) : null;
        float[] dHp = Scratch(rows * G), dhNext = Scratch(B * H);   // dHp of every step, batch-first [B, T, 3H]
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
                Span<float> sink = stackalloc float[wantXp ? 0 : G];
                for (int b = lo; b < hi; b++)
                {
                    int row = b * T + step;
                    ReadOnlySpan<float> prev = step > 0 ? yArr.AsSpan((row - 1) * H, H) : h0Arr != null ? h0Arr.AsSpan(h0Off + b * H, H) : default;
                    var dxpRow = dXp != null ? dXp.AsSpan(dXpOff + row * G, G) : sink;
                    GateMath.GruBackward(ws.AsSpan(row * G, G), ws.AsSpan(rows * G + row * H, H), prev, dyArr.AsSpan(row * H, H),
                        dhNext.AsSpan(b * H, H), dxpRow, dHp.AsSpan(row * G, G));
                }
            });
            HiddenStateGrad(s, t, G, dHp, dhNext, overwriteDh: false);
        }
        HiddenWeightGrads(s, y, G, dHp);
        if (s.H0 is { RequiresGrad: true }) VectorMath.AddInPlace(s.H0.Grad, dhNext.AsSpan(0, B * H));
    }

    /// <summary>
    /// One LSTM layer (torch.nn.LSTM, batch_first, gate order i, f, g, o) over x [B, T, I] with weight_ih [4H, I],
    /// weight_hh [4H, H], biases [4H] (or null) and initial states h0, c0 [B, H] (null: zeros). Returns all hidden
    /// states [B, T, H] (differentiable) and the last cell state [B, H] (a value only: no gradient flows through it).
    /// </summary>
    public (Tensor Output, Tensor LastCell) Lstm(Tensor x, Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh, Tensor? h0 = null, Tensor? c0 = null)
    {
        ShapeErrors.Rank("Lstm", "input (batch-first [B, T, I])", x, 3);
        if (weightIh.Rank != 2 || weightIh.Shape[0] % 4 != 0 || weightIh.Shape[1] != x.Shape[2]) ShapeErrors.Fail("Lstm", "weight_ih must be [4·H, I]", x, weightIh);
        return LstmProjected(Linear(x, weightIh, biasIh), weightHh, biasHh, h0, c0);
    }

    /// <summary>The LSTM recurrence given the input projections xp = x·W_ihᵀ + b_ih [B, T, 4H].</summary>
    public (Tensor Output, Tensor LastCell) LstmProjected(Tensor xp, Tensor weightHh, Tensor? biasHh, Tensor? h0 = null, Tensor? c0 = null)
    {
        var (B, T, H) = CheckRecurrent("Lstm", 4, xp, weightHh, biasHh, h0, c0);
        int G = 4 * H, rows = B * T;
        var y = NewTensor(B, T, H);
        float[] ws = Scratch(rows * G + 2 * rows * H);   // [B, T, 4H] gates, then [B, T, H] c, then [B, T, H] tanh c
        float[] hp = Scratch(B * G);
        float[] xpArr = xp.DataArray(out int xpOff);
        float[] yArr = y.DataArray(out _);
        float[]? c0Arr = c0?.DataArray(out _);
        int c0Off = 0;
        if (c0 != null) c0.DataArray(out c0Off);
        int cBase = rows * G, tcBase = rows * G + rows * H;
        for (int t = 0; t < T; t++)
        {
            HiddenProjection(hp, y, t, T, B, G, H, weightHh, biasHh, h0);
            int step = t;
            Workers.For(B, 16, (lo, hi) =>
            {
                for (int b = lo; b < hi; b++)
                {
                    int row = b * T + step;
                    ReadOnlySpan<float> cPrev = step > 0 ? ws.AsSpan(cBase + (row - 1) * H, H) : c0Arr != null ? c0Arr.AsSpan(c0Off + b * H, H) : default;
                    GateMath.LstmForward(xpArr.AsSpan(xpOff + row * G, G), ws.AsSpan(row * G, G), hp.AsSpan(b * G, G), cPrev,
                        ws.AsSpan(cBase + row * H, H), ws.AsSpan(tcBase + row * H, H), yArr.AsSpan(row * H, H));
                }
            });
        }
        var lastCell = NewTensor(B, H);
        var lc = lastCell.Data;
        for (int b = 0; b < B; b++) ws.AsSpan(cBase + (b * T + T - 1) * H, H).CopyTo(lc.Slice(b * H, H));
        if (IsRecording && (xp.RequiresGrad || weightHh.RequiresGrad || (biasHh?.RequiresGrad ?? false) || (h0?.RequiresGrad ?? false) || (c0?.RequiresGrad ?? false)))
        {
            var saved = new RecurrentSaved { Projected = xp, WeightHh = weightHh, BiasHh = biasHh, H0 = h0, C0 = c0, Workspace = ws, Batch = B, Steps = T, Hidden = H };
            Record(static (tape, n) => tape.LstmBackward((RecurrentSaved)n.State!, n.Out), y, state: saved);
        }
        return (y, lastCell);
    }

    private void LstmBackward(RecurrentSaved s, Tensor y)
    {
        int B = s.Batch, T = s.Steps, H = s.Hidden, G = 4 * H, rows = B * T;
        float[] ws = s.Workspace;
        int cBase = rows * G, tcBase = rows * G + rows * H;
        bool wantXp = s.Projected.RequiresGrad;
        int dXpOff = 0;
        float[]? dXp = wantXp ? s.Projected.GradArray(out dXpOff) : null;
        float[] dG = Scratch(rows * G), dhNext = Scratch(B * H), dcNext = Scratch(B * H);   // gate gradients of every step [B, T, 4H]
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
                    var dRow = dG.AsSpan(row * G, G);
                    GateMath.LstmBackward(ws.AsSpan(row * G, G), cPrev, ws.AsSpan(tcBase + row * H, H), dyArr.AsSpan(row * H, H),
                        dhNext.AsSpan(b * H, H), dcNext.AsSpan(b * H, H), dRow);
                    if (dXp != null) VectorMath.AddInPlace(dXp.AsSpan(dXpOff + row * G, G), dRow);
                }
            });
            HiddenStateGrad(s, t, G, dG, dhNext, overwriteDh: true);
        }
        HiddenWeightGrads(s, y, G, dG);
        if (s.H0 is { RequiresGrad: true }) VectorMath.AddInPlace(s.H0.Grad, dhNext.AsSpan(0, B * H));
        if (s.C0 is { RequiresGrad: true }) VectorMath.AddInPlace(s.C0.Grad, dcNext.AsSpan(0, B * H));
    }

    private (int B, int T, int H) CheckRecurrent(string op, int gates, Tensor xp, Tensor wHh, Tensor? bHh, Tensor? h0, Tensor? c0)
    {
        ShapeErrors.Rank(op, $"input projections ([B, T, {gates}·H])", xp, 3);
        ShapeErrors.Rank(op, "weight_hh", wHh, 2);
        int B = xp.Shape[0], T = xp.Shape[1];
        int H = wHh.Shape[1];
        if (wHh.Shape[0] != gates * H || xp.Shape[2] != gates * H) ShapeErrors.Fail(op, $"weight_hh must be [{gates}·H, H] matching the input projections [B, T, {gates}·H]", xp, wHh);
        if (bHh != null && (bHh.Rank != 1 || bHh.Shape[0] != gates * H)) ShapeErrors.Fail(op, $"bias_hh must be [{gates}·H]", wHh, bHh);
        if (h0 != null && (h0.Rank != 2 || h0.Shape[0] != B || h0.Shape[1] != H)) ShapeErrors.Fail(op, "initial hidden state must be [B, H]", xp, h0);
        if (c0 != null && (c0.Rank != 2 || c0.Shape[0] != B || c0.Shape[1] != H)) ShapeErrors.Fail(op, "initial cell state must be [B, H]", xp, c0);
        if (T < 1) throw new ArgumentException($"{op}: the sequence is empty: input shape {Tensor.Format(xp.Shape)}");
        return (B, T, H);
    }

    /// <summary>hp = b_hh + h₋·W_hhᵀ for all sequences at step t (h₋ is read in place from the batch-first output).</summary>
    private static void HiddenProjection(float[] hp, Tensor y, int t, int T, int B, int G, int H, Tensor wHh, Tensor? bHh, Tensor? h0)
    {
        var dst = hp.AsSpan(0, B * G);
        if (bHh == null) dst.Clear();
        else { var b = bHh.Data; for (int r = 0; r < B; r++) b.CopyTo(dst.Slice(r * G, G)); }
        if (t > 0) Gemm.Multiply(B, G, H, y.Data[((t - 1) * H)..], T * H, false, wHh.Data, H, true, dst, G, accumulate: true);
        else if (h0 != null) Gemm.Multiply(B, G, H, h0.Data, H, false, wHh.Data, H, true, dst, G, accumulate: true);
    }

    /// <summary>Per step: dh₋ (+)= dHp_t·W_hh, with dHp_t read in place (row stride T·G) from the all-steps buffer.</summary>
    private static void HiddenStateGrad(RecurrentSaved s, int t, int G, float[] dHp, float[] dhNext, bool overwriteDh)
    {
        int B = s.Batch, T = s.Steps, H = s.Hidden;
        if (t > 0 || (s.H0?.RequiresGrad ?? false))
            Gemm.Multiply(B, H, G, dHp.AsSpan(t * G, (B * T - t) * G), T * G, false, s.WeightHh.Data, H, false, dhNext.AsSpan(0, B * H), H, accumulate: !overwriteDh);
    }

    /// <summary>
    /// After the time loop: db_hh += Σ dHp over all steps, and dW_hh += Σ_t dHp_tᵀ·h_{t−1} as ONE GEMM over all
    /// B·T rows: in batch-first order row (b, t) pairs with output row (b, t − 1), i.e. the previous flat row, so
    /// zeroing the t = 0 rows (which pair with h0, handled separately) makes the whole sum a single product with K = B·T − 1.
    /// </summary>
    private static void HiddenWeightGrads(RecurrentSaved s, Tensor y, int G, float[] dHp)
    {
        int B = s.Batch, T = s.Steps, H = s.Hidden, rows = B * T;
        var all = dHp.AsSpan(0, rows * G);
        if (s.BiasHh is { RequiresGrad: true }) VectorMath.AddColumnSums(all, rows, G, s.BiasHh.Grad);
        if (!s.WeightHh.RequiresGrad) return;
        if (s.H0 != null) Gemm.Multiply(G, H, B, all, T * G, true, s.H0.Data, H, false, s.WeightHh.Grad, H, accumulate: true);
        if (T == 1) return;
        for (int b = 0; b < B; b++) all.Slice(b * T * G, G).Clear();
        Gemm.Multiply(G, H, rows - 1, all[G..], G, true, y.Data, H, false, s.WeightHh.Grad, H, accumulate: true);
    }
}
