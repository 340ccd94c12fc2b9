using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Server.Ogc;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;
using Demarcate.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Tests;

/// <summary>
/// The server on a real loopback port, as QGIS and GDAL reach it, over a demo store with accounts and tokens, a
/// delegation's draft line and a sector version with turning points.
/// </summary>
public sealed class OgcServer : IAsyncLifetime, IDisposable
{
    public const string DraftLineId = "gdal-am-draft";

    /// <summary>A pillar AM's cartographer registered as a draft: AM's alone.</summary>
    public static readonly Core.Demarcation.PillarNumber DraftPillar = Core.Demarcation.PillarNumber.Of("M-02", 1);

    /// <summary>A pillar the commission published: everyone's.</summary>
    public static readonly Core.Demarcation.PillarNumber PublishedPillar = Core.Demarcation.PillarNumber.Of("M-02", 2);

    private readonly ScratchFolder _scratch = new();
    private WebApplication? _app;

    public string OgcUrl { get; private set; } = "";

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public ICommissionStore Store { get; private set; } = null!;

    /// <summary>User name → API token.</summary>
    public IDictionary<string, string> Tokens { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string Folder => _scratch.Path;

    public async Task InitializeAsync()
    {
        Store = await ServerApp.OpenWithDemoAsync(_scratch.File("ogc.gpkg"), _scratch.File("journal-key.pem"), CancellationToken.None);
        _app = await ServerApp.CreateAsync(["--urls=http://127.0.0.1:0", "--environment=Production", $"--{ServerApp.PasswordIterationsKey}=1000"], Store, CancellationToken.None);
        await DemoAccounts.EnsureAsync(Store, _app.Services.GetRequiredService<PasswordHasher>(), () => "gdal tests password", CancellationToken.None);
        foreach (var account in await Store.ListAccountsAsync(Caller.CommissionSystem, CancellationToken.None))
        {
            var token = ApiToken.Create();
            await Store.AddApiTokenAsync(Caller.For(account), token.ToStored(account.Id, "gdal", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)), CancellationToken.None);
            Tokens[account.UserName] = token.Token;
        }

        var amCarto = Caller.For((await Store.FindAccountAsync("am.carto", CancellationToken.None))!.Account);
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var am = new PartyCode("AM");
        await Store.AddLineAsync(amCarto, new BoundaryLine(DraftLineId, "main", LineKind.PartyClaim, "AM draft for GDAL",
            factory.CreateMultiLineString([factory.CreateLineString([new Coordinate(45.02, 41.02), new Coordinate(45.12, 40.92), new Coordinate(45.2, 40.9)])]))
        { Owner = am, ClaimedBy = am }, CancellationToken.None);

        var cochair = Caller.For((await Store.FindAccountAsync("am.cochair", CancellationToken.None))!.Account);
        var sector = (await Store.GetSectorAsync(Caller.CommissionSystem, "M-02", CancellationToken.None))!;
        var ends = sector.Geometry!.Coordinates;
        await Store.ProposeSectorVersionAsync(cochair, "M-02", sector.Geometry,
            [new TurningPointRow("TP-1", new Core.Geodesy.GeoPoint(ends[0].Y, ends[0].X), "Survey"), new TurningPointRow("TP-2", new Core.Geodesy.GeoPoint(ends[^1].Y, ends[^1].X), "Map")],
            "From TP-1 along the line to TP-2.", CancellationToken.None);

        var middle = ends[ends.Length / 2];
        await Store.RegisterPillarsAsync(amCarto, [new Core.Demarcation.Pillar(DraftPillar, "M-02", Core.Demarcation.PillarType.Primary, new Core.Geodesy.GeoPoint(ends[0].Y, ends[0].X)) { Owner = am }], CancellationToken.None);
        await Store.RegisterPillarsAsync(Caller.CommissionSystem, [new Core.Demarcation.Pillar(PublishedPillar, "M-02", Core.Demarcation.PillarType.Secondary, new Core.Geodesy.GeoPoint(middle.Y, middle.X))
        {
            Publication = Publication.Published,
            Status = Core.Demarcation.PillarStatus.Verified,
            Surveyed = new Core.Demarcation.SurveyedPosition(new Core.Geodesy.GeoPoint(middle.Y + 1e-6, middle.X - 1e-6), "ITRF2014", 2024.3, "GNSS RTK", 0.02) { ObservedOn = new DateOnly(2024, 4, 20) },
        }], CancellationToken.None);

        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        OgcUrl = address.TrimEnd('/') + "/ogc";
    }

    /// <summary>Runs a GDAL program, with the token of <paramref name="userName"/> sent as QGIS and GDAL send it (GDAL_HTTP_HEADERS).</summary>
    public async Task<ExternalTool.Result> GdalAsync(string program, string? userName, params string[] arguments)
    {
        IEnumerable<string> all = userName is null ? arguments : ["--config", "GDAL_HTTP_HEADERS", "Authorization: Bearer " + Tokens[userName], .. arguments];
        var result = await ExternalTool.RunAsync(program, all);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {result.StandardError}");
        return result;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Store.DisposeAsync();
    }

    public void Dispose() => _scratch.Dispose();
}

/// <summary>GDAL as the client, the way a QGIS user's machine uses the service: list, copy, compare, with and without a token.</summary>
public sealed class OgcGdalTests : IClassFixture<OgcServer>
{
    private readonly OgcServer _server;

    public OgcGdalTests(OgcServer server) => _server = server;

    [Fact]
    public async Task Ogrinfo_lists_every_collection()
    {
        var listing = await _server.GdalAsync("ogrinfo", null, "-ro", "-q", "OAPIF:" + _server.OgcUrl);

        foreach (var (collection, i) in PublishedCollections.All.Select((c, i) => (c, i)))
        {
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{i + 1}: {collection.Id} (title: {collection.Title})"), listing.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("am.cochair")]
    [InlineData(null)]
    public async Task Ogr2ogr_copies_every_feature_of_every_collection_with_identical_geometry_and_attributes(string? userName)
    {
        var copy = Path.Combine(_server.Folder, $"copy-{userName ?? "anonymous"}.gpkg");
        await _server.GdalAsync("ogr2ogr", userName, "-f", "GPKG", copy, "OAPIF:" + _server.OgcUrl);
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        if (userName is not null)
        {
            http.DefaultRequestHeaders.Add("Authorization", "Bearer " + _server.Tokens[userName]);
        }

        var caller = userName is null ? Caller.Anonymous : Caller.For((await _server.Store.FindAccountAsync(userName, default))!.Account);
        foreach (var collection in PublishedCollections.All)
        {
            using var served = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/ogc/collections/{collection.Id}/items?limit=10000", UriKind.Relative)));
            var api = served.RootElement.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => f.Clone(), StringComparer.Ordinal);
            var read = await _server.GdalAsync("ogr2ogr", null, "-f", "GeoJSON", "/vsistdout/", copy, collection.Id);
            using var copied = JsonDocument.Parse(read.StandardOutput);
            var gdal = copied.RootElement.GetProperty("features").EnumerateArray().ToList();

            Assert.Equal(api.Count, gdal.Count);
            foreach (var feature in gdal)
            {
                var properties = feature.GetProperty("properties");
                var id = properties.GetProperty("id").GetString()!;
                Assert.True(api.TryGetValue(id, out var expected), $"{collection.Id}: GDAL copied {id}, which the API does not serve");
                AssertSameGeometry(collection.Id + "/" + id, expected.GetProperty("geometry"), feature.GetProperty("geometry"));
                foreach (var property in expected.GetProperty("properties").EnumerateObject())
                {
                    var value = properties.TryGetProperty(property.Name, out var v) ? v : default;
                    Assert.True(SameValue(property.Value, value), $"{collection.Id}/{id}.{property.Name}: API {property.Value.GetRawText()}, GDAL {(value.ValueKind == JsonValueKind.Undefined ? "(absent)" : value.GetRawText())}");
                }
            }
        }

        // …and the API served exactly the store's records for that caller.
        using var lines = JsonDocument.Parse((await _server.GdalAsync("ogr2ogr", null, "-f", "GeoJSON", "/vsistdout/", copy, "lines")).StandardOutput);
        Assert.Equal(
            (await _server.Store.ListLinesAsync(caller, null, default)).Select(l => l.Id).Order(StringComparer.Ordinal),
            lines.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        using var points = JsonDocument.Parse((await _server.GdalAsync("ogr2ogr", null, "-f", "GeoJSON", "/vsistdout/", copy, "turning-points")).StandardOutput);
        Assert.Equal(userName is null ? 0 : 2, points.RootElement.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task A_token_sent_as_a_header_through_gdal_sees_the_delegations_draft_and_no_one_else_does()
    {
        async Task<List<string>> LineIdsAsync(string? userName)
        {
            var read = await _server.GdalAsync("ogr2ogr", userName, "-f", "GeoJSON", "/vsistdout/", "OAPIF:" + _server.OgcUrl, "lines");
            using var lines = JsonDocument.Parse(read.StandardOutput);
            return [.. lines.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetString()!)];
        }

        var owner = await LineIdsAsync("am.carto");
        var other = await LineIdsAsync("az.carto");
        var anonymous = await LineIdsAsync(null);

        Assert.Contains(OgcServer.DraftLineId, owner);
        Assert.DoesNotContain(OgcServer.DraftLineId, other);
        Assert.DoesNotContain(OgcServer.DraftLineId, anonymous);
        Assert.Equal(other.Count + 1, owner.Count);
    }

    [Fact]
    public async Task A_delegations_draft_pillar_reaches_gdal_with_its_token_only()
    {
        async Task<List<string>> PillarNumbersAsync(string? userName)
        {
            var read = await _server.GdalAsync("ogr2ogr", userName, "-f", "GeoJSON", "/vsistdout/", "OAPIF:" + _server.OgcUrl, "pillars");
            using var pillars = JsonDocument.Parse(read.StandardOutput);
            return [.. pillars.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("number").GetString()!)];
        }

        var owner = await PillarNumbersAsync("am.carto");
        var other = await PillarNumbersAsync("az.carto");
        var anonymous = await PillarNumbersAsync(null);

        Assert.Equal([OgcServer.DraftPillar.ToString(), OgcServer.PublishedPillar.ToString()], owner.Order(StringComparer.Ordinal));
        Assert.Equal([OgcServer.PublishedPillar.ToString()], other);
        Assert.Equal([OgcServer.PublishedPillar.ToString()], anonymous);

        // The hidden pillar answers like a missing one, by its feature id too.
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + _server.Tokens["az.carto"]);
        using var hidden = await http.GetAsync(new Uri($"/ogc/collections/pillars/items/{PublishedCollections.PillarFeatureId(OgcServer.DraftPillar)}", UriKind.Relative));
        using var missing = await http.GetAsync(new Uri("/ogc/collections/pillars/items/M-02_99", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(missing.StatusCode, hidden.StatusCode);
    }

    [Fact]
    public async Task Discrepancies_compare_the_designated_line_with_every_line_the_caller_sees_and_no_other()
    {
        foreach (var userName in new[] { "am.carto", "az.carto" })
        {
            var caller = Caller.For((await _server.Store.FindAccountAsync(userName, default))!.Account);
            var read = await _server.GdalAsync("ogr2ogr", userName, "-f", "GeoJSON", "/vsistdout/", "OAPIF:" + _server.OgcUrl, "discrepancies");
            using var polygons = JsonDocument.Parse(read.StandardOutput);
            var compared = polygons.RootElement.GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties").GetProperty("lineB").GetString()!).ToHashSet(StringComparer.Ordinal);
            var visible = (await _server.Store.ListLinesAsync(caller, null, default)).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);

            Assert.NotEmpty(compared);
            Assert.Subset(visible, compared);
            Assert.Equal(userName == "am.carto", compared.Contains(OgcServer.DraftLineId));
        }
    }

    private static void AssertSameGeometry(string what, JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Null, $"{what}: GDAL has a geometry the API does not");
            return;
        }

        var a = OgcFeaturesTests.Vertices(expected).ToList();
        var b = OgcFeaturesTests.Vertices(actual).ToList();
        // A single line or polygon may come back as a one-part multi, never with other vertices.
        Assert.True(a.Count == b.Count, $"{what}: {a.Count} vertices served, {b.Count} copied");
        var worst = a.Select((p, i) => Math.Max(Math.Abs(p[0] - b[i][0]), Math.Abs(p[1] - b[i][1]))).DefaultIfEmpty(0).Max();
        Assert.True(worst <= 1e-9, $"{what}: a vertex moved by {worst}°");
    }

    private static bool SameValue(JsonElement api, JsonElement gdal)
    {
        var absent = gdal.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
        return api.ValueKind switch
        {
            JsonValueKind.Null => absent,
            JsonValueKind.String => gdal.ValueKind == JsonValueKind.String ? gdal.GetString() == api.GetString() : !absent && gdal.GetRawText() == api.GetString(),
            JsonValueKind.Number => gdal.ValueKind == JsonValueKind.Number && gdal.GetDouble() == api.GetDouble(),
            JsonValueKind.True or JsonValueKind.False => gdal.ValueKind == api.ValueKind || (gdal.ValueKind == JsonValueKind.Number && gdal.GetInt32() == (api.ValueKind == JsonValueKind.True ? 1 : 0)),
            _ => !absent && gdal.GetRawText() == api.GetRawText(),
        };
    }
}
