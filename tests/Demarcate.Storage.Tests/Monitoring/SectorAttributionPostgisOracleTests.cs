using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using Demarcate.Testing;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Demarcate.Storage.Tests.Monitoring;

/// <summary>
/// Attribution of 10 000 random incidents checked point by point against PostGIS: the demo's real sectors (cut from
/// the OSM line in force) and a synthetic border of 300 sectors, loaded in WGS 84 and transformed by PostGIS (PROJ) to
/// UTM 38N (EPSG:32638); the nearest sector by <c>ORDER BY geom &lt;-&gt; p LIMIT 1</c> over a GiST index, its
/// <c>ST_Distance</c> in that plane, the geodesic to <c>ST_ClosestPoint</c> as geography, and the side from the cross
/// product with the nearest segment of <c>ST_DumpSegments</c> wherever the foot falls inside a segment (feet on a
/// vertex are the hand-worked cases of SectorAttributionTests). Needs the test command's PostgreSQL; fails without it.
/// </summary>
public sealed class SectorAttributionPostgisOracleTests(DemoDatasetFixture demo) : IClassFixture<DemoDatasetFixture>
{
    private const int Incidents = 10_000;
    private const double Millimetre = 0.001;

    private const string NearestSql = """
        WITH knn AS (
          SELECT p.id, p.geog, p.geom AS pt, n.idx, n.line, ST_Distance(n.line, p.geom) AS d
          FROM incidents p CROSS JOIN LATERAL (
            SELECT s.idx, s.geom AS line FROM sectors s ORDER BY s.geom <-> p.geom LIMIT 1) n
        )
        SELECT k.id, k.idx, k.d,
          ST_Distance(k.geog, ST_Transform(ST_ClosestPoint(k.line, k.pt), 4326)::geography, true) AS geodesic,
          seg.side
        FROM knn k CROSS JOIN LATERAL (
          SELECT CASE WHEN f > 1e-9 AND f < 1 - 1e-9 THEN
            sign((ST_X(ST_EndPoint(g)) - ST_X(ST_StartPoint(g))) * (ST_Y(k.pt) - ST_Y(ST_StartPoint(g)))
               - (ST_Y(ST_EndPoint(g)) - ST_Y(ST_StartPoint(g))) * (ST_X(k.pt) - ST_X(ST_StartPoint(g)))) END AS side
          FROM (SELECT s.geom AS g, ST_LineLocatePoint(s.geom, k.pt) AS f
                FROM ST_DumpSegments(k.line) s ORDER BY ST_Distance(s.geom, k.pt) LIMIT 1) nearest) seg
        ORDER BY k.id
        """;

    // For a line that only ever heads within 70° of one grid bearing (monotone along it), the territory on its left is
    // the polygon closed by the perpendiculars at both ends and a parallel 2 000 km to the left: ST_Contains is the side,
    // whatever the bends. Incidents within 30 km (along that bearing) of either end are left out: there the free ends rule.
    private const string TerritorySql = """
        WITH line AS (SELECT ST_LineMerge(ST_Collect(geom ORDER BY idx)) AS g FROM sectors),
        axis AS (SELECT g, sin(radians(@bearing)) AS ux, cos(radians(@bearing)) AS uy FROM line),
        territory AS (
          SELECT g, ux, uy, ST_MakePolygon(ST_AddPoint(ST_AddPoint(ST_AddPoint(g,
              ST_Translate(ST_EndPoint(g), -uy * 2000000, ux * 2000000)),
              ST_Translate(ST_StartPoint(g), -uy * 2000000, ux * 2000000)),
              ST_StartPoint(g))) AS left_side
          FROM axis)
        SELECT p.id,
          CASE WHEN (ST_X(p.geom) - ST_X(ST_StartPoint(t.g))) * t.ux + (ST_Y(p.geom) - ST_Y(ST_StartPoint(t.g))) * t.uy > 30000
                AND (ST_X(ST_EndPoint(t.g)) - ST_X(p.geom)) * t.ux + (ST_Y(ST_EndPoint(t.g)) - ST_Y(p.geom)) * t.uy > 30000
               THEN ST_Contains(t.left_side, p.geom) END,
          ST_IsSimple(t.left_side) AND ST_IsValid(t.left_side) AND ST_GeometryType(t.g) = 'ST_LineString'
        FROM incidents p CROSS JOIN territory t
        ORDER BY p.id
        """;

    [Fact]
    public async Task The_demo_s_real_sectors_give_the_sector_distance_and_side_PostGIS_gives()
    {
        var sections = demo.Dataset.Sections.ToDictionary(s => s.Id);
        var sectors = new List<AttributionSector>();
        foreach (var onLine in demo.Dataset.Sectors.Where(s => s.Geometry is not null))
        {
            var section = sections[onLine.Sector.SectionId];
            foreach (var part in onLine.Geometry!.Geometries.Cast<LineString>())
            {
                sectors.Add(new AttributionSector(onLine.Sector.Id, [.. part.Coordinates.Select(c => new GeoPoint(c.Y, c.X))], section.PartyOnLeft, section.PartyOnRight));
            }
        }

        Assert.True(sectors.Count >= 20, $"only {sectors.Count} sector lines in the demo");
        await AssertSameAsPostgisAsync(sectors, seed: 11, bearing: null);
    }

    [Fact]
    public async Task A_synthetic_border_of_300_sectors_gives_the_sector_distance_and_side_PostGIS_gives()
    {
        var random = new Random(7);
        var sectors = new List<AttributionSector>();
        var (latitude, longitude, heading) = (41.0, 43.6, 100.0);
        var left = new PartyCode("AM");
        var right = new PartyCode("AZ");
        for (var k = 0; k < 300; k++)
        {
            var line = new List<GeoPoint> { new(latitude, longitude) };
            for (var i = 0; i < 8; i++)
            {
                // A meandering border: bends of up to ±70° between vertices 100–500 m apart, drifting south-east.
                heading += (random.NextDouble() - 0.5) * 140;
                heading = Math.Clamp(heading, 60, 200);
                var step = Geodesic.Wgs84.Direct(latitude, longitude, heading, 100 + (random.NextDouble() * 400));
                (latitude, longitude) = (step.Latitude, step.Longitude);
                line.Add(step.Point);
            }

            sectors.Add(new AttributionSector(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"S-{k:000}"), line, left, right));
        }

        await AssertSameAsPostgisAsync(sectors, seed: 13, bearing: 130);
    }

    private static async Task AssertSameAsPostgisAsync(List<AttributionSector> sectors, int seed, double? bearing)
    {
        var attribution = new SectorAttribution(sectors, new AttributionOptions { UtmZone = 38 });
        var random = new Random(seed);
        var incidents = new GeoPoint[Incidents];
        for (var i = 0; i < incidents.Length; i++)
        {
            // Near a random vertex, up to about 25 km away, so that some incidents fall beyond the 20 km limit.
            var line = sectors[random.Next(sectors.Count)].Line;
            var near = line[random.Next(line.Count)];
            incidents[i] = new GeoPoint(near.Latitude + ((random.NextDouble() - 0.5) * 0.45), near.Longitude + ((random.NextDouble() - 0.5) * 0.6));
        }

        var placements = new IncidentPlacement[incidents.Length];
        attribution.PlaceAll(incidents, placements);
        var (theirs, territory) = await PostgisAsync(sectors, incidents, bearing);

        var (attributed, sided, tied, inTerritory) = (0, 0, 0, 0);
        for (var i = 0; i < incidents.Length; i++)
        {
            var ours = placements[i];
            var (sector, plane, geodesic, side) = theirs[i];
            var where = $"incident {i} at {incidents[i]}";
            if (Math.Abs(geodesic - AttributionOptions.DefaultMaxDistanceMetres) <= Millimetre)
            {
                continue;
            }

            Assert.True(ours.IsAttributed == geodesic <= AttributionOptions.DefaultMaxDistanceMetres, $"{where}: PostGIS puts it {geodesic:F3} m from the line, we {(ours.IsAttributed ? "attribute" : "do not attribute")} it");
            if (!ours.IsAttributed)
            {
                continue;
            }

            attributed++;
            if (territory is not null && territory[i] is { } left && ours.PlaneDistanceMetres > Millimetre)
            {
                inTerritory++;
                Assert.True((left ? Side.Left : Side.Right) == ours.SideOfLine, $"{where}: PostGIS puts it in the {(left ? "left" : "right")} territory, we on the {ours.SideOfLine}");
            }

            Assert.True(Math.Abs(ours.PlaneDistanceMetres - plane) <= Millimetre, $"{where}: UTM distance ours {ours.PlaneDistanceMetres:F4} m, PostGIS {plane:F4} m");
            Assert.True(Math.Abs(ours.DistanceMetres - geodesic) <= Millimetre, $"{where}: geodesic distance ours {ours.DistanceMetres:F4} m, PostGIS {geodesic:F4} m");
            if (ours.SectorIndex != sector)
            {
                // A tie: both sectors are equally near (the distances already agree within 1 mm), which happens where
                // the nearest point is a break point, an end our sector shares with the one PostGIS chose.
                tied++;
                var line = sectors[ours.SectorIndex].Line;
                var atEnd = Math.Min(Geodesic.Wgs84.Distance(ours.NearestPoint, line[0]), Geodesic.Wgs84.Distance(ours.NearestPoint, line[^1]));
                Assert.True(atEnd <= Millimetre, $"{where}: ours sector {ours.SectorIndex}, PostGIS sector {sector}, equally near but not at a break point");
                continue;
            }

            if (side is { } sign)
            {
                sided++;
                Assert.Equal(sign > 0 ? Side.Left : Side.Right, ours.SideOfLine);
                Assert.Equal(sign > 0 ? sectors[sector].LeftParty : sectors[sector].RightParty, ours.Side);
            }
        }

        Assert.True(attributed > Incidents / 2, $"only {attributed} of {Incidents} incidents attributed");
        Assert.True(attributed < Incidents, "every incident attributed: none tested beyond the limit");
        // Most feet fall on a vertex (short segments, incidents kilometres away): the segment check sees the rest.
        Assert.True(sided > attributed / 20, $"the side was compared with a segment for only {sided} of {attributed} incidents");
        Assert.True(tied < attributed / 10, $"{tied} of {attributed} incidents equally near two sectors: break points cannot be nearest so often");
        if (territory is not null)
        {
            Assert.True(inTerritory > attributed / 2, $"the side was compared with the territory for only {inTerritory} of {attributed} incidents");
        }

    }

    private static async Task<(List<(int Sector, double Plane, double Geodesic, double? Side)> Nearest, bool?[]? Territory)> PostgisAsync(
        List<AttributionSector> sectors, GeoPoint[] incidents, double? bearing)
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS postgis");
        await using (var load = new NpgsqlCommand(
            """
            CREATE TABLE sectors AS SELECT (i - 1)::int AS idx, ST_Transform(ST_GeomFromText(w, 4326), 32638)::geometry(LineString, 32638) AS geom
              FROM unnest(@wkt) WITH ORDINALITY AS t(w, i);
            CREATE INDEX ON sectors USING gist (geom);
            CREATE TABLE incidents AS SELECT (i - 1)::int AS id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS geog,
              ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 32638)::geometry(Point, 32638) AS geom
              FROM unnest(@lat, @lon) WITH ORDINALITY AS t(lat, lon, i);
            ANALYZE sectors; ANALYZE incidents;
            """,
            connection))
        {
            load.Parameters.AddWithValue("wkt", sectors.Select(Wkt).ToArray());
            load.Parameters.AddWithValue("lat", incidents.Select(p => p.Latitude).ToArray());
            load.Parameters.AddWithValue("lon", incidents.Select(p => p.Longitude).ToArray());
            await load.ExecuteNonQueryAsync();
        }

        var rows = new List<(int, double, double, double?)>();
        await using (var command = new NpgsqlCommand(NearestSql, connection) { CommandTimeout = 600 })
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                Assert.Equal(rows.Count, reader.GetInt32(0));
                rows.Add((reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetDouble(4)));
            }
        }

        Assert.Equal(incidents.Length, rows.Count);
        if (bearing is null)
        {
            return (rows, null);
        }

        var territory = new bool?[incidents.Length];
        await using (var command = new NpgsqlCommand(TerritorySql, connection) { CommandTimeout = 600 })
        {
            command.Parameters.AddWithValue("bearing", bearing.Value);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Assert.True(reader.GetBoolean(2), "the synthetic border and its left territory must be one simple line and a valid polygon");
                territory[reader.GetInt32(0)] = reader.IsDBNull(1) ? null : reader.GetBoolean(1);
            }
        }

        return (rows, territory);
    }

    private static string Wkt(AttributionSector sector) =>
        "LINESTRING(" + string.Join(",", sector.Line.Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Longitude:R} {p.Latitude:R}"))) + ")";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
