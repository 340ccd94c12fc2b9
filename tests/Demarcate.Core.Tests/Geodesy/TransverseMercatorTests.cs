using System.Globalization;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>Transverse Mercator and UTM against PROJ's <c>cct</c> (its default tmerc is the Poder/Engsager series, an independent method).</summary>
public sealed class TransverseMercatorTests
{
    private const double GridTolerance = 1e-3; // metres: the required accuracy
    private const double AngleTolerance = 1e-8; // degrees

    public static TheoryData<string, double, double, double, double, double, string> Grids => new()
    {
        // name, lat0, lon0, k0, FE, FN, PROJ definition
        { "UTM 37N", 0, 39, 0.9996, 500000, 0, "+proj=utm +zone=37 +ellps=WGS84" },
        { "UTM 38N", 0, 45, 0.9996, 500000, 0, "+proj=utm +zone=38 +ellps=WGS84" },
        { "UTM 39N", 0, 51, 0.9996, 500000, 0, "+proj=utm +zone=39 +ellps=WGS84" },
        { "GK zone 8", 0, 45, 1, 8500000, 0, "+proj=tmerc +lat_0=0 +lon_0=45 +k=1 +x_0=8500000 +y_0=0 +ellps=krass" },
        { "CS63 A2", 0.116666666666667, 44.5333333333333, 1, 2300000, 0, "+proj=tmerc +lat_0=0.116666666666667 +lon_0=44.5333333333333 +k=1 +x_0=2300000 +y_0=0 +ellps=krass" },
        { "local", 41.5, 45.25, 0.99995, 100000, 200000, "+proj=tmerc +lat_0=41.5 +lon_0=45.25 +k=0.99995 +x_0=100000 +y_0=200000 +ellps=GRS80" },
    };

    [Theory]
    [MemberData(nameof(Grids))]
    public async Task Forward_and_reverse_match_cct_within_4_degrees_of_the_central_meridian(
        string name, double lat0, double lon0, double k0, double fe, double fn, string proj)
    {
        var ellipsoid = proj.Contains("krass", StringComparison.Ordinal) ? Ellipsoid.Krassowsky1940
            : proj.Contains("GRS80", StringComparison.Ordinal) ? Ellipsoid.Grs80 : Ellipsoid.Wgs84;
        var tm = new TransverseMercator(ellipsoid, lat0, lon0, k0, fe, fn);
        var random = new Random(name.Length * 31 + 5);
        var rows = new List<double[]>();
        for (var i = 0; i < 10_000; i++)
        {
            // cct takes longitude first.
            rows.Add([lon0 + ProjOracle.Uniform(random, -4, 4), ProjOracle.Uniform(random, 38, 43.5), 0, 0]);
        }

        rows.Add([lon0, 0, 0, 0]);
        rows.Add([lon0, lat0, 0, 0]);
        rows.Add([lon0 + 3, -20, 0, 0]);
        rows.Add([lon0 - 3.5, 75, 0, 0]);

        var expected = await ProjOracle.RunAsync("cct", ["-d", "7", .. proj.Split(' ')], rows);
        var lat = rows.Select(r => r[1]).ToArray();
        var lon = rows.Select(r => r[0]).ToArray();
        var east = new double[rows.Count];
        var north = new double[rows.Count];
        tm.Forward(lat, lon, east, north);
        for (var i = 0; i < rows.Count; i++)
        {
            var single = tm.Forward(lat[i], lon[i]);
            Assert.Equal(single, new GridPoint(east[i], north[i]));
            Assert.True(
                Math.Abs(east[i] - expected[i][0]) <= GridTolerance && Math.Abs(north[i] - expected[i][1]) <= GridTolerance,
                string.Create(CultureInfo.InvariantCulture, $"{name} point {i} ({lat[i]}, {lon[i]}): ours {single}, cct {expected[i][0]} {expected[i][1]}"));
        }

        // Reverse, against cct -I on the same grid coordinates.
        var gridRows = expected.Select(e => new[] { e[0], e[1], 0.0, 0.0 }).ToList();
        var geographic = await ProjOracle.RunAsync("cct", ["-I", "-d", "12", .. proj.Split(' ')], gridRows);
        for (var i = 0; i < gridRows.Count; i++)
        {
            var p = tm.Reverse(gridRows[i][0], gridRows[i][1]);
            Assert.True(
                Math.Abs(p.Latitude - geographic[i][1]) <= AngleTolerance && ProjOracle.AngleDifference(p.Longitude, geographic[i][0]) <= AngleTolerance,
                string.Create(CultureInfo.InvariantCulture, $"{name} grid point {i}: ours {p}, cct {geographic[i][1]} {geographic[i][0]}"));
        }
    }

    [Fact]
    public void Reverse_undoes_forward_to_nanometres()
    {
        var tm = Utm.Projection(38);
        var random = new Random(1);
        for (var i = 0; i < 10_000; i++)
        {
            var lat = ProjOracle.Uniform(random, -80, 84);
            var lon = ProjOracle.Uniform(random, 40, 50);
            var grid = tm.Forward(lat, lon);
            var back = tm.Reverse(grid.Easting, grid.Northing);
            var again = tm.Forward(back.Latitude, back.Longitude);
            Assert.True(Math.Abs(again.Easting - grid.Easting) < 1e-8 && Math.Abs(again.Northing - grid.Northing) < 1e-8);
            Assert.Equal(lat, back.Latitude, 1e-12);
            Assert.Equal(lon, back.Longitude, 1e-12);
        }
    }

    [Fact]
    public void Utm_zones_and_southern_false_northing()
    {
        Assert.Equal(38, Utm.Zone(45));
        Assert.Equal(37, Utm.Zone(41.999));
        Assert.Equal(39, Utm.Zone(48));
        Assert.Equal(1, Utm.Zone(-180));
        Assert.Equal(60, Utm.Zone(179.9));
        Assert.Equal(45, Utm.CentralMeridian(38));
        var north = Utm.Projection(38).Forward(0.0001, 45);
        var south = Utm.Projection(38, north: false).Forward(-0.0001, 45);
        Assert.Equal(10_000_000 - north.Northing, south.Northing, 1e-6);
        Assert.Equal(500_000, north.Easting, 1e-9);
    }

    [Fact]
    public void Convergence_and_scale_agree_with_finite_differences()
    {
        var tm = Utm.Projection(38);
        foreach (var (lat, lon) in new[] { (40.0, 47.0), (42.5, 41.5), (-30.0, 44.0), (60.0, 45.0) })
        {
            var (gamma, k) = tm.PointFactors(lat, lon);
            const double h = 1e-6;
            var p = tm.Forward(lat, lon);
            var north = tm.Forward(lat + h, lon);
            var meridianAzimuthOnGrid = Math.Atan2(north.Easting - p.Easting, north.Northing - p.Northing) * 180 / Math.PI;
            Assert.Equal(-meridianAzimuthOnGrid, gamma, 1e-6);

            // Scale: grid distance over geodesic distance for a short step east.
            var east = tm.Forward(lat, lon + h);
            var grid = Math.Sqrt(Math.Pow(east.Easting - p.Easting, 2) + Math.Pow(east.Northing - p.Northing, 2));
            var ground = Geodesic.Wgs84.Distance(new GeoPoint(lat, lon), new GeoPoint(lat, lon + h));
            Assert.Equal(grid / ground, k, 1e-7);
        }
    }
}
