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
    private static ElevationGrid Terrain(Func<double, double> heightAtNorthing, double southOffset = -300, double cell = Cell)
    {
        var south = Zone38.Forward(Line[0].Latitude, Line[0].Longitude).Northing + southOffset;
        var columns = (int)(600 / cell);
        var rows = (int)(1200 / cell);
        var originX = 500_000 - (columns * cell / 2);
        var originY = south + (rows * cell);
        var heights = new float[columns * rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                heights[(r * columns) + c] = (float)heightAtNorthing(originY - ((r + 0.5) * cell));
            }
        }

        return new ElevationGrid(32638, columns, rows, originX, originY, cell, cell, heights, null);
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

    /// <summary>Ends 500 m apart with a secondary pillar between them (pillars at most 300 m apart), so there is one pillar planning may move.</summary>
    private static readonly PillarPlanRules OneSecondary = new() { PrimarySpacing = 5000, SecondarySpacing = 300 };

    private static double NorthingAt(GeoPoint p) => Zone38.Forward(p.Latitude, p.Longitude).Northing;

    [Fact]
    public void A_small_bump_just_past_a_secondary_pillar_moves_it_onto_the_bump_instead_of_adding_one()
    {
        // A 6 m bump, 10 m either side of its crest, 40 m on from the secondary pillar midway: from the pillar's 1.5 m
        // mark the bump hides the far end; from within about 3 m of the crest both ends are seen over it.
        var crest = MiddleNorthing + 40;
        static double Bump(double n, double crest) => 1000 + (6 * Math.Max(0, 1 - (Math.Abs(n - crest) / 10)));
        var bump = Terrain(n => Bump(n, crest), cell: 2);

        var without = PillarPlanning.Plan("T-01", Line, 38, OneSecondary with { MoveWindow = 0 }, terrain: bump);
        var plan = PillarPlanning.Plan("T-01", Line, 38, OneSecondary, terrain: bump);

        // Without moving, the bump costs an intermediate pillar; with moving, the secondary stands on it instead.
        Assert.Contains(without.Pillars, p => p.Type == PillarType.Intermediate);
        Assert.Equal(["T-01/1", "T-01/2", "T-01/3"], plan.Pillars.Select(p => p.Number.ToString()));
        Assert.DoesNotContain(plan.Pillars, p => p.Type == PillarType.Intermediate);
        var moved = plan.Pillars[1];
        Assert.Equal(PillarType.Secondary, moved.Type);
        Assert.Equal(PillarReason.Spacing, moved.Reason);
        Assert.InRange(moved.Moved, 35, 43);
        Assert.InRange(NorthingAt(moved.Position) - crest, -4, 4);
        Assert.Matches("^moved (3[5-9]|4[0-3]) m on for sight to T-01/3$", moved.MovedFor);
        Assert.Contains(plan.Notes, n => n.StartsWith("T-01/2 moved ", StringComparison.Ordinal));
        Assert.Empty(plan.Unsighted);

        // The oracle is the bump itself, not the grid: from the new place both ends are in sight, from the old one not.
        // The 2 m grid rounds the sharp crest by some decimetres, and the planner takes the first place that clears on
        // the grid, so the analytic check allows the marks 0.5 m more; the old place is hidden even without it.
        Assert.True(SeenOver(n => Bump(n, crest), NorthingAt(plan.Pillars[0].Position), NorthingAt(moved.Position), 2.0));
        Assert.True(SeenOver(n => Bump(n, crest), NorthingAt(moved.Position), NorthingAt(plan.Pillars[2].Position), 2.0));
        Assert.False(SeenOver(n => Bump(n, crest), MiddleNorthing, NorthingAt(plan.Pillars[2].Position), 1.5));
        AssertSpacing(plan, OneSecondary.SecondarySpacing);
    }

    [Fact]
    public void A_ridge_no_move_within_the_window_clears_gets_an_intermediate_pillar_and_moves_nothing()
    {
        // A 60 m ridge a quarter of the way along: the secondary midway may move at most 50 m (the 300 m spacing), never far enough to see past it.
        var crest = NorthingAt(Line[0]) + 125;
        var ridge = Terrain(n => 1000 + (60 * Math.Max(0, 1 - (Math.Abs(n - crest) / 90))));

        var plan = PillarPlanning.Plan("T-01", Line, 38, OneSecondary, terrain: ridge);

        // Pillars are added on the ridge (one at its crest, more where the sampled crest leaves a slope in the way), none moved.
        Assert.All(plan.Pillars, p => Assert.Equal(0, p.Moved));
        Assert.All(plan.Pillars, p => Assert.Null(p.MovedFor));
        var added = plan.Pillars.Where(p => p.Type == PillarType.Intermediate).ToList();
        Assert.NotEmpty(added);
        Assert.All(added, p => Assert.InRange(NorthingAt(p.Position) - crest, -90, 90));
        Assert.Contains(added, p => Math.Abs(NorthingAt(p.Position) - crest) <= Cell);
        Assert.Equal(Enumerable.Range(1, plan.Pillars.Count).Select(i => $"T-01/{i}"), plan.Pillars.Select(p => p.Number.ToString()));
        Assert.Equal(PillarReason.Spacing, Assert.Single(plan.Pillars, p => p.Type == PillarType.Secondary).Reason);
        Assert.Empty(plan.Unsighted);
        AssertSpacing(plan, OneSecondary.SecondarySpacing);
    }

    /// <summary>Sight between two marks of <paramref name="mark"/> metres at two northings on the line over a terrain given as a function, sampled every 0.1 m.</summary>
    private static bool SeenOver(Func<double, double> height, double from, double to, double mark)
    {
        var count = (int)Math.Ceiling(Math.Abs(to - from) / 0.1) + 1;
        var samples = Enumerable.Range(0, count).Select(i => height(from + ((to - from) * i / (count - 1)))).ToArray();
        return LineOfSight.Check(samples, Math.Abs(to - from), mark, 0.13).Visible;
    }

    private static void AssertSpacing(PillarPlan plan, double spacing)
    {
        for (var i = 1; i < plan.Pillars.Count; i++)
        {
            Assert.InRange(plan.Pillars[i].Chainage - plan.Pillars[i - 1].Chainage, 20, spacing + 1e-6);
        }
    }
}
