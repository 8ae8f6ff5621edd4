using EntropyScope.Estimators.Neep;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Tests.Estimators.Neep;

/// <summary>The statistics the NEEP inputs are scaled with: per-coordinate standardisation and the increments' std.</summary>
public class TrajectoryStandardisationTests(RatchetFixture data) : IClassFixture<RatchetFixture>
{
    [Fact]
    public void Increment_std_counts_every_increment_once_across_chunks_and_segments()
    {
        // Two 2-D random walks with different step sizes, longer than the 4096-step read chunk, and a segment that
        // starts inside a trajectory: the result must equal the plain two-pass std over exactly those increments.
        var rng = new Random(4);
        float[] Walk(int steps, double s0, double s1)
        {
            var x = new float[steps * 2];
            for (int t = 1; t < steps; t++)
            {
                x[t * 2] = x[(t - 1) * 2] + (float)(s0 * (rng.NextDouble() - 0.3));
                x[t * 2 + 1] = x[(t - 1) * 2 + 1] + (float)(s1 * (rng.NextDouble() - 0.5));
            }
            return x;
        }
        var walks = new[] { Walk(9000, 0.2, 3.0), Walk(5000, 0.2, 3.0) };
        using var set = new InMemoryTrajectorySet(2, discrete: false, walks);
        var segments = new[] { new TrajectorySegment(0, 0, 9000), new TrajectorySegment(1, 999, 4001) };
        var standard = TrajectoryStandardisation.Compute(set, segments);
        var result = standard.IncrementStd(set, segments);
        for (int j = 0; j < 2; j++)
        {
            var inc = new List<double>();
            foreach (var s in segments)
                for (int t = s.Start; t + 1 < s.Start + s.Length; t++)
                    inc.Add((walks[s.Trajectory][(t + 1) * 2 + j] - walks[s.Trajectory][t * 2 + j]) / standard.Std[j]);
            double mean = inc.Average(), std = Math.Sqrt(inc.Sum(v => (v - mean) * (v - mean)) / inc.Count);
            Assert.Equal(std, result[j], 6);
        }
    }

    [Fact]
    public void Increments_input_on_discrete_states_is_rejected()
    {
        var e = Assert.Throws<InputException>(() => NeepTraining.Train(new NeepTrainRequest
        {
            Trajectories = data.Full, Kind = NeepArchitecture.Neep, PairInput = NeepArchitecture.IncrementsInput,
            Training = new TrainingOptions { Iterations = 1 },
        }, Path.Combine(data.Root, "inc-discrete"), resume: false, ProgressSink.None));
        Assert.Contains("continuous coordinates only", e.Message);
    }
}
