namespace EntropyScope.Tensors.Tests.Autodiff;

public class TapeTests
{
    [Fact]
    public void ShapeMismatchNamesTheOpAndBothShapes()
    {
        var tape = new Tape();
        var a = Tensor.Zeros(2, 3);
        var b = Tensor.Zeros(3, 2);
        var ex = Assert.Throws<ArgumentException>(() => tape.Add(a, b));
        Assert.Contains("Add", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[3, 2]", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => tape.MatMul(a, Tensor.Zeros(2, 2)));
        Assert.Contains("MatMul", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[2, 2]", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => tape.Linear(Tensor.Zeros(4, 5), Tensor.Zeros(3, 6)));
        Assert.Contains("Linear", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
        Assert.Contains("[3, 6]", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => tape.AddBias(Tensor.Zeros(4, 5), Tensor.Zeros(4)));
        Assert.Contains("AddBias", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
        Assert.Contains("[4]", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => tape.Gru(Tensor.Zeros(2, 3, 4), Tensor.Zeros(15, 5), Tensor.Zeros(15, 5), null, null));
        Assert.Contains("Gru", ex.Message);
        Assert.Contains("[2, 3, 4]", ex.Message);
        Assert.Contains("[15, 5]", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => tape.Conv2d(Tensor.Zeros(1, 2, 5, 5), Tensor.Zeros(3, 4, 3, 3), null));
        Assert.Contains("Conv2d", ex.Message);
        Assert.Contains("[1, 2, 5, 5]", ex.Message);
        Assert.Contains("[3, 4, 3, 3]", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => tape.Concat(0, Tensor.Zeros(1, 2), Tensor.Zeros(1, 3)));
        Assert.Contains("Concat", ex.Message);
        Assert.Contains("[1, 2]", ex.Message);
        Assert.Contains("[1, 3]", ex.Message);
    }

    [Fact]
    public void EmbeddingRejectsIndexOutsideVocabulary()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Tape().Embedding(Tensor.Zeros(3, 2), [0, 3], [2]));
        Assert.Contains("Embedding", ex.Message);
        Assert.Contains("[0, 3)", ex.Message);
    }

    [Fact]
    public void ForwardValuesMatchHandComputation()
    {
        var tape = new Tape();
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal([5f, 7f, 9f], tape.Sum(x, 0).ToArray());
        Assert.Equal([2f, 5f], tape.Mean(x, 1).ToArray());
        Assert.Equal([3f, 2f, 1f, 6f, 5f, 4f], tape.Flip(x, 1).ToArray());
        Assert.Equal([2f, 3f, 5f, 6f], tape.Slice(x, 1, 1, 2).ToArray());
        Assert.Equal([1f, 2f, 3f, 1f, 2f, 3f, 4f, 5f, 6f, 4f, 5f, 6f], tape.Concat(1, x, x).ToArray());
        Assert.Equal([11f, 22f, 33f, 14f, 25f, 36f], tape.AddBias(x, Tensor.FromArray([10, 20, 30], 3)).ToArray());
        Assert.Equal([11f, 12f, 13f, 24f, 25f, 26f], tape.AddBias(x, Tensor.FromArray([10, 20], 2), axis: 0).ToArray());
        Assert.Equal(21f, tape.Sum(x).Item());
        var y = tape.Linear(x, Tensor.FromArray([1, 0, -1, 0, 1, 0], 2, 3), Tensor.FromArray([0.5f, 0], 2));
        Assert.Equal([-1.5f, 2f, -1.5f, 5f], y.ToArray());
        Assert.Equal([0f, 2f, 0f, 5f], tape.Relu(y).ToArray());
    }

    [Fact]
    public void BackwardTwiceWithoutResetIsRejected()
    {
        var tape = new Tape();
        var x = Tensor.FromArray([1f, 2f], 2);
        x.RequiresGrad = true;
        var loss = tape.Sum(tape.Mul(x, x));
        tape.Backward(loss);
        Assert.Equal([2f, 4f], x.Grad.ToArray());
        Assert.Throws<InvalidOperationException>(() => tape.Backward(loss));
    }
}
