using System.Globalization;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.TransportLinks;
using Demarcate.Core.Trust;
using Demarcate.Storage.Sqlite;
using Demarcate.Testing;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Demarcate.Storage.Tests.TransportLinks;

/// <summary>
/// A zig-zag route built by hand across the demo's line in force (main section, about 60 km from its start): it
/// starts 600 m to the line's left and ends 600 m to its right, alternating at stations 1.5 km apart, so it crosses
/// the line three times. The analysis is checked against PostGIS: the meeting points (ST_Intersection in UTM 38N),
/// the length on each side (ST_Split pieces measured by ST_Length(geography)) and the nearest sector (ST_Distance).
/// </summary>
public sealed class TaskForceCrossingsTests(DemoDatasetFixture demo) : IClassFixture<DemoDatasetFixture>, IDisposable
{
    private const double Offset = 600;
    private static readonly double[] Stations = [60_000, 61_500, 63_000, 64_500];
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task A_zig_zag_route_crosses_the_line_three_times_where_and_as_long_as_PostGIS_says()
    {
        await using var store = await GeoPackageStore.OpenAsync(_scratch.File("crossings.gpkg"), default);
        await store.ImportAsync(demo.Dataset, default);
        var section = demo.Dataset.Sections.Single(s => s.Id == "main");
        var line = demo.Dataset.Lines.Single(l => l.Id == section.DesignatedLineId);
        var walked = SectionPath.Walk(line.Geometry, PlanarFrame.Utm(section.UtmZone)).Vertices;
        var route = ZigZag(walked, Utm.Projection(section.UtmZone));
        await store.AddActionAsync(Caller.CommissionSystem, new TaskForceAction("TF-ZIG", "Zig-zag", Subgroup.Road, route) { Publication = Publication.Published }, default);

        var report = await TaskForceCrossings.AnalyseAsync(store, Caller.Anonymous, "TF-ZIG", default);

        Assert.Equal(("main", line.Id, 3), (report.SectionId, report.LineId, report.Crossings));
        Assert.Equal(3, report.Points.Count);

        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await Execute(connection, "CREATE EXTENSION IF NOT EXISTS postgis");
        var routeWkt = route.AsText();
        var lineWkt = LineWkt(walked);

        // Where it meets the line: within a metre of PostGIS's intersection, in route order.
        var theirPoints = new List<GeoPoint>();
        await using (var command = new NpgsqlCommand(
            """
            WITH r AS (SELECT ST_Transform(ST_GeomFromText(@route, 4326), 32638) AS g), l AS (SELECT ST_Transform(ST_GeomFromText(@line, 4326), 32638) AS g),
                 p AS (SELECT (ST_Dump(ST_Intersection(r.g, l.g))).geom AS p, r.g AS rg FROM r, l)
            SELECT ST_Y(ST_Transform(p, 4326)), ST_X(ST_Transform(p, 4326)) FROM p ORDER BY ST_LineLocatePoint(rg, p)
            """, connection))
        {
            command.Parameters.AddWithValue("route", routeWkt);
            command.Parameters.AddWithValue("line", lineWkt);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                theirPoints.Add(new GeoPoint(reader.GetDouble(0), reader.GetDouble(1)));
            }
        }

        Assert.Equal(3, theirPoints.Count);
        for (var i = 0; i < 3; i++)
        {
            var apart = Geodesic.Wgs84.Inverse(theirPoints[i].Latitude, theirPoints[i].Longitude, report.Points[i].Position.Latitude, report.Points[i].Position.Longitude).Distance;
            Assert.True(apart < 1, $"crossing {i + 1} is {apart:F3} m from PostGIS's");
        }

        // Lengths: the four pieces ST_Split cuts, in route order, alternate left, right, left, right.
        var pieces = new List<double>();
        await using (var command = new NpgsqlCommand(
            """
            WITH r AS (SELECT ST_Transform(ST_GeomFromText(@route, 4326), 32638) AS g), l AS (SELECT ST_Transform(ST_GeomFromText(@line, 4326), 32638) AS g),
                 s AS (SELECT (ST_Dump(ST_Split(r.g, l.g))).geom AS piece, r.g AS rg FROM r, l)
            SELECT ST_Length(ST_Transform(piece, 4326)::geography) FROM s ORDER BY ST_LineLocatePoint(rg, ST_LineInterpolatePoint(piece, 0.5))
            """, connection))
        {
            command.Parameters.AddWithValue("route", routeWkt);
            command.Parameters.AddWithValue("line", lineWkt);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                pieces.Add(reader.GetDouble(0));
            }
        }

        Assert.Equal(4, pieces.Count);
        Within(pieces[0] + pieces[2], report.LengthLeftMetres, $"length on the left ({report.PartyOnLeft})");
        Within(pieces[1] + pieces[3], report.LengthRightMetres, $"length on the right ({report.PartyOnRight})");
        Within(pieces[0] / 1000, report.Points[0].RouteKm, "km along the route to the first crossing");
        Within((pieces[0] + pieces[1] + pieces[2]) / 1000, report.Points[2].RouteKm, "km along the route to the third crossing");

        // Along the boundary: the crossings lie near the stations, and in the line's order.
        Assert.InRange(report.Points[0].BoundaryKm, 59, 66);
        Assert.True(report.Points[0].BoundaryKm < report.Points[1].BoundaryKm && report.Points[1].BoundaryKm < report.Points[2].BoundaryKm);

        // The nearest sector to each crossing, as PostGIS measures it.
        var sectors = demo.Dataset.Sectors.Where(s => s.Sector.SectionId == "main" && s.Geometry is not null).ToList();
        foreach (var point in report.Points)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT id FROM unnest(@ids, @wkts) AS s(id, wkt)
                ORDER BY ST_Distance(ST_Transform(ST_GeomFromText(wkt, 4326), 32638), ST_Transform(ST_SetSRID(ST_MakePoint(@x, @y), 4326), 32638)) LIMIT 1
                """, connection);
            command.Parameters.AddWithValue("ids", sectors.Select(s => s.Sector.Id).ToArray());
            command.Parameters.AddWithValue("wkts", sectors.Select(s => s.Geometry!.AsText()).ToArray());
            command.Parameters.AddWithValue("x", point.Position.Longitude);
            command.Parameters.AddWithValue("y", point.Position.Latitude);
            Assert.Equal((string?)await command.ExecuteScalarAsync(), point.SectorId);
        }
    }

    /// <summary>Points at <see cref="Stations"/> metres along the walked line (planar, UTM), set off alternately left and right of it.</summary>
    private static LineString ZigZag(IReadOnlyList<GeoPoint> walked, TransverseMercator projection)
    {
        var grid = walked.Select(v => projection.Forward(v.Latitude, v.Longitude)).ToList();
        var coordinates = new List<Coordinate>();
        for (var s = 0; s < Stations.Length; s++)
        {
            var along = 0.0;
            for (var i = 0; i + 1 < grid.Count; i++)
            {
                var (dx, dy) = (grid[i + 1].Easting - grid[i].Easting, grid[i + 1].Northing - grid[i].Northing);
                var step = Math.Sqrt((dx * dx) + (dy * dy));
                if (along + step < Stations[s])
                {
                    along += step;
                    continue;
                }

                var t = (Stations[s] - along) / step;
                var side = s % 2 == 0 ? 1 : -1; // left first: the left normal of (dx, dy) is (-dy, dx)
                var east = grid[i].Easting + (t * dx) + (side * Offset * -dy / step);
                var north = grid[i].Northing + (t * dy) + (side * Offset * dx / step);
                var back = projection.Reverse(east, north);
                coordinates.Add(new Coordinate(back.Longitude, back.Latitude));
                break;
            }
        }

        return new GeometryFactory(new PrecisionModel(), 4326).CreateLineString([.. coordinates]);
    }

    private static string LineWkt(IReadOnlyList<GeoPoint> vertices)
    {
        var text = new StringBuilder("LINESTRING(");
        for (var i = 0; i < vertices.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{vertices[i].Longitude:R} {vertices[i].Latitude:R}");
        }

        return text.Append(')').ToString();
    }

    private static void Within(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 0.001 * Math.Abs(expected), $"{what}: PostGIS {expected:R}, ours {actual:R}");

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
