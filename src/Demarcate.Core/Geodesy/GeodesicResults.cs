namespace Demarcate.Core.Geodesy;

/// <summary>The shortest path between two boundary points: its length and the azimuths at both ends.</summary>
/// <param name="Distance">Length of the geodesic, metres.</param>
/// <param name="InitialAzimuth">Azimuth at the first point, degrees clockwise from north, in (−180°, 180°].</param>
/// <param name="FinalAzimuth">Azimuth at the second point (the direction of travel there), degrees.</param>
public readonly record struct GeodesicInverse(double Distance, double InitialAzimuth, double FinalAzimuth);

/// <summary>Where a geodesic started at a point with a given azimuth ends after a given distance.</summary>
/// <param name="Latitude">Latitude of the end point, degrees.</param>
/// <param name="Longitude">Longitude of the end point, degrees in [−180°, 180°).</param>
/// <param name="FinalAzimuth">Azimuth at the end point (the direction of travel there), degrees.</param>
public readonly record struct GeodesicDirect(double Latitude, double Longitude, double FinalAzimuth)
{
    public GeoPoint Point => new(Latitude, Longitude);
}

/// <summary>The area of a parcel or discrepancy polygon bounded by geodesics on the ellipsoid.</summary>
/// <param name="SignedArea">m², positive when the ring runs counter-clockwise (interior on the left).</param>
/// <param name="Perimeter">Sum of the geodesic edge lengths, metres.</param>
public readonly record struct PolygonArea(double SignedArea, double Perimeter)
{
    /// <summary>The area regardless of the ring's direction, m².</summary>
    public double Area => Math.Abs(SignedArea);
}
