using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Demarcate.Core.Tiles;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Demarcate.Testing;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Tests;

/// <summary>
/// The vector tiles the web map draws: the same features as the GeoJSON layers for the tile's box, read back by GDAL,
/// and a delegation's draft line or pillar only in that delegation's tiles.
/// </summary>
public sealed class TileEndpointTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public TileEndpointTests(DemarcateFactory factory) => _factory = factory;

    [Theory]
    [InlineData("sectors", 7)]
    [InlineData("sectors", 10)]
    [InlineData("lines", 8)]
    public async Task A_tile_holds_the_features_the_geojson_layer_gives_for_its_box_and_gdal_reads_them(string layer, int zoom)
    {
        using var client = await _factory.ClientAsync(null);
        using var all = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/layers/{layer}", UriKind.Relative)));
        var first = all.RootElement.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        var vertex = first[0].ValueKind == JsonValueKind.Array && first[0][0].ValueKind == JsonValueKind.Array ? first[0][0] : first[0];
        var tile = WebMercator.TileAt(vertex[0].GetDouble(), vertex[1].GetDouble(), zoom);

        using var response = await client.GetAsync(new Uri($"/tiles/{layer}/{tile}.mvt", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var bounds = tile.Bounds.Grow(tile.Bounds.Width * 64 / 4096);
        var (west, south, east, north) = WebMercator.ToDegrees(bounds);
        var box = string.Join(",", new[] { west, south, east, north }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        using var inBox = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/layers/{layer}?bbox={box}", UriKind.Relative)));
        var expected = inBox.RootElement.GetProperty("features").GetArrayLength();
        Assert.True(expected > 0, "the tile chosen holds features");

        using var scratch = new ScratchFolder();
        var path = scratch.File("tile.mvt");
        await File.WriteAllBytesAsync(path, bytes);
        var run = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-so", "-al", "-oo", "CLIP=NO", path]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains($"Layer name: {layer}", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Feature Count: {expected}", run.StandardOutput, StringComparison.Ordinal);
        foreach (var feature in inBox.RootElement.GetProperty("features").EnumerateArray())
        {
            Assert.Contains(Encoding.UTF8.GetBytes(feature.GetProperty("id").GetString()!), bytes);
        }
    }

    [Fact]
    public async Task A_delegations_draft_line_is_in_its_own_tiles_only()
    {
        await _factory.AccountTokensAsync();
        const string id = "tile-draft-4411";
        var feature = JsonSerializer.Serialize(new
        {
            type = "Feature",
            properties = new { id, section = "main", name = "Tile draft" },
            geometry = new { type = "LineString", coordinates = new[] { new[] { 45.31, 40.71 }, new[] { 45.36, 40.66 } } },
        });
        using (var author = await _factory.ClientAsync("am.carto"))
        {
            using var created = await author.PostAsync(new Uri("/api/lines", UriKind.Relative), new StringContent(feature, Encoding.UTF8, "application/geo+json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var url = new Uri($"/tiles/lines/{WebMercator.TileAt(45.33, 40.69, 11)}.mvt", UriKind.Relative);
        var marker = Encoding.UTF8.GetBytes(id);
        foreach (var (role, sees) in new[] { ("am.carto", true), ("am.cochair", true), ("az.carto", false), ("ru.adviser", false), ("monitor", false), ((string?)null, false) })
        {
            using var client = await _factory.ClientAsync(role);
            var bytes = await client.GetByteArrayAsync(url);
            Assert.True(sees == bytes.AsSpan().IndexOf(marker) >= 0, $"{role ?? "anonymous"} {(sees ? "should" : "should not")} see the draft in the tile");
        }
    }

    [Fact]
    public async Task A_pillar_tile_holds_the_pillars_in_its_box_as_gdal_reads_them_and_a_draft_pillar_only_for_its_delegation()
    {
        await _factory.AccountTokensAsync();
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        var sector = (await store.GetSectorAsync(Caller.CommissionSystem, "M-03", default))!;
        var ends = sector.Geometry!.Coordinates;
        var (first, middle) = (ends[0], ends[ends.Length / 2]);
        var draft = PillarNumber.Of("M-03", 71);
        var published = PillarNumber.Of("M-03", 72);
        var am = new PartyCode("AM");
        if (await store.GetPillarAsync(Caller.CommissionSystem, draft.ToString(), default) is null)
        {
            var amCarto = Caller.For((await store.FindAccountAsync("am.carto", default))!.Account);
            await store.RegisterPillarsAsync(amCarto, [new Pillar(draft, "M-03", PillarType.Primary, new GeoPoint(first.Y, first.X)) { Owner = am }], default);
            await store.RegisterPillarsAsync(Caller.CommissionSystem, [new Pillar(published, "M-03", PillarType.Secondary, new GeoPoint(middle.Y, middle.X))
            {
                Publication = Publication.Published, Status = PillarStatus.Planned,
            }], default);
        }

        // Zoom 8 holds both pillars (a sector is a few km); the tile is compared with what the register lists in its box.
        var tile = WebMercator.TileAt(middle.X, middle.Y, 8);
        var (west, south, east, north) = WebMercator.ToDegrees(tile.Bounds.Grow(tile.Bounds.Width * 64 / 4096));
        Assert.True(first.X >= west && first.X <= east && first.Y >= south && first.Y <= north, "the tile holds both pillars");
        using var scratch = new ScratchFolder();
        foreach (var (role, seesDraft) in new[] { ("am.carto", true), ("am.cochair", true), ("az.carto", false), ("ru.adviser", false), ("monitor", false), ((string?)null, false) })
        {
            using var client = await _factory.ClientAsync(role);
            using var response = await client.GetAsync(new Uri($"/tiles/pillars/{tile}.mvt", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
            var path = scratch.File($"pillars-{role ?? "anonymous"}.mvt");
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());

            var caller = role is null ? Caller.Anonymous : Caller.For((await store.FindAccountAsync(role, default))!.Account);
            var expected = (await store.ListPillarsAsync(caller, null, default))
                .Where(p => p.Planned.Longitude >= west && p.Planned.Longitude <= east && p.Planned.Latitude >= south && p.Planned.Latitude <= north)
                .Select(p => p.Number.ToString()).Order(StringComparer.Ordinal).ToList();
            Assert.Contains(published.ToString(), expected);
            Assert.Equal(seesDraft, expected.Contains(draft.ToString()));

            // GDAL's MVT driver, as QGIS reads the tile: the same pillars, with their status.
            var run = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", "-oo", "CLIP=NO", path, "pillars"]);
            Assert.True(run.ExitCode == 0, run.StandardError);
            using var read = JsonDocument.Parse(run.StandardOutput);
            var features = read.RootElement.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(expected, features.Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
            var plain = features.Single(f => f.GetProperty("properties").GetProperty("id").GetString() == published.ToString());
            Assert.Equal("Planned", plain.GetProperty("properties").GetProperty("status").GetString());
            Assert.Equal("Point", plain.GetProperty("geometry").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Every_piece_of_a_sector_in_its_tiles_carries_the_label_point_halfway_along_it_and_the_api_gives_its_box()
    {
        using var client = await _factory.ClientAsync(null);
        using var layer = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/layers/sectors", UriKind.Relative)));
        var sector = layer.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "M-07");
        var parts = sector.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
            .Select(p => p.EnumerateArray().Select(c => (X: c[0].GetDouble(), Y: c[1].GetDouble())).ToList()).ToList();

        // The sector API's box is the box of the sector's stretch.
        using var api = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/sectors/M-07", UriKind.Relative)));
        var bbox = api.RootElement.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var all = parts.SelectMany(p => p).ToList();
        Assert.Equal([all.Min(c => c.X), all.Min(c => c.Y), all.Max(c => c.X), all.Max(c => c.Y)], bbox);

        // Halfway along the longest part, in the same units: the part's length on either side of the point is the same.
        static double Length(IReadOnlyList<(double X, double Y)> line) => line.Zip(line.Skip(1), (a, b) => Math.Sqrt(((b.X - a.X) * (b.X - a.X)) + ((b.Y - a.Y) * (b.Y - a.Y)))).Sum();
        var longest = parts.MaxBy(Length)!;
        var half = Length(longest) / 2;

        // At the first zoom where the sector's first and last vertices lie in different tiles, each tile's piece names the same point.
        var ends = Enumerable.Range(8, 10)
            .Select(zoom => new[] { parts[0][0], parts[^1][^1] }.Select(c => WebMercator.TileAt(c.X, c.Y, zoom)).Distinct().ToList())
            .First(tiles => tiles.Count > 1);
        using var scratch = new ScratchFolder();
        foreach (var tile in ends)
        {
            var path = scratch.File($"sector-{tile.X}-{tile.Y}.mvt");
            await File.WriteAllBytesAsync(path, await client.GetByteArrayAsync(new Uri($"/tiles/sectors/{tile}.mvt", UriKind.Relative)));
            var run = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", "-oo", "CLIP=NO", path, "sectors"]);
            Assert.True(run.ExitCode == 0, run.StandardError);
            using var read = JsonDocument.Parse(run.StandardOutput);
            var piece = read.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("id").GetString() == "M-07");
            var label = (X: piece.GetProperty("properties").GetProperty("labelLon").GetDouble(), Y: piece.GetProperty("properties").GetProperty("labelLat").GetDouble());

            // On the longest part: the vertices before it plus the stretch to it make half the part's length.
            var segment = Enumerable.Range(0, longest.Count - 1).MinBy(i => Distance(longest[i], longest[i + 1], label));
            Assert.True(Distance(longest[segment], longest[segment + 1], label) < 1e-9, "the label point lies on the sector's longest part");
            var before = Length([.. longest.Take(segment + 1), label]);
            Assert.Equal(half, before, 9);
        }
    }

    /// <summary>The distance from a point to a segment, in the coordinates' own units.</summary>
    private static double Distance((double X, double Y) a, (double X, double Y) b, (double X, double Y) p)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var t = Math.Clamp((((p.X - a.X) * dx) + ((p.Y - a.Y) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
        var (x, y) = (a.X + (t * dx) - p.X, a.Y + (t * dy) - p.Y);
        return Math.Sqrt((x * x) + (y * y));
    }

    [Fact]
    public async Task An_incident_tile_holds_the_incidents_in_its_box_as_gdal_reads_them_with_the_lists_filters_and_a_draft_only_for_its_delegation()
    {
        await _factory.AccountTokensAsync();
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        var sector = (await store.GetSectorAsync(Caller.CommissionSystem, "M-04", default))!;
        var ends = sector.Geometry!.Coordinates;
        var (first, middle) = (ends[0], ends[ends.Length / 2]);
        var amCarto = Caller.For((await store.FindAccountAsync("am.carto", default))!.Account);
        var monitor = Caller.For((await store.FindAccountAsync("monitor", default))!.Account);
        static Incident At(Coordinate c, IncidentType type, string reference) =>
            new("", new IncidentDate(new DateOnly(2026, 4, 1), TimePrecision.Day), new IncidentLocation(new GeoPoint(c.Y + 0.001, c.X), GeoPrecision.Exact, "tile test", ""), type)
            {
                Sources = [new IncidentSource("tile test", reference, null, null, null)],
            };
        var draft = (await store.ReportIncidentsAsync(amCarto, [At(first, IncidentType.Incursion, "tile-draft-" + Guid.NewGuid().ToString("n"))], default)).Single();
        var seen = (await store.ReportIncidentsAsync(monitor, [At(middle, IncidentType.SniperFire, "tile-monitor-" + Guid.NewGuid().ToString("n"))], default)).Single();

        var tile = WebMercator.TileAt(middle.X, middle.Y, 8);
        var (west, south, east, north) = WebMercator.ToDegrees(tile.Bounds.Grow(tile.Bounds.Width * 64 / 4096));
        Assert.True(first.X >= west && first.X <= east && first.Y >= south && first.Y <= north, "the tile holds both incidents");
        using var scratch = new ScratchFolder();
        foreach (var (role, seesDraft) in new[] { ("am.carto", true), ("am.cochair", true), ("az.carto", false), ("ru.adviser", false), ("monitor", false), ((string?)null, false) })
        {
            var caller = role is null ? Caller.Anonymous : Caller.For((await store.FindAccountAsync(role, default))!.Account);
            foreach (var (query, filter) in new[] { ("", IncidentFilter.All), ("?type=SniperFire", new IncidentFilter { Type = IncidentType.SniperFire }) })
            {
                using var client = await _factory.ClientAsync(role);
                using var response = await client.GetAsync(new Uri($"/tiles/incidents/{tile}.mvt{query}", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
                // Saved as z/x/y.mvt, GDAL georeferences the tile from its path.
                var path = scratch.File($"incidents-{role ?? "anonymous"}-{query.Length}/{tile}.mvt");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());

                // The oracle: the incident list as the store gives it to that caller, cut to the tile's box.
                var expected = (await store.ListIncidentsAsync(caller, filter, default))
                    .Where(i => i.Location.Point.Longitude >= west && i.Location.Point.Longitude <= east && i.Location.Point.Latitude >= south && i.Location.Point.Latitude <= north)
                    .Select(i => i.Id).Order(StringComparer.Ordinal).ToList();
                Assert.Equal(role is not null, expected.Contains(seen.Id));
                Assert.Equal(seesDraft && query.Length == 0, expected.Contains(draft.Id));

                // GDAL's MVT driver, as QGIS reads the tile: the same incidents, each a point at its place.
                var run = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GeoJSON", "-t_srs", "EPSG:4326", "/vsistdout/", "-oo", "CLIP=NO", path, "incidents"]);
                var features = run.ExitCode == 0 && run.StandardOutput.Length > 0
                    ? JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("features").EnumerateArray().ToList()
                    : [];
                Assert.True(expected.Count == 0 || run.ExitCode == 0, run.StandardError);
                Assert.Equal(expected, features.Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
                if (features.SingleOrDefault(f => f.GetProperty("properties").GetProperty("id").GetString() == seen.Id) is { ValueKind: JsonValueKind.Object } mine)
                {
                    Assert.Equal("SniperFire", mine.GetProperty("properties").GetProperty("type").GetString());
                    var point = mine.GetProperty("geometry").GetProperty("coordinates");
                    // A tile of zoom 8 has 4096 units across some 156 km: a point lands within one unit, about 40 m.
                    Assert.Equal(seen.Location.Point.Longitude, point[0].GetDouble(), 0.0005);
                    Assert.Equal(seen.Location.Point.Latitude, point[1].GetDouble(), 0.0005);
                }
            }
        }

        using var anyone = await _factory.ClientAsync(null);
        using var refused = await anyone.GetAsync(new Uri($"/tiles/incidents/{tile}.mvt?type=Picnic", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/tiles/claims/8/160/96.mvt")]
    [InlineData("/tiles/lines/25/0/0.mvt")]
    [InlineData("/tiles/lines/3/8/0.mvt")]
    public async Task An_unknown_layer_or_a_tile_off_the_grid_is_not_found(string url)
    {
        using var client = await _factory.ClientAsync(null);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
