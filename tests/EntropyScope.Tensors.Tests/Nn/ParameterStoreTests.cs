using EntropyScope.Tensors.Nn;

namespace EntropyScope.Tensors.Tests.Nn;

public class ParameterStoreTests
{
    [Fact]
    public void ParametersAreWindowsIntoOneFlatBuffer()
    {
        var store = new ParameterStore();
        var a = store.Add("a", 2, 3);
        a.Value.Fill(1f);
        var b = store.Add("b", 4);          // growing keeps earlier values and views valid
        b.Grad.Fill(2f);
        Assert.Equal(10, store.Count);
        Assert.Equal(6, b.Offset);
        Assert.Equal(6, a.Value.ToArray().Count(x => x == 1f));
        Assert.Equal(8f, store.Grads.Sum());
        store.ZeroGrad();
        Assert.All(store.Grads, g => Assert.Equal(0f, g));
        Assert.Same(b, store["b"]);
        Assert.Throws<ArgumentException>(() => store.Add("a", 1));
    }
}
