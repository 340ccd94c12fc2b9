using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace Demarcate.Storage.Postgres;

/// <summary>
/// The commission's shared server store: PostgreSQL 15+ with PostGIS 3. Geometries travel as EWKB;
/// spatial queries run in PostGIS on GiST indexes. Same contract, same SQL as the GeoPackage store.
/// </summary>
/// <remarks>Thread-safe: connections come from one pooled data source.</remarks>
public sealed class PostgresStore : RelationalStore
{
    /// <summary>Serialises migrations between servers that start at once against one database.</summary>
    private const long MigrationLock = 0x44454D4152434154; // "DEMARCAT"

    /// <summary>Serialises writes (and so the journal's chain) across every server on one database.</summary>
    private const long WriteLock = 0x44454D4A524E4C; // "DEMJRNL"

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnectionStringBuilder _settings;

    private PostgresStore(NpgsqlDataSource dataSource, NpgsqlConnectionStringBuilder settings)
    {
        _dataSource = dataSource;
        _settings = settings;
    }

    public override string Description => $"PostgreSQL {_settings.Host}:{_settings.Port}/{_settings.Database}";

    /// <summary>Whether <paramref name="location"/> names a PostgreSQL database rather than a GeoPackage file.</summary>
    public static bool IsPostgresLocation(string location) =>
        location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || location.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Connects to the database at <paramref name="location"/> (a <c>postgresql://user:password@host:port/database</c>
    /// URI or an Npgsql connection string) and brings its schema up to date.
    /// </summary>
    /// <exception cref="StoreException">The database cannot be reached or is from a newer Demarcate.</exception>
    public static async Task<PostgresStore> OpenAsync(string location, CancellationToken cancellationToken)
    {
        var settings = ParseLocation(location);
        var dataSource = NpgsqlDataSource.Create(settings);
        var store = new PostgresStore(dataSource, settings);
        try
        {
            await store.MigrateAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            await dataSource.DisposeAsync();
            throw new StoreException($"{store.Description}: {StoreException.FirstLine(e.Message)}", e);
        }
        catch (StoreException)
        {
            await dataSource.DisposeAsync();
            throw;
        }

        return store;
    }

    /// <summary>Reads a <c>postgresql://</c> URI (or a connection string) into Npgsql settings.</summary>
    public static NpgsqlConnectionStringBuilder ParseLocation(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (!location.Contains("://", StringComparison.Ordinal))
        {
            return new NpgsqlConnectionStringBuilder(location);
        }

        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw new StoreException($"{location}: not a PostgreSQL address (expected postgresql://user:password@host:port/database)");
        }

        var settings = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Length > 0 ? uri.Host : "localhost",
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            settings.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1)
            {
                settings.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (key.ToLowerInvariant())
            {
                case "host": settings.Host = value; break; // a Unix socket folder
                case "sslmode": settings.SslMode = Enum.Parse<SslMode>(value, ignoreCase: true); break;
                case "application_name": settings.ApplicationName = value; break;
                default: throw new StoreException($"{Redact(location)}: unknown connection option '{key}'");
            }
        }

        return settings;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock($1)", cancellationToken, MigrationLock);
        try
        {
            await ExecuteAsync(
                connection, null,
                "CREATE TABLE IF NOT EXISTS demarcate_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            await using var current = Command(connection, null, "SELECT coalesce(max(version), 0) FROM demarcate_schema");
            var version = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (version > PostgresSchema.CurrentVersion)
            {
                throw new StoreException(
                    $"{Description}: written by a newer Demarcate (store schema {version}; this version knows up to {PostgresSchema.CurrentVersion}); upgrade Demarcate to open it");
            }

            // Every migration not yet recorded, not only those above the highest: branches merged in either order
            // leave a database that has a later migration but lacks an earlier one.
            var applied = new HashSet<int>();
            await using (var recorded = Command(connection, null, "SELECT version FROM demarcate_schema"))
            await using (var reader = await recorded.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            foreach (var (migration, name, statements) in PostgresSchema.Migrations.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                foreach (var statement in statements)
                {
                    await ExecuteAsync(connection, transaction, statement, cancellationToken);
                }

                await ExecuteAsync(connection, transaction, "INSERT INTO demarcate_schema (version, name) VALUES ($1, $2)", cancellationToken, migration, name);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock($1)", CancellationToken.None, MigrationLock);
        }
    }

    /// <summary>A backup with <c>pg_dump</c> in its custom format (restore with <c>pg_restore</c>).</summary>
    public override async Task BackupAsync(string destination, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        destination = Path.GetFullPath(destination);
        if (File.Exists(destination))
        {
            throw new StoreException($"{destination}: a backup must not overwrite an existing file");
        }

        var start = new ProcessStartInfo("pg_dump")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--format=custom", "--no-owner", "--file", destination, "--host", _settings.Host!, "--port", _settings.Port.ToString(CultureInfo.InvariantCulture), "--username", _settings.Username ?? "postgres", _settings.Database! })
        {
            start.ArgumentList.Add(argument);
        }

        if (_settings.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new StoreException("pg_dump could not be started");
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new StoreException($"{Description}: pg_dump failed: {StoreException.FirstLine(error)}");
        }
    }

    /// <summary>Writes queue on one transaction-scoped advisory lock, so the journal grows one entry at a time.</summary>
    protected override async Task LockForWriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, WriteLock);

    protected override async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override void AddParameter(DbCommand command, int position, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        ((NpgsqlCommand)command).Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
    }

    protected override string GeometryValue(int position) => $"ST_GeomFromEWKB(${position.ToString(CultureInfo.InvariantCulture)})";

    protected override string GeometryColumn(string column) => $"ST_AsEWKB({column})";

    protected override string BoxFilter(string table, string rowName, int firstParameter) =>
        $"{rowName}.geom && ST_MakeEnvelope({P(firstParameter)}, {P(firstParameter + 1)}, {P(firstParameter + 2)}, {P(firstParameter + 3)}, {Wgs84})";

    /// <summary>PostGIS's index-assisted nearest-neighbour ordering on the GiST index.</summary>
    protected override string NearestOrder(string rowName, int firstParameter) =>
        $"{rowName}.geom <-> ST_SetSRID(ST_MakePoint({P(firstParameter)}, {P(firstParameter + 1)}), {Wgs84})";

    /// <summary>
    /// All attribution rows in one statement: five parallel arrays joined to the table by <c>unnest</c>, one round trip
    /// and one plan, instead of an UPDATE per incident.
    /// </summary>
    protected override async Task WriteAttributionRowsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<Demarcate.Core.Monitoring.IncidentAttributionRow> rows, string attributedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        await ExecuteAsync(
            connection, transaction,
            """
            UPDATE incidents AS i
            SET sector_id = u.sector_id, distance_m = u.distance_m, side_party = u.side_party, reference_line_id = u.reference_line_id,
                attributed_at = CASE WHEN u.sector_id IS NULL THEN NULL ELSE $6::text END
            FROM unnest($1::text[], $2::text[], $3::double precision[], $4::text[], $5::text[]) AS u(incident_id, sector_id, distance_m, side_party, reference_line_id)
            WHERE i.incident_id = u.incident_id
            """,
            cancellationToken,
            rows.Select(r => r.IncidentId).ToArray(),
            rows.Select(r => r.SectorId).ToArray(),
            rows.Select(r => r.DistanceMetres).ToArray(),
            rows.Select(r => r.SideParty?.Value).ToArray(),
            rows.Select(r => r.ReferenceLineId).ToArray(),
            attributedAt);
    }

    private static string P(int position) => "$" + position.ToString(CultureInfo.InvariantCulture);

    protected override byte[] EncodeGeometry(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var copy = geometry.Copy();
        copy.SRID = Wgs84;
        return new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false).Write(copy);
    }

    protected override Geometry DecodeGeometry(byte[] bytes) => new WKBReader(Factory.GeometryServices).Read(bytes);

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }


    private static string Redact(string location) =>
        System.Text.RegularExpressions.Regex.Replace(location, "://(?<user>[^:@/]+):[^@/]*@", "://${user}:***@", System.Text.RegularExpressions.RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
}
