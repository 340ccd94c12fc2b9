using Demarcate.Storage.Postgres;
using Demarcate.Storage.Sqlite;

namespace Demarcate.Storage;

/// <summary>Opens the commission's store wherever it lives: a GeoPackage file or a PostgreSQL database.</summary>
public static class CommissionStores
{
    /// <summary>
    /// Opens <paramref name="location"/>: a <c>postgresql://</c> address (or Npgsql connection string)
    /// opens the shared server store; anything else is the path of a GeoPackage file.
    /// </summary>
    /// <exception cref="StoreException">The store cannot be used; the message says why in one line.</exception>
    public static async Task<ICommissionStore> OpenAsync(string location, CancellationToken cancellationToken) =>
        PostgresStore.IsPostgresLocation(location)
            ? await PostgresStore.OpenAsync(location, cancellationToken)
            : await GeoPackageStore.OpenAsync(location, cancellationToken);

    /// <summary>
    /// Opens <paramref name="location"/> for writing, with the key that signs the journal's head after
    /// every write (from <paramref name="journalKeyFile"/>, or the default place beside the store).
    /// </summary>
    public static async Task<ICommissionStore> OpenForWritingAsync(string location, string? journalKeyFile, CancellationToken cancellationToken) =>
        await OpenForWritingAsync(location, journalKeyFile, humanitarianKeyFile: null, cancellationToken);

    /// <summary>
    /// Opens <paramref name="location"/> for writing with its journal key, and names the key-encryption key of
    /// humanitarian cases (<paramref name="humanitarianKeyFile"/>, or the default place beside the journal key).
    /// </summary>
    public static async Task<ICommissionStore> OpenForWritingAsync(string location, string? journalKeyFile, string? humanitarianKeyFile, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(location, cancellationToken);
        try
        {
            store.UseHumanitarianKeyFile(humanitarianKeyFile ?? HumanitarianKeyFile.DefaultFor(location));
            await store.UseJournalKeyAsync(JournalKeyFile.LoadOrCreate(journalKeyFile ?? JournalKeyFile.DefaultFor(location)), cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }
}
