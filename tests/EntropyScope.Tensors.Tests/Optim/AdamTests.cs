using EntropyScope.Tensors.Nn;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Tensors.Tests.Optim;

public class AdamTests
{
    [Fact]
    public void TwoStepsEqualHandComputedPyTorchUpdate()
    {
        var store = new ParameterStore();
        var p = store.Add("w", 11);   // 11 values: the vector loop and the scalar tail both run
        for (int i = 0; i < 11; i++) p.Value[i] = 0.5f - 0.1f * i;
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
        var adam = new Adam(store, (float)lr, weightDecay: (float)wd);

        // Reference in double, written from torch.optim.Adam's documented algorithm.
        double[] theta = p.Value.ToArray().Select(x => (double)x).ToArray(), m = new double[11], v = new double[11];
        for (int t = 1; t <= 2; t++)
        {
            for (int i = 0; i < 11; i++) p.Grad[i] = (float)Math.Sin(i + t);
            for (int i = 0; i < 11; i++)
            {
                double g = (float)Math.Sin(i + t) + wd * theta[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(b1, t)), vHat = v[i] / (1 - Math.Pow(b2, t));
                theta[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
            adam.Step();
        }
        Assert.Equal(2, adam.StepCount);
        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(theta[i], p.Value[i], 6);
            Assert.Equal(m[i], adam.FirstMoment[i], 6);
            Assert.Equal(v[i], adam.SecondMoment[i], 7);
        }
    }

    [Fact]
    public void FirstStepMovesEveryParameterByLearningRate()
    {
        // With bias correction the first Adam step is lr·sign(g) (up to ε), whatever the gradient's scale.
        var store = new ParameterStore();
        var p = store.Add("w", 3);
        p.Grad[0] = 1e-3f; p.Grad[1] = -50f; p.Grad[2] = 7f;
        new Adam(store, 0.1f).Step();
        Assert.Equal(-0.1f, p.Value[0], 5);
        Assert.Equal(0.1f, p.Value[1], 5);
        Assert.Equal(-0.1f, p.Value[2], 5);
    }
}
