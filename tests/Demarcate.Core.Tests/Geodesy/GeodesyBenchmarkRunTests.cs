using System.Globalization;
using System.Text.RegularExpressions;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>
/// A small run of bench/geodesy-vs-proj.sh in the default suite, so the side-by-side benchmark against PROJ cannot rot:
/// it must run, agree with PROJ within a millimetre and print its ratio.
/// </summary>
public sealed partial class GeodesyBenchmarkRunTests
{
    private const int Points = 20_000;

    [Fact]
    public async Task The_proj_side_by_side_runs_on_a_small_size_and_agrees_within_a_millimetre()
    {
        // This suite's own build of the benchmark program (built before the tests: see the csproj), so no Release build here.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryPaths.Root, "bench", "Demarcate.Benchmarks", "bin", configuration, "net10.0", "Demarcate.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; build the solution first.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var run = await ExternalTool.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "bench", "geodesy-vs-proj.sh"), Points.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string>(StringComparer.Ordinal) { ["DEMARCATE_BENCH_DLL"] = dll },
            cancellationToken: timeout.Token);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}{run.StandardOutput}");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{Points} points in"), run.StandardOutput, StringComparison.Ordinal);
        var comparison = ComparisonLine().Match(run.StandardOutput);
        Assert.True(comparison.Success, "no comparison line in: " + run.StandardOutput);
        var millimetres = double.Parse(comparison.Groups["mm"].Value, CultureInfo.InvariantCulture);
        var ratio = double.Parse(comparison.Groups["ratio"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(millimetres, 0, 1);
        Assert.True(ratio > 0, "ratio " + ratio);
    }

    [GeneratedRegex(@"Largest difference from PROJ: (?<mm>[0-9.]+) mm [^\n]*ratio Demarcate/PROJ \(1 thread each\): (?<ratio>[0-9.]+)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ComparisonLine();
}
