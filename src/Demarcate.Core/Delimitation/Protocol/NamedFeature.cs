using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Delimitation.Protocol;

/// <summary>What kind of named place a gazetteer entry is, as the protocol names it ("the village of …").</summary>
public enum FeatureClass
{
    /// <summary>A rural settlement.</summary>
    Village,

    /// <summary>An urban settlement (an administrative seat, or a place of 10 000 people or more).</summary>
    Town,
}

/// <summary>A place from the gazetteer the protocol and the map annex name beside the line (a village, a town).</summary>
/// <param name="Name">The name as the gazetteer writes it.</param>
/// <param name="Position">Where it is, on WGS 84.</param>
/// <param name="Class">Village or town.</param>
/// <param name="Country">The party's code the gazetteer places it in (AM, AZ), when known.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record NamedFeature(string Name, GeoPoint Position, FeatureClass Class, string? Country = null);
