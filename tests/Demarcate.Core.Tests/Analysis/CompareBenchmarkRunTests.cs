using System.Globalization;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Analysis;

/// <summary>
/// A small run (10 000 vertices a line) of bench/compare-vs-postgis.sh in the default suite, against the test
/// command's PostgreSQL: the side-by-side benchmark must run, and PostGIS and Demarcate must find the same faces with
/// the same areas and the same Hausdorff distance.
/// </summary>
public sealed class CompareBenchmarkRunTests
{
    [Fact]
    public async Task The_postgis_side_by_side_runs_on_a_small_size_and_finds_the_same_faces()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryPaths.Root, "bench", "Demarcate.Benchmarks", "bin", configuration, "net10.0", "Demarcate.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; build the solution first.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var database = await TestPostgres.CreateDatabaseAsync();

        var run = await ExternalTool.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "bench", "compare-vs-postgis.sh"), 10_000.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["DEMARCATE_BENCH_DLL"] = dll,
                ["DEMARCATE_BENCH_POSTGRES"] = database.ConnectionString,
            },
            cancellationToken: timeout.Token);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}{run.StandardOutput}");
        Assert.Contains("same faces and areas as PostGIS: yes", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PostGIS/Demarcate", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Hausdorff differs", run.StandardOutput, StringComparison.Ordinal);
    }
}
