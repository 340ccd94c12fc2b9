using Demarcate.Core.Delimitation;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Tests.Delimitation.Protocol;

/// <summary>The every-leg-kind sample with places set at known distances and directions from its legs.</summary>
internal static class ProtocolSamples
{
    /// <summary>The sample resolved, and a gazetteer: a village 800 m due west of the middle of the meridian leg (TP4 → TP5), a town 1.5 km east of TP6, and a village far away.</summary>
    public static (ResolvedDescription Resolved, IReadOnlyList<NamedFeature> Gazetteer) EveryLegKind()
    {
        var resolved = DescriptionSamples.Resolver().Resolve(DescriptionSamples.EveryLegKind());
        var meridianMiddle = new GeoPoint((41.06 + 41.03) / 2, 45.40);
        var west = Geodesic.Wgs84.Direct(meridianMiddle.Latitude, meridianMiddle.Longitude, 270, 800).Point;
        var east = Geodesic.Wgs84.Direct(41.00, 45.42, 95, 1500).Point;
        IReadOnlyList<NamedFeature> gazetteer =
        [
            new("Westvale", west, FeatureClass.Village, "AM"),
            new("Eastborough", east, FeatureClass.Town, "AZ"),
            new("Faraway", new GeoPoint(40.5, 44.9), FeatureClass.Village, "AM"),
        ];
        return (resolved, gazetteer);
    }
}
