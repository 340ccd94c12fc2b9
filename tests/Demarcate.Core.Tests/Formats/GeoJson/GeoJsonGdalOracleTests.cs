using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Demarcate.Formats.GeoJson;
using Demarcate.Testing;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using static Demarcate.Core.Tests.Formats.GeoJson.GeoJsonTestText;

namespace Demarcate.Core.Tests.Formats.GeoJson;

/// <summary>GDAL (ogrinfo, ogr2ogr) as the oracle: it reads what we write, and we read what it writes, identically.</summary>
public sealed partial class GeoJsonGdalOracleTests
{
    private static readonly WKTReader Wkt = new(NtsGeometryServices.Instance);

    [Theory]
    [InlineData("settlements-am-az.geojson", "Point")]
    [InlineData("am-az-osm.geojson", "Multi Line String")]
    [InlineData("am-az-naturalearth.geojson", "Multi Line String")]
    public async Task Gdal_reads_our_output_with_the_same_count_type_and_extent(string fileName, string gdalType)
    {
        using var scratch = new ScratchFolder();
        var features = await ReadFileAsync(RealData(fileName));
        var ours = scratch.File("ours.geojson");
        await WriteFileAsync(ours, features);

        var info = await OgrInfoAsync(ours);

        Assert.Equal(features.Count, info.Count);
        Assert.Equal(gdalType, info.GeometryType);
        AssertExtent(Envelope(features), info.Extent);
    }

    [Fact]
    public async Task Gdal_reads_our_polygons_with_heights_and_our_collections()
    {
        using var scratch = new ScratchFolder();
        GeoJsonFeature[] features =
        [
            Feature(0, "POLYGON Z ((45 40 1200, 46 40 1210.5, 46 41 1300, 45 40 1200), (45.5 40.2 1250, 45.6 40.5 1251, 45.7 40.3 1252, 45.5 40.2 1250))"),
            Feature(1, "POLYGON Z ((44.75 39.5 900, 44.9 39.5 950, 44.9 39.75 990, 44.75 39.5 900))"),
        ];
        var ours = scratch.File("ours.geojson");
        await WriteFileAsync(ours, features);

        var info = await OgrInfoAsync(ours);

        Assert.Equal(2, info.Count);
        Assert.Equal("3D Polygon", info.GeometryType);
        AssertExtent(Envelope(features), info.Extent);
    }

    [Theory]
    [InlineData("am-az-osm.geojson")]
    [InlineData("am-az-naturalearth.geojson")]
    [InlineData("settlements-am-az.geojson")]
    public async Task We_read_gdal_output_with_identical_coordinates(string fileName)
    {
        using var scratch = new ScratchFolder();
        var source = RealData(fileName);
        var gdal = scratch.File("gdal.geojson");
        await RunAsync("ogr2ogr", "-f", "GeoJSON", gdal, source);

        var original = await ReadFileAsync(source);
        var fromGdal = await ReadFileAsync(gdal);

        AssertSameFeatures(original, fromGdal);
    }

    [Fact]
    public async Task What_we_write_comes_back_through_gdal_unchanged()
    {
        using var scratch = new ScratchFolder();
        GeoJsonFeature[] features =
        [
            Feature(0, "POINT Z (45.123456789 40.987654321 1523.75)"),
            Feature(1, "MULTIPOINT ((45.1 40.1), (45.2 40.2))"),
            Feature(2, "LINESTRING (45.04204 41.26128, 45.04448 41.25859, 45.04563 41.25458)"),
            Feature(3, "MULTILINESTRING ((45 41, 45.1 41.1), (45.2 41.2, 45.3 41.3))"),
            Feature(4, "POLYGON ((45 40, 46 40, 46 41, 45 41, 45 40), (45.2 40.2, 45.2 40.4, 45.4 40.4, 45.2 40.2))"),
            Feature(5, "MULTIPOLYGON (((45 40, 46 40, 46 41, 45 40)), ((44 39, 44.5 39, 44.5 39.5, 44 39)))"),
            Feature(6, "GEOMETRYCOLLECTION (POINT (45 40), LINESTRING (45 40, 46 41))"),
            new GeoJsonFeature(7, null, null, new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["note"] = JsonSerializer.SerializeToElement("no location") }),
        ];
        var ours = scratch.File("ours.geojson");
        var gdal = scratch.File("gdal.geojson");
        await WriteFileAsync(ours, features);

        await RunAsync("ogr2ogr", "-f", "GeoJSON", gdal, ours);
        var back = await ReadFileAsync(gdal);

        AssertSameFeatures(features, back);
        Assert.Equal("no location", back[7].Properties["note"].GetString());
    }

    private static GeoJsonFeature Feature(long index, string wkt)
    {
        var geometry = Wkt.Read(wkt);
        geometry.SRID = 4326;
        return new GeoJsonFeature(index, null, geometry, new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["index"] = JsonSerializer.SerializeToElement(index),
        });
    }

    private static void AssertSameFeatures(IReadOnlyList<GeoJsonFeature> expected, List<GeoJsonFeature> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].Geometry is null)
            {
                Assert.Null(actual[i].Geometry);
                continue;
            }

            Assert.NotNull(actual[i].Geometry);
            Assert.Equal(expected[i].Geometry!.GeometryType, actual[i].Geometry!.GeometryType);
            Assert.Equal(
                expected[i].Geometry!.Coordinates.Select(c => (c.X, c.Y, c.Z)),
                actual[i].Geometry!.Coordinates.Select(c => (c.X, c.Y, c.Z)));
        }
    }

    private static Envelope Envelope(IEnumerable<GeoJsonFeature> features)
    {
        var envelope = new Envelope();
        foreach (var feature in features)
        {
            envelope.ExpandToInclude(feature.Geometry!.EnvelopeInternal);
        }

        return envelope;
    }

    private static void AssertExtent(Envelope expected, Envelope gdal)
    {
        // ogrinfo prints the extent with 6 decimals.
        Assert.Equal(expected.MinX, gdal.MinX, 6);
        Assert.Equal(expected.MinY, gdal.MinY, 6);
        Assert.Equal(expected.MaxX, gdal.MaxX, 6);
        Assert.Equal(expected.MaxY, gdal.MaxY, 6);
    }

    private static async Task<List<GeoJsonFeature>> ReadFileAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return await ReadAsync(stream, Path.GetFileName(path));
    }

    private static async Task WriteFileAsync(string path, IEnumerable<GeoJsonFeature> features)
    {
        await using var stream = File.Create(path);
        await GeoJsonWriter.WriteAsync(stream, features);
    }

    private static async Task<(long Count, string GeometryType, Envelope Extent)> OgrInfoAsync(string path)
    {
        var output = await RunAsync("ogrinfo", "-ro", "-al", "-so", path);
        var count = Regex.Match(output, @"^Feature Count: (?<n>\d+)$", RegexOptions.Multiline | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
        var type = Regex.Match(output, @"^Geometry: (?<t>.+)$", RegexOptions.Multiline | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
        var extent = ExtentLine().Match(output);
        Assert.True(count.Success && type.Success && extent.Success, output);
        double Number(string group) => double.Parse(extent.Groups[group].Value, CultureInfo.InvariantCulture);
        return (
            long.Parse(count.Groups["n"].Value, CultureInfo.InvariantCulture),
            type.Groups["t"].Value.Trim(),
            new Envelope(Number("x0"), Number("x1"), Number("y0"), Number("y1")));
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var result = await ExternalTool.RunAsync(program, arguments);
        Assert.True(result.ExitCode == 0, $"{program} failed: {result.StandardError}");
        return result.StandardOutput;
    }

    [GeneratedRegex(@"^Extent: \((?<x0>[-\d.]+), (?<y0>[-\d.]+)\) - \((?<x1>[-\d.]+), (?<y1>[-\d.]+)\)$", RegexOptions.Multiline | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ExtentLine();
}
