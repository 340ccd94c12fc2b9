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
        var run = await SideBySideBenchmark.RunAsync("compare-vs-postgis.sh", 10_000);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}{run.StandardOutput}");
        Assert.Contains("same faces and areas as PostGIS: yes", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PostGIS/Demarcate", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Hausdorff differs", run.StandardOutput, StringComparison.Ordinal);
    }
}
