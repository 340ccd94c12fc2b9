using System.Globalization;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Georeferencing;

/// <summary>
/// A scan attached to a cartographic source, tied to the map by ground control points and a chosen fit. Each fit is kept
/// (numbered per source, never rewritten), so the commission can see how a scan's georeference was arrived at.
/// </summary>
/// <param name="SourceId">The source whose attached file is the scan.</param>
/// <param name="FileName">The attached file (PNG or JPEG).</param>
/// <param name="Crs">The CRS of the control points' map positions (X easting or longitude, Y northing or latitude).</param>
/// <param name="Order">1 (affine) or 2 (second-order polynomial).</param>
/// <param name="ControlPoints">The control points as given.</param>
public sealed record GeoreferencedScan(string SourceId, string FileName, string Crs, int Order, IReadOnlyList<GroundControlPoint> ControlPoints)
{
    /// <summary>1 for a source's first fit, one more for each later one.</summary>
    public int Number { get; init; }

    /// <summary>The image's width in pixels, read from the stored file.</summary>
    public int Width { get; init; }

    /// <summary>The image's height in pixels.</summary>
    public int Height { get; init; }

    /// <summary>The sheet whose corners gave the control points, when they came from its nomenclature.</summary>
    public string? Sheet { get; init; }

    public string FittedBy { get; init; } = "";

    public DateTimeOffset FittedAt { get; init; }

    public bool Equals(GeoreferencedScan? other) =>
        other is not null && SourceId == other.SourceId && FileName == other.FileName && Crs == other.Crs && Order == other.Order
        && ControlPoints.SequenceEqual(other.ControlPoints) && Number == other.Number && Width == other.Width && Height == other.Height
        && Sheet == other.Sheet && FittedBy == other.FittedBy && FittedAt == other.FittedAt;

    public override int GetHashCode() => HashCode.Combine(SourceId, FileName, Number);
}

/// <summary>One control point's miss in metres, with the miss in the CRS's own units it comes from.</summary>
public sealed record ControlPointMiss(GroundControlPoint Point, double DeltaX, double DeltaY, double Metres);

/// <summary>
/// How well a scan's fit holds: each control point's residual and the RMSE in metres, and the mapping a browser uses to
/// draw the scan in place (pixel ↔ WGS 84 longitude/latitude, both ways, as polynomials).
/// </summary>
public sealed class ScanFitReport
{
    private const int DisplayGrid = 9;

    private ScanFitReport(
        ScanGeoreference fit, IReadOnlyList<ControlPointMiss> misses, string metricFrame, ScanPolynomial toWgs84, ScanPolynomial fromWgs84, double displayError,
        IReadOnlyList<(double Longitude, double Latitude)> footprint)
    {
        Fit = fit;
        Misses = misses;
        RootMeanSquareMetres = Math.Sqrt(misses.Sum(m => m.Metres * m.Metres) / misses.Count);
        MetricFrame = metricFrame;
        PixelToWgs84 = toWgs84;
        Wgs84ToPixel = fromWgs84;
        DisplayErrorMetres = displayError;
        Footprint = footprint;
    }

    /// <summary>The least-squares fit in the control points' CRS.</summary>
    public ScanGeoreference Fit { get; }

    /// <summary>Each control point's residual (given minus fitted), in the order given.</summary>
    public IReadOnlyList<ControlPointMiss> Misses { get; }

    /// <summary>√(Σ miss² / n), in metres of <see cref="MetricFrame"/>.</summary>
    public double RootMeanSquareMetres { get; }

    /// <summary>Where the metres are measured: the CRS's own grid, or the Gauss–Krüger/UTM zone a geographic fit is projected to.</summary>
    public string MetricFrame { get; }

    /// <summary>Pixel (column, row) to WGS 84 (longitude, latitude): the fit followed by the CRS's transformation to WGS 84.</summary>
    public ScanPolynomial PixelToWgs84 { get; }

    /// <summary>WGS 84 (longitude, latitude) to pixel (column, row): the inverse a browser needs to warp the image.</summary>
    public ScanPolynomial Wgs84ToPixel { get; }

    /// <summary>How far, at most, the drawn scan strays from the fit (metres, checked between the sampling points).</summary>
    public double DisplayErrorMetres { get; }

    /// <summary>The image's corners NW, NE, SE, SW in WGS 84 (longitude, latitude).</summary>
    public IReadOnlyList<(double Longitude, double Latitude)> Footprint { get; }

    /// <summary>Fits <paramref name="scan"/>'s control points in <paramref name="crs"/> and measures the fit in metres.</summary>
    public static ParseResult<ScanFitReport> Compute(GeoreferencedScan scan, CoordinateReferenceSystem crs)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(crs);
        var source = $"{scan.SourceId}/{scan.FileName}";
        var fitted = ScanGeoreference.Fit([.. scan.ControlPoints.Select(p => p.ToControlPoint())], scan.Order, source);
        if (!fitted.Success)
        {
            return ParseResult<ScanFitReport>.Failed(fitted.Problems);
        }

        var fit = fitted.Value;
        var toWgs84 = CoordinateOperation.Create(crs, CrsRegistry.Wgs84);
        if (!toWgs84.Success)
        {
            return ParseResult<ScanFitReport>.Failed(toWgs84.Problems);
        }

        if (!crs.IsProjected && scan.ControlPoints.Any(p => Math.Abs(p.Y) > 90 || Math.Abs(p.X) > 180))
        {
            return ParseResult<ScanFitReport>.Failed(new InputProblem(
                source, $"{crs.Code} is geographic: x is the longitude and y the latitude in degrees, and some control points are not"));
        }

        var (metres, frame) = MetricProjection(fit, crs);
        var misses = fit.Residuals.Select((r, i) =>
        {
            var given = metres(r.Point.X, r.Point.Y);
            var mapped = metres(r.Point.X - r.DeltaX, r.Point.Y - r.DeltaY);
            return new ControlPointMiss(scan.ControlPoints[i], r.DeltaX, r.DeltaY, double.Hypot(given.E - mapped.E, given.N - mapped.N));
        }).ToList();

        var width = Math.Max(scan.Width, 1);
        var height = Math.Max(scan.Height, 1);
        (double Longitude, double Latitude) Wgs84Of(double column, double row)
        {
            var (x, y) = fit.MapOf(column, row);
            var (first, second) = InAxisOrder(crs.AxisOrder, x, y);
            var t = toWgs84.Value.Transform(first, second);
            return (t.Second, t.First); // EPSG:4326 is latitude first
        }

        var samples = new List<ControlPoint>();
        var inverseSamples = new List<ControlPoint>();
        for (var i = 0; i < DisplayGrid; i++)
        {
            for (var j = 0; j < DisplayGrid; j++)
            {
                var (c, r) = (width * i / (DisplayGrid - 1.0), height * j / (DisplayGrid - 1.0));
                var (lon, lat) = Wgs84Of(c, r);
                samples.Add(new ControlPoint(c, r, lon, lat));
                inverseSamples.Add(new ControlPoint(lon, lat, c, r));
            }
        }

        var forward = ScanGeoreference.Fit(samples, 2, source);
        var inverse = ScanGeoreference.Fit(inverseSamples, 2, source);
        if (!forward.Success || !inverse.Success)
        {
            return ParseResult<ScanFitReport>.Failed(new InputProblem(source, "the fit folds the image over itself, so it cannot be drawn; check the control points"));
        }

        // The drawn scan is checked midway between the sampling points, where a polynomial strays most.
        double worst = 0;
        for (var i = 0; i < DisplayGrid - 1; i++)
        {
            for (var j = 0; j < DisplayGrid - 1; j++)
            {
                var (c, r) = (width * (i + 0.5) / (DisplayGrid - 1.0), height * (j + 0.5) / (DisplayGrid - 1.0));
                var exact = Wgs84Of(c, r);
                var drawn = forward.Value.MapOf(c, r);
                worst = Math.Max(worst, Geodesic.Wgs84.Inverse(exact.Latitude, exact.Longitude, drawn.Y, drawn.X).Distance);
            }
        }

        IReadOnlyList<(double, double)> footprint = [Wgs84Of(0, 0), Wgs84Of(width, 0), Wgs84Of(width, height), Wgs84Of(0, height)];
        return ParseResult<ScanFitReport>.Ok(new ScanFitReport(fit, misses, frame, forward.Value.Polynomial, inverse.Value.Polynomial, worst, footprint));
    }

    /// <summary>
    /// Metres for the residuals: a projected CRS's own grid; a geographic CRS projected to the 6° zone of the points' mean
    /// longitude — Gauss–Krüger (scale 1) on Krassowsky for Pulkovo 1942, as the sheets themselves are drawn, UTM otherwise.
    /// </summary>
    private static (Func<double, double, (double E, double N)> Metres, string Frame) MetricProjection(ScanGeoreference fit, CoordinateReferenceSystem crs)
    {
        if (crs.Projection is not null)
        {
            return ((x, y) => (x, y), $"the grid of {crs.Code} ({crs.Name})");
        }

        var longitude = fit.Residuals.Average(r => r.Point.X);
        var zone = Utm.Zone(longitude);
        var centralMeridian = Utm.CentralMeridian(zone);
        var pulkovo = crs.Datum.Equals(Datum.Pulkovo1942);
        var projection = pulkovo
            ? new TransverseMercator(crs.Ellipsoid, 0, centralMeridian, 1, 500_000, 0)
            : new TransverseMercator(crs.Ellipsoid, 0, centralMeridian, 0.9996, 500_000, 0);
        var gkZone = (zone + 30) % 60 == 0 ? 60 : (zone + 30) % 60;
        var frame = pulkovo
            ? string.Create(CultureInfo.InvariantCulture, $"Gauss–Krüger zone {gkZone} (Pulkovo 1942, central meridian {centralMeridian}°)")
            : string.Create(CultureInfo.InvariantCulture, $"UTM zone {zone} ({crs.Datum.Name}, central meridian {centralMeridian}°)");
        return ((x, y) =>
        {
            var g = projection.Forward(y, x);
            return (g.Easting, g.Northing);
        }, frame);
    }

    private static (double First, double Second) InAxisOrder(AxisOrder order, double x, double y) => order switch
    {
        AxisOrder.LatitudeLongitude or AxisOrder.NorthingEasting => (y, x),
        _ => (x, y),
    };
}
