using Demarcate.Server;
using Demarcate.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Demarcate.Server.Tests;

/// <summary>The whole server in process, on its own fresh GeoPackage store holding the demo commission.</summary>
public sealed class DemarcateFactory : WebApplicationFactory<Program>
{
    private readonly ScratchFolder _scratch = new();

    public string StorePath => _scratch.File("server.gpkg");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(ServerApp.StorePathKey, StorePath);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _scratch.Dispose();
        }
    }
}
