using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>
/// The OGC API – Features service in Chromium: a browser asking for the same addresses GDAL reads gets pages of the
/// workspace, and can walk from the landing page to one feature. Fails on any error in the browser console.
/// </summary>
public sealed class OgcPageTests(Workspace workspace) : IClassFixture<Workspace>
{
    [Fact]
    public async Task A_browser_walks_from_the_landing_page_to_one_sector_and_reads_it_in_Russian()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;

        await page.GotoAsync("/ogc");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Demarcate — OGC API – Features");
        await page.Locator("a[rel=data]").ClickAsync();
        await page.WaitForURLAsync("**/ogc/collections");
        // One row per collection, with the number of features an anonymous visitor may see.
        await Assertions.Expect(page.Locator("table.ogc tbody tr")).ToHaveCountAsync(Server.Ogc.PublishedCollections.All.Count);
        await page.GetByRole(AriaRole.Link, new() { Name = "sectors", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/ogc/collections/sectors?f=html");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sectors");
        await Assertions.Expect(page.Locator("table.ogc tbody tr", new() { HasTextString = "http://www.opengis.net/def/crs/EPSG/0/28408" })).ToHaveCountAsync(1);

        await page.Locator("a[rel=items][type='text/html']").ClickAsync();
        await page.WaitForURLAsync("**/ogc/collections/sectors/items?f=html");
        await Assertions.Expect(page.Locator("table.ogc tbody tr")).ToHaveCountAsync(36);
        await session.ScreenshotAsync("ogc-items");
        await page.GetByRole(AriaRole.Link, new() { Name = "M-04", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/ogc/collections/sectors/items/M-04?f=html");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("M-04");
        await Assertions.Expect(page.Locator("table.ogc tbody tr", new() { HasTextString = "status" })).ToContainTextAsync("AgreedInPrinciple");
        session.AssertNoConsoleErrors();

        await using var russian = await workspace.OpenAsync("ru-RU");
        await russian.Page.GotoAsync("/ogc/collections");
        await Assertions.Expect(russian.Page.Locator("main p.muted").First).ToHaveTextAsync("Коллекции");
        await Assertions.Expect(russian.Page.Locator("table.ogc th").First).ToHaveTextAsync("Идентификатор");
        russian.AssertNoConsoleErrors();
    }
}
