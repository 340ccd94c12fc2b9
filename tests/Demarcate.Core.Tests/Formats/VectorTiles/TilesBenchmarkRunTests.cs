using Demarcate.Testing;

namespace Demarcate.Core.Tests.Formats.VectorTiles;

/// <summary>
/// A small run (20 000 points, zooms 6–12) of bench/tiles-vs-postgis.sh in the default suite, against the test
/// command's PostgreSQL: the side-by-side benchmark must run, and our tiles and PostGIS's ST_AsMVT must hold the same
/// points (ids and grid positions) in every tile.
/// </summary>
public sealed class TilesBenchmarkRunTests
{
    [Fact]
    public async Task The_postgis_side_by_side_runs_on_a_small_size_and_finds_the_same_points_in_every_tile()
    {
        var run = await SideBySideBenchmark.RunAsync("tiles-vs-postgis.sh", 20_000);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}{run.StandardOutput}");
        Assert.Contains("same points as PostGIS in every tile: yes", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PostGIS/Demarcate", run.StandardOutput, StringComparison.Ordinal);
        for (var zoom = 6; zoom <= 12; zoom++)
        {
            Assert.Matches($@"(?m)^\s*{zoom} \|", run.StandardOutput);
        }
    }
}
