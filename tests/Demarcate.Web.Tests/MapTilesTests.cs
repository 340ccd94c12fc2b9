using System.Text.Json;
using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>
/// The map's boundary lines and sectors as vector tiles in Chromium: the map fetches <c>/tiles/lines</c> and
/// <c>/tiles/sectors</c> rather than the GeoJSON layers, and OpenLayers' own hit detection finds a sector and the source
/// line of the line in force where the server's data puts them.
/// </summary>
public sealed class MapTilesTests(Workspace workspace) : IClassFixture<Workspace>
{
    private static readonly float Timeout = 30_000;

    [Fact]
    public async Task The_map_draws_lines_and_sectors_from_vector_tiles_where_the_api_puts_them()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        var tiles = new List<string>();
        var geoJson = new List<string>();
        page.Response += (_, response) =>
        {
            if ((response.Url.Contains("/tiles/lines/", StringComparison.Ordinal) || response.Url.Contains("/tiles/sectors/", StringComparison.Ordinal))
                && response.Status == 200 && response.Headers.TryGetValue("content-type", out var type) && type == "application/vnd.mapbox-vector-tile")
            {
                lock (tiles)
                {
                    tiles.Add(response.Url);
                }
            }

            if (response.Url.Contains("/api/layers/lines", StringComparison.Ordinal) || response.Url.Contains("/api/layers/sectors", StringComparison.Ordinal))
            {
                lock (geoJson)
                {
                    geoJson.Add(response.Url);
                }
            }
        };

        // The oracle: the sector's stretch of the line in force as the GeoJSON API gives it, and its status.
        using var http = new HttpClient { BaseAddress = workspace.BaseAddress };
        using var layer = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/layers/sectors", UriKind.Relative)));
        var sector = layer.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "M-07");
        var status = sector.GetProperty("properties").GetProperty("status").GetString();
        var parts = sector.GetProperty("geometry").GetProperty("coordinates");
        var part = parts[0];
        var vertex = part[part.GetArrayLength() / 2];
        var (lon, lat) = (vertex[0].GetDouble(), vertex[1].GetDouble());

        await page.GotoAsync("/map?sector=M-07");
        await page.WaitForSelectorAsync("body[data-sectors-loaded][data-lines-loaded]", new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.lineFeatures || 0) > 0 && Number(document.body.dataset.sectorFeatures || 0) > 0", null, new() { Timeout = Timeout });
        lock (tiles)
        {
            Assert.Contains(tiles, url => url.Contains("/tiles/lines/", StringComparison.Ordinal));
            Assert.Contains(tiles, url => url.Contains("/tiles/sectors/", StringComparison.Ordinal));
            Assert.All(tiles, url => Assert.Matches(@"/tiles/(lines|sectors)/\d+/\d+/\d+\.mvt$", url));
        }

        lock (geoJson)
        {
            Assert.Empty(geoJson);
        }

        // The view is fitted to the sector's box from the sector API: the whole box is on screen, and the sector fills it.
        using var api = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/sectors/M-07", UriKind.Relative)));
        var bbox = api.RootElement.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var visible = await page.EvaluateAsync<double[]>(
            "() => { const map = document.getElementById('map').olMap; return ol.proj.transformExtent(map.getView().calculateExtent(map.getSize()), 'EPSG:3857', 'EPSG:4326'); }");
        Assert.True(visible[0] <= bbox[0] && visible[1] <= bbox[1] && visible[2] >= bbox[2] && visible[3] >= bbox[3], $"the sector's box {string.Join(", ", bbox)} is in view {string.Join(", ", visible)}");
        Assert.True(visible[2] - visible[0] < 4 * (bbox[2] - bbox[0]) + 0.05, "the view is the sector's, not the whole boundary's");

        // At the pixel of one of the sector's vertices (once the view has settled with its tiles), OpenLayers finds the
        // sector from the tile, with the API's status, and the source line the line in force was taken from.
        var hits = await page.EvaluateAsync<JsonElement>(
            """
            ([lon, lat]) => new Promise(resolve => {
              const map = document.getElementById('map').olMap;
              const look = () => {
                const pixel = map.getPixelFromCoordinate(ol.proj.fromLonLat([lon, lat]));
                const at = key => map.getFeaturesAtPixel(pixel, { hitTolerance: 2, layerFilter: l => l.get('key') === key });
                resolve({
                  pixel: pixel,
                  sectors: at('inforce').map(f => ({ id: f.getId(), status: f.get('status'), labelLon: f.get('labelLon') })),
                  sources: at('source-osm').concat(at('source-naturalearth')).map(f => ({ source: f.get('source'), kind: f.get('kind') })),
                  claims: at('claims').length,
                });
              };
              map.once('rendercomplete', look);
              map.render();
            })
            """,
            new object[] { lon, lat });
        var pixel = hits.GetProperty("pixel");
        var size = await page.EvaluateAsync<int[]>("() => [document.getElementById('map').clientWidth, document.getElementById('map').clientHeight]");
        Assert.InRange(pixel[0].GetDouble(), 0, size[0]);
        Assert.InRange(pixel[1].GetDouble(), 0, size[1]);
        var found = hits.GetProperty("sectors").EnumerateArray().ToList();
        Assert.Contains(found, f => f.GetProperty("id").GetString() == "M-07" && f.GetProperty("status").GetString() == status
            && f.GetProperty("labelLon").ValueKind == JsonValueKind.Number);
        var sources = hits.GetProperty("sources").EnumerateArray().ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, f => Assert.Equal("SourceLine", f.GetProperty("kind").GetString()));
        Assert.Equal(0, hits.GetProperty("claims").GetInt32());

        // Switching the sectors off takes them off the picture (and out of the hit test).
        var map = page.Locator("#map");
        var with = await map.ScreenshotAsync();
        await WaitForRenderAsync(page, () => page.Locator("#layer-inforce").UncheckAsync());
        var without = await map.ScreenshotAsync();
        Assert.False(with.AsSpan().SequenceEqual(without), "the sectors from the tiles are drawn");
        await session.ScreenshotAsync("map-sector-tiles");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_pillar_from_the_tiles_is_found_at_its_pixel_once_the_recentred_view_is_drawn()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;

        // The oracle: the register's planned position of a published pillar.
        using var http = new HttpClient { BaseAddress = workspace.BaseAddress };
        using var register = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/pillars?sector=M-03", UriKind.Relative)));
        var pillar = register.RootElement.EnumerateArray().Single(p => p.GetProperty("number").GetString() == "M-03/2");
        var planned = pillar.GetProperty("planned");
        var (lon, lat) = (planned.GetProperty("longitude").GetDouble(), planned.GetProperty("latitude").GetDouble());

        await page.GotoAsync("/map?sector=M-03");
        await page.WaitForSelectorAsync("body[data-sectors-loaded]", new() { Timeout = Timeout });

        // Re-centred on the pillar at zoom 13, the map is asked only after it has drawn the new view with its tiles:
        // hit detection looks in the tiles of the last frame drawn.
        var found = await page.EvaluateAsync<JsonElement>(
            """
            ([lon, lat]) => new Promise(resolve => {
              const map = document.getElementById('map').olMap;
              map.once('rendercomplete', () => {
                const pixel = map.getPixelFromCoordinate(ol.proj.fromLonLat([lon, lat]));
                resolve({ pixel: pixel, ids: map.getFeaturesAtPixel(pixel, { hitTolerance: 1, layerFilter: l => l.get('key') === 'pillars' }).map(f => String(f.get('id'))) });
              });
              map.getView().setCenter(ol.proj.fromLonLat([lon, lat]));
              map.getView().setZoom(13);
            })
            """,
            new object[] { lon, lat });
        Assert.Contains("M-03/2", found.GetProperty("ids").EnumerateArray().Select(id => id.GetString()));

        // The same hit detection serves the click: it opens the pillar's page.
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        var pixel = found.GetProperty("pixel");
        await page.Mouse.ClickAsync(box.X + (float)pixel[0].GetDouble(), box.Y + (float)pixel[1].GetDouble());
        await page.WaitForURLAsync(url => url.Contains("/pillars/", StringComparison.Ordinal), new() { Timeout = Timeout });
        Assert.Contains("M-03", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
        Assert.EndsWith("2", page.Url, StringComparison.Ordinal);
        session.AssertNoConsoleErrors();
    }

    private static async Task WaitForRenderAsync(IPage page, Func<Task> change)
    {
        var renders = await page.EvaluateAsync<int>("() => Number(document.body.dataset.renders || 0)");
        await change();
        await page.WaitForFunctionAsync($"() => Number(document.body.dataset.renders || 0) > {renders}", null, new() { Timeout = Timeout });
    }
}
