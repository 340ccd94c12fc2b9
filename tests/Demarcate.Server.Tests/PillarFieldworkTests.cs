using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Demarcate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Demarcate.Server.Tests;

/// <summary>Planning a sector's pillars, submitting the plan, inspections with photos and status changes, through the API.</summary>
public sealed class PillarFieldworkTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public PillarFieldworkTests(DemarcateFactory factory) => _factory = factory;

    private ICommissionStore Store => _factory.Services.GetRequiredService<ICommissionStore>();

    private async Task<(List<GeoPoint> Line, int Zone)> SectorLineAsync(string sector)
    {
        var onLine = await Store.GetSectorAsync(Caller.CommissionSystem, sector, default);
        var section = (await Store.ListSectionsAsync(Caller.CommissionSystem, default)).Single(s => s.Id == onLine!.Sector.SectionId);
        return ([.. onLine!.Geometry!.Geometries.SelectMany(g => g.Coordinates).Select(c => new GeoPoint(c.Y, c.X))], section.UtmZone);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_dry_run_plan_is_the_core_plan_and_registers_nothing()
    {
        using var client = await _factory.ClientAsync("az.carto");
        var (line, zone) = await SectorLineAsync("M-03");

        using var response = await client.PostAsJsonAsync("/api/sectors/M-03/pillars/plan", new { minTurn = 20, secondarySpacing = 800 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await JsonAsync(response);
        var expected = PillarPlanning.Plan("M-03", line, zone, new PillarPlanRules { TurningPointMinimumDeflection = 20, SecondarySpacing = 800 });
        var pillars = plan.GetProperty("pillars").EnumerateArray().ToList();
        Assert.Equal(expected.Pillars.Select(p => p.Number.ToString()), pillars.Select(p => p.GetProperty("number").GetString()));
        Assert.Equal(expected.Pillars.Select(p => p.Reason.ToString()), pillars.Select(p => p.GetProperty("reason").GetString()));
        Assert.Equal(expected.LineLength, plan.GetProperty("length").GetDouble(), 1e-6);
        Assert.Equal(0, plan.GetProperty("registered").GetInt32());
        Assert.Empty(await Store.ListPillarsAsync(Caller.CommissionSystem, "M-03", default));
    }

    [Fact]
    public async Task A_registered_plan_is_the_delegations_draft_until_it_submits_it()
    {
        using var am = await _factory.ClientAsync("am.cochair");
        using var az = await _factory.ClientAsync("az.legal");

        using var planned = await am.PostAsJsonAsync("/api/sectors/M-04/pillars/plan?register=true", new { minTurn = 30, primarySpacing = 5000, secondarySpacing = 1000 });

        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        var plan = await JsonAsync(planned);
        var count = plan.GetProperty("pillars").GetArrayLength();
        Assert.Equal(count, plan.GetProperty("registered").GetInt32());
        var first = plan.GetProperty("pillars")[0].GetProperty("number").GetString()!;
        Assert.Equal(count, (await JsonAsync(await am.GetAsync("/api/pillars?sector=M-04"))).GetArrayLength());
        Assert.Equal(0, (await JsonAsync(await az.GetAsync("/api/pillars?sector=M-04"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await az.GetAsync("/api/pillars/" + first)).StatusCode);

        // Planning again keeps every registered number and registers nothing new.
        using var again = await am.PostAsJsonAsync("/api/sectors/M-04/pillars/plan?register=true", new { minTurn = 30, primarySpacing = 5000, secondarySpacing = 1000 });
        var replanned = await JsonAsync(again);
        Assert.Equal(0, replanned.GetProperty("registered").GetInt32());
        Assert.All(replanned.GetProperty("pillars").EnumerateArray(), p => Assert.True(p.GetProperty("known").GetBoolean()));

        // AZ has no draft there to submit: refused by the rules, and AM's draft stays AM's.
        using var azSubmit = await az.PostAsync("/api/pillars/submit?sector=M-04", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, azSubmit.StatusCode);
        using var submitted = await am.PostAsync("/api/pillars/submit?sector=M-04", null);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(count, (await JsonAsync(submitted)).GetProperty("submitted").GetArrayLength());

        var seen = await JsonAsync(await az.GetAsync("/api/pillars?sector=M-04"));
        Assert.Equal(count, seen.GetArrayLength());
        Assert.All(seen.EnumerateArray(), p => Assert.Equal("Submitted", p.GetProperty("publication").GetString()));
        var history = await JsonAsync(await az.GetAsync("/api/pillars/" + first));
        Assert.Equal(["pillar.register", "pillar.publication"], history.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_river_given_as_geojson_in_the_request_gets_a_pillar_on_each_bank()
    {
        using var client = await _factory.ClientAsync("ru.adviser");
        var (line, _) = await SectorLineAsync("M-05");
        var (a, b) = (line[line.Count / 2 - 1], line[line.Count / 2]);
        var (midLat, midLon) = ((a.Latitude + b.Latitude) / 2, (a.Longitude + b.Longitude) / 2);
        var (dLat, dLon) = (b.Latitude - a.Latitude, b.Longitude - a.Longitude);
        var scale = 0.003 / Math.Sqrt((dLat * dLat) + (dLon * dLon));
        var river = new
        {
            type = "FeatureCollection",
            features = new[]
            {
                new
                {
                    type = "Feature",
                    properties = new { name = "Test river" },
                    geometry = new { type = "LineString", coordinates = new[] { new[] { midLon + (dLat * scale), midLat - (dLon * scale) }, new[] { midLon - (dLat * scale), midLat + (dLon * scale) } } },
                },
            },
        };

        using var response = await client.PostAsJsonAsync("/api/sectors/M-05/pillars/plan", new { minTurn = 45, rivers = river });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var banks = (await JsonAsync(response)).GetProperty("pillars").EnumerateArray().Where(p => p.GetProperty("reason").GetString() == "RiverBank").ToList();
        Assert.Equal(2, banks.Count);
        Assert.EndsWith("A", banks[0].GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("B", banks[1].GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.All(banks, p => Assert.Equal("Test river", p.GetProperty("feature").GetString()));
        Assert.Equal(60, banks[1].GetProperty("chainage").GetDouble() - banks[0].GetProperty("chainage").GetDouble(), 0.5);
    }

    [Fact]
    public async Task Bad_plan_requests_answer_problem_json_saying_where()
    {
        using var client = await _factory.ClientAsync("am.carto");

        using var rules = await client.PostAsJsonAsync("/api/sectors/M-03/pillars/plan", new { secondarySpacing = -5 });
        await AssertProblemAsync(rules, HttpStatusCode.BadRequest, "options", "spacings");

        using var broken = await client.PostAsync("/api/sectors/M-03/pillars/plan", new StringContent("{\n\"minTurn\": oops}", Encoding.UTF8, "application/json"));
        var problem = await AssertProblemAsync(broken, HttpStatusCode.BadRequest, "options", "JSON");
        Assert.Equal(2, problem.GetProperty("problems")[0].GetProperty("line").GetInt32());

        using var rivers = await client.PostAsJsonAsync("/api/sectors/M-03/pillars/plan", new { rivers = "a river" });
        await AssertProblemAsync(rivers, HttpStatusCode.BadRequest, "rivers", "");

        // An ASCII grid names no CRS, so one sent without terrainCrs is refused naming the file.
        using var form = new MultipartFormDataContent
        {
            { new StringContent("{}"), "options" },
            { new ByteArrayContent("ncols 2\nnrows 2\nxllcorner 45\nyllcorner 41\ncellsize 0.1\n1 2\n3 4\n"u8.ToArray()), "terrain", "dem.asc" },
        };
        using var grid = await client.PostAsync("/api/sectors/M-03/pillars/plan", form);
        await AssertProblemAsync(grid, HttpStatusCode.BadRequest, "dem.asc", "CRS");

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/sectors/NOPE-9/pillars/plan", new { })).StatusCode);
        using var observer = await _factory.ClientAsync("am.observer");
        Assert.Equal(HttpStatusCode.Forbidden, (await observer.PostAsJsonAsync("/api/sectors/M-03/pillars/plan", new { })).StatusCode);
    }

    [Fact]
    public async Task An_inspection_with_photos_is_recorded_and_a_status_change_needs_the_current_version()
    {
        var number = await PublishedPillarAsync("M-06");
        using var carto = await _factory.ClientAsync("az.carto");
        var photo = TestScans.Png(8, 6, (x, y) => ((byte)(x * 30), (byte)(y * 40), 90));

        using (var form = Inspection("2026-11-20", "Damaged", ("north.png", photo)))
        {
            using var recorded = await carto.PostAsync($"/api/pillars/{number}/inspections", form);
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        var inspections = (await JsonAsync(await carto.GetAsync("/api/pillars/" + number))).GetProperty("inspections");
        var inspection = Assert.Single(inspections.EnumerateArray());
        Assert.Equal("Damaged", inspection.GetProperty("found").GetString());
        Assert.Equal(["north.png"], inspection.GetProperty("photos").EnumerateArray().Select(p => p.GetString()));
        var stored = Assert.Single(await Store.ListInspectionsAsync(Caller.CommissionSystem, number, default));
        Assert.Equal(photo, Assert.Single(stored.Photos).Content);

        // A file that is not a JPEG or PNG, and a date that is not one: each named, nothing recorded.
        using (var bad = Inspection("20 Nov", "Damaged", ("notes.txt", "not an image"u8.ToArray())))
        {
            using var refused = await carto.PostAsync($"/api/pillars/{number}/inspections", bad);
            var problem = await AssertProblemAsync(refused, HttpStatusCode.BadRequest, "inspectedOn", "date");
            Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("file").GetString() == "notes.txt" && p.GetProperty("feature").GetInt32() == 0);
        }

        Assert.Single(await Store.ListInspectionsAsync(Caller.CommissionSystem, number, default));

        var version = (await Store.GetPillarAsync(Caller.CommissionSystem, number, default))!.Version;
        using var changed = await carto.PostAsJsonAsync($"/api/pillars/{number}/status", new { status = "Damaged", version });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(version + 1, (await JsonAsync(changed)).GetProperty("version").GetInt32());
        using var stale = await carto.PostAsJsonAsync($"/api/pillars/{number}/status", new { status = "Missing", version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal(version + 1, (await JsonAsync(stale)).GetProperty("currentVersion").GetInt32());
        await AssertProblemAsync(await carto.PostAsJsonAsync($"/api/pillars/{number}/status", new { status = "Stolen", version = version + 1 }), HttpStatusCode.BadRequest, "status", "Stolen");
        Assert.Equal(PillarStatus.Damaged, (await Store.GetPillarAsync(Caller.CommissionSystem, number, default))!.Status);
    }

    private async Task<string> PublishedPillarAsync(string sector)
    {
        var (line, _) = await SectorLineAsync(sector);
        var pillar = new Pillar(PillarNumber.Of(sector, 1), sector, PillarType.Primary, line[0]) { Publication = Publication.Published };
        if (await Store.GetPillarAsync(Caller.CommissionSystem, pillar.Number.ToString(), default) is null)
        {
            await Store.RegisterPillarsAsync(Caller.CommissionSystem, [pillar], default);
        }

        return pillar.Number.ToString();
    }

    private static MultipartFormDataContent Inspection(string date, string found, params (string Name, byte[] Content)[] photos)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(date), "inspectedOn" },
            { new StringContent(found), "found" },
            { new StringContent("Top broken off; plaque intact."), "notes" },
        };
        foreach (var (name, content) in photos)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "photos", name);
        }

        return form;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string where, string saying)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("file").GetString() == where && p.GetProperty("reason").GetString()!.Contains(saying, StringComparison.Ordinal));
        return problem;
    }
}
