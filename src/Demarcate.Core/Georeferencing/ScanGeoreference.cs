using System.Globalization;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Georeferencing;

/// <summary>
/// A scanned map sheet tied to map coordinates by a least-squares polynomial through its ground control points,
/// with how far the fit misses each point: the figure the commission needs before it trusts a line digitised off the scan.
/// </summary>
/// <remarks>
/// Order 1 is affine (X = a + b·c + d·r); order 2 adds c², c·r, r², as GDAL's GCP transformer does. Pixel positions
/// are centred and scaled before fitting so the solve stays well conditioned for any image size.
/// </remarks>
public sealed class ScanGeoreference
{
    private readonly double _centreColumn;
    private readonly double _centreRow;
    private readonly double _scale;
    private readonly double[] _xTerms;
    private readonly double[] _yTerms;

    private ScanGeoreference(
        int order, double centreColumn, double centreRow, double scale, double[] xTerms, double[] yTerms, IReadOnlyList<ControlPoint> points)
    {
        Order = order;
        _centreColumn = centreColumn;
        _centreRow = centreRow;
        _scale = scale;
        _xTerms = xTerms;
        _yTerms = yTerms;
        Residuals = [.. points.Select(p =>
        {
            var (x, y) = MapOf(p.Column, p.Row);
            return new ControlPointResidual(p, p.X - x, p.Y - y);
        })];
        RootMeanSquareError = Math.Sqrt(Residuals.Sum(r => r.Distance * r.Distance) / Residuals.Count);
    }

    /// <summary>1 (affine) or 2 (second-order polynomial).</summary>
    public int Order { get; }

    /// <summary>Each control point's miss (given minus fitted), in the order given.</summary>
    public IReadOnlyList<ControlPointResidual> Residuals { get; }

    /// <summary>√(Σ residual² / n) in map units (metres for a projected CRS).</summary>
    public double RootMeanSquareError { get; }

    /// <summary>
    /// X coefficients in raw pixel terms, in the order 1, c, r (then c², c·r, r² for order 2),
    /// the same order gdaltransform and GDAL's GCP polynomial use.
    /// </summary>
    public IReadOnlyList<double> XCoefficients => RawCoefficients(_xTerms);

    /// <summary>Y coefficients, in the same term order as <see cref="XCoefficients"/>.</summary>
    public IReadOnlyList<double> YCoefficients => RawCoefficients(_yTerms);

    /// <summary>
    /// The polynomial as it is evaluated: terms in u = (c − c₀)/s, v = (r − r₀)/s (1, u, v, then u², u·v, v²), which keeps
    /// every coefficient of moderate size; a browser evaluating it gets the same digits as <see cref="MapOf"/>.
    /// </summary>
    public ScanPolynomial Polynomial => new(Order, _centreColumn, _centreRow, _scale, [.. _xTerms], [.. _yTerms]);

    /// <summary>The fewest control points that determine a fit of the given order.</summary>
    public static int MinimumPoints(int order) => order == 1 ? 3 : 6;

    /// <summary>Fits the mapping; refuses too few points, an unsupported order, and degenerate (e.g. collinear) sets.</summary>
    public static ParseResult<ScanGeoreference> Fit(IReadOnlyList<ControlPoint> points, int order, string source = "control points")
    {
        ArgumentNullException.ThrowIfNull(points);
        if (order is not (1 or 2))
        {
            return ParseResult<ScanGeoreference>.Failed(new InputProblem(
                source, string.Create(CultureInfo.InvariantCulture, $"polynomial order must be 1 (affine) or 2, not {order}")));
        }

        var needed = MinimumPoints(order);
        if (points.Count < needed)
        {
            return ParseResult<ScanGeoreference>.Failed(new InputProblem(
                source,
                string.Create(CultureInfo.InvariantCulture, $"an order-{order} fit needs at least {needed} control points, got {points.Count}")));
        }

        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (!(double.IsFinite(p.Column) && double.IsFinite(p.Row) && double.IsFinite(p.X) && double.IsFinite(p.Y)))
            {
                return ParseResult<ScanGeoreference>.Failed(new InputProblem(source, "control point has a non-finite coordinate") { Feature = i });
            }
        }

        var centreColumn = points.Average(p => p.Column);
        var centreRow = points.Average(p => p.Row);
        var scale = points.Max(p => Math.Max(Math.Abs(p.Column - centreColumn), Math.Abs(p.Row - centreRow)));
        if (scale == 0)
        {
            return Degenerate(source, order);
        }

        var terms = order == 1 ? 3 : 6;
        var design = new double[points.Count, terms];
        for (var i = 0; i < points.Count; i++)
        {
            var row = Terms((points[i].Column - centreColumn) / scale, (points[i].Row - centreRow) / scale, order);
            for (var j = 0; j < terms; j++)
            {
                design[i, j] = row[j];
            }
        }

        // Map coordinates are centred too: UTM northings of 4.5 million would otherwise swamp the residual digits.
        var centreX = points.Average(p => p.X);
        var centreY = points.Average(p => p.Y);
        var solution = PolynomialFit.Solve(
            design, [points.Select(p => p.X - centreX).ToArray(), points.Select(p => p.Y - centreY).ToArray()]);
        if (solution is null)
        {
            return Degenerate(source, order);
        }

        solution[0][0] += centreX;
        solution[1][0] += centreY;
        return ParseResult<ScanGeoreference>.Ok(new ScanGeoreference(order, centreColumn, centreRow, scale, solution[0], solution[1], points));
    }

    /// <summary>
    /// The four control points of a Soviet sheet's corners in Pulkovo 1942 geographic coordinates (X = longitude,
    /// Y = latitude, degrees) from the pixel positions of its north-west, north-east, south-east and south-west corners.
    /// </summary>
    public static IReadOnlyList<ControlPoint> SheetCorners(
        SheetId sheet, (double Column, double Row) northWest, (double Column, double Row) northEast,
        (double Column, double Row) southEast, (double Column, double Row) southWest)
    {
        var b = sheet.Bounds;
        return
        [
            new(northWest.Column, northWest.Row, b.West, b.North),
            new(northEast.Column, northEast.Row, b.East, b.North),
            new(southEast.Column, southEast.Row, b.East, b.South),
            new(southWest.Column, southWest.Row, b.West, b.South),
        ];
    }

    /// <summary>Map coordinates of a pixel position.</summary>
    public (double X, double Y) MapOf(double column, double row)
    {
        var t = Terms((column - _centreColumn) / _scale, (row - _centreRow) / _scale, Order);
        double x = 0, y = 0;
        for (var j = 0; j < t.Length; j++)
        {
            x += _xTerms[j] * t[j];
            y += _yTerms[j] * t[j];
        }

        return (x, y);
    }

    private static double[] Terms(double u, double v, int order) =>
        order == 1 ? [1, u, v] : [1, u, v, u * u, u * v, v * v];

    private static ParseResult<ScanGeoreference> Degenerate(string source, int order) =>
        ParseResult<ScanGeoreference>.Failed(new InputProblem(
            source,
            order == 1
                ? "control points are collinear or repeated, so they do not fix an affine mapping"
                : "control points do not fix a 2nd-order mapping (collinear, repeated or on one conic)"));

    // Expands the polynomial in (c−c0)/s, (r−r0)/s back into raw c, r so users can compare with GDAL's figures.
    private double[] RawCoefficients(double[] k)
    {
        var s = _scale;
        var c0 = _centreColumn;
        var r0 = _centreRow;
        if (Order == 1)
        {
            return [k[0] - (k[1] * c0 / s) - (k[2] * r0 / s), k[1] / s, k[2] / s];
        }

        var s2 = s * s;
        var constant = k[0] - (k[1] * c0 / s) - (k[2] * r0 / s) + (k[3] * c0 * c0 / s2) + (k[4] * c0 * r0 / s2) + (k[5] * r0 * r0 / s2);
        var column = (k[1] / s) - (2 * k[3] * c0 / s2) - (k[4] * r0 / s2);
        var row = (k[2] / s) - (k[4] * c0 / s2) - (2 * k[5] * r0 / s2);
        return [constant, column, row, k[3] / s2, k[4] / s2, k[5] / s2];
    }
}

/// <summary>
/// A fitted polynomial in centred, scaled input: X = Σ xᵢ·tᵢ(u, v) with u = (input₁ − centre₁)/scale, v = (input₂ − centre₂)/scale
/// and t = (1, u, v) for order 1, (1, u, v, u², u·v, v²) for order 2.
/// </summary>
public sealed record ScanPolynomial(int Order, double CentreFirst, double CentreSecond, double Scale, IReadOnlyList<double> X, IReadOnlyList<double> Y);
