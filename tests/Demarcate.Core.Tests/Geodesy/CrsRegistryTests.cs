using System.Globalization;
using System.Text.RegularExpressions;
using Demarcate.Core.Geodesy;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>Every built-in CRS and datum transformation against PROJ's copy of the EPSG database (projinfo).</summary>
public sealed partial class CrsRegistryTests
{
    public static TheoryData<int> Codes()
    {
        var data = new TheoryData<int>();
        foreach (var crs in CrsRegistry.Standard.Defined)
        {
            data.Add(crs.Code.EpsgNumber!.Value);
        }

        data.Add(32637);
        data.Add(32638);
        data.Add(32639);
        data.Add(32601);
        data.Add(32760);
        return data;
    }

    public static TheoryData<int> OperationCodes()
    {
        var data = new TheoryData<int>();
        foreach (var t in DatumTransformations.All)
        {
            data.Add(t.Code.EpsgNumber!.Value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Parameters_axis_order_and_area_match_projinfo(int epsg)
    {
        var crs = CrsRegistry.Standard.Find(CrsCode.Epsg(epsg));
        Assert.NotNull(crs);

        var proj = await ExternalTool.RunAsync("projinfo", ["-o", "PROJ", "-q", $"EPSG:{epsg}"]);
        var expected = Normalise(ParseProj(proj.StandardOutput));
        var actual = Normalise(ParseProj(crs.ToProjString()));
        if (!expected.ContainsKey("towgs84"))
        {
            // PROJ leaves +towgs84 out where EPSG offers several transformations for the zone's area; ours names its default.
            actual.Remove("towgs84");
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in expected)
        {
            AssertSameValue(key, value, actual[key]);
        }

        var wkt = (await ExternalTool.RunAsync("projinfo", ["-o", "WKT2_2019", "-q", $"EPSG:{epsg}"])).StandardOutput;
        var axes = AxisRegex().Matches(wkt).Select(m => m.Groups["dir"].Value).ToArray();
        var expectedOrder = (axes[0], axes[1]) switch
        {
            ("north", "east") when crs.IsProjected => AxisOrder.NorthingEasting,
            ("east", "north") => AxisOrder.EastingNorthing,
            ("north", "east") => AxisOrder.LatitudeLongitude,
            _ => AxisOrder.LongitudeLatitude,
        };
        Assert.Equal(expectedOrder, crs.AxisOrder);

        Assert.Equal(Bbox(wkt), crs.AreaOfUse);

        var name = NameRegex().Match(wkt).Groups["name"].Value;
        Assert.Equal(name, crs.Name);
    }

    [Theory]
    [MemberData(nameof(OperationCodes))]
    public async Task Datum_transformation_parameters_match_projinfo(int epsg)
    {
        var t = DatumTransformations.Find(CrsCode.Epsg(epsg));
        Assert.NotNull(t);
        var urn = $"urn:ogc:def:coordinateOperation:EPSG::{epsg}";
        var pipeline = (await ExternalTool.RunAsync("projinfo", ["-o", "PROJ", "-q", urn])).StandardOutput;
        var helmert = ParseProj(pipeline[pipeline.IndexOf("+proj=helmert", StringComparison.Ordinal)..].Split("+step")[0]);
        Assert.Equal(t.Convention == RotationConvention.PositionVector ? "position_vector" : "coordinate_frame", helmert["convention"]);
        AssertSameValue("x", helmert["x"], N(t.Translation.X));
        AssertSameValue("y", helmert["y"], N(t.Translation.Y));
        AssertSameValue("z", helmert["z"], N(t.Translation.Z));
        AssertSameValue("rx", helmert["rx"], N(t.Rotation.X));
        AssertSameValue("ry", helmert["ry"], N(t.Rotation.Y));
        AssertSameValue("rz", helmert["rz"], N(t.Rotation.Z));
        AssertSameValue("s", helmert["s"], N(t.ScaleDifference));
        Assert.Contains("+ellps=krass", pipeline, StringComparison.Ordinal);

        var wkt = (await ExternalTool.RunAsync("projinfo", ["-o", "WKT2_2019", "-q", urn])).StandardOutput;
        Assert.Contains($"COORDINATEOPERATION[\"{t.Name}\"", wkt, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"OPERATIONACCURACY[{t.Accuracy:0.0}]"), wkt, StringComparison.Ordinal);
        Assert.Equal(Bbox(wkt), t.AreaOfUse);
    }

    [Fact]
    public void Codes_parse_in_the_usual_spellings_and_unknown_ones_are_reported()
    {
        Assert.Equal(CrsCode.Epsg(28408), CrsCode.Parse("EPSG:28408").Value);
        Assert.Equal(CrsCode.Epsg(28408), CrsCode.Parse("epsg::28408").Value);
        Assert.Equal(CrsCode.Epsg(4326), CrsCode.Parse("urn:ogc:def:crs:EPSG::4326").Value);
        Assert.Equal(CrsCode.Epsg(4326), CrsCode.Parse("4326").Value);
        Assert.Equal(new CrsCode("DEMARCATE", "ARMREF02"), CrsCode.Parse("demarcate:ARMREF02").Value);
        Assert.False(CrsCode.Parse("EPSG").Success);
        Assert.False(CrsCode.Parse("").Success);
        var unknown = CrsRegistry.Standard.Resolve("EPSG:99999");
        Assert.False(unknown.Success);
        Assert.Contains("Unknown CRS EPSG:99999", unknown.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("WGS 84 / UTM zone 38N", CrsRegistry.Standard.Resolve("EPSG:32638").Value.Name);
    }

    internal static GeographicBounds Bbox(string wkt)
    {
        var m = BboxRegex().Match(wkt);
        double V(string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        return new GeographicBounds(V("s"), V("w"), V("n"), V("e"));
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void AssertSameValue(string key, string expected, string actual)
    {
        if (double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e))
        {
            var a = double.Parse(actual, CultureInfo.InvariantCulture);
            // projinfo prints 15 significant digits (0.116666666666667 for 7′).
            Assert.True(Math.Abs(e - a) <= 1e-13 * Math.Max(1, Math.Abs(e)), $"+{key}: projinfo {expected}, ours {actual}");
        }
        else if (expected.Contains(',', StringComparison.Ordinal))
        {
            var es = expected.Split(',');
            var acts = actual.Split(',');
            Assert.Equal(es.Length, acts.Length);
            for (var i = 0; i < es.Length; i++)
            {
                AssertSameValue(key, es[i], acts[i]);
            }
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }

    internal static Dictionary<string, string> ParseProj(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in text.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!token.StartsWith('+'))
            {
                continue;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            result[eq < 0 ? token[1..] : token[1..eq]] = eq < 0 ? "" : token[(eq + 1)..];
        }

        return result;
    }

    /// <summary>Spells every CRS as tmerc/longlat with +a/+rf, so utm/datum/ellps shorthands compare equal to explicit values.</summary>
    private static Dictionary<string, string> Normalise(Dictionary<string, string> p)
    {
        var r = new Dictionary<string, string>(p, StringComparer.Ordinal);
        if (r.Remove("datum", out var datum))
        {
            Assert.Equal("WGS84", datum);
            r["ellps"] = "WGS84";
        }

        if (r.Remove("ellps", out var ellps))
        {
            (r["a"], r["rf"]) = ellps switch
            {
                "WGS84" => ("6378137", "298.257223563"),
                "krass" => ("6378245", "298.3"),
                "GRS80" => ("6378137", "298.257222101"),
                _ => throw new InvalidOperationException("unexpected ellipsoid " + ellps),
            };
        }

        if (string.Equals(r.GetValueOrDefault("proj"), "utm", StringComparison.Ordinal))
        {
            var zone = int.Parse(r["zone"], CultureInfo.InvariantCulture);
            r.Remove("zone");
            var south = r.Remove("south");
            r["proj"] = "tmerc";
            r["lat_0"] = "0";
            r["lon_0"] = (6 * zone - 183).ToString(CultureInfo.InvariantCulture);
            r["k"] = "0.9996";
            r["x_0"] = "500000";
            r["y_0"] = south ? "10000000" : "0";
        }

        return r;
    }

    [GeneratedRegex(@"AXIS\[""[^""]*"",(?<dir>\w+)", RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex AxisRegex();

    [GeneratedRegex(@"BBOX\[(?<s>[-\d.]+),(?<w>[-\d.]+),(?<n>[-\d.]+),(?<e>[-\d.]+)\]", RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex BboxRegex();

    [GeneratedRegex(@"^\w+\[""(?<name>[^""]+)""", RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex NameRegex();
}
