using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Monitoring;

/// <summary>How precisely an incident's place is known: ACLED's geo_precision codes 1, 2 and 3.</summary>
public enum GeoPrecision
{
    /// <summary>The exact place (or a named place the incident happened in).</summary>
    Exact = 1,

    /// <summary>Near a named place: the point is that place's.</summary>
    NearPlace = 2,

    /// <summary>Only the region is known: the point is the region's centre.</summary>
    Region = 3,
}

/// <summary>Where an incident happened: a WGS 84 point, how precisely it is known, and the place and region named.</summary>
/// <param name="Point">WGS 84 latitude and longitude (degrees).</param>
/// <param name="Precision">How precisely the point is known.</param>
/// <param name="Place">The named place (ACLED's location), or empty.</param>
/// <param name="Region">The first-level administrative region (ACLED's admin1), or empty.</param>
/// <remarks>Immutable.</remarks>
public sealed record IncidentLocation(GeoPoint Point, GeoPrecision Precision, string Place = "", string Region = "");
