using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using Npgsql;
using NpgsqlTypes;

namespace Demarcate.Benchmarks;

/// <summary>
/// Our side of bench/attribution-vs-postgis.sh: N incidents attributed to S sectors of a synthetic border (nearest
/// sector, distance, side) by <see cref="SectorAttribution"/> over all cores, and by PostGIS KNN
/// (<c>ORDER BY geom &lt;-&gt; p LIMIT 1</c> over a GiST index, plus <c>ST_Distance</c>) in one session and split over
/// two sessions, timed in the same run; then every incident's sector and distance compared. Exits 1 if they differ.
/// </summary>
internal static class AttributionVsPostgis
{
    private const string KnnSql = """
        CREATE UNLOGGED TABLE @table AS
        SELECT p.id, n.idx, ST_Distance(n.geom, p.geom) AS d
        FROM bench_incidents p CROSS JOIN LATERAL (
          SELECT s.idx, s.geom FROM bench_sectors s ORDER BY s.geom <-> p.geom LIMIT 1) n
        WHERE p.id % @parts = @part
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args[1];
        var n = int.Parse(args[2], CultureInfo.InvariantCulture);
        var sectorCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1_000;
        var sectors = SyntheticBorder.Sectors(sectorCount, seed: 11);
        var incidents = SyntheticBorder.Incidents(sectors, n, seed: 12);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS postgis");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores; {await ScalarAsync(connection, "SELECT postgis_full_version()")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n:N0} incidents, {sectorCount:N0} sectors ({sectors.Sum(s => s.Line.Count - 1):N0} segments) of a synthetic border in UTM 38N; limit 20 km"));

        var clock = Stopwatch.StartNew();
        await LoadAsync(connection, sectors, incidents);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostGIS: loaded, transformed to EPSG:32638 and GiST-indexed in {clock.Elapsed.TotalSeconds:F1} s (not timed below)"));
        clock.Restart();
        var attribution = new SectorAttribution(sectors, new AttributionOptions { UtmZone = 38 });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Demarcate: indexed in {clock.Elapsed.TotalMilliseconds:F0} ms (not timed below)"));

        var placements = new IncidentPlacement[n];
        attribution.PlaceAll(incidents.AsMemory(0, Math.Min(n, 20_000)), placements);
        clock.Restart();
        attribution.PlaceOnOneCore(incidents, placements);
        var oneCore = clock.Elapsed.TotalSeconds;
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        clock.Restart();
        attribution.PlaceAll(incidents, placements);
        var allCores = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        await ExecuteAsync(connection, "DROP TABLE IF EXISTS bench_knn_warm; " + KnnSql.Replace("@table", "bench_knn_warm", StringComparison.Ordinal).Replace("@parts", "1000", StringComparison.Ordinal).Replace("@part", "0", StringComparison.Ordinal));
        clock.Restart();
        await KnnAsync(connection, "bench_knn_one", 1, 0);
        var oneSession = clock.Elapsed.TotalSeconds;
        await using var second = new NpgsqlConnection(connectionString);
        await second.OpenAsync();
        clock.Restart();
        await Task.WhenAll(KnnAsync(connection, "bench_knn_two_0", 2, 0), KnnAsync(second, "bench_knn_two_1", 2, 1));
        var twoSessions = clock.Elapsed.TotalSeconds;

        Console.WriteLine();
        Console.WriteLine("engine | seconds | incidents/s");
        Report("Demarcate, one core (sector, distance, side, geodesic)", oneCore, n);
        Report("Demarcate, all cores (the same)", allCores, n);
        Report("PostGIS KNN, one session (sector, distance)", oneSession, n);
        Report("PostGIS KNN, two sessions (the same)", twoSessions, n);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Demarcate all cores allocated {allocated / 1e6:F1} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostGIS one session / Demarcate all cores: {oneSession / allCores:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostGIS two sessions / Demarcate all cores: {twoSessions / allCores:F1}"));

        var differences = await CompareAsync(connection, placements);
        Console.WriteLine(differences == 0 ? "same sector and distance as PostGIS: yes" : $"same sector and distance as PostGIS: NO ({differences} incidents differ)");
        return differences == 0 ? 0 : 1;
    }

    private static void Report(string engine, double seconds, int n) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine} | {seconds:F3} | {n / seconds:N0}"));

    private static async Task<int> CompareAsync(NpgsqlConnection connection, IncidentPlacement[] placements)
    {
        var differences = 0;
        await using var command = new NpgsqlCommand("SELECT id, idx, d FROM bench_knn_one ORDER BY id", connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (id, sector, d) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetDouble(2));
            var ours = placements[id];
            var same = ours.IsAttributed
                ? Math.Abs(ours.PlaneDistanceMetres - d) <= 0.001 // a different sector equally near is a tie
                : d > AttributionOptions.DefaultMaxDistanceMetres * 0.99;
            if (!same && differences++ < 5)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  incident {id}: ours sector {ours.SectorIndex} at {ours.PlaneDistanceMetres:F4} m, PostGIS sector {sector} at {d:F4} m"));
            }
        }

        return differences;
    }

    private static async Task KnnAsync(NpgsqlConnection connection, string table, int parts, int part)
    {
        await using var command = new NpgsqlCommand($"DROP TABLE IF EXISTS {table}; " + KnnSql.Replace("@table", table, StringComparison.Ordinal), connection) { CommandTimeout = 3600 };
        command.Parameters.AddWithValue("parts", parts);
        command.Parameters.AddWithValue("part", part);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task LoadAsync(NpgsqlConnection connection, List<AttributionSector> sectors, GeoPoint[] incidents)
    {
        await ExecuteAsync(connection, "DROP TABLE IF EXISTS bench_sectors, bench_incidents, bench_incidents_raw");
        await using (var command = new NpgsqlCommand(
            """
            CREATE TABLE bench_sectors AS SELECT (i - 1)::int AS idx, ST_Transform(ST_GeomFromText(w, 4326), 32638)::geometry(LineString, 32638) AS geom
              FROM unnest(@wkt) WITH ORDINALITY AS t(w, i);
            CREATE INDEX ON bench_sectors USING gist (geom);
            """,
            connection))
        {
            command.Parameters.AddWithValue("wkt", sectors.Select(s => "LINESTRING(" + string.Join(",", s.Line.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Longitude:R} {p.Latitude:R}"))) + ")").ToArray());
            await command.ExecuteNonQueryAsync();
        }

        await ExecuteAsync(connection, "CREATE UNLOGGED TABLE bench_incidents_raw (id integer, lat float8, lon float8)");
        await using (var importer = await connection.BeginBinaryImportAsync("COPY bench_incidents_raw FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < incidents.Length; i++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(i, NpgsqlDbType.Integer);
                await importer.WriteAsync(incidents[i].Latitude, NpgsqlDbType.Double);
                await importer.WriteAsync(incidents[i].Longitude, NpgsqlDbType.Double);
            }

            await importer.CompleteAsync();
        }

        await ExecuteAsync(connection, """
            CREATE UNLOGGED TABLE bench_incidents AS SELECT id, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 32638)::geometry(Point, 32638) AS geom FROM bench_incidents_raw;
            DROP TABLE bench_incidents_raw;
            """);
        await ExecuteAsync(connection, "VACUUM ANALYZE bench_sectors");
        await ExecuteAsync(connection, "VACUUM ANALYZE bench_incidents");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

/// <summary>A deterministic border-like line for the attribution benchmarks, and incidents scattered along it.</summary>
internal static class SyntheticBorder
{
    /// <summary>
    /// <paramref name="count"/> sectors of ten segments each (100–250 m, bends of up to ±60°), walked from 52° N 45° E
    /// generally south, each sector starting where the last ended: about 1 750 km for 1 000 sectors, all in UTM zone 38.
    /// </summary>
    public static List<AttributionSector> Sectors(int count, int seed)
    {
        var random = new Random(seed);
        var (latitude, longitude, heading) = (52.0, 45.0, 180.0);
        var (left, right) = (new PartyCode("AM"), new PartyCode("AZ"));
        var sectors = new List<AttributionSector>(count);
        for (var k = 0; k < count; k++)
        {
            var line = new List<GeoPoint>(11) { new(latitude, longitude) };
            for (var i = 0; i < 10; i++)
            {
                heading = Math.Clamp(heading + ((random.NextDouble() - 0.5) * 120), 120, 240);
                var step = Geodesic.Wgs84.Direct(latitude, longitude, heading, 100 + (random.NextDouble() * 150));
                (latitude, longitude) = (step.Latitude, step.Longitude);
                line.Add(step.Point);
            }

            sectors.Add(new AttributionSector(string.Create(CultureInfo.InvariantCulture, $"S-{k + 1:0000}"), line, left, right));
        }

        return sectors;
    }

    /// <summary>Incidents near a random vertex, pushed up to about 25 km off (most within a few kilometres).</summary>
    public static GeoPoint[] Incidents(List<AttributionSector> sectors, int n, int seed)
    {
        var random = new Random(seed);
        var incidents = new GeoPoint[n];
        for (var i = 0; i < n; i++)
        {
            var line = sectors[random.Next(sectors.Count)].Line;
            var near = line[random.Next(line.Count)];
            var spread = (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) / 1.5;
            var angle = random.NextDouble() * 360;
            incidents[i] = Geodesic.Wgs84.Direct(near.Latitude, near.Longitude, angle, Math.Abs(spread) * 25_000).Point;
        }

        return incidents;
    }
}

/// <summary>Attribution throughput (100 000 incidents, 1 000 sectors of a synthetic border), one core and all cores.</summary>
[MemoryDiagnoser]
public class AttributionBenchmarks
{
    private const int Count = 100_000;
    private SectorAttribution _attribution = null!;
    private GeoPoint[] _incidents = [];
    private readonly IncidentPlacement[] _placements = new IncidentPlacement[Count];

    [GlobalSetup]
    public void Setup()
    {
        var sectors = SyntheticBorder.Sectors(1_000, seed: 11);
        _incidents = SyntheticBorder.Incidents(sectors, Count, seed: 12);
        _attribution = new SectorAttribution(sectors, new AttributionOptions { UtmZone = 38 });
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void OneCore() => _attribution.PlaceOnOneCore(_incidents, _placements);

    [Benchmark(OperationsPerInvoke = Count)]
    public void AllCores() => _attribution.PlaceAll(_incidents, _placements);
}
