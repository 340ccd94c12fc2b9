using System.Text;
using Demarcate.Core.Geodesy;
using Demarcate.Formats;
using Demarcate.Formats.Csv;
using NetTopologySuite;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Formats.Csv;

public sealed class CsvCoordinateReaderTests
{
    private static readonly WKTReader Wkt = new(NtsGeometryServices.Instance);

    private static Task<Core.ParseResult<CsvCoordinates>> ReadAsync(string text) =>
        CsvCoordinateReader.ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "points.csv");

    [Fact]
    public async Task A_header_names_the_columns_the_lines_and_the_axis_order()
    {
        var read = await ReadAsync("line,id,lat,lon,note\nA,1,40.1,45.1,first\nA,2,40.2,45.2,\nB,1,39.5,46\nB,2,39.6,46.1,x\n".Replace("39.5,46\n", "39.5,46,\n", StringComparison.Ordinal));

        Assert.True(read.Success, read.Success ? "" : read.Problems[0].ToString());
        Assert.Equal(AxisOrder.LatitudeLongitude, read.Value.Axes!.Order);
        var features = read.Value.Features;
        Assert.Equal(["A", "B"], features.Select(f => f.Id));
        Assert.True(Wkt.Read("LINESTRING (40.1 45.1, 40.2 45.2)").EqualsExact(features[0].Geometry));
        Assert.Equal("first", features[0].Properties["note"]);
        Assert.Equal((1L, 2L), (features[1].Index, features[0].Line!.Value));
    }

    [Fact]
    public async Task Without_a_header_the_columns_are_id_first_second_height_and_the_file_is_one_line()
    {
        var read = await ReadAsync("P1 8471234.5 4456789.25 1500\nP2   8471300 4456800 1510\n\nP3 8471400 4456900 1520\n");

        Assert.True(read.Success);
        var line = Assert.Single(read.Value.Features);
        Assert.Null(read.Value.Axes);
        Assert.Equal(3, line.Geometry.NumPoints);
        Assert.Equal(8471234.5, line.Geometry.Coordinates[0].X);
        Assert.Equal(1520, line.Geometry.Coordinates[2].Z);
    }

    [Fact]
    public async Task A_semicolon_file_may_use_decimal_commas()
    {
        var read = await ReadAsync("id;x;y\n1;45,125;40,5\n2;45,25;40,625\n");

        Assert.True(read.Success);
        Assert.True(Wkt.Read("LINESTRING (45.125 40.5, 45.25 40.625)").EqualsExact(read.Value.Features[0].Geometry));
    }

    [Fact]
    public async Task A_bad_number_is_named_with_its_row_and_column()
    {
        var read = await ReadAsync("line,id,x,y\nA,1,45.1,40.1\nA,2,45.2,4O.2\n");

        var problem = Assert.Single(read.Problems);
        Assert.Equal((3L, 10L, 0L), (problem.Line!.Value, problem.Column!.Value, problem.Feature!.Value));
        Assert.Contains("\"4O.2\" is not a number", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_of_one_position_is_refused()
    {
        var read = await ReadAsync("line,id,lon,lat\nA,1,45.1,40.1\nA,2,45.2,40.2\nB,1,45.3,40.3\n");

        var problem = Assert.Single(read.Problems);
        Assert.Equal(1, problem.Feature);
        Assert.Contains("line 'B' has only one position", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mixed_crss_within_a_line_are_refused()
    {
        var read = await ReadAsync("line,id,x,y,crs\nA,1,45.1,40.1,EPSG:4326\nA,2,8471300,4456800,EPSG:28408\n");

        var problem = Assert.Single(read.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("mixed CRSs", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_we_write_reads_back_with_its_parts()
    {
        FileFeature[] features =
        [
            new(0, "am-1", null, Wkt.Read("MULTILINESTRING ((45.1 40.123456789012345, 45.2 40.2), (45.3 40.3, 45.4 40.4, 45.5 40.3))")),
            new(1, "with, comma", null, Wkt.Read("LINESTRING (46 41, 46.1 41.1)")),
        ];
        using var buffer = new MemoryStream();
        await CsvCoordinateWriter.WriteAsync(buffer, features, "lon", "lat");
        buffer.Position = 0;

        var read = await CsvCoordinateReader.ReadAllAsync(buffer, "out.csv");

        Assert.True(read.Success, read.Success ? "" : read.Problems[0].ToString());
        Assert.Equal(AxisOrder.LongitudeLatitude, read.Value.Axes!.Order);
        Assert.Equal(["am-1", "with, comma"], read.Value.Features.Select(f => f.Id));
        Assert.True(features[0].Geometry.EqualsExact(read.Value.Features[0].Geometry));
        Assert.True(features[1].Geometry.EqualsExact(read.Value.Features[1].Geometry));
    }
}
