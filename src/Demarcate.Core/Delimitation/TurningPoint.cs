using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Delimitation;

/// <summary>How the position of a turning point was established, as the protocol records it.</summary>
public enum PointFixing
{
    /// <summary>Measured in the field (GNSS or total station) by the joint survey teams.</summary>
    Survey,

    /// <summary>Read from a map or other cartographic source.</summary>
    Map,

    /// <summary>Computed from other points or lines (an intersection, a projection onto a reference line).</summary>
    Computation,

    /// <summary>Agreed by the delegations at the table, without measurement.</summary>
    Agreement,
}

/// <summary>
/// A turning point's coordinates exactly as the description states them, with their CRS: latitude and longitude
/// in degrees for a geographic CRS, or easting and northing in metres for a grid.
/// </summary>
/// <param name="Crs">The CRS the coordinates are stated in.</param>
/// <param name="IsGrid">True for easting/northing on a grid, false for latitude/longitude.</param>
/// <param name="East">Longitude in degrees (east positive) or easting in metres.</param>
/// <param name="North">Latitude in degrees (north positive) or northing in metres.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct StatedPosition(CrsCode Crs, bool IsGrid, double East, double North)
{
    /// <summary>A latitude/longitude stated on WGS 84 (EPSG:4326).</summary>
    public static StatedPosition Wgs84(GeoPoint point) => new(CrsCode.Epsg(4326), false, point.Longitude, point.Latitude);
}

/// <summary>A named point where the boundary line changes direction or kind, with how it was fixed.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record TurningPoint(string Id, StatedPosition Position, PointFixing FixedBy);
