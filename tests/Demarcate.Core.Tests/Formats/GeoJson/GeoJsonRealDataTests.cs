using System.Text.Json;
using Demarcate.Formats.GeoJson;
using NetTopologySuite.Geometries;
using static Demarcate.Core.Tests.Formats.GeoJson.GeoJsonTestText;

namespace Demarcate.Core.Tests.Formats.GeoJson;

/// <summary>The commission's real data (OpenStreetMap, Natural Earth, GeoNames) reads as its README describes it.</summary>
public sealed class GeoJsonRealDataTests
{
    [Theory]
    [InlineData("am-az-osm.geojson", 1273, 5, 667, 2)]
    [InlineData("am-az-naturalearth.geojson", 164, 1, 69, 1)]
    public async Task Boundary_files_hold_two_sections_with_the_stated_pieces_and_vertices(
        string fileName, int mainVertices, int mainPieces, int nakhchivanVertices, int nakhchivanPieces)
    {
        await using var stream = File.OpenRead(RealData(fileName));
        var result = await GeoJsonReader.ReadAllAsync(stream, fileName);

        Assert.True(result.Success, string.Join('\n', result.Problems));
        var features = result.Value;
        Assert.Equal(2, features.Count);
        var main = Assert.Single(features, f => f.Properties["section"].ValueEquals("main"));
        var nakhchivan = Assert.Single(features, f => f.Properties["section"].ValueEquals("nakhchivan"));
        AssertBoundary(main, mainVertices, mainPieces);
        AssertBoundary(nakhchivan, nakhchivanVertices, nakhchivanPieces);
    }

    [Fact]
    public async Task Settlements_are_214_points_in_the_border_region()
    {
        const string fileName = "settlements-am-az.geojson";
        await using var stream = File.OpenRead(RealData(fileName));
        var result = await GeoJsonReader.ReadAllAsync(stream, fileName);

        Assert.True(result.Success, string.Join('\n', result.Problems));
        Assert.Equal(214, result.Value.Count);
        Assert.All(result.Value, feature =>
        {
            var point = Assert.IsType<Point>(feature.Geometry);
            Assert.InRange(point.X, 44.5, 46.8);
            Assert.InRange(point.Y, 38.7, 41.4);
            Assert.Contains(feature.Properties["country"].GetString(), new[] { "AM", "AZ" }, StringComparer.Ordinal);
            Assert.Equal(JsonValueKind.Number, feature.Properties["population"].ValueKind);
            Assert.Equal(1, feature.Line); // the file is one line
        });
        var first = result.Value[0];
        Assert.Equal("Zarrit’ap’", first.Properties["name"].GetString());
        Assert.Equal(new Coordinate(45.51111, 39.63892), first.Geometry!.Coordinate);
    }

    private static void AssertBoundary(GeoJsonFeature feature, int vertices, int pieces)
    {
        var line = Assert.IsType<MultiLineString>(feature.Geometry);
        Assert.Equal(4326, line.SRID);
        Assert.Equal(pieces, line.NumGeometries);
        Assert.Equal(vertices, line.NumPoints);
        Assert.Equal(pieces, feature.Properties["pieces"].GetInt32());
        Assert.Equal(vertices, feature.Properties["vertices"].GetInt32());
    }
}
