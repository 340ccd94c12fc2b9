using System.Text.Json;
using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>
/// The incident map's other layers in Chromium: the basemap and the sectors of the line in force from the same vector
/// tiles /map draws, found by OpenLayers' hit detection where the sector API puts a sector; and zoomed out to the region,
/// the incidents themselves from /tiles/incidents with the page's filters.
/// </summary>
public sealed class IncidentMapLayersTests(Workspace workspace) : IClassFixture<Workspace>
{
    private static readonly float Timeout = 30_000;

    [Fact]
    public async Task The_incident_map_draws_the_sectors_and_settlements_from_tiles_and_the_incidents_from_tiles_when_zoomed_out()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        await session.SignInAsync("monitor");
        var tiles = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/tiles/", StringComparison.Ordinal) && response.Status == 200
                && response.Headers.TryGetValue("content-type", out var type) && type == "application/vnd.mapbox-vector-tile")
            {
                lock (tiles)
                {
                    tiles.Add(response.Url);
                }
            }
        };

        // The oracle: a vertex in the middle of sector M-07 as the GeoJSON layer gives it, and the sector's status.
        using var http = new HttpClient { BaseAddress = workspace.BaseAddress };
        using var layer = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/layers/sectors", UriKind.Relative)));
        var sector = layer.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "M-07");
        var status = sector.GetProperty("properties").GetProperty("status").GetString();
        var part = sector.GetProperty("geometry").GetProperty("coordinates")[0];
        var vertex = part[part.GetArrayLength() / 2];
        var (lon, lat) = (vertex[0].GetDouble(), vertex[1].GetDouble());

        await page.GotoAsync("/incidents?type=SniperFire");
        await page.WaitForSelectorAsync("body[data-incidents-drawn]", new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.sectorFeatures || 0) > 0 && Number(document.body.dataset.settlementFeatures || 0) > 0", null, new() { Timeout = Timeout });

        // Centred on the sector's vertex at zoom 12, once that view is drawn with its tiles, OpenLayers finds M-07 there
        // in the sectors layer, with the API's status.
        var found = await page.EvaluateAsync<JsonElement>(
            """
            ([lon, lat]) => new Promise(resolve => {
              const map = document.getElementById('incident-map').olMap;
              map.once('rendercomplete', () => {
                const pixel = map.getPixelFromCoordinate(ol.proj.fromLonLat([lon, lat]));
                const hits = map.getFeaturesAtPixel(pixel, { hitTolerance: 2, layerFilter: l => l.get('key') === 'sectors' });
                resolve(hits.map(f => ({ id: f.getId(), status: f.get('status') })));
              });
              map.getView().setCenter(ol.proj.fromLonLat([lon, lat]));
              map.getView().setZoom(12);
            })
            """,
            new object[] { lon, lat });
        Assert.Contains(found.EnumerateArray(), f => f.GetProperty("id").GetString() == "M-07" && f.GetProperty("status").GetString() == status);

        // Zoomed out to the region the incidents come as tiles, asked with the page's filter: once that view is drawn,
        // the tiles in view hold exactly the incidents the table lists (the server filtered them), each once.
        var listed = (await page.Locator("#incidents tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.incident)")).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(listed);
        var fromTiles = await page.EvaluateAsync<JsonElement>(
            """
            () => new Promise(resolve => {
              const map = document.getElementById('incident-map').olMap;
              map.once('rendercomplete', () => {
                const layer = map.getLayers().getArray().find(l => l.get('key') === 'incident-tiles');
                resolve(layer.getFeaturesInExtent(map.getView().calculateExtent(map.getSize())).map(f => ({ id: f.getId(), type: f.get('type') })));
              });
              map.getView().setCenter(ol.proj.fromLonLat([45.6, 40.5]));
              map.getView().setZoom(5);
            })
            """);
        var features = fromTiles.EnumerateArray().ToList();
        Assert.All(features, f => Assert.Equal("SniperFire", f.GetProperty("type").GetString()));
        Assert.Equal(listed, features.Select(f => f.GetProperty("id").GetString()!).Distinct().Order(StringComparer.Ordinal));
        lock (tiles)
        {
            Assert.Contains(tiles, url => url.Contains("/tiles/sectors/", StringComparison.Ordinal));
            Assert.Contains(tiles, url => url.Contains("/tiles/settlements/", StringComparison.Ordinal));
            Assert.Contains(tiles, url => url.Contains("/tiles/incidents/", StringComparison.Ordinal) && url.EndsWith(".mvt?type=SniperFire", StringComparison.Ordinal));
        }

        await session.ScreenshotAsync("incidents-layers");
        session.AssertNoConsoleErrors();
    }
}
