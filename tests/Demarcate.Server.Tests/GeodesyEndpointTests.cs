using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Demarcate.Server.Tests;

/// <summary>The geodesy HTTP API on the in-process server: public computations, problem+json for bad requests.</summary>
public sealed class GeodesyEndpointTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public GeodesyEndpointTests(DemarcateFactory factory) => _factory = factory;

    [Fact]
    public async Task The_crs_list_gives_codes_axis_order_and_area_of_use()
    {
        using var client = _factory.CreateClient();

        using var list = JsonDocument.Parse(await client.GetStringAsync(Uri("/api/crs")));

        var gk8 = list.RootElement.EnumerateArray().Single(c => c.GetProperty("code").GetString() == "EPSG:28408");
        Assert.Equal(["northing", "easting"], gk8.GetProperty("axes").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(38.84, gk8.GetProperty("areaOfUse").GetProperty("south").GetDouble());
        Assert.Contains(list.RootElement.EnumerateArray(), c => c.GetProperty("code").GetString() == "EPSG:32638");
        Assert.Contains(list.RootElement.EnumerateArray(), c => c.GetProperty("code").GetString() == "EPSG:4326");
    }

    [Fact]
    public async Task One_crs_by_code_and_404_problem_for_an_unknown_one()
    {
        using var client = _factory.CreateClient();

        using var known = await client.GetAsync(Uri("/api/crs/EPSG:32638"));
        using var unknown = await client.GetAsync(Uri("/api/crs/EPSG:99999"));
        using var malformed = await client.GetAsync(Uri("/api/crs/EPSG:"));

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        using var crs = JsonDocument.Parse(await known.Content.ReadAsStringAsync());
        Assert.Equal("WGS 84 / UTM zone 38N", crs.RootElement.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Contains("EPSG:99999", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Operations_between_pulkovo_and_wgs84_list_every_published_transformation_with_accuracy()
    {
        using var client = _factory.CreateClient();

        using var ops = JsonDocument.Parse(await client.GetStringAsync(Uri("/api/operations?from=EPSG:28408&to=EPSG:32638")));
        using var same = JsonDocument.Parse(await client.GetStringAsync(Uri("/api/operations?from=EPSG:28408&to=EPSG:2498")));

        var list = ops.RootElement.GetProperty("transformations").EnumerateArray().ToList();
        Assert.True(ops.RootElement.GetProperty("needsDatumTransformation").GetBoolean());
        Assert.Equal(6, list.Count);
        var t15865 = list.Single(t => t.GetProperty("code").GetString() == "EPSG:15865");
        Assert.Equal(4.5, t15865.GetProperty("accuracyMetres").GetDouble());
        Assert.Equal("forward", t15865.GetProperty("direction").GetString());
        Assert.False(same.RootElement.GetProperty("needsDatumTransformation").GetBoolean());
        Assert.Equal(0, same.RootElement.GetProperty("transformations").GetArrayLength());
    }

    [Fact]
    public async Task Text_transform_streams_points_that_agree_with_cct_and_trails_the_problems()
    {
        using var client = _factory.CreateClient();
        var random = new Random(15865);
        var good = Enumerable.Range(0, 200)
            .Select(_ => string.Create(CultureInfo.InvariantCulture, $"{4_350_000 + 500_000 * random.NextDouble():F4} {8_300_000 + 400_000 * random.NextDouble():F4}\n"))
            .ToList();
        var body = string.Concat(good) + "abc 8500000\n4500000 8500000 1\n";

        using var response = await client.PostAsync(
            Uri("/api/transform?from=EPSG:28408&to=EPSG:32638&operation=EPSG:15865"), new StringContent(body, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# EPSG:28408 → EPSG:32638 via EPSG:15865", lines[0], StringComparison.Ordinal);
        var points = lines.Where(l => !l.StartsWith('#')).ToList();
        var proj = await ProjPipeline.TransformAsync("EPSG:28408", "EPSG:32638", "Pulkovo 1942 to WGS 84 (16)", string.Concat(good));
        Assert.Equal(good.Count, points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var xy = points[i].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.True(Math.Abs(xy[0] - proj[i][0]) <= 1e-3 && Math.Abs(xy[1] - proj[i][1]) <= 1e-3, $"point {i}: {points[i]} vs cct {proj[i][0]} {proj[i][1]}");
        }

        Assert.Contains("# problems: 2 (200 points written, 0 flagged, 2 lines left out)", lines, StringComparer.Ordinal);
        Assert.Contains("# body:201:1: 'abc' is not a number.", lines, StringComparer.Ordinal);
        Assert.Contains("# body:202:1: expected 2 columns, found 3.", lines, StringComparer.Ordinal);
    }

    [Fact]
    public async Task Text_transform_refuses_a_missing_operation_an_unknown_crs_and_json()
    {
        using var client = _factory.CreateClient();

        using var noOperation = await client.PostAsync(Uri("/api/transform?from=EPSG:28408&to=EPSG:32638"), new StringContent("4500000 8500000\n"));
        using var unknownCrs = await client.PostAsync(Uri("/api/transform?from=EPSG:28499&to=EPSG:32638&operation=EPSG:15865"), new StringContent("1 2\n"));
        using var json = await client.PostAsync(Uri("/api/transform?from=EPSG:4284&to=EPSG:4326&operation=EPSG:15865"), JsonContent.Create(new { a = 1 }));

        Assert.Equal(HttpStatusCode.BadRequest, noOperation.StatusCode);
        using var problem = JsonDocument.Parse(await noOperation.Content.ReadAsStringAsync());
        Assert.Contains("EPSG:1808", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(6, problem.RootElement.GetProperty("candidates").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, unknownCrs.StatusCode);
        Assert.Equal("application/problem+json", unknownCrs.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    [Fact]
    public async Task Strict_text_transform_stops_at_the_first_problem()
    {
        using var client = _factory.CreateClient();

        using var response = await client.PostAsync(
            Uri("/api/transform?from=EPSG:4284&to=EPSG:4326&operation=EPSG:15865&strict=true"), new StringContent("40.5 45.5\n95 45\n40.6 45.6\n"));

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => !l.StartsWith('#'));
        Assert.Contains(lines, l => l.Contains("stopped at the first problem", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("# body:2:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_points_come_back_with_flags_operation_and_accuracy()
    {
        using var client = _factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Uri("/api/transform/points"), new
        {
            from = "EPSG:4284",
            to = "EPSG:32638",
            operation = "EPSG:1808",
            points = new[] { new[] { 41.0, 45.0 }, new[] { 95.0, 45.0 }, new[] { 60.0, 45.0 } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = result.RootElement;
        Assert.Equal(5.0, root.GetProperty("accuracyMetres").GetDouble());
        Assert.Contains("EPSG:1808", root.GetProperty("operation").GetString(), StringComparison.Ordinal);
        var points = root.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(0, points[0].GetProperty("flags").GetArrayLength());
        Assert.InRange(points[0].GetProperty("coordinates")[0].GetDouble(), 400_000, 600_000);
        Assert.Equal(JsonValueKind.Null, points[1].GetProperty("coordinates").ValueKind);
        Assert.Equal(["invalidCoordinate"], points[1].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("outsideOperationArea", points[2].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_problem()
    {
        using var client = _factory.CreateClient();

        using var broken = await client.PostAsync(Uri("/api/transform/points"), new StringContent("{\"from\": \"EPSG:4284\", \"points\": [[1, 2", Encoding.UTF8, "application/json"));
        using var shortPoint = await client.PostAsJsonAsync(Uri("/api/transform/points"), new
        {
            from = "EPSG:4284",
            to = "EPSG:4326",
            operation = "EPSG:15865",
            points = new[] { new[] { 41.0, 45.0 }, new[] { 41.0 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, shortPoint.StatusCode);
        Assert.Contains("point 1", await shortPoint.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sheets_by_name_and_at_a_point()
    {
        using var client = _factory.CreateClient();

        using var sheet = JsonDocument.Parse(await client.GetStringAsync(Uri("/api/sheets/" + System.Uri.EscapeDataString("K-38-34-А"))));
        using var at = JsonDocument.Parse(await client.GetStringAsync(Uri("/api/sheets?lat=40.98&lon=45.12&scale=100000")));
        using var bad = await client.GetAsync(Uri("/api/sheets/K-38-34-X"));
        using var badLat = await client.GetAsync(Uri("/api/sheets?lat=abc&lon=45&scale=100000"));

        Assert.Equal("K-38-34-A", sheet.RootElement.GetProperty("latin").GetString());
        Assert.Equal(50_000, sheet.RootElement.GetProperty("scale").GetInt32());
        var sw = sheet.RootElement.GetProperty("corners").GetProperty("southWest");
        Assert.Equal(43 + 10.0 / 60, sw.GetProperty("latitude").GetDouble(), 12);
        Assert.Equal(46.5, sw.GetProperty("longitude").GetDouble(), 12);
        var ne = sheet.RootElement.GetProperty("corners").GetProperty("northEast");
        Assert.Equal(43 + 20.0 / 60, ne.GetProperty("latitude").GetDouble(), 12);
        Assert.Equal(46.75, ne.GetProperty("longitude").GetDouble(), 12);
        Assert.Equal("K-38-115", at.RootElement.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("column 9", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badLat.StatusCode);
        Assert.Contains("'abc' is not a number", await badLat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Uri Uri(string relative) => new(relative, UriKind.Relative);
}
