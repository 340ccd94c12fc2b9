using Demarcate.Core.Analysis;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Tests.Demarcation;

/// <summary>Pillar plans with known answers: ends, turning points, river banks, road crossings, spacing, stable numbers.</summary>
public sealed class PillarPlanningTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    private static readonly Geodesic Wgs84 = Geodesic.Wgs84;

    /// <summary>About 12 km due north along 45°E (UTM zone 38).</summary>
    private static readonly GeoPoint[] Meridian = [new(40.0, 45.0), new(40.108, 45.0)];

    /// <summary>A feature along a parallel, with a vertex every 0.0001° so its chords in the UTM plane stay on the parallel to well under a millimetre.</summary>
    private static LayerFeature Across(string name, double latitude) =>
        new(name, name, Factory.CreateLineString([.. Enumerable.Range(0, 201).Select(i => new Coordinate(44.99 + (i * 0.0001), latitude))]));

    [Fact]
    public void A_straight_line_gets_primaries_at_most_5_km_apart_and_pillars_at_most_500_m_apart()
    {
        var plan = PillarPlanning.Plan("T-01", Meridian, 38, new PillarPlanRules());

        var length = Wgs84.Distance(Meridian[0], Meridian[1]);
        Assert.Equal(length, plan.LineLength, 1e-6);

        // 12 km: three primary stretches of length/3 (< 5 km), each cut into ceil((length/3)/500) pieces.
        var primaries = plan.Pillars.Where(p => p.Type == PillarType.Primary).ToList();
        Assert.Equal(4, primaries.Count);
        Assert.All(primaries.Zip(primaries.Skip(1)), p => Assert.Equal(length / 3, p.Second.Chainage - p.First.Chainage, 1e-6));
        var perStretch = (int)Math.Ceiling(length / 3 / 500);
        Assert.Equal((3 * perStretch) + 1, plan.Pillars.Count);
        Assert.All(plan.Pillars.Zip(plan.Pillars.Skip(1)), p => Assert.InRange(Wgs84.Distance(p.First.Position, p.Second.Position), 400, 500.0001));

        // Numbered 1, 2, … along the line; both ends are sector ends.
        Assert.Equal(Enumerable.Range(1, plan.Pillars.Count).Select(i => $"T-01/{i}"), plan.Pillars.Select(p => p.Number.ToString()));
        Assert.Equal(PillarReason.SectorEnd, plan.Pillars[0].Reason);
        Assert.Equal(Meridian[1], plan.Pillars[^1].Position);
    }

    [Fact]
    public void Every_turning_point_gets_a_primary_pillar_where_it_is()
    {
        GeoPoint corner = new(40.01, 45.0);
        var plan = PillarPlanning.Plan("T-01", [new(40.0, 45.0), corner, new(40.01, 45.01)], 38, new PillarPlanRules());

        var turning = Assert.Single(plan.Pillars, p => p.Reason == PillarReason.TurningPoint);
        Assert.Equal(corner, turning.Position);
        Assert.Equal(PillarType.Primary, turning.Type);
        Assert.Equal(Wgs84.Distance(new GeoPoint(40.0, 45.0), corner), turning.Chainage, 1e-6);
    }

    [Fact]
    public void A_gentle_bend_below_the_commissions_threshold_is_not_a_turning_point()
    {
        var plan = PillarPlanning.Plan("T-01", [new(40.0, 45.0), new(40.01, 45.0001), new(40.02, 45.0)], 38, new PillarPlanRules { TurningPointMinimumDeflection = 5 });

        Assert.DoesNotContain(plan.Pillars, p => p.Reason == PillarReason.TurningPoint);
    }

    [Fact]
    public void A_river_crossing_gets_a_pair_on_both_banks_30_m_either_side_sharing_one_number()
    {
        var river = new CrossingFeature(Across("Araks", 40.05), CrossingKind.River);

        var plan = PillarPlanning.Plan("T-01", Meridian, 38, new PillarPlanRules(), [river]);

        var banks = plan.Pillars.Where(p => p.Reason == PillarReason.RiverBank).ToList();
        Assert.Equal(2, banks.Count);
        var crossing = new GeoPoint(40.05, 45.0);
        Assert.All(banks, b => Assert.Equal(30, Wgs84.Distance(b.Position, crossing), 0.01));
        Assert.True(banks[0].Position.Latitude < 40.05 && banks[1].Position.Latitude > 40.05, "A stands before the river along the line, B after");
        Assert.Equal('A', banks[0].Number.Bank);
        Assert.Equal('B', banks[1].Number.Bank);
        Assert.Equal(banks[0].Number.Sequence, banks[1].Number.Sequence);
        Assert.All(banks, b => Assert.Equal("Araks", b.Feature));
        Assert.All(plan.Pillars.Zip(plan.Pillars.Skip(1)), p => Assert.True(p.First.Number < p.Second.Number));
    }

    [Fact]
    public void A_road_crossing_gets_one_secondary_pillar_set_back_before_it()
    {
        var road = new CrossingFeature(Across("M-16", 40.031), CrossingKind.Road);

        var plan = PillarPlanning.Plan("T-01", Meridian, 38, new PillarPlanRules(), [road]);

        var pillar = Assert.Single(plan.Pillars, p => p.Reason == PillarReason.RoadCrossing);
        Assert.Equal(PillarType.Secondary, pillar.Type);
        Assert.Equal(10, Wgs84.Distance(pillar.Position, new GeoPoint(40.031, 45.0)), 0.01);
        Assert.True(pillar.Position.Latitude < 40.031);
    }

    [Fact]
    public void Replanning_after_a_new_road_keeps_every_registered_number_and_numbers_the_new_pillar_between_its_neighbours()
    {
        var first = PillarPlanning.Plan("T-01", Meridian, 38, new PillarPlanRules());
        var registered = first.Pillars.Select(p => new RegisteredPillar(p.Number, p.Type, p.Position)).ToList();

        // The road crosses 100 m past pillar 3, between 3 and 4.
        var third = first.Pillars[2];
        var at = Wgs84.Interpolate(third.Position, Meridian[1], 110);
        var second = PillarPlanning.Plan("T-01", Meridian, 38, new PillarPlanRules(), [new CrossingFeature(Across("new road", at.Latitude), CrossingKind.Road)], registered: registered);

        Assert.Equal(first.Pillars.Count + 1, second.Pillars.Count);
        foreach (var old in first.Pillars)
        {
            var kept = Assert.Single(second.Pillars, p => p.Number.Equals(old.Number));
            Assert.True(Wgs84.Distance(kept.Position, old.Position) < 1e-3);
        }

        var added = Assert.Single(second.Pillars, p => p.Reason == PillarReason.RoadCrossing);
        Assert.Equal("T-01/3.1", added.Number.ToString());
    }

    [Fact]
    public void Bad_rules_are_refused_with_what_is_wrong()
    {
        var error = Assert.Throws<ArgumentException>(() => PillarPlanning.Plan("T-01", Meridian, 38, new PillarPlanRules { PrimarySpacing = 100, SecondarySpacing = 500 }));
        Assert.Contains("primary spacing", error.Message, StringComparison.Ordinal);
    }
}
