using System.Runtime.CompilerServices;

namespace Demarcate.Core.Geodesy;

/// <summary>
/// A Transverse Mercator map grid — UTM, Gauss–Krüger or a commission's local grid — converting between
/// geographic coordinates on its ellipsoid and grid easting/northing in metres.
/// </summary>
/// <remarks>
/// Krüger's series in the third flattening n to order n⁶, as given by Karney (2011), "Transverse Mercator with an
/// accuracy of a few nanometers", J. Geod. 85:475–485, eqs. (7)–(11) and (35)–(36). Within 4° of the central
/// meridian the series error is below a micrometre. Immutable and thread-safe; <see cref="Forward(double, double)"/>
/// allocates nothing.
/// </remarks>
public sealed class TransverseMercator
{
    private const int Order = 6;

    private readonly double _e;
    private readonly double _e2m; // 1 − e²
    private readonly double _k0A; // k₀ times the rectifying radius A
    private readonly double _originNorthing; // k₀ A ξ(φ₀) − FN, subtracted from every northing
    private readonly double _sinLam0;
    private readonly double _cosLam0;
    private readonly double[] _alpha = new double[Order + 1];
    private readonly double[] _toConformal = new double[Order + 1]; // χ − φ = Σ c_j sin 2jφ
    private readonly double[] _fromConformal = new double[Order + 1]; // φ − χ = Σ d_j sin 2jχ
    private readonly double[] _beta = new double[Order + 1];

    public TransverseMercator(
        Ellipsoid ellipsoid,
        double latitudeOfOrigin,
        double centralMeridian,
        double scaleFactor,
        double falseEasting,
        double falseNorthing)
    {
        ArgumentNullException.ThrowIfNull(ellipsoid);
        if (!(Math.Abs(latitudeOfOrigin) <= 90))
        {
            throw new ArgumentOutOfRangeException(nameof(latitudeOfOrigin), latitudeOfOrigin, "The latitude of origin must be within ±90°.");
        }

        if (!(Math.Abs(centralMeridian) <= 360))
        {
            throw new ArgumentOutOfRangeException(nameof(centralMeridian), centralMeridian, "The central meridian must be within ±360°.");
        }

        if (!(scaleFactor > 0) || double.IsInfinity(scaleFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(scaleFactor), scaleFactor, "The scale factor must be positive.");
        }

        if (!double.IsFinite(falseEasting) || !double.IsFinite(falseNorthing))
        {
            throw new ArgumentOutOfRangeException(nameof(falseEasting), "False easting and northing must be finite.");
        }

        Ellipsoid = ellipsoid;
        LatitudeOfOrigin = latitudeOfOrigin;
        CentralMeridian = centralMeridian;
        ScaleFactor = scaleFactor;
        FalseEasting = falseEasting;
        FalseNorthing = falseNorthing;

        (_sinLam0, _cosLam0) = AngleMath.SinCosDegrees(centralMeridian);
        _e = ellipsoid.Eccentricity;
        _e2m = 1 - ellipsoid.EccentricitySquared;
        var n = ellipsoid.ThirdFlattening;
        var n2 = n * n;

        // Karney (2011) eq. (14): rectifying radius.
        var a = ellipsoid.SemiMajorAxis / (1 + n) * (1 + n2 * (1.0 / 4 + n2 * (1.0 / 64 + n2 / 256)));
        _k0A = scaleFactor * a;

        // Karney (2011) eq. (35), α_j, and eq. (36), β_j, each a polynomial in n (highest power first).
        SetSeries(_alpha, n,
        [
            [7891.0 / 37800, -127.0 / 288, 41.0 / 180, 5.0 / 16, -2.0 / 3, 1.0 / 2],
            [-1983433.0 / 1935360, 281.0 / 630, 557.0 / 1440, -3.0 / 5, 13.0 / 48],
            [167603.0 / 181440, 15061.0 / 26880, -103.0 / 140, 61.0 / 240],
            [6601661.0 / 7257600, -179.0 / 168, 49561.0 / 161280],
            [-3418889.0 / 1995840, 34729.0 / 80640],
            [212378941.0 / 319334400],
        ]);
        SetSeries(_beta, n,
        [
            [96199.0 / 604800, -81.0 / 512, -1.0 / 360, 37.0 / 96, -2.0 / 3, 1.0 / 2],
            [-1118711.0 / 3870720, 46.0 / 105, -437.0 / 1440, 1.0 / 15, 1.0 / 48],
            [5569.0 / 90720, -209.0 / 4480, -37.0 / 840, 17.0 / 480],
            [-830251.0 / 7257600, -11.0 / 504, 4397.0 / 161280],
            [-108847.0 / 3991680, 4583.0 / 161280],
            [20648693.0 / 638668800],
        ]);

        ConformalSeries(_toConformal, _fromConformal);

        // On the central meridian the grid northing is the scaled rectifying-latitude arc; evaluating the
        // forward series there gives the arc to the latitude of origin with the same accuracy as every point.
        ForwardCore(latitudeOfOrigin, 0, out _, out var xi0);
        _originNorthing = _k0A * xi0 - falseNorthing;
    }

    public Ellipsoid Ellipsoid { get; }

    /// <summary>φ₀, degrees.</summary>
    public double LatitudeOfOrigin { get; }

    /// <summary>λ₀, degrees east.</summary>
    public double CentralMeridian { get; }

    /// <summary>k₀ on the central meridian.</summary>
    public double ScaleFactor { get; }

    /// <summary>FE, metres.</summary>
    public double FalseEasting { get; }

    /// <summary>FN, metres.</summary>
    public double FalseNorthing { get; }

    /// <summary>Geographic latitude/longitude (degrees, on <see cref="Ellipsoid"/>) to grid coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public GridPoint Forward(double latitude, double longitude)
    {
        ForwardCore(latitude, longitude - CentralMeridian, out var eta, out var xi);
        return new GridPoint(FalseEasting + _k0A * eta, _k0A * xi - _originNorthing);
    }

    /// <summary>
    /// Projects many points at once, without allocating: <paramref name="easting"/>[i], <paramref name="northing"/>[i]
    /// receive the grid coordinates of (<paramref name="latitude"/>[i], <paramref name="longitude"/>[i]).
    /// </summary>
    public void Forward(ReadOnlySpan<double> latitude, ReadOnlySpan<double> longitude, Span<double> easting, Span<double> northing)
    {
        var count = latitude.Length;
        if (longitude.Length != count || easting.Length < count || northing.Length < count)
        {
            throw new ArgumentException("Latitude and longitude must have the same length and the outputs must be at least as long.", nameof(longitude));
        }

        var fe = FalseEasting;
        var k0A = _k0A;
        var origin = _originNorthing;
        var lon0 = CentralMeridian;
        for (var i = 0; i < count; i++)
        {
            ForwardCore(latitude[i], longitude[i] - lon0, out var eta, out var xi);
            easting[i] = fe + k0A * eta;
            northing[i] = k0A * xi - origin;
        }
    }

    /// <summary>Grid coordinates to geographic latitude/longitude (degrees, on <see cref="Ellipsoid"/>).</summary>
    public GeoPoint Reverse(double easting, double northing)
    {
        var (latitude, longitude) = ReverseCore((northing + _originNorthing) / _k0A, (easting - FalseEasting) / _k0A);
        return new GeoPoint(latitude, AngleMath.Normalize(longitude + CentralMeridian));
    }

    /// <summary>
    /// Converts in place: on entry <paramref name="first"/> holds eastings and <paramref name="second"/> northings;
    /// on exit they hold latitudes and longitudes.
    /// </summary>
    public void Reverse(Span<double> first, Span<double> second)
    {
        if (first.Length != second.Length)
        {
            throw new ArgumentException("Both spans must have the same length.", nameof(second));
        }

        for (var i = 0; i < first.Length; i++)
        {
            var p = Reverse(first[i], second[i]);
            first[i] = p.Latitude;
            second[i] = p.Longitude;
        }
    }

    /// <summary>
    /// Meridian convergence γ (degrees, the angle from grid north to true north, positive east of the central meridian)
    /// and point scale factor k at a geographic position — what a surveyor needs to reduce measured bearings and
    /// distances to the grid.
    /// </summary>
    public (double Convergence, double Scale) PointFactors(double latitude, double longitude)
    {
        // Karney (2011) eqs. (12)-(13) for the Gauss–Schreiber part and the derivative of the Krüger series (eq. 11).
        var lambda = AngleMath.Normalize(longitude - CentralMeridian) * AngleMath.DegreesToRadians;
        var phi = latitude * AngleMath.DegreesToRadians;
        var (sinPhi, cosPhi) = Math.SinCos(phi);
        var (sinLam, cosLam) = Math.SinCos(lambda);
        var tau = sinPhi / cosPhi;
        var sigma = Math.Sinh(_e * Math.Atanh(_e * sinPhi));
        var tauP = tau * Math.Sqrt(1 + sigma * sigma) - sigma * Math.Sqrt(1 + tau * tau);
        var xiP = Math.Atan2(tauP, cosLam);
        var etaP = Math.Asinh(sinLam / Math.Sqrt(tauP * tauP + cosLam * cosLam));
        var gammaP = Math.Atan2(sinLam * tauP, cosLam * Math.Sqrt(1 + tauP * tauP));
        var kP = Math.Sqrt(_e2m + Ellipsoid.EccentricitySquared * cosPhi * cosPhi) * Math.Sqrt(1 + tau * tau)
                 / Math.Sqrt(tauP * tauP + cosLam * cosLam);

        // dζ/dζ′ = 1 + Σ 2jα_j cos(2jζ′)
        double dRe = 1, dIm = 0;
        for (var j = 1; j <= Order; j++)
        {
            var (s, c) = Math.SinCos(2 * j * xiP);
            dRe += 2 * j * _alpha[j] * c * Math.Cosh(2 * j * etaP);
            dIm -= 2 * j * _alpha[j] * s * Math.Sinh(2 * j * etaP);
        }

        var gamma = gammaP + Math.Atan2(-dIm, dRe);
        var k = _k0A / Ellipsoid.SemiMajorAxis * kP * Math.Sqrt(dRe * dRe + dIm * dIm);
        return (gamma * AngleMath.RadiansToDegrees, k);
    }

    /// <summary>η = x/(k₀A) and ξ = y/(k₀A) for latitude φ and longitude λ − λ₀, both in degrees.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ForwardCore(double latitude, double dLongitude, out double eta, out double xi)
    {
        if (dLongitude < -180 || dLongitude >= 180)
        {
            dLongitude = AngleMath.Normalize(dLongitude);
        }

        var (sinPhi, cosPhi) = Math.SinCos(latitude * AngleMath.DegreesToRadians);
        var (sinLam, cosLam) = Math.SinCos(dLongitude * AngleMath.DegreesToRadians);
        ForwardCore(sinPhi, cosPhi, sinLam, cosLam, out eta, out xi);
    }

    /// <summary>
    /// Grid coordinates from sines and cosines of latitude and of absolute longitude — the form a preceding datum shift
    /// produces — so that a chain of operations needs no inverse trigonometry between its steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ForwardTrig(double sinPhi, double cosPhi, double sinLam, double cosLam, out double easting, out double northing)
    {
        // λ − λ₀ by rotating the longitude's unit vector back by the central meridian.
        var sinDLam = sinLam * _cosLam0 - cosLam * _sinLam0;
        var cosDLam = cosLam * _cosLam0 + sinLam * _sinLam0;
        ForwardCore(sinPhi, cosPhi, sinDLam, cosDLam, out var eta, out var xi);
        easting = FalseEasting + _k0A * eta;
        northing = _k0A * xi - _originNorthing;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ForwardCore(double sinPhi, double cosPhi, double sinLam, double cosLam, out double eta, out double xi)
    {
        // Conformal latitude χ (Karney 2011, eqs. 7-9) by its Fourier series in φ, rotating (sin φ, cos φ) by χ − φ.
        var delta = SinSeries(_toConformal, 2 * sinPhi * cosPhi, (cosPhi - sinPhi) * (cosPhi + sinPhi));
        SmallSinCos(delta, out var sd, out var cd);
        var t = sinPhi * cd + cosPhi * sd; // sin χ
        var cosChi = cosPhi * cd - sinPhi * sd;

        // Gauss–Schreiber (spherical TM) coordinates ξ′, η′, eq. (10), and from them the sines and cosines of 2ξ′
        // and the hyperbolic functions of 2η′ algebraically, saving four transcendental calls per point.
        var c = cosLam * cosChi;
        var d2 = t * t + c * c;
        var d = Math.Sqrt(d2);
        var sh = sinLam * cosChi / d; // sinh η′
        var ch = Math.Sqrt(1 + sh * sh); // cosh η′
        var xiP = Math.Atan2(t, c);

        // asinh(sh) written with the cosh already at hand; the two branches avoid cancellation.
        var etaP = sh >= 0 ? Math.Log(sh + ch) : -Math.Log(ch - sh);

        var inverseD2 = 1 / d2;
        var sin2Xi = 2 * t * c * inverseD2;
        var cos2Xi = (c - t) * (c + t) * inverseD2;
        var sinh2Eta = 2 * sh * ch;
        var cosh2Eta = 1 + 2 * sh * sh;

        // Krüger series ζ = ζ′ + Σ α_j sin(2jζ′), eq. (11), summed by Clenshaw's recurrence in complex arithmetic.
        ClenshawSin(_alpha, sin2Xi, cos2Xi, sinh2Eta, cosh2Eta, out var sumRe, out var sumIm);
        xi = xiP + sumRe;
        eta = etaP + sumIm;
    }

    private (double Latitude, double Longitude) ReverseCore(double xi, double eta)
    {
        ReverseCore(xi, eta, out var sinPhi, out var cosPhi, out var sinDLam, out var cosDLam);
        return (Math.Atan2(sinPhi, cosPhi) * AngleMath.RadiansToDegrees, Math.Atan2(sinDLam, cosDLam) * AngleMath.RadiansToDegrees);
    }

    /// <summary>
    /// Sines and cosines of latitude and of absolute longitude for grid coordinates — the form a following datum shift
    /// takes — so that a chain of operations needs no trigonometry between its steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ReverseTrig(double easting, double northing, out double sinPhi, out double cosPhi, out double sinLam, out double cosLam)
    {
        ReverseCore((northing + _originNorthing) / _k0A, (easting - FalseEasting) / _k0A, out sinPhi, out cosPhi, out var sinDLam, out var cosDLam);
        sinLam = sinDLam * _cosLam0 + cosDLam * _sinLam0;
        cosLam = cosDLam * _cosLam0 - sinDLam * _sinLam0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ReverseCore(double xi, double eta, out double sinPhi, out double cosPhi, out double sinDLam, out double cosDLam)
    {
        var (sinXi, cosXi) = Math.SinCos(xi);
        var sin2Xi = 2 * sinXi * cosXi;
        var cos2Xi = (cosXi - sinXi) * (cosXi + sinXi);

        // sinh and cosh of 2η from one exponential; only absolute accuracy matters in the series below.
        var eEta = Math.Exp(eta);
        var e2Eta = eEta * eEta;
        var sinh2Eta = 0.5 * (e2Eta - 1 / e2Eta);
        var cosh2Eta = 0.5 * (e2Eta + 1 / e2Eta);

        // ζ′ = ζ − Σ β_j sin(2jζ), eq. (11) inverted with the β series. The correction is small (< 0.01), so the
        // functions of ξ′ and η′ follow from those of ξ and η by a rotation and a factor, without new calls.
        ClenshawSin(_beta, sin2Xi, cos2Xi, sinh2Eta, cosh2Eta, out var sumRe, out var sumIm);
        SmallSinCos(sumRe, out var sd, out var cd);
        var sinXiP = sinXi * cd - cosXi * sd;
        var cosXiP = cosXi * cd + sinXi * sd;
        var eEtaP = eEta * SmallExp(-sumIm);
        var shEtaP = 0.5 * (eEtaP - 1 / eEtaP);
        var chEtaP = 0.5 * (eEtaP + 1 / eEtaP);

        // Inverse Gauss–Schreiber, eqs. (18)-(19): λ from atan2(sinh η′, cos ξ′); tan χ = sin ξ′ / √(sinh² η′ + cos² ξ′),
        // and since sin² ξ′ + sinh² η′ + cos² ξ′ = cosh² η′, sin χ = sin ξ′ / cosh η′ and cos χ = r / cosh η′.
        var r = Math.Sqrt(shEtaP * shEtaP + cosXiP * cosXiP);
        if (r == 0)
        {
            // A pole: longitude is arbitrary.
            sinPhi = sinXiP >= 0 ? 1 : -1;
            cosPhi = 0;
            sinDLam = 0;
            cosDLam = 1;
            return;
        }

        sinDLam = shEtaP / r;
        cosDLam = cosXiP / r;
        var sinChi = sinXiP / chEtaP;
        var cosChi = r / chEtaP;

        // Geographic latitude by the Fourier series of φ − χ in χ.
        var delta = SinSeries(_fromConformal, 2 * sinChi * cosChi, (cosChi - sinChi) * (cosChi + sinChi));
        SmallSinCos(delta, out var sdp, out var cdp);
        sinPhi = sinChi * cdp + cosChi * sdp;
        cosPhi = cosChi * cdp - sinChi * sdp;
    }

    /// <summary>
    /// Fourier coefficients of χ − φ in φ and of φ − χ in χ (both odd, period π, terms falling off like n^j), computed
    /// by a discrete sine transform of the exact relations: χ from φ by Karney (2011) eq. (9), φ from χ by Newton's
    /// method, eqs. (19)-(21). Six terms leave an error near n⁷ ≈ 1e-19 rad; evaluating them costs a few
    /// multiplications instead of the exponentials and logarithms of the exact forms at every point.
    /// </summary>
    private void ConformalSeries(double[] toConformal, double[] fromConformal)
    {
        const int samples = 64;
        Array.Clear(toConformal);
        Array.Clear(fromConformal);
        for (var k = 1; k < samples; k++)
        {
            var angle = k * Math.PI / (2 * samples);
            var tau = Math.Tan(angle);
            var w = Math.Exp(_e * Math.Atanh(_e * Math.Sin(angle)));
            var sigma = 0.5 * (w - 1 / w);
            var chi = Math.Atan(tau * Math.Sqrt(1 + sigma * sigma) - sigma * Math.Sqrt(1 + tau * tau));
            var phi = Math.Atan(TauFromTauPrime(tau));
            for (var j = 1; j <= Order; j++)
            {
                var weight = 2.0 / samples * Math.Sin(2 * j * angle);
                toConformal[j] += weight * (chi - angle);
                fromConformal[j] += weight * (phi - angle);
            }
        }
    }

    /// <summary>Σ_{j≥1} c_j sin 2jx by Clenshaw's recurrence, given sin 2x and cos 2x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SinSeries(double[] c, double sin2X, double cos2X)
    {
        var z = 2 * cos2X;
        var b1 = c[6];
        var b2 = 0.0;
        var b0 = c[5] + z * b1;
        b2 = b1;
        b1 = b0;
        b0 = c[4] + z * b1 - b2;
        b2 = b1;
        b1 = b0;
        b0 = c[3] + z * b1 - b2;
        b2 = b1;
        b1 = b0;
        b0 = c[2] + z * b1 - b2;
        b2 = b1;
        b1 = b0;
        b0 = c[1] + z * b1 - b2;
        return b0 * sin2X;
    }

    /// <summary>sin x and cos x for |x| &lt; 0.01 by their Taylor series (error below 1e-20), else by the library.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SmallSinCos(double x, out double sin, out double cos)
    {
        if (Math.Abs(x) < 0.01)
        {
            var x2 = x * x;
            sin = x * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42)));
            cos = 1 - x2 / 2 * (1 - x2 / 12 * (1 - x2 / 30 * (1 - x2 / 56)));
        }
        else
        {
            (sin, cos) = Math.SinCos(x);
        }
    }

    /// <summary>eˣ for |x| &lt; 0.01 by its Taylor series (relative error below 1e-18), else by the library.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SmallExp(double x) =>
        Math.Abs(x) < 0.01
            ? 1 + x * (1 + x / 2 * (1 + x / 3 * (1 + x / 4 * (1 + x / 5 * (1 + x / 6 * (1 + x / 7))))))
            : Math.Exp(x);

    /// <summary>
    /// Geographic tan φ from conformal tan χ by Newton's method, Karney (2011) eqs. (19)-(21), starting from
    /// τ = τ′/(1 − e²). Convergence is quadratic, so the loop stops once a step is below 1e-12 (leaving an error
    /// near 1e-24): two steps for the Earth's flattening.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double TauFromTauPrime(double tauP)
    {
        var tau = tauP / _e2m;
        var tolerance = 1e-12 * Math.Max(1, Math.Abs(tauP));
        for (var i = 0; i < 8; i++)
        {
            var tau1 = Math.Sqrt(1 + tau * tau);
            var w = Math.Exp(_e * Math.Atanh(_e * tau / tau1));
            var sigma = 0.5 * (w - 1 / w);
            var tauPi = tau * Math.Sqrt(1 + sigma * sigma) - sigma * tau1;
            var dtau = (tauP - tauPi) / Math.Sqrt(1 + tauPi * tauPi)
                       * (1 + _e2m * tau * tau) / (_e2m * tau1);
            tau += dtau;

            // Newton converges quadratically: a step below 1e-12 leaves an error below 1e-24, far under round-off.
            if (!(Math.Abs(dtau) >= tolerance))
            {
                break;
            }
        }

        return tau;
    }

    /// <summary>Σ_{j=1..6} a_j sin(2jζ) for complex ζ = ξ + iη, given sin 2ξ, cos 2ξ, sinh 2η, cosh 2η.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClenshawSin(double[] a, double sin2Xi, double cos2Xi, double sinh2Eta, double cosh2Eta, out double re, out double im)
    {
        // sin 2ζ and 2 cos 2ζ as complex numbers.
        var sRe = sin2Xi * cosh2Eta;
        var sIm = cos2Xi * sinh2Eta;
        var zRe = 2 * cos2Xi * cosh2Eta;
        var zIm = -2 * sin2Xi * sinh2Eta;

        // b_k = a_k + z b_{k+1} − b_{k+2}; sum = b_1 sin 2ζ. Unrolled: the six steps are the whole cost of the series.
        var a6 = a[6];
        double b1Re = a6, b1Im = 0;
        double b2Re = a[5] + zRe * b1Re, b2Im = zIm * b1Re;
        (b1Re, b1Im, b2Re, b2Im) = (b2Re, b2Im, b1Re, b1Im);
        Step(a[4], zRe, zIm, ref b1Re, ref b1Im, ref b2Re, ref b2Im);
        Step(a[3], zRe, zIm, ref b1Re, ref b1Im, ref b2Re, ref b2Im);
        Step(a[2], zRe, zIm, ref b1Re, ref b1Im, ref b2Re, ref b2Im);
        Step(a[1], zRe, zIm, ref b1Re, ref b1Im, ref b2Re, ref b2Im);

        re = b1Re * sRe - b1Im * sIm;
        im = b1Re * sIm + b1Im * sRe;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(double a, double zRe, double zIm, ref double b1Re, ref double b1Im, ref double b2Re, ref double b2Im)
    {
        var re = a + zRe * b1Re - zIm * b1Im - b2Re;
        var im = zRe * b1Im + zIm * b1Re - b2Im;
        b2Re = b1Re;
        b2Im = b1Im;
        b1Re = re;
        b1Im = im;
    }

    private static void SetSeries(double[] target, double n, double[][] polynomials)
    {
        for (var j = 1; j <= Order; j++)
        {
            // Coefficient j starts at n^j: evaluate the polynomial and multiply by n^j.
            target[j] = AngleMath.Polynomial(polynomials[j - 1], n) * Math.Pow(n, j);
        }
    }
}
