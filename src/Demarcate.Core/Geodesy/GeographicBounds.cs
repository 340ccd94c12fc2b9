using System.Globalization;

namespace Demarcate.Core.Geodesy;

/// <summary>
/// The area of use of a CRS or an operation as EPSG publishes it: a latitude/longitude box in degrees, which crosses
/// the antimeridian when <see cref="West"/> is greater than <see cref="East"/> (as for Pulkovo 1942, 19.57°E to 168.97°W).
/// </summary>
public readonly record struct GeographicBounds(double South, double West, double North, double East)
{
    /// <summary>The whole world.</summary>
    public static GeographicBounds World { get; } = new(-90, -180, 90, 180);

    public bool Contains(double latitude, double longitude)
    {
        if (!(latitude >= South && latitude <= North))
        {
            return false;
        }

        var lon = AngleMath.Normalize(longitude);
        if (West <= East)
        {
            // Boxes reaching 180° also hold −180°, which Normalize produces for 180°.
            return (lon >= West && lon <= East) || (East >= 180 && lon == -180);
        }

        return lon >= West || lon <= East;
    }

    /// <summary>The overlap of two boxes (assuming neither crosses the antimeridian in a way that splits the overlap), or null when they are disjoint.</summary>
    public GeographicBounds? Intersect(GeographicBounds other)
    {
        var south = Math.Max(South, other.South);
        var north = Math.Min(North, other.North);
        var (w1, e1) = Unwrap(this);
        var (w2, e2) = Unwrap(other);
        var west = Math.Max(w1, w2);
        var east = Math.Min(e1, e2);
        if (south > north || west > east)
        {
            return null;
        }

        return new GeographicBounds(south, west, north, east > 180 ? east - 360 : east);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{South}°N..{North}°N, {West}°E..{East}°E");

    private static (double West, double East) Unwrap(GeographicBounds b) => b.West <= b.East ? (b.West, b.East) : (b.West, b.East + 360);
}
