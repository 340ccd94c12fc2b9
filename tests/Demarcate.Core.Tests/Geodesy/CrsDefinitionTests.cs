using System.Globalization;
using Demarcate.Core.Geodesy;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>User-defined CRSs read from PROJ strings and WKT that projinfo writes, and transformed against cct.</summary>
public sealed class CrsDefinitionTests
{
    private const string LocalGrid =
        "+proj=tmerc +lat_0=40 +lon_0=44.75 +k=0.9999 +x_0=300000 +y_0=-4400000 +ellps=krass +towgs84=24,-123,-94,0.02,-0.25,-0.13,1.1 +units=m";

    public static TheoryData<int> Codes() => CrsRegistryTests.Codes();

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Projinfo_output_for_every_registry_CRS_reads_back_to_the_same_definition(int epsg)
    {
        var expected = CrsRegistry.Standard.Find(CrsCode.Epsg(epsg))!;
        var code = new CrsCode("TEST", "1");

        var proj = (await ExternalTool.RunAsync("projinfo", ["-o", "PROJ", "-q", $"EPSG:{epsg}"])).StandardOutput.Trim();
        var fromProj = CrsDefinition.FromProjString(proj, code);
        Assert.True(fromProj.Success, string.Join("; ", fromProj.Problems));
        AssertSameGrid(expected, fromProj.Value);
        Assert.Equal(expected.IsProjected ? AxisOrder.EastingNorthing : AxisOrder.LongitudeLatitude, fromProj.Value.AxisOrder);
        if (proj.Contains("towgs84", StringComparison.Ordinal) || expected.Datum.Equals(Datum.Wgs84))
        {
            Assert.Equal(expected.Datum, fromProj.Value.Datum);
            Assert.Equal(expected.DefaultToWgs84, fromProj.Value.DefaultToWgs84);
        }

        var wkt1 = (await ExternalTool.RunAsync("projinfo", ["-o", "WKT1_GDAL", "-q", $"EPSG:{epsg}"])).StandardOutput;
        var fromWkt1 = CrsDefinition.FromWkt(wkt1);
        Assert.True(fromWkt1.Success, string.Join("; ", fromWkt1.Problems));
        AssertSameGrid(expected, fromWkt1.Value);
        Assert.Equal(expected.Code, fromWkt1.Value.Code);
        Assert.Equal(expected.Name, fromWkt1.Value.Name);
        Assert.Equal(expected.Datum, fromWkt1.Value.Datum);

        var wkt2 = (await ExternalTool.RunAsync("projinfo", ["-o", "WKT2_2019", "-q", $"EPSG:{epsg}"])).StandardOutput;
        var fromWkt2 = CrsDefinition.FromWkt(wkt2);
        Assert.True(fromWkt2.Success, string.Join("; ", fromWkt2.Problems));
        AssertSameGrid(expected, fromWkt2.Value);
        Assert.Equal(expected.Code, fromWkt2.Value.Code);
        Assert.Equal(expected.AxisOrder, fromWkt2.Value.AxisOrder);
        Assert.Equal(expected.AreaOfUse, fromWkt2.Value.AreaOfUse);
        Assert.Equal(expected.Datum, fromWkt2.Value.Datum);
    }

    [Theory]
    [InlineData(LocalGrid, 4326)]
    [InlineData(LocalGrid, 32638)]
    [InlineData(LocalGrid + " +axis=neu", 4326)]
    [InlineData("+proj=tmerc +lat_0=0 +lon_0=45 +k_0=1 +x_0=500000 +y_0=0 +a=6378245 +rf=298.3 +towgs84=25,-141,-78.5 +units=m", 32638)]
    [InlineData("+proj=utm +zone=38 +south +ellps=GRS80 +towgs84=0.1,0.2,0.3,0,0,0,0 +units=m", 4326)]
    [InlineData("+proj=longlat +ellps=krass +towgs84=28,-130,-95,0,0,0,0", 32638)]
    public async Task User_defined_CRS_transforms_like_cct(string definition, int target)
    {
        var crs = CrsDefinition.FromProjString(definition, new CrsCode("DEMARCATE", "LOCAL")).Value;
        var targetCrs = CrsRegistry.Standard.Find(CrsCode.Epsg(target))!;
        var operation = CoordinateOperation.Create(crs, targetCrs).Value;
        Assert.NotNull(operation.DatumTransformation);
        Assert.True(double.IsNaN(operation.Accuracy)); // user-defined shifts state no accuracy

        var pipeline = (await ExternalTool.RunAsync("projinfo", ["-s", definition + " +type=crs", "-t", $"EPSG:{target}", "-o", "PROJ", "-q"])).StandardOutput;
        var random = new Random(definition.Length + target);
        var rows = new List<double[]>();
        for (var i = 0; i < 10_000; i++)
        {
            var lat = ProjOracle.Uniform(random, 38.5, 43);
            var lon = ProjOracle.Uniform(random, 42.5, 47.5);
            if (crs.Projection is { } tm)
            {
                var g = tm.Forward(lat, lon);
                rows.Add(crs.AxisOrder == AxisOrder.NorthingEasting ? [g.Northing, g.Easting, 0, 0] : [g.Easting, g.Northing, 0, 0]);
            }
            else
            {
                rows.Add([lon, lat, 0, 0]);
            }
        }

        var expected = await ProjOracle.RunAsync("cct", ["-d", "12", .. pipeline.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)], rows);
        var tolerance = targetCrs.IsProjected ? 1e-3 : 1e-8;
        for (var i = 0; i < rows.Count; i++)
        {
            var actual = operation.Transform(rows[i][0], rows[i][1]);
            Assert.True(Math.Abs(actual.First - expected[i][0]) <= tolerance && Math.Abs(actual.Second - expected[i][1]) <= tolerance,
                string.Create(CultureInfo.InvariantCulture, $"point {i}: ours {actual}, cct {expected[i][0]} {expected[i][1]}"));
        }
    }

    [Fact]
    public async Task Wkt1_with_towgs84_and_axes_reads_like_the_proj_string()
    {
        var wkt = (await ExternalTool.RunAsync("projinfo", ["-o", "WKT1_GDAL", "-q", LocalGrid + " +type=crs"])).StandardOutput;
        var fromWkt = CrsDefinition.FromWkt(wkt, new CrsCode("DEMARCATE", "LOCAL")).Value;
        var fromProj = CrsDefinition.FromProjString(LocalGrid, new CrsCode("DEMARCATE", "LOCAL")).Value;
        AssertSameGrid(fromProj, fromWkt);
        Assert.Equal(AxisOrder.EastingNorthing, fromWkt.AxisOrder);
        Assert.Equal(fromProj.DefaultToWgs84!.ToWgs84Parameters(), fromWkt.DefaultToWgs84!.ToWgs84Parameters());
    }

    [Fact]
    public async Task Wkt2_boundcrs_with_position_vector_reads_like_the_proj_string()
    {
        var wkt = (await ExternalTool.RunAsync("projinfo", ["-o", "WKT2_2019", "-q", LocalGrid + " +type=crs"])).StandardOutput;
        Assert.StartsWith("BOUNDCRS", wkt.TrimStart(), StringComparison.Ordinal);
        var fromWkt = CrsDefinition.FromWkt(wkt, new CrsCode("DEMARCATE", "LOCAL"));
        Assert.True(fromWkt.Success, string.Join("; ", fromWkt.Problems));
        var fromProj = CrsDefinition.FromProjString(LocalGrid, new CrsCode("DEMARCATE", "LOCAL")).Value;
        AssertSameGrid(fromProj, fromWkt.Value);
        Assert.Equal(fromProj.DefaultToWgs84!.ToWgs84Parameters(), fromWkt.Value.DefaultToWgs84!.ToWgs84Parameters());
    }

    [Fact]
    public async Task Wkt2_boundcrs_with_a_published_shift_is_recognised_as_pulkovo()
    {
        var wkt = (await ExternalTool.RunAsync("projinfo",
            ["-o", "WKT2_2019", "-q", "+proj=tmerc +lon_0=45 +x_0=8500000 +ellps=krass +towgs84=25,-141,-78.5,0,0.35,0.736,0 +type=crs"])).StandardOutput;
        var crs = CrsDefinition.FromWkt(wkt, new CrsCode("DEMARCATE", "GK8")).Value;
        Assert.Same(DatumTransformations.Epsg15865, crs.DefaultToWgs84);
    }

    /// <summary>
    /// The same datum shift written by projinfo as Position Vector and rewritten by hand as Coordinate Frame (rotations
    /// negated, geog2D and geocentric method codes) must transform like cct does with projinfo's reading of the WKT.
    /// </summary>
    [Theory]
    [InlineData("Position Vector transformation (geog2D domain)", 9606, 1)]
    [InlineData("Position Vector transformation (geocentric domain)", 1033, 1)]
    [InlineData("Coordinate Frame rotation (geog2D domain)", 9607, -1)]
    [InlineData("Coordinate Frame rotation (geocentric domain)", 1032, -1)]
    public async Task Wkt2_boundcrs_transforms_like_cct(string method, int methodCode, int rotationSign)
    {
        var written = (await ExternalTool.RunAsync("projinfo", ["-o", "WKT2_2019", "-q", LocalGrid + " +type=crs"])).StandardOutput;
        var wkt = written
            .Replace("METHOD[\"Position Vector transformation (geog2D domain)\",\n            ID[\"EPSG\",9606]]",
                $"METHOD[\"{method}\",\n            ID[\"EPSG\",{methodCode}]]", StringComparison.Ordinal)
            .Replace("PARAMETER[\"X-axis rotation\",0.02,", $"PARAMETER[\"X-axis rotation\",{Signed("0.02", rotationSign)},", StringComparison.Ordinal)
            .Replace("PARAMETER[\"Y-axis rotation\",-0.25,", $"PARAMETER[\"Y-axis rotation\",{Signed("-0.25", rotationSign)},", StringComparison.Ordinal)
            .Replace("PARAMETER[\"Z-axis rotation\",-0.13,", $"PARAMETER[\"Z-axis rotation\",{Signed("-0.13", rotationSign)},", StringComparison.Ordinal);
        Assert.Contains(method, wkt, StringComparison.Ordinal);
        var crs = CrsDefinition.FromWkt(wkt, new CrsCode("DEMARCATE", "LOCAL"));
        Assert.True(crs.Success, string.Join("; ", crs.Problems));
        var operation = CoordinateOperation.Create(crs.Value, CrsRegistry.Standard.Find(CrsCode.Epsg(4326))!).Value;

        var pipeline = (await ExternalTool.RunAsync("projinfo", ["-s", wkt, "-t", "EPSG:4326", "-o", "PROJ", "-q"])).StandardOutput;
        var random = new Random(methodCode);
        var rows = new List<double[]>();
        for (var i = 0; i < 2_000; i++)
        {
            var g = crs.Value.Projection!.Forward(ProjOracle.Uniform(random, 38.5, 43), ProjOracle.Uniform(random, 42.5, 47.5));
            rows.Add([g.Easting, g.Northing, 0, 0]);
        }

        var expected = await ProjOracle.RunAsync("cct", ["-d", "12", .. pipeline.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)], rows);
        for (var i = 0; i < rows.Count; i++)
        {
            var actual = operation.Transform(rows[i][0], rows[i][1]);

            // EPSG:4326 is latitude, longitude; 1e-8° is about a millimetre.
            Assert.True(Math.Abs(actual.First - expected[i][0]) <= 1e-8 && Math.Abs(actual.Second - expected[i][1]) <= 1e-8,
                string.Create(CultureInfo.InvariantCulture, $"point {i}: ours {actual}, cct {expected[i][0]} {expected[i][1]}"));
        }
    }

    private static string Signed(string value, int sign) =>
        sign > 0 ? value : value.StartsWith('-') ? value[1..] : "-" + value;

    [Fact]
    public void Wkt2_boundcrs_to_another_datum_is_refused()
    {
        var wkt = "BOUNDCRS[SOURCECRS[GEOGCRS[\"g\",DATUM[\"d\",ELLIPSOID[\"k\",6378245,298.3]]]],"
            + "TARGETCRS[GEOGCRS[\"ETRS89\",DATUM[\"European Terrestrial Reference System 1989\",ELLIPSOID[\"GRS 1980\",6378137,298.257222101]]]],"
            + "ABRIDGEDTRANSFORMATION[\"t\",METHOD[\"Geocentric translations (geog2D domain)\"],PARAMETER[\"X-axis translation\",1]]]";
        var result = CrsDefinition.FromWkt(wkt, new CrsCode("DEMARCATE", "X"));
        Assert.False(result.Success);
        Assert.Contains(result.Problems, p => p.Message.Contains("WGS 84", StringComparison.Ordinal));
    }

    [Fact]
    public void Known_towgs84_is_recognised_as_the_published_transformation()
    {
        var crs = CrsDefinition.FromProjString(
            "+proj=tmerc +lat_0=0 +lon_0=45 +k=1 +x_0=8500000 +y_0=0 +ellps=krass +towgs84=25,-141,-78.5,0,0.35,0.736,0 +units=m +no_defs",
            new CrsCode("DEMARCATE", "GK8")).Value;
        Assert.Equal(Datum.Pulkovo1942, crs.Datum);
        Assert.Same(DatumTransformations.Epsg15865, crs.DefaultToWgs84);
        Assert.Null(CoordinateOperation.Create(crs, CrsRegistry.Standard.Find(CrsCode.Epsg(28408))!).Value.DatumTransformation);
    }

    [Theory]
    [InlineData("+proj=lcc +lat_1=40 +ellps=WGS84", "+proj=lcc is not supported")]
    [InlineData("+proj=tmerc +lon_0=abc +ellps=WGS84", "+lon_0=abc is not a number")]
    [InlineData("+proj=tmerc +ellps=WGS84 +units=ft", "+units=ft is not supported")]
    [InlineData("+proj=tmerc +ellps=clrk66", "+ellps=clrk66 is not known")]
    [InlineData("+proj=tmerc +ellps=WGS84 +towgs84=1,2", "must be 3 or 7 numbers")]
    [InlineData("+proj=tmerc +ellps=WGS84 +lat_0=95", "latitude of origin")]
    [InlineData("+proj=tmerc +ellps=WGS84 +nadgrids=x.gsb", "+nadgrids is not supported")]
    [InlineData("+proj=utm +ellps=WGS84", "needs +zone")]
    [InlineData("proj=tmerc", "is not a +key")]
    public void Bad_proj_strings_are_reported(string text, string message)
    {
        var result = CrsDefinition.FromProjString(text, new CrsCode("DEMARCATE", "X"));
        Assert.False(result.Success);
        Assert.Contains(result.Problems, p => p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PROJCS[\"x\",GEOGCS[\"g\",DATUM[\"d\",SPHEROID[\"s\",6378137,298.257223563]]],PROJECTION[\"Lambert_Conformal_Conic_2SP\"]]", "not supported")]
    [InlineData("PROJCS[\"x\",GEOGCS[\"g\",DATUM[\"d\",SPHEROID[\"s\",6378137,298.257223563]]]", "not closed")]
    [InlineData("GEOGCS[\"g\",DATUM[\"d\",SPHEROID[\"s\",6378137,298.257223563]]]", "no AUTHORITY")]
    [InlineData("COMPOUNDCRS[\"c\"]", "not supported")]
    public void Bad_wkt_is_reported(string text, string message)
    {
        var result = CrsDefinition.FromWkt(text);
        Assert.False(result.Success);
        Assert.Contains(result.Problems, p => p.Message.Contains(message, StringComparison.Ordinal));
    }

    private static void AssertSameGrid(CoordinateReferenceSystem expected, CoordinateReferenceSystem actual)
    {
        Assert.Equal(expected.Ellipsoid, actual.Ellipsoid);
        Assert.Equal(expected.IsProjected, actual.IsProjected);
        if (expected.Projection is { } e && actual.Projection is { } a)
        {
            // projinfo writes 7′ as 0.116666666666667.
            Assert.Equal(e.LatitudeOfOrigin, a.LatitudeOfOrigin, 1e-12);
            Assert.Equal(e.CentralMeridian, a.CentralMeridian, 1e-12);
            Assert.Equal(e.ScaleFactor, a.ScaleFactor, 1e-15);
            Assert.Equal(e.FalseEasting, a.FalseEasting, 1e-9);
            Assert.Equal(e.FalseNorthing, a.FalseNorthing, 1e-9);
        }
    }
}
