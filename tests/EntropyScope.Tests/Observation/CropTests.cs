using EntropyScope.Models.Filaments;
using EntropyScope.Observation;

namespace EntropyScope.Tests.Observation;

public class CropTests
{
    [Fact]
    public void ParseValidateApply()
    {
        var c = Crop.Parse("1, 2, 3, 2");
        Assert.Equal(new Crop(1, 2, 3, 2), c);
        c.Validate(5, 5);
        Assert.Throws<InputException>(() => new Crop(3, 0, 3, 2).Validate(5, 5));
        Assert.Throws<InputException>(() => Crop.Parse("1,2,3"));
        var frame = Enumerable.Range(0, 25).Select(i => (byte)i).ToArray();
        var dst = new byte[6];
        c.Apply(frame, 5, dst);
        Assert.Equal(new byte[] { 11, 12, 13, 16, 17, 18 }, dst);
    }

    [Fact]
    public void A1AndA2BracketTheMeanEpPerArea()
    {
        var net = FilamentNetwork.CreateRandom(6, 0.3, 5, th: 2);
        var r = new FilamentMovieRenderer(6, net.Filaments);
        var rates = net.FilamentEntropyRates();
        var bonds = net.Filaments.Select((f, i) => new RenderedBond(r.RestPosition(f.A), r.RestEnd(f), rates[i])).ToList();
        var a1 = CropChoice.Choose("a1", 40, 40, 90, 90, bonds);
        var a2 = CropChoice.Choose("a2", 40, 40, 90, 90, bonds);
        double share = CropChoice.AreaShare(40, 40, 90, 90, net.Model.EntropyRate);
        Assert.True(CropChoice.ReferenceEntropyRate(a1, bonds) > share);
        double s2 = CropChoice.ReferenceEntropyRate(a2, bonds);
        Assert.InRange(s2, 1e-12, share);
        a1.Validate(90, 90);
        a2.Validate(90, 90);
    }
}
