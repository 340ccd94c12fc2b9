using System.Globalization;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Georeferencing;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Georeferencing;

/// <summary>Least-squares fits of scan control points, checked by hand, by exact recovery and against gdaltransform.</summary>
public sealed class ScanGeoreferenceTests
{
    private static (double X, double Y) KnownAffine(double c, double r) =>
        (500000 + (2.5 * c) - (0.3 * r), 4500000 + (0.2 * c) - (2.5 * r));

    private static (double X, double Y) KnownQuadratic(double c, double r) =>
        (500000 + (2.5 * c) - (0.3 * r) + (1e-5 * c * c) + (2e-6 * c * r) - (3e-6 * r * r),
         4500000 + (0.2 * c) - (2.5 * r) - (4e-6 * c * c) + (5e-6 * c * r) + (1e-5 * r * r));

    private static ControlPoint[] Grid(Func<double, double, (double X, double Y)> map) =>
    [
        .. from c in new[] { 10.0, 3000, 7000 }
           from r in new[] { 20.0, 4000, 8500 }
           let m = map(c + (r / 100), r)
           select new ControlPoint(c + (r / 100), r, m.X, m.Y),
    ];

    [Fact]
    public void Recovers_a_known_affine_mapping_exactly()
    {
        var fit = ScanGeoreference.Fit(Grid(KnownAffine), 1);
        Assert.True(fit.Success, string.Join("; ", fit.Problems));
        Assert.Equal([500000, 2.5, -0.3], fit.Value.XCoefficients.Select(v => Math.Round(v, 6)));
        Assert.Equal([4500000, 0.2, -2.5], fit.Value.YCoefficients.Select(v => Math.Round(v, 6)));
        Assert.True(fit.Value.RootMeanSquareError < 1e-6);
        var (x, y) = fit.Value.MapOf(1234.5, 6789.25);
        Assert.Equal(KnownAffine(1234.5, 6789.25).X, x, 1e-6);
        Assert.Equal(KnownAffine(1234.5, 6789.25).Y, y, 1e-6);
    }

    [Fact]
    public void Recovers_a_known_second_order_mapping_exactly()
    {
        var fit = ScanGeoreference.Fit(Grid(KnownQuadratic), 2);
        Assert.True(fit.Success, string.Join("; ", fit.Problems));
        Assert.True(fit.Value.RootMeanSquareError < 1e-6);
        Assert.Equal(1e-5, fit.Value.XCoefficients[3], 1e-12);
        Assert.Equal(5e-6, fit.Value.YCoefficients[4], 1e-12);
        var (x, y) = fit.Value.MapOf(5555, 111);
        Assert.Equal(KnownQuadratic(5555, 111).X, x, 1e-6);
        Assert.Equal(KnownQuadratic(5555, 111).Y, y, 1e-6);
    }

    [Fact]
    public void Residuals_and_rmse_match_a_hand_computation()
    {
        // Four corners of a 10-pixel square mapped to X = c, Y = r, except the last pulled 4 m east. The misfit
        // (0, 0, 0, 4) splits into the affine span of (1, c, r) and the one vector orthogonal to it, (1, −1, −1, 1);
        // the residual is that component: 4·(1/4)·(1, −1, −1, 1), so every point misses by 1 m and the RMSE is 1 m.
        ControlPoint[] points = [new(0, 0, 0, 0), new(10, 0, 10, 0), new(0, 10, 0, 10), new(10, 10, 14, 10)];
        var fit = ScanGeoreference.Fit(points, 1).Value;
        Assert.Equal([1.0, -1.0, -1.0, 1.0], fit.Residuals.Select(r => Math.Round(r.DeltaX, 9)));
        Assert.All(fit.Residuals, r => Assert.Equal(0, r.DeltaY, 9));
        Assert.Equal(1.0, fit.RootMeanSquareError, 9);
    }

    [Fact]
    public void Refuses_too_few_collinear_and_repeated_points()
    {
        ControlPoint[] two = [new(0, 0, 0, 0), new(1, 1, 1, 1)];
        Assert.Contains("at least 3", ScanGeoreference.Fit(two, 1).Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("at least 6", ScanGeoreference.Fit(Grid(KnownAffine)[..5], 2).Problems[0].Message, StringComparison.Ordinal);
        ControlPoint[] collinear = [new(0, 0, 0, 0), new(1, 1, 1, 1), new(2, 2, 2, 2), new(5, 5, 5, 5)];
        Assert.Contains("collinear", ScanGeoreference.Fit(collinear, 1).Problems[0].Message, StringComparison.Ordinal);
        ControlPoint[] repeated = [new(3, 4, 0, 0), new(3, 4, 1, 1), new(3, 4, 2, 2)];
        Assert.False(ScanGeoreference.Fit(repeated, 1).Success);
        Assert.Contains("order", ScanGeoreference.Fit(Grid(KnownAffine), 3).Problems[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Agrees_with_gdaltransform(int order)
    {
        // Noisy points so the fit is a real least-squares compromise, not an interpolation.
        var points = Grid(KnownQuadratic).Select((p, i) => p with { X = p.X + ((i % 3) - 1) * 1.7, Y = p.Y + ((i % 2) - 0.5) * 2.3 }).ToArray();
        var fit = ScanGeoreference.Fit(points, order).Value;
        var arguments = new List<string>();
        foreach (var p in points)
        {
            arguments.AddRange(["-gcp", .. new[] { p.Column, p.Row, p.X, p.Y }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))]);
        }

        arguments.AddRange(["-order", order.ToString(CultureInfo.InvariantCulture), "-output_xy"]);
        (double C, double R)[] probes = [(100, 200), (4321.5, 3210.25), (6900, 8400)];
        var input = string.Concat(probes.Select(p => FormattableString.Invariant($"{p.C} {p.R}\n")));
        var result = await ExternalTool.RunAsync("gdaltransform", arguments, input);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(probes.Length, lines.Length);
        for (var i = 0; i < probes.Length; i++)
        {
            var parts = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var (x, y) = fit.MapOf(probes[i].C, probes[i].R);
            Assert.Equal(parts[0], x, 1e-6);
            Assert.Equal(parts[1], y, 1e-6);
        }
    }

    [Fact]
    public void Sheet_corner_points_are_the_sheet_corners_from_the_nomenclature()
    {
        var sheet = SheetNomenclature.Parse("K-38-34").Value;
        var points = ScanGeoreference.SheetCorners(sheet, (120, 95), (9800, 110), (9790, 10050), (130, 10040));
        Assert.Equal(new ControlPoint(120, 95, sheet.Bounds.West, sheet.Bounds.North), points[0]);
        Assert.Equal(new ControlPoint(9790, 10050, sheet.Bounds.East, sheet.Bounds.South), points[2]);
        Assert.Equal(sheet.SouthWest.Longitude, points[3].X);
        Assert.Equal(sheet.SouthWest.Latitude, points[3].Y);
        Assert.Equal(sheet.NorthEast.Longitude, points[1].X);
        Assert.Equal(sheet.NorthEast.Latitude, points[1].Y);
        var fit = ScanGeoreference.Fit(points, 1).Value;
        Assert.Equal(4, fit.Residuals.Count);
    }
}
