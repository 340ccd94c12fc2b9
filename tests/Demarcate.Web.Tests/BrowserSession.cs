using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>One user's browser tab, with everything the console said, so a test can fail on any error.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    private BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add("uncaught: " + error);
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The console errors and uncaught exceptions so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public static async Task<BrowserSession> StartAsync(IBrowserContext context) => new(context, await context.NewPageAsync());

    /// <summary>Signs in through the form, as a person would.</summary>
    public async Task SignInAsync(string userName)
    {
        await Page.GotoAsync("/signin");
        await Page.GetByLabel("User name").Or(Page.GetByLabel("Имя пользователя")).FillAsync(userName);
        await Page.Locator("input[name=Password]").FillAsync(Workspace.Password);
        await Page.Locator("form.signin button[type=submit]").ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    /// <summary>Saves a screenshot of the page into the test results (and, when asked, as a README picture).</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(Workspace.ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        // README pictures change only on purpose: DEMARCATE_README_SCREENSHOTS=1 scripts/test.
        if (Environment.GetEnvironmentVariable("DEMARCATE_README_SCREENSHOTS") == "1")
        {
            File.Copy(path, Path.Combine(Testing.RepositoryPaths.Root, "docs", "screenshots", name + ".png"), overwrite: true);
        }

        return path;
    }

    /// <summary>Fails with every console error seen so far.</summary>
    public void AssertNoConsoleErrors() => Assert.True(Errors.Count == 0, "Browser console errors:\n" + string.Join("\n", Errors));

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
