using System.CommandLine;
using EntropyScope.Cli;
using EntropyScope.Cli.Verbs;

// One root command; every verb lives in its own file under Verbs/ and is registered here.
var root = new RootCommand("EntropyScope: entropy production and dissipation maps from movies, trajectories and observables.");
foreach (Command verb in new[]
         {
             VersionInfoVerb.Create(),
         })
    root.Subcommands.Add(verb);

return CliRunner.Run(root, args);
