using EntropyScope.IO;

namespace EntropyScope.Tests;

public class AtomicOutputTests
{
    [Fact]
    public void FailedDirectoryWriteLeavesNothingBehind()
    {
        string parent = Directory.CreateTempSubdirectory("es-atomic").FullName;
        string target = Path.Combine(parent, "out");
        Assert.Throws<InputException>(() => AtomicOutput.WriteDirectory(target, dir =>
        {
            File.WriteAllText(Path.Combine(dir, "half.txt"), "x");
            throw new InputException("bad");
        }));
        Assert.Empty(Directory.GetFileSystemEntries(parent));
    }
}
