using System.Text;
using System.Text.Json;
using Demarcate.Formats.GeoJson;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Formats.GeoJson;

public sealed class GeoJsonRoundTripTests
{
    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
    private static readonly WKTReader Wkt = new(NtsGeometryServices.Instance);
    private static readonly Dictionary<string, JsonElement> NoProperties = new(StringComparer.Ordinal);

    // Exterior rings counter-clockwise and holes clockwise, as RFC 7946 writes them, so they come back unchanged.
    public static TheoryData<string> Geometries => new()
    {
        "POINT (45.51111 39.63892)",
        "POINT Z (45.51111 39.63892 1523.25)",
        "POINT EMPTY",
        "MULTIPOINT ((45.1 40.1), (45.2 40.2))",
        "MULTIPOINT Z ((45.1 40.1 900), (45.2 40.2 901.5))",
        "LINESTRING (45.04204 41.26128, 45.04448 41.25859, 45.04563 41.25458)",
        "LINESTRING Z (45.04204 41.26128 1000, 45.04448 41.25859 1001.125)",
        "LINESTRING EMPTY",
        "MULTILINESTRING ((45 41, 45.1 41.1), (45.2 41.2, 45.3 41.3, 45.4 41.2))",
        "POLYGON ((45 40, 46 40, 46 41, 45 41, 45 40), (45.2 40.2, 45.2 40.4, 45.4 40.4, 45.2 40.2))",
        "POLYGON Z ((45 40 10, 46 40 11, 46 41 12, 45 40 10))",
        "POLYGON EMPTY",
        "MULTIPOLYGON (((45 40, 46 40, 46 41, 45 40)), ((44 39, 44.5 39, 44.5 39.5, 44 39)))",
        "GEOMETRYCOLLECTION (POINT (45 40), LINESTRING (45 40, 46 41), GEOMETRYCOLLECTION (POINT Z (44 39 5)))",
        "POINT (-179.99999999999997 -89.99999999999999)",
        "POINT (0.1 0.30000000000000004)",
        "POINT (45.123456789012344 1E-300)",
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public async Task Every_geometry_type_comes_back_exactly(string wkt)
    {
        var geometry = Read(wkt);
        var feature = new GeoJsonFeature(0, "g1", geometry, NoProperties);

        var back = Assert.Single(await WriteAndReadAsync([feature]));

        Assert.NotNull(back.Geometry);
        Assert.Equal(4326, back.Geometry.SRID);
        Assert.Equal(geometry.GeometryType, back.Geometry.GeometryType);
        Assert.True(geometry.EqualsExact(back.Geometry), $"{wkt} came back as {back.Geometry.AsText()}");
        Assert.Equal(CoordinatesWithZ(geometry), CoordinatesWithZ(back.Geometry));
    }

    [Fact]
    public async Task Null_geometry_ids_and_properties_of_every_json_kind_come_back()
    {
        var properties = JsonDocument.Parse("""
            {
              "text": "Ծաղկաձոր – Zarrit’ap’ \"quoted\" \\ \u0001",
              "integer": 12345678901234567890123,
              "decimal": 0.1,
              "exponent": -1.5e-7,
              "yes": true,
              "no": false,
              "nothing": null,
              "list": [1, "two", [3], {"four": 4}],
              "object": {"nested": {"deeper": [null, true]}},
              "empty object": {},
              "empty list": []
            }
            """).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        GeoJsonFeature[] features =
        [
            new(0, null, null, properties),
            new(1, "AM-AZ/17", Read("POINT (45 40)"), NoProperties),
            new(2, "42", Read("POINT (45 40)"), properties) { IdIsNumber = true },
        ];

        var back = await WriteAndReadAsync(features);

        Assert.Equal(3, back.Count);
        Assert.Null(back[0].Geometry);
        Assert.Null(back[0].Id);
        Assert.Equal("AM-AZ/17", back[1].Id);
        Assert.False(back[1].IdIsNumber);
        Assert.Equal("42", back[2].Id);
        Assert.True(back[2].IdIsNumber);
        Assert.Equal([0L, 1L, 2L], back.Select(f => f.Index));
        Assert.Equal(properties.Keys, back[0].Properties.Keys, StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            Assert.True(JsonElement.DeepEquals(value, back[0].Properties[name]), name);
            Assert.True(JsonElement.DeepEquals(value, back[2].Properties[name]), name);
        }

        Assert.Empty(back[1].Properties);
    }

    [Fact]
    public async Task Asynchronous_sequences_write_the_same_bytes_as_lists()
    {
        GeoJsonFeature[] features = [new(0, "a", Read("LINESTRING (45 40, 46 41)"), NoProperties)];
        using var fromList = new MemoryStream();
        using var fromSequence = new MemoryStream();

        await GeoJsonWriter.WriteAsync(fromList, features);
        await GeoJsonWriter.WriteAsync(fromSequence, features.ToAsyncEnumerable());

        Assert.Equal(fromList.ToArray(), fromSequence.ToArray());
    }

    [Fact]
    public async Task Output_is_utf8_without_bom_with_foreign_members_and_shortest_numbers()
    {
        var options = GeoJsonWriteOptions.Default
            .WithMember("name", "Armenia–Azerbaijan boundary")
            .WithMember("attribution", "© OpenStreetMap contributors");
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["name"] = JsonSerializer.SerializeToElement("Zarrit’ap’") };
        using var stream = new MemoryStream();

        await GeoJsonWriter.WriteAsync(stream, [new GeoJsonFeature(0, null, Read("POINT (45.51111 39.63892)"), properties)], options);

        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal(
            """{"type":"FeatureCollection","name":"Armenia–Azerbaijan boundary","attribution":"© OpenStreetMap contributors","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[45.51111,39.63892]},"properties":{"name":"Zarrit’ap’"}}]}""",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Reserved_names_are_not_foreign_members()
    {
        var options = GeoJsonWriteOptions.Default.WithMember("bbox", "x");

        await Assert.ThrowsAsync<ArgumentException>(() => GeoJsonWriter.WriteAsync(Stream.Null, Array.Empty<GeoJsonFeature>(), options));
    }

    [Fact]
    public void A_single_geometry_is_written_as_text()
    {
        Assert.Equal(
            """{"type":"LineString","coordinates":[[45.04204,41.26128,1000],[45.04448,41.25859,1001.125]]}""",
            GeoJsonWriter.WriteGeometry(Read("LINESTRING Z (45.04204 41.26128 1000, 45.04448 41.25859 1001.125)")));
        Assert.Equal("""{"type":"Point","coordinates":[]}""", GeoJsonWriter.WriteGeometry(Read("POINT EMPTY")));
    }

    [Fact]
    public async Task Clockwise_exteriors_and_counter_clockwise_holes_are_written_by_the_right_hand_rule()
    {
        var clockwise = Read("POLYGON ((45 40, 45 41, 46 41, 46 40, 45 40), (45.2 40.2, 45.4 40.2, 45.4 40.4, 45.2 40.2))");
        Assert.False(((Polygon)clockwise).Shell.IsCCW);

        var text = GeoJsonWriter.WriteGeometry(clockwise);
        var back = (Polygon)Assert.Single(await GeoJsonTestText.ReadAsync(text)).Geometry!;

        Assert.Equal(
            """{"type":"Polygon","coordinates":[[[45,40],[46,40],[46,41],[45,41],[45,40]],[[45.2,40.2],[45.4,40.4],[45.4,40.2],[45.2,40.2]]]}""",
            text);
        Assert.True(back.Shell.IsCCW);
        Assert.False(back.Holes[0].IsCCW);
        Assert.True(clockwise.Normalized().EqualsExact(back.Normalized()));
    }

    [Fact]
    public void Geometries_in_another_crs_are_refused()
    {
        var projected = new GeometryFactory(new PrecisionModel(), 32638).CreatePoint(new Coordinate(500000, 4400000));

        var exception = Assert.Throws<ArgumentException>(() => GeoJsonWriter.WriteGeometry(projected));

        Assert.Contains("SRID 32638", exception.Message, StringComparison.Ordinal);
    }

    private static Geometry Read(string wkt)
    {
        var geometry = Wkt.Read(wkt);
        geometry.SRID = 4326;
        return Factory.CreateGeometry(geometry);
    }

    private static List<(double X, double Y, double Z)> CoordinatesWithZ(Geometry geometry) =>
        geometry.Coordinates.Select(c => (c.X, c.Y, c.Z)).ToList();

    private static async Task<List<GeoJsonFeature>> WriteAndReadAsync(IEnumerable<GeoJsonFeature> features)
    {
        using var stream = new MemoryStream();
        await GeoJsonWriter.WriteAsync(stream, features, new GeoJsonWriteOptions { Indented = true });
        stream.Position = 0;
        return await GeoJsonTestText.ReadAsync(stream, "roundtrip.geojson");
    }
}
