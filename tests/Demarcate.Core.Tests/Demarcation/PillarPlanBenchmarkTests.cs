using System.Diagnostics;
using System.Globalization;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Comparison;
using Demarcate.Testing;
using NetTopologySuite.Geometries;
using Xunit.Abstractions;

namespace Demarcate.Core.Tests.Demarcation;

/// <summary>
/// The benchmark: pillars planned along the whole demo boundary (both sections, about 900 km) over a synthetic
/// 30 m terrain model covering it, with intervisibility, in under 10 s. Recorded in docs/benchmarks.md.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PillarPlanBenchmarkTests(ITestOutputHelper output)
{
    private const double Cell = 30;

    [Fact]
    public async Task Planning_the_whole_demo_boundary_over_a_30_m_terrain_model_takes_under_10_seconds()
    {
        await using var stream = File.OpenRead(RepositoryPaths.DemoData("am-az-osm.geojson"));
        var layer = await FeatureLayer.ReadAsync(stream, "am-az-osm.geojson", CancellationToken.None);
        Assert.True(layer.Success);
        var lines = layer.Value.Select(f => f.Geometry.Coordinates.Select(c => new GeoPoint(c.Y, c.X)).ToList()).ToList();

        // A synthetic terrain on UTM 38N round every vertex with 3 km to spare: long ridges and valleys with shorter relief on them.
        var build = Stopwatch.StartNew();
        var zone = Utm.Projection(38);
        var grid = lines.SelectMany(l => l).Select(p => zone.Forward(p.Latitude, p.Longitude)).ToList();
        var west = Math.Floor((grid.Min(g => g.Easting) - 3000) / Cell) * Cell;
        var north = Math.Ceiling((grid.Max(g => g.Northing) + 3000) / Cell) * Cell;
        var columns = (int)Math.Ceiling((grid.Max(g => g.Easting) + 3000 - west) / Cell);
        var rows = (int)Math.Ceiling((north - (grid.Min(g => g.Northing) - 3000)) / Cell);
        var heights = new float[(long)columns * rows];
        Parallel.For(0, rows, r =>
        {
            var y = north - ((r + 0.5) * Cell);
            for (var c = 0; c < columns; c++)
            {
                var x = west + ((c + 0.5) * Cell);
                heights[((long)r * columns) + c] = (float)(1500 + (600 * Math.Sin(x / 7000) * Math.Cos(y / 9000)) + (60 * Math.Sin((x / 900) + (y / 1300))));
            }
        });
        var terrain = new ElevationGrid(32638, columns, rows, west, north, Cell, Cell, heights, null);
        build.Stop();

        var plan = Stopwatch.StartNew();
        var plans = lines.Select((line, i) => PillarPlanning.Plan($"S{i + 1}", line, 38, new PillarPlanRules(), terrain: terrain)).ToList();
        plan.Stop();

        var length = plans.Sum(p => p.LineLength);
        var pillars = plans.Sum(p => p.Pillars.Count);
        var intermediate = plans.Sum(p => p.Pillars.Count(x => x.Type == PillarType.Intermediate));
        var moved = plans.Sum(p => p.Pillars.Count(x => x.MovedFor is not null));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"terrain: {columns} × {rows} cells of 30 m ({(long)columns * rows / 1e6:0.0} M cells) built in {build.Elapsed.TotalSeconds:0.00} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lines: {lines.Count}, {lines.Sum(l => l.Count)} vertices, {length / 1000:0.0} km"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"planned {pillars} pillars ({intermediate} intermediate, {moved} moved for intervisibility) in {plan.Elapsed.TotalSeconds:0.00} s"));
        Assert.InRange(length, 850_000, 950_000);
        Assert.True(intermediate > 0, "the synthetic relief hides some pillars from the next");
        Assert.All(plans, p => Assert.DoesNotContain(p.Notes, n => n.Contains("does not cover", StringComparison.Ordinal)));
        Assert.True(plan.Elapsed.TotalSeconds < 10, $"planning took {plan.Elapsed.TotalSeconds:0.00} s");
    }
}
