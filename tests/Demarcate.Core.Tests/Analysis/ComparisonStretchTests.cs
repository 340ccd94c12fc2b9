using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Tests.Boundaries;

namespace Demarcate.Core.Tests.Analysis;

/// <summary>Comparing two lines between two places on the boundary: break points, distances along line A, and bad ends.</summary>
public sealed class ComparisonStretchTests
{
    private static readonly Section Section = new("test", "Test", "north to south", new PartyCode("AM"), new PartyCode("AZ"), "T", 38);

    // Line A runs down the central meridian of UTM zone 38 (straight in the plane); line B bulges east, then west,
    // meeting A again at 40.5° N, where the break point P lies.
    private static readonly ComparedPath A = Path("a", "MULTILINESTRING ((45 41, 45 40))");
    private static readonly ComparedPath B = Path("b", "MULTILINESTRING ((45 41, 45.1 40.75, 45 40.5, 44.9 40.25, 45 40))");
    private static readonly Dictionary<string, GeoPoint> Points = new(StringComparer.Ordinal) { ["P"] = new(40.5, 45) };

    private static ComparedPath Path(string id, string wkt) => new(id, SectionPath.Walk(SectionPathTests.Wkt(wkt), PlanarFrame.Utm(38)), null);

    private static double Triangle(params GeoPoint[] corners) => Geodesic.Wgs84.Area(corners).Area;

    [Fact]
    public void From_a_break_point_to_the_end_gives_only_the_second_bulge_with_its_exact_area()
    {
        var result = ComparisonStretch.Compare(Section, A, B, StretchEnd.Parse("P", Points, "from").Value, null);

        Assert.True(result.Success, string.Join("; ", result.Problems));
        var polygon = Assert.Single(result.Value.Polygons);
        var expected = Triangle(new(40.5, 45), new(40, 45), new(40.25, 44.9));
        Assert.Equal(expected, polygon.EllipsoidalArea, expected * 1e-9);
        Assert.Equal(Section.PartyOnRight, polygon.HolderUnderA); // west of the line walking south is the right
        Assert.Equal(0, polygon.FromMetres, 3); // extents count from the stretch's start
        Assert.Contains(result.Value.Notes, n => n.StartsWith("compared from P to the end", StringComparison.Ordinal));
    }

    [Fact]
    public void From_the_start_to_a_distance_along_line_a_gives_only_the_first_bulge()
    {
        var km = Geodesic.Wgs84.Distance(new GeoPoint(41, 45), new GeoPoint(40.5, 45)) / 1000;
        var to = StretchEnd.Parse(FormattableString.Invariant($"{km:R} km"), Points, "to").Value;

        var result = ComparisonStretch.Compare(Section, A, B, StretchEnd.Parse("0", Points, "from").Value, to).Value;

        var polygon = Assert.Single(result.Polygons);
        var expected = Triangle(new(41, 45), new(40.5, 45), new(40.75, 45.1));
        Assert.Equal(expected, polygon.EllipsoidalArea, expected * 1e-9);
        Assert.Equal(Section.PartyOnLeft, polygon.HolderUnderA);
        var whole = LineComparison.Compare(Section, ComparedLine.From("a", A.Path, null), ComparedLine.From("b", B.Path, null));
        Assert.Equal(whole.Polygons[0].EllipsoidalArea, polygon.EllipsoidalArea, expected * 1e-9);
    }

    [Fact]
    public void Ends_that_cannot_be_placed_are_problems_naming_them()
    {
        Assert.Contains("neither a distance", StretchEnd.Parse("Q", Points, "from").Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("cannot be negative", StretchEnd.Parse("-3", Points, "from").Problems[0].Message, StringComparison.Ordinal);
        var beyond = ComparisonStretch.Compare(Section, A, B, null, StretchEnd.Parse("500", Points, "to").Value);
        Assert.Contains("only 111.", beyond.Problems[0].Message, StringComparison.Ordinal);
        var backwards = ComparisonStretch.Compare(Section, A, B, StretchEnd.Parse("P", Points, "from").Value, StretchEnd.Parse("10", Points, "to").Value);
        Assert.Contains("does not lie after", backwards.Problems[0].Message, StringComparison.Ordinal);
    }
}
