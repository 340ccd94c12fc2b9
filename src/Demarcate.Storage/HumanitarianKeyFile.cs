using System.Security.Cryptography;
using Demarcate.Core.Humanitarian;

namespace Demarcate.Storage;

/// <summary>
/// The key-encryption key of humanitarian cases, kept in a file outside the store (beside the journal key, readable by
/// its owner only): whoever holds a copy of the store without this file holds ciphertext only.
/// </summary>
public static class HumanitarianKeyFile
{
    private const string Header = "DEMARCATE HUMANITARIAN KEY-ENCRYPTION KEY v1";

    /// <summary>Where the key of a store lives when not configured: beside a GeoPackage file, or in the working folder for PostgreSQL.</summary>
    public static string DefaultFor(string storeLocation) =>
        Postgres.PostgresStore.IsPostgresLocation(storeLocation)
            ? Path.GetFullPath("demarcate-humanitarian-key")
            : Path.GetFullPath(storeLocation) + ".humanitarian-key";

    /// <summary>Loads the 256-bit key, creating it (mode 0600) when the file does not exist yet.</summary>
    /// <exception cref="StoreException">The file exists but is not a usable key, or cannot be written.</exception>
    public static byte[] LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            try
            {
                var lines = File.ReadAllLines(path);
                var key = lines.Length >= 2 && lines[0] == Header ? Convert.FromBase64String(lines[1].Trim()) : [];
                return key.Length == CaseSeal.KeyBytes
                    ? key
                    : throw new StoreException($"{path}: not a humanitarian key file (a header line and a base64 256-bit key)");
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                throw new StoreException($"{path}: not a usable humanitarian key ({e.Message})", e);
            }
        }

        var created = RandomNumberGenerator.GetBytes(CaseSeal.KeyBytes);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            using var writer = new StreamWriter(file);
            writer.Write(Header + "\n" + Convert.ToBase64String(created) + "\n");
            return created;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{path}: cannot write the humanitarian key ({e.Message})", e);
        }
    }
}
