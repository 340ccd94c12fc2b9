using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>
/// The web workspace in Chromium, as a commission member uses it: signing in, the border by status, a
/// sector's page, the map's layers, cursor coordinates, measuring, export, and the Russian interface.
/// Every test fails on any error in the browser console.
/// </summary>
public sealed class WorkspaceTests(Workspace workspace) : IClassFixture<Workspace>
{
    private static readonly float Timeout = 20_000;

    [Fact]
    public async Task A_signed_in_member_opens_a_sector_from_the_border_strip_and_sees_its_lines_and_status_history()
    {
        await using var session = await workspace.OpenAsync();
        await session.SignInAsync("am.cochair");
        var page = session.Page;
        await Assertions.Expect(page.Locator(".user-menu .who")).ToContainTextAsync("co-chair");

        await page.GotoAsync("/sectors");
        var strip = page.Locator(".strip-part");
        Assert.True(await strip.CountAsync() > 10, "the status strip shows every sector");
        await session.ScreenshotAsync("sectors");
        await Assertions.Expect(page.Locator(".strip-part.status-AgreedInPrinciple")).ToHaveCountAsync(2);
        await page.Locator(".strip-part[data-sector='M-04']").ClickAsync();

        await page.WaitForURLAsync("**/sectors/M-04");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sector M-04");
        await Assertions.Expect(page.Locator("[data-status]")).ToHaveTextAsync("agreed in principle");
        // The workflow so far: not started → under discussion → agreed in principle.
        await Assertions.Expect(page.Locator("section[aria-labelledby=history-title] tbody tr")).ToHaveCountAsync(2);
        // Both sources' lines of the main section, the line in force starred.
        await Assertions.Expect(page.Locator("tr[data-line]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("tr[data-line]", new() { HasTextString = "★" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".slot")).ToHaveCountAsync(4);
        await session.ScreenshotAsync("sector");

        await page.GetByRole(AriaRole.Link, new() { Name = "Show on the map" }).ClickAsync();
        await page.WaitForURLAsync("**/map?sector=M-04");
        await page.WaitForSelectorAsync("body[data-sectors-loaded]", new() { Timeout = Timeout });
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_delegation_member_follows_a_sector_to_its_proposals_and_a_session_to_its_decision_in_English_and_Russian()
    {
        await using var session = await workspace.OpenAsync();
        await session.SignInAsync("am.cochair");
        var page = session.Page;

        await page.GotoAsync("/sectors/M-02");
        await Assertions.Expect(page.Locator("section.proceedings li[data-decision]")).ToContainTextAsync("The commission takes up the ridge proposal.");
        // The Azerbaijani proposal is submitted, so the Armenian co-chair sees it: one in the thread.
        await page.GetByRole(AriaRole.Link, new() { Name = "Proposals you may see: 1" }).ClickAsync();
        await page.WaitForURLAsync("**/sectors/M-02/proposals");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sector M-02: proposals");
        await Assertions.Expect(page.Locator("li[data-proposal] h2")).ToHaveTextAsync("Follow the ridge");
        await Assertions.Expect(page.Locator("li[data-proposal] .muted")).ToContainTextAsync("AZ, submitted, version 2");
        await session.ScreenshotAsync("proposals");

        await page.Locator("nav a[href='/sessions']").ClickAsync();
        await page.WaitForURLAsync("**/sessions");
        var row = page.Locator("tr[data-session]", new() { HasTextString = "Gabala" });
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("held");
        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/sessions/*");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Gabala");
        await Assertions.Expect(page.Locator("tr[data-decision]")).ToContainTextAsync("The commission takes up the ridge proposal.");
        // The Armenian draft minutes are the delegation's own: listed for it, with the version to download.
        await Assertions.Expect(page.Locator("ul.documents li")).ToContainTextAsync("Minutes of Gabala");
        await session.ScreenshotAsync("session");

        await page.Locator("nav a[href='/documents']").ClickAsync();
        await page.WaitForURLAsync("**/documents");
        var document = page.Locator("tr[data-document]", new() { HasTextString = "Minutes of Gabala" });
        await Assertions.Expect(document.Locator("td").First).ToHaveTextAsync("minutes");
        var download = await page.RunAndWaitForDownloadAsync(() => document.Locator("a.version").First.ClickAsync());
        Assert.Equal("Minutes.", await File.ReadAllTextAsync(await download.PathAsync()));

        await page.GotoAsync("/sessions");
        await page.Locator(".user-menu select[name=code]").SelectOptionAsync("ru");
        await page.Locator(".user-menu form.language button").ClickAsync();
        await page.WaitForSelectorAsync("html[lang=ru]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Заседания комиссии");
        await Assertions.Expect(page.Locator("nav a[href='/sessions']")).ToHaveTextAsync("Заседания");
        await Assertions.Expect(page.Locator("tr[data-session] td").Nth(2)).ToHaveTextAsync("проведено");
        var date = Workspace.SessionDate.ToString("d", CultureInfo.GetCultureInfo("ru"));
        await Assertions.Expect(page.Locator("tr[data-session] td a")).ToHaveTextAsync(date);
        await session.ScreenshotAsync("sessions-ru");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_map_draws_settlements_from_vector_tiles()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        var tiles = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/tiles/settlements/", StringComparison.Ordinal) && response.Status == 200
                && response.Headers.TryGetValue("content-type", out var type) && type == "application/vnd.mapbox-vector-tile")
            {
                lock (tiles)
                {
                    tiles.Add(response.Url);
                }
            }
        };
        await page.GotoAsync("/map");
        await page.WaitForSelectorAsync("body[data-sectors-loaded]", new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.settlementFeatures || 0) > 0", null, new() { Timeout = Timeout });
        lock (tiles)
        {
            Assert.NotEmpty(tiles);
            Assert.All(tiles, url => Assert.Matches(@"/tiles/settlements/\d+/\d+/\d+\.mvt$", url));
        }

        // The settlements drawn are the tiles' features: switching the layer off changes the picture.
        var map = page.Locator("#map");
        var with = await map.ScreenshotAsync();
        await WaitForRenderAsync(page, () => page.Locator("#layer-settlements").UncheckAsync());
        var without = await map.ScreenshotAsync();
        Assert.False(with.AsSpan().SequenceEqual(without), "the settlements from the tiles are drawn");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_map_draws_pillars_from_vector_tiles()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        var tiles = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/tiles/pillars/", StringComparison.Ordinal) && response.Status == 200
                && response.Headers.TryGetValue("content-type", out var type) && type == "application/vnd.mapbox-vector-tile")
            {
                lock (tiles)
                {
                    tiles.Add(response.Url);
                }
            }
        };
        await page.GotoAsync("/map?sector=M-03");
        await page.WaitForSelectorAsync("body[data-sectors-loaded]", new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.pillarFeatures || 0) >= 4", null, new() { Timeout = Timeout });
        lock (tiles)
        {
            Assert.NotEmpty(tiles);
            Assert.All(tiles, url => Assert.Matches(@"/tiles/pillars/\d+/\d+/\d+\.mvt$", url));
        }

        var map = page.Locator("#map");
        var with = await map.ScreenshotAsync();
        await WaitForRenderAsync(page, () => page.Locator("#layer-pillars").UncheckAsync());
        var without = await map.ScreenshotAsync();
        Assert.False(with.AsSpan().SequenceEqual(without), "the pillars from the tiles are drawn");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_map_toggles_layers_reads_the_cursor_in_three_systems_measures_and_exports_a_png()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/map");
        await page.WaitForSelectorAsync("body[data-sectors-loaded][data-lines-loaded]", new() { Timeout = Timeout });
        await page.WaitForSelectorAsync("#layer-source-osm", new() { Timeout = Timeout });
        foreach (var key in new[] { "graticule", "settlements", "source-osm", "source-naturalearth", "claims", "inforce", "breaks" })
        {
            Assert.True(await page.Locator($"#layer-{key}").IsCheckedAsync(), key + " starts visible");
        }

        var map = page.Locator("#map");
        var box = (await map.BoundingBoxAsync())!;
        await page.WaitForSelectorAsync("body[data-renders]", new() { Timeout = Timeout });
        var before = await map.ScreenshotAsync();
        await WaitForRenderAsync(page, async () =>
        {
            await page.Locator("#layer-inforce").UncheckAsync();
            await page.Locator("#layer-settlements").UncheckAsync();
        });
        var without = await map.ScreenshotAsync();
        Assert.False(before.AsSpan().SequenceEqual(without), "switching layers off changes what the map shows");
        await page.Locator("#layer-inforce").CheckAsync();
        await page.Locator("#layer-settlements").CheckAsync();

        // The cursor: WGS 84 at once, UTM and Gauss–Krüger from the server; checked against the core's own operations.
        await page.Mouse.MoveAsync(box.X + box.Width * 0.45f, box.Y + box.Height * 0.4f);
        await page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height * 0.5f);
        await page.WaitForFunctionAsync(
            "() => { const w = document.getElementById('cursor-wgs84').dataset; const g = document.getElementById('cursor-gk').dataset; return g.first && g.lat === w.lat && document.getElementById('cursor-utm').dataset.lat === w.lat; }",
            null, new() { Timeout = Timeout });
        var wgs84 = await page.Locator("#cursor-wgs84").TextContentAsync();
        var lat = await NumberAsync(page, "#cursor-wgs84", "lat");
        var lon = await NumberAsync(page, "#cursor-wgs84", "lon");
        Assert.InRange(lat, 38.5, 41.5);
        Assert.InRange(lon, 44.5, 47);
        Assert.Contains(lat.ToString("F5", CultureInfo.GetCultureInfo("en")), wgs84, StringComparison.Ordinal);
        await AssertCursorAsync(page, "#cursor-utm", $"EPSG:{32600 + (int)Math.Floor((lon + 180) / 6) + 1}", null, lat, lon);
        await AssertCursorAsync(page, "#cursor-gk", $"EPSG:{28400 + (int)Math.Floor(lon / 6) + 1}", "EPSG:15865", lat, lon);

        // Measuring: two clicks and a double-click draw a line; its length is the core's Karney geodesic.
        await page.Locator("#measure").ClickAsync();
        await page.Mouse.ClickAsync(box.X + box.Width * 0.3f, box.Y + box.Height * 0.3f);
        await page.Mouse.ClickAsync(box.X + box.Width * 0.6f, box.Y + box.Height * 0.35f);
        await page.Mouse.DblClickAsync(box.X + box.Width * 0.65f, box.Y + box.Height * 0.7f);
        await page.WaitForSelectorAsync("#measure-result[data-metres]", new() { Timeout = Timeout });
        var points = JsonSerializer.Deserialize<double[][]>((await page.Locator("#measure-result").GetAttributeAsync("data-points"))!)!;
        Assert.Equal(3, points.Length);
        var expected = Geodesic.Wgs84.Inverse(points[0][0], points[0][1], points[1][0], points[1][1]).Distance
            + Geodesic.Wgs84.Inverse(points[1][0], points[1][1], points[2][0], points[2][1]).Distance;
        Assert.Equal(expected, await NumberAsync(page, "#measure-result", "metres"), 6);
        Assert.InRange(expected, 10_000, 1_000_000);
        await Assertions.Expect(page.Locator("#measure-result")).ToContainTextAsync("km");
        await page.Locator("#measure").ClickAsync();
        await Assertions.Expect(page.Locator(".ol-scale-bar")).ToBeVisibleAsync();
        await session.ScreenshotAsync("map");

        // Export: a PNG of the view, as large as the map on screen.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export").ClickAsync());
        var path = Path.Combine(Workspace.ScreenshotFolder, "exported-view.png");
        await download.SaveAsAsync(path);
        var png = await File.ReadAllBytesAsync(path);
        Assert.Equal("demarcate-map.png", download.SuggestedFilename);
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG signature");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        var size = await page.EvaluateAsync<int[]>("() => [document.getElementById('map').clientWidth, document.getElementById('map').clientHeight]");
        Assert.Equal(size[0], BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(size[1], BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.True(png.Length > 20_000, $"the exported view has content ({png.Length} bytes)");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_member_compares_the_two_sources_and_sees_the_polygons_drawn_and_the_largest_first()
    {
        await using var session = await workspace.OpenAsync();
        await session.SignInAsync("az.carto");
        var page = session.Page;
        await page.GotoAsync("/compare");
        await page.Locator("#pick-a").SelectOptionAsync("osm-main");
        await page.Locator("#pick-b").SelectOptionAsync("naturalearth-main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        await page.WaitForURLAsync("**/compare?a=osm-main&b=naturalearth-main");
        await page.WaitForSelectorAsync("body[data-compare-rendered]", new() { Timeout = Timeout });
        Assert.True(int.Parse((await page.Locator("body").GetAttributeAsync("data-polygons"))!, CultureInfo.InvariantCulture) > 0, "polygons are drawn");
        var areas = new List<double>();
        foreach (var area in await page.Locator("#polygons tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.area)"))
        {
            areas.Add(double.Parse(area, CultureInfo.InvariantCulture));
        }

        Assert.NotEmpty(areas);
        Assert.Equal(areas.Max(), areas[0]);
        await session.ScreenshotAsync("compare");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Choosing_Russian_shows_the_workspace_in_Russian_with_Russian_numbers_and_keeps_the_choice()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/sectors");
        var englishLength = await page.Locator("tr[data-sector='M-01'] td.num").First.TextContentAsync();
        Assert.Contains(".", englishLength, StringComparison.Ordinal);

        await page.Locator(".user-menu select[name=code]").SelectOptionAsync("ru");
        await page.Locator(".user-menu form.language button").ClickAsync();
        await page.WaitForSelectorAsync("html[lang=ru]");
        Assert.EndsWith("/sectors", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Участки");
        await Assertions.Expect(page.Locator("nav a[href='/map']")).ToHaveTextAsync("Карта");
        await Assertions.Expect(page.Locator("tr[data-sector='M-01'] .status")).ToHaveTextAsync("работа не начата");
        var russianLength = await page.Locator("tr[data-sector='M-01'] td.num").First.TextContentAsync();
        Assert.Equal(englishLength!.Replace('.', ','), russianLength);
        await session.ScreenshotAsync("sectors-ru");

        // The choice follows the user to the next page, the map included.
        await page.GotoAsync("/map");
        await page.WaitForSelectorAsync("body[data-sectors-loaded]", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#layers legend")).ToHaveTextAsync("Слои");
        await Assertions.Expect(page.Locator("label", new() { Has = page.Locator("#layer-breaks") })).ToHaveTextAsync("Точки раздела участков");

        // Armenian is partial: its own words where translated, English for the rest, never a bare key.
        await page.Locator(".user-menu select[name=code]").SelectOptionAsync("hy");
        await page.Locator(".user-menu form.language button").ClickAsync();
        await page.WaitForSelectorAsync("html[lang=hy]");
        await Assertions.Expect(page.Locator("nav a[href='/map']")).ToHaveTextAsync("Քարտեզ");
        await Assertions.Expect(page.Locator("#layers legend")).ToHaveTextAsync("Layers");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_keyboard_reaches_the_content_through_the_skip_link_and_focus_is_visible()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/sectors");
        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator("a.skip");
        await Assertions.Expect(skip).ToBeFocusedAsync();
        Assert.NotEqual("none", await skip.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        Assert.True((await skip.BoundingBoxAsync())!.X >= 0, "the focused skip link is on screen");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("A", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.closest('main') !== null"), "the next stop is inside the content");

        // The map takes the keyboard once focused: '+' zooms in, which the scale bar shows.
        await page.GotoAsync("/map");
        await page.WaitForSelectorAsync("body[data-sectors-loaded]", new() { Timeout = Timeout });
        await page.WaitForSelectorAsync("body[data-renders]", new() { Timeout = Timeout });
        const string Denominator = "() => Number(document.querySelector('.ol-scale-text').textContent.split(':')[1].replace(/\\D/g, ''))";
        var before = await page.EvaluateAsync<double>(Denominator);
        await page.Locator("#map").FocusAsync();
        await page.Keyboard.PressAsync("+");
        // One zoom step halves the scale denominator.
        await page.WaitForFunctionAsync($"() => Math.abs(({Denominator})() * 2 / {before.ToString(CultureInfo.InvariantCulture)} - 1) < 0.02", null, new() { Timeout = Timeout });
        session.AssertNoConsoleErrors();
    }

    private static async Task AssertCursorAsync(IPage page, string selector, string crs, string? operation, double lat, double lon)
    {
        Assert.Equal(crs, await page.Locator(selector).GetAttributeAsync("data-crs"));
        var chosen = TransformationChoice.Choose(CrsRegistry.Standard.Find(CrsCode.Epsg(4326))!, CrsRegistry.Standard.Find(CrsCode.Parse(crs, "crs").Value)!, operation);
        Assert.True(chosen.Success);
        var expected = chosen.Value.Transform(lat, lon);
        Assert.Equal(expected.First, await NumberAsync(page, selector, "first"), 3);
        Assert.Equal(expected.Second, await NumberAsync(page, selector, "second"), 3);
        Assert.Contains(expected.First.ToString("N1", CultureInfo.GetCultureInfo("en")), await page.Locator(selector).TextContentAsync(), StringComparison.Ordinal);
    }

    private static async Task<double> NumberAsync(IPage page, string selector, string name) =>
        double.Parse((await page.Locator(selector).GetAttributeAsync("data-" + name))!, CultureInfo.InvariantCulture);

    /// <summary>Waits until OpenLayers has finished drawing the view after the last change.</summary>
    private static async Task WaitForRenderAsync(IPage page, Func<Task> change)
    {
        var renders = await page.EvaluateAsync<int>("() => Number(document.body.dataset.renders || 0)");
        await change();
        await page.WaitForFunctionAsync($"() => Number(document.body.dataset.renders || 0) > {renders}", null, new() { Timeout = Timeout });
    }
}
