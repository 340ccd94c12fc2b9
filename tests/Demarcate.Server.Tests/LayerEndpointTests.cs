using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Demarcate.Server.Tests;

/// <summary>The reference layers over HTTP: loading from a form, bad input by file and feature, the size limit, replacing, reading, and the comparison on the stored settlements.</summary>
public sealed class LayerEndpointTests(DemarcateFactory factory) : IClassFixture<DemarcateFactory>
{
    private const string Rivers = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"r1","properties":{"name":"Akhuryan","waterway":"river"},"geometry":{"type":"LineString","coordinates":[[43.7,40.9],[43.75,40.6]]}},
        {"type":"Feature","id":"r2","properties":{"name":"Debed"},"geometry":{"type":"LineString","coordinates":[[44.6,41.1],[44.7,41.2]]}}
        ]}
        """;

    private static MultipartFormDataContent Form(string file, string content, string kind = "rivers", string? replace = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StringContent("API test rivers"), "title" },
            { new StringContent("drawn for the endpoint tests"), "source" },
            { new StringContent("CC0"), "licence" },
        };
        if (replace is not null)
        {
            form.Add(new StringContent(replace), "replace");
        }

        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        form.Add(body, "file", file);
        return form;
    }

    [Fact]
    public async Task A_cartographer_loads_replaces_reads_and_deletes_a_layer_and_bad_files_are_refused_by_feature()
    {
        using var carto = await factory.ClientAsync("am.carto");
        using var observer = await factory.ClientAsync("az.observer");

        using var bad = await carto.PostAsync(new Uri("/api/layers/rivers-api", UriKind.Relative), Form("rivers.geojson", Rivers.Replace("\"r2\"", "\"r1\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            var first = problem.RootElement.GetProperty("problems")[0];
            Assert.Equal("rivers.geojson", first.GetProperty("file").GetString());
            Assert.Equal(1, first.GetProperty("feature").GetInt32());
            Assert.Equal(3, first.GetProperty("line").GetInt32());
        }

        using var syntax = await carto.PostAsync(new Uri("/api/layers/rivers-api", UriKind.Relative), Form("broken.geojson", Rivers[..120]));
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        Assert.Contains("broken.geojson", await syntax.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var refused = await observer.PostAsync(new Uri("/api/layers/rivers-api", UriKind.Relative), Form("rivers.geojson", Rivers));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var missing = await observer.GetAsync(new Uri("/api/layers/rivers-api", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var loaded = await carto.PostAsync(new Uri("/api/layers/rivers-api", UriKind.Relative), Form("rivers.geojson", Rivers));
        Assert.Equal(HttpStatusCode.Created, loaded.StatusCode);
        using (var layer = JsonDocument.Parse(await observer.GetStringAsync(new Uri("/api/layers/rivers-api", UriKind.Relative))))
        {
            Assert.Equal("rivers", layer.RootElement.GetProperty("kind").GetString());
            Assert.Equal(2, layer.RootElement.GetProperty("features").GetInt32());
            Assert.Equal(1, layer.RootElement.GetProperty("version").GetInt32());
            Assert.Equal("CC0", layer.RootElement.GetProperty("licence").GetString());
        }

        using (var features = JsonDocument.Parse(await observer.GetStringAsync(new Uri("/api/layers/rivers-api/features?bbox=44,41,45,42", UriKind.Relative))))
        {
            var only = Assert.Single(features.RootElement.GetProperty("features").EnumerateArray());
            Assert.Equal("Debed", only.GetProperty("properties").GetProperty("name").GetString());
        }

        using var again = await carto.PostAsync(new Uri("/api/layers/rivers-api", UriKind.Relative), Form("rivers.geojson", Rivers));
        Assert.Equal((HttpStatusCode)422, again.StatusCode);
        using var stale = await carto.PostAsync(new Uri("/api/layers/rivers-api", UriKind.Relative), Form("rivers.geojson", Rivers, replace: "7"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        using var replaced = await carto.PostAsync(new Uri("/api/layers/rivers-api", UriKind.Relative), Form("rivers.geojson", Rivers, replace: "1"));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Contains("\"version\":2", await replaced.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var reserved = await carto.PostAsync(new Uri("/api/layers/settlements", UriKind.Relative), Form("rivers.geojson", Rivers));
        Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);

        using var deleted = await carto.DeleteAsync(new Uri("/api/layers/rivers-api?version=2", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await observer.GetAsync(new Uri("/api/layers/rivers-api", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_and_nothing_is_loaded()
    {
        using var carto = await factory.ClientAsync("az.carto");
        var huge = "{\"type\":\"FeatureCollection\",\"features\":[" + new string(' ', (int)Formats.Import.ReferenceLayerImportRequest.DefaultMaximumBytes + 10) + "]}";
        using var response = await carto.PostAsync(new Uri("/api/layers/rivers-huge", UriKind.Relative), Form("huge.geojson", huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var missing = await carto.GetAsync(new Uri("/api/layers/rivers-huge", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_member_comparing_gets_the_same_settlements_from_the_stored_layer_as_the_public_gets_from_the_embedded_file()
    {
        using var member = await factory.ClientAsync("am.cochair");
        using var anonymous = await factory.ClientAsync(null);
        var layers = await member.GetStringAsync(new Uri("/api/layers", UriKind.Relative));
        Assert.Contains("settlements-geonames", layers, StringComparison.Ordinal);
        const string url = "/api/compare?a=osm-nakhchivan&b=naturalearth-nakhchivan&features=settlements";
        using var stored = JsonDocument.Parse(await member.GetStringAsync(new Uri(url, UriKind.Relative)));
        using var embedded = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri(url, UriKind.Relative)));
        var fromStore = stored.RootElement.GetProperty("affected_features").GetRawText();
        Assert.Equal(embedded.RootElement.GetProperty("affected_features").GetRawText(), fromStore);
        Assert.NotEqual("[]", fromStore);

        // One stored layer by id; a layer that does not exist is bad input, as before.
        using var byId = JsonDocument.Parse(await member.GetStringAsync(new Uri(url.Replace("features=settlements", "features=settlements-geonames", StringComparison.Ordinal), UriKind.Relative)));
        Assert.Equal(fromStore, byId.RootElement.GetProperty("affected_features").GetRawText());
        using var unknown = await member.GetAsync(new Uri(url.Replace("features=settlements", "features=roads", StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}
