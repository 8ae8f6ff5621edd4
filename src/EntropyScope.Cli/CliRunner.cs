using System.CommandLine;

namespace EntropyScope.Cli;

/// <summary>
/// Runs the parsed command and turns bad input into one line on stderr and a non-zero exit, never a stack trace.
/// Exit codes: 0 success, 1 parse error (System.CommandLine's own message), 2 bad input, 3 unexpected failure.
/// </summary>
public static class CliRunner
{
    public const int BadInput = 2;
    public const int Failure = 3;

    public static int Run(RootCommand root, string[] args)
    {
        try
        {
            // Our own handler below prints one line; the library default would print a stack trace.
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InputException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            Console.Error.WriteLine("error: " + OneLine(e.Message));
            return BadInput;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: internal failure ({e.GetType().Name}): {OneLine(e.Message)}");
            if (Environment.GetEnvironmentVariable("ENTROPYSCOPE_TRACE") == "1") Console.Error.WriteLine(e);
            return Failure;
        }
    }

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ');
}
