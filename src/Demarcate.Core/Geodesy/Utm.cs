namespace Demarcate.Core.Geodesy;

/// <summary>The Universal Transverse Mercator grid on WGS 84, the grid of the commission's GNSS field surveys.</summary>
public static class Utm
{
    private static readonly TransverseMercator[] North = Build(north: true);
    private static readonly TransverseMercator[] South = Build(north: false);

    /// <summary>The UTM zone (1–60) whose 6° band holds <paramref name="longitude"/> (degrees east); the Norway/Svalbard exceptions are not applied.</summary>
    public static int Zone(double longitude)
    {
        if (!double.IsFinite(longitude))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be finite.");
        }

        var zone = (int)Math.Floor((AngleMath.Normalize(longitude) + 180) / 6) + 1;
        return Math.Clamp(zone, 1, 60);
    }

    /// <summary>Central meridian of a zone, degrees east.</summary>
    public static double CentralMeridian(int zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zone, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zone, 60);
        return 6 * zone - 183;
    }

    /// <summary>The projection of a UTM zone: WGS 84, k₀ 0.9996, false easting 500 000 m, false northing 0 (north) or 10 000 000 m (south).</summary>
    public static TransverseMercator Projection(int zone, bool north = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zone, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zone, 60);
        return (north ? North : South)[zone - 1];
    }

    private static TransverseMercator[] Build(bool north)
    {
        var zones = new TransverseMercator[60];
        for (var zone = 1; zone <= 60; zone++)
        {
            zones[zone - 1] = new TransverseMercator(Ellipsoid.Wgs84, 0, 6 * zone - 183, 0.9996, 500_000, north ? 0 : 10_000_000);
        }

        return zones;
    }
}
