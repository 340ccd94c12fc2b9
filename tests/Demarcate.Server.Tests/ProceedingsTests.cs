using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Demarcate.Server.Tests;

/// <summary>Proposals, sessions, decisions and documents over HTTP, as the delegations and the mediator use them.</summary>
public sealed class ProceedingsTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public ProceedingsTests(DemarcateFactory factory) => _factory = factory;

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static StringContent Feature(string properties, string geometry = """{"type":"LineString","coordinates":[[45.0,41.0],[45.1,40.9]]}""") =>
        new($$"""{"type":"Feature","properties":{{properties}},"geometry":{{geometry}}}""", Encoding.UTF8, "application/geo+json");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_proposal_and_its_counter_proposal_form_a_thread_members_see_once_submitted()
    {
        using var am = await _factory.ClientAsync("am.legal");
        using var az = await _factory.ClientAsync("az.carto");
        using var mediator = await _factory.ClientAsync("ru.adviser");

        var drafted = await JsonAsync(await am.PostAsync(Url("/api/sectors/M-08/proposals"), Feature("""{"title":"Ridge","text":"Along the ridge, as on sheet K-38-34."}""")), HttpStatusCode.Created);
        var id = drafted.GetProperty("id").GetString()!;
        Assert.Equal(("Draft", 1, "AM"), (drafted.GetProperty("publication").GetString(), drafted.GetProperty("version").GetInt32(), drafted.GetProperty("owner").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await az.GetAsync(Url($"/api/proposals/{id}"))).StatusCode);
        Assert.Equal(0, (await JsonAsync(await az.GetAsync(Url("/api/sectors/M-08/proposals")), HttpStatusCode.OK)).GetArrayLength());

        using var stale = await am.PostAsJsonAsync(Url($"/api/proposals/{id}/submit"), new { version = 5 });
        var conflict = await JsonAsync(stale, HttpStatusCode.Conflict);
        Assert.Equal(1, conflict.GetProperty("currentVersion").GetInt32());
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        await JsonAsync(await am.PostAsJsonAsync(Url($"/api/proposals/{id}/submit"), new { version = 1 }), HttpStatusCode.OK);

        var counter = await JsonAsync(
            await az.PostAsync(Url("/api/sectors/M-08/proposals"), Feature($$"""{"title":"Valley","text":"Along the valley floor.","answers":"{{id}}"}""")), HttpStatusCode.Created);
        var counterId = counter.GetProperty("id").GetString()!;
        await JsonAsync(await az.PostAsJsonAsync(Url($"/api/proposals/{counterId}/submit"), new { version = 1 }), HttpStatusCode.OK);
        using var wrongSector = await az.PostAsync(Url("/api/sectors/M-09/proposals"), Feature($$"""{"title":"Elsewhere","text":"x","answers":"{{id}}"}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongSector.StatusCode);

        var thread = await JsonAsync(await mediator.GetAsync(Url("/api/sectors/M-08/proposals")), HttpStatusCode.OK);
        Assert.Equal([id, counterId], thread.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(id, thread[1].GetProperty("answers").GetString());
        Assert.Equal("MultiLineString", thread[1].GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(45.1, thread[1].GetProperty("geometry").GetProperty("coordinates")[0][1][0].GetDouble());

        Assert.Equal(HttpStatusCode.Forbidden, (await mediator.PostAsJsonAsync(Url($"/api/proposals/{id}/withdraw"), new { version = 2 })).StatusCode);
        var withdrawn = await JsonAsync(await am.PostAsJsonAsync(Url($"/api/proposals/{id}/withdraw"), new { version = 2 }), HttpStatusCode.OK);
        Assert.True(withdrawn.GetProperty("withdrawn").GetBoolean());

        using var noGeometry = await am.PostAsync(Url("/api/sectors/M-08/proposals"), Feature("""{"title":"Nothing","text":"x"}""", "null"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noGeometry.StatusCode);
        using var polygon = await am.PostAsync(Url("/api/sectors/M-08/proposals"), Feature("""{"title":"Area","text":"x"}""", """{"type":"Point","coordinates":[45,41]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, polygon.StatusCode);
    }

    [Fact]
    public async Task A_held_session_records_a_decision_that_moves_a_sector_and_shows_it_on_the_session()
    {
        using var cochair = await _factory.ClientAsync("az.cochair");
        using var carto = await _factory.ClientAsync("am.carto");
        using var monitor = await _factory.ClientAsync("monitor");
        var sector = await JsonAsync(await cochair.GetAsync(Url("/api/sectors/N-03")), HttpStatusCode.OK);
        var sectorVersion = sector.GetProperty("version").GetInt32();

        var body = new
        {
            date = "2026-12-10",
            place = "Gabala",
            participants = new object[] { new { name = "AZ co-chair", party = "AZ", account = (string?)null }, new { name = "Legal adviser", party = "RU" } },
            agenda = new object[] { new { title = "Opening" }, new { title = "Sector N-03", sectors = new[] { "N-03" } } },
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await carto.PostAsJsonAsync(Url("/api/sessions"), body)).StatusCode);
        var session = await JsonAsync(await cochair.PostAsJsonAsync(Url("/api/sessions"), body), HttpStatusCode.Created);
        var id = session.GetProperty("id").GetString()!;
        Assert.Equal([1, 2], session.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("position").GetInt32()));

        var decision = new { sectors = new[] { "N-03" }, text = "The commission opens sector N-03.", status = "UnderDiscussion", sectorVersions = new Dictionary<string, int>(StringComparer.Ordinal) { ["N-03"] = sectorVersion } };
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await cochair.PostAsJsonAsync(Url($"/api/sessions/{id}/decisions"), decision)).StatusCode);
        await JsonAsync(await cochair.PutAsJsonAsync(Url($"/api/sessions/{id}"), new { body.date, body.place, status = "Held", body.participants, body.agenda, version = 1 }), HttpStatusCode.OK);
        await JsonAsync(await cochair.PostAsJsonAsync(Url($"/api/sessions/{id}/decisions"), decision), HttpStatusCode.Created);

        var moved = await JsonAsync(await cochair.GetAsync(Url("/api/sectors/N-03")), HttpStatusCode.OK);
        Assert.Equal(("UnderDiscussion", sectorVersion + 1), (moved.GetProperty("status").GetString(), moved.GetProperty("version").GetInt32()));
        var read = await JsonAsync(await carto.GetAsync(Url($"/api/sessions/{id}")), HttpStatusCode.OK);
        Assert.Equal("Held", read.GetProperty("status").GetString());
        Assert.Equal("The commission opens sector N-03.", read.GetProperty("decisions")[0].GetProperty("text").GetString());
        Assert.Equal(1, (await JsonAsync(await carto.GetAsync(Url("/api/sectors/N-03/decisions")), HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await monitor.GetAsync(Url($"/api/sessions/{id}"))).StatusCode);
        Assert.Equal(0, (await JsonAsync(await monitor.GetAsync(Url("/api/sectors/N-03/decisions")), HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task A_document_version_downloads_byte_for_byte_with_its_digest_and_never_renders_in_the_page()
    {
        using var am = await _factory.ClientAsync("am.cochair");
        using var az = await _factory.ClientAsync("az.cochair");
        using var anonymous = await _factory.ClientAsync(null);

        var document = await JsonAsync(await am.PostAsJsonAsync(Url("/api/documents"), new { kind = "Protocol", title = "Protocol No. 4", sectors = new[] { "M-01" }, text = "Draft protocol" }), HttpStatusCode.Created);
        var id = document.GetProperty("id").GetString()!;
        var html = Encoding.UTF8.GetBytes("<html><script>alert('x')</script></html>");
        using var upload = new ByteArrayContent(html);
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/html");
        var updated = await JsonAsync(await am.PostAsync(Url($"/api/documents/{id}/versions?version=1"), upload), HttpStatusCode.Created);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(html)), updated.GetProperty("versions")[1].GetProperty("sha256").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await az.GetAsync(Url($"/api/documents/{id}/versions/2"))).StatusCode);
        await JsonAsync(await am.PostAsJsonAsync(Url($"/api/documents/{id}/publication"), new { publication = "Submitted", version = 2 }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Url($"/api/documents/{id}"))).StatusCode);
        await JsonAsync(await az.PostAsJsonAsync(Url($"/api/documents/{id}/publication"), new { publication = "Published", version = 3 }), HttpStatusCode.OK);

        using var download = await anonymous.GetAsync(Url($"/api/documents/{id}/versions/2"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(html, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(html))}:", Assert.Single(download.Headers.GetValues("Repr-Digest")));
        Assert.Equal("Draft protocol", await anonymous.GetStringAsync(Url($"/api/documents/{id}/versions/1")));
    }

    [Fact]
    public async Task The_thread_page_shows_submitted_proposals_escaped_and_no_other_delegations_draft()
    {
        using var am = await _factory.ClientAsync("am.carto");
        using var az = await _factory.ClientAsync("az.observer");
        var submitted = await JsonAsync(await am.PostAsync(Url("/api/sectors/M-10/proposals"), Feature("""{"title":"<script>alert('t')</script>","text":"'; DROP TABLE proposals; --"}""")), HttpStatusCode.Created);
        await JsonAsync(await am.PostAsJsonAsync(Url($"/api/proposals/{submitted.GetProperty("id").GetString()}/submit"), new { version = 1 }), HttpStatusCode.OK);
        await JsonAsync(await am.PostAsync(Url("/api/sectors/M-10/proposals"), Feature("""{"title":"Still a draft 8812","text":"x"}""")), HttpStatusCode.Created);

        var page = await az.GetStringAsync(Url("/sectors/M-10/proposals"));
        Assert.Contains("&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Contains("DROP TABLE proposals", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Still a draft 8812", page, StringComparison.Ordinal);
        Assert.Contains("Still a draft 8812", await am.GetStringAsync(Url("/sectors/M-10/proposals")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await az.GetAsync(Url("/sectors/Q-99/proposals"))).StatusCode);
    }

    [Fact]
    public async Task Signing_in_with_a_hash_from_fewer_iterations_rewrites_it_at_todays_count_once()
    {
        await _factory.AccountTokensAsync();
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        var hasher = _factory.Services.GetRequiredService<PasswordHasher>();
        var older = new PasswordHasher(hasher.Iterations / 2);
        const string password = "an older but long password";
        var account = new Account("am-legacy", "am.legacy", "AM legacy account", new PartyCode("AM"), Role.Observer);
        await store.CreateAccountAsync(Caller.CommissionSystem, account, older.Hash(password), WrappedSigningKey.Create(password, older, DateTimeOffset.UtcNow), default);
        Assert.Equal(PasswordCheck.SucceededNeedsRehash, hasher.Verify(password, (await store.FindAccountAsync("am.legacy", default))!.PasswordHash));

        using var client = _factory.CreateClient();
        using var first = await client.PostAsJsonAsync(Url("/api/session"), new { userName = "am.legacy", password });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var rehashed = (await store.FindAccountAsync("am.legacy", default))!.PasswordHash;
        Assert.StartsWith($"{PasswordHasher.Scheme}${hasher.Iterations}$", rehashed, StringComparison.Ordinal);
        Assert.Equal(PasswordCheck.Succeeded, hasher.Verify(password, rehashed));
        using var second = await client.PostAsJsonAsync(Url("/api/session"), new { userName = "am.legacy", password });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(rehashed, (await store.FindAccountAsync("am.legacy", default))!.PasswordHash);
        var rehashes = new List<string>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            if (entry.Action == "account.rehash")
            {
                rehashes.Add(entry.RecordId);
                Assert.DoesNotContain(rehashed, entry.After, StringComparison.Ordinal);
            }
        }

        Assert.Equal(["am-legacy"], rehashes);
    }
}
