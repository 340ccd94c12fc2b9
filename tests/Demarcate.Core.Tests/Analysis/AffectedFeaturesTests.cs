using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Tests.Boundaries;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Tests.Analysis;

/// <summary>Settlements in discrepancy polygons, and a road crossing a line.</summary>
public sealed class AffectedFeaturesTests
{
    private static readonly Section Section = new("test", "Test", "north to south", new PartyCode("AM"), new PartyCode("AZ"), "T", 38);
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private static ComparedLine Line(string id, string wkt) =>
        ComparedLine.From(id, SectionPath.Walk(SectionPathTests.Wkt(wkt), PlanarFrame.Utm(38)), null);

    [Fact]
    public void A_village_inside_the_bulge_is_listed_with_its_holders_and_one_outside_is_not()
    {
        var comparison = LineComparison.Compare(Section, Line("a", "MULTILINESTRING ((45 41, 45 40))"), Line("b", "MULTILINESTRING ((45 41, 45.1 40.5, 45 40))"));
        LayerFeature[] villages =
        [
            new("1", "Inside", Factory.CreatePoint(new Coordinate(45.03, 40.5))),
            new("2", "Outside", Factory.CreatePoint(new Coordinate(45.2, 40.5))),
        ];

        var affected = AffectedFeatures.InPolygons(Section, comparison, villages);

        var village = Assert.Single(affected);
        Assert.Equal("Inside", village.Feature.Name);
        Assert.Equal(new PartyCode("AM"), village.HolderUnderA);
        Assert.Equal(new PartyCode("AZ"), village.HolderUnderB);
    }

    [Fact]
    public void A_road_crossing_the_line_three_times_is_counted_and_its_length_split_by_side()
    {
        // Walking south along 45°E, the east is on the left. The road zigzags across the meridian.
        var road = new LayerFeature("R", "Road", Factory.CreateLineString(
        [
            new Coordinate(44.99, 40.5), new Coordinate(45.01, 40.5), new Coordinate(45.01, 40.51), new Coordinate(44.99, 40.51), new Coordinate(44.99, 40.52), new Coordinate(45.01, 40.52),
        ]));

        var crossing = AffectedFeatures.Cross(Section, Line("a", "MULTILINESTRING ((45 41, 45 40))"), road);

        Assert.Equal(3, crossing.Crossings);
        var total = Geodesic.Wgs84.Length([.. road.Geometry.Coordinates.Select(c => new GeoPoint(c.Y, c.X))]);
        Assert.Equal(total, crossing.LengthLeft + crossing.LengthRight, total * 1e-6);
        // East of the meridian: the eastern halves of the three legs (≈ 847 m each) and the northward step between two of them.
        var eastStep = Geodesic.Wgs84.Distance(new GeoPoint(40.5, 45.01), new GeoPoint(40.51, 45.01));
        Assert.InRange(crossing.LengthLeft, eastStep + 2400, eastStep + 2700);
    }
}
