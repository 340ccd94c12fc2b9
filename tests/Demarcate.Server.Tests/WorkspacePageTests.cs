using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Demarcate.Testing;

namespace Demarcate.Server.Tests;

/// <summary>The workspace's pages over HTTP: languages chosen by cookie or browser, the sector page, and the map's geodesy.</summary>
public sealed class WorkspacePageTests(DemarcateFactory factory) : IClassFixture<DemarcateFactory>
{
    [Fact]
    public async Task The_language_cookie_wins_over_the_browser_and_numbers_follow_the_language()
    {
        using var client = await factory.ClientAsync(null);
        using var english = new HttpRequestMessage(HttpMethod.Get, "/sectors");
        using var russianBrowser = new HttpRequestMessage(HttpMethod.Get, "/sectors");
        russianBrowser.Headers.AcceptLanguage.ParseAdd("ru-RU");
        using var cookie = new HttpRequestMessage(HttpMethod.Get, "/sectors");
        cookie.Headers.AcceptLanguage.ParseAdd("ru-RU");
        cookie.Headers.Add("Cookie", "demarcate.language=c%3Den%7Cuic%3Den");

        var en = await (await client.SendAsync(english)).Content.ReadAsStringAsync();
        var ru = await (await client.SendAsync(russianBrowser)).Content.ReadAsStringAsync();
        var chosen = await (await client.SendAsync(cookie)).Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ru\">", ru, StringComparison.Ordinal);
        Assert.Contains("<h1>Участки</h1>", ru, StringComparison.Ordinal);
        Assert.Contains("<h1>Sectors</h1>", chosen, StringComparison.Ordinal);
        // The same length, with a decimal point in English and a decimal comma in Russian.
        var length = System.Text.RegularExpressions.Regex.Match(en, "<td class=\"num\">(?<km>\\d+\\.\\d\\d)</td>", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)).Groups["km"].Value;
        Assert.NotEmpty(length);
        Assert.Contains($"<td class=\"num\">{length.Replace('.', ',')}</td>", ru, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sector_page_shows_the_sector_and_an_unknown_sector_is_404()
    {
        using var client = await factory.ClientAsync(null);

        using var page = await client.GetAsync(new Uri("/sectors/M-03", UriKind.Relative));
        using var missing = await client.GetAsync(new Uri("/sectors/X-99", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Sector M-03</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/map?sector=M-03\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_status_change_appears_in_the_sector_pages_history()
    {
        using var cochair = await factory.ClientAsync("am.cochair");
        using var anonymous = await factory.ClientAsync(null);
        var before = await anonymous.GetStringAsync(new Uri("/sectors/M-05", UriKind.Relative));

        using var moved = await cochair.PostAsJsonAsync(new Uri("/api/sectors/M-05/status", UriKind.Relative), new { status = "UnderDiscussion", version = 1 });
        var after = await anonymous.GetStringAsync(new Uri("/sectors/M-05", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("The status has not changed since the sector was cut.", before, StringComparison.Ordinal);
        Assert.DoesNotContain("The status has not changed", after, StringComparison.Ordinal);
        Assert.Matches("<td>not started</td>\\s*<td>under discussion</td>", after);
        Assert.Contains("data-status=\"UnderDiscussion\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_strip_links_every_sector_in_order()
    {
        using var client = await factory.ClientAsync(null);
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        using var api = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/sectors", UriKind.Relative)));

        var strip = System.Text.RegularExpressions.Regex.Matches(html, "data-sector=\"(?<id>[^\"]+)\"", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(api.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Order(StringComparer.Ordinal), strip.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_measuring_endpoint_gives_the_geodesic_length_PROJ_geod_gives()
    {
        using var client = factory.CreateClient();
        double[][] points = [[41.2, 45.0], [40.1, 45.9], [39.4, 46.4], [38.9, 46.1]];

        using var response = await client.PostAsJsonAsync(new Uri("/api/geodesic/length", UriKind.Relative), new { points });
        using var bad = await client.PostAsJsonAsync(new Uri("/api/geodesic/length", UriKind.Relative), new { points = new[] { new[] { 95.0, 45.0 } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var input = string.Join("\n", points.Zip(points.Skip(1)).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.First[0]} {p.First[1]} {p.Second[0]} {p.Second[1]}"))) + "\n";
        var geod = await ExternalTool.RunAsync("geod", ["-I", "+ellps=WGS84", "-f", "%.12f", "-F", "%.9f"], input);
        var segments = geod.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(3, segments.Count);
        var ours = answer.RootElement.GetProperty("segments").EnumerateArray().ToList();
        for (var i = 0; i < segments.Count; i++)
        {
            Assert.Equal(segments[i][2], ours[i].GetProperty("distanceMetres").GetDouble(), 0.000_01);
            Assert.Equal(segments[i][0], ours[i].GetProperty("initialAzimuth").GetDouble(), 0.000_001);
        }

        Assert.Equal(segments.Sum(s => s[2]), answer.RootElement.GetProperty("lengthMetres").GetDouble(), 0.000_1);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_settlements_layer_serves_the_demo_places_as_GeoJSON()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/layers/settlements", UriKind.Relative));

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        using var layer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.DemoData("settlements-am-az.geojson")));
        Assert.Equal(file.RootElement.GetProperty("features").GetArrayLength(), layer.RootElement.GetProperty("features").GetArrayLength());
        Assert.Equal(214, layer.RootElement.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task The_comparison_page_lists_the_significant_polygons_largest_first_with_the_settlements_inside_them()
    {
        using var client = await factory.ClientAsync(null);
        var html = await client.GetStringAsync(new Uri("/compare?a=osm-main&b=naturalearth-main", UriKind.Relative));
        using var polygons = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/compare?a=osm-main&b=naturalearth-main", UriKind.Relative)));
        using var russian = new HttpRequestMessage(HttpMethod.Get, "/compare?a=osm-main&b=naturalearth-main");
        russian.Headers.AcceptLanguage.ParseAdd("ru-RU");
        var ru = await (await client.SendAsync(russian)).Content.ReadAsStringAsync();
        using var missing = await client.GetAsync(new Uri("/compare?a=osm-main&b=no-such-line", UriKind.Relative));
        var sector = await client.GetStringAsync(new Uri("/sectors/M-03", UriKind.Relative));

        var rows = System.Text.RegularExpressions.Regex.Matches(html, "<tr data-polygon=\"(?<n>\\d+)\" data-area=\"(?<area>[^\"]+)\">.*?<td class=\"settlements\">(?<places>[^<]*)</td>", System.Text.RegularExpressions.RegexOptions.Singleline, TimeSpan.FromSeconds(5));
        var significant = polygons.RootElement.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("properties").GetProperty("significant").GetBoolean()).ToList();
        Assert.NotEmpty(significant);
        Assert.Equal(significant.Count, rows.Count);
        var areas = rows.Select(r => double.Parse(r.Groups["area"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(areas.OrderByDescending(a => a), areas);
        Assert.Equal(significant.Max(f => f.GetProperty("properties").GetProperty("ellipsoidal_area_m2").GetDouble()), areas[0], 0.01);

        // The settlements per polygon, checked against a plain point-in-polygon in longitude/latitude (the polygons'
        // edges are short, so straight edges in degrees and in UTM differ by far less than a village's distance from them).
        using var settlements = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.DemoData("settlements-am-az.geojson")));
        var places = settlements.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => (Name: f.GetProperty("properties").GetProperty("name").GetString()!, Point: new NetTopologySuite.Geometries.Point(f.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(), f.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble())))
            .ToList();
        var factoryOfShapes = new NetTopologySuite.Geometries.GeometryFactory();
        foreach (System.Text.RegularExpressions.Match row in rows)
        {
            var feature = significant.Single(f => f.GetProperty("properties").GetProperty("number").GetInt32() == int.Parse(row.Groups["n"].Value, CultureInfo.InvariantCulture));
            var ring = feature.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(c => new NetTopologySuite.Geometries.Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray();
            var polygon = factoryOfShapes.CreatePolygon(ring);
            var expected = places.Where(p => polygon.Contains(p.Point)).Select(p => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(p.Name)).ToList();
            Assert.Equal(string.Join(", ", expected), row.Groups["places"].Value);
        }

        Assert.Contains("data-party=\"AM\"", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Сравнение двух линий</h1>", ru, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("href=\"/compare?a=", sector, StringComparison.Ordinal);
        Assert.Contains("sector=M-03\"", sector, StringComparison.Ordinal);
    }
}
