using Demarcate.Core.Delimitation;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Tests.Delimitation;

/// <summary>What versions of a description need from the core: problems on their lines, differences with distances, the order of precedence, and contradictions with the map line.</summary>
public sealed class DescriptionVersioningTests
{
    private static string Text(BoundaryDescription description) => DescriptionText.Write(description);

    [Fact]
    public void A_resolver_problem_is_placed_on_the_line_of_its_leg_or_turning_point()
    {
        var text =
            "# a comment line, then a blank one\n\n" +
            "TURNING POINT A AT 41 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
            "TURNING POINT B AT 41.01 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
            "TURNING POINT C AT 41.02 N 45.01 E IN EPSG:4326, FIXED BY MAP\n" +
            "TURNING POINT G AT E 500000 N 4540000 IN EPSG:4326, FIXED BY MAP\n" +
            "FROM A TO B ALONG GEODESIC\n" +
            "from B to C along parallel\n" +
            "FROM C TO G ALONG GEODESIC\n";

        var check = DescriptionCheck.Run(text, DescriptionSamples.Resolver());

        Assert.False(check.IsConsistent);
        Assert.NotNull(check.Resolved);
        // B and C are not on one parallel (line 8); G is a grid position in a geographic CRS (line 6), so leg 3 (line 9) cannot be drawn.
        Assert.Equal([6L, 8L, 9L], check.Problems.Select(p => p.Line ?? 0).Order());
        Assert.Contains(check.Problems, p => p.Line == 8 && p.Message.StartsWith("leg 2 (B → C): ", StringComparison.Ordinal) && p.Message.Contains("not on one parallel", StringComparison.Ordinal));
        Assert.Contains(check.Problems, p => p.Line == 6 && p.Message.StartsWith("turning point G: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_syntax_error_keeps_its_own_line_and_column_and_nothing_is_resolved()
    {
        var check = DescriptionCheck.Run("TURNING POINT A AT 41 N 45 E IN EPSG:4326, FIXED BY MAP\nFROM A TOWARDS B ALONG GEODESIC\n", DescriptionSamples.Resolver());

        Assert.Null(check.Resolved);
        Assert.False(check.IsConsistent);
        Assert.Contains(check.Problems, p => p.Line == 2 && p.Column is not null);
    }

    [Fact]
    public void The_sample_description_checks_consistent()
    {
        var check = DescriptionCheck.Run(Text(DescriptionSamples.EveryLegKind()), DescriptionSamples.Resolver());

        Assert.True(check.IsConsistent, string.Join("\n", check.Problems));
        Assert.Equal(6, check.Resolved!.Legs.Count);
    }

    [Fact]
    public void A_diff_lists_moved_points_with_their_geodesic_distance_restated_points_and_changed_added_and_removed_legs()
    {
        var before = DescriptionSamples.EveryLegKind();
        var tp3 = before.Find("TP3")!;
        var moved = DescriptionSamples.Point("TP3", 41.06 + 0.0001, 45.36, PointFixing.Survey);

        // TP7 restated in UTM zone 38N at the same place (to the millimetre), TP8 added, the last leg replaced.
        var utm = CoordinateOperation.Create(CrsRegistry.Wgs84, CrsRegistry.Standard.Find(CrsCode.Epsg(32638))!).Value.Transform(40.98, 45.45);
        var tp7 = new TurningPoint("TP7", new StatedPosition(CrsCode.Epsg(32638), true, Math.Round(utm.First, 4), Math.Round(utm.Second, 4)), PointFixing.Agreement);
        var tp8 = DescriptionSamples.Point("TP8", 40.97, 45.47);
        var after = before with
        {
            Title = "Sector M-07 (revised)",
            TurningPoints = [.. before.TurningPoints.Select(p => p.Id == "TP3" ? moved : p.Id == "TP7" ? tp7 : p), tp8],
            Legs = [.. before.Legs.Take(4), before.Legs[4] with { DefinedBy = "the thalweg" }, new Leg("TP6", "TP8", LegKind.Geodesic), new Leg("TP8", "TP7", LegKind.Geodesic)],
        };

        var diff = DescriptionDifference.Between(before, after, CrsRegistry.Standard);

        var expectedMove = Geodesic.Wgs84.Distance(new GeoPoint(41.06, 45.36), new GeoPoint(41.0601, 45.36));
        var tp3Change = diff.TurningPoints.Single(p => p.Id == "TP3");
        Assert.Equal(DescriptionChange.Changed, tp3Change.Change);
        Assert.Equal(expectedMove, tp3Change.Moved!.Value, 6);
        Assert.InRange(tp3Change.Moved.Value, 11.0, 11.2); // 0.0001° of latitude is about 11.1 m
        Assert.Equal(tp3, tp3Change.Before);
        Assert.Equal(DescriptionChange.Restated, diff.TurningPoints.Single(p => p.Id == "TP7").Change);
        Assert.Equal(DescriptionChange.Added, diff.TurningPoints.Single(p => p.Id == "TP8").Change);
        Assert.Equal(3, diff.TurningPoints.Count);
        Assert.Equal(
            [("TP5 → TP6", DescriptionChange.Changed), ("TP6 → TP7", DescriptionChange.Removed), ("TP6 → TP8", DescriptionChange.Added), ("TP8 → TP7", DescriptionChange.Added)],
            diff.Legs.Select(l => (l.Label, l.Change)));
        Assert.Equal(("Sector M-07 (sample)", "Sector M-07 (revised)"), (diff.TitleBefore, diff.TitleAfter));
        Assert.True(DescriptionDifference.Between(before, DescriptionText.Parse(Text(before)).Value, CrsRegistry.Standard).IsEmpty);
    }

    [Theory]
    [InlineData("text > coordinates > map", "text > coordinates > map")]
    [InlineData("MAP, Text, coordinates", "map > text > coordinates")]
    [InlineData("", "text > coordinates > map")]
    public void An_order_of_precedence_reads_back_as_written(string written, string canonical)
    {
        var read = DescriptionPrecedence.Parse(written);

        Assert.True(read.Success);
        Assert.Equal(canonical, read.Value.ToString());
        Assert.Equal(read.Value, DescriptionPrecedence.Parse(read.Value.ToString()).Value);
    }

    [Theory]
    [InlineData("text > text > map", "named twice")]
    [InlineData("text > coordinates", "all three")]
    [InlineData("text > survey > map", "\"survey\"")]
    public void A_bad_order_of_precedence_says_what_is_wrong(string written, string expected)
    {
        var read = DescriptionPrecedence.Parse(written);

        Assert.False(read.Success);
        Assert.Contains(expected, read.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_order_of_precedence_decides_which_authority_prevails()
    {
        var order = DescriptionPrecedence.Parse("coordinates > map > text").Value;

        Assert.Equal(LineAuthority.Coordinates, order.Prevailing(LineAuthority.Text, LineAuthority.Coordinates));
        Assert.Equal(LineAuthority.MapLine, order.Prevailing(LineAuthority.Text, LineAuthority.MapLine));
        Assert.Equal(LineAuthority.Coordinates, order.Prevailing(LineAuthority.MapLine, LineAuthority.Coordinates));
    }

    [Fact]
    public void A_map_line_offset_from_the_described_line_is_reported_leg_by_leg_with_the_geodesic_distance()
    {
        // A straight north–south leg, and a map line that bulges 30 m east at its middle.
        var description = new BoundaryDescription(null, false,
            [DescriptionSamples.Point("A", 41.00, 45.0), DescriptionSamples.Point("B", 41.02, 45.0)],
            [new Leg("A", "B", LegKind.Geodesic)]);
        var resolved = DescriptionSamples.Resolver().Resolve(description);
        var east = Geodesic.Wgs84.Direct(41.01, 45.0, 90, 30).Point;
        IReadOnlyList<GeoPoint> map = [new(41.00, 45.0), east, new(41.02, 45.0)];

        var report = ContradictionReport.Build(resolved, [map], DescriptionPrecedence.Default, tolerance: 1.0);

        var leg = Assert.Single(report.Legs);
        Assert.Equal(30, leg.Departure, 0.05);
        var contradiction = Assert.Single(report.Contradictions);
        Assert.Equal((LineAuthority.Text, LineAuthority.MapLine, LineAuthority.Text), (contradiction.First, contradiction.Second, contradiction.Prevails));
        Assert.Equal("leg 1 (A → B)", contradiction.Where);

        // The stated coordinates lie on the map line: no coordinates–map contradiction; with a tolerance above the bulge, none at all.
        Assert.Empty(ContradictionReport.Build(resolved, [map], DescriptionPrecedence.Default, tolerance: 31).Contradictions);
    }

    [Fact]
    public void A_turning_point_off_the_map_line_is_a_coordinates_contradiction_and_a_leg_not_drawn_a_text_one()
    {
        var description = new BoundaryDescription(null, false,
            [DescriptionSamples.Point("A", 41.00, 45.0), DescriptionSamples.Point("B", 41.02, 45.0), DescriptionSamples.Point("C", 41.03, 45.01)],
            [new Leg("A", "B", LegKind.Geodesic), new Leg("B", "C", LegKind.Meridian)]);
        var resolved = DescriptionSamples.Resolver().Resolve(description);
        IReadOnlyList<GeoPoint> map = [new(41.00, 45.0), new(41.02, 45.0), new(41.03, 45.0)];

        var report = ContradictionReport.Build(resolved, [map], DescriptionPrecedence.Parse("map > coordinates > text").Value, tolerance: 1.0);

        var expected = Geodesic.Wgs84.Distance(new GeoPoint(41.03, 45.01), new GeoPoint(41.03, 45.0));
        var offMap = Assert.Single(report.Contradictions, c => c.First == LineAuthority.Coordinates);
        Assert.Equal(("turning point C", LineAuthority.MapLine), (offMap.Where, offMap.Prevails));
        Assert.Equal(expected, offMap.Distance!.Value, expected * 1e-3);
        var notDrawn = Assert.Single(report.Contradictions, c => c.First == LineAuthority.Text);
        Assert.Equal((LineAuthority.Coordinates, LineAuthority.Coordinates), (notDrawn.Second, notDrawn.Prevails));
    }

    [Theory]
    [InlineData("AM-3", "AM", 3)]
    [InlineData("RU-12", "RU", 12)]
    public void A_version_id_names_its_owner_and_number(string id, string owner, int number)
    {
        Assert.True(DescriptionVersion.TryParseId(id, out var party, out var n));
        Assert.Equal((owner, number), (party.Value, n));
        Assert.Equal(id, DescriptionVersion.FormatId(party, n));
    }

    [Theory]
    [InlineData("AM")]
    [InlineData("AM-0")]
    [InlineData("-3")]
    [InlineData("AM-x")]
    [InlineData("M-01-")]
    public void Anything_else_is_no_version_id(string id) => Assert.False(DescriptionVersion.TryParseId(id, out _, out _));
}
