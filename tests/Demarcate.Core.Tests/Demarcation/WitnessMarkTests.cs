using System.Globalization;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Tests.Geodesy;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Demarcation;

/// <summary>Witness marks: their checks, grid and magnetic bearings reduced to true, and positions against PROJ's <c>geod</c> and <c>proj -V</c>.</summary>
public sealed class WitnessMarkTests
{
    [Fact]
    public async Task A_marks_position_from_its_pillar_matches_geod_for_500_marks_across_the_Caucasus()
    {
        var random = new Random(13);
        var marks = new List<(GeoPoint Pillar, WitnessMark Mark)>();
        for (var i = 0; i < 500; i++)
        {
            var pillar = new GeoPoint(ProjOracle.Uniform(random, 38, 43.5), ProjOracle.Uniform(random, 40, 51));
            var bearing = i == 0 ? 0 : ProjOracle.Uniform(random, 0, 360);
            var distance = i == 1 ? WitnessMark.MaximumDistance : ProjOracle.Uniform(random, 0.5, WitnessMark.MaximumDistance);
            marks.Add((pillar, new WitnessMark(1, "iron pin", bearing, distance)));
        }

        var expected = await ProjOracle.RunAsync(
            "geod", ["+ellps=WGS84", "-f", "%.15f", "-F", "%.9f"], [.. marks.Select(m => new[] { m.Pillar.Latitude, m.Pillar.Longitude, m.Mark.Bearing, m.Mark.Distance })]);

        for (var i = 0; i < marks.Count; i++)
        {
            var at = marks[i].Mark.PositionFrom(marks[i].Pillar);
            Assert.Equal(expected[i][0], at.Latitude, 1e-11);
            Assert.Equal(expected[i][1], at.Longitude, 1e-11);
            Assert.Equal(marks[i].Mark.Distance, Geodesic.Wgs84.Distance(marks[i].Pillar, at), 1e-6);
        }
    }

    [Fact]
    public async Task A_grid_bearing_is_reduced_to_true_by_the_utm_convergence_proj_gives()
    {
        var pillar = new GeoPoint(41, 45.5);
        var result = await ExternalTool.RunAsync("proj", ["-V", "+proj=utm", "+zone=38", "+ellps=WGS84"], "45.5 41\n");
        Assert.Equal(0, result.ExitCode);
        var line = result.StandardOutput.Split('\n').Single(l => l.StartsWith("Convergence", StringComparison.Ordinal));
        var projConvergence = double.Parse(line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..line.IndexOf(']', StringComparison.Ordinal)], NumberStyles.Float, CultureInfo.InvariantCulture);

        var convergence = WitnessMark.UtmConvergence(pillar, 38);
        var mark = WitnessMark.Measured(1, "reference pillar", 359.9, AzimuthKind.Grid, convergence, 40);

        Assert.Equal(projConvergence, convergence, 1e-7);
        Assert.Equal(AzimuthKind.Grid, mark.MeasuredFrom);
        Assert.Equal(359.9 + projConvergence - 360, mark.Bearing, 1e-7); // wraps past north
        Assert.Equal(359.9, mark.MeasuredBearing, 1e-9);
        Assert.Empty(mark.Check());
    }

    [Fact]
    public void A_magnetic_bearing_keeps_the_declination_and_a_true_one_takes_none()
    {
        var magnetic = WitnessMark.Measured(2, "tree blaze", 10, AzimuthKind.Magnetic, -12.5, 30);
        var trueBearing = WitnessMark.Measured(3, "iron pin", 10, AzimuthKind.True, 7, 30);

        Assert.Equal(357.5, magnetic.Bearing, 12);
        Assert.Equal(-12.5, magnetic.Correction);
        Assert.Equal(10, trueBearing.Bearing);
        Assert.Equal(0, trueBearing.Correction);
        Assert.Equal("357°30′00″", WitnessMark.Dms(magnetic.Bearing));
    }

    public static TheoryData<WitnessMark, string> BadMarks => new()
    {
        { new WitnessMark(4, "iron pin", 360, 10), "witness mark 4: the bearing" },
        { new WitnessMark(4, "iron pin", -0.5, 10), "witness mark 4: the bearing" },
        { new WitnessMark(4, "iron pin", double.NaN, 10), "witness mark 4: the bearing" },
        { new WitnessMark(4, "iron pin", 10, 0), "witness mark 4: the horizontal distance" },
        { new WitnessMark(4, "iron pin", 10, 500.01), "witness mark 4: the horizontal distance" },
        { new WitnessMark(4, " ", 10, 10), "witness mark 4: the kind of mark is required" },
        { new WitnessMark(0, "iron pin", 10, 10), "a witness mark: the mark's number" },
        { new WitnessMark(4, "iron pin", 10, 10) { SlopeDistance = 9 }, "witness mark 4: the slope distance is at least" },
        { new WitnessMark(4, "iron pin", 10, 10) { SlopeDistance = 10.5, HeightDifference = 1 }, "give a horizontal distance of 10.452 m, not 10.000 m" },
        { new WitnessMark(4, "iron pin", 10, 10) { Correction = 3 }, "witness mark 4: a true bearing takes no correction" },
        { new WitnessMark(4, "iron pin", 10, 10) { MeasuredFrom = AzimuthKind.Magnetic, Correction = 50 }, "witness mark 4: the declination is at most 45°" },
        { new WitnessMark(4, "iron pin", 10, 10) { Surveyed = new GeoPoint(91, 45) }, "witness mark 4: the surveyed position" },
    };

    [Theory]
    [MemberData(nameof(BadMarks))]
    public void A_bad_mark_is_named_in_its_problem(WitnessMark mark, string problem)
    {
        Assert.Contains(mark.Check(), p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_level_mark_with_consistent_slope_and_height_is_fine_and_a_number_used_twice_is_named()
    {
        var level = new WitnessMark(1, "cross cut in rock", 47.25, 12) { SlopeDistance = 13, HeightDifference = 5 };

        Assert.Empty(level.Check());
        Assert.Equal(["witness mark 1: the number is used 2 times"], WitnessMark.Check([level, level with { Kind = "iron pin" }]));
    }
}
