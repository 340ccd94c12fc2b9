using System.Globalization;

namespace Demarcate.Core.Geodesy;

/// <summary>Which way a Helmert transformation's rotations turn: EPSG method 9606 or 9607.</summary>
public enum RotationConvention
{
    /// <summary>Position Vector transformation (EPSG:9606): the rotation turns the position vector; PROJ's +towgs84 uses it.</summary>
    PositionVector,

    /// <summary>Coordinate Frame rotation (EPSG:9607): the rotation turns the axes; the same parameters with opposite sign.</summary>
    CoordinateFrame,
}

/// <summary>
/// A published datum shift from a source datum to WGS 84 (e.g. EPSG:15865, Pulkovo 1942 to WGS 84 (16), 4.5 m),
/// applied as a seven-parameter Helmert transformation of geocentric coordinates.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Parameters are in EPSG's units: translations in metres, rotations in arc-seconds,
/// scale difference in parts per million. Horizontal only: heights are taken as zero on the source ellipsoid and the
/// height that results on the target ellipsoid is discarded, as EPSG defines its "geog2D domain" methods.
/// The reverse direction uses the transposed rotation matrix, as EPSG and PROJ do; for small rotations this is the
/// inverse to well below the operations' stated accuracy.
/// </remarks>
public sealed class DatumTransformation
{
    private const double ArcSecondsToRadians = Math.PI / (180 * 3600);

    // Rotation matrix of the forward direction, in Position Vector form: X_t = (1 + ds) R X_s + T.
    private readonly double _r01, _r02, _r10, _r12, _r20, _r21;
    private readonly double _scale;

    public DatumTransformation(
        CrsCode code,
        string name,
        Datum source,
        Datum target,
        double tx, double ty, double tz,
        double rx, double ry, double rz,
        double scaleDifferencePpm,
        RotationConvention convention,
        double accuracy,
        GeographicBounds areaOfUse,
        string areaDescription)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        Code = code;
        Name = name;
        Source = source;
        Target = target;
        Translation = (tx, ty, tz);
        Rotation = (rx, ry, rz);
        ScaleDifference = scaleDifferencePpm;
        Convention = convention;
        Accuracy = accuracy;
        AreaOfUse = areaOfUse;
        AreaDescription = areaDescription ?? "";

        // The Coordinate Frame convention is the Position Vector one with the rotations reversed.
        var sign = convention == RotationConvention.PositionVector ? 1 : -1;
        var x = sign * rx * ArcSecondsToRadians;
        var y = sign * ry * ArcSecondsToRadians;
        var z = sign * rz * ArcSecondsToRadians;
        _r01 = -z;
        _r02 = y;
        _r10 = z;
        _r12 = -x;
        _r20 = -y;
        _r21 = x;
        _scale = 1 + scaleDifferencePpm * 1e-6;
    }

    public CrsCode Code { get; }

    public string Name { get; }

    public Datum Source { get; }

    public Datum Target { get; }

    /// <summary>tX, tY, tZ in metres.</summary>
    public (double X, double Y, double Z) Translation { get; }

    /// <summary>rX, rY, rZ in arc-seconds, with the sign of <see cref="Convention"/>.</summary>
    public (double X, double Y, double Z) Rotation { get; }

    /// <summary>dS in parts per million.</summary>
    public double ScaleDifference { get; }

    public RotationConvention Convention { get; }

    /// <summary>EPSG's stated accuracy of the transformation, metres.</summary>
    public double Accuracy { get; }

    /// <summary>Where the transformation may be used (on the source datum's latitude/longitude).</summary>
    public GeographicBounds AreaOfUse { get; }

    public string AreaDescription { get; }

    /// <summary>Source-datum geographic coordinates (degrees) to target-datum geographic coordinates.</summary>
    public GeoPoint Forward(double latitude, double longitude) => Apply(latitude, longitude, reverse: false);

    /// <summary>Target-datum geographic coordinates (degrees) back to the source datum.</summary>
    public GeoPoint Reverse(double latitude, double longitude) => Apply(latitude, longitude, reverse: true);

    /// <summary>The PROJ +towgs84 value of this transformation (Position Vector convention), for interoperability.</summary>
    public string ToWgs84Parameters()
    {
        var sign = Convention == RotationConvention.PositionVector ? 1 : -1;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Translation.X},{Translation.Y},{Translation.Z},{sign * Rotation.X},{sign * Rotation.Y},{sign * Rotation.Z},{ScaleDifference}");
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Code} {Name} ({Accuracy} m)");

    private GeoPoint Apply(double latitude, double longitude, bool reverse)
    {
        var (sinPhi, cosPhi) = Math.SinCos(latitude * AngleMath.DegreesToRadians);
        var (sinLam, cosLam) = Math.SinCos(longitude * AngleMath.DegreesToRadians);
        Shift(ref sinPhi, ref cosPhi, ref sinLam, ref cosLam, reverse);
        return new GeoPoint(Math.Atan2(sinPhi, cosPhi) * AngleMath.RadiansToDegrees, Math.Atan2(sinLam, cosLam) * AngleMath.RadiansToDegrees);
    }

    /// <summary>
    /// The shift on sines and cosines of latitude and longitude, in place — the form in which the neighbouring
    /// projection steps want them, so a chain of operations needs no trigonometry between its steps.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void Shift(ref double sinPhi, ref double cosPhi, ref double sinLam, ref double cosLam, bool reverse)
    {
        var from = reverse ? Target.Ellipsoid : Source.Ellipsoid;
        var to = reverse ? Source.Ellipsoid : Target.Ellipsoid;
        Geocentric.FromGeodetic(from, sinPhi, cosPhi, sinLam, cosLam, 0, out var x, out var y, out var z);
        double x2, y2, z2;
        if (!reverse)
        {
            x2 = _scale * (x + _r01 * y + _r02 * z) + Translation.X;
            y2 = _scale * (_r10 * x + y + _r12 * z) + Translation.Y;
            z2 = _scale * (_r20 * x + _r21 * y + z) + Translation.Z;
        }
        else
        {
            x -= Translation.X;
            y -= Translation.Y;
            z -= Translation.Z;
            x /= _scale;
            y /= _scale;
            z /= _scale;
            x2 = x + _r10 * y + _r20 * z;
            y2 = _r01 * x + y + _r21 * z;
            z2 = _r02 * x + _r12 * y + z;
        }

        var p = Math.Sqrt(x2 * x2 + y2 * y2);
        var tanPhi = Geocentric.TanLatitude(to, p, z2);
        cosPhi = 1 / Math.Sqrt(1 + tanPhi * tanPhi);
        sinPhi = tanPhi * cosPhi;
        if (p > 0)
        {
            sinLam = y2 / p;
            cosLam = x2 / p;
        }
        else
        {
            // On the polar axis: the latitude is ±90° and any longitude will do.
            (sinPhi, cosPhi, sinLam, cosLam) = (z2 >= 0 ? 1 : -1, 0, 0, 1);
        }
    }
}
