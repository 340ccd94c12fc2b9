using System.Net;
using System.Text;

namespace Demarcate.Server.Tests;

/// <summary>The stateless delimitation document endpoints: canonical text in, protocol, table or map annex out.</summary>
public sealed class DelimitationDocumentTests(DemarcateFactory factory) : IClassFixture<DemarcateFactory>
{
    // Two turning points on the OSM main line's first vertices would need the data; a geodesic leg and a reference leg
    // along the commission's own OSM line (named by its id and part) show both paths.
    private const string Description = """
        BOUNDARY DESCRIPTION "API sample"
        TURNING POINT TP1 AT 41.10 N 45.30 E IN EPSG:4326, FIXED BY SURVEY
        TURNING POINT TP2 AT 41.08 N 45.33 E IN EPSG:4326, FIXED BY MAP
        FROM TP1 TO TP2 ALONG GEODESIC
        """;

    [Fact]
    public async Task A_member_gets_the_russian_protocol_text_of_a_description()
    {
        using var client = await factory.ClientAsync("az.legal");

        using var response = await client.PostAsync("/api/delimitation/protocol?language=ru&format=txt", new StringContent(Description, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("Протокол-описание линии границы: API sample", text, StringComparison.Ordinal);
        Assert.Contains("1. От поворотной точки TP1 линия границы проходит на юго-восток", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_table_comes_as_xlsx_and_the_map_as_pdf()
    {
        using var client = await factory.ClientAsync("ru.carto");

        using var table = await client.PostAsync("/api/delimitation/table?format=xlsx", new StringContent(Description, Encoding.UTF8, "text/plain"));
        using var map = await client.PostAsync("/api/delimitation/map?scale=25000", new StringContent(Description, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, table.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", table.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
        Assert.Equal("application/pdf", map.Content.Headers.ContentType!.MediaType);
        Assert.Equal("%PDF"u8.ToArray(), (await map.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task Bad_text_a_bad_scale_and_a_missing_reference_are_reported()
    {
        using var client = await factory.ClientAsync("am.carto");

        using var syntax = await client.PostAsync("/api/delimitation/protocol", new StringContent("FROM A TO\n", Encoding.UTF8, "text/plain"));
        using var scale = await client.PostAsync("/api/delimitation/map?scale=1234", new StringContent(Description, Encoding.UTF8, "text/plain"));
        using var draft = await client.PostAsync("/api/delimitation/protocol", new StringContent(
            Description.Replace("ALONG GEODESIC", "ALONG REFERENCE \"no such line\"", StringComparison.Ordinal), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        Assert.Contains("request body:1", await syntax.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, scale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode); // an inconsistent description still has its draft protocol
        Assert.StartsWith("Protocol-description of the boundary line: API sample\n\nDRAFT: the description has 1 unresolved problem", await draft.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
