using Microsoft.Data.Sqlite;
using Xunit;

namespace Demarcate.Testing;

/// <summary>
/// The demo commission in a GeoPackage file, made once per test class by the real <c>demarcate serve</c> (which loads
/// the demo into an empty store); each test works on its own copy, usually through a <see cref="CliRun"/>.
/// </summary>
public sealed class DemoStoreFile : IAsyncLifetime, IDisposable
{
    private readonly ScratchFolder _scratch = new();

    private string Store => _scratch.File("served.gpkg");

    public Task InitializeAsync() => ServeDemoIntoAsync(Store);

    /// <summary>
    /// Runs the real <c>demarcate serve</c> on <paramref name="store"/> until it answers, so that it loads the demo into
    /// the store if it is empty, then stops it and folds the write-ahead log it may leave in, so the file alone is the store.
    /// </summary>
    public static async Task ServeDemoIntoAsync(string store)
    {
        var port = CliProcess.FreePort();
        await using (var serve = CliProcess.Start(["serve", "--store", store, "--urls", $"http://127.0.0.1:{port}"]))
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await serve.WaitForHealthAsync(client);
        }

        await using var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE;";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A copy of the store and its journal key file in <paramref name="scratch"/>; returns the store's path.</summary>
    public string CopyTo(ScratchFolder scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var copy = scratch.File("store.gpkg");
        File.Copy(Store, copy);
        File.Copy(Store + ".journal-key.pem", copy + ".journal-key.pem");
        return copy;
    }

    /// <summary>A copy of the store in <paramref name="scratch"/>, to run <c>demarcate</c> on as the accounts a test adds.</summary>
    public Task<CliRun> CopyForCliAsync(ScratchFolder scratch) => CliRun.OnAsync(CopyTo(scratch), scratch);

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _scratch.Dispose();
}
