using Demarcate.Core.Geodesy;
using Demarcate.Core.Validation;
using NetTopologySuite;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Validation;

public sealed class GeometryValidatorTests
{
    private static readonly WKTReader Wkt = new(NtsGeometryServices.Instance);
    private static readonly ValidationRules Caucasus = new() { AreaOfUse = new GeographicBounds(38, 43, 42, 48), AreaName = "the test area" };

    private static Geometry Read(string wkt) => Wkt.Read(wkt);

    private static string Normalised(Geometry g)
    {
        var copy = g.Copy();
        copy.Normalize();
        return copy.AsText();
    }

    [Theory]
    [InlineData("LINESTRING (45 40, 45.1 40.05, 45.2 40.02)")]
    [InlineData("MULTILINESTRING ((45 40, 45.1 40.05), (45.2 40.02, 45.3 40.1))")]
    [InlineData("POLYGON ((45 40, 45.1 40, 45.1 40.1, 45 40.1, 45 40), (45.02 40.02, 45.02 40.05, 45.05 40.05, 45.02 40.02))")]
    public void A_sound_geometry_has_no_findings(string wkt) =>
        Assert.Empty(GeometryValidator.Validate(Read(wkt), 0, Caucasus));

    [Fact]
    public void Duplicate_consecutive_points_are_found_and_removed_with_their_vertex_numbers()
    {
        var line = Read("LINESTRING (45 40, 45.1 40, 45.1 40, 45.1 40, 45.2 40.1)");

        var finding = Assert.Single(GeometryValidator.Validate(line, 7, Caucasus));
        Assert.Equal((7L, FindingKind.DuplicatePoint), (finding.Feature, finding.Kind));
        Assert.Contains("2 duplicate consecutive positions: vertex 2 repeats vertex 1 at [45.1, 40]", finding.Reason, StringComparison.Ordinal);

        var repair = GeometryValidator.Repair(line, 7, Caucasus);
        Assert.Equal("LINESTRING (45 40, 45.1 40, 45.2 40.1)", repair.Geometry.AsText());
        Assert.Contains("vertex 2, 3", Assert.Single(repair.Changes).Description, StringComparison.Ordinal);
        Assert.Empty(repair.Remaining);
    }

    [Fact]
    public void A_spike_is_a_vertex_where_the_line_turns_back_and_the_repair_removes_it()
    {
        // At vertex 2 the line runs east, then straight back west almost onto itself.
        var line = Read("LINESTRING (45 40, 45.1 40, 45.2 40, 45.12 40.0005, 45.15 40.1)");

        var spike = Assert.Single(GeometryValidator.Validate(line, 0, Caucasus), f => f.Kind == FindingKind.Spike);
        Assert.Equal(new Coordinate(45.2, 40), spike.At);
        Assert.True(spike.IsRepairable);

        var repair = GeometryValidator.Repair(line, 0, Caucasus);
        Assert.Equal("LINESTRING (45 40, 45.1 40, 45.12 40.0005, 45.15 40.1)", repair.Geometry.AsText());
        Assert.Contains("removed the spike at vertex 2 [45.2, 40]", Assert.Single(repair.Changes).Description, StringComparison.Ordinal);
        Assert.Empty(repair.Remaining);
    }

    [Fact]
    public void A_sharp_but_real_turn_is_not_a_spike()
    {
        // A 30° hairpin is far above the 1° threshold.
        var line = Read("LINESTRING (45 40, 45.1 40, 45.01 40.04)");
        Assert.DoesNotContain(GeometryValidator.Validate(line, 0, Caucasus), f => f.Kind == FindingKind.Spike);
        Assert.Contains(GeometryValidator.Validate(line, 0, Caucasus with { SpikeAngleDegrees = 40 }), f => f.Kind == FindingKind.Spike);
    }

    [Fact]
    public void A_self_intersection_is_found_with_its_position_and_is_not_repaired()
    {
        var line = Read("LINESTRING (45 40, 45.2 40.2, 45.2 40, 45 40.2)");

        var finding = Assert.Single(GeometryValidator.Validate(line, 3, Caucasus));
        Assert.Equal(FindingKind.SelfIntersection, finding.Kind);
        Assert.Equal(45.1, finding.At!.X, 9);
        Assert.Equal(40.1, finding.At.Y, 9);

        var repair = GeometryValidator.Repair(line, 3, Caucasus);
        Assert.Empty(repair.Changes);
        Assert.Equal(FindingKind.SelfIntersection, Assert.Single(repair.Remaining).Kind);
    }

    [Fact]
    public void Rings_against_the_right_hand_rule_are_found_and_rewound()
    {
        // Exterior clockwise, hole counter-clockwise: both wrong for RFC 7946.
        var polygon = Read("POLYGON ((45 40, 45 40.1, 45.1 40.1, 45.1 40, 45 40), (45.02 40.02, 45.05 40.02, 45.05 40.05, 45.02 40.02))");

        var findings = GeometryValidator.Validate(polygon, 0, Caucasus);
        Assert.Equal(2, findings.Count(f => f.Kind == FindingKind.WrongWinding));

        var repair = GeometryValidator.Repair(polygon, 0, Caucasus);
        var fixedPolygon = (Polygon)repair.Geometry;
        Assert.True(Orientation.IsCCW(fixedPolygon.ExteriorRing.CoordinateSequence));
        Assert.False(Orientation.IsCCW(fixedPolygon.GetInteriorRingN(0).CoordinateSequence));
        Assert.Equal(2, repair.Changes.Count(c => c.Kind == FindingKind.WrongWinding));
        Assert.Equal(Normalised(polygon), Normalised(fixedPolygon));
        Assert.Empty(repair.Remaining);
    }

    [Theory]
    [InlineData("LINESTRING EMPTY", FindingKind.Empty)]
    [InlineData("LINESTRING (45 40, 45 40)", FindingKind.TooFewPoints)]
    [InlineData("MULTILINESTRING EMPTY", FindingKind.Empty)]
    public void Empty_and_one_point_lines_are_refused(string wkt, FindingKind kind)
    {
        Assert.Contains(GeometryValidator.Validate(Read(wkt), 0, Caucasus), f => f.Kind == kind);
        Assert.Contains(GeometryValidator.Repair(Read(wkt), 0, Caucasus).Remaining, f => f.Kind == kind);
    }

    [Fact]
    public void Swapped_axes_are_recognised_against_the_area_of_use()
    {
        // Latitude 45, longitude 40 would be in the Black Sea region; swapped it is in the test area.
        var finding = GeometryValidator.Validate(Read("LINESTRING (40 45, 40.1 45.1)"), 0, Caucasus)[0];
        Assert.Equal(FindingKind.SwappedAxes, finding.Kind);
        Assert.Contains("axes look swapped", finding.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LINESTRING (458231.5 4453120.25, 458300 4453200)", FindingKind.InvalidCoordinate, "metres")]
    [InlineData("LINESTRING (10 50, 10.1 50.1)", FindingKind.OutsideArea, "outside the area of use of the test area")]
    public void Implausible_coordinates_are_named_with_the_reason(string wkt, FindingKind kind, string reason)
    {
        var finding = GeometryValidator.Validate(Read(wkt), 2, Caucasus)[0];
        Assert.Equal(kind, finding.Kind);
        Assert.Contains(reason, finding.Reason, StringComparison.Ordinal);
        Assert.Contains("vertex 0", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_latitude_beyond_90_that_fits_swapped_is_called_swapped()
    {
        var finding = GeometryValidator.Validate(Read("LINESTRING (45 95, 45.1 95)"), 0, ValidationRules.Default)[0];
        Assert.Equal(FindingKind.SwappedAxes, finding.Kind);
        Assert.Contains("latitude beyond", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_are_named_in_a_multi_line()
    {
        var finding = Assert.Single(GeometryValidator.Validate(Read("MULTILINESTRING ((45 40, 45.1 40), (45.2 40, 45.3 40, 45.3 40))"), 0, Caucasus));
        Assert.StartsWith("part 1: ", finding.Reason, StringComparison.Ordinal);
    }
}
