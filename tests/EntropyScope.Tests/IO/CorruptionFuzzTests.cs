using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

/// <summary>
/// Seeded corruption of good fixture files (random byte overwrites and truncations): the readers either read
/// something or throw <see cref="InputException"/> — never another exception type, a hang or a huge allocation.
/// </summary>
public class CorruptionFuzzTests
{
    // Kept small for the test budget; raise locally (e.g. 3000) to search harder.
    private static readonly int Trials = int.TryParse(Environment.GetEnvironmentVariable("ES_FUZZ_TRIALS"), out int n) ? n : 50;

    public static TheoryData<string> Files() =>
    [
        "npy/float64_v1.npy", "npy/uint16_v2.npy", "npy/float32_be.npy", "npy/trajectories.npy",
        "tiff/u16_none.tif", "tiff/u8_tiffcp_lzw_predictor.tif", "tiff/u16_tiffcp_packbits.tif", "tiff/u8_adobe_deflate.tif",
        "tiff/u16_tiffcp_tiled_lzw_predictor.tif", "tiff/u16_bigtiff.tif", "tiff/u16_be_deflate_predictor.tif",
        "tiff/u16_imagej_single_ifd.tif", "tiff/u16_magick_zip.tif",
    ];

    [Theory, MemberData(nameof(Files))]
    public void CorruptedFilesGiveInputExceptionOrData(string relative)
    {
        byte[] good = File.ReadAllBytes(Fixtures.Path_(relative.Split('/')));
        using var dir = new TempDir();
        var rng = new Random(relative.Length * 7919 + good.Length);
        for (int trial = 0; trial < Trials; trial++)
        {
            byte[] bad = Mutate(good, rng);
            string path = dir.File($"t{trial}{Path.GetExtension(relative)}");
            File.WriteAllBytes(path, bad);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                if (relative.StartsWith("npy/"))
                {
                    using var a = NpyArray.Open(path);
                    if (a.Length < 1 << 20) a.ReadAll<float>();
                }
                else
                {
                    using var s = TiffStack.Open(path);
                    s.ReadAll<float>();
                }
            }
            catch (InputException e)
            {
                Assert.Contains(path, e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"{relative} trial {trial}: {e.GetType().Name}: {e.Message}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 64L << 20, $"{relative} trial {trial}: allocated {allocated} bytes");
            File.Delete(path);
        }
    }

    private static byte[] Mutate(byte[] good, Random rng)
    {
        byte[] b = (byte[])good.Clone();
        switch (rng.Next(4))
        {
            case 0:   // truncate
                return b[..rng.Next(b.Length)];
            case 1:   // a few random bytes anywhere
                for (int k = rng.Next(1, 6); k > 0; k--) b[rng.Next(b.Length)] = (byte)rng.Next(256);
                return b;
            case 2:   // bytes in the header / first IFD region, where sizes and offsets live
                for (int k = rng.Next(1, 4); k > 0; k--) b[rng.Next(Math.Min(b.Length, 256))] = (byte)rng.Next(256);
                return b;
            default:  // extreme values in the first 256 bytes
                int at = rng.Next(Math.Min(b.Length - 4, 252));
                b[at] = b[at + 1] = b[at + 2] = b[at + 3] = rng.Next(2) == 0 ? (byte)0xFF : (byte)0x7F;
                return b;
        }
    }
}
