using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Demarcate.Testing;

namespace Demarcate.Server.Tests;

/// <summary>
/// A CRS the commission defines (a Transverse Mercator on GRS80 like Armenia's ARMREF02 grid, which has no EPSG code),
/// stored in its registry and then used like an EPSG code through the API and the command line, checked against PROJ's
/// <c>cct</c> running the pipeline <c>projinfo</c> gives for the same PROJ string.
/// </summary>
public sealed class CommissionCrsTests : IClassFixture<DemarcateFactory>
{
    private const string ArmenianTm = "+proj=tmerc +lat_0=0 +lon_0=44.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";

    /// <summary>The shift the definition carries, as the registry names it (the commission's datum transformation does not join GRS80).</summary>
    private const string OwnShift = "USER:towgs84=0,0,0,0,0,0,0";

    private readonly DemarcateFactory _factory;

    public CommissionCrsTests(DemarcateFactory factory) => _factory = factory;

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task A_stored_grid_transforms_through_the_api_like_cct_and_only_members_see_it_until_published()
    {
        using var carto = await _factory.ClientAsync("am.carto");
        using var observer = await _factory.ClientAsync("az.observer");
        using var anonymous = _factory.CreateClient();

        using var added = await carto.PostAsJsonAsync(Uri("/api/crs"), new { code = "DEMARCATE:ARMREF02-TM", name = "ARMREF02 / Armenian TM", definition = ArmenianTm });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        using var seen = JsonDocument.Parse(await observer.GetStringAsync(Uri("/api/crs/DEMARCATE:ARMREF02-TM")));
        Assert.Equal(ArmenianTm, seen.RootElement.GetProperty("registry").GetProperty("definition").GetString());
        Assert.Equal("am-carto", seen.RootElement.GetProperty("registry").GetProperty("addedBy").GetString());
        using var list = JsonDocument.Parse(await observer.GetStringAsync(Uri("/api/crs")));
        Assert.Contains(list.RootElement.EnumerateArray(), c => c.GetProperty("code").GetString() == "DEMARCATE:ARMREF02-TM");
        using var hidden = await anonymous.GetAsync(Uri("/api/crs/DEMARCATE:ARMREF02-TM"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.DoesNotContain("ARMREF02", await anonymous.GetStringAsync(Uri("/api/crs")), StringComparison.Ordinal);

        var random = new Random(2002);
        var grid = Enumerable.Range(0, 300)
            .Select(_ => new[] { 400_000 + 200_000 * random.NextDouble(), 4_300_000 + 300_000 * random.NextDouble() })
            .ToList();
        var input = string.Concat(grid.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p[0]:F4} {p[1]:F4}\n")));
        var expected = await CctAsync(ArmenianTm, "EPSG:32638", input);

        using var points = await observer.PostAsJsonAsync(Uri("/api/transform/points"), new { from = "DEMARCATE:ARMREF02-TM", to = "EPSG:32638", operation = OwnShift, points = grid });
        Assert.Equal(HttpStatusCode.OK, points.StatusCode);
        using var answer = JsonDocument.Parse(await points.Content.ReadAsStringAsync());
        var results = answer.RootElement.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("coordinates").EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        AssertWithinMillimetre(expected, results);

        using var text = await observer.PostAsync(
            Uri($"/api/transform?from=DEMARCATE:ARMREF02-TM&to=EPSG:32638&operation={System.Uri.EscapeDataString(OwnShift)}"), new StringContent(input, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        var lines = (await text.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#'));
        AssertWithinMillimetre(expected, [.. lines.Select(l => l.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())]);

        // Published: anonymous callers now resolve it too.
        using var current = JsonDocument.Parse(await carto.GetStringAsync(Uri("/api/crs/DEMARCATE:ARMREF02-TM")));
        var version = current.RootElement.GetProperty("registry").GetProperty("version").GetInt32();
        using var published = await carto.PutAsJsonAsync(Uri("/api/crs/DEMARCATE:ARMREF02-TM"), new { name = "ARMREF02 / Armenian TM", definition = ArmenianTm, published = true, version });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        using var stale = await carto.PutAsJsonAsync(Uri("/api/crs/DEMARCATE:ARMREF02-TM"), new { name = "x", definition = ArmenianTm, published = true, version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        using var open = await anonymous.PostAsJsonAsync(Uri("/api/transform/points"), new { from = "DEMARCATE:ARMREF02-TM", to = "EPSG:32638", operation = OwnShift, points = grid.Take(1) });
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task A_bad_definition_is_refused_with_what_is_wrong_and_where()
    {
        using var carto = await _factory.ClientAsync("az.carto");
        using var cochair = await _factory.ClientAsync("az.cochair");

        using var bad = await carto.PostAsJsonAsync(Uri("/api/crs"), new { code = "DEMARCATE:BAD", name = "Bad", definition = "+proj=tmerc +lon_0=45 +ellps=GRS80 lat_0=0" });
        using var epsg = await carto.PostAsJsonAsync(Uri("/api/crs"), new { code = "EPSG:9999", name = "Mine", definition = ArmenianTm });
        using var notAllowed = await cochair.PostAsJsonAsync(Uri("/api/crs"), new { code = "DEMARCATE:COCHAIR", name = "Co-chair's", definition = ArmenianTm });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal("definition, column 36: 'lat_0=0' is not a +key or +key=value parameter.", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, epsg.StatusCode);
        Assert.Contains("built in", await epsg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
    }

    [Fact]
    public async Task The_cli_adds_a_grid_lists_it_and_transforms_through_the_commissions_registry_like_cct()
    {
        using var scratch = new ScratchFolder();
        var store = scratch.File("commission.gpkg");
        await (await ServerApp.OpenWithDemoAsync(store, scratch.File("journal-key.pem"), default)).DisposeAsync();
        var definition = scratch.File("armref02.proj");
        await File.WriteAllTextAsync(definition, ArmenianTm + "\n");

        await using var add = await CliProcess.RunAsync(["crs", "add", "--store", store, "--journal-key", scratch.File("journal-key.pem"), "--file", definition, "--code", "DEMARCATE:ARMREF02-TM", "--name", "ARMREF02 / Armenian TM"]);
        Assert.True(add.ExitCode == 0, add.Error);
        await using var bad = await CliProcess.RunAsync(["crs", "add", "--store", store, "--definition", "+proj=lcc +ellps=GRS80", "--code", "DEMARCATE:LCC", "--name", "Lambert"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("+proj=lcc is not supported", bad.Error, StringComparison.Ordinal);
        await using var list = await CliProcess.RunAsync(["crs", "list", "--store", store]);
        Assert.Contains("DEMARCATE:ARMREF02-TM\tARMREF02 / Armenian TM\tProj\tno\t1\tsystem\t", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMARCATE:LCC", list.Output, StringComparison.Ordinal);

        var random = new Random(44);
        var input = string.Concat(Enumerable.Range(0, 200).Select(_ => string.Create(CultureInfo.InvariantCulture, $"{400_000 + 200_000 * random.NextDouble():F4} {4_300_000 + 300_000 * random.NextDouble():F4}\n")));
        await using var transform = await CliProcess.RunAsync(["transform", "--commission", store, "--from", "DEMARCATE:ARMREF02-TM", "--to", "EPSG:32638", "--operation", OwnShift], standardInput: input);
        Assert.True(transform.ExitCode == 0, transform.Error);
        var ours = transform.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        AssertWithinMillimetre(await CctAsync(ArmenianTm, "EPSG:32638", input), ours);

        // Without the store the code is unknown.
        await using var unknown = await CliProcess.RunAsync(["transform", "--from", "DEMARCATE:ARMREF02-TM", "--to", "EPSG:32638"], standardInput: input);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown CRS DEMARCATE:ARMREF02-TM", unknown.Error, StringComparison.Ordinal);
    }

    /// <summary>PROJ's answer: the one pipeline projinfo gives from the PROJ string to the target, run through cct.</summary>
    private static async Task<List<double[]>> CctAsync(string definition, string target, string input)
    {
        var info = await ExternalTool.RunAsync("projinfo", ["-s", definition + " +type=crs", "-t", target, "-o", "PROJ", "-q"]);
        Assert.True(info.ExitCode == 0, info.StandardError);
        var cct = await ExternalTool.RunAsync("cct", ["-d", "6", "-z", "0", "-t", "0", .. info.StandardOutput.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)], input);
        Assert.True(cct.ExitCode == 0, cct.StandardError);
        return cct.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Take(2).Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
    }

    private static void AssertWithinMillimetre(List<double[]> expected, List<double[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i][0] - actual[i][0]) <= 1e-3 && Math.Abs(expected[i][1] - actual[i][1]) <= 1e-3,
                string.Create(CultureInfo.InvariantCulture, $"point {i}: ours {actual[i][0]} {actual[i][1]}, cct {expected[i][0]} {expected[i][1]}"));
        }
    }
}
