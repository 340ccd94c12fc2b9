using System.Security.Cryptography;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Storage.Seeding;
using Demarcate.Storage.Sqlite;
using Demarcate.Testing;
using Microsoft.Data.Sqlite;

namespace Demarcate.Storage.Tests.Sqlite;

public sealed class GeoPackageStoreTests : IClassFixture<DemoDatasetFixture>
{
    private readonly DemoDatasetFixture _demo;

    public GeoPackageStoreTests(DemoDatasetFixture demo) => _demo = demo;

    [Fact]
    public async Task Gdal_reads_the_file_as_a_geopackage_with_the_layers_counts_and_srs_we_wrote()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("gdal.gpkg");
        await using (var store = await GeoPackageStore.OpenAsync(path, default))
        {
            await store.ImportAsync(_demo.Dataset, default);
        }

        var expected = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["boundary_lines"] = _demo.Dataset.Lines.Count,
            ["sector_breaks"] = _demo.Dataset.BreakPoints.Count,
            ["sectors"] = _demo.Dataset.Sectors.Count,
            ["sections"] = _demo.Dataset.Sections.Count,
            ["sources"] = _demo.Dataset.Sources.Count,
        };
        var list = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-q", path]);
        Assert.Equal(0, list.ExitCode);
        Assert.DoesNotContain("ERROR", list.StandardError, StringComparison.Ordinal);
        foreach (var layer in expected.Keys)
        {
            Assert.Contains($": {layer}", list.StandardOutput, StringComparison.Ordinal);
        }

        foreach (var (layer, count) in expected)
        {
            var summary = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-so", path, layer]);
            Assert.Equal(0, summary.ExitCode);
            Assert.DoesNotContain("ERROR", summary.StandardError, StringComparison.Ordinal);
            Assert.Contains($"Feature Count: {count}", summary.StandardOutput, StringComparison.Ordinal);
            if (layer is "boundary_lines" or "sectors" or "sector_breaks")
            {
                Assert.Contains("ID[\"EPSG\",4326]", summary.StandardOutput, StringComparison.Ordinal);
                Assert.Contains(layer == "sector_breaks" ? "Geometry: Point" : "Geometry: Multi Line String", summary.StandardOutput, StringComparison.Ordinal);
            }
        }

        // GDAL's own validity check of the R-tree triggers and contents, as QGIS would rely on.
        var sql = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT count(*) AS n FROM rtree_boundary_lines_geom"]);
        Assert.Contains($"n (Integer) = {_demo.Dataset.Lines.Count}", sql.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_has_the_geopackage_identity_and_an_rtree_row_per_feature()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("identity.gpkg");
        await using (var store = await GeoPackageStore.OpenAsync(path, default))
        {
            await store.ImportAsync(_demo.Dataset, default);
        }

        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        Assert.Equal(0x47504B47L, Scalar(connection, "PRAGMA application_id"));
        Assert.Equal(10300L, Scalar(connection, "PRAGMA user_version"));
        Assert.Equal("wal", (string)new SqliteCommand("PRAGMA journal_mode", connection).ExecuteScalar()!);
        Assert.Equal(Scalar(connection, "SELECT count(*) FROM sectors"), Scalar(connection, "SELECT count(*) FROM rtree_sectors_geom"));
        Assert.Equal(_demo.Dataset.BreakPoints.Count, Scalar(connection, "SELECT count(*) FROM rtree_sector_breaks_geom"));
        Assert.Equal(7L, Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'boundary_lines'") + 1); // 6 triggers
        Assert.Equal(16L, Scalar(connection, "SELECT max(version) FROM demarcate_schema")); // the latest migration (16: provisions revised with a version check, their earlier texts kept)
    }

    [Fact]
    public async Task A_store_without_migration_2_gets_it_on_opening_even_after_a_later_migration_and_keeps_its_record()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("old.gpkg");
        await using (var store = await GeoPackageStore.OpenAsync(path, default))
        {
            await store.ImportAsync(_demo.Dataset, default);
        }

        // A store written before migration 2 was merged (it may already carry later migrations): its tables absent, no row for 2.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE document_versions; DROP TABLE documents; DROP TABLE decisions; DROP TABLE commission_sessions; DROP TABLE proposals; "
                + "DELETE FROM demarcate_schema WHERE version = 2;";
            await command.ExecuteNonQueryAsync();
            Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM demarcate_schema WHERE version = 2"));
        }

        await using (var reopened = await GeoPackageStore.OpenAsync(path, default))
        {
            Assert.Equal(_demo.Dataset.Sectors.Count, (await reopened.ListSectorsAsync(Caller.CommissionSystem, null, default)).Count);
            var author = Caller.For(new Account("am-carto", "am.carto", "AM cartographer", new PartyCode("AM"), Role.Cartographer));
            var proposal = await reopened.DraftProposalAsync(author, new Core.Proceedings.ProposalDraft("M-01", "After the upgrade", "text") { LineIds = [_demo.Dataset.Lines[0].Id] }, default);
            Assert.Equal(proposal.Id, Assert.Single(await reopened.ListProposalsAsync(author, "M-01", default)).Id);
        }

        await using var check = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await check.OpenAsync();
        Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM demarcate_schema WHERE version = 2"));
        Assert.Equal(2L, Scalar(check, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'decisions'"));
    }

    [Fact]
    public async Task Gdal_opens_the_pillar_register_as_a_point_layer_also_for_pillars_registered_before_migration_11()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("pillars.gpkg");
        var planned = new[] { new Core.Geodesy.GeoPoint(41.2, 45.0), new Core.Geodesy.GeoPoint(41.21, 45.015) };
        await using (var store = await GeoPackageStore.OpenAsync(path, default))
        {
            await store.ImportAsync(_demo.Dataset, default);
            await store.RegisterPillarsAsync(
                Caller.CommissionSystem,
                [new Core.Demarcation.Pillar(Core.Demarcation.PillarNumber.Of("M-01", 1), "M-01", Core.Demarcation.PillarType.Primary, planned[0]) { Publication = Publication.Published }],
                default);
        }

        // As a store written before migration 11 holds it: no geometry column, the table an attribute table, no record of 11.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE pillars DROP COLUMN geom; DELETE FROM gpkg_geometry_columns WHERE table_name = 'pillars'; "
                + "UPDATE gpkg_contents SET data_type = 'attributes', srs_id = NULL WHERE table_name = 'pillars'; DELETE FROM demarcate_schema WHERE version = 11;";
            await command.ExecuteNonQueryAsync();
        }

        await using (var reopened = await GeoPackageStore.OpenAsync(path, default))
        {
            await reopened.RegisterPillarsAsync(
                Caller.CommissionSystem,
                [new Core.Demarcation.Pillar(Core.Demarcation.PillarNumber.Of("M-01", 2), "M-01", Core.Demarcation.PillarType.Secondary, planned[1]) { Publication = Publication.Published }],
                default);
        }

        var summary = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-so", path, "pillars"]);
        Assert.Equal(0, summary.ExitCode);
        Assert.DoesNotContain("ERROR", summary.StandardError, StringComparison.Ordinal);
        Assert.Contains("Geometry: Point", summary.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Feature Count: 2", summary.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ID[\"EPSG\",4326]", summary.StandardOutput, StringComparison.Ordinal);

        // The point of each pillar (the one filled in by the migration, the one written since) is its planned position, x the longitude.
        var points = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT number, ST_MinX(geom) AS x, ST_MinY(geom) AS y FROM pillars ORDER BY number"]);
        Assert.Equal(0, points.ExitCode);
        Assert.Contains("x (Real) = 45", points.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("y (Real) = 41.2", points.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("x (Real) = 45.015", points.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("y (Real) = 41.21", points.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrations_12_and_13_keep_the_pillars_inspections_photos_and_history_of_a_store_at_migration_11_and_add_witness_marks()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("register-v11.gpkg");
        await using (var store = await GeoPackageStore.OpenAsync(path, default))
        {
            await store.ImportAsync(_demo.Dataset, default);
        }

        // The register as migrations 6 and 11 left it (a number unique across the register, rows keyed by number),
        // holding AM's draft M-02/1 (with an inspection, a photo and history) and AZ's submitted M-02/2, fids with a gap.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TABLE pillar_witness_marks; DELETE FROM gpkg_contents WHERE table_name = 'pillar_witness_marks'; DELETE FROM demarcate_schema WHERE version = 13;
                DROP TABLE pillar_photos; DROP TABLE pillar_history; DROP TABLE pillar_inspections; DROP TABLE pillars;
                CREATE TABLE pillars (
                  fid INTEGER PRIMARY KEY AUTOINCREMENT, number text NOT NULL UNIQUE, sector_id text NOT NULL REFERENCES sectors(sector_id),
                  pillar_type text NOT NULL, reason text NOT NULL, chainage_m double precision NOT NULL, feature text,
                  planned_lat double precision NOT NULL, planned_lon double precision NOT NULL, planned_height double precision, status text NOT NULL,
                  surveyed_lat double precision, surveyed_lon double precision, surveyed_height double precision, height_system text, survey_frame text,
                  survey_epoch double precision, survey_method text, survey_accuracy_m double precision, surveyed_on text, survey text,
                  owner text REFERENCES parties(code), publication text NOT NULL, version integer NOT NULL, geom POINT);
                CREATE TABLE pillar_inspections (fid INTEGER PRIMARY KEY AUTOINCREMENT, inspection_id text NOT NULL UNIQUE, number text NOT NULL REFERENCES pillars(number),
                  inspected_on text NOT NULL, found text NOT NULL, notes text NOT NULL, inspector text NOT NULL, added_at text NOT NULL);
                CREATE TABLE pillar_photos (fid INTEGER PRIMARY KEY AUTOINCREMENT, inspection_id text NOT NULL REFERENCES pillar_inspections(inspection_id),
                  name text NOT NULL, content_type text NOT NULL, content BLOB NOT NULL, UNIQUE (inspection_id, name));
                CREATE TABLE pillar_history (fid INTEGER PRIMARY KEY AUTOINCREMENT, number text NOT NULL REFERENCES pillars(number),
                  at text NOT NULL, actor text NOT NULL, action text NOT NULL, snapshot text NOT NULL);
                INSERT INTO pillars (fid, number, sector_id, pillar_type, reason, chainage_m, planned_lat, planned_lon, status, owner, publication, version) VALUES
                  (5, 'M-02/1', 'M-02', 'Primary', 'SectorEnd', 0, 41.0, 45.0, 'Planned', 'AM', 'Draft', 1),
                  (9, 'M-02/2', 'M-02', 'Secondary', 'Spacing', 500, 41.0045, 45.0, 'Planned', 'AZ', 'Submitted', 2);
                INSERT INTO pillar_inspections (inspection_id, number, inspected_on, found, notes, inspector, added_at) VALUES
                  ('i1', 'M-02/1', '2025-06-01', 'Damaged', 'Top broken off', 'am-carto', '2025-06-01T10:00:00.000Z');
                INSERT INTO pillar_photos (inspection_id, name, content_type, content) VALUES ('i1', 'north.png', 'image/png', X'89504E470102');
                INSERT INTO pillar_history (number, at, actor, action, snapshot) VALUES
                  ('M-02/1', '2025-05-01T10:00:00.000Z', 'am-carto', 'pillar.register', '{}'),
                  ('M-02/2', '2025-05-01T10:00:00.000Z', 'az-carto', 'pillar.register', '{}'),
                  ('M-02/1', '2025-06-01T10:00:00.000Z', 'am-carto', 'pillar.inspect', '{}');
                DELETE FROM demarcate_schema WHERE version = 12;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var amCartographer = Caller.For(new Account("am-carto", "am.carto", "AM cartographer", new PartyCode("AM"), Role.Cartographer));
        var azCartographer = Caller.For(new Account("az-carto", "az.carto", "AZ cartographer", new PartyCode("AZ"), Role.Cartographer));
        await using (var reopened = await GeoPackageStore.OpenAsync(path, default))
        {
            var inspection = Assert.Single(await reopened.ListInspectionsAsync(amCartographer, "M-02/1", default));
            Assert.Equal(Core.Demarcation.PillarStatus.Damaged, inspection.Found);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2 }, Assert.Single(inspection.Photos).Content);
            Assert.Equal(["pillar.register", "pillar.inspect"], (await reopened.ListPillarHistoryAsync(amCartographer, "M-02/1", default)).Select(h => h.Action));
            Assert.Equal(["az-carto"], (await reopened.ListPillarHistoryAsync(amCartographer, "M-02/2", default)).Select(h => h.Actor));
            Assert.Empty(await reopened.ListInspectionsAsync(azCartographer, "M-02/1", default));

            // The migrated register follows the new rule: AZ drafts its own M-02/1 beside AM's hidden one, and records on it.
            var azDraft = (await reopened.GetPillarAsync(amCartographer, "M-02/1", default))! with { Owner = new PartyCode("AZ"), Version = 0 };
            await reopened.RegisterPillarsAsync(azCartographer, [azDraft], default);
            await reopened.AddInspectionAsync(azCartographer, new Core.Demarcation.PillarInspection("M-02/1", new DateOnly(2025, 7, 1), Core.Demarcation.PillarStatus.Planned, "", []), default);
            Assert.Single(await reopened.ListInspectionsAsync(amCartographer, "M-02/1", default));
            Assert.Single(await reopened.ListInspectionsAsync(azCartographer, "M-02/1", default));

            // Migration 13 then gives the migrated pillars witness marks, keyed by the same fids.
            await reopened.SetWitnessMarksAsync(amCartographer, [new Core.Demarcation.WitnessMarkSet("M-02/1", [new Core.Demarcation.WitnessMark(1, "iron pin", 90, 10)], 1)], default);
            Assert.Single(await reopened.ListWitnessMarksAsync(amCartographer, "M-02/1", default));
            Assert.Empty(await reopened.ListWitnessMarksAsync(azCartographer, "M-02/1", default));
            await reopened.RegisterPillarsAsync(
                Caller.CommissionSystem,
                [new Core.Demarcation.Pillar(Core.Demarcation.PillarNumber.Of("M-02", 3), "M-02", Core.Demarcation.PillarType.Primary, new Core.Geodesy.GeoPoint(41.009, 45.0)) { Publication = Publication.Published }],
                default);
        }

        await using (var check = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly"))
        {
            check.Open();
            Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM demarcate_schema WHERE version = 13")); // migration 13 applied (later ones too)
            Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM demarcate_schema WHERE version = 12")); // migration 12 applied (later ones too)
            Assert.Equal(0L, Scalar(check, "SELECT count(*) FROM pragma_foreign_key_check"));
            Assert.Equal(9L, Scalar(check, "SELECT pillar_fid FROM pillar_history WHERE number = 'M-02/2'"));
            Assert.Equal(5L, Scalar(check, "SELECT pillar_fid FROM pillar_witness_marks"));
            Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM gpkg_contents WHERE table_name = 'pillar_witness_marks' AND data_type = 'attributes'"));
            Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM gpkg_geometry_columns WHERE table_name = 'pillars' AND column_name = 'geom' AND geometry_type_name = 'POINT'"));
            foreach (var table in new[] { "pillar_inspections", "pillar_photos", "pillar_history" })
            {
                Assert.Equal(2L, Scalar(check, $"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '{table}' AND name LIKE '%immutable%'"));
            }
        }

        var summary = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-so", path, "pillars"]);
        Assert.Equal(0, summary.ExitCode);
        Assert.Contains("Geometry: Point", summary.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Feature Count: 4", summary.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_taken_while_the_store_is_open_is_a_complete_store()
    {
        using var scratch = new ScratchFolder();
        await using var store = await GeoPackageStore.OpenAsync(scratch.File("live.gpkg"), default);
        await store.ImportAsync(_demo.Dataset, default);

        await store.BackupAsync(scratch.File("backup.gpkg"), default);

        await using var backup = await GeoPackageStore.OpenAsync(scratch.File("backup.gpkg"), default);
        Assert.Equal(
            (await store.ListSectorsAsync(Caller.CommissionSystem, null, default)).Select(s => (s.Sector, s.LengthMetres)),
            (await backup.ListSectorsAsync(Caller.CommissionSystem, null, default)).Select(s => (s.Sector, s.LengthMetres)));
        await Assert.ThrowsAsync<StoreException>(() => store.BackupAsync(scratch.File("backup.gpkg"), default));
    }

    public static TheoryData<string> RefusedFiles => ["text", "empty", "sqlite", "corrupt", "newer", "foreign-gpkg"];

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task A_file_that_is_not_a_usable_store_is_refused_in_one_line_and_left_unchanged(string kind)
    {
        using var scratch = new ScratchFolder();
        var path = await BadStores.MakeAsync(kind, scratch, _demo.Dataset);
        var before = SHA256.HashData(await File.ReadAllBytesAsync(path));

        var error = await Assert.ThrowsAsync<StoreException>(() => GeoPackageStore.OpenAsync(path, default));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(BadStores.ExpectedReason(kind), error.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path)));
    }

    [Fact]
    public async Task A_missing_folder_is_refused_clearly()
    {
        using var scratch = new ScratchFolder();
        var path = Path.Combine(scratch.Path, "no-such-folder", "store.gpkg");

        var error = await Assert.ThrowsAsync<StoreException>(() => GeoPackageStore.OpenAsync(path, default));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
