namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    /// <summary>
    /// Rows of <paramref name="weight"/> [V, D] picked by integer <paramref name="indices"/> of shape
    /// <paramref name="indexShape"/>; the result has shape indexShape + [D] (torch.nn.functional.embedding).
    /// The indices are copied, so the caller may reuse its buffer.
    /// </summary>
    public Tensor Embedding(Tensor weight, ReadOnlySpan<int> indices, ReadOnlySpan<int> indexShape)
    {
        const string op = "Embedding";
        ShapeErrors.Rank(op, "weight", weight, 2);
        if (Tensor.CheckedLength(indexShape) != indices.Length)
            throw new ArgumentException($"{op}: {indices.Length} indices do not fill index shape {Tensor.Format(indexShape)}");
        int vocab = weight.Shape[0], dim = weight.Shape[1];
        Span<int> shape = stackalloc int[indexShape.Length + 1];
        indexShape.CopyTo(shape);
        shape[^1] = dim;
        var y = NewTensor(shape);
        ReadOnlySpan<float> wd = weight.Data;
        var yd = y.Data;
        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if ((uint)k >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(indices), k, $"{op}: index {k} at position {i} is outside the vocabulary [0, {vocab}) of weight {Tensor.Format(weight.Shape)}");
            wd.Slice(k * dim, dim).CopyTo(yd.Slice(i * dim, dim));
        }
        if (ShouldRecord(weight))
        {
            var saved = IntScratch(indices.Length);
            indices.CopyTo(saved);
            Record(static (_, n) =>
            {
                var idx = (int[])n.State!;
                int dim = n.A!.Shape[1];
                ReadOnlySpan<float> dy = n.Out.Grad;
                var dw = n.A.Grad;
                for (int i = 0; i < n.I0; i++) VectorMath.AddInPlace(dw.Slice(idx[i] * dim, dim), dy.Slice(i * dim, dim));
            }, y, weight, state: saved, i0: indices.Length);
        }
        return y;
    }
}
