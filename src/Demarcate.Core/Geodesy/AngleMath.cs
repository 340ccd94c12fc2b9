using System.Runtime.CompilerServices;

namespace Demarcate.Core.Geodesy;

/// <summary>Degree arithmetic that keeps exact values exact (sin 90° = 1, cos 90° = 0), which the geodesic special cases depend on.</summary>
internal static class AngleMath
{
    public const double DegreesToRadians = Math.PI / 180;
    public const double RadiansToDegrees = 180 / Math.PI;

    /// <summary>Reduces to [−180°, 180°).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Normalize(double degrees)
    {
        if (degrees >= -180 && degrees < 180)
        {
            return degrees;
        }

        var x = Math.IEEERemainder(degrees, 360);
        return x == 180 ? -180 : x;
    }

    /// <summary>lon2 − lon1 reduced to [−180°, 180°], computed so that small differences of large longitudes stay exact.</summary>
    public static double Difference(double from, double to)
    {
        var d = Math.IEEERemainder(-from, 360) + Math.IEEERemainder(to, 360);
        d = Math.IEEERemainder(d, 360);
        return d == -180 ? 180 : d;
    }

    /// <summary>Sine and cosine of an angle in degrees, reducing by quadrant first so multiples of 90° come out exact.</summary>
    public static (double Sin, double Cos) SinCosDegrees(double degrees)
    {
        var r = Math.IEEERemainder(degrees, 360);
        var q = (int)Math.Round(r / 90);
        r -= 90 * q;
        var (s, c) = Math.SinCos(r * DegreesToRadians);
        (s, c) = (q & 3) switch
        {
            0 => (s, c),
            1 => (c, -s),
            2 => (-s, -c),
            _ => (-c, s),
        };

        // Avoid −0 so that azimuths come out as +0 rather than −0 (which atan2 would turn into ±180°).
        return (s + 0.0, c + 0.0);
    }

    /// <summary>atan2 in degrees, exact at the axes, in (−180°, 180°].</summary>
    public static double Atan2Degrees(double y, double x)
    {
        var q = 0;
        if (Math.Abs(y) > Math.Abs(x))
        {
            (y, x) = (x, y);
            q = 2;
        }

        if (x < 0 || (x == 0 && double.IsNegative(x)))
        {
            x = -x;
            ++q;
        }

        var angle = Math.Atan2(y, x) * RadiansToDegrees;
        return q switch
        {
            1 => (y >= 0 ? 180 : -180) - angle,
            2 => 90 - angle,
            3 => -90 + angle,
            _ => angle,
        };
    }

    /// <summary>Scales (x, y) to unit length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Normalize(ref double y, ref double x)
    {
        var r = Math.Sqrt(x * x + y * y);
        y /= r;
        x /= r;
    }

    /// <summary>Rounds tiny angles to zero so that values like 1e-20° do not produce spurious non-zero azimuth sines.</summary>
    public static double Round(double x)
    {
        const double z = 1.0 / 16;
        var y = Math.Abs(x);
        y = y < z ? z - (z - y) : y;
        return Math.CopySign(y, x);
    }

    /// <summary>Polynomial by Horner's rule; coefficients highest power first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Polynomial(ReadOnlySpan<double> coefficientsHighFirst, double x)
    {
        var y = 0.0;
        foreach (var c in coefficientsHighFirst)
        {
            y = y * x + c;
        }

        return y;
    }

    /// <summary>Polynomial by Horner's rule; coefficients lowest power first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PolynomialLowFirst(ReadOnlySpan<double> coefficients, double x)
    {
        var y = 0.0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            y = y * x + coefficients[i];
        }

        return y;
    }
}
