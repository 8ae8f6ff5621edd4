namespace EntropyScope.Models.Langevin;

/// <summary>What a dataset writer produced: the folder, the true rate and the bytes written.</summary>
public sealed record DatasetSummary(string Directory, string Model, double EntropyRate, double ReferenceEntropyRate,
    int Movies, int Frames, int Height, int Width, long Bytes, IReadOnlyList<string> Files);
