using Demarcate.Storage.Sqlite;
using Demarcate.Testing;
using Microsoft.Data.Sqlite;

namespace Demarcate.Storage.Tests.Sqlite;

/// <summary>Files that must be refused as stores, each made the way a user could come by it.</summary>
public static class BadStores
{
    public static async Task<string> MakeAsync(string kind, ScratchFolder scratch, BoundaryDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var path = scratch.File(kind + ".gpkg");
        switch (kind)
        {
            case "text":
                await File.WriteAllTextAsync(path, "section,x,y\nmain,45.0,41.0\n");
                break;
            case "empty":
                await File.WriteAllBytesAsync(path, []);
                break;
            case "sqlite":
                Execute(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'not a geopackage')");
                break;
            case "foreign-gpkg":
                Execute(path, "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300; CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY)");
                break;
            case "newer":
                await MakeStoreAsync(path, dataset);
                Execute(path, "INSERT INTO demarcate_schema VALUES (999, 'from the future', '2030-01-01T00:00:00Z')");
                break;
            case "corrupt":
                await MakeStoreAsync(path, dataset);
                var bytes = await File.ReadAllBytesAsync(path);
                var pageSize = (bytes[16] << 8) | bytes[17];
                // Overwrite the pages after the first with noise: the schema page survives, the tables do not.
                var noise = new Random(42);
                for (var i = pageSize; i < bytes.Length; i++)
                {
                    bytes[i] = (byte)noise.Next(256);
                }

                await File.WriteAllBytesAsync(path, bytes);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind of bad store");
        }

        SqliteConnection.ClearAllPools();
        return path;
    }

    public static string ExpectedReason(string kind) => kind switch
    {
        "text" or "empty" => "not a GeoPackage (not an SQLite database)",
        "sqlite" => "not a GeoPackage (SQLite application_id",
        "foreign-gpkg" => "not a Demarcate store",
        "newer" => "written by a newer Demarcate (store schema 999",
        "corrupt" => "corrupt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind of bad store"),
    };

    private static async Task MakeStoreAsync(string path, BoundaryDataset dataset)
    {
        await using var store = await GeoPackageStore.OpenAsync(path, default);
        await store.ImportAsync(dataset, default);
        SqliteConnection.ClearAllPools();
        // Fold the WAL back into the file so the file alone is the whole store.
        Execute(path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE");
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        GeoPackageFile.RegisterFunctions(connection);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
