var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health", () => "ok");
await app.RunAsync();
public partial class Program;
