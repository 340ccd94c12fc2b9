using System.Globalization;
using Demarcate.Core.Tiles;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.VectorTiles;
using Demarcate.Testing;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using Xunit.Abstractions;

namespace Demarcate.Core.Tests.Formats.VectorTiles;

/// <summary>
/// Our Mapbox Vector Tiles of the demo data (the OSM boundary lines, the GeoNames settlements, and ring-shaped zones
/// with holes around some of them) decoded by GDAL's MVT driver, compared with the source on the tile grid, and
/// compared with PostGIS's ST_AsMVT of the same data.
/// </summary>
public sealed class VectorTileTests(ITestOutputHelper output)
{
    private const int Extent = 4096;
    private const int Buffer = 64;
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    [Fact]
    public void Tile_maths_puts_points_in_the_tile_whose_bounds_hold_them()
    {
        foreach (var (lon, lat) in new[] { (45.5, 40.1), (44.51, 40.18), (46.0, 38.9), (-0.001, 0.001), (179.99, -84.9) })
        {
            for (var zoom = 0; zoom <= 18; zoom += 3)
            {
                var bounds = WebMercator.TileAt(lon, lat, zoom).Bounds;
                var (x, y) = (WebMercator.X(lon), WebMercator.Y(lat));
                Assert.InRange(x, bounds.West, bounds.East);
                Assert.InRange(y, bounds.South, bounds.North);
                Assert.Equal(WebMercator.WorldSize / (1 << zoom), bounds.Width, 6);
            }
        }

        Assert.False(TileId.TryCreate(3, 8, 0, out _));
        Assert.False(TileId.TryCreate(25, 0, 0, out _));
        Assert.Equal(45.5, WebMercator.Longitude(WebMercator.X(45.5)), 12);
        Assert.Equal(40.1, WebMercator.Latitude(WebMercator.Y(40.1)), 12);
    }

    [Fact]
    public async Task Gdal_decodes_our_tiles_to_the_source_features_on_the_tile_grid()
    {
        var source = await SourceAsync();
        using var scratch = new ScratchFolder();
        var compared = 0;
        foreach (var tile in Tiles(source))
        {
            var decoded = await DecodedTile.ReadAsync(Encode(tile, source), scratch, tile.ToString().Replace('/', '-'));
            foreach (var (layer, features) in source)
            {
                var expected = features
                    .Select(f => (f.Ref, f.Properties, Grid: Clip(OnGrid(tile, f.Geometry))))
                    .Where(f => !f.Grid.IsEmpty)
                    .ToList();
                var got = decoded.Where(d => d.Layer == layer).ToList();
                Assert.True(expected.Count == got.Count, $"{tile} {layer}: {got.Count} features decoded, {expected.Count} in the source meet the tile");
                foreach (var (reference, properties, grid) in expected)
                {
                    var feature = Assert.Single(got, d => d.Attributes["ref"] == reference.ToString(CultureInfo.InvariantCulture));
                    foreach (var (key, value) in properties)
                    {
                        Assert.Equal(value.ToString(), feature.Attributes[key]);
                    }

                    // Rounding moves a vertex at most √2/2 units; Douglas–Peucker at 1 unit keeps every decoded vertex within
                    // 1 unit of the source line. Near the buffer's edge a simplified chord may stay inside while the source
                    // wanders out and back, so the way back (source to tile) is checked away from that edge.
                    var away = DecodedTile.Directed(feature.Geometry, OnGrid(tile, Source(source, layer, reference)));
                    var back = DecodedTile.Directed(Clip(grid, Buffer - 4), feature.Geometry);
                    Assert.True(away <= 1.75 && back <= 1.75, $"{tile} {layer} {reference}: decoded vertices up to {away:F2} tile units from the source, source up to {back:F2} from the decoded");
                    if (grid is Point)
                    {
                        Assert.Equal(0, DecodedTile.Distance(feature.Geometry, Round(grid)));
                    }

                    Assert.All(feature.Geometry.Coordinates, c => Assert.InRange(c.X, -Buffer, Extent + Buffer));
                    compared++;
                }
            }
        }

        Assert.True(compared > 100, $"only {compared} features compared");
    }

    [Fact]
    public async Task Our_tiles_and_postgis_st_asmvt_hold_the_same_features_within_one_tile_unit()
    {
        var source = await SourceAsync();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS postgis");
        var writer = new WKBWriter();
        foreach (var (layer, features) in source)
        {
            await ExecuteAsync(connection, $"CREATE TABLE {layer} (ref integer, name text, population bigint, geom geometry(Geometry, 3857))");
            foreach (var feature in features)
            {
                await using var insert = new NpgsqlCommand($"INSERT INTO {layer} VALUES (@ref, @name, @population, ST_Transform(ST_GeomFromWKB(@geom, 4326), 3857))", connection);
                insert.Parameters.AddWithValue("ref", feature.Ref);
                insert.Parameters.AddWithValue("name", feature.Properties.FirstOrDefault(p => p.Key == "name").Value.Text ?? (object)DBNull.Value);
                insert.Parameters.AddWithValue("population", feature.Properties.FirstOrDefault(p => p.Key == "population").Value is { Kind: TileValueKind.Whole } p ? p.Number : DBNull.Value);
                insert.Parameters.AddWithValue("geom", writer.Write(feature.Geometry));
                await insert.ExecuteNonQueryAsync();
            }
        }

        using var scratch = new ScratchFolder();
        var compared = 0;
        var largest = 0.0;
        foreach (var tile in Tiles(source))
        {
            var ours = await DecodedTile.ReadAsync(Encode(tile, source), scratch, "ours-" + tile.ToString().Replace('/', '-'));
            var theirs = new List<DecodedFeature>();
            foreach (var layer in source.Keys)
            {
                var sql = $"""
                    SELECT ST_AsMVT(q, '{layer}', {Extent}, 'geom') FROM (
                      SELECT ref, ST_AsMVTGeom(geom, ST_TileEnvelope({tile.Zoom}, {tile.X}, {tile.Y}), {Extent}, {Buffer}, true) AS geom
                      FROM {layer} WHERE geom && ST_TileEnvelope({tile.Zoom}, {tile.X}, {tile.Y}, margin => {Buffer}.0 / {Extent})) q
                    """;
                await using var command = new NpgsqlCommand(sql, connection);
                var bytes = (byte[])(await command.ExecuteScalarAsync())!;
                if (bytes.Length > 0)
                {
                    theirs.AddRange(await DecodedTile.ReadAsync(bytes, scratch, $"postgis-{layer}-{tile.ToString().Replace('/', '-')}"));
                }
            }

            foreach (var layer in source.Keys)
            {
                var mine = ours.Where(f => f.Layer == layer).ToDictionary(f => f.Attributes["ref"], StringComparer.Ordinal);
                var postgis = theirs.Where(f => f.Layer == layer).ToDictionary(f => f.Attributes["ref"], StringComparer.Ordinal);
                Assert.True(
                    mine.Keys.Order(StringComparer.Ordinal).SequenceEqual(postgis.Keys.Order(StringComparer.Ordinal)),
                    $"{tile} {layer}: ours [{string.Join(",", mine.Keys)}], PostGIS [{string.Join(",", postgis.Keys)}]");
                foreach (var (reference, feature) in mine)
                {
                    // Points land on the same grid cell. Lines and polygons: both encoders drop vertices within about one
                    // unit of the line (PostGIS by its own simplification at the tile's resolution), so two unit-sized
                    // simplifications plus rounding bound how far apart the decoded shapes may be.
                    var distance = DecodedTile.Distance(feature.Geometry, postgis[reference].Geometry);
                    var limit = feature.Geometry is Point ? 0 : 2.5;
                    largest = Math.Max(largest, distance);
                    Assert.True(distance <= limit, $"{tile} {layer} {reference}: ours and PostGIS's decoded geometries are {distance:F2} tile units apart");
                    compared++;
                }
            }
        }

        output.WriteLine($"{compared} features compared; largest Hausdorff distance between ours and PostGIS's: {largest:F2} tile units");
        Assert.True(compared > 100, $"only {compared} features compared (largest difference {largest:F2})");
    }

    private static byte[] Encode(TileId tile, IReadOnlyDictionary<string, List<SourceFeature>> source, double tolerance = 1.0)
    {
        var vectorTile = new VectorTile(tile, new VectorTileOptions(Extent, Buffer, tolerance));
        foreach (var (name, features) in source)
        {
            var layer = vectorTile.AddLayer(name);
            foreach (var feature in features)
            {
                layer.AddFeature(feature.Geometry, [new("ref", TileValue.Of(feature.Ref)), .. feature.Properties]);
            }
        }

        return vectorTile.ToArray();
    }

    /// <summary>Tiles along the boundary at zooms 6 to 12, where lines cross tile edges and settlements sit near them.</summary>
    private static IEnumerable<TileId> Tiles(IReadOnlyDictionary<string, List<SourceFeature>> source)
    {
        var line = source["lines"].Select(f => f.Geometry).OrderByDescending(g => g.NumPoints).First();
        var coordinates = line.Coordinates;
        return new[] { 0.2, 0.45, 0.7 }
            .SelectMany(at => new[] { 6, 8, 10, 12 }.Select(zoom => WebMercator.TileAt(coordinates[(int)(at * coordinates.Length)].X, coordinates[(int)(at * coordinates.Length)].Y, zoom)))
            .Distinct();
    }

    private static Geometry OnGrid(TileId tile, Geometry geometry)
    {
        var grid = geometry.Copy();
        grid.Apply(new ToGrid(tile));
        grid.GeometryChanged();
        return grid;
    }

    /// <summary>WGS 84 to the tile's grid, unrounded: the exact place each source vertex should land.</summary>
    private sealed class ToGrid(TileId tile) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            var bounds = tile.Bounds;
            var scale = Extent / bounds.Width;
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, (WebMercator.X(seq.GetX(i)) - bounds.West) * scale);
                seq.SetY(i, (bounds.North - WebMercator.Y(seq.GetY(i))) * scale);
            }
        }
    }

    private static Geometry Clip(Geometry grid, double margin = Buffer)
    {
        var box = grid.Factory.ToGeometry(new Envelope(-margin, Extent + margin, -margin, Extent + margin));
        return grid.Intersection(box);
    }

    private static Geometry Source(IReadOnlyDictionary<string, List<SourceFeature>> source, string layer, int reference) =>
        source[layer].Single(f => f.Ref == reference).Geometry;

    private static Geometry Round(Geometry grid)
    {
        var rounded = grid.Copy();
        foreach (var c in rounded.Coordinates)
        {
            (c.X, c.Y) = (Math.Round(c.X, MidpointRounding.ToEven), Math.Round(c.Y, MidpointRounding.ToEven));
        }

        rounded.GeometryChanged();
        return rounded;
    }

    private sealed record SourceFeature(int Ref, Geometry Geometry, IReadOnlyList<KeyValuePair<string, TileValue>> Properties);

    private static async Task<IReadOnlyDictionary<string, List<SourceFeature>>> SourceAsync()
    {
        var lines = new List<SourceFeature>();
        await using (var stream = File.OpenRead(RepositoryPaths.DemoData("am-az-osm.geojson")))
        {
            foreach (var feature in (await GeoJsonReader.ReadAllAsync(stream, "am-az-osm.geojson")).Value)
            {
                lines.Add(new SourceFeature(lines.Count, feature.Geometry!, []));
            }
        }

        var settlements = new List<SourceFeature>();
        await using (var stream = File.OpenRead(RepositoryPaths.DemoData("settlements-am-az.geojson")))
        {
            foreach (var feature in (await GeoJsonReader.ReadAllAsync(stream, "settlements-am-az.geojson")).Value)
            {
                settlements.Add(new SourceFeature(
                    settlements.Count,
                    feature.Geometry!,
                    [new("name", TileValue.Of(feature.Properties["name"].GetString()!)), new("population", TileValue.Of(feature.Properties["population"].GetInt64()))]));
            }
        }

        // Rings around every tenth settlement: polygons with holes, some crossing tile edges at the zooms tested.
        var zones = settlements.Where(s => s.Ref % 10 == 0).Select((s, i) => new SourceFeature(
            i,
            s.Geometry.Buffer(0.04, 6).Difference(s.Geometry.Buffer(0.015, 6)),
            [])).ToList();
        return new Dictionary<string, List<SourceFeature>>(StringComparer.Ordinal) { ["lines"] = lines, ["settlements"] = settlements, ["zones"] = zones };
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
