using System.Text;
using Demarcate.Formats;
using Demarcate.Formats.Wkt;
using NetTopologySuite;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Formats.Wkt;

public sealed class WktFeatureReaderTests
{
    private static readonly WKTReader Wkt = new(NtsGeometryServices.Instance);

    private static Task<Core.ParseResult<IReadOnlyList<FileFeature>>> ReadAsync(string text) =>
        WktFeatureReader.ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "lines.wkt");

    [Fact]
    public async Task One_geometry_per_line_with_optional_ids_srids_and_continuation_lines()
    {
        var read = await ReadAsync("# two claims\nam-1\tLINESTRING (45 40, 45.1 40.1)\n\nSRID=4326;MULTILINESTRING ((45 40, 45.1 40),\n  (45.2 40, 45.3 40.1))\n");

        Assert.True(read.Success, read.Success ? "" : read.Problems[0].ToString());
        Assert.Equal(2, read.Value.Count);
        Assert.Equal(("am-1", 2L), (read.Value[0].Id, read.Value[0].Line!.Value));
        Assert.Equal(("EPSG:4326", 4L), (read.Value[1].Crs, read.Value[1].Line!.Value));
        Assert.True(Wkt.Read("MULTILINESTRING ((45 40, 45.1 40), (45.2 40, 45.3 40.1))").EqualsExact(read.Value[1].Geometry));
    }

    [Fact]
    public async Task A_syntax_error_names_the_line_column_and_feature()
    {
        var read = await ReadAsync("LINESTRING (45 40, 45.1 40.1)\nLINESTRING (45 40, 45.1 4x0.1)\n");

        var problem = Assert.Single(read.Problems);
        Assert.Equal((2L, 1L), (problem.Line!.Value, problem.Feature!.Value));
        Assert.StartsWith("lines.wkt:2:", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("invalid WKT", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_point_line_and_a_truncated_file_are_refused()
    {
        var onePoint = await ReadAsync("LINESTRING (45 40)\n");
        Assert.Contains("at least 2 positions", Assert.Single(onePoint.Problems).Message, StringComparison.Ordinal);

        var truncated = await ReadAsync("LINESTRING (45 40, 45.1\n");
        Assert.Contains("truncated", Assert.Single(truncated.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_we_write_reads_back_identically()
    {
        FileFeature[] features =
        [
            new(0, "am-1", null, Wkt.Read("LINESTRING (45.123456789012345 40.1, 45.2 40.2)")),
            new(1, "pieces", null, Wkt.Read("MULTILINESTRING ((45 40, 45.1 40), (45.2 40, 45.3 40.1))")),
        ];
        using var buffer = new MemoryStream();
        await WktFeatureWriter.WriteAsync(buffer, features);
        buffer.Position = 0;

        var read = await WktFeatureReader.ReadAllAsync(buffer, "out.wkt");

        Assert.True(read.Success);
        Assert.Equal(["am-1", "pieces"], read.Value.Select(f => f.Id));
        Assert.True(features[0].Geometry.EqualsExact(read.Value[0].Geometry));
        Assert.True(features[1].Geometry.EqualsExact(read.Value[1].Geometry));
    }
}
