using System.Numerics;
using System.Runtime.InteropServices;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Cneep;

/// <summary>A subset of the movies of an <see cref="IMovieSet"/> as standardised frame sequences for the training machinery.</summary>
public sealed class MovieWindowSource : IWindowSource
{
    private readonly IMovieSet _movies;
    private readonly int[] _indices;
    private readonly float _mean, _scale;
    private readonly TrueEntropy? _truth;

    public MovieWindowSource(IMovieSet movies, IReadOnlyList<int> indices, MovieNormalisation normalisation, TrueEntropy? truth)
    {
        _movies = movies;
        _indices = indices.ToArray();
        _mean = (float)normalisation.Mean;
        _scale = (float)(1 / normalisation.Std);
        _truth = truth;
    }

    public int Count => _indices.Length;
    public int ItemSize => _movies.Height * _movies.Width;
    public int Length(int sequence) => _movies.FrameCount(_indices[sequence]);
    public int MovieIndex(int sequence) => _indices[sequence];

    public void CopyItems(int sequence, int start, int count, Span<float> destination)
    {
        Span<float> d = destination[..(count * ItemSize)];
        _movies.CopyFrames(_indices[sequence], start, count, d);
        // (x − mean)/std as one fused multiply-add per pixel, vectorised: x·scale + shift
        float shift = -_mean * _scale;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = MemoryMarshal.Cast<float, Vector<float>>(d);
            var vs = new Vector<float>(_scale); var vh = new Vector<float>(shift);
            for (int k = 0; k < v.Length; k++) v[k] = v[k] * vs + vh;
            i = v.Length * Vector<float>.Count;
        }
        for (; i < d.Length; i++) d[i] = d[i] * _scale + shift;
    }

    public double[]? TruePerStep(int sequence) => _truth?.PerStep(_indices[sequence]);
}
