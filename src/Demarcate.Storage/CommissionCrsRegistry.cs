using Demarcate.Core;
using Demarcate.Core.Geodesy;

namespace Demarcate.Storage;

/// <summary>The registry a caller resolves CRS codes through: the built-in EPSG systems plus the commission's own definitions they may see.</summary>
public static class CommissionCrsRegistry
{
    /// <summary>
    /// <see cref="CrsRegistry.Standard"/> with every stored definition <paramref name="caller"/> may see. Definitions
    /// were checked when stored; one that no longer reads (a stricter reader in a later Demarcate) is left out rather
    /// than stopping every transformation, and its code then answers as unknown.
    /// </summary>
    public static async Task<CrsRegistry> CrsRegistryAsync(this ICommissionStore store, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.ListCrsAsync(caller, cancellationToken);
        return CrsRegistry.Standard.With(stored.Select(c => c.ToCoordinateReferenceSystem()).Where(r => r.Success).Select(r => r.Value));
    }
}
