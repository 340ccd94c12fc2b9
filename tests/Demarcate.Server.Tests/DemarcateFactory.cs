using Demarcate.Core;
using Demarcate.Core.Trust;
using Demarcate.Server;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Demarcate.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Demarcate.Server.Tests;

/// <summary>The whole server in process, on its own fresh GeoPackage store holding the demo commission.</summary>
public sealed class DemarcateFactory : WebApplicationFactory<Program>
{
    private readonly ScratchFolder _scratch = new();

    public string StorePath => _scratch.File("server.gpkg");

    /// <summary>Every demo account's password in these tests.</summary>
    public const string Password = "test password for every role";

    private readonly SemaphoreSlim _seeding = new(1, 1);
    private Dictionary<string, string>? _tokens;

    /// <summary>The demo accounts (one per role), created once, each with an API token: user name → token.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AccountTokensAsync()
    {
        await _seeding.WaitAsync();
        try
        {
            if (_tokens is null)
            {
                var store = Services.GetRequiredService<ICommissionStore>();
                var hasher = Services.GetRequiredService<PasswordHasher>();
                await DemoAccounts.EnsureAsync(store, hasher, () => Password, default);
                _tokens = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var account in await store.ListAccountsAsync(Caller.CommissionSystem, default))
                {
                    var token = ApiToken.Create();
                    await store.AddApiTokenAsync(Caller.For(account), token.ToStored(account.Id, "tests", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)), default);
                    _tokens[account.UserName] = token.Token;
                }
            }

            return _tokens;
        }
        finally
        {
            _seeding.Release();
        }
    }

    /// <summary>A client acting as <paramref name="userName"/> through its API token (null: anonymous).</summary>
    public async Task<HttpClient> ClientAsync(string? userName)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (userName is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", (await AccountTokensAsync())[userName]);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(ServerApp.StorePathKey, StorePath);
        builder.UseSetting(ServerApp.PasswordIterationsKey, "1000");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _scratch.Dispose();
            _seeding.Dispose();
        }
    }
}
