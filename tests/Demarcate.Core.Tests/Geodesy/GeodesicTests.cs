using System.Globalization;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>Geodesic inverse and direct problems against PROJ's <c>geod</c> (which implements the same published method independently).</summary>
public sealed class GeodesicTests
{
    private const double DistanceTolerance = 1e-6; // metres; geod prints 9 decimals, both solutions are nanometre-accurate
    private const double AzimuthTolerance = 1e-9; // degrees

    private static readonly string[] GeodInverse = ["-I", "+ellps=WGS84", "-f", "%.15f", "-F", "%.9f"];
    private static readonly string[] GeodDirect = ["+ellps=WGS84", "-f", "%.15f", "-F", "%.9f"];

    [Fact]
    public async Task Inverse_matches_geod_for_10000_pairs_across_the_Caucasus()
    {
        var random = new Random(20251122);
        var rows = Enumerable.Range(0, 10_000)
            .Select(_ => new[]
            {
                ProjOracle.Uniform(random, 38, 43.5), ProjOracle.Uniform(random, 40, 51),
                ProjOracle.Uniform(random, 38, 43.5), ProjOracle.Uniform(random, 40, 51),
            })
            .ToList();
        await AssertInverseMatchesGeod(rows);
    }

    [Fact]
    public async Task Inverse_matches_geod_for_worldwide_pairs_and_hard_cases()
    {
        var random = new Random(7);
        var rows = new List<double[]>
        {
            // coincident
            new[] { 40.0, 45.0, 40.0, 45.0 },
            new[] { 0.0, 0.0, 0.0, 0.0 },
            new[] { 90.0, 0.0, 90.0, 120.0 },
            // meridional, including over a pole
            new[] { 38.0, 45.0, 43.5, 45.0 },
            new[] { -10.0, 20.0, 70.0, 20.0 },
            new[] { 80.0, 10.0, 70.0, -170.0 },
            new[] { -89.0, 0.0, -89.5, 180.0 },
            new[] { 0.0, 0.0, 0.0, 180.0 },
            new[] { 90.0, 0.0, -90.0, 0.0 },
            new[] { 90.0, 30.0, 10.0, -100.0 },
            // equatorial
            new[] { 0.0, 0.0, 0.0, 90.0 },
            new[] { 0.0, -10.0, 0.0, 169.0 },
            new[] { 0.0, 0.0, 0.0, 179.5 },
            new[] { 0.0, 0.0, 0.0, 179.8 },
            // nearly antipodal
            new[] { 0.0, 0.0, 0.5, 179.7 },
            new[] { -30.0, 0.0, 29.9, 179.8 },
            new[] { 40.0, 45.0, -40.0, -135.0001 },
            new[] { 40.0, 45.0, -39.99, -135.01 },
            new[] { 1e-10, 0.0, -1e-10, 179.99999 },
            new[] { 0.0, 0.0, 0.0001, 179.99 },
            new[] { 41.0, 44.0, -41.0, -136.0 },
            // very short
            new[] { 40.0, 45.0, 40.0000001, 45.0000001 },
            new[] { 40.0, 45.0, 40.0, 45.000000001 },
            // across the antimeridian
            new[] { 50.0, 179.9, 50.1, -179.9 },
        };
        for (var i = 0; i < 2_000; i++)
        {
            var lat1 = Math.Asin(ProjOracle.Uniform(random, -1, 1)) * 180 / Math.PI;
            var lon1 = ProjOracle.Uniform(random, -180, 180);
            if (i % 4 == 0)
            {
                // Near the antipode of point 1.
                rows.Add([lat1, lon1, -lat1 + ProjOracle.Uniform(random, -1, 1), lon1 + 180 + ProjOracle.Uniform(random, -1, 1)]);
            }
            else
            {
                rows.Add([lat1, lon1, Math.Asin(ProjOracle.Uniform(random, -1, 1)) * 180 / Math.PI, ProjOracle.Uniform(random, -180, 180)]);
            }
        }

        await AssertInverseMatchesGeod(rows);
    }

    [Fact]
    public async Task Direct_matches_geod_for_10000_lines()
    {
        var random = new Random(11);
        var rows = new List<double[]>();
        for (var i = 0; i < 10_000; i++)
        {
            var distance = i % 10 == 0 ? ProjOracle.Uniform(random, 0, 19_900_000) : ProjOracle.Uniform(random, 0, 600_000);
            rows.Add([ProjOracle.Uniform(random, 38, 43.5), ProjOracle.Uniform(random, 40, 51), ProjOracle.Uniform(random, -180, 180), distance]);
        }

        rows.Add([0, 0, 90, 10_000_000]);
        rows.Add([0, 0, 0, 20_000_000]);
        rows.Add([90, 0, 180, 1_000_000]);
        rows.Add([-90, 0, 0, 1_000_000]);
        rows.Add([40, 45, 30, 0]);
        rows.Add([40, 45, 30, -5000]);

        var expected = await ProjOracle.RunAsync("geod", GeodDirect, rows);
        var worst = (lat: 0.0, lon: 0.0, azi: 0.0);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var actual = Geodesic.Wgs84.Direct(r[0], r[1], r[2], r[3]);
            var dLat = Math.Abs(actual.Latitude - expected[i][0]);
            var dLon = Math.Abs(actual.Latitude) > 89.9999 ? 0 : ProjOracle.AngleDifference(actual.Longitude, expected[i][1]);
            var dAzi = Math.Abs(actual.Latitude) > 89.9999 ? 0 : ProjOracle.AngleDifference(actual.FinalAzimuth - 180, expected[i][2]);
            worst = (Math.Max(worst.lat, dLat), Math.Max(worst.lon, dLon), Math.Max(worst.azi, dAzi));
            Assert.True(dLat < 1e-11 && dLon < 1e-11 && dAzi < AzimuthTolerance,
                string.Create(CultureInfo.InvariantCulture, $"line {i} ({string.Join(' ', r)}): ours {actual}, geod {string.Join(' ', expected[i])}"));
        }
    }

    [Fact]
    public void Direct_then_inverse_round_trips_along_the_same_geodesic()
    {
        var random = new Random(3);
        for (var i = 0; i < 2000; i++)
        {
            var lat = ProjOracle.Uniform(random, -89, 89);
            var lon = ProjOracle.Uniform(random, -180, 180);
            var azi = ProjOracle.Uniform(random, -180, 180);
            var s = ProjOracle.Uniform(random, 0, 19_000_000);
            var end = Geodesic.Wgs84.Direct(lat, lon, azi, s);
            var back = Geodesic.Wgs84.Inverse(lat, lon, end.Latitude, end.Longitude);
            Assert.Equal(s, back.Distance, 1e-6);
        }
    }

    [Fact]
    public void Length_and_interpolation_follow_the_geodesic()
    {
        var a = new GeoPoint(40.1, 44.5);
        var b = new GeoPoint(41.7, 44.8);
        var c = new GeoPoint(40.4, 49.9);
        var total = Geodesic.Wgs84.Distance(a, b) + Geodesic.Wgs84.Distance(b, c);
        Assert.Equal(total, Geodesic.Wgs84.Length([a, b, c]), 1e-9);
        Assert.Equal(0, Geodesic.Wgs84.Length([a]));

        var ab = Geodesic.Wgs84.Distance(a, b);
        var middle = Geodesic.Wgs84.Interpolate(a, b, ab / 3);
        Assert.Equal(ab / 3, Geodesic.Wgs84.Distance(a, middle), 1e-6);
        Assert.Equal(2 * ab / 3, Geodesic.Wgs84.Distance(middle, b), 1e-6);

        var dense = Geodesic.Wgs84.Densify(a, c, 10_000);
        Assert.Equal(a, dense[0]);
        Assert.Equal(c, dense[^1]);
        Assert.Equal(Geodesic.Wgs84.Distance(a, c), Geodesic.Wgs84.Length(dense), 1e-5);
        for (var i = 1; i < dense.Length; i++)
        {
            Assert.True(Geodesic.Wgs84.Distance(dense[i - 1], dense[i]) <= 10_000 + 1e-6);
        }
    }

    [Fact]
    public void Latitudes_beyond_the_poles_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Geodesic.Wgs84.Inverse(91, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Geodesic.Wgs84.Direct(double.NaN, 0, 0, 1));
    }

    private static async Task AssertInverseMatchesGeod(List<double[]> rows)
    {
        var expected = await ProjOracle.RunAsync("geod", GeodInverse, rows);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var actual = Geodesic.Wgs84.Inverse(r[0], r[1], r[2], r[3]);
            var message = string.Create(CultureInfo.InvariantCulture, $"pair {i} ({string.Join(' ', r)}): ours {actual}, geod {string.Join(' ', expected[i])}");
            Assert.True(Math.Abs(actual.Distance - expected[i][2]) <= DistanceTolerance, message);

            // Azimuths are undefined for coincident points and at the poles; geod and we may choose differently there.
            var poleOrCoincident = expected[i][2] < 1e-3 || Math.Abs(r[0]) == 90 || Math.Abs(r[2]) == 90;
            if (!poleOrCoincident)
            {
                // The azimuth of a centimetre-long line is only as good as the double rounding of its end points
                // (~1e-9 m); allow that much sideways displacement on top of the angular tolerance.
                var tolerance = AzimuthTolerance + 1e-9 / expected[i][2] * 180 / Math.PI;
                Assert.True(ProjOracle.AngleDifference(actual.InitialAzimuth, expected[i][0]) <= tolerance, message);
                Assert.True(ProjOracle.AngleDifference(actual.FinalAzimuth - 180, expected[i][1]) <= tolerance, message);
            }
        }
    }
}
