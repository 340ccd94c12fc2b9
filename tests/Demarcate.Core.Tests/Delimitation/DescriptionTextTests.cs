using Demarcate.Core.Delimitation;

namespace Demarcate.Core.Tests.Delimitation;

public sealed class DescriptionTextTests
{
    private const string Canonical = """
        BOUNDARY DESCRIPTION "Tavush, sector 7"
        TURNING POINT TP13 AT 41.0123456 N 45.1234567 E IN EPSG:4326, FIXED BY SURVEY
        TURNING POINT TP14 AT E 8512345.678 N 4543210.5 IN EPSG:28408, FIXED BY MAP
        TURNING POINT TP15 AT 41.02 N 45.2 E IN EPSG:4326, FIXED BY AGREEMENT
        FROM TP13 TO TP14 ALONG GEODESIC
        FROM TP14 TO TP15 ALONG REFERENCE "river Aghstev median line" SOURCE "osm" DEFINED BY "the middle of the river"

        """;

    [Fact]
    public void Writing_what_was_read_gives_the_same_description_back()
    {
        var description = DescriptionSamples.EveryLegKind();

        var text = DescriptionText.Write(description);
        var read = DescriptionText.Parse(text);

        Assert.True(read.Success, string.Join("\n", read.Problems));
        Assert.Equal(description, read.Value);
        Assert.Equal(text, DescriptionText.Write(read.Value));
        Assert.Contains("FROM TP2 TO TP3 STRAIGHT ON GRID EPSG:28408 DEFINED BY \"sheet K-38-90, \"\"straight\"\" line\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Canonical_text_reads_into_points_and_legs_and_writes_back_unchanged()
    {
        var read = DescriptionText.Parse(Canonical.Replace("\r", "", StringComparison.Ordinal));

        Assert.True(read.Success, string.Join("\n", read.Problems));
        var d = read.Value;
        Assert.Equal("Tavush, sector 7", d.Title);
        Assert.Equal(41.0123456, d.Find("TP13")!.Position.North);
        Assert.Equal(45.1234567, d.Find("TP13")!.Position.East);
        Assert.True(d.Find("TP14")!.Position.IsGrid);
        Assert.Equal(8512345.678, d.Find("TP14")!.Position.East);
        Assert.Equal(PointFixing.Map, d.Find("TP14")!.FixedBy);
        Assert.Equal(LegKind.Reference, d.Legs[1].Kind);
        Assert.Equal("river Aghstev median line", d.Legs[1].Reference);
        Assert.Equal("osm", d.Legs[1].Source);
        Assert.Equal("the middle of the river", d.Legs[1].DefinedBy);
        Assert.Equal(Canonical.Replace("\r", "", StringComparison.Ordinal), DescriptionText.Write(d));
    }

    [Fact]
    public void Southern_and_western_coordinates_and_comments_are_read()
    {
        var read = DescriptionText.Parse("""
            # a comment line
            TURNING POINT A AT 12.5 S 70.25 W IN EPSG:4326, FIXED BY MAP   # trailing comment
            TURNING POINT B AT 12.5 S 70.5 W IN EPSG:4326, FIXED BY MAP
            FROM A TO B ALONG PARALLEL
            """);

        Assert.True(read.Success, string.Join("\n", read.Problems));
        Assert.Equal(-12.5, read.Value.Find("A")!.Position.North);
        Assert.Equal(-70.25, read.Value.Find("A")!.Position.East);
    }

    [Theory]
    [InlineData("FROM TP1 TO TP2 ALONG GEODESICK", 1, 23, "Expected GEODESIC, PARALLEL, MERIDIAN or REFERENCE")]
    [InlineData("FROM TP1 TO TP2 ALONG REFERENCE \"river", 1, 33, "quoted name is not closed")]
    [InlineData("FROM TP1 TO TP2 ALONG GEODESIC extra", 1, 32, "Expected the end of the line, found 'extra'")]
    [InlineData("TURNING POINT TP9 AT 41.5 N 45.1 E IN EPSG:4326", 1, 48, "Expected ,")]
    [InlineData("TURNING POINT TP9 AT 95 N 45.1 E IN EPSG:4326, FIXED BY MAP", 1, 22, "cannot exceed 90")]
    [InlineData("TURNING POINT TP9 AT 41,5 N 45.1 E IN EPSG:4326, FIXED BY MAP", 1, 24, "Expected N or S")]
    [InlineData("TURNING POINT TP9 AT 41.5 N 45.1 E IN EPSG:4326, FIXED BY GUESS", 1, 59, "SURVEY, MAP, COMPUTATION or AGREEMENT")]
    [InlineData("FROM TP1 TO TP2 STRAIGHT ON GRID nowhere", 1, 34, "CRS code")]
    [InlineData("ALONG THE RIVER", 1, 1, "Expected TURNING POINT, FROM")]
    public void A_syntax_error_is_reported_at_its_line_and_column(string line, long lineNumber, long column, string message)
    {
        var text = "TURNING POINT TP1 AT 41 N 45 E IN EPSG:4326, FIXED BY MAP\nTURNING POINT TP2 AT 41.1 N 45 E IN EPSG:4326, FIXED BY MAP\n" + line + "\n";

        var read = DescriptionText.Parse(text, "sector7.txt");

        Assert.False(read.Success);
        var problem = Assert.Single(read.Problems);
        Assert.Equal("sector7.txt", problem.Source);
        Assert.Equal(lineNumber + 2, problem.Line);
        Assert.Equal(column, problem.Column);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_line_is_reported_not_only_the_first()
    {
        var read = DescriptionText.Parse("""
            TURNING POINT TP1 AT 41 N 45 E IN EPSG:4326, FIXED BY MAP
            TURNING POINT TP1 AT 41.1 N 45 E IN EPSG:4326, FIXED BY MAP
            FROM TP1 TO TP2 ALONG GEODESIC
            FROM TP1 TO TP1 ALONG GEODESIC
            """, "d.txt");

        Assert.False(read.Success);
        Assert.Collection(read.Problems,
            p => Assert.Equal((2L, 15L, true), (p.Line!.Value, p.Column!.Value, p.Message.Contains("already defined on line 1", StringComparison.Ordinal))),
            p => Assert.Equal((4L, 13L, true), (p.Line!.Value, p.Column!.Value, p.Message.Contains("different turning point", StringComparison.Ordinal))),
            p => Assert.Equal((3L, 13L, true), (p.Line!.Value, p.Column!.Value, p.Message.Contains("TP2, which is not defined", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_description_without_legs_is_refused()
    {
        var read = DescriptionText.Parse("TURNING POINT TP1 AT 41 N 45 E IN EPSG:4326, FIXED BY MAP\n");

        Assert.False(read.Success);
        Assert.Contains("no legs", read.Problems[0].Message, StringComparison.Ordinal);
    }
}
