using Demarcate.Testing;
using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>The pillar documents downloaded from the register's pages in Chromium: the coordinate list for the filtered view and a pillar's card.</summary>
public sealed class PillarDocumentPageTests(Workspace workspace) : IClassFixture<Workspace>
{
    // The links are in the served HTML; the map beside the table need not have finished loading for them.
    private static readonly PageGotoOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 };

    [Fact]
    public async Task The_register_page_downloads_the_filtered_list_and_a_pillar_page_its_card()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;

        await page.GotoAsync("/pillars?sector=M-03&status=Planned", Loaded);
        Assert.Equal("/api/pillars.xlsx?sector=M-03&status=Planned", await page.Locator("#download-pillar-xlsx").GetAttributeAsync("href"));
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-pillar-xlsx").ClickAsync());
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(await xlsx.PathAsync()))[..2]); // an .xlsx is a zip package
        var csv = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-pillar-csv").ClickAsync());
        var rows = (await File.ReadAllTextAsync(await csv.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var shown = await page.Locator("#pillars tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.pillar)");
        Assert.Equal(shown, rows.Skip(1).Select(r => r.Split(',')[0]));

        await page.GotoAsync("/pillars/M-03/3", Loaded);
        var card = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-pillar-card").ClickAsync());
        var path = await card.PathAsync();
        Assert.Equal("%PDF"u8.ToArray(), (await File.ReadAllBytesAsync(path))[..4]);
        var text = await ExternalTool.RunAsync("pdftotext", ["-enc", "UTF-8", path, "-"]);
        Assert.Contains("Boundary pillar M-03/3", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ITRF2014", text.StandardOutput, StringComparison.Ordinal);

        session.AssertNoConsoleErrors();
    }
}
