using System.Globalization;
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
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryPaths.Root, "bench", "Demarcate.Benchmarks", "bin", configuration, "net10.0", "Demarcate.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; build the solution first.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var database = await TestPostgres.CreateDatabaseAsync();

        var run = await ExternalTool.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "bench", "tiles-vs-postgis.sh"), 20_000.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["DEMARCATE_BENCH_DLL"] = dll,
                ["DEMARCATE_BENCH_POSTGRES"] = database.ConnectionString,
            },
            cancellationToken: timeout.Token);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}{run.StandardOutput}");
        Assert.Contains("same points as PostGIS in every tile: yes", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PostGIS/Demarcate", run.StandardOutput, StringComparison.Ordinal);
        for (var zoom = 6; zoom <= 12; zoom++)
        {
            Assert.Matches($@"(?m)^\s*{zoom} \|", run.StandardOutput);
        }
    }
}
