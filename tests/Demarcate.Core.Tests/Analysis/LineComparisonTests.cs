using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Tests.Boundaries;

namespace Demarcate.Core.Tests.Analysis;

/// <summary>Comparisons of hand-made lines on the ellipsoid: areas, sides under each convention, gaps, direction.</summary>
public sealed class LineComparisonTests
{
    private static readonly PartyCode Am = new("AM");
    private static readonly PartyCode Az = new("AZ");

    // Walking south along 45°E the east is on the left.
    private static Section SectionWithLeft(PartyCode left) =>
        new("test", "Test", "north to south", left, left == Am ? Az : Am, "T", 38);

    private static ComparedLine Line(string id, string wkt, double? accuracy = null) =>
        ComparedLine.From(id, SectionPath.Walk(SectionPathTests.Wkt(wkt), PlanarFrame.Utm(38)), accuracy);

    [Theory]
    [InlineData("AM")]
    [InlineData("AZ")]
    public void A_bulge_to_the_east_belongs_to_the_left_party_under_the_straight_line_and_to_the_right_party_under_the_bulge(string left)
    {
        var section = SectionWithLeft(new PartyCode(left));
        var a = Line("a", "MULTILINESTRING ((45 41, 45 40))");
        var b = Line("b", "MULTILINESTRING ((45 41, 45.1 40.5, 45 40))");

        var result = LineComparison.Compare(section, a, b);

        var polygon = Assert.Single(result.Polygons);
        Assert.Equal(Side.Left, polygon.SideOfA);
        Assert.Equal(Side.Right, polygon.SideOfB);
        Assert.Equal(section.PartyOnLeft, polygon.HolderUnderA);
        Assert.Equal(section.PartyOnRight, polygon.HolderUnderB);
        // No crossings: the ring is the three input points, whose geodesic triangle has a known area.
        var triangle = Geodesic.Wgs84.Area([new GeoPoint(41, 45), new GeoPoint(40, 45), new GeoPoint(40.5, 45.1)]).Area;
        Assert.Equal(triangle, polygon.EllipsoidalArea, triangle * 1e-12);
        Assert.Equal(polygon.EllipsoidalArea, result.NetGainUnderB(section.PartyOnRight), 6);
        Assert.Equal(-polygon.EllipsoidalArea, result.NetGainUnderB(section.PartyOnLeft), 6);
        Assert.Equal(0, polygon.FromMetres, 6);
        Assert.Equal(Geodesic.Wgs84.Distance(new GeoPoint(41, 45), new GeoPoint(40, 45)), polygon.ToMetres, 3);
        // The bulge's apex is about 0.1° of longitude (≈ 8.5 km) east of the meridian.
        Assert.InRange(polygon.GreatestWidth, 8_000, 9_000);
        // UTM shrinks areas near its central meridian (45°E here) by about k₀² = 0.9992.
        Assert.InRange(polygon.PlanarArea / polygon.EllipsoidalArea, 0.999, 0.9995);
    }

    [Fact]
    public void A_line_drawn_the_other_way_gives_the_same_polygons_and_says_so()
    {
        var section = SectionWithLeft(Am);
        var a = Line("a", "MULTILINESTRING ((45 41, 45 40))");
        var forward = LineComparison.Compare(section, a, Line("b", "MULTILINESTRING ((45 41, 45.05 40.7, 44.95 40.3, 45 40))"));
        var backward = LineComparison.Compare(section, a, Line("b", "MULTILINESTRING ((45 40, 44.95 40.3, 45.05 40.7, 45 41))"));

        Assert.Equal(2, forward.Polygons.Count);
        Assert.Equal(forward.Polygons.Select(p => p.EllipsoidalArea), backward.Polygons.Select(p => p.EllipsoidalArea));
        Assert.Equal(forward.Polygons.Select(p => p.HolderUnderB), backward.Polygons.Select(p => p.HolderUnderB));
        Assert.Empty(forward.Notes);
        Assert.Contains(backward.Notes, n => n.Contains("backwards", StringComparison.Ordinal));
        // The crossing splits the line at mid-latitude, so the two polygons are in order along A and meet there.
        Assert.Equal(forward.Polygons[0].ToMetres, forward.Polygons[1].FromMetres, 3);
        Assert.Equal([Az, Am], forward.Polygons.Select(p => p.HolderUnderB));
    }

    [Fact]
    public void A_polygon_closed_by_a_bridged_gap_is_flagged()
    {
        var section = SectionWithLeft(Am);
        var a = Line("a", "MULTILINESTRING ((45 41, 45 40.6), (45.02 40.4, 45 40))");
        var b = Line("b", "MULTILINESTRING ((45 41, 45 40))");

        var result = LineComparison.Compare(section, a, b);

        var polygon = Assert.Single(result.Polygons);
        Assert.True(polygon.BridgesGap);
        Assert.False(polygon.ClosedByJoin);
    }

    [Fact]
    public void Slivers_narrower_than_the_combined_source_accuracy_are_not_significant()
    {
        var section = SectionWithLeft(Am);
        // About 85 m and 850 m east of the meridian.
        var a = Line("a", "MULTILINESTRING ((45 41, 45 40))", accuracy: 50);
        var b = Line("b", "MULTILINESTRING ((45 41, 45.001 40.8, 45 40.6, 45.01 40.3, 45 40))", accuracy: 120);

        var result = LineComparison.Compare(section, a, b);

        Assert.Equal(130, result.SignificanceThreshold, 9);
        Assert.Equal([false, true], result.Polygons.Select(p => p.IsSignificant));
    }

    [Fact]
    public void Different_ends_are_joined_and_the_joins_flagged()
    {
        var section = SectionWithLeft(Am);
        var result = LineComparison.Compare(section, Line("a", "MULTILINESTRING ((45 41, 45 40))"), Line("b", "MULTILINESTRING ((45.01 41, 45.01 40))"));

        var polygon = Assert.Single(result.Polygons);
        Assert.True(polygon.ClosedByJoin);
        Assert.InRange(polygon.EllipsoidalArea, 0.01 * 111_000 * 0.76 * 111_000 * 0.99, 0.01 * 111_000 * 0.76 * 111_000 * 1.01);
        Assert.Equal(result.Distances.HausdorffAToB, result.Distances.HausdorffBToA, 3);
        Assert.Equal(polygon.PlanarArea / polygon.Extent, result.Distances.MeanOffset, 0);
    }

    [Fact]
    public void Discrete_Frechet_distance_follows_the_walk_not_the_nearest_point()
    {
        // B goes out and back along A's line; Hausdorff sees no difference, Fréchet does.
        double[] ax = [0, 10, 20], ay = [0, 0, 0];
        double[] bx = [0, 20, 0, 20], by = [0, 0, 0, 0];

        Assert.Equal(10, LineDistance.DiscreteFrechet(ax, ay, bx, by), 9);
        Assert.Equal(0, LineDistance.DiscreteFrechet(ax, ay, ax, ay));
        Assert.Equal(3, LineDistance.DiscreteFrechet(ax, ay, ax, [3, 3, 3]), 9);
    }

    [Fact]
    public void The_index_finds_the_nearest_segment_that_a_full_scan_finds()
    {
        var random = new Random(7);
        var x = new double[5000];
        var y = new double[5000];
        for (var i = 1; i < x.Length; i++)
        {
            x[i] = x[i - 1] + random.NextDouble() * 10;
            y[i] = y[i - 1] + ((random.NextDouble() - 0.5) * 20);
        }

        var index = new PolylineIndex(x, y);
        for (var q = 0; q < 500; q++)
        {
            double px = random.NextDouble() * x[^1], py = (random.NextDouble() - 0.5) * 400;
            var scan = double.PositiveInfinity;
            for (var s = 0; s + 1 < x.Length; s++)
            {
                double dx = x[s + 1] - x[s], dy = y[s + 1] - y[s];
                var t = Math.Clamp((((px - x[s]) * dx) + ((py - y[s]) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
                scan = Math.Min(scan, Math.Sqrt(Math.Pow(x[s] + (t * dx) - px, 2) + Math.Pow(y[s] + (t * dy) - py, 2)));
            }

            Assert.Equal(scan, index.Distance(px, py), 9);
        }
    }
}
