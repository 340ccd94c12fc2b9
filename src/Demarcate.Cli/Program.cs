namespace Demarcate.Cli;

/// <summary>The entry point of the <c>demarcate</c> command.</summary>
public static class EntryPoint
{
    public static Task<int> Main(string[] args) => DemarcateCommand.RunAsync(args);
}
