using System.Text.RegularExpressions;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Tests;

/// <summary>
/// A canary draft of one delegation must show nowhere to anyone else: crawl every GET route as every
/// other role and look for its id, name and coordinates in bodies, headers and counts.
/// </summary>
public sealed class LeakTests : IClassFixture<DemarcateFactory>
{
    private const string CanaryId = "canary-7f3a9c";
    private const string CanaryName = "CANARY-NAME-5521";
    private const string CanaryCoordinate = "45.123456789";
    private static readonly Demarcate.Core.Demarcation.PillarNumber CanaryPillar = Demarcate.Core.Demarcation.PillarNumber.Of("M-01", 977);

    private readonly DemarcateFactory _factory;

    public LeakTests(DemarcateFactory factory) => _factory = factory;

    [Fact]
    public async Task A_delegations_draft_appears_in_no_answer_to_anyone_else()
    {
        await _factory.AccountTokensAsync();
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        var outsiders = AuthorizationMatrixTests.Roles.Where(r => r is null || !r.StartsWith("am.", StringComparison.Ordinal)).ToList();
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in outsiders)
        {
            before[role ?? "anonymous"] = await CountsAsync(role);
        }

        var (proposalId, documentId, incidentId) = await SeedCanaryAsync(store);
        var canaryIds = new[] { CanaryId, proposalId, documentId, incidentId };

        var routes = GetRoutes(canaryIds);

        // The tiles are crawled where the canaries are: the draft line, pillar and incident, at a low and a high zoom.
        foreach (var zoom in new[] { 8, 12 })
        {
            routes.Add($"/tiles/lines/{Demarcate.Core.Tiles.WebMercator.TileAt(45.123456789, 41.0, zoom)}.mvt");
            routes.Add($"/tiles/pillars/{Demarcate.Core.Tiles.WebMercator.TileAt(45.16, 40.95, zoom)}.mvt");
            routes.Add($"/tiles/incidents/{Demarcate.Core.Tiles.WebMercator.TileAt(45.123456789, 41.0, zoom)}.mvt");
        }

        var leaks = new List<string>();
        foreach (var role in outsiders)
        {
            using var client = await _factory.ClientAsync(role);
            foreach (var url in routes)
            {
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                var text = await response.Content.ReadAsStringAsync() + string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(",", h.Value)));
                foreach (var secret in new[] { CanaryName, CanaryCoordinate, CanaryPillar.ToString() }.Concat(canaryIds.Where(id => !url.Contains(id, StringComparison.Ordinal))))
                {
                    if (secret is not null && text.Contains(secret, StringComparison.Ordinal))
                    {
                        leaks.Add($"{url} as {role ?? "anonymous"} shows {secret}");
                    }
                }
            }

            Assert.Equal(before[role ?? "anonymous"], await CountsAsync(role));
        }

        // Asking for a canary by id answers exactly like asking for a record that never existed.
        using (var outsider = await _factory.ClientAsync("az.cochair"))
        {
            foreach (var (hiddenUrl, missingUrl) in new[]
            {
                ($"/api/lines/{CanaryId}", "/api/lines/never-existed-1234"),
                ($"/api/proposals/{proposalId}", "/api/proposals/p-000000000000"),
                ($"/api/taskforce/actions/{CanaryId}", "/api/taskforce/actions/never-existed-1234"),
                ($"/api/taskforce/actions/{CanaryId}/crossings", "/api/taskforce/actions/never-existed-1234/crossings"),
                ($"/taskforce?action={CanaryId}", "/taskforce?action=never-existed-1234"),
                ($"/api/documents/{documentId}", "/api/documents/doc-000000000000"),
                ($"/api/documents/{documentId}/versions/1", "/api/documents/doc-000000000000/versions/1"),
                ("/api/sectors/M-01/descriptions/AM-1", "/api/sectors/M-01/descriptions/AM-99"),
                ($"/api/incidents/{incidentId}", "/api/incidents/inc-000000000000"),
                ($"/api/incidents/{incidentId}/attachments/{CanaryName}.txt", "/api/incidents/inc-000000000000/attachments/x.txt"),
                ("/api/sectors/M-01/descriptions/AM-1/resolve", "/api/sectors/M-01/descriptions/AM-99/resolve"),
                ("/api/sectors/M-01/descriptions/AM-1/protocol?format=pdf", "/api/sectors/M-01/descriptions/AM-99/protocol?format=pdf"),
                ("/api/sectors/M-01/descriptions/AM-1/table?format=xlsx", "/api/sectors/M-01/descriptions/AM-99/table?format=xlsx"),
                ("/api/sectors/M-01/descriptions/AM-1/map?scale=50000", "/api/sectors/M-01/descriptions/AM-99/map?scale=50000"),
            })
            {
                using var hidden = await outsider.GetAsync(new Uri(hiddenUrl, UriKind.Relative));
                using var missing = await outsider.GetAsync(new Uri(missingUrl, UriKind.Relative));
                Assert.Equal(missing.StatusCode, hidden.StatusCode);
                Assert.Equal(Normalise(await missing.Content.ReadAsStringAsync()), Normalise(await hidden.Content.ReadAsStringAsync()));
            }

            // A draft pillar's witness marks answer like those of a number nobody holds.
            foreach (var path in new[] { "/api/pillars/M-01/{0}/witness-marks", "/api/pillars/M-01/{0}" })
            {
                using var hidden = await outsider.GetAsync(new Uri(path.Replace("{0}", "977", StringComparison.Ordinal), UriKind.Relative));
                using var missing = await outsider.GetAsync(new Uri(path.Replace("{0}", "9770", StringComparison.Ordinal), UriKind.Relative));
                Assert.Equal(System.Net.HttpStatusCode.NotFound, hidden.StatusCode);
                Assert.Equal(Normalise(await missing.Content.ReadAsStringAsync()).Replace("M-01/9770", "M-01/977", StringComparison.Ordinal), Normalise(await hidden.Content.ReadAsStringAsync()));
            }
        }

        // The owning delegation does see them.
        using var owner = await _factory.ClientAsync("am.legal");
        Assert.Contains(CanaryName, await owner.GetStringAsync(new Uri("/api/pillars/M-01/977/witness-marks", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(CanaryName, await owner.GetStringAsync(new Uri("/api/lines", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(CanaryName, await owner.GetStringAsync(new Uri("/api/sectors/M-01/proposals", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(CanaryName, await owner.GetStringAsync(new Uri("/api/documents", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(CanaryName, await owner.GetStringAsync(new Uri("/api/taskforce/actions", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(CanaryName, await owner.GetStringAsync(new Uri("/taskforce", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(CanaryName, await owner.GetStringAsync(new Uri($"/api/documents/{documentId}/versions/1", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(CanaryPillar.ToString(), await owner.GetStringAsync(new Uri($"/tiles/pillars/{Demarcate.Core.Tiles.WebMercator.TileAt(45.16, 40.95, 12)}.mvt", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(CanaryName, await owner.GetStringAsync(new Uri("/api/incidents", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(incidentId, await owner.GetStringAsync(new Uri($"/tiles/incidents/{Demarcate.Core.Tiles.WebMercator.TileAt(45.123456789, 41.0, 12)}.mvt", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(CanaryName, await owner.GetStringAsync(new Uri("/incidents", UriKind.Relative)), StringComparison.Ordinal);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public async Task A_humanitarian_case_appears_in_no_answer_to_anyone_but_its_partys_and_the_mediators_officers()
    {
        await _factory.AccountTokensAsync();
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        var am = new PartyCode("AM");
        var officer = Caller.For(new Account("am-humanitarian", "am.humanitarian", "AM humanitarian officer", am, Role.HumanitarianOfficer));
        var added = await store.AddHumanitarianCaseAsync(
            officer, Demarcate.Core.Humanitarian.CaseKind.PrisonerOfWar, am, new DateOnly(2020, 11, 20),
            new Demarcate.Core.Humanitarian.PersonalParticulars { Surname = "Leakcanary", FirstNames = "Qwxzvb", DateOfBirth = new DateOnly(1987, 3, 14) }, default);

        // Its exchange, at a place named only there, is as hidden as the case.
        var exchange = await store.RecordExchangeAsync(officer, new Demarcate.Core.Humanitarian.CaseExchange("", new DateOnly(2020, 12, 14), "Leakplacezq", "ICRC", [added.Id]), default);
        var secrets = new[] { "Leakcanary", "Qwxzvb", "1987-03-14", added.Id, exchange.Id, "Leakplacezq" };
        var leaks = new List<string>();
        foreach (var role in AuthorizationMatrixTests.Roles.Where(r => r is not "am.humanitarian" and not "ru.humanitarian"))
        {
            using var client = await _factory.ClientAsync(role);
            foreach (var url in GetRoutes([added.Id, exchange.Id]).Append("/humanitarian?case=" + added.Id))
            {
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                var text = await response.Content.ReadAsStringAsync() + string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(",", h.Value)));
                leaks.AddRange(secrets.Where(s => !url.Contains(s, StringComparison.Ordinal) && text.Contains(s, StringComparison.Ordinal)).Select(s => $"{url} as {role ?? "anonymous"} shows {s}"));
            }
        }

        // Asking for the case by id answers exactly like asking for a case that never existed, to officers of the other party too.
        foreach (var outsider in new[] { "az.humanitarian", "am.cochair", "admin" })
        {
            using var client = await _factory.ClientAsync(outsider);
            using var hidden = await client.GetAsync(new Uri("/api/humanitarian/cases/" + added.Id, UriKind.Relative));
            using var missing = await client.GetAsync(new Uri("/api/humanitarian/cases/hc-000000000000", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Equal(Normalise(await missing.Content.ReadAsStringAsync()).Replace("hc-000000000000", added.Id, StringComparison.Ordinal), Normalise(await hidden.Content.ReadAsStringAsync()));
            using var hiddenExchange = await client.GetAsync(new Uri("/api/humanitarian/exchanges/" + exchange.Id, UriKind.Relative));
            using var missingExchange = await client.GetAsync(new Uri("/api/humanitarian/exchanges/hx-000000000000", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, hiddenExchange.StatusCode);
            Assert.Equal(Normalise(await missingExchange.Content.ReadAsStringAsync()).Replace("hx-000000000000", exchange.Id, StringComparison.Ordinal), Normalise(await hiddenExchange.Content.ReadAsStringAsync()));
        }

        foreach (var insider in new[] { "am.humanitarian", "ru.humanitarian" })
        {
            using var client = await _factory.ClientAsync(insider);
            Assert.Contains("Leakcanary", await client.GetStringAsync(new Uri("/api/humanitarian/cases/" + added.Id, UriKind.Relative)), StringComparison.Ordinal);
            Assert.Contains(added.Id, await client.GetStringAsync(new Uri("/api/humanitarian/exchanges/" + exchange.Id, UriKind.Relative)), StringComparison.Ordinal);
            Assert.Contains("Leakplacezq", await client.GetStringAsync(new Uri("/humanitarian", UriKind.Relative)), StringComparison.Ordinal);
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public async Task A_delegations_draft_incident_does_not_move_anyone_elses_escalation_counts()
    {
        await _factory.AccountTokensAsync();
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        const string url = "/api/incidents/escalation?asOf=2026-06-10&sector=M-02";
        var outsiders = new[] { null, "az.cochair", "monitor", "ru.adviser" };
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in outsiders)
        {
            using var client = await _factory.ClientAsync(role);
            before[role ?? "anonymous"] = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        }

        using var owner = await _factory.ClientAsync("am.legal");
        var ownerBefore = await owner.GetStringAsync(new Uri(url, UriKind.Relative));

        // Three draft shellings on one day, attributed to M-02: only the AM delegation may count them.
        var author = Caller.For(new Account("am-carto", "am.carto", "Cartographer", new PartyCode("AM"), Role.Cartographer));
        var drafts = await store.ReportIncidentsAsync(author, [.. Enumerable.Range(0, 3).Select(i => new Demarcate.Core.Monitoring.Incident(
            "",
            new Demarcate.Core.Monitoring.IncidentDate(new DateOnly(2026, 6, 9), Demarcate.Core.Monitoring.TimePrecision.Day),
            new Demarcate.Core.Monitoring.IncidentLocation(new Demarcate.Core.Geodesy.GeoPoint(41.0 + (i * 0.01), 45.3), Demarcate.Core.Monitoring.GeoPrecision.Exact, "escalation draft " + i, ""),
            Demarcate.Core.Monitoring.IncidentType.ShellingArtilleryMissile)
        {
            ReportingParty = new PartyCode("AM"),
            Sources = [new Demarcate.Core.Monitoring.IncidentSource("escalation draft source", "esc-draft-" + i, new PartyCode("AM"), null, null)],
        })], default);
        await store.RecordAttributionsAsync(Caller.CommissionSystem, [.. drafts.Select(d => new Demarcate.Core.Monitoring.IncidentAttributionRow(d.Id, "M-02", 500, new PartyCode("AM"), null))], default);

        foreach (var role in outsiders)
        {
            using var client = await _factory.ClientAsync(role);
            Assert.Equal(before[role ?? "anonymous"], await client.GetStringAsync(new Uri(url, UriKind.Relative)));
        }

        var ownerAfter = await owner.GetStringAsync(new Uri(url, UriKind.Relative));
        Assert.NotEqual(ownerBefore, ownerAfter);
        using var json = System.Text.Json.JsonDocument.Parse(ownerAfter);
        var day = json.RootElement.GetProperty("sectors")[0].GetProperty("daily").EnumerateArray().Single(d => d.GetProperty("day").GetString() == "2026-06-09");
        Assert.True(day.GetProperty("count").GetInt32() >= 3);
    }

    private static string Normalise(string problem) => Regex.Replace(problem, "\"traceId\":\"[^\"]*\"", "", RegexOptions.None, TimeSpan.FromSeconds(1));

    private async Task<string> CountsAsync(string? role)
    {
        using var client = await _factory.ClientAsync(role);
        var lines = await client.GetStringAsync(new Uri("/api/lines", UriKind.Relative));
        var layer = await client.GetStringAsync(new Uri("/api/layers/lines", UriKind.Relative));
        var proposals = await client.GetStringAsync(new Uri("/api/sectors/M-01/proposals", UriKind.Relative));
        var documents = await client.GetStringAsync(new Uri("/api/documents", UriKind.Relative));
        var incidents = await client.GetStringAsync(new Uri("/api/incidents?merged=true", UriKind.Relative));
        int Ids(string json) => Regex.Count(json, "\"id\":", RegexOptions.None, TimeSpan.FromSeconds(1));
        return $"{Ids(lines)}/{Regex.Count(layer, "\"Feature\"", RegexOptions.None, TimeSpan.FromSeconds(1))}/{Ids(proposals)}/{Ids(documents)}/{Ids(incidents)}";
    }

    private List<string> GetRoutes(IEnumerable<string> canaryIds)
    {
        var sources = _factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var urls = new List<string>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            if (!methods.Contains("GET"))
            {
                continue;
            }

            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            pattern = pattern == "/Index" ? "/" : pattern;
            foreach (var value in canaryIds.Concat(["M-01", "osm-main", "v1", "1"]))
            {
                urls.Add(Regex.Replace(pattern, "\\{[^}]+\\}", value, RegexOptions.None, TimeSpan.FromSeconds(1)));
            }
        }

        return [.. urls.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Seeds the canaries: a draft line, proposal, document and incident report of the AM delegation; returns the store's ids of the latter three.</summary>
    private static async Task<(string ProposalId, string DocumentId, string IncidentId)> SeedCanaryAsync(ICommissionStore store)
    {
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var am = new PartyCode("AM");
        var line = new BoundaryLine(
            CanaryId,
            "main",
            LineKind.PartyClaim,
            CanaryName,
            factory.CreateMultiLineString([factory.CreateLineString([new Coordinate(45.123456789, 41.0), new Coordinate(45.2, 40.9)])]))
        {
            Owner = am,
            ClaimedBy = am,
        };
        var author = Caller.For(new Account("am-carto", "am.carto", "Cartographer", am, Role.Cartographer));
        await store.AddLineAsync(author, line, default);
        await store.RegisterPillarsAsync(author, [new Demarcate.Core.Demarcation.Pillar(CanaryPillar, "M-01", Demarcate.Core.Demarcation.PillarType.Primary, new Demarcate.Core.Geodesy.GeoPoint(40.95, 45.16)) { Owner = am }], default);
        await store.SetWitnessMarksAsync(author, [new Demarcate.Core.Demarcation.WitnessMarkSet(CanaryPillar.ToString(), [new Demarcate.Core.Demarcation.WitnessMark(1, CanaryName, 10, 12) { Description = CanaryName }], 1)], default);
        var proposal = await store.DraftProposalAsync(author, new ProposalDraft("M-01", CanaryName, CanaryName + " rationale") { LineIds = [CanaryId], Geometry = line.Geometry }, default);
        var document = await store.AddDocumentAsync(author, new DocumentDraft(DocumentKind.Minutes, CanaryName) { SectorIds = ["M-01"] }, DocumentContent.Text(CanaryName + " minutes"), default);

        // A draft description whose title and turning point are canaries, following the canary line.
        var latest = (await store.ListDescriptionsAsync(author, "M-01", default)).Where(d => d.Owner == am).Select(d => d.Number).DefaultIfEmpty(0).Max();
        var text = $"BOUNDARY DESCRIPTION \"{CanaryName}\"\nTURNING POINT C1 AT 41 N {CanaryCoordinate} E IN EPSG:4326, FIXED BY MAP\n" +
            $"TURNING POINT C2 AT 40.9 N 45.2 E IN EPSG:4326, FIXED BY MAP\nFROM C1 TO C2 ALONG REFERENCE \"{CanaryId}\"\n";
        await store.SaveDescriptionAsync(author, new Demarcate.Core.Delimitation.DescriptionDraft("M-01", text, latest, AsDraft: false), default);
        // A draft incident report: its notes, source and attachment are canaries, and it lies at the canary longitude.
        var incident = (await store.ReportIncidentsAsync(author, [new Demarcate.Core.Monitoring.Incident(
            "",
            new Demarcate.Core.Monitoring.IncidentDate(new DateOnly(2026, 5, 2), Demarcate.Core.Monitoring.TimePrecision.Day),
            new Demarcate.Core.Monitoring.IncidentLocation(new Demarcate.Core.Geodesy.GeoPoint(41.0, 45.123456789), Demarcate.Core.Monitoring.GeoPrecision.Exact, CanaryName, ""),
            Demarcate.Core.Monitoring.IncidentType.Incursion)
        {
            Notes = CanaryName + " notes",
            Sources = [new Demarcate.Core.Monitoring.IncidentSource(CanaryName + " source", CanaryId + "-incident", null, 1, null)],
        }], default)).Single();
        await store.AttachToIncidentAsync(author, incident.Id, new Demarcate.Core.Monitoring.IncidentAttachment(CanaryName + ".txt", "text/plain", System.Text.Encoding.UTF8.GetBytes(CanaryName)), default);

        // A draft task-force action: its id, title and route are canaries.
        await store.AddActionAsync(
            author,
            new Demarcate.Core.TransportLinks.TaskForceAction(CanaryId, CanaryName, Demarcate.Core.TransportLinks.Subgroup.Road, factory.CreateLineString([new Coordinate(45.123456789, 41.0), new Coordinate(45.2, 40.9)]))
            {
                Owner = am,
                Checkpoints = [new Demarcate.Core.TransportLinks.Checkpoint(CanaryName, Demarcate.Core.TransportLinks.CheckpointKind.Customs, new Demarcate.Core.Geodesy.GeoPoint(41.0, 45.123456789))],
            },
            default);
        return (proposal.Id, document.Id, incident.Id);
    }
}
