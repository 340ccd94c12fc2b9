using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Server.Ogc;
using Demarcate.Storage;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Tests;

/// <summary>
/// OGC API – Features in process: the documents a client starts from, paging, what each caller sees, filters,
/// coordinates in another CRS against PROJ's cct, HTML for browsers, and bad input answered as problems naming the
/// parameter. GDAL as the client is in <see cref="OgcGdalTests"/>.
/// </summary>
public sealed class OgcFeaturesTests : IClassFixture<DemarcateFactory>
{
    private const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private const string Utm38 = "http://www.opengis.net/def/crs/EPSG/0/32638";
    private const string GaussKruger8 = "http://www.opengis.net/def/crs/EPSG/0/28408";
    private const string Wgs84LatitudeFirst = "http://www.opengis.net/def/crs/EPSG/0/4326";

    private readonly DemarcateFactory _factory;

    public OgcFeaturesTests(DemarcateFactory factory) => _factory = factory;

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static string Escaped(string uri) => Uri.EscapeDataString(uri);

    [Fact]
    public async Task The_landing_page_conformance_and_api_definition_lead_to_every_collection()
    {
        using var client = await _factory.ClientAsync(null);

        using var landing = JsonDocument.Parse(await client.GetStringAsync(Url("/ogc")));
        var rels = landing.RootElement.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()).ToList();
        Assert.Contains("service-desc", rels);
        Assert.Contains("conformance", rels);
        Assert.Contains("data", rels);

        using var conformance = JsonDocument.Parse(await client.GetStringAsync(Url("/ogc/conformance")));
        var classes = conformance.RootElement.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", classes);

        using var api = await client.GetAsync(Url("/ogc/api"));
        Assert.Equal("application/vnd.oai.openapi+json", api.Content.Headers.ContentType!.MediaType);
        using var definition = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        Assert.StartsWith("3.0", definition.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = definition.RootElement.GetProperty("paths");

        using var collections = JsonDocument.Parse(await client.GetStringAsync(Url("/ogc/collections")));
        var ids = collections.RootElement.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.Equal(PublishedCollections.All.Select(c => c.Id), ids);
        foreach (var collection in collections.RootElement.GetProperty("collections").EnumerateArray())
        {
            var id = collection.GetProperty("id").GetString()!;
            Assert.True(paths.TryGetProperty($"/collections/{id}/items", out _), $"the API definition lacks the items of {id}");
            Assert.Equal(Crs84, collection.GetProperty("storageCrs").GetString());
            var crs = collection.GetProperty("crs").EnumerateArray().Select(c => c.GetString()).ToList();
            Assert.Equal(Crs84, crs[0]);
            Assert.Contains(Utm38, crs);
            Assert.Contains(GaussKruger8, crs);
            Assert.Contains(collection.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "items" && l.GetProperty("type").GetString() == "application/geo+json");
        }

        using var lines = JsonDocument.Parse(await client.GetStringAsync(Url("/ogc/collections/lines")));
        var bbox = lines.RootElement.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.InRange(bbox[0], 43, 47); // the Armenia–Azerbaijan boundary, longitude first
        Assert.InRange(bbox[1], 38, 42);
    }

    [Fact]
    public async Task Next_links_page_through_exactly_the_lines_the_store_shows_a_caller()
    {
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        using var client = await _factory.ClientAsync(null);
        var expected = (await store.ListLinesAsync(Caller.Anonymous, null, default)).Select(l => l.Id).Order(StringComparer.Ordinal).ToList();

        var seen = new List<string>();
        var next = "/ogc/collections/lines/items?limit=1";
        var pages = 0;
        while (next is not null)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync(new Uri(next, UriKind.RelativeOrAbsolute)));
            Assert.Equal(expected.Count, page.RootElement.GetProperty("numberMatched").GetInt32());
            Assert.Equal(1, page.RootElement.GetProperty("numberReturned").GetInt32());
            seen.AddRange(page.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
            var links = page.RootElement.GetProperty("links").EnumerateArray().ToList();
            Assert.Equal(pages > 0, links.Any(l => l.GetProperty("rel").GetString() == "prev"));
            next = links.FirstOrDefault(l => l.GetProperty("rel").GetString() == "next") is { ValueKind: JsonValueKind.Object } link ? link.GetProperty("href").GetString() : null;
            pages++;
        }

        Assert.Equal(expected.Count, pages);
        Assert.Equal(expected, seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_delegations_draft_line_is_a_feature_for_that_delegation_only_and_hidden_like_a_missing_one()
    {
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        await _factory.AccountTokensAsync();
        await AddDraftLineAsync(store, "ogc-am-draft");

        async Task<(int Matched, List<string> Ids)> LinesAsync(string? role)
        {
            using var client = await _factory.ClientAsync(role);
            using var page = JsonDocument.Parse(await client.GetStringAsync(Url("/ogc/collections/lines/items?limit=10000")));
            return (page.RootElement.GetProperty("numberMatched").GetInt32(), [.. page.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!)]);
        }

        var owner = await LinesAsync("am.carto");
        var other = await LinesAsync("az.cochair");
        var anonymous = await LinesAsync(null);
        Assert.Contains("ogc-am-draft", owner.Ids);
        Assert.DoesNotContain("ogc-am-draft", other.Ids);
        Assert.DoesNotContain("ogc-am-draft", anonymous.Ids);
        Assert.Equal(other.Matched + 1, owner.Matched);

        using var ownerClient = await _factory.ClientAsync("am.legal");
        using var seen = await ownerClient.GetAsync(Url("/ogc/collections/lines/items/ogc-am-draft"));
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal("application/geo+json", seen.Content.Headers.ContentType!.MediaType);

        foreach (var role in new[] { "az.cochair", null })
        {
            using var outsider = await _factory.ClientAsync(role);
            using var hidden = await outsider.GetAsync(Url("/ogc/collections/lines/items/ogc-am-draft"));
            using var missing = await outsider.GetAsync(Url("/ogc/collections/lines/items/ogc-never-existed"));
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Equal(Normalised(await missing.Content.ReadAsStringAsync(), "ogc-never-existed"), Normalised(await hidden.Content.ReadAsStringAsync(), "ogc-am-draft"));
        }
    }

    [Fact]
    public async Task Property_filters_bbox_and_datetime_select_the_features_they_name()
    {
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        using var client = await _factory.ClientAsync(null);

        var sourceLines = (await store.ListLinesAsync(Caller.Anonymous, null, default)).Count(l => l.Kind == LineKind.SourceLine);
        var kinds = await FeaturesAsync(client, "/ogc/collections/lines/items?kind=SourceLine");
        Assert.Equal(sourceLines, kinds.Count);
        Assert.All(kinds, f => Assert.Equal("SourceLine", f.GetProperty("properties").GetProperty("kind").GetString()));

        var third = await FeaturesAsync(client, "/ogc/collections/sectors/items?section=main&number=3");
        var only = Assert.Single(third);
        Assert.Equal(3, only.GetProperty("properties").GetProperty("number").GetInt32());
        Assert.Equal("main", only.GetProperty("properties").GetProperty("section").GetString());

        // A box around five break points, in UTM 38N and in Pulkovo 1942 Gauss–Krüger zone 8 (northing first): each holds them.
        var breaks = await FeaturesAsync(client, "/ogc/collections/breaks/items?limit=10000");
        var chosen = breaks.Take(5).Select(f => f.GetProperty("id").GetString()!).ToList();
        foreach (var crs in new[] { Utm38, GaussKruger8 })
        {
            var projected = (await FeaturesAsync(client, $"/ogc/collections/breaks/items?limit=10000&crs={Escaped(crs)}"))
                .ToDictionary(f => f.GetProperty("id").GetString()!, Position);
            var corners = chosen.Select(id => projected[id]).ToList();
            var box = string.Create(CultureInfo.InvariantCulture,
                $"{corners.Min(c => c[0]) - 100},{corners.Min(c => c[1]) - 100},{corners.Max(c => c[0]) + 100},{corners.Max(c => c[1]) + 100}");
            var inBox = await FeaturesAsync(client, $"/ogc/collections/breaks/items?bbox={box}&bbox-crs={Escaped(crs)}&crs={Escaped(crs)}");
            var ids = inBox.Select(f => f.GetProperty("id").GetString()).ToList();
            Assert.All(chosen, id => Assert.Contains(id, ids));
            // The box is followed edge by edge onto WGS 84, so nothing far outside it comes back.
            Assert.All(inBox, f => Assert.True(Position(f)[0] > corners.Min(c => c[0]) - 2_000 && Position(f)[1] < corners.Max(c => c[1]) + 2_000, $"{f.GetProperty("id")} lies far outside the box"));
            Assert.True(inBox.Count < breaks.Count);
        }

        // The same box in CRS84 (longitude first) and EPSG:4326 (latitude first) selects the same features.
        var crs84 = await FeaturesAsync(client, "/ogc/collections/settlements/items?limit=10000&bbox=45.0,40.5,45.6,41.0");
        var latitudeFirst = await FeaturesAsync(client, $"/ogc/collections/settlements/items?limit=10000&bbox=40.5,45.0,41.0,45.6&bbox-crs={Escaped(Wgs84LatitudeFirst)}");
        Assert.NotEmpty(crs84);
        Assert.Equal(crs84.Select(f => f.GetProperty("id").GetString()), latitudeFirst.Select(f => f.GetProperty("id").GetString()));
        Assert.All(crs84, f => Assert.InRange(Position(f)[0], 45.0, 45.6));

        // A source with an edition year and a sheet: a footprint on WGS 84 and a time that datetime selects on.
        if (await store.GetSourceAsync(Caller.CommissionSystem, "ogc-sheet-1975", default) is null)
        {
            await store.AddSourceAsync(Caller.CommissionSystem, new CartographicSource("ogc-sheet-1975", "Topographic map 1:100 000", "GUGK")
            {
                EditionYear = 1975,
                ScaleDenominator = 100_000,
                Crs = "EPSG:28408",
                SheetIds = ["K-38-34"],
                Publication = Publication.Published,
            }, default);
        }

        Assert.Contains("ogc-sheet-1975", (await FeaturesAsync(client, "/ogc/collections/sources/items?datetime=1975-06-01T00:00:00Z")).Select(f => f.GetProperty("id").GetString()));
        Assert.Contains("ogc-sheet-1975", (await FeaturesAsync(client, "/ogc/collections/sources/items?datetime=../1975-01-01")).Select(f => f.GetProperty("id").GetString()));
        Assert.DoesNotContain("ogc-sheet-1975", (await FeaturesAsync(client, "/ogc/collections/sources/items?datetime=1980-01-01T00:00:00Z/..")).Select(f => f.GetProperty("id").GetString()));
        var sheet = Assert.Single(await FeaturesAsync(client, "/ogc/collections/sources/items?datetime=1975-01-01/1975-12-31"), f => f.GetProperty("id").GetString() == "ogc-sheet-1975");
        var ring = sheet.GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray().Select(p => new[] { p[0].GetDouble(), p[1].GetDouble() }).ToList();
        Assert.Equal(5, ring.Count);
        // The sheet's corners on Pulkovo 1942, moved by the datum shift (about a hundred metres here, well under 0.01°).
        var bounds = Demarcate.Core.Geodesy.SheetNomenclature.Parse("K-38-34").Value.Bounds;
        Assert.All(ring, p => Assert.True(
            Math.Min(Math.Abs(p[0] - bounds.West), Math.Abs(p[0] - bounds.East)) < 0.01 && Math.Min(Math.Abs(p[1] - bounds.South), Math.Abs(p[1] - bounds.North)) < 0.01,
            $"corner {p[0]} {p[1]} is not a corner of {bounds}"));
        Assert.NotEqual(bounds.West, ring.Min(p => p[0])); // it was transformed, not copied
    }

    [Theory]
    [InlineData(Utm38, "EPSG:32638", "UTM zone 38N")]
    [InlineData(GaussKruger8, "EPSG:28408", "Pulkovo 1942 to WGS 84 (16)")]
    public async Task Coordinates_in_a_requested_crs_equal_cct_on_the_crs84_answer_within_a_millimetre(string crsUri, string epsg, string operationName)
    {
        using var client = await _factory.ClientAsync(null);
        var wgs84 = await FeaturesAsync(client, "/ogc/collections/breaks/items?limit=10000");
        using var response = await client.GetAsync(Url($"/ogc/collections/breaks/items?limit=10000&crs={Escaped(crsUri)}"));
        Assert.Equal("<" + crsUri + ">", string.Join(",", response.Headers.GetValues("Content-Crs")));
        using var projected = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ours = projected.RootElement.GetProperty("features").EnumerateArray().Select(Position).ToList();

        // cct takes EPSG:4326's own order (latitude, longitude) and answers in the target's (E, N for UTM; X = north, Y = east for Gauss–Krüger).
        var input = string.Concat(wgs84.Select(f => string.Create(CultureInfo.InvariantCulture, $"{Position(f)[1]:R} {Position(f)[0]:R}\n")));
        var expected = await ProjPipeline.TransformAsync("EPSG:4326", epsg, operationName, input);
        Assert.Equal(wgs84.Count, ours.Count);
        Assert.Equal(expected.Count, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            Assert.True(Math.Abs(ours[i][0] - expected[i][0]) <= 1e-3 && Math.Abs(ours[i][1] - expected[i][1]) <= 1e-3,
                $"break {i}: ours {ours[i][0]} {ours[i][1]}, cct {expected[i][0]} {expected[i][1]}");
        }

        // One whole line, vertex by vertex, through the single-feature address.
        using var line = JsonDocument.Parse(await client.GetStringAsync(Url("/ogc/collections/lines/items/osm-main")));
        using var lineProjected = JsonDocument.Parse(await client.GetStringAsync(Url($"/ogc/collections/lines/items/osm-main?crs={Escaped(crsUri)}")));
        var vertices = Vertices(line.RootElement.GetProperty("geometry")).ToList();
        var projectedVertices = Vertices(lineProjected.RootElement.GetProperty("geometry")).ToList();
        var cct = await ProjPipeline.TransformAsync("EPSG:4326", epsg, operationName, string.Concat(vertices.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v[1]:R} {v[0]:R}\n"))));
        Assert.Equal(cct.Count, projectedVertices.Count);
        Assert.True(projectedVertices.Count > 100);
        var worst = projectedVertices.Select((v, i) => Math.Max(Math.Abs(v[0] - cct[i][0]), Math.Abs(v[1] - cct[i][1]))).Max();
        Assert.True(worst <= 1e-3, $"a vertex differs from cct by {worst} m");
    }

    [Fact]
    public async Task A_commission_grid_is_offered_to_those_who_may_see_it_and_answers_like_the_grid_it_defines()
    {
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        await _factory.AccountTokensAsync();
        foreach (var (code, published) in new[] { ("DEMARCATE:OGC-UTM38", true), ("DEMARCATE:OGC-DRAFT", false) })
        {
            if ((await store.ListCrsAsync(Caller.CommissionSystem, default)).All(c => c.Code.ToString() != code))
            {
                var read = Demarcate.Core.Geodesy.CommissionCrs.Read(code, "UTM 38N by the commission", "+proj=utm +zone=38 +datum=WGS84 +units=m");
                await store.AddCrsAsync(Caller.CommissionSystem, read.Value with { IsPublished = published }, default);
            }
        }

        async Task<List<string>> OfferedAsync(string? role)
        {
            using var client = await _factory.ClientAsync(role);
            using var collection = JsonDocument.Parse(await client.GetStringAsync(Url("/ogc/collections/breaks")));
            return [.. collection.RootElement.GetProperty("crs").EnumerateArray().Select(c => c.GetString()!)];
        }

        var anonymous = await OfferedAsync(null);
        var member = await OfferedAsync("am.carto");
        var uri = Assert.Single(anonymous, u => u.EndsWith("/api/crs/DEMARCATE%3AOGC-UTM38", StringComparison.Ordinal));
        Assert.DoesNotContain(anonymous, u => u.Contains("OGC-DRAFT", StringComparison.Ordinal));
        Assert.Contains(member, u => u.EndsWith("/api/crs/DEMARCATE%3AOGC-DRAFT", StringComparison.Ordinal));

        using var anyone = await _factory.ClientAsync(null);
        // The URI describes the CRS where it points, and as crs= it gives the coordinates of the grid it defines.
        using (var described = JsonDocument.Parse(await anyone.GetStringAsync(new Uri(uri))))
        {
            Assert.Equal("DEMARCATE:OGC-UTM38", described.RootElement.GetProperty("code").GetString());
        }

        var own = await FeaturesAsync(anyone, $"/ogc/collections/breaks/items?limit=10000&crs={Escaped(uri)}");
        var utm = await FeaturesAsync(anyone, $"/ogc/collections/breaks/items?limit=10000&crs={Escaped(Utm38)}");
        Assert.Equal(utm.Count, own.Count);
        Assert.All(own.Zip(utm), p => Assert.True(Math.Abs(Position(p.First)[0] - Position(p.Second)[0]) < 1e-6 && Math.Abs(Position(p.First)[1] - Position(p.Second)[1]) < 1e-6));
        using var hidden = await anyone.GetAsync(Url($"/ogc/collections/breaks/items?crs={Escaped(uri.Replace("OGC-UTM38", "OGC-DRAFT", StringComparison.Ordinal))}"));
        Assert.Equal(HttpStatusCode.BadRequest, hidden.StatusCode);
    }

    [Fact]
    public async Task Epsg_4326_answers_latitude_first()
    {
        using var client = await _factory.ClientAsync(null);
        var crs84 = await FeaturesAsync(client, "/ogc/collections/settlements/items?limit=20");
        var swapped = await FeaturesAsync(client, $"/ogc/collections/settlements/items?limit=20&crs={Escaped(Wgs84LatitudeFirst)}");
        Assert.Equal(crs84.Count, swapped.Count);
        for (var i = 0; i < crs84.Count; i++)
        {
            Assert.Equal(Position(crs84[i])[0], Position(swapped[i])[1], 9);
            Assert.Equal(Position(crs84[i])[1], Position(swapped[i])[0], 9);
        }
    }

    [Theory]
    [InlineData("/ogc/collections/nope", 404, "collectionId")]
    [InlineData("/ogc/collections/nope/items", 404, "collectionId")]
    [InlineData("/ogc/collections/lines/items/nope", 404, "featureId")]
    [InlineData("/ogc/collections/lines/items?crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F9999", 400, "crs")]
    [InlineData("/ogc/collections/lines/items/osm-main?crs=EPSG:3857", 400, "crs")]
    [InlineData("/ogc/collections/lines/items?bbox=45,40,46", 400, "bbox")]
    [InlineData("/ogc/collections/lines/items?bbox=45,41,46,40", 400, "bbox")]
    [InlineData("/ogc/collections/lines/items?bbox=45,40,46,abc", 400, "bbox")]
    [InlineData("/ogc/collections/lines/items?bbox=45,40,46,41&bbox-crs=urn:nothing", 400, "bbox-crs")]
    [InlineData("/ogc/collections/lines/items?limit=0", 400, "limit")]
    [InlineData("/ogc/collections/lines/items?offset=-1", 400, "offset")]
    [InlineData("/ogc/collections/sources/items?datetime=yesterday", 400, "datetime")]
    [InlineData("/ogc/collections/lines/items?colour=red", 400, "colour")]
    [InlineData("/ogc/collections?f=xml", 400, "f")]
    public async Task Bad_input_is_a_problem_naming_the_parameter(string url, int status, string parameter)
    {
        using var client = await _factory.ClientAsync(null);
        using var response = await client.GetAsync(Url(url));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.StartsWith(parameter + ":", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_limit_above_the_maximum_is_served_as_the_maximum()
    {
        using var client = await _factory.ClientAsync(null);
        using var page = JsonDocument.Parse(await client.GetStringAsync(Url("/ogc/collections/settlements/items?limit=1000000")));
        Assert.Equal(page.RootElement.GetProperty("numberMatched").GetInt32(), page.RootElement.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task Browsers_get_html_and_f_chooses_the_format()
    {
        using var client = await _factory.ClientAsync(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/ogc/collections/sectors/items?limit=5"));
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var html = await client.SendAsync(request);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var text = await html.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Sectors</h1>", text, StringComparison.Ordinal);
        Assert.Contains("href=\"http://localhost/ogc/collections/sectors/items/M-01?f=html\"", text, StringComparison.Ordinal);

        using var forced = await client.GetAsync(Url("/ogc/collections?f=html"));
        Assert.Equal("text/html", forced.Content.Headers.ContentType!.MediaType);
        using var json = await client.GetAsync(Url("/ogc/collections/sectors/items/M-01?f=json"));
        Assert.Equal("application/geo+json", json.Content.Headers.ContentType!.MediaType);
    }

    private static async Task AddDraftLineAsync(ICommissionStore store, string id)
    {
        if (await store.GetLineAsync(Caller.CommissionSystem, id, default) is not null)
        {
            return;
        }

        var am = new PartyCode("AM");
        var author = Caller.For(new Account("am-carto", "am.carto", "AM cartographer", am, Role.Cartographer));
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var geometry = factory.CreateMultiLineString([factory.CreateLineString([new Coordinate(45.01, 41.01), new Coordinate(45.11, 40.91)])]);
        await store.AddLineAsync(author, new BoundaryLine(id, "main", LineKind.PartyClaim, "AM draft " + id, geometry) { Owner = am, ClaimedBy = am }, default);
    }

    private static async Task<List<JsonElement>> FeaturesAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(Url(url));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        using var page = JsonDocument.Parse(body);
        return [.. page.RootElement.GetProperty("features").EnumerateArray().Select(f => f.Clone())];
    }

    private static double[] Position(JsonElement feature) =>
        [.. feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>Every position of a GeoJSON geometry, in order.</summary>
    internal static IEnumerable<double[]> Vertices(JsonElement geometry)
    {
        static IEnumerable<double[]> Walk(JsonElement coordinates) =>
            coordinates[0].ValueKind == JsonValueKind.Number
                ? [[.. coordinates.EnumerateArray().Select(v => v.GetDouble())]]
                : coordinates.EnumerateArray().SelectMany(Walk);
        return geometry.ValueKind == JsonValueKind.Null ? [] : Walk(geometry.GetProperty("coordinates"));
    }

    private static string Normalised(string problem, string id) =>
        Regex.Replace(problem, "\"traceId\":\"[^\"]*\"", "", RegexOptions.None, TimeSpan.FromSeconds(1)).Replace(id, "ID", StringComparison.Ordinal);
}
