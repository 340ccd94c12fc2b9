using Demarcate.Storage.Postgres;
using Demarcate.Testing;
using Npgsql;

namespace Demarcate.Storage.Tests.Contract;

/// <summary>The storage contract on PostgreSQL + PostGIS (the throwaway cluster the test command starts).</summary>
public sealed class PostgresContractTests(DemoDatasetFixture demo) : StoreContractTests(demo)
{
    private readonly Dictionary<ICommissionStore, string> _connectionStrings = [];

    protected override async Task<ICommissionStore> CreateStoreAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        OnCleanup(database);
        var store = await PostgresStore.OpenAsync(database.Uri, default);
        _connectionStrings[store] = database.ConnectionString;
        return store;
    }

    protected override async Task ExecuteBehindTheBackAsync(ICommissionStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionStrings[store]);
        await connection.OpenAsync();
        // Someone with the database's owner rights first switches the append-only triggers off.
        await using var command = new NpgsqlCommand(
            "ALTER TABLE journal DISABLE TRIGGER USER; ALTER TABLE journal_heads DISABLE TRIGGER USER; " + sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task ExecuteWithTriggersAsync(ICommissionStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionStrings[store]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A plain-text pg_dump of the whole database by the real pg_dump, as an administrator would take it.</summary>
    protected override async Task<IReadOnlyList<(string Name, byte[] Bytes)>> StoreBytesAsync(ICommissionStore store)
    {
        var settings = PostgresStore.ParseLocation(_connectionStrings[store]);
        var dump = Scratch.File(settings.Database + ".sql");
        var run = await ExternalTool.RunAsync(
            "pg_dump",
            ["--format=plain", "--host", settings.Host!, "--port", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", settings.Username!, "--file", dump, settings.Database!]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var bytes = await File.ReadAllBytesAsync(dump);
        Assert.Contains("humanitarian_fields", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        return [("pg_dump " + settings.Database, bytes)];
    }

    protected override async Task<byte[]?> ScalarBytesAsync(ICommissionStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionStrings[store]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as byte[];
    }

    protected override string Bytes(byte[] bytes) => "'\\x" + Convert.ToHexString(bytes) + "'::bytea";

    protected override async Task<ICommissionStore> RestoreAsync(string backupFile)
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        OnCleanup(database);
        var settings = PostgresStore.ParseLocation(database.ConnectionString);
        var restore = await ExternalTool.RunAsync(
            "pg_restore",
            ["--no-owner", "--exit-on-error", "--host", settings.Host!, "--port", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", settings.Username!, "--dbname", database.Name, backupFile]);
        Assert.True(restore.ExitCode == 0, restore.StandardError);
        return await PostgresStore.OpenAsync(database.Uri, default);
    }
}
