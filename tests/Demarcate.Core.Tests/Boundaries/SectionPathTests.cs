using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Boundaries;

public sealed class SectionPathTests
{
    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
    private static readonly PlanarFrame Frame = PlanarFrame.Utm(38);

    internal static MultiLineString Wkt(string wkt) => (MultiLineString)new WKTReader(NtsGeometryServices.Instance).Read(wkt);

    [Fact]
    public void A_gap_between_pieces_is_bridged_and_flagged()
    {
        var path = SectionPath.Walk(Wkt("MULTILINESTRING ((45 41, 45 40.9), (45 40.8, 45 40.7))"), Frame);

        Assert.Equal(4, path.Vertices.Count);
        Assert.False(path.IsGap(0));
        Assert.True(path.IsGap(1));
        Assert.False(path.IsGap(2));
        var stretch = path.Extract(SectionPath.Start, path.End);
        Assert.Equal([false, true, false], stretch.Parts.Select(p => p.IsGap));
        var tenth = Geodesic.Wgs84.Distance(new GeoPoint(41, 45), new GeoPoint(40.9, 45));
        Assert.Equal(tenth + Geodesic.Wgs84.Distance(new GeoPoint(40.8, 45), new GeoPoint(40.7, 45)), stretch.LineLength, 6);
        Assert.Equal(Geodesic.Wgs84.Distance(new GeoPoint(40.9, 45), new GeoPoint(40.8, 45)), stretch.GapLength, 6);
    }

    [Fact]
    public void A_piece_drawn_backwards_is_walked_in_the_section_direction_and_said_so()
    {
        var path = SectionPath.Walk(Wkt("MULTILINESTRING ((45 41, 45 40.9), (45 40.7, 45 40.8))"), Frame);

        Assert.Equal([41, 40.9, 40.8, 40.7], path.Vertices.Select(v => v.Latitude));
        Assert.Contains(path.Notes, n => n.Contains("piece 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Pieces_that_touch_are_joined_without_a_gap()
    {
        var path = SectionPath.Walk(Wkt("MULTILINESTRING ((45 41, 45 40.9), (45 40.9, 45.1 40.8))"), Frame);

        Assert.Equal(3, path.Vertices.Count);
        Assert.False(path.IsGap(0));
        Assert.False(path.IsGap(1));
    }

    [Fact]
    public void Side_is_left_or_right_of_the_direction_of_travel()
    {
        // Walking south along 45°E: east is on the left.
        var path = SectionPath.Walk(Wkt("MULTILINESTRING ((45 41, 45 40))"), Frame);

        Assert.Equal(Side.Left, path.SideOf(new GeoPoint(40.5, 45.1)).Side);
        Assert.Equal(Side.Right, path.SideOf(new GeoPoint(40.5, 44.9)).Side);
        // The offset is planar, in UTM: within the zone's scale error (< 0.2 %) of the geodesic distance.
        var geodesic = Geodesic.Wgs84.Distance(new GeoPoint(40.5, 45), new GeoPoint(40.5, 45.1));
        Assert.InRange(path.SideOf(new GeoPoint(40.5, 45.1)).Offset, geodesic * 0.998, geodesic * 1.002);
    }

    [Fact]
    public void Position_at_a_distance_lies_that_far_along_the_line()
    {
        var path = SectionPath.Walk(Wkt("MULTILINESTRING ((45 41, 45 40.9, 45.2 40.9))"), Frame);
        var first = Geodesic.Wgs84.Distance(new GeoPoint(41, 45), new GeoPoint(40.9, 45));

        var point = path.PointAt(path.PositionAtDistance(first + 1000));

        // The segment is straight in the UTM plane, so the point bows off the parallel by a few metres
        // over 17 km; along it, the distance walked is what was asked within the plane's distortion.
        Assert.Equal(40.9, point.Latitude, 3);
        Assert.Equal(1000, Geodesic.Wgs84.Distance(new GeoPoint(40.9, 45), point), 0);
    }

    [Fact]
    public void A_line_of_one_point_cannot_be_walked()
    {
        var line = Factory.CreateMultiLineString([Factory.CreateLineString([new Coordinate(45, 41), new Coordinate(45, 41)])]);

        Assert.Throws<ArgumentException>(() => SectionPath.Walk(line, Frame));
    }
}
