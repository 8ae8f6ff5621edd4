using EntropyScope.Models.Langevin;
using EntropyScope.Observation.Noise;

namespace EntropyScope.Tests.Observation;

public class NoiseTests
{
    private static (double mean, double variance) Moments(byte start, NoiseKind kind, double alpha, int n = 400_000)
    {
        var frame = new byte[n];
        Array.Fill(frame, start);
        var rng = new Xoshiro256(99);
        new MeasurementNoise(kind, alpha).Apply(frame, ref rng);
        double mean = frame.Average(b => (double)b);
        double var = frame.Sum(b => (b - mean) * (b - mean)) / (n - 1);
        return (mean, var);
    }

    [Fact]
    public void UniformNoiseMeanAndVariance()
    {
        // I + U(0, 255α) rounded: mean I + 127.5α, variance (255α)²/12 + 1/12 (rounding of a continuous value).
        var (mean, var) = Moments(0, NoiseKind.Random, 0.4);
        Assert.Equal(127.5 * 0.4, mean, 0.2);
        Assert.Equal(Math.Pow(255 * 0.4, 2) / 12 + 1.0 / 12, var, var * 0.01);
    }

    [Fact]
    public void ShotNoiseVarianceFollowsPhotonCount()
    {
        // I′ = 255k/Λ with k ~ Poisson(ΛI/255): mean I, variance 255·I/Λ (+1/12 from rounding, approximately).
        double alpha = 0.2, lambdaMax = 12 / (alpha * alpha);
        var (mean, var) = Moments(100, NoiseKind.Shot, alpha);
        Assert.Equal(100, mean, 0.1);
        Assert.Equal(255.0 * 100 / lambdaMax + 1.0 / 12, var, var * 0.015);
        // At I = 255 the shot variance equals the uniform noise variance (255α)²/12 before saturation.
        Assert.Equal(Math.Pow(255 * alpha, 2) / 12, 255.0 * 255 / lambdaMax, 9);
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(47.5)]
    [InlineData(4800.0)]
    public void PoissonSamplerMoments(double lambda)
    {
        var rng = new Xoshiro256(7);
        int n = 300_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) { double k = Poisson.Sample(ref rng, lambda); s += k; s2 += k * k; }
        double mean = s / n, var = s2 / n - mean * mean;
        Assert.Equal(lambda, mean, 4 * Math.Sqrt(lambda / n));
        Assert.Equal(lambda, var, lambda * 0.02);
    }

    [Fact]
    public void ZeroAlphaIsNoNoiseAndNegativeRejected()
    {
        var (mean, var) = Moments(37, NoiseKind.Shot, 0, 1000);
        Assert.Equal(37, mean);
        Assert.Equal(0, var);
        Assert.Throws<InputException>(() => new MeasurementNoise(NoiseKind.Random, -0.1));
    }
}
