using System.Globalization;

namespace Demarcate.Testing;

/// <summary>
/// Runs one of bench/*-vs-postgis.sh at a small size against a fresh database of the test command's PostgreSQL, with
/// the benchmark program built beside the calling tests, so the default suite proves the side-by-side scripts still run
/// and still agree with PostGIS.
/// </summary>
public static class SideBySideBenchmark
{
    public static async Task<ExternalTool.Result> RunAsync(string script, int size)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryPaths.Root, "bench", "Demarcate.Benchmarks", "bin", configuration, "net10.0", "Demarcate.Benchmarks.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing; build the solution first.", dll);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var database = await TestPostgres.CreateDatabaseAsync();
        return await ExternalTool.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "bench", script), size.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["DEMARCATE_BENCH_DLL"] = dll,
                ["DEMARCATE_BENCH_POSTGRES"] = database.ConnectionString,
            },
            cancellationToken: timeout.Token);
    }
}
