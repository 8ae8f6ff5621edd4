using System.CommandLine;

namespace EntropyScope.Cli.Tests;

public class CliSmokeTests
{
    [Fact]
    public void InputExceptionBecomesExitCodeTwo()
    {
        var root = new RootCommand();
        var cmd = new Command("boom");
        cmd.SetAction((Func<ParseResult, int>)(_ => throw new InputException("movie.npy: not found")));
        root.Subcommands.Add(cmd);
        var err = new StringWriter();
        var old = Console.Error;
        Console.SetError(err);
        try { Assert.Equal(CliRunner.BadInput, CliRunner.Run(root, ["boom"])); }
        finally { Console.SetError(old); }
        Assert.Equal("error: movie.npy: not found", err.ToString().Trim());
    }

    [Fact]
    public void EveryVerbHasHelp()
    {
        foreach (var verb in EntropyScopeCommand.Build().Subcommands)
        {
            var (exit, stdout, _) = CliHarness.Run(verb.Name, "--help");
            Assert.Equal(0, exit);
            Assert.Contains("Usage:", stdout);
        }
    }
}
