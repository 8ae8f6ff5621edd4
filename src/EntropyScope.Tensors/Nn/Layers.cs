using EntropyScope.Tensors.Init;

namespace EntropyScope.Tensors.Nn;

/// <summary>y = x·Wᵀ + b (torch.nn.Linear); weight [out, in], bias [out]; PyTorch default initialisation.</summary>
public sealed class Linear : Layer
{
    public Linear(ParameterStore store, string name, int inFeatures, int outFeatures, Random rng, bool bias = true) : base(store, name)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = AddParameter("weight", outFeatures, inFeatures);
        Initializers.PyTorchDefaultWeight(Weight.Value, inFeatures, rng);
        if (bias)
        {
            Bias = AddParameter("bias", outFeatures);
            Initializers.PyTorchDefaultBias(Bias.Value, inFeatures, rng);
        }
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Parameter Weight { get; }
    public Parameter? Bias { get; }

    /// <summary>When true the following ReLU is fused into this layer's pass (same result as Linear then Relu).</summary>
    public bool FusedRelu { get; init; }

    public override Tensor Forward(Tape tape, Tensor input) => tape.Linear(input, Weight.Tensor, Bias?.Tensor, FusedRelu);
}

/// <summary>2-D convolution (torch.nn.Conv2d, square kernel); weight [Cout, Cin, k, k]; PyTorch default initialisation.</summary>
public sealed class Conv2d : Layer
{
    public Conv2d(ParameterStore store, string name, int inChannels, int outChannels, int kernel, Random rng,
        int stride = 1, int padding = 0, bool bias = true) : base(store, name)
    {
        Stride = stride;
        Padding = padding;
        Weight = AddParameter("weight", outChannels, inChannels, kernel, kernel);
        int fanIn = inChannels * kernel * kernel;
        Initializers.PyTorchDefaultWeight(Weight.Value, fanIn, rng);
        if (bias)
        {
            Bias = AddParameter("bias", outChannels);
            Initializers.PyTorchDefaultBias(Bias.Value, fanIn, rng);
        }
    }

    public int Stride { get; }
    public int Padding { get; }
    public Parameter Weight { get; }
    public Parameter? Bias { get; }
    public bool FusedRelu { get; init; }

    public override Tensor Forward(Tape tape, Tensor input) => tape.Conv2d(input, Weight.Tensor, Bias?.Tensor, Stride, Padding, FusedRelu);
}

/// <summary>torch.nn.MaxPool2d (floor mode, no padding; stride defaults to the kernel size).</summary>
public sealed class MaxPool2d(int kernel, int stride = 0) : Layer
{
    public override Tensor Forward(Tape tape, Tensor input) => tape.MaxPool2d(input, kernel, stride);
}

/// <summary>[N, ...] → [N, rest].</summary>
public sealed class Flatten : Layer
{
    public override Tensor Forward(Tape tape, Tensor input) => tape.Flatten(input);
}

public sealed class Relu : Layer
{
    public override Tensor Forward(Tape tape, Tensor input) => tape.Relu(input);
}

public sealed class Sigmoid : Layer
{
    public override Tensor Forward(Tape tape, Tensor input) => tape.Sigmoid(input);
}

public sealed class Tanh : Layer
{
    public override Tensor Forward(Tape tape, Tensor input) => tape.Tanh(input);
}

/// <summary>Layers applied in order (torch.nn.Sequential).</summary>
public sealed class Sequential : Layer
{
    private readonly Layer[] _layers;

    public Sequential(params Layer[] layers)
    {
        _layers = layers;
        foreach (var l in layers) AddModule(l);
    }

    public IReadOnlyList<Layer> Layers => _layers;

    public override Tensor Forward(Tape tape, Tensor input)
    {
        var x = input;
        foreach (var l in _layers) x = l.Forward(tape, x);
        return x;
    }
}

/// <summary>A lookup table of <c>count</c> vectors of size <c>dim</c> (torch.nn.Embedding; initialised N(0, 1)).</summary>
public sealed class Embedding : Module
{
    public Embedding(ParameterStore store, string name, int count, int dim, Random rng) : base(store, name)
    {
        Count = count;
        Dim = dim;
        Weight = AddParameter("weight", count, dim);
        Initializers.Normal(Weight.Value, 1f, rng);
    }

    public int Count { get; }
    public int Dim { get; }
    public Parameter Weight { get; }

    /// <summary>indices of shape <paramref name="indexShape"/> → tensor of shape indexShape + [Dim].</summary>
    public Tensor Forward(Tape tape, ReadOnlySpan<int> indices, ReadOnlySpan<int> indexShape) => tape.Embedding(Weight.Tensor, indices, indexShape);
}
