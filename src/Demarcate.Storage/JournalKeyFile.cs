using System.Security.Cryptography;

namespace Demarcate.Storage;

/// <summary>
/// The key that signs the journal's head, kept in a file outside the store (PKCS#8 PEM, readable by
/// its owner only), so that someone who can rewrite the store cannot also re-sign its history.
/// </summary>
public static class JournalKeyFile
{
    /// <summary>Where the key of a store lives when not configured: beside a GeoPackage file, or in the working folder for PostgreSQL.</summary>
    public static string DefaultFor(string storeLocation) =>
        Postgres.PostgresStore.IsPostgresLocation(storeLocation)
            ? Path.GetFullPath("demarcate-journal-key.pem")
            : Path.GetFullPath(storeLocation) + ".journal-key.pem";

    /// <summary>Loads the key, creating it (mode 0600) when the file does not exist yet.</summary>
    /// <exception cref="StoreException">The file exists but is not a usable key, or cannot be written.</exception>
    public static ECDsa LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path))
        {
            try
            {
                key.ImportFromPem(File.ReadAllText(path));
                if (key.KeySize != 256)
                {
                    throw new StoreException($"{path}: the journal key must be an ECDSA P-256 key");
                }

                return key;
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException or IOException or UnauthorizedAccessException)
            {
                key.Dispose();
                throw new StoreException($"{path}: not a usable journal key ({e.Message})", e);
            }
        }

        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            using var writer = new StreamWriter(file);
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            return key;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            key.Dispose();
            throw new StoreException($"{path}: cannot write the journal key ({e.Message})", e);
        }
    }
}
