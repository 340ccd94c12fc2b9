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
public sealed class GeoPackageStore : RelationalStore
{
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

    public override string Description => "GeoPackage " + Path;

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
                _ => StoreException.FirstLine(e.Message),
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
        // Every migration not yet recorded, not only those above the highest: branches merged in either order
        // leave a store that has a later migration but lacks an earlier one.
        var applied = new HashSet<int>();
        if (version > 0)
        {
            await using var recorded = connection.CreateCommand();
            recorded.CommandText = "SELECT version FROM demarcate_schema";
            await using var reader = await recorded.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        // SQLite's procedure for rebuilding a table (migration 12): foreign keys are off while a migration runs (they
        // cannot be switched inside a transaction) and the whole file is checked before it commits.
        await ExecuteAsync(connection, null, "PRAGMA foreign_keys = OFF", cancellationToken);
        foreach (var (migration, name, statements) in GeoPackageSchema.Migrations.Where(m => !applied.Contains(m.Version)))
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
            await using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "SELECT \"table\", parent FROM pragma_foreign_key_check LIMIT 1";
                await using var reader = await check.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    throw new StoreException($"migration {migration} would leave a row of {reader.GetString(0)} without its {reader.GetString(1)}");
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await ExecuteAsync(connection, null, "PRAGMA foreign_keys = ON", cancellationToken);
    }

    public override async Task BackupAsync(string destination, CancellationToken cancellationToken)
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
    protected override async Task AfterImportAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
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

    protected override Task<DbConnection> ConnectAsync(CancellationToken cancellationToken) =>
        Task.FromResult<DbConnection>(Connect());

    protected override void AddParameter(DbCommand command, int position, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        ((SqliteCommand)command).Parameters.AddWithValue("$" + position.ToString(CultureInfo.InvariantCulture), value ?? DBNull.Value);
    }

    protected override string GeometryValue(int position) => "$" + position.ToString(CultureInfo.InvariantCulture);

    protected override string GeometryColumn(string column) => column;

    /// <summary>Candidates from the GeoPackage R-tree of the table (its ids are the feature ids).</summary>
    protected override string BoxFilter(string table, string rowName, int firstParameter) =>
        $"{rowName}.fid IN (SELECT id FROM rtree_{table}_geom WHERE minx <= {P(firstParameter + 2)} AND maxx >= {P(firstParameter)} AND miny <= {P(firstParameter + 3)} AND maxy >= {P(firstParameter + 1)})";

    private static string P(int position) => "$" + position.ToString(CultureInfo.InvariantCulture);

    protected override byte[] EncodeGeometry(Geometry geometry) => GeoPackageGeometry.Encode(geometry, GeoPackageSchema.Wgs84);

    protected override Geometry DecodeGeometry(byte[] bytes) => GeoPackageGeometry.Decode(bytes, Factory);

    private SqliteConnection Connect() => GeoPackageFile.Connect(_connectionString);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return base.DisposeAsync();
    }
}
