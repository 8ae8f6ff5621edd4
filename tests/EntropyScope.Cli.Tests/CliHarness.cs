namespace EntropyScope.Cli.Tests;

/// <summary>Runs the real command tree in-process and captures stdout/stderr.</summary>
public static class CliHarness
{
    private static readonly object ConsoleLock = new();

    public static (int exit, string stdout, string stderr) Run(params string[] args)
    {
        lock (ConsoleLock)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o);
            Console.SetError(e);
            try { return (CliRunner.Run(EntropyScopeCommand.Build(), args), o.ToString(), e.ToString()); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }
}
