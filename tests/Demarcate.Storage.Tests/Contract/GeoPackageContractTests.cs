using Demarcate.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Demarcate.Storage.Tests.Contract;

/// <summary>The storage contract on the embedded GeoPackage file.</summary>
public sealed class GeoPackageContractTests(DemoDatasetFixture demo) : StoreContractTests(demo)
{
    protected override async Task<ICommissionStore> CreateStoreAsync() =>
        await GeoPackageStore.OpenAsync(Scratch.File(Guid.NewGuid().ToString("N") + ".gpkg"), default);

    protected override async Task<ICommissionStore> RestoreAsync(string backupFile)
    {
        // A GeoPackage backup is itself a store: restoring is copying the (quiescent) backup file into place.
        var restored = Scratch.File("restored.gpkg");
        File.Copy(backupFile, restored);
        return await GeoPackageStore.OpenAsync(restored, default);
    }

    protected override async Task ExecuteBehindTheBackAsync(ICommissionStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={((GeoPackageStore)store).Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Someone editing the file directly first removes the append-only triggers.
        command.CommandText = string.Concat(new[] { "journal", "journal_heads", "sector_versions", "sector_signatures" }
            .Select(t => $"DROP TRIGGER IF EXISTS {t}_immutable_update; DROP TRIGGER IF EXISTS {t}_immutable_delete; ")) + sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task ExecuteWithTriggersAsync(ICommissionStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={((GeoPackageStore)store).Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<IReadOnlyList<(string Name, byte[] Bytes)>> StoreBytesAsync(ICommissionStore store)
    {
        var path = ((GeoPackageStore)store).Path;
        var files = new List<(string, byte[])>();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            // The store keeps the file open; read it as another process would, sharing it.
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            files.Add((System.IO.Path.GetFileName(file), copy.ToArray()));
        }

        Assert.Contains(files, f => f.Item1.EndsWith("-wal", StringComparison.Ordinal));
        return files;
    }

    protected override async Task<byte[]?> ScalarBytesAsync(ICommissionStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={((GeoPackageStore)store).Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() as byte[];
    }

    protected override string Bytes(byte[] bytes) => "X'" + Convert.ToHexString(bytes) + "'";
}
