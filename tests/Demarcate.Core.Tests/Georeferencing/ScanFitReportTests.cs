using System.Globalization;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Georeferencing;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Georeferencing;

/// <summary>Residuals in metres (checked against PROJ's cct), the browser's pixel ↔ WGS 84 polynomials, control point tables and image headers.</summary>
public sealed class ScanFitReportTests
{
    private static readonly SheetId Sheet = SheetNomenclature.Parse("K-38-34").Value;

    /// <summary>The sheet's corners on a 1000 × 800 scan plus a fifth point in the middle pulled 0.001° east.</summary>
    private static GeoreferencedScan PulkovoScan()
    {
        var b = Sheet.Bounds;
        return new GeoreferencedScan("gs", "K-38-34.png", "EPSG:4284", 1,
        [
            new("NW", 0, 0, b.West, b.North),
            new("NE", 1000, 0, b.East, b.North),
            new("SE", 1000, 800, b.East, b.South),
            new("SW", 0, 800, b.West, b.South),
            new("M", 500, 400, ((b.West + b.East) / 2) + 0.001, (b.North + b.South) / 2),
        ]) { Width = 1000, Height = 800 };
    }

    [Fact]
    public async Task A_geographic_fit_measures_its_residuals_in_metres_on_the_sheets_gauss_kruger_zone_as_proj_does()
    {
        var scan = PulkovoScan();
        var report = ScanFitReport.Compute(scan, CrsRegistry.Standard.Resolve("EPSG:4284").Value);

        Assert.True(report.Success, string.Join("; ", report.Problems));
        Assert.StartsWith("Gauss–Krüger zone 8 (Pulkovo 1942, central meridian 45°)", report.Value.MetricFrame, StringComparison.Ordinal);

        // PROJ projects each given and each fitted point onto the same Gauss–Krüger zone; the miss is their distance.
        var fit = report.Value.Fit;
        var input = string.Concat(scan.ControlPoints.SelectMany(p =>
        {
            var (x, y) = fit.MapOf(p.Column, p.Row);
            return new[] { FormattableString.Invariant($"{p.X:R} {p.Y:R}\n"), FormattableString.Invariant($"{x:R} {y:R}\n") };
        }));
        var projected = await ExternalTool.RunAsync("cct", ["-d", "6", "-z", "0", "-t", "0", "+proj=tmerc", "+lat_0=0", "+lon_0=45", "+k=1", "+x_0=500000", "+y_0=0", "+ellps=krass"], input);
        Assert.True(projected.ExitCode == 0, projected.StandardError);
        var rows = projected.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var expected = Enumerable.Range(0, scan.ControlPoints.Count).Select(i => double.Hypot(rows[2 * i][0] - rows[(2 * i) + 1][0], rows[2 * i][1] - rows[(2 * i) + 1][1])).ToArray();
        Assert.Equal(expected.Length, report.Value.Misses.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], report.Value.Misses[i].Metres, 0.001);
        }

        Assert.Equal(Math.Sqrt(expected.Sum(e => e * e) / expected.Length), report.Value.RootMeanSquareMetres, 0.001);

        // 0.001° of longitude at 43° N is about 81 m; least squares spreads it, so the middle point keeps 4/5 of it.
        Assert.InRange(report.Value.Misses[4].Metres, 0.8 * 81 * 0.95, 0.8 * 81 * 1.05);
    }

    [Fact]
    public void A_projected_fit_measures_its_residuals_in_its_own_grid()
    {
        var scan = new GeoreferencedScan("gs", "s.png", "EPSG:28408", 1,
        [
            new("A", 0, 0, 8_500_000, 4_450_000), new("B", 10, 0, 8_500_010, 4_450_000),
            new("C", 0, 10, 8_500_000, 4_449_990), new("D", 10, 10, 8_500_014, 4_449_990),
        ]) { Width = 10, Height = 10 };

        var report = ScanFitReport.Compute(scan, CrsRegistry.Standard.Resolve("EPSG:28408").Value).Value;

        // The hand computation of ScanGeoreferenceTests: each point misses by 1 m.
        Assert.All(report.Misses, m => Assert.Equal(1, m.Metres, 1e-9));
        Assert.Equal(1, report.RootMeanSquareMetres, 1e-9);
        Assert.Contains("EPSG:28408", report.MetricFrame, StringComparison.Ordinal);
    }

    [Fact]
    public void The_browsers_polynomials_follow_the_fit_to_wgs84_and_invert_each_other()
    {
        var scan = PulkovoScan();
        var crs = CrsRegistry.Standard.Resolve("EPSG:4284").Value;
        var report = ScanFitReport.Compute(scan, crs).Value;
        var toWgs84 = CoordinateOperation.Create(crs, CrsRegistry.Wgs84).Value;

        Assert.InRange(report.DisplayErrorMetres, 0, 0.5);
        foreach (var (c, r) in new[] { (0.0, 0.0), (333.3, 777.7), (1000.0, 800.0), (612.0, 41.0) })
        {
            var (x, y) = report.Fit.MapOf(c, r);
            var exact = toWgs84.Transform(y, x);
            var (lon, lat) = Evaluate(report.PixelToWgs84, c, r);
            Assert.True(Geodesic.Wgs84.Inverse(exact.First, exact.Second, lat, lon).Distance < 0.5);
            var (column, row) = Evaluate(report.Wgs84ToPixel, lon, lat);
            Assert.Equal(c, column, 0.01);
            Assert.Equal(r, row, 0.01);
        }

        // The Pulkovo 1942 sheet frame lies about a hundred metres from where WGS 84 puts the same numbers.
        var shift = Geodesic.Wgs84.Inverse(Sheet.Bounds.North, Sheet.Bounds.West, report.Footprint[0].Latitude, report.Footprint[0].Longitude).Distance;
        Assert.InRange(shift, 20, 300);
    }

    [Fact]
    public void A_control_point_table_names_the_line_of_each_bad_row()
    {
        const string text = "id,column,row,x,y\nA,0,0,45,41\nB,12,zero,45.5,41\n\nC,1,2,3\nD,5,5,45.1,40.9\n";

        var read = GroundControlPoints.Parse(text, "gcp.csv");

        Assert.False(read.Success);
        Assert.Equal(["gcp.csv:3:3: row 'zero' is not a number (write a decimal point, no thousands separator)", "gcp.csv:5: the row has 4 cells, the header 5"], read.Problems.Select(p => p.ToString()));
        Assert.Contains("header", GroundControlPoints.Parse("c,r,x,y\n1,2,3,4\n", "gcp.csv").Problems[0].Message, StringComparison.Ordinal);
        var good = GroundControlPoints.Parse("column,row,x,y\n1,2,3,4\n", "gcp.csv").Value;
        Assert.Equal([new GroundControlPoint("1", 1, 2, 3, 4)], good);
        Assert.Equal(good, GroundControlPoints.Parse(GroundControlPoints.Format(good), "again").Value);
    }

    [Fact]
    public void Sheet_corners_come_from_rows_nw_ne_se_sw_and_a_missing_corner_is_named()
    {
        var rows = GroundControlPoints.Parse("id,column,row\nNW,10,12\nNE,990,8\nSE,995,790\nSW,6,796\n", "corners.csv", needMapPositions: false).Value;

        var corners = GroundControlPoints.FromSheetCorners(rows, Sheet, "corners.csv").Value;

        Assert.Equal(new GroundControlPoint("SE", 995, 790, Sheet.Bounds.East, Sheet.Bounds.South), corners[2]);
        var missing = GroundControlPoints.FromSheetCorners(rows.Take(3).ToList(), Sheet, "corners.csv");
        Assert.Contains("SW", missing.Problems[0].Message, StringComparison.Ordinal);
        Assert.False(SheetNomenclature.Parse("K-38-145").Success); // an unknown sheet never reaches the corners
    }

    [Fact]
    public void Image_headers_give_the_size_of_pngs_and_jpegs_and_refuse_anything_else()
    {
        Assert.Equal(new ScanImage("image/png", 37, 21), ScanImage.Read(TestScans.Png(37, 21, (_, _) => (1, 2, 3))).Value);

        // SOI, an APP0 segment of 16 bytes, then SOF0 with precision 8, height 480, width 640.
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. new byte[14], 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03];
        Assert.Equal(new ScanImage("image/jpeg", 640, 480), ScanImage.Read(jpeg).Value);
        Assert.Contains("PNG or JPEG", ScanImage.Read("II*\0"u8, "K-38-34.tif").Problems[0].ToString(), StringComparison.Ordinal);
        Assert.False(ScanImage.Read(jpeg.AsSpan(0, 24)).Success);
    }

    private static (double X, double Y) Evaluate(ScanPolynomial p, double first, double second)
    {
        var u = (first - p.CentreFirst) / p.Scale;
        var v = (second - p.CentreSecond) / p.Scale;
        double[] t = p.Order == 1 ? [1, u, v] : [1, u, v, u * u, u * v, v * v];
        return (t.Select((term, i) => term * p.X[i]).Sum(), t.Select((term, i) => term * p.Y[i]).Sum());
    }
}
