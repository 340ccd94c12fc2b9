using System.Globalization;
using Demarcate.Core.Geodesy;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>
/// Whole operations (grid inverse, datum shift, grid forward, axis orders) against <c>cct</c> running the pipeline that
/// <c>projinfo -s A -t B</c> offers for the same EPSG transformation, 10 000 random points per ordered pair.
/// </summary>
public sealed class CoordinateOperationTests
{
    private static readonly GeographicBounds Caucasus = new(38, 40, 43.5, 51);

    public static TheoryData<int, int, int> Pairs => new()
    {
        // source, target, EPSG transformation (0: same datum)
        { 28408, 32638, 15865 }, { 32638, 28408, 15865 },
        { 4284, 4326, 15865 }, { 4326, 4284, 15865 },
        { 4284, 4326, 1267 }, { 4326, 4284, 1267 },
        { 4284, 4326, 5044 }, { 4326, 4284, 5044 },
        { 4284, 4326, 1807 }, { 4326, 4284, 1807 },
        { 4284, 4326, 1808 }, { 4326, 4284, 1808 },
        { 4284, 4326, 1809 }, { 4326, 4284, 1809 },
        { 28407, 4326, 15865 }, { 4326, 28407, 15865 },
        { 28409, 32639, 15865 }, { 32639, 28409, 1809 },
        { 2497, 32637, 15865 }, { 2499, 4326, 1808 },
        { 2531, 32638, 15865 }, { 32638, 2531, 1808 },
        { 2532, 32639, 1807 }, { 2936, 32638, 1808 }, { 32638, 2936, 15865 },
        { 2937, 32639, 1809 }, { 4326, 2937, 15865 },
        { 2498, 28408, 0 }, { 28408, 2936, 0 }, { 2531, 4284, 0 }, { 4284, 2532, 0 },
        { 32637, 32638, 0 }, { 4326, 32639, 0 }, { 32638, 4326, 0 },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Matches_cct_on_the_projinfo_pipeline(int sourceCode, int targetCode, int transformationCode)
    {
        var source = CrsRegistry.Standard.Find(CrsCode.Epsg(sourceCode))!;
        var target = CrsRegistry.Standard.Find(CrsCode.Epsg(targetCode))!;
        var shift = transformationCode == 0 ? null : DatumTransformations.Find(CrsCode.Epsg(transformationCode));
        var operation = CoordinateOperation.Create(source, target, shift).Value;
        Assert.Equal(shift, operation.DatumTransformation);
        Assert.Equal(shift?.Accuracy ?? 0, operation.Accuracy);

        // Points inside the source's and the transformation's areas, so that neither is flagged; the target's area may
        // be left (from one UTM zone into the next, as boundary data often does), which only flags the point.
        var area = Caucasus.Intersect(source.AreaOfUse)!.Value;
        if (shift is not null)
        {
            area = area.Intersect(shift.AreaOfUse)!.Value;
        }

        area = new GeographicBounds(area.South + 0.05, area.West + 0.05, area.North - 0.05, area.East - 0.05);
        var pipeline = await ProjOracle.PipelineAsync(sourceCode, targetCode, shift, area);

        var random = new Random(sourceCode * 7 + targetCode + transformationCode);
        var rows = new List<double[]>();
        for (var i = 0; i < 10_000; i++)
        {
            var lat = ProjOracle.Uniform(random, area.South, area.North);
            var lon = ProjOracle.Uniform(random, area.West, area.East);
            var (first, second) = InSourceAxes(source, lat, lon);
            rows.Add([first, second, 0, 0]);
        }

        var expected = await ProjOracle.RunAsync("cct", ["-d", "12", .. pipeline.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)], rows);
        var firsts = rows.Select(r => r[0]).ToArray();
        var seconds = rows.Select(r => r[1]).ToArray();
        var outFirst = new double[rows.Count];
        var outSecond = new double[rows.Count];
        var issues = new TransformIssues[rows.Count];
        operation.Transform(firsts, seconds, outFirst, outSecond, issues);

        var tolerance = target.IsProjected ? 1e-3 : 1e-8;
        var worst = 0.0;
        for (var i = 0; i < rows.Count; i++)
        {
            var single = operation.Transform(firsts[i], seconds[i]);
            Assert.Equal(single, new TransformedPoint(outFirst[i], outSecond[i], issues[i]));
            var error = Math.Max(Math.Abs(outFirst[i] - expected[i][0]), Math.Abs(outSecond[i] - expected[i][1]));
            worst = Math.Max(worst, error);
            Assert.True(error <= tolerance && (issues[i] & ~TransformIssues.OutsideTargetArea) == TransformIssues.None, string.Create(CultureInfo.InvariantCulture,
                $"{operation.Name}, point {i} ({firsts[i]}, {seconds[i]}): ours {single}, cct {expected[i][0]} {expected[i][1]}"));
        }
    }

    [Fact]
    public void Points_outside_the_areas_of_use_are_flagged_and_impossible_ones_refused()
    {
        var pulkovo = CrsRegistry.Standard.Find(CrsCode.Epsg(4284))!;
        var wgs = CrsRegistry.Wgs84;
        var baku = CoordinateOperation.Create(pulkovo, wgs, DatumTransformations.Epsg1809).Value;
        Assert.Equal(TransformIssues.None, baku.Transform(40.0, 49.8).Issues);
        Assert.Equal(TransformIssues.OutsideOperationArea, baku.Transform(40.2, 44.5).Issues); // Yerevan is not Baku–Astara
        Assert.Equal(TransformIssues.OutsideOperationArea | TransformIssues.OutsideSourceArea, baku.Transform(10, 49.8).Issues);

        var gk8 = CoordinateOperation.Create(wgs, CrsRegistry.Standard.Find(CrsCode.Epsg(28408))!).Value;
        Assert.Equal("EPSG:4326 → EPSG:28408 via inverse of EPSG:15865 Pulkovo 1942 to WGS 84 (16) (4.5 m)", gk8.Name);
        Assert.True(gk8.UsesInverseTransformation);
        Assert.Equal(TransformIssues.OutsideTargetArea, gk8.Transform(40.2, 41.0).Issues); // west of zone 8
        var invalid = gk8.Transform(95, 45);
        Assert.Equal(TransformIssues.InvalidCoordinate, invalid.Issues);
        Assert.True(double.IsNaN(invalid.First));

        // A transformation that does not join the two datums is refused, as is one between WGS 84 CRSs.
        Assert.False(CoordinateOperation.Create(wgs, CrsRegistry.Standard.Find(CrsCode.Epsg(32638))!, DatumTransformations.Epsg15865).Success);
    }

    [Fact]
    public void Helmert_shift_and_its_reverse_close_within_the_stated_accuracy()
    {
        foreach (var t in DatumTransformations.All)
        {
            var there = t.Forward(40.5, 47.5);
            var back = t.Reverse(there.Latitude, there.Longitude);
            var closure = Geodesic.Wgs84.Distance(new GeoPoint(40.5, 47.5), back);
            Assert.True(closure < 0.01 * t.Accuracy, $"{t}: closure {closure} m");
        }
    }

    private static (double First, double Second) InSourceAxes(CoordinateReferenceSystem crs, double lat, double lon) => crs.AxisOrder switch
    {
        AxisOrder.LatitudeLongitude => (lat, lon),
        AxisOrder.LongitudeLatitude => (lon, lat),
        AxisOrder.EastingNorthing => (crs.Projection!.Forward(lat, lon).Easting, crs.Projection.Forward(lat, lon).Northing),
        _ => (crs.Projection!.Forward(lat, lon).Northing, crs.Projection.Forward(lat, lon).Easting),
    };
}
