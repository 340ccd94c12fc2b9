namespace Demarcate.Storage;

/// <summary>
/// A store could not be opened or written for a reason the user can act on (not a GeoPackage, corrupt,
/// from a newer Demarcate, read-only). The message is one line and names the file.
/// </summary>
public sealed class StoreException : Exception
{
    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The first line of a driver's message, so that a store error stays one line.</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
