using System.Diagnostics;
using System.Globalization;
using Demarcate.Core.Tiles;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.VectorTiles;
using Google.Protobuf;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Demarcate.Benchmarks;

/// <summary>
/// Our side of bench/tiles-vs-postgis.sh: N incident-like points scattered along the demo boundary (the OSM lines),
/// every non-empty tile at zooms 6–12 encoded by our <see cref="VectorTile"/> (points found through a quadkey-sorted
/// array, our in-memory index) and by PostGIS (<c>ST_AsMVT</c>/<c>ST_AsMVTGeom</c> over a GiST index), timed in the
/// same run; then both tiles of every tile are decoded and their points compared. Exits 1 if they differ.
/// </summary>
internal static class TilesVsPostgis
{
    private const int Extent = 4096;
    private const int Buffer = 64;
    private const int IndexZoom = 16;

    // The && prefilter reaches one tile unit beyond the buffer: && compares single-precision boxes, so at exactly the
    // buffer it would keep or drop points at the edge by float rounding; ST_AsMVTGeom then decides, on the snapped grid.
    private const string TileSql = """
        SELECT ST_AsMVT(q, 'incidents', 4096, 'geom', 'id'), count(*) FROM (
          SELECT id, kind, year, ST_AsMVTGeom(geom, ST_TileEnvelope(@z, @x, @y), 4096, 64, true) AS geom
          FROM bench_incidents WHERE geom && ST_TileEnvelope(@z, @x, @y, margin => 65.0 / 4096)) q
        WHERE q.geom IS NOT NULL
        """;

    private static readonly string[] Kinds = ["shooting", "crossing", "livestock", "construction"];

    public static async Task<int> RunAsync(string[] args)
    {
        var linePath = args[1];
        var connectionString = args[2];
        var n = int.Parse(args[3], CultureInfo.InvariantCulture);
        var (minZoom, maxZoom) = args.Length > 5 ? (int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture)) : (6, 12);
        var points = await PointsAsync(linePath, n);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS postgis");
        Console.WriteLine($".NET {Environment.Version}; {await ScalarAsync(connection, "SELECT postgis_full_version()")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n:N0} points along the demo boundary; zooms {minZoom}–{maxZoom}; extent {Extent}, buffer {Buffer}"));

        var load = Stopwatch.StartNew();
        await LoadAsync(connection, points);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostGIS: loaded and GiST-indexed in {load.Elapsed.TotalSeconds:F1} s (not timed below)"));
        load.Restart();
        var index = new QuadkeyIndex(points);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Demarcate: quadkey-sorted in {load.Elapsed.TotalSeconds:F1} s (not timed below)"));

        Console.WriteLine();
        Console.WriteLine("zoom | tiles | features | Demarcate | PostGIS | PostGIS/Demarcate | MB ours | MB PostGIS | same points");
        var failures = 0;
        double oursTotal = 0, theirsTotal = 0;
        for (var zoom = minZoom; zoom <= maxZoom; zoom++)
        {
            var tiles = index.TilesAt(zoom);

            // Warm both up on the first tile, then time every tile of the zoom, one after the other.
            Encode(index, tiles[0]);
            await PostgisAsync(connection, tiles[0]);
            var ours = new byte[tiles.Count][];
            var oursCounts = new int[tiles.Count];
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < tiles.Count; i++)
            {
                (ours[i], oursCounts[i]) = Encode(index, tiles[i]);
            }

            var oursSeconds = clock.Elapsed.TotalSeconds;
            var theirs = new byte[tiles.Count][];
            var theirsCounts = new long[tiles.Count];
            clock.Restart();
            for (var i = 0; i < tiles.Count; i++)
            {
                (theirs[i], theirsCounts[i]) = await PostgisAsync(connection, tiles[i]);
            }

            var theirsSeconds = clock.Elapsed.TotalSeconds;
            oursTotal += oursSeconds;
            theirsTotal += theirsSeconds;

            var same = 0;
            for (var i = 0; i < tiles.Count; i++)
            {
                if (oursCounts[i] == theirsCounts[i] && Decode(ours[i]).SequenceEqual(Decode(theirs[i])))
                {
                    same++;
                }
                else if (failures++ < 5)
                {
                    Console.WriteLine($"  tile {tiles[i]}: ours {oursCounts[i]} features, PostGIS {theirsCounts[i]}");
                }
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{zoom,4} | {tiles.Count,5} | {oursCounts.Sum(c => (long)c),8:N0} | {oursSeconds * 1000,7:F0} ms | {theirsSeconds * 1000,7:F0} ms | {theirsSeconds / oursSeconds,17:F2} | {ours.Sum(t => (long)t.Length) / 1e6,7:F1} | {theirs.Sum(t => (long)t.Length) / 1e6,10:F1} | {same}/{tiles.Count}"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all zooms: Demarcate {oursTotal:F2} s, PostGIS {theirsTotal:F2} s, PostGIS/Demarcate {theirsTotal / oursTotal:F2}"));
        Console.WriteLine(failures == 0 ? "same points as PostGIS in every tile: yes" : $"same points as PostGIS in every tile: NO ({failures} tiles differ)");
        return failures == 0 ? 0 : 1;
    }

    private static (byte[] Tile, int Count) Encode(QuadkeyIndex index, TileId tile)
    {
        var vectorTile = new VectorTile(tile, new VectorTileOptions(Extent, Buffer));
        var layer = vectorTile.AddLayer("incidents");
        var properties = new KeyValuePair<string, TileValue>[2];
        var count = 0;
        foreach (var i in index.Candidates(tile))
        {
            // The property array is read at once, so one array serves every point.
            properties[0] = new("kind", index.Kinds[i]);
            properties[1] = new("year", index.Years[i]);
            if (layer.AddPoint(index.X[i], index.Y[i], properties, (ulong)index.Ids[i]))
            {
                count++;
            }
        }

        return (vectorTile.ToArray(), count);
    }

    private static async Task<(byte[] Tile, long Count)> PostgisAsync(NpgsqlConnection connection, TileId tile)
    {
        await using var command = new NpgsqlCommand(TileSql, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("z", tile.Zoom);
        command.Parameters.AddWithValue("x", tile.X);
        command.Parameters.AddWithValue("y", tile.Y);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.IsDBNull(0) ? [] : (byte[])reader[0], reader.GetInt64(1));
    }

    /// <summary>The points of a one-layer tile as (id, x, y) in id order: a small protobuf reader for the check only.</summary>
    private static List<(ulong Id, long X, long Y)> Decode(byte[] tile)
    {
        var points = new List<(ulong, long, long)>();
        var input = new CodedInputStream(tile);
        while (input.ReadTag() is var tag && tag != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 3)
            {
                input.SkipLastField();
                continue;
            }

            var layer = new CodedInputStream(input.ReadBytes().ToByteArray());
            while (layer.ReadTag() is var layerTag && layerTag != 0)
            {
                if (WireFormat.GetTagFieldNumber(layerTag) != 2)
                {
                    layer.SkipLastField();
                    continue;
                }

                var feature = new CodedInputStream(layer.ReadBytes().ToByteArray());
                ulong id = 0;
                long x = 0, y = 0;
                while (feature.ReadTag() is var featureTag && featureTag != 0)
                {
                    switch (WireFormat.GetTagFieldNumber(featureTag))
                    {
                        case 1:
                            id = feature.ReadUInt64();
                            break;
                        case 4:
                            var geometry = new CodedInputStream(feature.ReadBytes().ToByteArray());
                            geometry.ReadUInt32(); // MoveTo(1)
                            x = geometry.ReadSInt32();
                            y = geometry.ReadSInt32();
                            break;
                        default:
                            feature.SkipLastField();
                            break;
                    }
                }

                points.Add((id, x, y));
            }
        }

        points.Sort();
        return points;
    }

    private static async Task LoadAsync(NpgsqlConnection connection, Incidents points)
    {
        await ExecuteAsync(connection, "DROP TABLE IF EXISTS bench_incidents; DROP TABLE IF EXISTS bench_incidents_raw; CREATE UNLOGGED TABLE bench_incidents_raw (id integer, kind text, year integer, x float8, y float8)");
        await using (var importer = await connection.BeginBinaryImportAsync("COPY bench_incidents_raw FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < points.X.Length; i++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(points.Ids[i], NpgsqlDbType.Integer);
                await importer.WriteAsync(points.Kinds[i].Text!, NpgsqlDbType.Text);
                await importer.WriteAsync((int)points.Years[i].Number, NpgsqlDbType.Integer);
                await importer.WriteAsync(points.X[i], NpgsqlDbType.Double);
                await importer.WriteAsync(points.Y[i], NpgsqlDbType.Double);
            }

            await importer.CompleteAsync();
        }

        await ExecuteAsync(connection, """
            CREATE TABLE bench_incidents AS SELECT id, kind, year, ST_SetSRID(ST_MakePoint(x, y), 3857)::geometry(Point, 3857) AS geom FROM bench_incidents_raw;
            DROP TABLE bench_incidents_raw;
            CREATE INDEX ON bench_incidents USING gist (geom);
            """);
        await ExecuteAsync(connection, "VACUUM ANALYZE bench_incidents");
    }

    /// <summary>Incident-like points: a place along the boundary (by length), pushed off it by a few kilometres.</summary>
    private static async Task<Incidents> PointsAsync(string path, int n)
    {
        var segments = new List<(double X0, double Y0, double X1, double Y1)>();
        await using (var stream = File.OpenRead(path))
        {
            await foreach (var feature in GeoJsonReader.ReadFeaturesAsync(stream, path))
            {
                foreach (var line in ((MultiLineString)feature.Geometry!).Geometries.Cast<LineString>())
                {
                    var c = line.Coordinates;
                    for (var i = 1; i < c.Length; i++)
                    {
                        segments.Add((WebMercator.X(c[i - 1].X), WebMercator.Y(c[i - 1].Y), WebMercator.X(c[i].X), WebMercator.Y(c[i].Y)));
                    }
                }
            }
        }

        var measure = new double[segments.Count + 1];
        for (var i = 0; i < segments.Count; i++)
        {
            var (x0, y0, x1, y1) = segments[i];
            measure[i + 1] = measure[i] + Math.Sqrt(((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0)));
        }

        var state = 0x9E3779B97F4A7C15UL;
        double Next()
        {
            // splitmix64: the same points on every run and machine.
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return ((z ^ (z >> 31)) >> 11) * (1.0 / (1UL << 53));
        }

        var points = new Incidents(n);
        var kinds = Kinds.Select(TileValue.Of).ToArray();
        for (var k = 0; k < n; k++)
        {
            var s = Next() * measure[^1];
            var i = Math.Max(0, Array.BinarySearch(measure, s) is var at && at >= 0 ? at : ~at - 1);
            i = Math.Min(i, segments.Count - 1);
            var (x0, y0, x1, y1) = segments[i];
            var t = measure[i + 1] > measure[i] ? (s - measure[i]) / (measure[i + 1] - measure[i]) : 0;

            // About 5 km (6.5 km in Mercator metres at 40° N) either way, most incidents close to the line.
            var spread = 6_500 * ((Next() + Next() + Next()) - 1.5) * 2;
            var angle = Next() * 2 * Math.PI;
            points.X[k] = x0 + (t * (x1 - x0)) + (spread * Math.Cos(angle));
            points.Y[k] = y0 + (t * (y1 - y0)) + (spread * Math.Sin(angle));
            points.Ids[k] = k + 1;
            points.Kinds[k] = kinds[(int)(Next() * kinds.Length)];
            points.Years[k] = TileValue.Of(2000 + (long)(Next() * 26));
        }

        return points;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private class Incidents(int n)
    {
        public double[] X { get; protected init; } = new double[n];

        public double[] Y { get; protected init; } = new double[n];

        public int[] Ids { get; protected init; } = new int[n];

        public TileValue[] Kinds { get; protected init; } = new TileValue[n];

        public TileValue[] Years { get; protected init; } = new TileValue[n];
    }

    /// <summary>
    /// The points sorted by their zoom-16 quadkey, so that every tile of zoom 16 or less owns one contiguous run;
    /// a tile's candidates are its own run and its eight neighbours' (the buffer reaches into them).
    /// </summary>
    private sealed class QuadkeyIndex : Incidents
    {
        private readonly ulong[] keys;

        public QuadkeyIndex(Incidents points)
            : base(0)
        {
            var n = points.X.Length;
            keys = new ulong[n];
            for (var i = 0; i < n; i++)
            {
                keys[i] = Key(points.X[i], points.Y[i]);
            }

            var order = Enumerable.Range(0, n).ToArray();
            Array.Sort((ulong[])keys.Clone(), order);
            Array.Sort(keys);
            X = [.. order.Select(i => points.X[i])];
            Y = [.. order.Select(i => points.Y[i])];
            Ids = [.. order.Select(i => points.Ids[i])];
            Kinds = [.. order.Select(i => points.Kinds[i])];
            Years = [.. order.Select(i => points.Years[i])];
        }

        public List<TileId> TilesAt(int zoom)
        {
            var tiles = new List<TileId>();
            var shift = 2 * (IndexZoom - zoom);
            for (var i = 0; i < keys.Length;)
            {
                var prefix = keys[i] >> shift;
                var (x, y) = Deinterleave(prefix);
                tiles.Add(TileId.Of(zoom, (int)x, (int)y));
                i = Upper(prefix, shift);
            }

            return tiles;
        }

        public IEnumerable<int> Candidates(TileId tile)
        {
            var shift = 2 * (IndexZoom - tile.Zoom);
            var count = 1 << tile.Zoom;
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    var (x, y) = (tile.X + dx, tile.Y + dy);
                    if (x < 0 || y < 0 || x >= count || y >= count)
                    {
                        continue;
                    }

                    var prefix = Interleave((uint)x, (uint)y);
                    for (var i = Lower(prefix, shift); i < keys.Length && keys[i] >> shift == prefix; i++)
                    {
                        yield return i;
                    }
                }
            }
        }

        private int Lower(ulong prefix, int shift)
        {
            var at = Array.BinarySearch(keys, prefix << shift);
            if (at < 0)
            {
                return ~at;
            }

            while (at > 0 && keys[at - 1] == keys[at])
            {
                at--;
            }

            return at;
        }

        private int Upper(ulong prefix, int shift) => Lower(prefix + 1, shift);

        private static ulong Key(double x, double y)
        {
            var count = 1L << IndexZoom;
            var tx = Math.Clamp((long)Math.Floor((x + WebMercator.HalfWorld) / WebMercator.WorldSize * count), 0, count - 1);
            var ty = Math.Clamp((long)Math.Floor((WebMercator.HalfWorld - y) / WebMercator.WorldSize * count), 0, count - 1);
            return Interleave((uint)tx, (uint)ty);
        }

        private static ulong Interleave(uint x, uint y)
        {
            ulong key = 0;
            for (var b = 0; b < 32; b++)
            {
                key |= ((ulong)((x >> b) & 1) << (2 * b)) | ((ulong)((y >> b) & 1) << ((2 * b) + 1));
            }

            return key;
        }

        private static (uint X, uint Y) Deinterleave(ulong key)
        {
            uint x = 0, y = 0;
            for (var b = 0; b < 32; b++)
            {
                x |= (uint)((key >> (2 * b)) & 1) << b;
                y |= (uint)((key >> ((2 * b) + 1)) & 1) << b;
            }

            return (x, y);
        }
    }
}
