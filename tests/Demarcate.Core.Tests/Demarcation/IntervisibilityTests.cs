using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Tests.Demarcation;

/// <summary>Line of sight with curvature and refraction, and pillars added where synthetic terrain hides the next one.</summary>
public sealed class IntervisibilityTests
{
    private const double Cell = 30;
    private static readonly TransverseMercator Zone38 = Utm.Projection(38);

    /// <summary>About 500 m due north along 45°E, the central meridian of UTM zone 38, so the line is a grid column.</summary>
    private static readonly GeoPoint[] Line = [new(40.0, 45.0), new(40.0045, 45.0)];

    private static readonly PillarPlanRules OnlyEnds = new() { PrimarySpacing = 5000, SecondarySpacing = 5000 };

    /// <summary>A 30 m grid in UTM 38N round the line whose height depends on the northing only.</summary>
    private static ElevationGrid Terrain(Func<double, double> heightAtNorthing, double southOffset = -300)
    {
        var south = Zone38.Forward(Line[0].Latitude, Line[0].Longitude).Northing + southOffset;
        const int columns = 20;
        const int rows = 40;
        var originX = 500_000 - (columns * Cell / 2);
        var originY = south + (rows * Cell);
        var heights = new float[columns * rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                heights[(r * columns) + c] = (float)heightAtNorthing(originY - ((r + 0.5) * Cell));
            }
        }

        return new ElevationGrid(32638, columns, rows, originX, originY, Cell, Cell, heights, null);
    }

    private static double MiddleNorthing => (Zone38.Forward(Line[0].Latitude, 45).Northing + Zone38.Forward(Line[1].Latitude, 45).Northing) / 2;

    [Fact]
    public void Over_flat_ground_two_15_m_marks_see_each_other_up_to_the_distance_curvature_and_refraction_allow()
    {
        // The bulge midway is D²/4 · (1 − k)/(2R); it reaches the 1.5 m marks at D = 2·√(2R·1.5/(1 − k)), about 9.37 km for k = 0.13.
        var limit = 2 * Math.Sqrt(2 * LineOfSight.EarthRadius * 1.5 / (1 - 0.13));
        var flat = new double[1001];

        Assert.True(LineOfSight.Check(flat, limit * 0.99, 1.5, 0.13).Visible);
        var beyond = LineOfSight.Check(flat, limit * 1.01, 1.5, 0.13);
        Assert.False(beyond.Visible);
        Assert.Equal(0.5, beyond.WorstFraction, 1e-9);

        // Without refraction the same distance is already hidden; with k = 0 the limit is 2·√(2R·1.5).
        Assert.False(LineOfSight.Check(flat, limit * 0.99, 1.5, 0).Visible);
        Assert.True(LineOfSight.Check(flat, 2 * Math.Sqrt(2 * LineOfSight.EarthRadius * 1.5) * 0.99, 1.5, 0).Visible);
    }

    [Fact]
    public void A_ridge_between_two_pillars_gets_an_intermediate_pillar_on_its_crest()
    {
        var crest = MiddleNorthing;
        var ridge = Terrain(n => 1000 + (60 * Math.Max(0, 1 - (Math.Abs(n - crest) / 90))));

        var plan = PillarPlanning.Plan("T-01", Line, 38, OnlyEnds, terrain: ridge);

        Assert.Equal(3, plan.Pillars.Count);
        var added = plan.Pillars[1];
        Assert.Equal(PillarType.Intermediate, added.Type);
        Assert.Equal(PillarReason.Intervisibility, added.Reason);
        Assert.Equal("T-01/2", added.Number.ToString());
        Assert.InRange(Zone38.Forward(added.Position.Latitude, added.Position.Longitude).Northing - crest, -Cell, Cell);
        Assert.InRange(added.Height!.Value, 1040, 1060);
        Assert.Equal(1000, plan.Pillars[0].Height!.Value, 1e-3);
        Assert.Empty(plan.Unsighted);
    }

    [Fact]
    public void A_valley_between_two_pillars_hides_nothing()
    {
        var bottom = MiddleNorthing;
        var valley = Terrain(n => 1000 - (60 * Math.Max(0, 1 - (Math.Abs(n - bottom) / 90))));

        var plan = PillarPlanning.Plan("T-01", Line, 38, OnlyEnds, terrain: valley);

        Assert.Equal(2, plan.Pillars.Count);
        Assert.DoesNotContain(plan.Pillars, p => p.Type == PillarType.Intermediate);
    }

    [Fact]
    public void A_terrain_model_that_does_not_cover_the_line_is_reported_and_claims_nothing()
    {
        // The grid starts 400 m north of the line's start, so the first pillar has no ground height.
        var partial = Terrain(_ => 1000, southOffset: 400);

        var plan = PillarPlanning.Plan("T-01", Line, 38, OnlyEnds, terrain: partial);

        Assert.Equal(2, plan.Pillars.Count);
        Assert.Contains(plan.Notes, n => n.Contains("does not cover", StringComparison.Ordinal));
        Assert.Null(plan.Pillars[0].Height);
    }
}
