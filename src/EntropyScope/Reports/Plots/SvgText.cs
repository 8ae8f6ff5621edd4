using System.Globalization;
using System.Text;

namespace EntropyScope.Reports.Plots;

/// <summary>Formatting shared by the plots: invariant-culture numbers and XML-escaped text.</summary>
public static class SvgText
{
    /// <summary>A coordinate with two decimals, invariant culture ("12.5", never "12,5").</summary>
    public static string Num(double v) =>
        double.IsFinite(v) ? Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    /// <summary>Escapes &amp;, &lt;, &gt;, quotes, and drops characters XML 1.0 forbids.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A tick label: as many decimals as the tick step needs; scientific for very large or small values.</summary>
    public static string TickLabel(double value, double step)
    {
        if (value == 0) return "0";
        double a = Math.Abs(value);
        if (a >= 1e5 || a < 1e-3)
        {
            string s = value.ToString("0.##E+0", CultureInfo.InvariantCulture);
            return s.Replace("E+", "e").Replace("E-", "e-");
        }
        int decimals = step > 0 ? Math.Clamp((int)Math.Ceiling(-Math.Log10(step) - 1e-9), 0, 6) : 2;
        // 2.5 × 10^k steps need one more digit than the decade implies.
        if (step > 0 && Math.Abs(step / Math.Pow(10, Math.Floor(Math.Log10(step))) - 2.5) < 1e-9) decimals++;
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>A log-axis label: "0.01", "200", or "1e-5" outside [1e-3, 1e5).</summary>
    public static string LogTickLabel(double value)
    {
        double a = Math.Abs(value);
        if (a >= 1e5 || a < 1e-3)
            return value.ToString("0.##E+0", CultureInfo.InvariantCulture).Replace("E+", "e").Replace("E-", "e-");
        return value.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
