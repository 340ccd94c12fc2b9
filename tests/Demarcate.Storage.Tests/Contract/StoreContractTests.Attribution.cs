using Demarcate.Core;
using Demarcate.Core.Monitoring;
using Demarcate.Storage.Seeding;
using Demarcate.Testing;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    /// <summary>
    /// PostGIS's nearest sector (<c>ORDER BY geom &lt;-&gt; p LIMIT 1</c> over a GiST index, in the UTM zone of the first section, as
    /// SectorAttribution's metric says) and the geodesic distance from the incident to <c>ST_ClosestPoint</c> as geography.
    /// </summary>
    private const string KnnSql = """
        SELECT p.id, n.sector_id,
          ST_Distance(p.geog, ST_Transform(ST_ClosestPoint(n.geom, p.geom), 4326)::geography, true) AS geodesic
        FROM incidents p CROSS JOIN LATERAL (
          SELECT s.sector_id, s.geom FROM sectors s ORDER BY s.geom <-> p.geom LIMIT 1) n
        ORDER BY p.id
        """;

    [Fact]
    public async Task The_demo_incidents_are_attributed_on_import_to_the_sector_and_distance_PostGIS_KNN_gives()
    {
        var store = await DemoStoreAsync();
        Assert.True(await DemoIncidents.LoadAsync(store, default) > 20);
        var incidents = await store.ListIncidentsAsync(Caller.CommissionSystem, new IncidentFilter { IncludeMerged = true }, default);
        var sections = await store.ListSectionsAsync(Caller.CommissionSystem, default);
        var zone = sections.OrderBy(s => s.Order).First().UtmZone;
        var parts = (await store.ListSectorsAsync(Caller.CommissionSystem, null, default))
            .Where(s => s.Geometry is not null)
            .SelectMany(s => s.Geometry!.Geometries.Cast<LineString>().Select(part => (s.Sector.Id, Wkt: part.AsText())))
            .ToList();

        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var srid = 32600 + zone;
        await using (var load = new NpgsqlCommand(
            $"""
            CREATE EXTENSION IF NOT EXISTS postgis;
            CREATE TABLE sectors AS SELECT id AS sector_id, ST_Transform(ST_GeomFromText(w, 4326), {srid})::geometry(LineString, {srid}) AS geom
              FROM unnest(@ids, @wkt) AS t(id, w);
            CREATE INDEX ON sectors USING gist (geom);
            CREATE TABLE incidents AS SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS geog,
              ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), {srid})::geometry(Point, {srid}) AS geom
              FROM unnest(@incidents, @lat, @lon) AS t(id, lat, lon);
            ANALYZE sectors; ANALYZE incidents;
            """,
            connection))
        {
            load.Parameters.AddWithValue("ids", parts.Select(p => p.Id).ToArray());
            load.Parameters.AddWithValue("wkt", parts.Select(p => p.Wkt).ToArray());
            load.Parameters.AddWithValue("incidents", incidents.Select(i => i.Id).ToArray());
            load.Parameters.AddWithValue("lat", incidents.Select(i => i.Location.Point.Latitude).ToArray());
            load.Parameters.AddWithValue("lon", incidents.Select(i => i.Location.Point.Longitude).ToArray());
            await load.ExecuteNonQueryAsync();
        }

        var theirs = new Dictionary<string, (string Sector, double Geodesic)>(StringComparer.Ordinal);
        await using (var knn = new NpgsqlCommand(KnnSql, connection))
        await using (var reader = await knn.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                theirs.Add(reader.GetString(0), (reader.GetString(1), reader.GetDouble(2)));
            }
        }

        var attributed = 0;
        foreach (var incident in incidents)
        {
            var (sector, geodesic) = theirs[incident.Id];
            var ours = incident.Attribution;
            if (geodesic > AttributionOptions.DefaultMaxDistanceMetres + 0.001)
            {
                Assert.Null(ours?.SectorId);
                continue;
            }

            Assert.True(ours?.SectorId is not null, $"{incident.Id}: PostGIS puts it {geodesic:F3} m from sector {sector}; we did not attribute it");
            attributed++;
            Assert.Equal(sector, ours!.SectorId);
            Assert.True(Math.Abs(ours.DistanceMetres!.Value - geodesic) <= 0.001, $"{incident.Id}: ours {ours.DistanceMetres:F4} m, PostGIS {geodesic:F4} m");
            Assert.NotNull(ours.SideParty);
            Assert.Null(ours.ReferenceLineId);
        }

        Assert.True(attributed > incidents.Count / 2, $"only {attributed} of {incidents.Count} demo incidents attributed");

        // On demand against a named reference line (here the demo's first line), within a tighter limit: fewer or as many.
        var reference = Demo.Lines[0].Id;
        var run = await store.AttributeIncidentsAsync(Monitor, reference, 5_000, null, default);
        Assert.InRange(run.Attributed, 0, attributed);
        Assert.All(
            (await store.ListIncidentsAsync(Caller.CommissionSystem, IncidentFilter.All, default)).Where(i => i.Attribution?.SectorId is not null),
            i => Assert.Equal(reference, i.Attribution!.ReferenceLineId));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AttributeIncidentsAsync(AmCartographer, null, 20_000, null, default));
    }
}
