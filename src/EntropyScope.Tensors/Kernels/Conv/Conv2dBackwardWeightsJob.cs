using System.Runtime.Intrinsics;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Backward weights: dW += dY · col(X)ᵀ per image group (Cout × pixels times pixels × Cin·k²), db += Σ dY.
/// The inner index runs over each image's output grid (see <see cref="Conv2dWeightGradOperands"/>).
/// Each worker sums into its own partial (Cout·Cin·k² + Cout floats); the caller adds the partials into the gradient
/// in worker order, so the result does not depend on thread timing.
/// </summary>
internal sealed unsafe class Conv2dBackwardWeightsJob : Conv2dJob
{
    [ThreadStatic] private static Conv2dBackwardWeightsJob? perThread;
    public static Conv2dBackwardWeightsJob ForThisThread => perThread ??= new Conv2dBackwardWeightsJob();

    private float* input, gradOutput;

    public void Set(in Conv2dGeometry g, int batch, int workers, float* input, float* gradOutput)
    {
        Prepare(g, batch, workers);
        this.input = input;
        this.gradOutput = gradOutput;
    }

    private int PartialSize => G.WeightSize + G.OutChannels;

    /// <summary>
    /// Whether to compute dWᵀ (the partial then holds Cin·k² × Cout): when that pads the tiles less, i.e. the ragged one
    /// of Cout and Cin·k² goes along the MR = 8 rows rather than the NR = 32 columns.
    /// </summary>
    private bool Transposed
    {
        get
        {
            var (mr, nr) = GemmIsaInfo.Tile(GemmIsaInfo.Best);
            static long Up(int x, int unit) => (x + unit - 1) / unit * unit;
            return Up(G.PatchSize, mr) * Up(G.OutChannels, nr) < Up(G.OutChannels, mr) * Up(G.PatchSize, nr);
        }
    }

    protected override void Begin(GemmConvScratch s) => new Span<float>(s.Partial.Get(PartialSize), PartialSize).Clear();

    protected override void RunChunk(GemmConvScratch s, int n0, int images)
    {
        int plane = G.OutPlaneSize, patch = G.PatchSize, cout = G.OutChannels;
        int run = Tables.GridRun, wph = Tables.PhaseWidth, positions = images * run;
        float* dw = s.Partial.Get(PartialSize);
        float* db = dw + G.WeightSize;
        float* dyGroup = gradOutput + (long)n0 * G.OutputImageSize;

        // dY on the output grid (zero off the Ho × Wo outputs), and the bias gradient on the way.
        float* grid = s.Matrix.Get((long)cout * positions);
        new Span<float>(grid, cout * positions).Clear();
        for (int i = 0; i < images; i++)
        for (int c = 0; c < cout; c++)
        {
            float* src = dyGroup + (long)i * G.OutputImageSize + c * plane;
            float* dst = grid + (long)c * positions + i * run;
            for (int oy = 0; oy < G.OutHeight; oy++)
                RunCopy.Exact(src + oy * G.OutWidth, dst + oy * wph, G.OutWidth);
            db[c] += Sum(src, plane);
        }

        float* prepared = PreparedInput(s, input, n0, images);
        if (Transposed)
            GemmBlocked.Run(GemmIsaInfo.Best, patch, cout, positions,
                new Conv2dWeightGradTransposedOperands(grid, positions, prepared, Tables), dw, cout, accumulate: true);
        else
            GemmBlocked.Run(GemmIsaInfo.Best, cout, patch, positions,
                new Conv2dWeightGradOperands(grid, positions, prepared, Tables), dw, patch, accumulate: true);
    }

    /// <summary>Σ x[0..n) with eight independent vector accumulators (a scalar running sum is latency-bound).</summary>
    private static float Sum(float* x, int n)
    {
        Vector256<float> a0 = default, a1 = default;
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            a0 += Vector256.Load(x + i);
            a1 += Vector256.Load(x + i + 8);
        }
        for (; i + 8 <= n; i += 8) a0 += Vector256.Load(x + i);
        float sum = Vector256.Sum(a0 + a1);
        for (; i < n; i++) sum += x[i];
        return sum;
    }

    /// <summary>gradWeight += Σ_w partial_w[weights], gradBias += Σ_w partial_w[bias], in worker order.</summary>
    public void AddPartials(Span<float> gradWeight, Span<float> gradBias)
    {
        for (int w = 0; w < WorkersUsed; w++)
        {
            var partial = new ReadOnlySpan<float>(Scratch(w).Partial.Get(PartialSize), PartialSize);
            var dw = partial[..G.WeightSize];
            if (Transposed)
            {
                int patch = G.PatchSize, cout = G.OutChannels;
                for (int c = 0; c < cout; c++)
                for (int t = 0; t < patch; t++) gradWeight[c * patch + t] += dw[t * cout + c];
            }
            else
                for (int i = 0; i < dw.Length; i++) gradWeight[i] += dw[i];
            if (!gradBias.IsEmpty)
                for (int c = 0; c < G.OutChannels; c++) gradBias[c] += partial[G.WeightSize + c];
        }
    }
}
