using System.Globalization;
using System.Text;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>Streaming transformation of coordinate text: axis orders, per-line problems with line numbers, strict mode.</summary>
public sealed class CoordinateTextTransformTests
{
    private static readonly CoordinateReferenceSystem Gk8 = CrsRegistry.Standard.Find(CrsCode.Epsg(28408))!;
    private static readonly CoordinateReferenceSystem Utm38 = CrsRegistry.Standard.Find(CrsCode.Epsg(32638))!;

    [Fact]
    public async Task Csv_with_ids_is_transformed_in_each_crs_axis_order_and_problems_carry_line_numbers()
    {
        var operation = CoordinateOperation.Create(Gk8, Utm38).Value;
        var input = """
            id,x,y
            # pillars of sector 3
            P1,4452000.125,8512000.5
            P2,4460000,8490000

            P3,4460000
            P4,44600x0,8490000
            P5,4460000,8100000
            """;
        var (output, report) = await RunAsync(input, new CoordinateTextOptions { Source = Gk8, Target = Utm38, HasHeader = true, LinesCarryId = true });
        var lines = output.Split('\n', StringSplitOptions.None);
        Assert.True(lines.Length > 5, output);
        Assert.Equal("id,easting,northing", lines[0]);
        Assert.Equal("# pillars of sector 3", lines[1]);

        // GK 28408 is northing first; UTM easting first.
        var p1 = operation.Transform(4452000.125, 8512000.5);
        Assert.True(string.Equals(string.Create(CultureInfo.InvariantCulture, $"P1,{p1.First:F4},{p1.Second:F4}"), lines[2], StringComparison.Ordinal), output);
        Assert.StartsWith("P2,", lines[3], StringComparison.Ordinal);
        Assert.Equal("", lines[4]);
        Assert.StartsWith("P5,", lines[5], StringComparison.Ordinal); // written, but flagged

        Assert.Equal(8, report.LinesRead);
        Assert.Equal(3, report.PointsWritten);
        Assert.Equal(2, report.LinesRejected);
        Assert.Equal(1, report.PointsFlagged);
        Assert.Collection(report.Problems,
            p => Assert.Equal("input:6:1: expected 3 columns, found 2.", p.ToString()),
            p => Assert.Equal("input:7:4: '44600x0' is not a number.", p.ToString()),
            p => Assert.Equal("input:8:4: Point outside the area of use of EPSG:28408, outside the area of use of EPSG:32638; transformed anyway, check it.", p.ToString()));
    }

    [Fact]
    public async Task Lines_naming_their_crs_are_resolved_per_line_and_unknown_codes_reported()
    {
        var input = """
            A 4452000 8512000 EPSG:28408
            B EPSG:28408 4452000 8512000
            C EPSG:4284 40.2 44.5
            D EPSG:99999 1 2
            E EPSG:4326 95 44
            F EPSG:32638 450000 4450000
            """;
        var (output, report) = await RunAsync(input, new CoordinateTextOptions
        {
            Target = CrsRegistry.Wgs84, LinesCarryId = true, LinesCarryCrs = true, SourceName = "points.txt",
        });
        var lines = output.Split('\n');
        Assert.StartsWith("B EPSG:4326 4", lines[0], StringComparison.Ordinal);
        var c = CoordinateOperation.Create(CrsRegistry.Standard.Find(CrsCode.Epsg(4284))!, CrsRegistry.Wgs84).Value.Transform(40.2, 44.5);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"C EPSG:4326 {c.First:F9} {c.Second:F9}"), lines[1]);
        var f = Utm38.Projection!.Reverse(450000, 4450000);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"F EPSG:4326 {f.Latitude:F9} {f.Longitude:F9}"), lines[2]);
        Assert.Equal(3, report.PointsWritten);
        Assert.Collection(report.Problems,
            p => Assert.Equal("points.txt:1:3: Unknown CRS EPSG:4452000.", p.ToString()), // a bare number reads as an EPSG code
            p => Assert.Equal("points.txt:4:3: Unknown CRS EPSG:99999.", p.ToString()),
            p => Assert.Contains("points.txt:5:", p.ToString(), StringComparison.Ordinal));
        Assert.Contains("latitude beyond ±90°", report.Problems[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_mode_stops_at_the_first_problem()
    {
        var input = "40.1 44.1\n40.2 abc\n40.3 44.3\n";
        var (output, report) = await RunAsync(input, new CoordinateTextOptions { Source = CrsRegistry.Wgs84, Target = Utm38, Strict = true });
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(report.StoppedEarly);
        Assert.Equal(2, report.LinesRead);
    }

    [Fact]
    public async Task Operation_that_cannot_exist_is_reported_once()
    {
        var custom = CrsDefinition.FromProjString("+proj=longlat +ellps=krass", new CrsCode("DEMARCATE", "OLD")).Value;
        var (_, report) = await RunAsync("1 2\n", new CoordinateTextOptions { Source = custom, Target = Utm38 });
        Assert.True(report.StoppedEarly);
        Assert.Contains("No single datum transformation", report.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_lines_stream_through_with_a_bounded_problem_list()
    {
        // 200 000 lines, every tenth bad: the report keeps at most 100 problems and counts the rest.
        var reader = new GeneratedReader(200_000);
        var writer = new CountingWriter();
        var report = await CoordinateTextTransform.TransformAsync(reader, writer,
            new CoordinateTextOptions { Source = CrsRegistry.Wgs84, Target = Utm38, MaxReportedProblems = 100 });
        Assert.Equal(200_000, report.LinesRead);
        Assert.Equal(180_000, report.PointsWritten);
        Assert.Equal(20_000, report.LinesRejected);
        Assert.Equal(100, report.Problems.Count);
        Assert.Equal(19_900, report.ProblemsNotListed);
        Assert.Equal(180_000, writer.Lines);
    }

    private static async Task<(string Output, CoordinateTextReport Report)> RunAsync(string input, CoordinateTextOptions options)
    {
        using var reader = new StringReader(input);
        await using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var report = await CoordinateTextTransform.TransformAsync(reader, writer, options);
        return (writer.ToString(), report);
    }

    private sealed class GeneratedReader(int lines) : TextReader
    {
        private int _next;

        public override string? ReadLine()
        {
            if (_next >= lines)
            {
                return null;
            }

            var i = _next++;
            return i % 10 == 9 ? "bad line here" : string.Create(CultureInfo.InvariantCulture, $"{40 + i % 1000 * 0.001} {44 + i % 777 * 0.001}");
        }

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadLine());
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Lines { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                Lines++;
            }
        }
    }
}
