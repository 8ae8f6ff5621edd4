namespace EntropyScope.IO;

/// <summary>File-name order that compares digit runs by value, so frame2.tif sorts before frame10.tif.</summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? a, string? b)
    {
        if (a is null || b is null) return string.CompareOrdinal(a, b);
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (si < a.Length && a[si] == '0') si++;
                while (sj < b.Length && b[sj] == '0') sj++;
                int ei = si, ej = sj;
                while (ei < a.Length && char.IsAsciiDigit(a[ei])) ei++;
                while (ej < b.Length && char.IsAsciiDigit(b[ej])) ej++;
                int c = (ei - si).CompareTo(ej - sj);   // more significant digits = larger
                if (c == 0) c = string.CompareOrdinal(a, si, b, sj, ei - si);
                if (c != 0) return c;
                i = ei; j = ej;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                continue;
            }
            if (a[i] != b[j]) return a[i].CompareTo(b[j]);
            i++; j++;
        }
        int r = (a.Length - i).CompareTo(b.Length - j);
        return r != 0 ? r : string.CompareOrdinal(a, b);
    }
}
