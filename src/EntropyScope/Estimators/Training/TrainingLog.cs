using System.Globalization;
using System.Text;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Training;

/// <summary>One validation point of Algorithm 1. J and σ̂ on the training side are means over the batches since the previous row.</summary>
public sealed record TrainingLogRow(long Iteration, double Seconds, double LearningRate, double JTrain, double JVal,
    double SigmaTrain, double SigmaVal, double? R2Val, long BestIteration);

/// <summary>train_log.csv: one row per validation point (columns documented in docs/cneep.md).</summary>
public static class TrainingLog
{
    public const string Header = "iteration,seconds,lr,j_train,j_val,sigma_train,sigma_val,r2_val,best_iteration";

    public static void Write(string path, IReadOnlyList<TrainingLogRow> rows)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Iteration},{r.Seconds:0.###},{r.LearningRate:G6},{F(r.JTrain)},{F(r.JVal)},{F(r.SigmaTrain)},{F(r.SigmaVal)},{(r.R2Val is double v ? F(v) : "")},{r.BestIteration}\n");
        AtomicOutput.WriteAllText(path, sb.ToString());
    }

    public static List<TrainingLogRow> Read(string path)
    {
        var rows = new List<TrainingLogRow>();
        if (!File.Exists(path)) return rows;
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            string[] c = line.Split(',');
            if (c.Length < 9) throw new InputException($"{path}: malformed training log line '{line}'");
            double P(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
            rows.Add(new TrainingLogRow(long.Parse(c[0], CultureInfo.InvariantCulture), P(c[1]), P(c[2]), P(c[3]), P(c[4]), P(c[5]), P(c[6]),
                c[7].Length == 0 ? null : P(c[7]), long.Parse(c[8], CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    private static string F(double v) => double.IsNaN(v) ? "" : v.ToString("G9", CultureInfo.InvariantCulture);
}
