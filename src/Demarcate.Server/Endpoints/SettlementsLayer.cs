using Demarcate.Core.Analysis;
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

    private static async Task<IReadOnlyList<LayerFeature>> LoadAsync()
    {
        await using var stream = DemoCommission.OpenSettlements();
        var layer = await FeatureLayer.ReadAsync(stream, "settlements", CancellationToken.None);
        return layer.Value; // throws with the first problem if the embedded file ever stops reading
    }
}
