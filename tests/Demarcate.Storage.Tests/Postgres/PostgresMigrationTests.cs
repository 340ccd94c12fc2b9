using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Trust;
using Demarcate.Storage.Postgres;
using Demarcate.Testing;
using Npgsql;

namespace Demarcate.Storage.Tests.Postgres;

/// <summary>Migrations of the PostgreSQL store over data written before them.</summary>
public sealed class PostgresMigrationTests(DemoDatasetFixture demo) : IClassFixture<DemoDatasetFixture>
{
    [Fact]
    public async Task Migration_12_keeps_the_pillars_inspections_photos_and_history_of_a_database_at_migration_11()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using (var store = await PostgresStore.OpenAsync(database.Uri, default))
        {
            await store.ImportAsync(demo.Dataset, default);
        }

        // The register as migrations 6 and 11 left it (a number unique across the register, rows keyed by number),
        // holding AM's draft M-02/1 (with an inspection, a photo and history) and AZ's submitted M-02/2, fids with a gap.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                DROP INDEX pillars_draft_number, pillars_shown_number, pillars_number, pillar_inspections_pillar, pillar_history_pillar;
                ALTER TABLE pillar_inspections DROP COLUMN pillar_fid;
                ALTER TABLE pillar_history DROP COLUMN pillar_fid;
                ALTER TABLE pillars ADD CONSTRAINT pillars_number_key UNIQUE (number);
                ALTER TABLE pillar_inspections ADD CONSTRAINT pillar_inspections_number_fkey FOREIGN KEY (number) REFERENCES pillars(number);
                ALTER TABLE pillar_history ADD CONSTRAINT pillar_history_number_fkey FOREIGN KEY (number) REFERENCES pillars(number);
                DELETE FROM demarcate_schema WHERE version = 12;
                INSERT INTO pillars (fid, number, sector_id, pillar_type, reason, chainage_m, planned_lat, planned_lon, status, owner, publication, version, geom) VALUES
                  (5, 'M-02/1', 'M-02', 'Primary', 'SectorEnd', 0, 41.0, 45.0, 'Planned', 'AM', 'Draft', 1, ST_SetSRID(ST_MakePoint(45.0, 41.0), 4326)),
                  (9, 'M-02/2', 'M-02', 'Secondary', 'Spacing', 500, 41.0045, 45.0, 'Planned', 'AZ', 'Submitted', 2, ST_SetSRID(ST_MakePoint(45.0, 41.0045), 4326));
                SELECT setval(pg_get_serial_sequence('pillars', 'fid'), 9);
                INSERT INTO pillar_inspections (inspection_id, number, inspected_on, found, notes, inspector, added_at) VALUES
                  ('i1', 'M-02/1', '2025-06-01', 'Damaged', 'Top broken off', 'am-carto', '2025-06-01T10:00:00.000Z');
                INSERT INTO pillar_photos (inspection_id, name, content_type, content) VALUES ('i1', 'north.png', 'image/png', '\x89504e470102'::bytea);
                INSERT INTO pillar_history (number, at, actor, action, snapshot) VALUES
                  ('M-02/1', '2025-05-01T10:00:00.000Z', 'am-carto', 'pillar.register', '{}'),
                  ('M-02/2', '2025-05-01T10:00:00.000Z', 'az-carto', 'pillar.register', '{}'),
                  ('M-02/1', '2025-06-01T10:00:00.000Z', 'am-carto', 'pillar.inspect', '{}');
                """,
                connection);
            await command.ExecuteNonQueryAsync();
        }

        var amCartographer = Caller.For(new Account("am-carto", "am.carto", "AM cartographer", new PartyCode("AM"), Role.Cartographer));
        var azCartographer = Caller.For(new Account("az-carto", "az.carto", "AZ cartographer", new PartyCode("AZ"), Role.Cartographer));
        await using (var reopened = await PostgresStore.OpenAsync(database.Uri, default))
        {
            var inspection = Assert.Single(await reopened.ListInspectionsAsync(amCartographer, "M-02/1", default));
            Assert.Equal(PillarStatus.Damaged, inspection.Found);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2 }, Assert.Single(inspection.Photos).Content);
            Assert.Equal(["pillar.register", "pillar.inspect"], (await reopened.ListPillarHistoryAsync(amCartographer, "M-02/1", default)).Select(h => h.Action));
            Assert.Equal(["az-carto"], (await reopened.ListPillarHistoryAsync(amCartographer, "M-02/2", default)).Select(h => h.Actor));
            Assert.Empty(await reopened.ListInspectionsAsync(azCartographer, "M-02/1", default));

            // The migrated register follows the new rule: AZ drafts its own M-02/1 beside AM's hidden one, and records on it.
            var azDraft = (await reopened.GetPillarAsync(amCartographer, "M-02/1", default))! with { Owner = new PartyCode("AZ") };
            await reopened.RegisterPillarsAsync(azCartographer, [azDraft], default);
            await reopened.AddInspectionAsync(azCartographer, new PillarInspection("M-02/1", new DateOnly(2025, 7, 1), PillarStatus.Planned, "", []), default);
            Assert.Single(await reopened.ListInspectionsAsync(amCartographer, "M-02/1", default));
            Assert.Single(await reopened.ListInspectionsAsync(azCartographer, "M-02/1", default));
        }

        await using (var check = new NpgsqlConnection(database.ConnectionString))
        {
            await check.OpenAsync();
            async Task<long> Scalar(string sql)
            {
                await using var command = new NpgsqlCommand(sql, check);
                return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.Equal(1L, await Scalar("SELECT count(*) FROM demarcate_schema WHERE version = 12"));
            Assert.Equal(9L, await Scalar("SELECT pillar_fid FROM pillar_history WHERE number = 'M-02/2'"));
            Assert.Equal(0L, await Scalar("SELECT count(*) FROM pillar_history WHERE pillar_fid IS NULL"));
            Assert.Equal(4326L, await Scalar("SELECT Find_SRID('public', 'pillars', 'geom')"));
            await Assert.ThrowsAsync<PostgresException>(() => Scalar("UPDATE pillar_history SET action = 'x' RETURNING 1"));
            await Assert.ThrowsAsync<PostgresException>(() => Scalar("DELETE FROM pillar_inspections RETURNING 1"));
        }

        NpgsqlConnection.ClearAllPools();
    }
}
