using Demarcate.Testing;
using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>The reference layers page in Chromium: members see the layers with source and licence; a cartographer loads one, bad files refused by feature.</summary>
public sealed class LayersPageTests(Workspace workspace) : IClassFixture<Workspace>
{
    [Fact]
    public async Task A_cartographer_sees_the_demo_settlements_and_loads_a_river_layer_a_bad_file_named_by_feature()
    {
        await using var session = await workspace.OpenAsync();
        await session.SignInAsync("az.carto");
        var page = session.Page;
        await page.GotoAsync("/layers");
        await Assertions.Expect(page.Locator("nav a[href='/layers']")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Reference layers");
        var settlements = page.Locator("tr[data-layer='settlements-geonames']");
        await Assertions.Expect(settlements).ToContainTextAsync("214");
        await Assertions.Expect(settlements).ToContainTextAsync("CC BY 4.0");

        using var scratch = new ScratchFolder();
        var bad = scratch.File("rivers-bad.geojson");
        await File.WriteAllTextAsync(bad, """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"r1","properties":{"name":"Good river"},"geometry":{"type":"LineString","coordinates":[[45.0,41.0],[45.1,40.9]]}},
            {"type":"Feature","id":"r1","properties":{"name":"Same id"},"geometry":{"type":"LineString","coordinates":[[45.2,41.0],[45.3,40.9]]}}
            ]}
            """);
        await page.Locator("#layer-id").FillAsync("rivers-browser");
        await page.Locator("#layer-title").FillAsync("Browser rivers");
        await page.Locator("#layer-kind").SelectOptionAsync("rivers");
        await page.Locator("#layer-source").FillAsync("drawn for the browser test");
        await page.Locator("#layer-licence").FillAsync("CC0");
        await page.Locator("#layer-file").SetInputFilesAsync(bad);
        await page.Locator("#layer-load").ClickAsync();
        await Assertions.Expect(page.Locator("#layer-problems")).ToContainTextAsync("rivers-bad.geojson");
        await Assertions.Expect(page.Locator("#layer-problems")).ToContainTextAsync("'r1'");
        await Assertions.Expect(page.Locator("tr[data-layer='rivers-browser']")).ToHaveCountAsync(0);

        var good = scratch.File("rivers.geojson");
        await File.WriteAllTextAsync(good, """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"r1","properties":{"name":"Good river"},"geometry":{"type":"LineString","coordinates":[[45.0,41.0],[45.1,40.9]]}},
            {"type":"Feature","id":"r2","properties":{"name":"Other river"},"geometry":{"type":"LineString","coordinates":[[45.2,41.0],[45.3,40.9]]}}
            ]}
            """);
        await page.Locator("#layer-id").FillAsync("rivers-browser");
        await page.Locator("#layer-kind").SelectOptionAsync("rivers");
        await page.Locator("#layer-source").FillAsync("drawn for the browser test");
        await page.Locator("#layer-licence").FillAsync("CC0");
        await page.Locator("#layer-file").SetInputFilesAsync(good);
        await page.Locator("#layer-load").ClickAsync();
        await Assertions.Expect(page.Locator("#layer-loaded")).ToContainTextAsync("rivers-browser");
        var row = page.Locator("tr[data-layer='rivers-browser']");
        await Assertions.Expect(row).ToContainTextAsync("rivers");
        await Assertions.Expect(row).ToContainTextAsync("CC0");
        await Assertions.Expect(row).ToContainTextAsync("EPSG:4326");

        // The download link gives back the layer's features, as the API serves them to the signed-in member.
        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("a", new() { HasText = "GeoJSON" }).ClickAsync());
        var saved = scratch.File("downloaded.geojson");
        await download.SaveAsAsync(saved);
        var text = await File.ReadAllTextAsync(saved);
        Assert.Contains("Good river", text, StringComparison.Ordinal);
        Assert.Contains("Other river", text, StringComparison.Ordinal);
        await session.ScreenshotAsync("layers");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task An_observer_sees_the_layers_without_the_form_and_the_public_is_asked_to_sign_in()
    {
        await using (var session = await workspace.OpenAsync())
        {
            await session.SignInAsync("am.observer");
            await session.Page.GotoAsync("/layers");
            await Assertions.Expect(session.Page.Locator("tr[data-layer='settlements-geonames']")).ToHaveCountAsync(1);
            await Assertions.Expect(session.Page.Locator("#layer-load")).ToHaveCountAsync(0);
            session.AssertNoConsoleErrors();
        }

        await using (var anonymous = await workspace.OpenAsync())
        {
            await anonymous.Page.GotoAsync("/layers");
            await Assertions.Expect(anonymous.Page.Locator("#layers-signin")).ToBeVisibleAsync();
            await Assertions.Expect(anonymous.Page.Locator("#layers-table")).ToHaveCountAsync(0);
            anonymous.AssertNoConsoleErrors();
        }
    }
}
