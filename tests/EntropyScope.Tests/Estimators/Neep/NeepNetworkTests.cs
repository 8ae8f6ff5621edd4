using EntropyScope.Estimators.Neep;
using EntropyScope.Estimators.Training;

namespace EntropyScope.Tests.Estimators.Neep;

/// <summary>ΔS_θ(x̃) = −ΔS_θ(x) for every NEEP-family network, and the fused ±seed backward against finite differences of the loss.</summary>
public class NeepNetworkTests
{
    private const string States = NeepArchitecture.StatesInput, Increments = NeepArchitecture.IncrementsInput;

    public static TheoryData<string, int, int, string> Networks => new()
    {
        { NeepArchitecture.Neep, 3, 0, States },      // continuous MLP
        { NeepArchitecture.Neep, 3, 0, Increments },  // continuous MLP on (midpoint, scaled increment)
        { NeepArchitecture.Neep, 1, 6, States },      // embedding NEEP
        { NeepArchitecture.Rneep, 1, 3, States },     // RNEEP on discrete states
        { NeepArchitecture.Rneep, 2, 0, States },     // RNEEP with a linear input layer
    };

    private static (IEntropyNetwork Net, float[] Windows) Make(string kind, int d, int tokens, int batch, int hidden, string pairInput = States)
    {
        var arch = new NeepArchitecture
        {
            Kind = kind, Dimension = d, Tokens = tokens, Hidden = hidden, Layers = kind == NeepArchitecture.Rneep ? 1 : 2,
            Window = kind == NeepArchitecture.Rneep ? 5 : 2, Embedding = 8,
            PairInput = pairInput, IncrementStd = pairInput == Increments ? Enumerable.Range(0, d).Select(j => 0.5 + j).ToArray() : [],
        };
        var net = NeepNetworks.Create(arch, batch, seed: 3);
        var rng = new Random(5);
        var x = new float[batch * arch.Window * d];
        for (int i = 0; i < x.Length; i++) x[i] = tokens > 0 ? rng.Next(tokens) : (float)(rng.NextDouble() * 4 - 2);
        return (net, x);
    }

    private static float[] Reverse(float[] windows, int batch, int n, int d)
    {
        var r = new float[windows.Length];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < n; i++)
                Array.Copy(windows, (b * n + i) * d, r, (b * n + n - 1 - i) * d, d);
        return r;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Output_is_antisymmetric_under_time_reversal(string kind, int d, int tokens, string pairInput)
    {
        const int batch = 37;
        var (net, x) = Make(kind, d, tokens, batch, 16, pairInput);
        var forward = new float[batch];
        var reversed = new float[batch];
        net.Forward(x, batch, forward);
        net.Forward(Reverse(x, batch, net.WindowLength, d), batch, reversed);
        int n = net.WindowLength, nonzero = 0;
        for (int b = 0; b < batch; b++)
        {
            Assert.Equal(-forward[b], reversed[b], 5e-6f);
            bool palindrome = Enumerable.Range(0, n * d).All(i => x[b * n * d + i] == x[b * n * d + (n - 1 - i / d) * d + i % d]);
            if (palindrome) Assert.Equal(0f, forward[b]);   // x̃ = x ⇒ ΔS_θ = 0 exactly
            else nonzero += forward[b] != 0 ? 1 : 0;
        }
        Assert.True(nonzero > batch / 2);
        // the training pass returns the same ΔS_θ as inference
        var train = new float[batch];
        net.AccumulateGradient(x, batch, train);
        for (int b = 0; b < batch; b++) Assert.Equal(forward[b], train[b], 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Gradient_of_the_loss_matches_finite_differences(string kind, int d, int tokens, string pairInput)
    {
        const int batch = 6;
        var (net, x) = Make(kind, d, tokens, batch, 4, pairInput);
        var ds = new float[batch];
        double Loss()
        {
            net.Forward(x, batch, ds);
            double s = 0;
            foreach (float v in ds) s += -v + Math.Exp(-v);
            return s / batch;
        }
        var store = net.Parameters;
        store.ZeroGrad();
        net.AccumulateGradient(x, batch, ds);
        var grads = (float[])store.Grads.Clone();
        var rng = new Random(11);
        int checkedCount = 0;
        var failures = new List<string>();
        for (int trial = 0; trial < 200 && checkedCount < 40; trial++)
        {
            int i = rng.Next(store.Count);
            if (Math.Abs(grads[i]) < 1e-3) continue;
            float keep = store.Values[i];
            const float eps = 1e-3f;
            store.Values[i] = keep + eps; double up = Loss();
            store.Values[i] = keep - eps; double down = Loss();
            store.Values[i] = keep; double centre = Loss();
            // a ReLU kink inside ±eps makes the one-sided slopes disagree: finite differences do not apply there
            if (Math.Abs((up - centre) - (centre - down)) / eps > 2e-3 + 0.01 * Math.Abs(grads[i])) continue;
            double numeric = (up - down) / (2 * eps);
            if (!(Math.Abs(numeric - grads[i]) <= 2e-3 + 3e-2 * Math.Abs(numeric))) failures.Add($"parameter {i}: analytic {grads[i]}, numeric {numeric}");
            checkedCount++;
        }
        Assert.True(failures.Count == 0, string.Join("; ", failures));
        Assert.True(checkedCount >= 4, $"only {checkedCount} parameters with a visible gradient");
    }

    [Fact]
    public void Increments_input_is_the_same_pair_in_midpoint_and_scaled_increment_coordinates()
    {
        // A network on (midpoint, increment/std) equals a states network whose first layer is the composed linear map.
        const int d = 2, batch = 5;
        var (inc, x) = Make(NeepArchitecture.Neep, d, 0, batch, 6, Increments);
        var (states, _) = Make(NeepArchitecture.Neep, d, 0, batch, 6, States);
        inc.Parameters.Values.CopyTo(states.Parameters.Values, 0);
        // first layer W = [Wm | Wi] on (m, i): W·(m, i) = Wm(a+b)/2 + Wi(b−a)/s = (Wm/2 − Wi/s)·a + (Wm/2 + Wi/s)·b
        var w = states.Parameters.Values; // h.0 weight [hidden, 2d] row-major comes first in the store
        var std = Enumerable.Range(0, d).Select(j => 0.5 + j).ToArray();
        for (int h = 0; h < 6; h++)
            for (int j = 0; j < d; j++)
            {
                float wm = inc.Parameters.Values[h * 2 * d + j], wi = inc.Parameters.Values[h * 2 * d + d + j];
                w[h * 2 * d + j] = wm / 2 - wi / (float)std[j];
                w[h * 2 * d + d + j] = wm / 2 + wi / (float)std[j];
            }
        var a = new float[batch];
        var b = new float[batch];
        inc.Forward(x, batch, a);
        states.Forward(x, batch, b);
        for (int k = 0; k < batch; k++) Assert.Equal(a[k], b[k], 1e-5f);
    }

    [Fact]
    public void A_state_outside_the_embedding_is_rejected()
    {
        var (net, x) = Make(NeepArchitecture.Neep, 1, 6, 4, 8);
        x[3] = 6;
        var ds = new float[4];
        var e = Assert.Throws<InputException>(() => net.Forward(x, 4, ds));
        Assert.Contains("outside the declared range 0..5", e.Message);
    }
}
