using System.Globalization;
using System.Text.RegularExpressions;
using Demarcate.Formats;
using Demarcate.Formats.Csv;
using Demarcate.Formats.Kml;
using Demarcate.Testing;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Formats.Oracle;

/// <summary>GDAL's ogrinfo reads our KML and CSV output: same feature count, geometry types and coordinates.</summary>
public sealed partial class KmlCsvGdalOracleTests
{
    private static readonly WKTReader Wkt = new(NtsGeometryServices.Instance);

    private static readonly FileFeature[] Features =
    [
        new(0, "am-1", "AM claim", Wkt.Read("LINESTRING (45.123456789012 40.1, 45.2 40.200000000001, 45.31 40.25)")),
        new(1, "az-1", "AZ claim", Wkt.Read("LINESTRING (45.5 39.9, 45.6 39.95)")),
        new(2, "parcel", "parcel", Wkt.Read("POLYGON ((45 40, 45.1 40, 45.1 40.1, 45 40.1, 45 40))")),
        new(3, "pillar", "pillar 17", Wkt.Read("POINT (45.55 39.91)")),
    ];

    [Fact]
    public async Task Ogrinfo_reads_our_kml_with_the_same_features_and_coordinates()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("claims.kml");
        await using (var stream = File.Create(path))
        {
            await KmlWriter.WriteAsync(stream, Features, "claims");
        }

        var output = await OgrInfoAsync(path);

        Assert.Contains($"Feature Count: {Features.Length}", output, StringComparison.Ordinal);
        var geometries = Geometries(output);
        Assert.Equal(Features.Length, geometries.Count);
        for (var i = 0; i < Features.Length; i++)
        {
            Assert.Equal(Features[i].Geometry.GeometryType, geometries[i].GeometryType);
            Assert.True(Features[i].Geometry.EqualsTopologically(geometries[i]), $"feature {i}: {geometries[i]}");
            AssertSameCoordinates(Features[i].Geometry.Normalized().Coordinates, geometries[i].Normalized().Coordinates);
        }

        Assert.Matches(@"Name \(String\) = AM claim", output);
    }

    [Fact]
    public async Task Ogrinfo_reads_our_coordinate_list_one_point_per_row()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("claims.csv");
        var lines = Features.Take(2).ToArray();
        await using (var stream = File.Create(path))
        {
            await CsvCoordinateWriter.WriteAsync(stream, lines, "lon", "lat");
        }

        var output = await OgrInfoAsync(path, "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "KEEP_GEOM_COLUMNS=NO");

        var expected = lines.SelectMany(l => l.Geometry.Coordinates).ToArray();
        Assert.Contains($"Feature Count: {expected.Length}", output, StringComparison.Ordinal);
        var points = Geometries(output);
        Assert.All(points, p => Assert.Equal("Point", p.GeometryType));
        AssertSameCoordinates(expected, [.. points.Select(p => p.Coordinate)]);
        Assert.Contains("line (String) = am-1", output, StringComparison.Ordinal);
    }

    private static void AssertSameCoordinates(Coordinate[] expected, Coordinate[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // ogrinfo prints 15 significant digits.
            Assert.Equal(expected[i].X, actual[i].X, 1e-12);
            Assert.Equal(expected[i].Y, actual[i].Y, 1e-12);
        }
    }

    private static async Task<string> OgrInfoAsync(string path, params string[] options)
    {
        var result = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-al", .. options, path]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput;
    }

    /// <summary>The geometry ogrinfo prints for each feature, in order, read with the heights dropped.</summary>
    private static List<Geometry> Geometries(string output) =>
        [.. GeometryLine().Matches(output).Select(m => Wkt.Read(m.Groups["wkt"].Value.Replace(" Z ", " ", StringComparison.Ordinal)))
            .Select(g => g.Factory.CreateGeometry(g))
            .Select(Flat)];

    private static Geometry Flat(Geometry geometry)
    {
        var copy = geometry.Copy();
        copy.Apply(new DropHeight());
        return copy;
    }

    private sealed class DropHeight : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            if (seq.HasZ)
            {
                seq.SetZ(i, double.NaN);
            }
        }
    }

    [GeneratedRegex(@"^\s+(?<wkt>(POINT|LINESTRING|POLYGON|MULTILINESTRING|MULTIPOLYGON|MULTIPOINT|GEOMETRYCOLLECTION)( Z)? \(.*)$", RegexOptions.Multiline | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GeometryLine();

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
