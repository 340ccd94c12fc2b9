using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.ReferenceLayers;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

/// <summary>
/// The rivers, roads and railways the commission keeps as reference layers, as crossing features for pillar planning:
/// the CLI and the server both plan from here when a request brings no file of its own for a kind.
/// </summary>
public static class ReferenceCrossings
{
    /// <summary>How far around the sector's line stored features are read, in degrees (about 2 km): enough for any crossing.</summary>
    private const double Margin = 0.02;

    /// <summary>
    /// The linear features of every stored layer of the kinds in <paramref name="kinds"/> near <paramref name="line"/>
    /// (WGS 84, x = longitude), tagged with their crossing kind.
    /// </summary>
    public static async Task<IReadOnlyList<CrossingFeature>> ReadAsync(ICommissionStore store, Caller caller, Geometry line, IReadOnlyCollection<CrossingKind> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(kinds);
        var around = new Envelope(line.EnvelopeInternal);
        around.ExpandBy(Margin);
        var found = new List<CrossingFeature>();
        foreach (var layer in await store.ListReferenceLayersAsync(caller, cancellationToken))
        {
            if (KindOf(layer.Kind) is not { } kind || !kinds.Contains(kind))
            {
                continue;
            }

            var features = await store.ReadReferenceFeaturesAsync(caller, layer.Id, around, cancellationToken);
            found.AddRange(features.Where(f => f.Geometry is ILineal).Select(f => new CrossingFeature(f, kind)));
        }

        return found;
    }

    /// <summary>The crossing a layer's features make with the line, or null for layers that are not crossed (settlements, other).</summary>
    public static CrossingKind? KindOf(ReferenceLayerKind kind) => kind switch
    {
        ReferenceLayerKind.Rivers => CrossingKind.River,
        ReferenceLayerKind.Roads => CrossingKind.Road,
        ReferenceLayerKind.Railways => CrossingKind.Railway,
        _ => null,
    };
}

/// <summary>
/// The features a comparison reports on from the store: every stored settlements and roads layer the caller sees
/// (villages in a discrepancy polygon, roads the lines cross), or one named layer.
/// </summary>
public static class ComparisonReferenceFeatures
{
    /// <summary>The features of every stored settlements and roads layer the caller sees; empty when there are none.</summary>
    public static async Task<IReadOnlyList<Demarcate.Core.Analysis.LayerFeature>> ReadAsync(ICommissionStore store, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var features = new List<Demarcate.Core.Analysis.LayerFeature>();
        foreach (var layer in await store.ListReferenceLayersAsync(caller, cancellationToken))
        {
            if (layer.Kind is ReferenceLayerKind.Settlements or ReferenceLayerKind.Roads)
            {
                features.AddRange(await store.ReadReferenceFeaturesAsync(caller, layer.Id, null, cancellationToken));
            }
        }

        return features;
    }
}
