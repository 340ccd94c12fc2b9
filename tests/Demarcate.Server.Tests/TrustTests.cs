using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Demarcate.Server.Tests;

/// <summary>Sign-in, sessions, tokens and the bad input the trust issue lists.</summary>
public sealed class TrustTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public TrustTests(DemarcateFactory factory) => _factory = factory;

    [Fact]
    public async Task Signing_in_gives_a_session_cookie_that_identifies_the_user()
    {
        await _factory.AccountTokensAsync();
        using var client = _factory.CreateClient();

        using var signIn = await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new { userName = "az.legal", password = DemarcateFactory.Password });

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("demarcate.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var me = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/me", UriKind.Relative)));
        Assert.Equal("AZ", me.RootElement.GetProperty("party").GetString());
        Assert.Equal("LegalExpert", me.RootElement.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_repeated_failures_lock_the_account()
    {
        await _factory.AccountTokensAsync();
        using var client = _factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var attempt = await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new { userName = "az.observer", password = "not the password " + i });
            statuses.Add(attempt.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Append(HttpStatusCode.TooManyRequests), statuses);
        using var locked = await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new { userName = "az.observer", password = DemarcateFactory.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode); // even the right password waits out the back-off
        Assert.True(locked.Headers.RetryAfter is not null);
        using var unknown = await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new { userName = "no.such.user", password = "whatever" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task A_forged_session_cookie_is_anonymous()
    {
        using var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", "demarcate.session=CfDJ8forgedforgedforgedforged");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tokens_are_shown_once_work_as_a_header_and_stop_working_when_revoked()
    {
        await _factory.AccountTokensAsync();
        using var session = await _factory.ClientAsync("ru.carto");
        using var created = await session.PostAsJsonAsync(new Uri("/api/tokens", UriKind.Relative), new { name = "gdal", days = 7 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString()!;
        var id = body.RootElement.GetProperty("id").GetString()!;
        Assert.DoesNotContain(token, await session.GetStringAsync(new Uri("/api/tokens", UriKind.Relative)), StringComparison.Ordinal);

        using var bearer = _factory.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);

        using var revoke = await session.DeleteAsync(new Uri($"/api/tokens/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);

        using var garbage = _factory.CreateClient();
        garbage.DefaultRequestHeaders.Add("X-Api-Key", "dmk_notatoken");
        Assert.Equal(HttpStatusCode.Unauthorized, (await garbage.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_needs_its_anti_forgery_token()
    {
        using var client = _factory.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal) { ["UserName"] = "am.carto", ["Password"] = DemarcateFactory.Password });

        using var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("__RequestVerificationToken", await client.GetStringAsync(new Uri("/signin", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_and_sql_in_a_line_name_are_stored_as_text_and_shown_escaped()
    {
        await _factory.AccountTokensAsync();
        using var client = await _factory.ClientAsync("am.carto");
        const string name = "<script>alert('x')</script>'); DROP TABLE boundary_lines; --";
        var feature = JsonSerializer.Serialize(new
        {
            type = "Feature",
            properties = new { id = "injection-test", section = "main", name },
            geometry = new { type = "LineString", coordinates = new[] { new[] { 45.0, 41.0 }, new[] { 45.1, 40.9 } } },
        });

        using var created = await client.PostAsync(new Uri("/api/lines", UriKind.Relative), new StringContent(feature, Encoding.UTF8, "application/geo+json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var line = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/lines/injection-test", UriKind.Relative)));
        Assert.Equal(name, line.RootElement.GetProperty("name").GetString());
        Assert.True((await client.GetStringAsync(new Uri("/api/lines", UriKind.Relative))).Length > 0); // the table is still there
    }

    [Fact]
    public async Task A_malformed_line_is_refused_with_where_and_what()
    {
        await _factory.AccountTokensAsync();
        using var client = await _factory.ClientAsync("az.carto");
        const string broken = "{\"type\":\"Feature\",\"properties\":{\"id\":\"x\",\"section\":\"main\"},\n\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[45.0,41.0],[45.1,]]}}";

        using var response = await client.PostAsync(new Uri("/api/lines", UriKind.Relative), new StringContent(broken, Encoding.UTF8, "application/geo+json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("request body:2:", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Demarcate", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_request_is_refused()
    {
        await _factory.AccountTokensAsync();
        using var client = await _factory.ClientAsync("az.carto");
        var huge = new string(' ', (int)ServerApp.MaxRequestBodyBytes + 1024);

        using var response = await client.PostAsync(new Uri("/api/lines", UriKind.Relative), new StringContent(huge, Encoding.UTF8, "application/geo+json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_stale_version_gets_409_with_the_current_version()
    {
        await _factory.AccountTokensAsync();
        using var client = await _factory.ClientAsync("az.cochair");

        using var first = await client.PostAsJsonAsync(new Uri("/api/sectors/N-04/status", UriKind.Relative), new { status = "UnderDiscussion", version = 1 });
        using var stale = await client.PostAsJsonAsync(new Uri("/api/sectors/N-04/status", UriKind.Relative), new { status = "AgreedInPrinciple", version = 1 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await stale.Content.ReadAsStringAsync());
        Assert.Equal(2, problem.RootElement.GetProperty("currentVersion").GetInt32());
    }

    [Fact]
    public async Task Both_co_chairs_signing_one_version_over_http_delimits_the_sector()
    {
        await _factory.AccountTokensAsync();
        using var legal = await _factory.ClientAsync("am.legal");
        const string version = """{"type":"Feature","properties":{"description":"From TP-1 along the ridge to TP-2.","turningPoints":[{"id":"TP-1","lat":40.0,"lon":45.5,"howFixed":"field measurement"}]},"geometry":{"type":"LineString","coordinates":[[45.5,40.0],[45.6,39.9]]}}""";
        using var proposed = await legal.PostAsync(new Uri("/api/sectors/N-07/versions", UriKind.Relative), new StringContent(version, Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);

        using var am = await _factory.ClientAsync("am.cochair");
        using var az = await _factory.ClientAsync("az.cochair");
        using var wrong = await am.PostAsJsonAsync(new Uri("/api/sectors/N-07/versions/1/signatures", UriKind.Relative), new { password = "not my password" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        using var first = await am.PostAsJsonAsync(new Uri("/api/sectors/N-07/versions/1/signatures", UriKind.Relative), new { password = DemarcateFactory.Password });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await az.PostAsJsonAsync(new Uri("/api/sectors/N-07/versions/1/signatures", UriKind.Relative), new { password = DemarcateFactory.Password });
        using var result = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.True(result.RootElement.GetProperty("signedByBoth").GetBoolean());

        using var sector = JsonDocument.Parse(await az.GetStringAsync(new Uri("/api/sectors/N-07", UriKind.Relative)));
        Assert.Equal("Delimited", sector.RootElement.GetProperty("status").GetString());
    }
}
