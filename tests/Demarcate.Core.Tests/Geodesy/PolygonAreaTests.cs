using System.Globalization;
using System.Text;
using Demarcate.Core.Geodesy;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>
/// Ellipsoidal polygon areas against PROJ's C geodesic API (<c>geod_polygonarea</c> in libproj, an independent
/// implementation; the <c>geod</c> program cannot compute areas), and against closed-form areas of ellipsoidal zones.
/// </summary>
public sealed class PolygonAreaTests
{
    private const string OracleSource = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <geodesic.h>
        /* One polygon per line: n lat1 lon1 ... latn lonn; prints signed area (m^2) and perimeter (m). */
        int main(void) {
            struct geod_geodesic g;
            geod_init(&g, 6378137, 1 / 298.257223563);
            int n;
            while (scanf("%d", &n) == 1) {
                double *lat = malloc(n * sizeof(double)), *lon = malloc(n * sizeof(double));
                for (int i = 0; i < n; i++) if (scanf("%lf %lf", &lat[i], &lon[i]) != 2) return 2;
                double area, perimeter;
                geod_polygonarea(&g, lat, lon, n, &area, &perimeter);
                printf("%.6f %.9f\n", area, perimeter);
                free(lat); free(lon);
            }
            return 0;
        }
        """;

    [Fact]
    public async Task Areas_match_libproj_for_random_polygons_in_the_Caucasus_and_worldwide()
    {
        var random = new Random(42);
        var polygons = new List<GeoPoint[]>();
        for (var i = 0; i < 1000; i++)
        {
            // Star-shaped rings around a centre so that they are simple; alternate directions.
            var centre = i < 800
                ? new GeoPoint(ProjOracle.Uniform(random, 38, 43.5), ProjOracle.Uniform(random, 40, 51))
                : new GeoPoint(ProjOracle.Uniform(random, -80, 80), ProjOracle.Uniform(random, -180, 180));
            var radius = i < 800 ? ProjOracle.Uniform(random, 0.001, 1) : ProjOracle.Uniform(random, 0.5, 20);
            var count = random.Next(3, 12);
            var ring = new GeoPoint[count];
            for (var k = 0; k < count; k++)
            {
                var angle = 2 * Math.PI * k / count * (i % 2 == 0 ? 1 : -1);
                var r = radius * ProjOracle.Uniform(random, 0.4, 1);
                ring[k] = new GeoPoint(
                    Math.Clamp(centre.Latitude + r * Math.Sin(angle), -89, 89),
                    centre.Longitude + r * Math.Cos(angle) / Math.Cos(centre.Latitude * Math.PI / 180));
            }

            polygons.Add(ring);
        }

        // Rings round the poles, across the antimeridian, and a large one.
        polygons.Add([new(80, 0), new(80, 90), new(80, 180), new(80, -90)]);
        polygons.Add([new(-70, -90), new(-70, 180), new(-70, 90), new(-70, 0)]);
        polygons.Add([new(10, 170), new(10, -170), new(20, -170), new(20, 170)]);
        polygons.Add([new(-60, -60), new(60, -60), new(60, 60), new(-60, 60)]);
        polygons.Add([new(0, 0), new(0, 90), new(89, 45)]);

        var expected = await RunOracleAsync(polygons);
        for (var i = 0; i < polygons.Count; i++)
        {
            var actual = Geodesic.Wgs84.Area(polygons[i]);
            var message = string.Create(CultureInfo.InvariantCulture, $"polygon {i}: ours {actual}, libproj {expected[i][0]} {expected[i][1]}");

            // Both solve the same series; what separates them is round-off in c²(α2 − α1) with c² ≈ 4e13 m², i.e.
            // hundredths of a square metre per edge. 0.1 m² is the accuracy Karney (2013) states for the method.
            Assert.True(Math.Abs(actual.SignedArea - expected[i][0]) <= 0.1 + 1e-12 * Math.Abs(expected[i][0]), message);
            Assert.True(Math.Abs(actual.Perimeter - expected[i][1]) <= 1e-6, message);
        }
    }

    [Fact]
    public void Zone_between_equator_and_a_parallel_matches_the_closed_form()
    {
        // A "polygon" along the equator and a parallel is not bounded by geodesics, but the ring
        // equator → pole (along meridians) is: the octant from the equator to the pole between two meridians.
        var ellipsoid = Ellipsoid.Wgs84;
        var quarterHemisphere = ZoneArea(ellipsoid, 90) / 4;
        var octant = Geodesic.Wgs84.Area([new(0, 0), new(0, 90), new(90, 0)]);
        Assert.Equal(quarterHemisphere, octant.SignedArea, 0.1); // m², round-off of c²(α2 − α1) on a 6e13 m² ring
        Assert.Equal(ellipsoid.SurfaceArea / 8, octant.Area, 0.1);

        // The same octant clockwise is negative.
        Assert.Equal(-quarterHemisphere, Geodesic.Wgs84.Area([new(0, 0), new(90, 0), new(0, 90)]).SignedArea, 0.1);

        // A ring going east along the equator encloses the northern hemisphere.
        var north = Geodesic.Wgs84.Area([new(0, 0), new(0, 120), new(0, -120)]);
        Assert.Equal(ellipsoid.SurfaceArea / 2, north.SignedArea, 0.1);
        Assert.Equal(2 * Math.PI * ellipsoid.SemiMajorAxis, north.Perimeter, 1e-6);
    }

    [Fact]
    public void Areas_add_up_when_a_parcel_is_split()
    {
        GeoPoint a = new(40.0, 44.0), b = new(40.2, 45.5), c = new(41.3, 45.2), d = new(41.1, 43.9);
        var whole = Geodesic.Wgs84.Area([a, b, c, d]).SignedArea;
        var parts = Geodesic.Wgs84.Area([a, b, c]).SignedArea + Geodesic.Wgs84.Area([a, c, d]).SignedArea;
        Assert.Equal(whole, parts, 1e-4);
        Assert.True(whole > 0);
        Assert.Equal(whole, Geodesic.Wgs84.Area([a, b, c, d, a]).SignedArea, 1e-9);
    }

    /// <summary>Area between the equator and parallel φ over all longitudes: 2π b² [sin φ/(2(1 − e² sin² φ)) + atanh(e sin φ)/(2e)].</summary>
    private static double ZoneArea(Ellipsoid ellipsoid, double latitude)
    {
        var s = Math.Sin(latitude * Math.PI / 180);
        var e = ellipsoid.Eccentricity;
        var b = ellipsoid.SemiMinorAxis;
        return 2 * Math.PI * b * b * (s / (2 * (1 - e * e * s * s)) + Math.Atanh(e * s) / (2 * e));
    }

    private static async Task<double[][]> RunOracleAsync(List<GeoPoint[]> polygons)
    {
        using var folder = new ScratchFolder();
        var source = folder.File("area.c");
        var program = folder.File("area");
        await File.WriteAllTextAsync(source, OracleSource);
        var build = await ExternalTool.RunAsync("gcc", ["-O2", "-o", program, source, "-lproj", "-lm"]);
        Assert.True(build.ExitCode == 0, "building the libproj area oracle failed: " + build.StandardError);

        var input = new StringBuilder();
        foreach (var ring in polygons)
        {
            input.Append(ring.Length.ToString(CultureInfo.InvariantCulture));
            foreach (var p in ring)
            {
                input.Append(CultureInfo.InvariantCulture, $" {p.Latitude:R} {p.Longitude:R}");
            }

            input.Append('\n');
        }

        var run = await ExternalTool.RunAsync(program, [], input.ToString());
        Assert.True(run.ExitCode == 0, run.StandardError);
        return run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
    }
}
