namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// Shapes of the CNEEP network of Table I (estimators.md §2): Conv n→C 5×5 s2 p2 + ReLU + MaxPool 2, then
/// (Depth − 1) blocks of two 3×3 convolutions (c→c, c→2c), with a 2×2 max-pool before every block after the first,
/// then Linear(c_last·H_f·W_f → 1). Depth 2 is Table I exactly.
/// LastBlockConvs = 1 (depth ≥ 3 only) makes the last block a single convolution c→2c: the receptive field then grows
/// by the pool and one 3×3 layer (43 px at depth 3 instead of 59), wide enough for two neighbouring beads 20 px apart
/// with their PSFs but not for three, so a cell's share of the map stays near the pair it can see (FeatureGrid).
/// LastBlockFirstKernel = k (odd, 3 = Table I) makes the last block's first convolution k×k (pad k/2): at depth 2 the
/// field grows by (k − 3)·4 px on the 4-px grid (31 px for k = 5), so a cell between two beads 20 px apart sees both
/// with their PSFs while the map keeps depth 2's five cells per bond. Its cost: that layer's c→c products grow k²/9-fold.
/// </summary>
public sealed record CneepArchitecture(int Frames, int Height, int Width, int Channels = 32, int Depth = 2, int LastBlockConvs = 2,
    int LastBlockFirstKernel = 3)
{
    /// <summary>One k×k convolution after conv1 (stride 1, pad k/2; k = 3 but for the last block's first) and whether a 2×2 pool precedes it.</summary>
    public readonly record struct Conv3(int In, int Out, int Height, int Width, bool PoolBefore, int InHeight, int InWidth, int Kernel = 3);

    public int Conv1Height => (Height - 1) / 2 + 1;   // ⌈H/2⌉
    public int Conv1Width => (Width - 1) / 2 + 1;
    public int Pool1Height => Conv1Height / 2;       // floor mode
    public int Pool1Width => Conv1Width / 2;

    public IReadOnlyList<Conv3> Conv3Layers
    {
        get
        {
            var list = new List<Conv3>();
            int c = Channels, h = Pool1Height, w = Pool1Width;
            for (int block = 2; block <= Depth; block++)
            {
                bool pool = block > 2;
                int ih = h, iw = w;
                if (pool) { h /= 2; w /= 2; }
                int firstKernel = block == Depth ? LastBlockFirstKernel : 3;
                if (block == Depth && LastBlockConvs == 1)
                    list.Add(new Conv3(c, 2 * c, h, w, pool, ih, iw, firstKernel));
                else
                {
                    list.Add(new Conv3(c, c, h, w, pool, ih, iw, firstKernel));
                    list.Add(new Conv3(c, 2 * c, h, w, false, h, w));
                }
                c *= 2;
            }
            return list;
        }
    }

    /// <summary>Channels and size of the last activation, the "attention map" F_c(x, y) of Eq. (4)–(5).</summary>
    public (int Channels, int Height, int Width) FeatureShape
    {
        get
        {
            var layers = Conv3Layers;
            if (layers.Count == 0) return (Channels, Pool1Height, Pool1Width);
            var last = layers[^1];
            return (last.Out, last.Height, last.Width);
        }
    }

    /// <summary>Throws <see cref="InputException"/> when the frames are too small for this depth or n &lt; 2.</summary>
    public void Validate()
    {
        if (Frames < 2) throw new InputException($"--frames-per-input must be at least 2 (got {Frames})");
        if (Channels < 1) throw new InputException($"--channels must be positive (got {Channels})");
        if (Depth < 2) throw new InputException($"--depth must be at least 2 (got {Depth})");
        if (LastBlockConvs is not (1 or 2)) throw new InputException($"--last-block-convs must be 1 or 2 (got {LastBlockConvs})");
        if (LastBlockConvs == 1 && Depth < 3)
            throw new InputException("--last-block-convs 1 needs --depth 3 or more (depth 2 is Table I, whose block has two convolutions)");
        if (LastBlockFirstKernel is < 3 or > 9 || LastBlockFirstKernel % 2 == 0)
            throw new InputException($"--last-block-first-kernel must be odd, from 3 to 9 (got {LastBlockFirstKernel})");
        var (_, fh, fw) = FeatureShape;
        if (fh < 1 || fw < 1)
            throw new InputException($"frames of {Height}×{Width} pixels are too small for the CNEEP network of depth {Depth} (need at least {MinimumSize(Depth)}×{MinimumSize(Depth)})");
    }

    /// <summary>Smallest frame side that leaves at least one feature pixel at this depth.</summary>
    public static int MinimumSize(int depth)
    {
        for (int side = 1; ; side++)
        {
            var (_, h, _) = new CneepArchitecture(2, side, side, 1, depth).FeatureShape;
            if (h >= 1) return side;
        }
    }
}
