using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Tests.Boundaries;

public sealed class SectorCuttingTests
{
    private static readonly PlanarFrame Frame = PlanarFrame.Utm(38);
    private static readonly Section Main = new("main", "Main", "north to south", new PartyCode("AZ"), new PartyCode("AM"), "M", 38);

    private static readonly BreakPoint[] Breaks =
    [
        new("M-B01", "main", 1, new GeoPoint(40.8, 45.0)),
        new("M-B02", "main", 2, new GeoPoint(40.5, 45.0)),
    ];

    private static readonly Sector[] Sectors =
    [
        new("M-01", "main", 1, null, "M-B01"),
        new("M-02", "main", 2, "M-B01", "M-B02"),
        new("M-03", "main", 3, "M-B02", null),
    ];

    [Fact]
    public void Two_different_lines_of_a_section_give_the_same_sector_ids_cut_at_the_same_places()
    {
        var straight = Line("a", "MULTILINESTRING ((45 41, 45 40))");
        var wiggly = Line("b", "MULTILINESTRING ((45.01 41, 44.99 40.85, 45.02 40.7, 44.98 40.45, 45.01 40.2, 45 40))");

        var a = SectorCutting.Cut(Main, Sectors, Breaks, straight, Frame);
        var b = SectorCutting.Cut(Main, Sectors, Breaks, wiggly, Frame);

        Assert.Equal(["M-01", "M-02", "M-03"], a.Sectors.Select(s => s.Sector.Id));
        Assert.Equal(a.Sectors.Select(s => s.Sector.Id), b.Sectors.Select(s => s.Sector.Id));
        Assert.Empty(a.Warnings);
        Assert.Empty(b.Warnings);

        // On the straight meridian the break points lie on the line: sector 2 is exactly 40.8 → 40.5.
        var m02 = a.Sectors[1].Stretch;
        Assert.Equal(Geodesic.Wgs84.Distance(new GeoPoint(40.8, 45), new GeoPoint(40.5, 45)), m02.LineLength, 3);
        Assert.Equal(0, a.Sectors[1].FromBreakOffset, 6);

        // Consecutive sectors of the wiggly line meet where the break point projects onto it.
        for (var i = 1; i < b.Sectors.Count; i++)
        {
            var end = b.Sectors[i - 1].Stretch.Parts[^1].Points[^1];
            var start = b.Sectors[i].Stretch.Parts[0].Points[0];
            Assert.Equal(end, start);
        }

        var total = b.Sectors.Sum(s => s.Stretch.LineLength);
        Assert.Equal(SectionPath.Walk(wiggly.Geometry, Frame).GeodesicLength, total, 3);
    }

    [Fact]
    public void A_line_with_a_gap_keeps_the_gap_in_the_sector_that_spans_it()
    {
        var gappy = Line("g", "MULTILINESTRING ((45 41, 45 40.7), (45 40.6, 45 40))");

        var cut = SectorCutting.Cut(Main, Sectors, Breaks, gappy, Frame);

        Assert.Equal(0, cut.Sectors[0].Stretch.GapLength);
        var m02 = cut.Sectors[1].Stretch;
        Assert.Equal(Geodesic.Wgs84.Distance(new GeoPoint(40.7, 45), new GeoPoint(40.6, 45)), m02.GapLength, 3);
        Assert.Equal([false, true, false], m02.Parts.Select(p => p.IsGap));
        Assert.Equal(0, cut.Sectors[2].Stretch.GapLength);
    }

    [Fact]
    public void A_break_point_far_from_the_line_is_reported()
    {
        var elsewhere = Line("far", "MULTILINESTRING ((45.2 41, 45.2 40))");

        var cut = SectorCutting.Cut(Main, Sectors, Breaks, elsewhere, Frame);

        Assert.Contains(cut.Warnings, w => w.Contains("M-B01", StringComparison.Ordinal) && w.Contains("km from line far", StringComparison.Ordinal));
        Assert.Equal(3, cut.Sectors.Count);
    }

    [Fact]
    public void Break_points_out_of_order_on_a_line_leave_an_empty_sector_and_a_warning()
    {
        var northward = Line("rev", "MULTILINESTRING ((45 40, 45 41))");

        var cut = SectorCutting.Cut(Main, Sectors, Breaks, northward, Frame);

        Assert.Contains(cut.Warnings, w => w.Contains("before the previous break point", StringComparison.Ordinal));
        Assert.Equal(0, cut.Sectors[1].Stretch.TotalLength, 9);
    }

    private static BoundaryLine Line(string id, string wkt) => new(id, "main", LineKind.SourceLine, id, SectionPathTests.Wkt(wkt));
}
