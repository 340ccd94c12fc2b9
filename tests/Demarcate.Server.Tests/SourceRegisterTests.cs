using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Demarcate.Testing;

namespace Demarcate.Server.Tests;

/// <summary>The source register over HTTP and on the command line: add, edit with versions, submit, attach and download files.</summary>
public sealed class SourceRegisterTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public SourceRegisterTests(DemarcateFactory factory) => _factory = factory;

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task A_delegation_registers_a_map_edition_attaches_a_scan_and_submits_it()
    {
        using var carto = await _factory.ClientAsync("az.carto");
        using var colleague = await _factory.ClientAsync("az.observer");
        using var other = await _factory.ClientAsync("am.cochair");
        using var anonymous = _factory.CreateClient();

        using var added = await carto.PostAsJsonAsync(Uri("/api/sources"), new
        {
            id = "az-gs-50k",
            title = "Topographic map 1:50 000",
            issuer = "General Staff of the USSR",
            editionYear = 1987,
            scaleDenominator = 50_000,
            crs = "EPSG:28408",
            sheetIds = new[] { "k-38-34-a", "K-38-34-Б" },
            licence = "Commission use only",
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using var created = JsonDocument.Parse(await added.Content.ReadAsStringAsync());
        Assert.Equal("Draft", created.RootElement.GetProperty("publication").GetString());
        Assert.Equal("AZ", created.RootElement.GetProperty("providedBy").GetString());
        Assert.Equal(25, created.RootElement.GetProperty("accuracyMetres").GetDouble());
        Assert.True(created.RootElement.GetProperty("accuracyIsDerived").GetBoolean());
        Assert.Equal(["K-38-34-А", "K-38-34-Б"], created.RootElement.GetProperty("sheetIds").EnumerateArray().Select(s => s.GetString()));

        var scan = new byte[50_000];
        new Random(50).NextBytes(scan);
        using var content = new ByteArrayContent(scan);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/tiff");
        using var attached = await carto.PostAsync(Uri("/api/sources/az-gs-50k/files?name=K-38-34-A.tif"), content);
        Assert.Equal(HttpStatusCode.Created, attached.StatusCode);

        using var download = await colleague.GetAsync(Uri("/api/sources/az-gs-50k/files/K-38-34-A.tif"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/tiff", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(scan, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(scan)), download.Headers.GetValues("X-Content-SHA256").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Uri("/api/sources/az-gs-50k"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Uri("/api/sources/az-gs-50k/files/K-38-34-A.tif"))).StatusCode);

        using var submitted = await carto.PutAsJsonAsync(Uri("/api/sources/az-gs-50k"), new
        {
            title = "Topographic map 1:50 000",
            issuer = "General Staff of the USSR",
            editionYear = 1987,
            scaleDenominator = 50_000,
            statedAccuracyMetres = 12.5,
            crs = "EPSG:28408",
            sheetIds = new[] { "K-38-34-А", "K-38-34-Б" },
            publication = "Submitted",
            version = 1,
        });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        using var stale = await carto.PutAsJsonAsync(Uri("/api/sources/az-gs-50k"), new { title = "x", issuer = "y", version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("\"currentVersion\":2", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var seen = JsonDocument.Parse(await other.GetStringAsync(Uri("/api/sources/az-gs-50k")));
        Assert.Equal(12.5, seen.RootElement.GetProperty("accuracyMetres").GetDouble());
        Assert.Equal(scan.Length, seen.RootElement.GetProperty("files")[0].GetProperty("size").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Uri("/api/sources/az-gs-50k"))).StatusCode);
        Assert.DoesNotContain("az-gs-50k", await anonymous.GetStringAsync(Uri("/api/sources")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_entries_are_refused_with_the_field_and_the_reason()
    {
        using var carto = await _factory.ClientAsync("am.carto");

        using var badSheet = await carto.PostAsJsonAsync(Uri("/api/sources"), new { id = "bad-sheet", title = "T", issuer = "I", sheetIds = new[] { "K-38-34-Ж" } });
        using var badCrs = await carto.PostAsJsonAsync(Uri("/api/sources"), new { id = "bad-crs", title = "T", issuer = "I", crs = "EPSG:99999" });
        using var missing = await carto.PostAsJsonAsync(Uri("/api/sources"), new { id = "missing" });
        using var noName = await carto.PostAsync(Uri("/api/sources/osm/files"), new ByteArrayContent([1]));

        Assert.Equal(HttpStatusCode.BadRequest, badSheet.StatusCode);
        Assert.Contains("source.sheetIds[0]", await badSheet.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badCrs.StatusCode);
        Assert.Contains("Unknown CRS EPSG:99999", await badCrs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("source.title: is required.", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
    }

    [Fact]
    public async Task The_cli_adds_attaches_and_lists_sources()
    {
        using var scratch = new ScratchFolder();
        var store = scratch.File("commission.gpkg");
        var key = scratch.File("journal-key.pem");
        await (await ServerApp.OpenWithDemoAsync(store, key, default)).DisposeAsync();
        var scan = scratch.File("K-38-34.tif");
        await File.WriteAllBytesAsync(scan, [0x49, 0x49, 0x2A, 0x00, 1, 2, 3]);

        await using var add = await CliProcess.RunAsync([
            "sources", "add", "--store", store, "--journal-key", key, "--id", "ru-100k", "--title", "Topographic map 1:100 000", "--issuer", "General Staff",
            "--year", "1985", "--scale", "100000", "--crs", "EPSG:28408", "--sheet", "K-38-34", "--sheet", "K-38-35", "--provided-by", "RU"]);
        Assert.True(add.ExitCode == 0, add.Error);
        Assert.Contains("accuracy 50 m (0.5 mm at scale)", add.Output, StringComparison.Ordinal);
        await using var attach = await CliProcess.RunAsync(["sources", "attach", "--store", store, "--journal-key", key, "--source", "ru-100k", "--file", scan]);
        Assert.True(attach.ExitCode == 0, attach.Error);
        Assert.Contains($"sha256 {Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(scan)))}", attach.Output, StringComparison.Ordinal);
        await using var bad = await CliProcess.RunAsync(["sources", "add", "--store", store, "--id", "x", "--title", "T", "--issuer", "I", "--sheet", "K-38-999"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--.sheetIds[0]", bad.Error, StringComparison.Ordinal);

        await using var list = await CliProcess.RunAsync(["sources", "list", "--store", store]);
        var row = list.Output.Split('\n').Single(l => l.StartsWith("ru-100k\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(["1985", "1:100000", "50 (from scale)", "EPSG:28408", "K-38-34 K-38-35", "RU", "Submitted", "1"], row[3..4].Concat(row[5..12]));
        Assert.StartsWith("K-38-34.tif(7 bytes", row[12], StringComparison.Ordinal);
        Assert.Contains(list.Output.Split('\n'), l => l.StartsWith("naturalearth\t", StringComparison.Ordinal) && l.Contains("5000 (from scale)", StringComparison.Ordinal));
    }
}
