using Demarcate.Server;

var app = await ServerApp.CreateAsync(args, store: null, CancellationToken.None);
await app.RunAsync();

/// <summary>The server's entry point (also the anchor for in-process tests).</summary>
public partial class Program;
