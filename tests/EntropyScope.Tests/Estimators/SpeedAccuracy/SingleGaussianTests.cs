using EntropyScope.Estimators.SpeedAccuracy;
using EntropyScope.Models.Diffusion;
using Xunit.Abstractions;

namespace EntropyScope.Tests.Estimators.SpeedAccuracy;

/// <summary>reference-numbers.md §1.6: data N(2, 0.5²), τ = 1, perturbed start N(1, 1).</summary>
public class SingleGaussianTests(ITestOutputHelper output)
{
    private const double Mu = 2, S = 0.5, Tau = 1;
    private static readonly GaussianMixture1D Data = GaussianMixture1D.Single(Mu, S);
    private static readonly SingleGaussianClosedForm Closed = new(Mu, S, Tau);

    public static TheoryData<string, double, double> Reference => new()
    {
        { "ot", 0.145494, 4.25 },
        { "cond-ot", 0.270387, 4.464602 },
        { "cosine", 0.179496, 5.243227 },
    };

    private static ForwardProcess1D Process(string name) => name switch
    {
        "ot" => new OtProcess1D(Data, Tau),
        "cond-ot" => new MSigmaProcess1D(new ConditionalOtSchedule(Tau), Data),
        _ => new MSigmaProcess1D(new CosineSchedule(Tau), Data),
    };

    private static SpeedAccuracyRow ClosedRow(string name) => name == "ot"
        ? Closed.Row(name, Closed.OtMoments, 1)
        : Closed.Row(name, t => SingleGaussianClosedForm.Moments(name == "cosine" ? new CosineSchedule(Tau) : new ConditionalOtSchedule(Tau), Mu, S, t), 1);

    [Theory]
    [MemberData(nameof(Reference))]
    public void ClosedFormMatchesTheReferenceTable(string schedule, double c1, double c2)
    {
        var row = ClosedRow(schedule);
        Assert.Equal(Math.E - 1, row.D0, 1e-12);
        Assert.Equal(-0.5, row.DeltaW1, 1e-12);
        Assert.Equal(0.145494, row.Eta, 5e-7);
        Assert.Equal(c1, row.C1, 5e-7);
        Assert.Equal(c2, row.C2, 5e-7);
    }

    [Theory]
    [InlineData("ot")]
    [InlineData("cond-ot")]
    [InlineData("cosine")]
    public void NumericalPipelineEqualsTheClosedForm(string schedule)
    {
        var closed = ClosedRow(schedule);
        var result = SpeedAccuracy1D.Analyse(Process(schedule), ReverseStart1D.Named("mean"), new SpeedAccuracyOptions { Particles = 200 });
        var row = result.Row;
        output.WriteLine($"{schedule}: eta {row.Eta:R} ({closed.Eta:R})  c1 {row.C1:R} ({closed.C1:R})  c2 {row.C2:R} ({closed.C2:R})  D0 {row.D0:R}  excess {row.MaxPointwiseExcess:G3}");
        Assert.Equal(closed.D0, row.D0, 1e-6);
        Assert.Equal(closed.DeltaW1, row.DeltaW1, 1e-6);
        Assert.Equal(closed.Eta, row.Eta, 1e-6);
        Assert.Equal(closed.C1, row.C1, 1e-6);
        Assert.Equal(closed.C2, row.C2, 1e-6);
        Assert.Equal(closed.C2, row.WD, 1e-6);
        Assert.True(row.BoundHolds());
    }
}
