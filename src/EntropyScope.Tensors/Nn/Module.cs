namespace EntropyScope.Tensors.Nn;

/// <summary>
/// A building block with named parameters (PyTorch vocabulary). Parameters live in a shared
/// <see cref="ParameterStore"/> under "name.local" (e.g. "encoder.0.weight"), so the optimiser and checkpoints
/// see the whole model as one flat buffer.
/// </summary>
public abstract class Module
{
    private readonly List<Parameter> _own = [];
    private readonly List<Module> _children = [];

    protected Module(ParameterStore? store = null, string name = "")
    {
        Store = store;
        Name = name;
    }

    public ParameterStore? Store { get; }
    public string Name { get; }
    public bool Training { get; private set; } = true;

    /// <summary>This module's parameters and its children's, in registration order.</summary>
    public IReadOnlyList<Parameter> Parameters
    {
        get
        {
            var all = new List<Parameter>(_own);
            foreach (var c in _children) all.AddRange(c.Parameters);
            return all;
        }
    }

    public void Train(bool training = true)
    {
        Training = training;
        foreach (var c in _children) c.Train(training);
    }

    public void Eval() => Train(false);

    /// <summary>Zeroes the gradients of this module's parameters (the store's <see cref="ParameterStore.ZeroGrad"/> zeroes all).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.Grad.Clear();
    }

    protected Parameter AddParameter(string localName, params int[] shape)
    {
        if (Store == null) throw new InvalidOperationException($"module '{Name}' has no parameter store");
        var p = Store.Add(QualifiedName(localName), shape);
        _own.Add(p);
        return p;
    }

    protected T AddModule<T>(T child) where T : Module
    {
        _children.Add(child);
        return child;
    }

    protected string QualifiedName(string localName) => Name.Length == 0 ? localName : Name + "." + localName;
}

/// <summary>A module mapping one tensor to one tensor, usable in <see cref="Sequential"/>.</summary>
public abstract class Layer(ParameterStore? store = null, string name = "") : Module(store, name)
{
    public abstract Tensor Forward(Tape tape, Tensor input);
}
