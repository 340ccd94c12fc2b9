using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Boundaries;

/// <summary>
/// The plane a section is analysed in (its UTM zone), together with the ellipsoid's geodesic distance:
/// projections onto a line are found in the plane; lengths are always measured on the ellipsoid.
/// </summary>
public sealed class PlanarFrame
{
    private readonly Func<GeoPoint, (double X, double Y)> _toPlane;
    private readonly Func<double, double, GeoPoint> _fromPlane;
    private readonly Func<GeoPoint, GeoPoint, double> _geodesicDistance;

    public PlanarFrame(
        string name,
        Func<GeoPoint, (double X, double Y)> toPlane,
        Func<double, double, GeoPoint> fromPlane,
        Func<GeoPoint, GeoPoint, double> geodesicDistance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _toPlane = toPlane ?? throw new ArgumentNullException(nameof(toPlane));
        _fromPlane = fromPlane ?? throw new ArgumentNullException(nameof(fromPlane));
        _geodesicDistance = geodesicDistance ?? throw new ArgumentNullException(nameof(geodesicDistance));
    }

    /// <summary>The plane of a northern UTM zone on WGS 84, with Karney's geodesics for lengths.</summary>
    public static PlanarFrame Utm(int zone)
    {
        var projection = Geodesy.Utm.Projection(zone);
        return new PlanarFrame(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"UTM zone {zone}N"),
            p =>
            {
                var grid = projection.Forward(p.Latitude, p.Longitude);
                return (grid.Easting, grid.Northing);
            },
            projection.Reverse,
            Geodesic.Wgs84.Distance);
    }

    /// <summary>What the plane is, e.g. "UTM zone 38N".</summary>
    public string Name { get; }

    public (double X, double Y) ToPlane(GeoPoint point) => _toPlane(point);

    public GeoPoint FromPlane(double x, double y) => _fromPlane(x, y);

    /// <summary>Length of the geodesic between two points, in metres.</summary>
    public double GeodesicDistance(GeoPoint from, GeoPoint to) => _geodesicDistance(from, to);
}
