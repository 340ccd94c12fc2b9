namespace Demarcate.Core.Tiles;

/// <summary>
/// The spherical Web Mercator projection (EPSG:3857) the tile grid is laid on: WGS 84 longitude and latitude
/// are projected as if on a sphere of the ellipsoid's semi-major axis, exactly as web maps and PostGIS do.
/// </summary>
/// <remarks>Stateless and thread-safe. Latitudes are clamped to ±<see cref="MaxLatitude"/>, where the grid ends.</remarks>
public static class WebMercator
{
    /// <summary>The sphere's radius: WGS 84's semi-major axis, in metres.</summary>
    public const double Radius = 6_378_137.0;

    /// <summary>Half the width of the world in projected metres (π·R), the grid's edge.</summary>
    public const double HalfWorld = Math.PI * Radius;

    public const double WorldSize = 2 * HalfWorld;

    /// <summary>The latitude at which the square world ends (atan(sinh π)), in degrees.</summary>
    public static readonly double MaxLatitude = Math.Atan(Math.Sinh(Math.PI)) * 180 / Math.PI;

    public static double X(double longitude) => longitude * Math.PI / 180 * Radius;

    public static double Y(double latitude)
    {
        var clamped = Math.Clamp(latitude, -MaxLatitude, MaxLatitude) * Math.PI / 180;
        return Radius * Math.Log(Math.Tan((Math.PI / 4) + (clamped / 2)));
    }

    public static double Longitude(double x) => x / Radius * 180 / Math.PI;

    public static double Latitude(double y) => Math.Atan(Math.Sinh(y / Radius)) * 180 / Math.PI;

    /// <summary>
    /// The WGS 84 box (west, south, east, north in degrees) that holds <paramref name="box"/>; the projection keeps
    /// meridians and parallels straight, so the corners are enough.
    /// </summary>
    public static (double West, double South, double East, double North) ToDegrees(MercatorBox box) =>
        (Math.Max(-180, Longitude(box.West)), Latitude(box.South), Math.Min(180, Longitude(box.East)), Latitude(box.North));

    /// <summary>The tile at <paramref name="zoom"/> that holds the WGS 84 point (a point on an edge belongs to the tile east and south of it).</summary>
    public static TileId TileAt(double longitude, double latitude, int zoom)
    {
        var count = 1L << zoom;
        var x = (long)Math.Floor((X(longitude) + HalfWorld) / WorldSize * count);
        var y = (long)Math.Floor((HalfWorld - Y(latitude)) / WorldSize * count);
        return TileId.Of(zoom, (int)Math.Clamp(x, 0, count - 1), (int)Math.Clamp(y, 0, count - 1));
    }
}
