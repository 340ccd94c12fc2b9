using System.Net;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Storage.Sqlite;

namespace Demarcate.Server.Tests;

public sealed class ServerTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public ServerTests(DemarcateFactory factory) => _factory = factory;

    [Fact]
    public async Task Health_answers()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("ready", body.RootElement.GetProperty("store").GetString());
    }

    [Fact]
    public async Task The_sectors_page_lists_every_demo_sector_with_its_length()
    {
        using var client = _factory.CreateClient();
        var html = await client.GetStringAsync(new Uri("/sectors", UriKind.Relative));

        await using var store = await GeoPackageStore.OpenAsync(_factory.StorePath, default);
        var sectors = await store.ListSectorsAsync(Caller.Anonymous, null, default);
        Assert.True(sectors.Count > 30, $"expected the demo's ~36 sectors, found {sectors.Count}");
        foreach (var s in sectors)
        {
            Assert.Contains($"data-sector=\"{s.Sector.Id}\"", html, StringComparison.Ordinal);
            Assert.Contains((s.LengthMetres / 1000).ToString("N2", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        }

        Assert.Contains("OpenStreetMap contributors", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layer_by_bounding_box_holds_the_features_meeting_it_and_a_bad_box_is_a_problem()
    {
        using var client = _factory.CreateClient();
        await using var store = await GeoPackageStore.OpenAsync(_factory.StorePath, default);
        var m07 = (await store.GetSectorAsync(Caller.Anonymous, "M-07", default))!.Geometry!.EnvelopeInternal;
        var box = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m07.MinX},{m07.MinY},{m07.MaxX},{m07.MaxY}");
        var expected = (await store.ListSectorsInBoxAsync(Caller.Anonymous, m07, default)).Select(s => s.Sector.Id).ToList();

        using var sectors = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/layers/sectors?bbox=" + box, UriKind.Relative)));
        using var lines = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/layers/lines?bbox=" + box, UriKind.Relative)));
        using var nowhere = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/layers/lines?bbox=-10,-10,-9,-9", UriKind.Relative)));

        Assert.Equal(expected, sectors.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.Contains("M-07", expected);
        Assert.True(expected.Count < 10, "a sector's box holds that sector and its neighbours, not the whole boundary");
        Assert.NotEqual(0, lines.RootElement.GetProperty("features").GetArrayLength());
        Assert.Equal(0, nowhere.RootElement.GetProperty("features").GetArrayLength());
        foreach (var bad in new[] { "1,2,3", "a,b,c,d", "10,10,5,20", "0,0,200,10", "0,-95,1,1", "NaN,0,1,1" })
        {
            using var response = await client.GetAsync(new Uri("/api/layers/sectors?bbox=" + bad, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_map_page_loads_openlayers_and_its_script_from_the_server()
    {
        using var client = _factory.CreateClient();
        var html = await client.GetStringAsync(new Uri("/map", UriKind.Relative));

        Assert.Contains("src=\"/lib/ol/ol.js\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/js/map.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        using var ol = await client.GetAsync(new Uri("/lib/ol/ol.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ol.StatusCode);
        Assert.Contains("javascript", ol.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.True(ol.Content.Headers.ContentLength > 100_000, "OpenLayers' full build is several hundred kB");
        using var map = await client.GetAsync(new Uri("/js/map.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
    }

    [Fact]
    public async Task The_map_layers_are_geojson_with_every_source_line_and_break_point()
    {
        using var client = _factory.CreateClient();

        using var lines = await client.GetAsync(new Uri("/api/layers/lines", UriKind.Relative));
        Assert.Equal("application/geo+json", lines.Content.Headers.ContentType!.MediaType);
        using var lineJson = JsonDocument.Parse(await lines.Content.ReadAsStringAsync());
        var features = lineJson.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(4, features.Count); // two sources × two sections
        Assert.Equal(["naturalearth", "osm"], features.Select(f => f.GetProperty("properties").GetProperty("source").GetString()).Distinct().Order());
        Assert.All(features, f => Assert.Equal("MultiLineString", f.GetProperty("geometry").GetProperty("type").GetString()));

        using var breaks = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/layers/breaks", UriKind.Relative)));
        using var sectors = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/sectors", UriKind.Relative)));
        var sectorCount = sectors.RootElement.GetArrayLength();
        var sectionCount = 2;
        Assert.Equal(sectorCount - sectionCount, breaks.RootElement.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_sector_is_a_problem_document_not_a_stack_trace()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/sectors/Z-99", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain(" at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
