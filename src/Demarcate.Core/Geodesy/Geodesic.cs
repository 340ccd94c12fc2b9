namespace Demarcate.Core.Geodesy;

/// <summary>
/// Geodesics on an ellipsoid — the true shortest lines between boundary points — for lengths, azimuths,
/// densification and the areas of parcels bounded by geodesics.
/// </summary>
/// <remarks>
/// The method of Karney (2013), "Algorithms for geodesics", J. Geod. 87:43–55, with the series to sixth order in
/// the third flattening (suited to |f| ≤ 1/150). The inverse problem converges for every pair of points, nearly
/// antipodal ones included, using the astroid starting guess of the paper's section 5. Errors are a few nanometres.
/// Immutable and thread-safe.
/// </remarks>
public sealed class Geodesic
{
    private const int Order = 6;
    private const int MaxIterationsNewton = 20;
    private const int MaxIterations = MaxIterationsNewton + 53 + 10;
    private const double Tol0 = 2.220446049250313e-16; // machine epsilon of double
    private const double Tol1 = 200 * Tol0;
    private static readonly double Tol2 = Math.Sqrt(Tol0);
    private static readonly double TolB = Tol0 * Tol2;
    private static readonly double XThreshold = 1000 * Tol2;

    // Smallest value whose square is still a normal double: keeps cos β of a pole and similar zeros away from 0/0.
    private static readonly double Tiny = Math.Sqrt(2.2250738585072014e-308);

    private readonly double _a;
    private readonly double _f;
    private readonly double _f1;
    private readonly double _e2;
    private readonly double _ep2;
    private readonly double _n;
    private readonly double _b;
    private readonly double _c2;
    private readonly double _etol2;
    private readonly double[] _a3x = new double[Order]; // A3 = Σ _a3x[j] ε^j
    private readonly double[][] _c3x = new double[Order][]; // C3l = Σ _c3x[l][j] ε^j, l = 1..5
    private readonly double[][] _c4x = new double[Order][]; // C4l = Σ _c4x[l][j] ε^j, l = 0..5

    public Geodesic(Ellipsoid ellipsoid)
    {
        ArgumentNullException.ThrowIfNull(ellipsoid);
        if (ellipsoid.Flattening > 1.0 / 150)
        {
            throw new ArgumentOutOfRangeException(nameof(ellipsoid), ellipsoid, "The series are accurate for flattening up to 1/150.");
        }

        Ellipsoid = ellipsoid;
        _a = ellipsoid.SemiMajorAxis;
        _f = ellipsoid.Flattening;
        _f1 = 1 - _f;
        _e2 = ellipsoid.EccentricitySquared;
        _ep2 = ellipsoid.SecondEccentricitySquared;
        _n = ellipsoid.ThirdFlattening;
        _b = ellipsoid.SemiMinorAxis;
        _c2 = ellipsoid.AuthalicRadiusSquared;

        // Below this σ12 the auxiliary-sphere great circle with the mean dn is already exact to round-off.
        _etol2 = 0.1 * Tol2 / Math.Sqrt(Math.Max(0.001, Math.Abs(_f)) * Math.Min(1.0, 1 - _f / 2) / 2);

        var n = _n;
        var n2 = n * n;

        // Karney (2013) eq. (24): A3 in powers of ε with coefficients in n.
        _a3x[0] = 1;
        _a3x[1] = -(1.0 / 2 - n / 2);
        _a3x[2] = -(1.0 / 4 + n / 8 - 3 * n2 / 8);
        _a3x[3] = -(1.0 / 16 + 3 * n / 16 + n2 / 16);
        _a3x[4] = -(3.0 / 64 + n / 32);
        _a3x[5] = -3.0 / 128;

        // Eq. (25): C3l, l = 1..5.
        _c3x[0] = [];
        _c3x[1] = [0, 1.0 / 4 - n / 4, 1.0 / 8 - n2 / 8, 3.0 / 64 + 3 * n / 64 - n2 / 64, 5.0 / 128 + n / 64, 3.0 / 128];
        _c3x[2] = [0, 0, 1.0 / 16 - 3 * n / 32 + n2 / 32, 3.0 / 64 - n / 32 - 3 * n2 / 64, 3.0 / 128 + n / 128, 5.0 / 256];
        _c3x[3] = [0, 0, 0, 5.0 / 192 - 3 * n / 64 + 5 * n2 / 192, 3.0 / 128 - 5 * n / 192, 7.0 / 512];
        _c3x[4] = [0, 0, 0, 0, 7.0 / 512 - 7 * n / 256, 7.0 / 512];
        _c3x[5] = [0, 0, 0, 0, 0, 21.0 / 2560];

        // Eq. (64): C4l, l = 0..5, the Fourier coefficients of the area integral I4; each entry a polynomial in n
        // (lowest power first) multiplying ε^j.
        double[][][] c4 =
        [
            [
                [2.0 / 3, -4.0 / 15, 8.0 / 105, 4.0 / 315, 16.0 / 3465, 20.0 / 9009],
                [-1.0 / 5, 16.0 / 35, -32.0 / 105, 16.0 / 385, 64.0 / 15015],
                [-2.0 / 105, -32.0 / 315, 1088.0 / 3465, -1184.0 / 5005],
                [11.0 / 315, -368.0 / 3465, -32.0 / 6435],
                [4.0 / 1155, 1088.0 / 45045],
                [97.0 / 15015],
            ],
            [
                [],
                [1.0 / 45, -16.0 / 315, 32.0 / 945, -16.0 / 3465, -64.0 / 135135],
                [-2.0 / 105, 64.0 / 945, -128.0 / 1485, 1984.0 / 45045],
                [-1.0 / 105, 16.0 / 2079, 5792.0 / 135135],
                [4.0 / 1155, -2944.0 / 135135],
                [1.0 / 9009],
            ],
            [
                [], [],
                [4.0 / 525, -32.0 / 1575, 64.0 / 3465, -32.0 / 5005],
                [-8.0 / 1575, 128.0 / 5775, -256.0 / 6825],
                [-8.0 / 1925, 1856.0 / 225225],
                [8.0 / 10725],
            ],
            [
                [], [], [],
                [8.0 / 2205, -256.0 / 24255, 512.0 / 45045],
                [-16.0 / 8085, 1024.0 / 105105],
                [-136.0 / 63063],
            ],
            [
                [], [], [], [],
                [64.0 / 31185, -512.0 / 81081],
                [-128.0 / 135135],
            ],
            [
                [], [], [], [], [],
                [128.0 / 99099],
            ],
        ];
        for (var l = 0; l < Order; l++)
        {
            _c4x[l] = new double[Order];
            for (var j = 0; j < Order; j++)
            {
                var poly = c4[l][j];
                var value = 0.0;
                for (var k = poly.Length - 1; k >= 0; k--)
                {
                    value = value * n + poly[k];
                }

                _c4x[l][j] = value;
            }
        }
    }

    /// <summary>Geodesics on WGS 84.</summary>
    public static Geodesic Wgs84 { get; } = new(Ellipsoid.Wgs84);

    public Ellipsoid Ellipsoid { get; }

    /// <summary>Solves the inverse problem: the length and end azimuths of the shortest geodesic between two points.</summary>
    public GeodesicInverse Inverse(double lat1, double lon1, double lat2, double lon2)
    {
        var s12 = InverseCore(lat1, lon1, lat2, lon2, wantArea: false, out var salp1, out var calp1, out var salp2, out var calp2, out _);
        return new GeodesicInverse(s12, AngleMath.Atan2Degrees(salp1, calp1), AngleMath.Atan2Degrees(salp2, calp2));
    }

    /// <summary>Geodesic distance between two points, metres.</summary>
    public double Distance(GeoPoint a, GeoPoint b) =>
        InverseCore(a.Latitude, a.Longitude, b.Latitude, b.Longitude, wantArea: false, out _, out _, out _, out _, out _);

    /// <summary>Length of a line as the sum of the geodesics between consecutive vertices, metres.</summary>
    public double Length(ReadOnlySpan<GeoPoint> line)
    {
        var sum = new CompensatedSum();
        for (var i = 1; i < line.Length; i++)
        {
            sum.Add(Distance(line[i - 1], line[i]));
        }

        return sum.Value;
    }

    /// <summary>Solves the direct problem: where a geodesic from a point with an initial azimuth ends after a distance (metres, may be negative).</summary>
    public GeodesicDirect Direct(double lat, double lon, double azimuth, double distance)
    {
        CheckLatitude(lat, nameof(lat));
        if (!double.IsFinite(lon) || !double.IsFinite(azimuth) || !double.IsFinite(distance))
        {
            throw new ArgumentOutOfRangeException(nameof(distance), "Longitude, azimuth and distance must be finite.");
        }

        var (salp1, calp1) = AngleMath.SinCosDegrees(AngleMath.Round(azimuth));
        var (sbet1, cbet1) = ReducedLatitude(lat);
        var dn1 = Math.Sqrt(1 + _ep2 * sbet1 * sbet1);

        // α0, the azimuth at the equator crossing, and σ1, ω1 on the auxiliary sphere (eqs. 10-11).
        var salp0 = salp1 * cbet1;
        var calp0 = Math.Sqrt(calp1 * calp1 + salp1 * sbet1 * salp1 * sbet1);
        var ssig1 = sbet1;
        var somg1 = salp0 * sbet1;
        var csig1 = sbet1 != 0 || calp1 != 0 ? cbet1 * calp1 : 1;
        var comg1 = csig1;
        AngleMath.Normalize(ref ssig1, ref csig1);

        var eps = Epsilon(calp0);
        Span<double> c1 = stackalloc double[Order + 1];
        Span<double> c1p = stackalloc double[Order + 1];
        var a1m1 = A1m1(eps);
        C1(eps, c1);
        C1Prime(eps, c1p);

        // τ = s/(b A1) is linear in distance; convert σ1 → τ1, step, and τ2 → σ2 with the reverted series (eqs. 7, 20-21).
        var b11 = SinSeries(ssig1, csig1, c1);
        var (sb, cb) = Math.SinCos(b11);
        var stau1 = ssig1 * cb + csig1 * sb;
        var ctau1 = csig1 * cb - ssig1 * sb;
        var tau12 = distance / (_b * (1 + a1m1));
        var (st, ct) = Math.SinCos(tau12);
        var sig12 = tau12 + SinSeries(stau1 * ct + ctau1 * st, ctau1 * ct - stau1 * st, c1p) + b11;

        var (ssig12, csig12) = Math.SinCos(sig12);
        var ssig2 = ssig1 * csig12 + csig1 * ssig12;
        var csig2 = csig1 * csig12 - ssig1 * ssig12;
        var sbet2 = calp0 * ssig2;
        var cbet2 = Math.Sqrt(salp0 * salp0 + calp0 * csig2 * calp0 * csig2);
        if (cbet2 == 0)
        {
            cbet2 = csig2 = Tiny;
        }

        var somg2 = salp0 * ssig2;
        var comg2 = csig2;
        var salp2 = salp0;
        var calp2 = calp0 * csig2;
        var omg12 = Math.Atan2(somg2 * comg1 - comg2 * somg1, comg2 * comg1 + somg2 * somg1);

        // λ12 = ω12 − f sin α0 I3 (eq. 8).
        Span<double> c3 = stackalloc double[Order];
        C3(eps, c3);
        var a3c = -_f * salp0 * A3(eps);
        var lam12 = omg12 + a3c * (sig12 + (SinSeries(ssig2, csig2, c3) - SinSeries(ssig1, csig1, c3)));

        var lon2 = AngleMath.Normalize(AngleMath.Normalize(lon) + AngleMath.Normalize(lam12 * AngleMath.RadiansToDegrees));
        return new GeodesicDirect(
            AngleMath.Atan2Degrees(sbet2, _f1 * cbet2),
            lon2,
            AngleMath.Atan2Degrees(salp2, calp2));
    }

    /// <summary>The point <paramref name="distance"/> metres from <paramref name="from"/> along the geodesic towards <paramref name="to"/>.</summary>
    public GeoPoint Interpolate(GeoPoint from, GeoPoint to, double distance)
    {
        var inverse = Inverse(from.Latitude, from.Longitude, to.Latitude, to.Longitude);
        return Direct(from.Latitude, from.Longitude, inverse.InitialAzimuth, distance).Point;
    }

    /// <summary>
    /// The geodesic from <paramref name="from"/> to <paramref name="to"/> as points no more than
    /// <paramref name="maxSpacing"/> metres apart, both ends included, evenly spaced.
    /// </summary>
    public GeoPoint[] Densify(GeoPoint from, GeoPoint to, double maxSpacing)
    {
        if (!(maxSpacing > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxSpacing), maxSpacing, "Spacing must be positive.");
        }

        var inverse = Inverse(from.Latitude, from.Longitude, to.Latitude, to.Longitude);
        var segments = Math.Max(1, (int)Math.Ceiling(inverse.Distance / maxSpacing));
        var points = new GeoPoint[segments + 1];
        points[0] = from;
        for (var i = 1; i < segments; i++)
        {
            points[i] = Direct(from.Latitude, from.Longitude, inverse.InitialAzimuth, inverse.Distance * i / segments).Point;
        }

        points[segments] = to;
        return points;
    }

    /// <summary>
    /// Area and perimeter of a ring whose edges are geodesics (closing edge implied; a repeated first point at the end is ignored).
    /// Counter-clockwise rings have positive signed area; a ring may enclose a pole.
    /// </summary>
    public PolygonArea Area(ReadOnlySpan<GeoPoint> ring)
    {
        var count = ring.Length;
        if (count > 1 && ring[0] == ring[count - 1])
        {
            count--;
        }

        if (count == 0)
        {
            return new PolygonArea(0, 0);
        }

        var area = new CompensatedSum();
        var perimeter = new CompensatedSum();
        var crossings = 0;
        for (var i = 0; i < count; i++)
        {
            var p = ring[i];
            var q = ring[(i + 1) % count];
            perimeter.Add(InverseCore(p.Latitude, p.Longitude, q.Latitude, q.Longitude, wantArea: true, out _, out _, out _, out _, out var s12Area));
            area.Add(s12Area);
            crossings += CrossesAntimeridian(p.Longitude, q.Longitude) ? 1 : 0;
        }

        // Σ S12 is the area between the ring and the equator; a ring that goes round a pole (odd number of crossings of
        // any one meridian) differs from its interior by half the ellipsoid (Karney 2013, section 6).
        var total = 4 * Math.PI * _c2;
        var signedArea = area.Value;
        if ((crossings & 1) != 0)
        {
            signedArea += (signedArea < 0 ? 1 : -1) * total / 2;
        }

        if (signedArea > total / 2)
        {
            signedArea -= total;
        }
        else if (signedArea <= -total / 2)
        {
            signedArea += total;
        }

        return new PolygonArea(signedArea, perimeter.Value);
    }

    private static bool CrossesAntimeridian(double lon1, double lon2)
    {
        var start = AngleMath.Normalize(lon1);
        var end = start + AngleMath.Difference(lon1, lon2);
        return end >= 180 || end < -180;
    }

    private static void CheckLatitude(double latitude, string name)
    {
        if (!(Math.Abs(latitude) <= 90))
        {
            throw new ArgumentOutOfRangeException(name, latitude, "Latitude must be within ±90°.");
        }
    }

    private (double Sin, double Cos) ReducedLatitude(double latitude)
    {
        var (s, c) = AngleMath.SinCosDegrees(AngleMath.Round(latitude));
        s *= _f1;
        AngleMath.Normalize(ref s, ref c);
        return (s, Math.Max(Tiny, c));
    }

    /// <summary>ε = (√(1+k²) − 1)/(√(1+k²) + 1) with k² = e′² cos² α0, written to avoid cancellation.</summary>
    private double Epsilon(double calp0)
    {
        var k2 = calp0 * calp0 * _ep2;
        return k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);
    }

    /// <returns>s12 in metres.</returns>
    private double InverseCore(
        double lat1, double lon1, double lat2, double lon2, bool wantArea,
        out double salp1, out double calp1, out double salp2, out double calp2, out double s12Area)
    {
        CheckLatitude(lat1, nameof(lat1));
        CheckLatitude(lat2, nameof(lat2));
        if (!double.IsFinite(lon1) || !double.IsFinite(lon2))
        {
            throw new ArgumentOutOfRangeException(nameof(lon1), "Longitudes must be finite.");
        }

        // Reduce to the canonical configuration of section 4: λ12 ≥ 0, |φ1| ≥ |φ2|, φ1 ≤ 0; undo it at the end.
        var lon12 = AngleMath.Difference(lon1, lon2);
        var lonSign = double.IsNegative(lon12) ? -1 : 1;
        lon12 = Math.Abs(lon12);
        var lon12s = 180 - lon12;
        var lam12 = lon12 * AngleMath.DegreesToRadians;
        var (slam12, clam12) = AngleMath.SinCosDegrees(lon12 > 90 ? lon12s : lon12);
        if (lon12 > 90)
        {
            clam12 = -clam12;
        }

        lat1 = AngleMath.Round(lat1);
        lat2 = AngleMath.Round(lat2);
        var swap = Math.Abs(lat1) < Math.Abs(lat2) ? -1 : 1;
        if (swap < 0)
        {
            lonSign = -lonSign;
            (lat1, lat2) = (lat2, lat1);
        }

        var latSign = double.IsNegative(lat1) ? 1 : -1;
        lat1 *= latSign;
        lat2 *= latSign;

        var (sbet1, cbet1) = ReducedLatitude(lat1);
        var (sbet2, cbet2) = ReducedLatitude(lat2);

        // Make the symmetric cases exactly symmetric: |β2| = |β1| must not be spoilt by rounding.
        if (cbet1 < -sbet1)
        {
            if (cbet2 == cbet1)
            {
                sbet2 = Math.CopySign(sbet1, sbet2);
            }
        }
        else if (Math.Abs(sbet2) == -sbet1)
        {
            cbet2 = cbet1;
        }

        var dn1 = Math.Sqrt(1 + _ep2 * sbet1 * sbet1);
        var dn2 = Math.Sqrt(1 + _ep2 * sbet2 * sbet2);

        double sig12;
        double s12x = 0;
        double somg12 = 2, comg12 = 0; // 2 = "ω12 not known", checked before the short-edge area formula
        var meridian = lat1 == -90 || slam12 == 0;
        salp1 = calp1 = salp2 = calp2 = 0;

        if (meridian)
        {
            // Along a meridian α1 = λ12 (0 or 180°), α2 = 0; the length follows from the series with ε = n.
            calp1 = clam12;
            salp1 = slam12;
            calp2 = 1;
            salp2 = 0;
            var ssig1 = sbet1;
            var csig1 = calp1 * cbet1;
            var ssig2 = sbet2;
            var csig2 = calp2 * cbet2;
            sig12 = Math.Atan2(Math.Max(0, csig1 * ssig2 - ssig1 * csig2), csig1 * csig2 + ssig1 * ssig2);
            Lengths(_n, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, out var s12b, out var m12b);

            // Over a pole the meridian stops being shortest past the conjugate point (m12 < 0): then fall through.
            if (sig12 < 1 || m12b >= 0)
            {
                if (sig12 < 3 * Tiny || (sig12 < Tol0 && (s12b < 0 || m12b < 0)))
                {
                    sig12 = s12b = 0;
                }

                s12x = s12b * _b;
            }
            else
            {
                meridian = false;
            }
        }

        var solved = meridian;
        if (!meridian && sbet1 == 0 && lon12s >= _f * 180)
        {
            // Along the equator (both points on it, and not so far apart that the path over a pole is shorter).
            calp1 = calp2 = 0;
            salp1 = salp2 = 1;
            s12x = _a * lam12;
            var omg12 = lam12 / _f1;
            (somg12, comg12) = Math.SinCos(omg12);
            solved = true;
        }

        if (!solved)
        {
            sig12 = InverseStart(sbet1, cbet1, dn1, sbet2, cbet2, dn2, lam12, slam12, clam12,
                out salp1, out calp1, out salp2, out calp2, out var dnm, out somg12, out comg12);
            if (sig12 >= 0)
            {
                // Short line solved on the auxiliary sphere.
                s12x = sig12 * _b * dnm;
            }
            else
            {
                s12x = SolveByNewton(sbet1, cbet1, dn1, sbet2, cbet2, dn2, slam12, clam12,
                    ref salp1, ref calp1, out salp2, out calp2, out somg12, out comg12);
            }
        }

        s12Area = 0;
        if (wantArea)
        {
            // Each reflection of the canonical reduction reverses orientation; the final sign makes the sum over a
            // counter-clockwise ring positive.
            s12Area = -EdgeArea(sbet1, cbet1, sbet2, cbet2, salp1, calp1, salp2, calp2, meridian, somg12, comg12)
                      * swap * lonSign * latSign;
        }

        // Undo the canonical reduction.
        if (swap < 0)
        {
            (salp1, salp2) = (salp2, salp1);
            (calp1, calp2) = (calp2, calp1);
        }

        salp1 *= swap * lonSign;
        calp1 *= swap * latSign;
        salp2 *= swap * lonSign;
        calp2 *= swap * latSign;
        return s12x;
    }

    /// <summary>Newton's method on α1 (eq. 46 for the derivative), falling back to bisection on a bracket when a step misbehaves.</summary>
    private double SolveByNewton(
        double sbet1, double cbet1, double dn1, double sbet2, double cbet2, double dn2, double slam12, double clam12,
        ref double salp1, ref double calp1, out double salp2, out double calp2, out double somg12, out double comg12)
    {
        double salp1a = Tiny, calp1a = 1, salp1b = Tiny, calp1b = -1;
        var tripNewton = false;
        var tripBisect = false;
        LambdaState state = default;
        for (var iteration = 0; ; iteration++)
        {
            var v = Lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12,
                iteration < MaxIterationsNewton, out var dv, out state);
            if (tripBisect || !(Math.Abs(v) >= (tripNewton ? 8 : 1) * Tol0) || iteration == MaxIterations)
            {
                break;
            }

            // Keep the bracket [α1a, α1b] around the root; v > 0 means α1 is too large.
            if (v > 0 && (iteration > MaxIterationsNewton || calp1 / salp1 > calp1b / salp1b))
            {
                salp1b = salp1;
                calp1b = calp1;
            }
            else if (v < 0 && (iteration > MaxIterationsNewton || calp1 / salp1 < calp1a / salp1a))
            {
                salp1a = salp1;
                calp1a = calp1;
            }

            if (iteration < MaxIterationsNewton && dv > 0)
            {
                var dalp1 = -v / dv;
                if (Math.Abs(dalp1) < Math.PI)
                {
                    var (sd, cd) = Math.SinCos(dalp1);
                    var nsalp1 = salp1 * cd + calp1 * sd;
                    if (nsalp1 > 0)
                    {
                        calp1 = calp1 * cd - salp1 * sd;
                        salp1 = nsalp1;
                        AngleMath.Normalize(ref salp1, ref calp1);
                        tripNewton = Math.Abs(v) <= 16 * Tol0;
                        continue;
                    }
                }
            }

            salp1 = (salp1a + salp1b) / 2;
            calp1 = (calp1a + calp1b) / 2;
            AngleMath.Normalize(ref salp1, ref calp1);
            tripNewton = false;
            tripBisect = Math.Abs(salp1a - salp1) + (calp1a - calp1) < TolB
                         || Math.Abs(salp1 - salp1b) + (calp1 - calp1b) < TolB;
        }

        salp2 = state.Salp2;
        calp2 = state.Calp2;
        var omg12 = Math.Atan2(state.Somg12, state.Comg12);
        (somg12, comg12) = Math.SinCos(omg12);
        Lengths(state.Eps, state.Sig12, state.Ssig1, state.Csig1, dn1, state.Ssig2, state.Csig2, dn2, out var s12b, out _);
        return s12b * _b;
    }

    private struct LambdaState
    {
        public double Salp2, Calp2, Sig12, Ssig1, Csig1, Ssig2, Csig2, Eps, Somg12, Comg12;
    }

    /// <summary>λ12(α1) minus the target λ12 (eqs. 5-8), and its derivative with respect to α1 when asked.</summary>
    private double Lambda12(
        double sbet1, double cbet1, double dn1, double sbet2, double cbet2, double dn2,
        double salp1, double calp1, double slam12, double clam12, bool wantDerivative, out double derivative, out LambdaState state)
    {
        if (sbet1 == 0 && calp1 == 0)
        {
            // An equatorial start heading due north/south: nudge so that α0 and σ1 are well defined.
            calp1 = -Tiny;
        }

        var salp0 = salp1 * cbet1;
        var calp0 = Math.Sqrt(calp1 * calp1 + salp1 * sbet1 * salp1 * sbet1);
        var ssig1 = sbet1;
        var somg1 = salp0 * sbet1;
        var csig1 = calp1 * cbet1;
        var comg1 = csig1;
        AngleMath.Normalize(ref ssig1, ref csig1);

        // Clairaut (eq. 5) for α2, written to keep accuracy when β2 ≈ ±β1.
        var salp2 = cbet2 != cbet1 ? salp0 / cbet2 : salp1;
        var calp2 = cbet2 != cbet1 || Math.Abs(sbet2) != -sbet1
            ? Math.Sqrt(calp1 * cbet1 * calp1 * cbet1
                        + (cbet1 < -sbet1 ? (cbet2 - cbet1) * (cbet1 + cbet2) : (sbet1 - sbet2) * (sbet1 + sbet2))) / cbet2
            : Math.Abs(calp1);
        var ssig2 = sbet2;
        var somg2 = salp0 * sbet2;
        var csig2 = calp2 * cbet2;
        var comg2 = csig2;
        AngleMath.Normalize(ref ssig2, ref csig2);

        var sig12 = Math.Atan2(Math.Max(0, csig1 * ssig2 - ssig1 * csig2), csig1 * csig2 + ssig1 * ssig2);
        var somg12 = Math.Max(0, comg1 * somg2 - somg1 * comg2);
        var comg12 = comg1 * comg2 + somg1 * somg2;

        // ω12 − λ12 as one atan2 so that λ12 near 180° loses nothing.
        var eta = Math.Atan2(somg12 * clam12 - comg12 * slam12, comg12 * clam12 + somg12 * slam12);

        var eps = Epsilon(calp0);
        Span<double> c3 = stackalloc double[Order];
        C3(eps, c3);
        var b312 = SinSeries(ssig2, csig2, c3) - SinSeries(ssig1, csig1, c3);
        var domg12 = -_f * A3(eps) * salp0 * (sig12 + b312);
        var v = eta + domg12;

        derivative = 0;
        if (wantDerivative)
        {
            if (calp2 == 0)
            {
                derivative = -2 * _f1 * dn1 / sbet1;
            }
            else
            {
                Lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, out _, out var m12b);
                derivative = m12b * _f1 / (calp2 * cbet2);
            }
        }

        state = new LambdaState
        {
            Salp2 = salp2, Calp2 = calp2, Sig12 = sig12, Ssig1 = ssig1, Csig1 = csig1,
            Ssig2 = ssig2, Csig2 = csig2, Eps = eps, Somg12 = somg12, Comg12 = comg12,
        };
        return v;
    }

    /// <summary>
    /// The starting azimuth for Newton's method (section 5): a spherical estimate, or for nearly antipodal points the
    /// solution of the astroid equation (eq. 55). Returns σ12 ≥ 0 when the line is so short that the estimate is the answer.
    /// </summary>
    private double InverseStart(
        double sbet1, double cbet1, double dn1, double sbet2, double cbet2, double dn2,
        double lam12, double slam12, double clam12,
        out double salp1, out double calp1, out double salp2, out double calp2, out double dnm,
        out double somg12, out double comg12)
    {
        var sig12 = -1.0;
        salp2 = calp2 = dnm = double.NaN;
        var sbet12 = sbet2 * cbet1 - cbet2 * sbet1; // sin(β2 − β1)
        var cbet12 = cbet2 * cbet1 + sbet2 * sbet1;
        var sbet12a = sbet2 * cbet1 + cbet2 * sbet1; // sin(β2 + β1)
        var shortLine = cbet12 >= 0 && sbet12 < 0.5 && cbet2 * lam12 < 0.5;
        if (shortLine)
        {
            var sbetm2 = (sbet1 + sbet2) * (sbet1 + sbet2);
            sbetm2 /= sbetm2 + (cbet1 + cbet2) * (cbet1 + cbet2);
            dnm = Math.Sqrt(1 + _ep2 * sbetm2);
            var omg12 = lam12 / (_f1 * dnm);
            (somg12, comg12) = Math.SinCos(omg12);
        }
        else
        {
            somg12 = slam12;
            comg12 = clam12;
        }

        salp1 = cbet2 * somg12;
        calp1 = comg12 >= 0
            ? sbet12 + cbet2 * sbet1 * somg12 * somg12 / (1 + comg12)
            : sbet12a - cbet2 * sbet1 * somg12 * somg12 / (1 - comg12);
        var ssig12 = Math.Sqrt(salp1 * salp1 + calp1 * calp1);
        var csig12 = sbet1 * sbet2 + cbet1 * cbet2 * comg12;

        if (shortLine && ssig12 < _etol2)
        {
            salp2 = cbet1 * somg12;
            calp2 = sbet12 - cbet1 * sbet2 * (comg12 >= 0 ? somg12 * somg12 / (1 + comg12) : 1 - comg12);
            AngleMath.Normalize(ref salp2, ref calp2);
            sig12 = Math.Atan2(ssig12, csig12);
        }
        else if (Math.Abs(_n) > 0.1 || csig12 >= 0 || ssig12 >= 6 * Math.Abs(_n) * Math.PI * cbet1 * cbet1)
        {
            // The spherical estimate is good enough to start from.
        }
        else
        {
            // Nearly antipodal: scale to the astroid problem of section 5 (eqs. 53-57).
            var lam12x = Math.Atan2(-slam12, -clam12); // λ12 − π
            var k2 = sbet1 * sbet1 * _ep2;
            var eps = k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);
            var lamScale = _f * cbet1 * A3(eps) * Math.PI;
            var betScale = lamScale * cbet1;
            var x = lam12x / lamScale;
            var y = sbet12a / betScale;

            if (y > -Tol1 && x > -1 - XThreshold)
            {
                // The limit y → 0, eq. (57): the meridional or equatorial end of the astroid.
                salp1 = Math.Min(1.0, -x);
                calp1 = -Math.Sqrt(1 - salp1 * salp1);
            }
            else
            {
                var k = Astroid(x, y);
                var omg12a = lamScale * (-x * k / (1 + k));
                var (s, c) = Math.SinCos(omg12a);
                somg12 = s;
                comg12 = -c;
                salp1 = cbet2 * somg12;
                calp1 = sbet12a - cbet2 * sbet1 * somg12 * somg12 / (1 - comg12);
            }
        }

        if (!(salp1 <= 0))
        {
            AngleMath.Normalize(ref salp1, ref calp1);
        }
        else
        {
            salp1 = 1;
            calp1 = 0;
        }

        return sig12;
    }

    /// <summary>The positive root k of k⁴ + 2k³ − (x² + y² − 1)k² − 2y²k − y² = 0 (Karney 2013, eq. 55), in closed form.</summary>
    internal static double Astroid(double x, double y)
    {
        var p = x * x;
        var q = y * y;
        var r = (p + q - 1) / 6;
        if (q == 0 && r <= 0)
        {
            // y = 0 and |x| ≤ 1: k = 0 is the root on the boundary of the astroid.
            return 0;
        }

        var s = p * q / 4;
        var r2 = r * r;
        var r3 = r * r2;
        var disc = s * (s + 2 * r3);
        var u = r;
        if (disc >= 0)
        {
            var t3 = s + r3;
            t3 += t3 < 0 ? -Math.Sqrt(disc) : Math.Sqrt(disc); // avoid cancellation
            var t = Math.Cbrt(t3);
            u += t + (t != 0 ? r2 / t : 0);
        }
        else
        {
            var angle = Math.Atan2(Math.Sqrt(-disc), -(s + r3));
            u += 2 * r * Math.Cos(angle / 3);
        }

        var v = Math.Sqrt(u * u + q);
        var uv = u < 0 ? q / (v - u) : u + v;
        var w = (uv - q) / (2 * v);
        return uv / (Math.Sqrt(uv + w * w) + w);
    }

    /// <summary>s12/b and m12/b from σ1, σ2 (eqs. 7, 38-40): the distance and the reduced length.</summary>
    private static void Lengths(
        double eps, double sig12, double ssig1, double csig1, double dn1, double ssig2, double csig2, double dn2,
        out double s12b, out double m12b)
    {
        Span<double> c1 = stackalloc double[Order + 1];
        Span<double> c2 = stackalloc double[Order + 1];
        var a1m1 = A1m1(eps);
        var a2m1 = A2m1(eps);
        C1(eps, c1);
        C2(eps, c2);
        var a1 = 1 + a1m1;
        var a2 = 1 + a2m1;
        var b1 = SinSeries(ssig2, csig2, c1) - SinSeries(ssig1, csig1, c1);
        var b2 = SinSeries(ssig2, csig2, c2) - SinSeries(ssig1, csig1, c2);
        s12b = a1 * (sig12 + b1);
        var j12 = (a1m1 - a2m1) * sig12 + (a1 * b1 - a2 * b2);
        m12b = dn2 * (csig1 * ssig2) - dn1 * (ssig1 * csig2) - csig1 * csig2 * j12;
    }

    /// <summary>S12, the area between the geodesic and the equator (eqs. 58-62), in the canonical configuration.</summary>
    private double EdgeArea(
        double sbet1, double cbet1, double sbet2, double cbet2,
        double salp1, double calp1, double salp2, double calp2, bool meridian, double somg12, double comg12)
    {
        var salp0 = salp1 * cbet1;
        var calp0 = Math.Sqrt(calp1 * calp1 + salp1 * sbet1 * salp1 * sbet1);
        var s12 = 0.0;
        if (calp0 != 0 && salp0 != 0)
        {
            var ssig1 = sbet1;
            var csig1 = calp1 * cbet1;
            var ssig2 = sbet2;
            var csig2 = calp2 * cbet2;
            AngleMath.Normalize(ref ssig1, ref csig1);
            AngleMath.Normalize(ref ssig2, ref csig2);
            var eps = Epsilon(calp0);
            Span<double> c4 = stackalloc double[Order];
            C4(eps, c4);
            var a4 = _a * _a * calp0 * salp0 * _e2;
            s12 = a4 * (CosSeries(ssig2, csig2, c4) - CosSeries(ssig1, csig1, c4));
        }

        double alp12;
        if (!meridian && somg12 <= 1 && comg12 > -0.7071 && sbet2 - sbet1 < 1.75)
        {
            // Short edges: α2 − α1 from the half-angle formula, which keeps accuracy where the direct difference cancels.
            var domg12 = 1 + comg12;
            var dbet1 = 1 + cbet1;
            var dbet2 = 1 + cbet2;
            alp12 = 2 * Math.Atan2(somg12 * (sbet1 * dbet2 + sbet2 * dbet1), domg12 * (sbet1 * sbet2 + dbet1 * dbet2));
        }
        else
        {
            var salp12 = salp2 * calp1 - calp2 * salp1;
            var calp12 = calp2 * calp1 + salp2 * salp1;
            if (salp12 == 0 && calp12 < 0)
            {
                salp12 = Tiny * calp1;
                calp12 = -1;
            }

            alp12 = Math.Atan2(salp12, calp12);
        }

        return s12 + _c2 * alp12;
    }

    private double A3(double eps) => AngleMath.PolynomialLowFirst(_a3x, eps);

    private void C3(double eps, Span<double> c)
    {
        for (var l = 1; l < Order; l++)
        {
            c[l] = AngleMath.PolynomialLowFirst(_c3x[l], eps);
        }
    }

    private void C4(double eps, Span<double> c)
    {
        for (var l = 0; l < Order; l++)
        {
            c[l] = AngleMath.PolynomialLowFirst(_c4x[l], eps);
        }
    }

    /// <summary>A1 − 1, eq. (17).</summary>
    private static double A1m1(double eps)
    {
        var e2 = eps * eps;
        var t = e2 * (1.0 / 4 + e2 * (1.0 / 64 + e2 / 256));
        return (t + eps) / (1 - eps);
    }

    /// <summary>C1l, eq. (18).</summary>
    private static void C1(double eps, Span<double> c)
    {
        var e2 = eps * eps;
        var d = eps;
        c[1] = d * (-1.0 / 2 + e2 * (3.0 / 16 - e2 / 32));
        d *= eps;
        c[2] = d * (-1.0 / 16 + e2 * (1.0 / 32 - e2 * 9 / 2048));
        d *= eps;
        c[3] = d * (-1.0 / 48 + e2 * 3 / 256);
        d *= eps;
        c[4] = d * (-5.0 / 512 + e2 * 3 / 512);
        d *= eps;
        c[5] = d * (-7.0 / 1280);
        d *= eps;
        c[6] = d * (-7.0 / 2048);
    }

    /// <summary>C′1l, eq. (21): the reversion of eq. (18), giving σ from τ.</summary>
    private static void C1Prime(double eps, Span<double> c)
    {
        var e2 = eps * eps;
        var d = eps;
        c[1] = d * (1.0 / 2 + e2 * (-9.0 / 32 + e2 * 205 / 1536));
        d *= eps;
        c[2] = d * (5.0 / 16 + e2 * (-37.0 / 96 + e2 * 1335 / 4096));
        d *= eps;
        c[3] = d * (29.0 / 96 - e2 * 75 / 128);
        d *= eps;
        c[4] = d * (539.0 / 1536 - e2 * 2391 / 2560);
        d *= eps;
        c[5] = d * (3467.0 / 7680);
        d *= eps;
        c[6] = d * (38081.0 / 61440);
    }

    /// <summary>A2 − 1, eq. (42).</summary>
    private static double A2m1(double eps)
    {
        var e2 = eps * eps;
        var t = e2 * (1.0 / 4 + e2 * (9.0 / 64 + e2 * 25 / 256));
        return t * (1 - eps) - eps;
    }

    /// <summary>C2l, eq. (43).</summary>
    private static void C2(double eps, Span<double> c)
    {
        var e2 = eps * eps;
        var d = eps;
        c[1] = d * (1.0 / 2 + e2 * (1.0 / 16 + e2 / 32));
        d *= eps;
        c[2] = d * (3.0 / 16 + e2 * (1.0 / 32 + e2 * 35 / 2048));
        d *= eps;
        c[3] = d * (5.0 / 48 + e2 * 5 / 256);
        d *= eps;
        c[4] = d * (35.0 / 512 + e2 * 7 / 512);
        d *= eps;
        c[5] = d * (63.0 / 1280);
        d *= eps;
        c[6] = d * (77.0 / 2048);
    }

    /// <summary>Σ_{l≥1} c[l] sin 2lσ by Clenshaw summation.</summary>
    private static double SinSeries(double sinx, double cosx, ReadOnlySpan<double> c)
    {
        var ar = 2 * (cosx - sinx) * (cosx + sinx);
        double y0 = 0, y1 = 0;
        for (var k = c.Length - 1; k >= 1; k--)
        {
            var y = ar * y0 - y1 + c[k];
            y1 = y0;
            y0 = y;
        }

        return 2 * sinx * cosx * y0;
    }

    /// <summary>Σ_{l≥0} c[l] cos (2l+1)σ by Clenshaw summation.</summary>
    private static double CosSeries(double sinx, double cosx, ReadOnlySpan<double> c)
    {
        var ar = 2 * (cosx - sinx) * (cosx + sinx);
        double y0 = 0, y1 = 0;
        for (var k = c.Length - 1; k >= 0; k--)
        {
            var y = ar * y0 - y1 + c[k];
            y1 = y0;
            y0 = y;
        }

        return cosx * (y0 - y1);
    }

    /// <summary>Neumaier's compensated sum, so that thousands of edge areas of mixed sign do not lose square metres.</summary>
    private struct CompensatedSum
    {
        private double _sum;
        private double _compensation;

        public readonly double Value => _sum + _compensation;

        public void Add(double x)
        {
            var t = _sum + x;
            _compensation += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
            _sum = t;
        }
    }
}
