using System.Runtime.Intrinsics;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Forward: Y = W · col(X) per image group (Cout × Cin·k² times Cin·k² × pixels) with col(X) read straight from the
/// prepared images by the packing (implicit im2col, see <see cref="Conv2dForwardOperands"/>), then bias and optional ReLU on the way out to NCHW.
/// </summary>
internal sealed unsafe class Conv2dForwardJob : Conv2dJob
{
    [ThreadStatic] private static Conv2dForwardJob? perThread;
    public static Conv2dForwardJob ForThisThread => perThread ??= new Conv2dForwardJob();

    private float* input, weight, bias, output;
    private bool relu;

    public void Set(in Conv2dGeometry g, int batch, int workers, float* input, float* weight, float* bias, float* output, bool relu)
    {
        Prepare(g, batch, workers);
        this.input = input;
        this.weight = weight;
        this.bias = bias;
        this.output = output;
        this.relu = relu;
    }

    protected override void RunChunk(GemmConvScratch s, int n0, int images)
    {
        int plane = G.OutPlaneSize, cols = images * plane, cout = G.OutChannels;
        float* y = s.Matrix.Get((long)cout * cols);
        var operands = new Conv2dForwardOperands(weight, G.PatchSize, PreparedInput(s, input, n0, images), Tables);
        GemmBlocked.Run(GemmIsaInfo.Best, cout, cols, G.PatchSize, operands, y, cols, accumulate: false);

        for (int i = 0; i < images; i++)
        for (int c = 0; c < cout; c++)
        {
            float* src = y + (long)c * cols + i * plane;
            float* dst = output + ((long)(n0 + i) * cout + c) * plane;
            BiasRelu(src, dst, plane, bias == null ? 0f : bias[c], relu);
        }
    }

    private static void BiasRelu(float* src, float* dst, int length, float b, bool relu)
    {
        var vb = Vector256.Create(b);
        int j = 0;
        for (; j <= length - 8; j += 8)
        {
            var v = Vector256.Load(src + j) + vb;
            (relu ? Vector256.Max(v, Vector256<float>.Zero) : v).Store(dst + j);
        }
        for (; j < length; j++)
        {
            float v = src[j] + b;
            dst[j] = relu && v < 0 ? 0 : v;
        }
    }
}
