using System.Diagnostics;
using System.Globalization;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.GeoJson;
using NetTopologySuite.Algorithm.Distance;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.Operation.Polygonize;
using Npgsql;

namespace Demarcate.Benchmarks;

/// <summary>
/// Our side of bench/compare-vs-postgis.sh: two lines of N vertices each (the OSM main-section line densified, and a
/// copy smoothly pushed east and west, with the same ends), their discrepancy faces and the sum of the face areas
/// from our engine, from PostGIS (ST_Polygonize of the ST_Union) and from NetTopologySuite (union + Polygonizer), all
/// in UTM zone 38N, timed in the same run; then the Hausdorff distance the same way. Exits 1 if the faces differ.
/// </summary>
internal static class CompareVsPostgis
{
    private const string PolygonizeSql = """
        SELECT count(*), coalesce(sum(ST_Area(f)), 0) FROM (
          SELECT (ST_Dump(ST_Polygonize(ST_Union(ARRAY[a, b, ST_MakeLine(ST_StartPoint(a), ST_StartPoint(b)), ST_MakeLine(ST_EndPoint(a), ST_EndPoint(b))])))).geom AS f
          FROM bench_lines) faces
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var linePath = args[1];
        var connectionString = args[2];
        var sizes = args.Skip(3).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var (baseX, baseY) = await ReadMainLineAsync(linePath);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS postgis");
        Console.WriteLine($"CPU: {Environment.ProcessorCount} cores; .NET {Environment.Version}; {await ScalarAsync(connection, "SELECT postgis_full_version()")}");
        var failures = 0;
        foreach (var n in sizes)
        {
            var (ax, ay, bx, by) = Lines(baseX, baseY, n);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== two lines of {n:N0} vertices each =="));

            // Ours: warm up, then the best of five builds; allocation of one build shows memory is linear.
            DiscrepancyArrangement.Build(ax.AsSpan(0, Math.Min(n, 20_000)), ay.AsSpan(0, Math.Min(n, 20_000)), bx.AsSpan(0, Math.Min(n, 20_000)), by.AsSpan(0, Math.Min(n, 20_000)));
            GC.Collect();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var ours = DiscrepancyArrangement.Build(ax, ay, bx, by);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            var ourSeconds = Best(5, () => DiscrepancyArrangement.Build(ax, ay, bx, by).TotalArea());
            var ourArea = ours.TotalArea();

            var factory = new GeometryFactory(new PrecisionModel(), 32638);
            var a = factory.CreateLineString([.. Enumerable.Range(0, n).Select(i => new Coordinate(ax[i], ay[i]))]);
            var b = factory.CreateLineString([.. Enumerable.Range(0, n).Select(i => new Coordinate(bx[i], by[i]))]);
            await ExecuteAsync(connection, "DROP TABLE IF EXISTS bench_lines; CREATE TABLE bench_lines (a geometry, b geometry)");
            await using (var insert = new NpgsqlCommand("INSERT INTO bench_lines VALUES (ST_GeomFromWKB(@a, 32638), ST_GeomFromWKB(@b, 32638))", connection))
            {
                var writer = new WKBWriter();
                insert.Parameters.AddWithValue("a", writer.Write(a));
                insert.Parameters.AddWithValue("b", writer.Write(b));
                await insert.ExecuteNonQueryAsync();
            }

            long postgisFaces = 0;
            double postgisArea = 0;
            var postgisSeconds = await BestAsync(n >= 1_000_000 ? 2 : 3, async () =>
            {
                await using var command = new NpgsqlCommand(PolygonizeSql, connection) { CommandTimeout = 600 };
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                postgisFaces = reader.GetInt64(0);
                postgisArea = reader.GetDouble(1);
            });

            var ntsFaces = 0;
            var ntsArea = 0.0;
            var ntsSeconds = Best(n >= 1_000_000 ? 1 : 2, () =>
            {
                var noded = factory.BuildGeometry(new Geometry[]
                {
                    a, b,
                    factory.CreateLineString([a.StartPoint.Coordinate, b.StartPoint.Coordinate]),
                    factory.CreateLineString([a.EndPoint.Coordinate, b.EndPoint.Coordinate]),
                }).Union();
                var polygonizer = new Polygonizer();
                polygonizer.Add(noded);
                var polygons = polygonizer.GetPolygons();
                ntsFaces = polygons.Count;
                ntsArea = polygons.Sum(p => p.Area);
                return ntsArea;
            });

            var same = postgisFaces == ours.FaceCount && Math.Abs(postgisArea - ourArea) <= Math.Max(1, 1e-9 * postgisArea);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"faces: Demarcate {ours.FaceCount}, PostGIS {postgisFaces}, NTS {ntsFaces}; total area: Demarcate {ourArea:F3} m², PostGIS {postgisArea:F3} m², NTS {ntsArea:F3} m²"));
            if (n <= 100_000)
            {
                // Face by face, not only the sums.
                var theirs = await AreasAsync(connection);
                var mine = Enumerable.Range(0, ours.FaceCount).Select(ours.Area).Order().ToArray();
                same &= theirs.Length == mine.Length && theirs.Zip(mine).All(p => Math.Abs(p.First - p.Second) <= Math.Max(1, 1e-6 * p.First));
            }

            Console.WriteLine(same ? "same faces and areas as PostGIS: yes" : "same faces and areas as PostGIS: NO");
            failures += same ? 0 : 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"polygonize + areas  Demarcate {Ms(ourSeconds)}  PostGIS {Ms(postgisSeconds)}  NTS {Ms(ntsSeconds)}  PostGIS/Demarcate {postgisSeconds / ourSeconds:F2}  NTS/Demarcate {ntsSeconds / ourSeconds:F2}  (Demarcate allocated {allocated / 1e6:F1} MB = {(double)allocated / (2 * n):F0} B/vertex)"));

            // Hausdorff: vertices of each line to the other line, both directions.
            var ourHausdorff = 0.0;
            var hausdorffSeconds = Best(3, () =>
            {
                var aIndex = new PolylineIndex(ax, ay);
                var bIndex = new PolylineIndex(bx, by);
                ourHausdorff = Math.Max(LineDistance.DirectedHausdorff(ax, ay, bIndex), LineDistance.DirectedHausdorff(bx, by, aIndex));
                return ourHausdorff;
            });
            var line = string.Create(CultureInfo.InvariantCulture, $"Hausdorff  Demarcate {Ms(hausdorffSeconds)} ({ourHausdorff:F6} m)");
            if (n <= 10_000)
            {
                // Both peers are quadratic (the issue measured ST_HausdorffDistance at 110 s for 100 k), so only the small size.
                var theirHausdorff = 0.0;
                var postgisHausdorff = await BestAsync(1, async () => theirHausdorff = Convert.ToDouble(await ScalarAsync(connection, "SELECT ST_HausdorffDistance(a, b) FROM bench_lines"), CultureInfo.InvariantCulture));
                var ntsHausdorff = 0.0;
                var ntsHausdorffSeconds = Best(1, () => ntsHausdorff = DiscreteHausdorffDistance.Distance(a, b));
                line += string.Create(CultureInfo.InvariantCulture,
                    $"  PostGIS {Ms(postgisHausdorff)} ({theirHausdorff:F6} m)  NTS {Ms(ntsHausdorffSeconds)} ({ntsHausdorff:F6} m)  PostGIS/Demarcate {postgisHausdorff / hausdorffSeconds:F1}");
                if (Math.Abs(theirHausdorff - ourHausdorff) > 1e-6)
                {
                    Console.WriteLine("Hausdorff differs from PostGIS");
                    failures++;
                }
            }
            else
            {
                line += "  PostGIS, NTS: not run (quadratic in the vertices)";
            }

            Console.WriteLine(line);
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>The OSM line of the main section, walked with its gaps bridged, in UTM 38N.</summary>
    private static async Task<(double[] X, double[] Y)> ReadMainLineAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await foreach (var feature in GeoJsonReader.ReadFeaturesAsync(stream, path))
        {
            if (feature.Properties["section"].GetString() == "main")
            {
                var walked = SectionPath.Walk((MultiLineString)feature.Geometry!, PlanarFrame.Utm(38));
                var projection = Utm.Projection(38);
                var x = new double[walked.Vertices.Count];
                var y = new double[walked.Vertices.Count];
                for (var i = 0; i < x.Length; i++)
                {
                    (x[i], y[i]) = projection.Forward(walked.Vertices[i].Latitude, walked.Vertices[i].Longitude);
                }

                return (x, y);
            }
        }

        throw new InvalidOperationException(path + " has no main section");
    }

    /// <summary>
    /// Line A: the real line with n points evenly spaced along it. Line B: the same points pushed east or west by up
    /// to 300 m, a sine of 7 km wavelength under a half-sine envelope, so the ends stay put and B crosses A about
    /// every 3.5 km.
    /// </summary>
    private static (double[] Ax, double[] Ay, double[] Bx, double[] By) Lines(double[] x, double[] y, int n)
    {
        var measure = new double[x.Length];
        for (var i = 1; i < x.Length; i++)
        {
            measure[i] = measure[i - 1] + Math.Sqrt(((x[i] - x[i - 1]) * (x[i] - x[i - 1])) + ((y[i] - y[i - 1]) * (y[i] - y[i - 1])));
        }

        var length = measure[^1];
        double[] ax = new double[n], ay = new double[n], bx = new double[n], by = new double[n];
        var segment = 0;
        for (var k = 0; k < n; k++)
        {
            var s = length * k / (n - 1);
            while (segment < x.Length - 2 && measure[segment + 1] < s)
            {
                segment++;
            }

            var span = measure[segment + 1] - measure[segment];
            var t = span == 0 ? 0 : Math.Clamp((s - measure[segment]) / span, 0, 1);
            ax[k] = x[segment] + (t * (x[segment + 1] - x[segment]));
            ay[k] = y[segment] + (t * (y[segment + 1] - y[segment]));
            var offset = k == 0 || k == n - 1 ? 0 : 300 * Math.Sin(Math.PI * s / length) * Math.Sin(2 * Math.PI * s / 7_000);
            bx[k] = ax[k] + offset;
            by[k] = ay[k];
        }

        return (ax, ay, bx, by);
    }

    private static async Task<double[]> AreasAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            PolygonizeSql.Replace("SELECT count(*), coalesce(sum(ST_Area(f)), 0)", "SELECT ST_Area(f)", StringComparison.Ordinal) + " ORDER BY 1",
            connection);
        var areas = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            areas.Add(reader.GetDouble(0));
        }

        return [.. areas];
    }

    private static double Best(int runs, Func<double> work)
    {
        var best = double.PositiveInfinity;
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            work();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static async Task<double> BestAsync(int runs, Func<Task> work)
    {
        var best = double.PositiveInfinity;
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            await work();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static string Ms(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000,9:F1} ms");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return await command.ExecuteScalarAsync();
    }
}
