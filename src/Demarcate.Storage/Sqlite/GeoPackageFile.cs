using System.Buffers.Binary;
using Demarcate.Formats.GeoPackage;
using Microsoft.Data.Sqlite;

namespace Demarcate.Storage.Sqlite;

/// <summary>
/// Opening the embedded store's file safely: an existing file is checked (SQLite header, GeoPackage
/// application id, integrity, schema version) without writing a byte before anything is migrated.
/// </summary>
internal static class GeoPackageFile
{
    private static ReadOnlySpan<byte> SqliteMagic => "SQLite format 3\0"u8;

    /// <summary>Checks an existing file and returns its Demarcate schema version; throws <see cref="StoreException"/>.</summary>
    public static int Inspect(string path)
    {
        var header = new byte[100];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreException($"{path}: cannot read the store (permission denied)", e);
        }
        catch (IOException e)
        {
            throw new StoreException($"{path}: cannot read the store ({e.Message})", e);
        }

        if (read < header.Length || !header.AsSpan(0, 16).SequenceEqual(SqliteMagic))
        {
            throw new StoreException($"{path}: not a GeoPackage (not an SQLite database)");
        }

        var applicationId = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(68));
        if (applicationId != GeoPackageSchema.ApplicationId)
        {
            throw new StoreException($"{path}: not a GeoPackage (SQLite application_id is 0x{applicationId:X8}, not 'GPKG')");
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            connection.Open();
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check(1)";
                var verdict = check.ExecuteScalar() as string;
                if (!string.Equals(verdict, "ok", StringComparison.Ordinal))
                {
                    throw new StoreException($"{path}: the GeoPackage is corrupt ({verdict})");
                }
            }

            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'demarcate_schema'";
            if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                throw new StoreException($"{path}: a GeoPackage, but not a Demarcate store (it has no demarcate_schema table); Demarcate will not modify it");
            }

            command.CommandText = "SELECT coalesce(max(version), 0) FROM demarcate_schema";
            var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (version > GeoPackageSchema.CurrentVersion)
            {
                throw new StoreException(
                    $"{path}: written by a newer Demarcate (store schema {version}; this version knows up to {GeoPackageSchema.CurrentVersion}); upgrade Demarcate to open it");
            }

            return version;
        }
        catch (SqliteException e)
        {
            throw new StoreException($"{path}: the GeoPackage is corrupt or unreadable ({StoreException.FirstLine(e.Message)})", e);
        }
    }

    /// <summary>Opens a connection with the GeoPackage R-tree trigger functions registered.</summary>
    public static SqliteConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        RegisterFunctions(connection);
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private static readonly NetTopologySuite.Geometries.GeometryFactory PointFactory = new(new NetTopologySuite.Geometries.PrecisionModel(), GeoPackageSchema.Wgs84);

    /// <summary>
    /// The SQL functions the R-tree extension's triggers call (ST_MinX … ST_IsEmpty), read from the
    /// geometry blob's header. GeoPackage requires every writer to provide them.
    /// </summary>
    public static void RegisterFunctions(SqliteConnection connection)
    {
        connection.CreateFunction<byte[]?, double?>("ST_MinX", b => Extent(b)?.MinX, isDeterministic: true);
        connection.CreateFunction<byte[]?, double?>("ST_MaxX", b => Extent(b)?.MaxX, isDeterministic: true);
        connection.CreateFunction<byte[]?, double?>("ST_MinY", b => Extent(b)?.MinY, isDeterministic: true);
        connection.CreateFunction<byte[]?, double?>("ST_MaxY", b => Extent(b)?.MaxY, isDeterministic: true);
        connection.CreateFunction<byte[]?, bool?>("ST_IsEmpty", b => b is null ? null : GeoPackageGeometry.ReadExtent(b).IsEmpty, isDeterministic: true);

        // Only migration 11 calls it (to give the pillars already registered their point); no trigger does, so other writers need not provide it.
        connection.CreateFunction<double, double, byte[]>(
            PillarPositionSchema.GeoPackagePointFunction, (lon, lat) => GeoPackageGeometry.Encode(PointFactory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(lon, lat)), GeoPackageSchema.Wgs84), isDeterministic: true);
    }


    private static GeoPackageGeometry.Extent? Extent(byte[]? blob)
    {
        if (blob is null)
        {
            return null;
        }

        var extent = GeoPackageGeometry.ReadExtent(blob);
        return extent.IsEmpty ? null : extent;
    }
}
