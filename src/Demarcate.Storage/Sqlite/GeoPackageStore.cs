using System.Data.Common;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats.GeoPackage;
using Microsoft.Data.Sqlite;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file that is a valid OGC GeoPackage 1.3, readable by QGIS and
/// GDAL as it stands. WAL journal, every write one transaction, backups through <c>VACUUM INTO</c>.
/// </summary>
/// <remarks>Thread-safe: each operation uses its own pooled connection.</remarks>
public sealed class GeoPackageStore : ICommissionStore
{
    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(GeoPackageSchema.Wgs84);
    private readonly string _connectionString;

    private GeoPackageStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The store's file.</summary>
    public string Path { get; }

    public string Description => "GeoPackage " + Path;

    /// <summary>
    /// Opens the store at <paramref name="path"/>, creating it when the file does not exist. An existing
    /// file is inspected read-only first and left byte-for-byte unchanged when it is refused.
    /// </summary>
    /// <exception cref="StoreException">The file cannot be used as a store; the message says why, in one line.</exception>
    public static async Task<GeoPackageStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        path = System.IO.Path.GetFullPath(path);
        var exists = File.Exists(path);
        var version = 0;
        if (exists)
        {
            version = GeoPackageFile.Inspect(path);
        }
        else
        {
            var folder = System.IO.Path.GetDirectoryName(path)!;
            if (!Directory.Exists(folder))
            {
                throw new StoreException($"{path}: cannot create the store: folder {folder} does not exist");
            }
        }

        var store = new GeoPackageStore(path);
        try
        {
            await store.MigrateAsync(exists, version, cancellationToken);
        }
        catch (SqliteException e)
        {
            SqliteConnection.ClearAllPools();
            var reason = e.SqliteErrorCode switch
            {
                8 => "the file or its folder is read-only (SQLite needs to write the store and its -wal file beside it)",
                14 => exists ? "cannot open the store for writing: the file or its folder is read-only" : "cannot create the store: its folder is not writable",
                _ => GeoPackageFile.FirstLine(e.Message),
            };
            throw new StoreException($"{path}: {reason}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreException($"{path}: cannot create the store: its folder is not writable", e);
        }

        return store;
    }

    private async Task MigrateAsync(bool exists, int version, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(_connectionString) { Mode = exists ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate, Pooling = false };
        await using var connection = GeoPackageFile.Connect(builder.ToString());
        if (!exists)
        {
            await ExecuteAsync(connection, null, $"PRAGMA application_id = {GeoPackageSchema.ApplicationId}; PRAGMA user_version = {GeoPackageSchema.UserVersion};", cancellationToken);
        }

        // Writes nothing when already in WAL mode; fails cleanly on a read-only file or folder.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);
        foreach (var (migration, name, statements) in GeoPackageSchema.Migrations.Where(m => m.Version > version))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            if (migration == 1)
            {
                await ExecuteAsync(connection, transaction, "CREATE TABLE demarcate_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", cancellationToken);
            }

            foreach (var statement in statements)
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            }

            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO demarcate_schema VALUES ($v, $n, strftime('%Y-%m-%dT%H:%M:%fZ','now'))";
            record.Parameters.AddWithValue("$v", migration);
            record.Parameters.AddWithValue("$n", name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = Connect();
        return await ScalarLongAsync(connection, "SELECT count(*) FROM commission", cancellationToken) == 0;
    }

    public async Task<Commission?> GetCommissionAsync(CancellationToken cancellationToken)
    {
        await using var connection = Connect();
        var parties = new Dictionary<string, Party>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT code, name, role FROM parties";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var party = new Party(new PartyCode(reader.GetString(0)), reader.GetString(1), Enum.Parse<PartyRole>(reader.GetString(2)));
                parties[party.Code.Value] = party;
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, first_state, second_state, mediator FROM commission";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return new Commission(reader.GetString(0), parties[reader.GetString(1)], parties[reader.GetString(2)], parties[reader.GetString(3)]);
        }
    }

    public async Task<IReadOnlyList<Section>> ListSectionsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT section_id, name, direction, party_on_left, party_on_right, sector_prefix, utm_zone, designated_line_id, position FROM sections ORDER BY position, section_id";
        var sections = new List<Section>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sections.Add(new Section(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                new PartyCode(reader.GetString(3)),
                new PartyCode(reader.GetString(4)),
                reader.GetString(5),
                reader.GetInt32(6))
            {
                DesignatedLineId = reader.IsDBNull(7) ? null : reader.GetString(7),
                Order = reader.GetInt32(8),
            });
        }

        return sections;
    }

    public async Task<IReadOnlyList<CartographicSource>> ListSourcesAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT source_id, title, issuer, edition_year, edition, scale_denominator, stated_accuracy_m, crs, licence, attribution, provenance, is_published FROM sources ORDER BY source_id";
        var sources = new List<CartographicSource>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var source = new CartographicSource(reader.GetString(0), reader.GetString(1), reader.GetString(2))
            {
                EditionYear = reader.IsDBNull(3) ? null : reader.GetInt32(3),
                Edition = reader.IsDBNull(4) ? null : reader.GetString(4),
                ScaleDenominator = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                StatedAccuracyMetres = reader.IsDBNull(6) ? null : reader.GetDouble(6),
                Crs = reader.GetString(7),
                Licence = reader.GetString(8),
                Attribution = reader.GetString(9),
                Provenance = reader.GetString(10),
                IsPublished = reader.GetBoolean(11),
            };
            if (caller.MaySee(source.IsPublished))
            {
                sources.Add(source);
            }
        }

        return sources;
    }

    public Task<IReadOnlyList<BoundaryLine>> ListLinesAsync(Caller caller, string? sectionId, CancellationToken cancellationToken) =>
        QueryLinesAsync(caller, "section_id = coalesce($key, section_id)", sectionId, cancellationToken);

    public async Task<BoundaryLine?> GetLineAsync(Caller caller, string lineId, CancellationToken cancellationToken) =>
        (await QueryLinesAsync(caller, "line_id = $key", lineId, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<BoundaryLine>> QueryLinesAsync(Caller caller, string condition, string? key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT line_id, section_id, kind, name, source_id, claimed_by, version, owner, publication, geom FROM boundary_lines WHERE {condition} ORDER BY section_id, line_id";
        command.Parameters.AddWithValue("$key", (object?)key ?? DBNull.Value);
        var lines = new List<BoundaryLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var line = new BoundaryLine(
                reader.GetString(0),
                reader.GetString(1),
                Enum.Parse<LineKind>(reader.GetString(2)),
                reader.GetString(3),
                (MultiLineString)ReadGeometry(reader, 9)!)
            {
                SourceId = reader.IsDBNull(4) ? null : reader.GetString(4),
                ClaimedBy = reader.IsDBNull(5) ? null : new PartyCode(reader.GetString(5)),
                Version = reader.GetInt32(6),
                Owner = reader.IsDBNull(7) ? null : new PartyCode(reader.GetString(7)),
                Publication = Enum.Parse<Publication>(reader.GetString(8)),
            };
            if (caller.MaySee(line.Owner, line.Publication))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    public async Task<IReadOnlyList<BreakPoint>> ListBreakPointsAsync(Caller caller, string? sectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT break_id, section_id, sequence, geom FROM sector_breaks WHERE section_id = coalesce($s, section_id) ORDER BY section_id, sequence";
        command.Parameters.AddWithValue("$s", (object?)sectionId ?? DBNull.Value);
        var breaks = new List<BreakPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var point = (Point)ReadGeometry(reader, 3)!;
            breaks.Add(new BreakPoint(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), new GeoPoint(point.Y, point.X)));
        }

        return breaks;
    }

    public Task<IReadOnlyList<SectorOnLine>> ListSectorsAsync(Caller caller, string? sectionId, CancellationToken cancellationToken) =>
        QuerySectorsAsync(caller, "s.section_id = coalesce($key, s.section_id)", sectionId, cancellationToken);

    public async Task<SectorOnLine?> GetSectorAsync(Caller caller, string sectorId, CancellationToken cancellationToken) =>
        (await QuerySectorsAsync(caller, "s.sector_id = $key", sectorId, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<SectorOnLine>> QuerySectorsAsync(Caller caller, string condition, string? key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT s.sector_id, s.section_id, s.number, s.from_break, s.to_break, s.status, s.line_id, s.length_m, s.gap_length_m, s.is_published, s.version, s.geom " +
            $"FROM sectors s LEFT JOIN sections c ON c.section_id = s.section_id WHERE {condition} ORDER BY c.position, s.number";
        command.Parameters.AddWithValue("$key", (object?)key ?? DBNull.Value);
        var sectors = new List<SectorOnLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sector = new Sector(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4))
            {
                Status = Enum.Parse<SectorStatus>(reader.GetString(5)),
                IsPublished = reader.GetBoolean(9),
                Version = reader.GetInt32(10),
            };
            if (caller.MaySee(sector.IsPublished))
            {
                sectors.Add(new SectorOnLine(
                    sector,
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    (MultiLineString?)ReadGeometry(reader, 11),
                    reader.GetDouble(7),
                    reader.GetDouble(8)));
            }
        }

        return sectors;
    }

    public async Task ImportAsync(BoundaryDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        await using var connection = Connect();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var commission = dataset.Commission;
        var position = 0;
        foreach (var party in commission.Parties)
        {
            await InsertAsync(connection, transaction, "INSERT OR REPLACE INTO parties VALUES ($1, $2, $3, $4)", cancellationToken, party.Code.Value, party.Name, party.Role.ToString(), position++);
        }

        await InsertAsync(
            connection, transaction, "INSERT OR REPLACE INTO commission VALUES (1, $1, $2, $3, $4)", cancellationToken,
            commission.Name, commission.FirstState.Code.Value, commission.SecondState.Code.Value, commission.Mediator.Code.Value);

        foreach (var s in dataset.Sections)
        {
            await InsertAsync(
                connection, transaction,
                "INSERT INTO sections (section_id, name, direction, party_on_left, party_on_right, sector_prefix, utm_zone, designated_line_id, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                cancellationToken, s.Id, s.Name, s.Direction, s.PartyOnLeft.Value, s.PartyOnRight.Value, s.SectorPrefix, s.UtmZone, s.DesignatedLineId, s.Order);
        }

        foreach (var s in dataset.Sources)
        {
            await InsertAsync(
                connection, transaction,
                "INSERT INTO sources (source_id, title, issuer, edition_year, edition, scale_denominator, stated_accuracy_m, crs, licence, attribution, provenance, is_published) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                cancellationToken, s.Id, s.Title, s.Issuer, s.EditionYear, s.Edition, s.ScaleDenominator, s.StatedAccuracyMetres, s.Crs, s.Licence, s.Attribution, s.Provenance, s.IsPublished);
        }

        foreach (var l in dataset.Lines)
        {
            await InsertAsync(
                connection, transaction,
                "INSERT INTO boundary_lines (line_id, section_id, kind, name, source_id, claimed_by, version, owner, publication, geom) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                cancellationToken, l.Id, l.SectionId, l.Kind.ToString(), l.Name, l.SourceId, l.ClaimedBy?.Value, l.Version, l.Owner?.Value, l.Publication.ToString(), Encode(l.Geometry));
        }

        foreach (var b in dataset.BreakPoints)
        {
            await InsertAsync(
                connection, transaction,
                "INSERT INTO sector_breaks (break_id, section_id, sequence, geom) VALUES ($1, $2, $3, $4)",
                cancellationToken, b.Id, b.SectionId, b.Sequence, Encode(Factory.CreatePoint(new Coordinate(b.Position.Longitude, b.Position.Latitude))));
        }

        foreach (var s in dataset.Sectors)
        {
            var sector = s.Sector;
            await InsertAsync(
                connection, transaction,
                "INSERT INTO sectors (sector_id, section_id, number, from_break, to_break, status, line_id, length_m, gap_length_m, is_published, version, geom) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                cancellationToken, sector.Id, sector.SectionId, sector.Number, sector.FromBreakId, sector.ToBreakId, sector.Status.ToString(), s.LineId,
                s.LengthMetres, s.GapLengthMetres, sector.IsPublished, sector.Version, s.Geometry is null ? null : Encode(s.Geometry));
        }

        await RefreshContentsAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task BackupAsync(string destination, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        destination = System.IO.Path.GetFullPath(destination);
        if (File.Exists(destination))
        {
            throw new StoreException($"{destination}: a backup must not overwrite an existing file");
        }

        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $path";
        command.Parameters.AddWithValue("$path", destination);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps gpkg_contents' extents and change times true, as GIS clients read them.</summary>
    private static async Task RefreshContentsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var table in GeoPackageSchema.FeatureTables)
        {
            var rtree = $"rtree_{table.Table}_geom";
            await ExecuteAsync(
                connection,
                transaction,
                $"""
                UPDATE gpkg_contents SET
                  min_x = (SELECT min(minx) FROM {rtree}), max_x = (SELECT max(maxx) FROM {rtree}),
                  min_y = (SELECT min(miny) FROM {rtree}), max_y = (SELECT max(maxy) FROM {rtree}),
                  last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
                WHERE table_name = '{table.Table}'
                """,
                cancellationToken);
        }

        await ExecuteAsync(connection, transaction, "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE data_type = 'attributes'", cancellationToken);
    }

    private SqliteConnection Connect() => GeoPackageFile.Connect(_connectionString);

    private static byte[] Encode(Geometry geometry) => GeoPackageGeometry.Encode(geometry, GeoPackageSchema.Wgs84);

    private static Geometry? ReadGeometry(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : GeoPackageGeometry.Decode((byte[])reader.GetValue(ordinal), Factory);

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (i + 1).ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarLongAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
