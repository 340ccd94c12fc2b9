using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Storage;
using Demarcate.Formats.Comparison;
using Demarcate.Storage.Seeding;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// The server's settlements layer (the demo's GeoNames places, public reference data), read once. It is the
/// server's own embedded file, so a problem reading it is a fault, not bad input.
/// </summary>
public static class SettlementsLayer
{
    private static readonly Lazy<Task<IReadOnlyList<LayerFeature>>> Features = new(LoadAsync);

    /// <summary>The settlements as a feature layer for the comparison's affected-features analysis.</summary>
    public static Task<IReadOnlyList<LayerFeature>> FeaturesAsync() => Features.Value;

    /// <summary>
    /// The features a comparison reports on for <paramref name="caller"/>: the commission's stored settlements and roads
    /// layers, or this embedded file when the store holds none the caller sees.
    /// </summary>
    public static async Task<IReadOnlyList<LayerFeature>> FeaturesAsync(ICommissionStore store, Caller caller, CancellationToken cancellationToken)
    {
        var stored = await ComparisonReferenceFeatures.ReadAsync(store, caller, cancellationToken);
        return stored.Count > 0 ? stored : await Features.Value;
    }

    private static async Task<IReadOnlyList<LayerFeature>> LoadAsync()
    {
        await using var stream = DemoCommission.OpenSettlements();
        var layer = await FeatureLayer.ReadAsync(stream, "settlements", CancellationToken.None);
        return layer.Value; // throws with the first problem if the embedded file ever stops reading
    }
}
