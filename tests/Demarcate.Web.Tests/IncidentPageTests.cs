using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>The incident page in Chromium: filters narrow table and map alike, a click on the map places a new report, and it shows in the table.</summary>
public sealed class IncidentPageTests(Workspace workspace) : IClassFixture<Workspace>
{
    private static async Task<int> DrawnAsync(IPage page)
    {
        await page.WaitForSelectorAsync("body[data-incidents-drawn]", new() { Timeout = 20_000 });
        return int.Parse(await page.Locator("body").GetAttributeAsync("data-incidents-drawn") ?? "", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_monitor_filters_by_type_clicks_the_map_to_report_an_incident_and_finds_it_in_the_table()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        await session.SignInAsync("monitor");

        await page.GotoAsync("/incidents");
        var rows = page.Locator("#incidents tbody tr");
        var all = await rows.CountAsync();
        Assert.True(all > 20, $"the demo's invented reports are listed ({all})");
        Assert.Equal(all, await DrawnAsync(page));
        Assert.True(await page.Locator("#incident-timeline rect").CountAsync() > 1);

        await page.Locator("#incident-filters select[name=type]").SelectOptionAsync("SniperFire");
        await page.Locator("#incident-filter").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("type=SniperFire", StringComparison.Ordinal));
        var shown = await rows.CountAsync();
        Assert.InRange(shown, 1, all - 1);
        Assert.All(await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.type)"), t => Assert.Equal("SniperFire", t));
        Assert.Equal(shown, await DrawnAsync(page));
        Assert.Contains("type=SniperFire", await page.Locator("#export-csv").GetAttributeAsync("href"), StringComparison.Ordinal);

        // A click on the map away from the incidents (the view keeps 30 px around them) places the report there.
        var map = page.Locator("#incident-map");
        var box = (await map.BoundingBoxAsync())!;
        await map.ClickAsync(new() { Position = new() { X = box.Width / 2, Y = 10 } });
        await page.WaitForSelectorAsync("body[data-entry-placed]");
        var latitude = double.Parse(await page.Locator("#entry-latitude").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var longitude = double.Parse(await page.Locator("#entry-longitude").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(latitude, 38, 42.5);
        Assert.InRange(longitude, 43, 47.5);

        await page.Locator("#entry-date").FillAsync("2026-11-20");
        await page.Locator("#entry-type").SelectOptionAsync("SniperFire");
        await page.Locator("#entry-source").FillAsync("Browser-test patrol");
        await page.Locator("#entry-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("entered=inc-", StringComparison.Ordinal));

        var entered = page.Locator("#incidents tbody tr.entered");
        await Assertions.Expect(entered).ToHaveCountAsync(1);
        await Assertions.Expect(entered).ToContainTextAsync("Browser-test patrol");
        Assert.Equal("SniperFire", await entered.GetAttributeAsync("data-type"));
        Assert.Equal(all + 1, await rows.CountAsync());
        await session.ScreenshotAsync("incidents");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Anonymous_visitors_see_no_commission_incidents_and_no_entry_form_and_the_page_speaks_Russian()
    {
        await using var session = await workspace.OpenAsync("ru-RU");
        var page = session.Page;

        await page.GotoAsync("/incidents");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Пограничные инциденты");
        await Assertions.Expect(page.Locator("#incidents-empty")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#incident-entry")).ToHaveCountAsync(0);
        Assert.Equal(0, await DrawnAsync(page));
        session.AssertNoConsoleErrors();
    }
}
