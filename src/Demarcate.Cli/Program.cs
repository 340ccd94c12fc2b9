using Demarcate.Cli;

return await DemarcateCommand.RunAsync(args);
