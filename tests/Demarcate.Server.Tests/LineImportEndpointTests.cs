using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Demarcate.Server.Tests;

/// <summary>POST /api/lines/import: a delegation's file of lines, all or nothing, with every problem as problem+json.</summary>
public sealed class LineImportEndpointTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public LineImportEndpointTests(DemarcateFactory factory) => _factory = factory;

    /// <summary>WKT lines along the demo's main section: stretches of its designated line.</summary>
    private async Task<string> AlongMainAsync(params string[] ids)
    {
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        var main = (await store.ListSectionsAsync(Caller.CommissionSystem, default)).Single(s => s.Id == "main");
        var line = (await store.GetLineAsync(Caller.CommissionSystem, main.DesignatedLineId!, default))!.Geometry.GetGeometryN(0).Coordinates;
        return string.Concat(ids.Select((id, i) => $"{id}\tLINESTRING ({string.Join(", ", line.Skip(i * 10).Take(10).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.X:R} {c.Y:R}")))})\n"));
    }

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    [Fact]
    public async Task A_delegation_imports_its_drafts_and_the_other_delegation_cannot_see_them()
    {
        using var am = await _factory.ClientAsync("am.carto");
        using var az = await _factory.ClientAsync("az.carto");

        using var response = await am.PostAsync(new Uri("/api/lines/import?format=wkt&section=main&file=claims.wkt", UriKind.Relative), Text(await AlongMainAsync("http-am-1", "http-am-2")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("imported").GetInt32());
        Assert.Equal(["http-am-1", "http-am-2"], body.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal("AM", body.RootElement.GetProperty("lines")[0].GetProperty("owner").GetString());
        Assert.Equal(HttpStatusCode.OK, (await am.GetAsync(new Uri("/api/lines/http-am-2", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await az.GetAsync(new Uri("/api/lines/http-am-2", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task One_bad_feature_refuses_the_file_with_every_problem_located_and_nothing_is_written()
    {
        using var am = await _factory.ClientAsync("am.cochair");
        var good = await AlongMainAsync("http-ok-1");
        var file = good + "http-bad-1\tLINESTRING (44 42, 44.1 42.1)\nhttp-bad-2\tLINESTRING (45 41, 45.1 x)\n";

        using var response = await am.PostAsync(new Uri("/api/lines/import?format=wkt&section=main&file=mixed.wkt", UriKind.Relative), Text(file));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problems = problem.RootElement.GetProperty("problems").EnumerateArray().ToList();
        var syntax = Assert.Single(problems);
        Assert.Equal("mixed.wkt", syntax.GetProperty("file").GetString());
        Assert.Equal(2, syntax.GetProperty("feature").GetInt64());
        Assert.Equal(3, syntax.GetProperty("line").GetInt64());
        Assert.True(syntax.GetProperty("column").GetInt64() > 1);
        Assert.Contains("invalid WKT", syntax.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // With the syntax fixed, the far line is refused on its own, with the section named.
        using var second = await am.PostAsync(new Uri("/api/lines/import?format=wkt&section=main&file=mixed.wkt", UriKind.Relative), Text(file.Replace("45.1 x", "45.1 40.9", StringComparison.Ordinal)));
        using var far = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains(
            far.RootElement.GetProperty("problems").EnumerateArray(),
            p => p.GetProperty("feature").GetInt64() == 1 && p.GetProperty("reason").GetString()!.Contains("never meets section 'main'", StringComparison.Ordinal));

        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        Assert.Null(await store.GetLineAsync(Caller.CommissionSystem, "http-ok-1", default));
    }

    [Fact]
    public async Task Observers_and_strangers_may_not_import()
    {
        using var observer = await _factory.ClientAsync("am.observer");
        using var anonymous = await _factory.ClientAsync(null);
        var file = await AlongMainAsync("http-observer-1");

        Assert.Equal(HttpStatusCode.Forbidden, (await observer.PostAsync(new Uri("/api/lines/import?format=wkt&section=main", UriKind.Relative), Text(file))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(new Uri("/api/lines/import?format=wkt&section=main", UriKind.Relative), Text(file))).StatusCode);
    }
}
