using EntropyScope.Cli;

return CliRunner.Run(EntropyScopeCommand.Build(), args);
