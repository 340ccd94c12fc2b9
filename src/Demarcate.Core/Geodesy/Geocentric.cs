using System.Runtime.CompilerServices;

namespace Demarcate.Core.Geodesy;

/// <summary>Geodetic ↔ Earth-centred Cartesian coordinates on one ellipsoid, the frame in which Helmert datum shifts act.</summary>
internal static class Geocentric
{
    /// <summary>X, Y, Z (metres) of a point at ellipsoidal height <paramref name="height"/>, given sin/cos of latitude and longitude.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FromGeodetic(Ellipsoid ellipsoid, double sinPhi, double cosPhi, double sinLam, double cosLam, double height,
        out double x, out double y, out double z)
    {
        var n = ellipsoid.SemiMajorAxis / Math.Sqrt(1 - ellipsoid.EccentricitySquared * sinPhi * sinPhi);
        var r = (n + height) * cosPhi;
        x = r * cosLam;
        y = r * sinLam;
        z = (n * (1 - ellipsoid.EccentricitySquared) + height) * sinPhi;
    }

    /// <summary>
    /// tan φ of a Cartesian point by Bowring's (1976) formula iterated twice, which for points within a few kilometres
    /// of the ellipsoid is exact to about 1e-15 in tan φ; longitude is atan2(Y, X) and is left to the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TanLatitude(Ellipsoid ellipsoid, double p, double z)
    {
        var a = ellipsoid.SemiMajorAxis;
        var b = ellipsoid.SemiMinorAxis;
        var e2 = ellipsoid.EccentricitySquared;
        var ep2b = ellipsoid.SecondEccentricitySquared * b;
        var e2a = e2 * a;
        var f1 = 1 - ellipsoid.Flattening;

        // Start from the latitude of the point on the surface below, then let Bowring's correction absorb the height.
        var tanPhi = z / (p * (1 - e2));
        for (var i = 0; i < 2; i++)
        {
            var tanBeta = f1 * tanPhi;
            var cosBeta = 1 / Math.Sqrt(1 + tanBeta * tanBeta);
            var sinBeta = tanBeta * cosBeta;
            tanPhi = (z + ep2b * sinBeta * sinBeta * sinBeta) / (p - e2a * cosBeta * cosBeta * cosBeta);
        }

        return tanPhi;
    }
}
