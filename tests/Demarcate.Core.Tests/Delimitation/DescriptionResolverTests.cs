using Demarcate.Core.Delimitation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Tests.Geodesy;

namespace Demarcate.Core.Tests.Delimitation;

/// <summary>Each leg kind resolved and checked against PROJ (geod, cct) as the independent computation.</summary>
public sealed class DescriptionResolverTests
{
    private static readonly Geodesic Wgs84 = Geodesic.Wgs84;

    [Fact]
    public void The_sample_with_every_leg_kind_resolves_consistently()
    {
        var resolved = DescriptionSamples.Resolver().Resolve(DescriptionSamples.EveryLegKind());

        Assert.True(resolved.IsConsistent, string.Join("\n", resolved.Problems));
        Assert.Equal(6, resolved.Legs.Count);
        for (var i = 1; i < resolved.Legs.Count; i++)
        {
            Assert.Equal(resolved.Legs[i - 1].Points[^1], resolved.Legs[i].Points[0]);
        }

        Assert.All(resolved.Legs, leg => Assert.InRange(leg.MaxChordDeviation, 0, ResolutionTolerances.Default.ChordDeviation));
        Assert.Equal(resolved.Legs.Sum(l => l.Points.Count) - 5, resolved.Line().Count);
    }

    [Fact]
    public async Task A_geodesic_leg_has_geods_length_and_azimuth_and_its_points_lie_on_geods_line()
    {
        // 75 km east-north-east: long enough that the chord in longitude/latitude bows metres off the geodesic.
        var d = new BoundaryDescription(null, false,
            [DescriptionSamples.Point("A", 40.9, 44.6), DescriptionSamples.Point("B", 41.2, 45.45)],
            [new Leg("A", "B", LegKind.Geodesic)]);

        var leg = Assert.Single(DescriptionSamples.Resolver().Resolve(d).Legs);

        var inverse = (await ProjOracle.RunAsync("geod", ["-I", "+ellps=WGS84", "-f", "%.15f", "-F", "%.9f"], [[40.9, 44.6, 41.2, 45.45]]))[0];
        Assert.Equal(inverse[0], leg.Azimuth, 9);
        Assert.Equal(inverse[2], leg.Length, 6);
        Assert.True(leg.Points.Count > 8, "a 75 km geodesic needs intermediate points to stay within 1 cm");

        // geod's direct problem from A along the same azimuth, at the fractions the resolver chose.
        var segments = leg.Points.Count - 1;
        var rows = Enumerable.Range(0, segments * 2 + 1).Select(k => new[] { 40.9, 44.6, inverse[0], inverse[2] * k / (2.0 * segments) }).ToList();
        var direct = await ProjOracle.RunAsync("geod", ["+ellps=WGS84", "-f", "%.15f", "-F", "%.9f"], rows);
        for (var i = 0; i <= segments; i++)
        {
            var truth = new GeoPoint(direct[2 * i][0], direct[2 * i][1]);
            Assert.InRange(Wgs84.Distance(truth, leg.Points[i]), 0, 1e-6);
        }

        // The stated chord deviation is what geod's midpoints say it is, and within the tolerance.
        var worst = 0.0;
        for (var i = 0; i < segments; i++)
        {
            var mid = new GeoPoint(direct[2 * i + 1][0], direct[2 * i + 1][1]);
            var chord = new GeoPoint((leg.Points[i].Latitude + leg.Points[i + 1].Latitude) / 2, (leg.Points[i].Longitude + leg.Points[i + 1].Longitude) / 2);
            worst = Math.Max(worst, Wgs84.Distance(mid, chord));
        }

        Assert.Equal(worst, leg.MaxChordDeviation, 6);
        Assert.InRange(worst, 0.001, 0.01);
    }

    [Fact]
    public async Task A_utm_straight_leg_is_straight_in_ccts_utm_plane()
    {
        var d = new BoundaryDescription(null, false,
            [DescriptionSamples.Point("A", 40.7, 45.1), DescriptionSamples.Point("B", 40.95, 45.6)],
            [new Leg("A", "B", LegKind.GridStraight) { Grid = CrsCode.Epsg(32638) }]);
        var leg = Assert.Single(DescriptionSamples.Resolver().Resolve(d).Legs);

        string[] utm = ["+proj=utm", "+zone=38", "+ellps=WGS84"];
        var ends = await ProjOracle.RunAsync("cct", ["-d", "6", .. utm], [[45.1, 40.7, 0, 0], [45.6, 40.95, 0, 0]]);
        var segments = leg.Points.Count - 1;
        var grid = Enumerable.Range(0, segments + 1)
            .Select(i => new[] { ends[0][0] + (ends[1][0] - ends[0][0]) * i / segments, ends[0][1] + (ends[1][1] - ends[0][1]) * i / segments, 0, 0 })
            .ToList();
        var back = await ProjOracle.RunAsync("cct", ["-I", "-d", "12", .. utm], grid);

        Assert.True(segments > 1);
        for (var i = 0; i <= segments; i++)
        {
            Assert.InRange(Wgs84.Distance(new GeoPoint(back[i][1], back[i][0]), leg.Points[i]), 0, 0.001);
        }

        Assert.InRange(leg.MaxChordDeviation, 0, 0.01);
    }

    [Fact]
    public async Task A_gauss_kruger_straight_leg_is_straight_in_the_pulkovo_grid_that_cct_computes()
    {
        var description = DescriptionSamples.EveryLegKind();
        var leg = DescriptionSamples.Resolver().Resolve(description).Legs[1];
        Assert.Equal(LegKind.GridStraight, leg.Leg.Kind);
        var tp2 = description.Find("TP2")!.Position;

        var area = new GeographicBounds(40.5, 44.5, 41.5, 46);
        var pipeline = (await ProjOracle.PipelineAsync(4326, 28408, DatumTransformations.Epsg15865, area)).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var tp3 = (await ProjOracle.RunAsync("cct", ["-d", "6", .. pipeline], [[41.06, 45.36, 0, 0]]))[0];
        var segments = leg.Points.Count - 1;
        // Soviet grids write X (northing) first.
        var grid = Enumerable.Range(0, segments + 1)
            .Select(i => new[] { tp2.North + (tp3[0] - tp2.North) * i / segments, tp2.East + (tp3[1] - tp2.East) * i / segments, 0, 0 })
            .ToList();
        var back = await ProjOracle.RunAsync("cct", ["-I", "-d", "12", .. pipeline], grid);

        for (var i = 0; i <= segments; i++)
        {
            Assert.InRange(Wgs84.Distance(new GeoPoint(back[i][0], back[i][1]), leg.Points[i]), 0, 0.005);
        }
    }

    [Fact]
    public async Task Parallel_and_meridian_legs_keep_their_latitude_or_longitude_and_the_meridian_has_geods_length()
    {
        var resolved = DescriptionSamples.Resolver().Resolve(DescriptionSamples.EveryLegKind());
        var parallel = resolved.Legs[2];
        var meridian = resolved.Legs[3];

        Assert.All(parallel.Points, p => Assert.Equal(41.06, p.Latitude, 12));
        Assert.All(meridian.Points, p => Assert.Equal(45.40, p.Longitude, 12));
        Assert.Equal(90, parallel.Azimuth, 1);
        Assert.Equal(180, Math.Abs(meridian.Azimuth), 9);
        var geod = (await ProjOracle.RunAsync("geod", ["-I", "+ellps=WGS84", "-f", "%.15f", "-F", "%.9f"], [[41.06, 45.40, 41.03, 45.40]]))[0];
        Assert.Equal(geod[2], meridian.Length, 6);
        // A parallel is longer than the geodesic between its ends, by a little over such a short distance.
        var chord = Wgs84.Distance(new GeoPoint(41.06, 45.36), new GeoPoint(41.06, 45.40));
        Assert.InRange(parallel.Length - chord, 0, 0.01);
    }

    [Fact]
    public void A_reference_leg_follows_the_reference_between_its_turning_points_in_either_direction()
    {
        var river = DescriptionSamples.RiverLine;
        var reversed = river with { Points = river.Points.Reverse().ToList() };
        foreach (var line in new[] { river, reversed })
        {
            var d = new BoundaryDescription(null, false,
                [DescriptionSamples.Point("A", 41.025, 45.4025), DescriptionSamples.Point("B", 41.00, 45.42)],
                [new Leg("A", "B", LegKind.Reference) { Reference = river.Name }]);

            var resolved = DescriptionSamples.Resolver(line).Resolve(d);

            Assert.True(resolved.IsConsistent, string.Join("\n", resolved.Problems));
            Assert.Equal(
                [new GeoPoint(41.025, 45.4025), new(41.02, 45.405), new(41.015, 45.41), new(41.005, 45.415), new(41.00, 45.42)],
                resolved.Legs[0].Points);
        }
    }

    [Fact]
    public void Resolving_the_reread_canonical_text_gives_the_same_line_within_a_centimetre()
    {
        var description = DescriptionSamples.EveryLegKind();
        var reread = DescriptionText.Parse(DescriptionText.Write(description)).Value;

        var first = DescriptionSamples.Resolver().Resolve(description);
        var second = DescriptionSamples.Resolver().Resolve(reread);

        Assert.Equal(first.Legs.Select(l => l.Leg.Kind), second.Legs.Select(l => l.Leg.Kind));
        Assert.Equal(Enum.GetValues<LegKind>().Order(), first.Legs.Select(l => l.Leg.Kind).Distinct().Order());
        for (var i = 0; i < first.Legs.Count; i++)
        {
            Assert.Equal(first.Legs[i].Points.Count, second.Legs[i].Points.Count);
            for (var k = 0; k < first.Legs[i].Points.Count; k++)
            {
                Assert.InRange(Wgs84.Distance(first.Legs[i].Points[k], second.Legs[i].Points[k]), 0, 0.01);
            }
        }
    }

    [Fact]
    public void A_missing_reference_line_is_reported_on_its_leg()
    {
        var resolved = DescriptionSamples.Resolver(new ReferenceLine("road M16 centreline", [new(41, 45), new(41.1, 45.1)]))
            .Resolve(DescriptionSamples.EveryLegKind());

        var problem = Assert.Single(resolved.Problems);
        Assert.Equal("leg 5 (TP5 → TP6)", problem.Source);
        Assert.Contains("\"river Aghstev median line\" is missing", problem.Message, StringComparison.Ordinal);
        Assert.Contains("\"road M16 centreline\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_turning_point_far_from_its_reference_line_is_reported_with_the_distance()
    {
        var d = DescriptionSamples.EveryLegKind();
        var moved = d with
        {
            TurningPoints = d.TurningPoints.Select(p => p.Id == "TP6" ? DescriptionSamples.Point("TP6", 41.00, 45.4203) : p).ToList(),
        };

        var resolved = DescriptionSamples.Resolver().Resolve(moved);

        var problem = Assert.Single(resolved.Problems);
        Assert.Equal("leg 5 (TP5 → TP6)", problem.Source);
        Assert.Matches(@"^Turning point TP6 is 2\d\.\d+ m from the reference line ""river Aghstev median line"" \(tolerance 1 m\)\.$", problem.Message);
    }

    [Fact]
    public void A_description_that_does_not_continue_or_close_is_reported_on_the_leg()
    {
        var d = DescriptionSamples.EveryLegKind();
        var broken = d with
        {
            IsClosed = true,
            Legs = d.Legs.Where(l => l.From != "TP3").ToList(),
        };

        var resolved = DescriptionSamples.Resolver().Resolve(broken);

        Assert.Collection(resolved.Problems,
            p => Assert.Equal(("leg 3 (TP4 → TP5)", "The line does not continue: the previous leg ends at TP3, this leg starts at TP4."), (p.Source, p.Message)),
            p => Assert.Equal(("leg 5 (TP6 → TP7)", "The description is CLOSED but its last leg ends at TP7, not at TP1 where the first leg starts."), (p.Source, p.Message)));
    }

    [Fact]
    public void A_line_that_crosses_itself_is_reported_with_both_legs()
    {
        var d = new BoundaryDescription(null, false,
        [
            DescriptionSamples.Point("A", 41.00, 45.00), DescriptionSamples.Point("B", 41.00, 45.10),
            DescriptionSamples.Point("C", 41.05, 45.05), DescriptionSamples.Point("D", 40.95, 45.05),
        ],
        [new Leg("A", "B", LegKind.Parallel), new Leg("B", "C", LegKind.Geodesic), new Leg("C", "D", LegKind.Meridian)]);

        var resolved = DescriptionSamples.Resolver().Resolve(d);

        var problem = Assert.Single(resolved.Problems);
        Assert.Equal("leg 1 (A → B)", problem.Source);
        Assert.StartsWith("The line crosses itself: this leg meets leg 3 (C → D) near 41", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Points_not_on_one_parallel_or_a_grid_position_in_a_geographic_crs_are_reported()
    {
        var d = new BoundaryDescription(null, false,
        [
            DescriptionSamples.Point("A", 41.00, 45.00),
            DescriptionSamples.Point("B", 41.0001, 45.10),
            new TurningPoint("C", new StatedPosition(CrsCode.Epsg(4326), true, 500000, 4500000), PointFixing.Map),
        ],
        [new Leg("A", "B", LegKind.Parallel), new Leg("B", "C", LegKind.Geodesic)]);

        var resolved = DescriptionSamples.Resolver().Resolve(d);

        Assert.Collection(resolved.Problems,
            p => Assert.Equal(("turning point C", true), (p.Source, p.Message.Contains("EPSG:4326 is geographic", StringComparison.Ordinal))),
            p => Assert.Equal(("leg 1 (A → B)", true), (p.Source, p.Message.Contains("not on one parallel: their latitudes differ by 11.1", StringComparison.Ordinal))),
            p => Assert.Equal("leg 2 (B → C)", p.Source));
    }
}
