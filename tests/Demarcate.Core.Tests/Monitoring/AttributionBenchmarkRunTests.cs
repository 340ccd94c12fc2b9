using Demarcate.Testing;

namespace Demarcate.Core.Tests.Monitoring;

/// <summary>
/// A small run (20 000 incidents, 1 000 sectors) of bench/attribution-vs-postgis.sh in the default suite, against the
/// test command's PostgreSQL: the side-by-side benchmark must run, and every incident must get the sector and
/// distance PostGIS KNN gives it.
/// </summary>
public sealed class AttributionBenchmarkRunTests
{
    [Fact]
    public async Task The_postgis_side_by_side_runs_on_a_small_size_and_attributes_as_postgis_does()
    {
        var run = await SideBySideBenchmark.RunAsync("attribution-vs-postgis.sh", 20_000);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}{run.StandardOutput}");
        Assert.Contains("same sector and distance as PostGIS: yes", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PostGIS two sessions / Demarcate all cores", run.StandardOutput, StringComparison.Ordinal);
    }
}
