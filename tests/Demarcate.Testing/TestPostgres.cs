using Npgsql;

namespace Demarcate.Testing;

/// <summary>
/// The throwaway PostgreSQL + PostGIS cluster the test command starts (scripts/test), named by
/// DEMARCATE_TEST_POSTGRES. Tests that need it fail, never skip, when it is missing.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "DEMARCATE_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: run the tests with scripts/test, which starts a PostgreSQL + PostGIS cluster for them.");

    /// <summary>Creates an empty database of its own for one test or class; dispose to drop it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var name = "demarcate_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new TestDatabase(name, builder.ConnectionString);
    }
}

/// <summary>A database created for a test, dropped when disposed.</summary>
public sealed class TestDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    /// <summary>The same database as a postgresql:// address, as a user would give it.</summary>
    public string Uri
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
