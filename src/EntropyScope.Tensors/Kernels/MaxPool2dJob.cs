namespace EntropyScope.Tensors.Kernels;

/// <summary>Max pooling forward or backward, threaded over planes (planes are independent, so the backward scatter never races).</summary>
internal sealed unsafe class MaxPool2dJob : ParallelJob
{
    [ThreadStatic] private static MaxPool2dJob? perThread;
    public static MaxPool2dJob ForThisThread => perThread ??= new MaxPool2dJob();

    private bool backward;
    private int planes, height, width, kernel, stride, outHeight, outWidth, inPlane, outPlane;
    private float* input, output;
    private int* argmax;

    public void SetForward(int planes, int height, int width, int kernel, int stride, int outHeight, int outWidth,
        float* input, float* output, int* argmax)
    {
        (backward, this.planes, this.height, this.width, this.kernel, this.stride) = (false, planes, height, width, kernel, stride);
        (this.outHeight, this.outWidth, inPlane, outPlane) = (outHeight, outWidth, height * width, outHeight * outWidth);
        this.input = input;
        this.output = output;
        this.argmax = argmax;
    }

    /// <summary>Backward: input = gradOutput, output = gradInput.</summary>
    public void SetBackward(int planes, int inPlane, int outPlane, float* gradOutput, int* argmax, float* gradInput)
    {
        (backward, this.planes, this.inPlane, this.outPlane) = (true, planes, inPlane, outPlane);
        input = gradOutput;
        output = gradInput;
        this.argmax = argmax;
    }

    public override void Execute(int worker, int workers)
    {
        var (start, count) = GemmJob.Share(planes, 1, worker, workers);
        for (int p = start; p < start + count; p++)
        {
            if (backward) BackwardPlane(p);
            else ForwardPlane(p);
        }
    }

    private void ForwardPlane(int plane)
    {
        float* x = input + (long)plane * inPlane;
        float* y = output + (long)plane * outPlane;
        int* arg = argmax + (long)plane * outPlane;
        for (int oy = 0; oy < outHeight; oy++)
        for (int ox = 0; ox < outWidth; ox++)
        {
            int bestIndex = oy * stride * width + ox * stride;
            float best = float.NegativeInfinity;
            for (int ky = 0; ky < kernel; ky++)
            {
                int rowStart = (oy * stride + ky) * width + ox * stride;
                for (int kx = 0; kx < kernel; kx++)
                {
                    float v = x[rowStart + kx];
                    // Strictly greater keeps the first maximum (PyTorch's choice); a NaN wins so it propagates.
                    if (v > best || float.IsNaN(v) && !float.IsNaN(best)) { best = v; bestIndex = rowStart + kx; }
                }
            }
            y[oy * outWidth + ox] = best;
            arg[oy * outWidth + ox] = bestIndex;
        }
    }

    private void BackwardPlane(int plane)
    {
        float* dy = input + (long)plane * outPlane;
        float* dx = output + (long)plane * inPlane;
        int* arg = argmax + (long)plane * outPlane;
        for (int o = 0; o < outPlane; o++) dx[arg[o]] += dy[o];
    }
}
