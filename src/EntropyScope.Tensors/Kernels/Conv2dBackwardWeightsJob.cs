namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Backward weights: dW += dY · col(X)ᵀ per image group (Cout × pixels times pixels × Cin·k²), db += Σ dY.
/// Both operands are offset views (dY straight from NCHW, col(X) from the padded images): nothing is copied but the padding.
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

    protected override void Begin(WorkerScratch s) => new Span<float>(s.Partial.Get(PartialSize), PartialSize).Clear();

    protected override void RunGroup(WorkerScratch s, int n0, int images)
    {
        int plane = G.OutPlaneSize, cols = images * plane, patch = G.PatchSize, cout = G.OutChannels;
        float* dw = s.Partial.Get(PartialSize);
        float* dyGroup = gradOutput + (long)n0 * G.OutputImageSize;
        var dy = new OffsetMatrix(dyGroup, Tables.GradRows, Tables.GradColumns);
        var colT = new OffsetMatrix(PaddedInput(s, input, n0, images), Tables.Pixels, Tables.Taps);
        GemmBlocked.Run(GemmIsaInfo.Best, cout, patch, cols, new OffsetOperands(dy, colT), dw, patch, accumulate: true);

        float* db = dw + G.WeightSize;
        for (int i = 0; i < images; i++)
        for (int c = 0; c < cout; c++)
        {
            float* row = dyGroup + (long)i * G.OutputImageSize + c * plane;
            float sum = 0;
            for (int j = 0; j < plane; j++) sum += row[j];
            db[c] += sum;
        }
    }

    /// <summary>gradWeight += Σ_w partial_w[weights], gradBias += Σ_w partial_w[bias], in worker order.</summary>
    public void AddPartials(Span<float> gradWeight, Span<float> gradBias)
    {
        for (int w = 0; w < WorkersUsed; w++)
        {
            var partial = new ReadOnlySpan<float>(Scratch(w).Partial.Get(PartialSize), PartialSize);
            var dw = partial[..G.WeightSize];
            for (int i = 0; i < dw.Length; i++) gradWeight[i] += dw[i];
            if (!gradBias.IsEmpty)
                for (int c = 0; c < G.OutChannels; c++) gradBias[c] += partial[G.WeightSize + c];
        }
    }
}
