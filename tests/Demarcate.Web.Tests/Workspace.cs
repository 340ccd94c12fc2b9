using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Server;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;
using Demarcate.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>
/// The whole web workspace as a user meets it: the server on a real loopback port (a browser cannot
/// reach WebApplicationFactory's in-memory server) over a fresh demo store, and Debian's Chromium
/// driven headless by Playwright. One per test class; each test opens its own browser context.
/// </summary>
public sealed class Workspace : IAsyncLifetime, IDisposable
{
    /// <summary>Every demo account's password here.</summary>
    public const string Password = "browser tests password";

    /// <summary>Where Debian installs Chromium (scripts/test installs it when missing; `playwright install` cannot download here).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly ScratchFolder _scratch = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots of every run, beside the test results (scripts/test keeps them in TestResults/).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var store = await ServerApp.OpenWithDemoAsync(_scratch.File("web.gpkg"), _scratch.File("journal-key.pem"), CancellationToken.None);
        _app = await ServerApp.CreateAsync(
            ["--urls=http://127.0.0.1:0", "--environment=Production", $"--{ServerApp.PasswordIterationsKey}=1000"],
            store,
            CancellationToken.None);
        await DemoAccounts.EnsureAsync(store, _app.Services.GetRequiredService<PasswordHasher>(), () => Password, CancellationToken.None);
        await MoveSomeSectorsAsync(store);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>
    /// A commission at work rather than one just set up: the Armenian co-chair moves a few sectors through
    /// the workflow (the real store, the real rules), so the border strip and a sector's history have something to show.
    /// </summary>
    private static async Task MoveSomeSectorsAsync(ICommissionStore store)
    {
        var cochair = Caller.For((await store.FindAccountAsync("am.cochair", CancellationToken.None))!.Account);
        foreach (var id in new[] { "M-02", "M-03", "M-04", "M-05", "M-06", "N-02", "N-03" })
        {
            await store.ChangeSectorStatusAsync(cochair, id, SectorStatus.UnderDiscussion, expectedVersion: 1, CancellationToken.None);
        }

        foreach (var id in new[] { "M-03", "M-04" })
        {
            await store.ChangeSectorStatusAsync(cochair, id, SectorStatus.AgreedInPrinciple, expectedVersion: 2, CancellationToken.None);
        }
    }

    /// <summary>A fresh browser session at 1366×768 (the commission's laptops), in <paramref name="locale"/>, recording the console.</summary>
    public async Task<BrowserSession> OpenAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = locale,
            AcceptDownloads = true,
        });
        return await BrowserSession.StartAsync(context);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The scratch store goes last, after the server has let go of it.</summary>
    public void Dispose() => _scratch.Dispose();
}
