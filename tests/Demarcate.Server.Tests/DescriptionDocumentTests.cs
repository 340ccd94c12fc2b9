using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Demarcate.Server.Tests;

/// <summary>
/// A stored description version's documents (protocol, turning-point table, map annex): each in its format, written
/// from the stored text, and refused to whoever may not see the version exactly as for a version that does not exist.
/// </summary>
public sealed class DescriptionDocumentTests(DemarcateFactory factory) : IClassFixture<DemarcateFactory>
{
    private const string Sector = "M-02";

    private const string Text =
        "BOUNDARY DESCRIPTION \"Stored documents sample\"\n" +
        "TURNING POINT DOC-TP1 AT 41.10 N 45.30 E IN EPSG:4326, FIXED BY SURVEY\n" +
        "TURNING POINT DOC-TP2 AT 41.08 N 45.33 E IN EPSG:4326, FIXED BY MAP\n" +
        "TURNING POINT DOC-TP3 AT 41.07 N 45.36 E IN EPSG:4326, FIXED BY MAP\n" +
        "FROM DOC-TP1 TO DOC-TP2 ALONG GEODESIC\n" +
        "FROM DOC-TP2 TO DOC-TP3 ALONG GEODESIC\n";

    private static readonly string[] PointIds = ["DOC-TP1", "DOC-TP2", "DOC-TP3"];

    /// <summary>A new draft of the AM delegation (never submitted), saved through the API on its latest version.</summary>
    private async Task<string> DraftAsync()
    {
        using var author = await factory.ClientAsync("am.carto");
        var versions = await author.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri($"/api/sectors/{Sector}/descriptions", UriKind.Relative));
        var latest = versions.EnumerateArray().Where(v => v.GetProperty("owner").GetString() == "AM").Select(v => v.GetProperty("number").GetInt32()).DefaultIfEmpty(0).Max();
        using var saved = await author.PostAsJsonAsync($"/api/sectors/{Sector}/descriptions", new { text = Text, basedOn = latest, draft = true });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        return (await saved.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task The_russian_protocol_of_a_stored_version_names_its_turning_points_and_comes_as_pdf_and_docx()
    {
        var version = await DraftAsync();
        using var client = await factory.ClientAsync("am.legal");
        var url = $"/api/sectors/{Sector}/descriptions/{version}/protocol";

        using var text = await client.GetAsync(new Uri(url + "?language=ru&format=txt", UriKind.Relative));
        using var pdf = await client.GetAsync(new Uri(url + "?language=ru&format=pdf", UriKind.Relative));
        using var docx = await client.GetAsync(new Uri(url + "?language=en&format=docx", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        var protocol = await text.Content.ReadAsStringAsync();
        Assert.StartsWith("Протокол-описание линии границы: Stored documents sample", protocol, StringComparison.Ordinal);
        Assert.All(PointIds, id => Assert.Contains(id, protocol, StringComparison.Ordinal));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal($"{Sector}-{version}-protocol-ru.pdf", pdf.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        var document = await ZipTextAsync(docx);
        Assert.All(PointIds, id => Assert.Contains(id, document, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_table_of_a_stored_version_comes_as_csv_xlsx_and_docx_and_the_map_annex_as_pdf()
    {
        var version = await DraftAsync();
        using var client = await factory.ClientAsync("am.carto");
        var url = $"/api/sectors/{Sector}/descriptions/{version}";

        using var csv = await client.GetAsync(new Uri(url + "/table", UriKind.Relative));
        using var xlsx = await client.GetAsync(new Uri(url + "/table?format=xlsx&language=ru", UriKind.Relative));
        using var docx = await client.GetAsync(new Uri(url + "/table?format=docx", UriKind.Relative));
        using var map = await client.GetAsync(new Uri(url + "/map?scale=25000", UriKind.Relative));

        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(PointIds.Length + 1, rows.Length);
        Assert.All(PointIds, id => Assert.Contains(rows, r => r.Contains(id, StringComparison.Ordinal)));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var sheet = await ZipTextAsync(xlsx);
        Assert.All(PointIds, id => Assert.Contains(id, sheet, StringComparison.Ordinal));
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        Assert.Contains("DOC-TP2", await ZipTextAsync(docx), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
        Assert.Equal("application/pdf", map.Content.Headers.ContentType!.MediaType);
        Assert.Equal("%PDF"u8.ToArray(), (await map.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal($"{Sector}-{version}-map-annex-1-25000.pdf", map.Content.Headers.ContentDisposition!.FileName);
    }

    [Theory]
    [InlineData("protocol?language=en&format=pdf")]
    [InlineData("table?format=xlsx")]
    [InlineData("map?scale=50000")]
    public async Task Another_delegations_draft_answers_exactly_like_a_missing_version(string document)
    {
        var version = await DraftAsync();
        using var outsider = await factory.ClientAsync("az.carto");

        using var hidden = await outsider.GetAsync(new Uri($"/api/sectors/{Sector}/descriptions/{version}/{document}", UriKind.Relative));
        using var missing = await outsider.GetAsync(new Uri($"/api/sectors/{Sector}/descriptions/AM-99/{document}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(missing.StatusCode, hidden.StatusCode);
        Assert.Equal(
            (await missing.Content.ReadAsStringAsync()).Replace("AM-99", version, StringComparison.Ordinal).Split("\"traceId\"")[0],
            (await hidden.Content.ReadAsStringAsync()).Split("\"traceId\"")[0]);
    }

    [Fact]
    public async Task An_unknown_format_language_or_scale_is_refused_with_the_choices()
    {
        var version = await DraftAsync();
        using var client = await factory.ClientAsync("am.carto");
        var url = $"/api/sectors/{Sector}/descriptions/{version}";

        using var format = await client.GetAsync(new Uri(url + "/protocol?format=odt", UriKind.Relative));
        using var language = await client.GetAsync(new Uri(url + "/table?format=xlsx&language=fr", UriKind.Relative));
        using var scale = await client.GetAsync(new Uri(url + "/map?scale=1234", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Contains("txt, docx, pdf", await format.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, language.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, scale.StatusCode);
        Assert.Contains("1:50000", await scale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Every XML part of an Office document, concatenated: where its words are.</summary>
    private static async Task<string> ZipTextAsync(HttpResponseMessage response)
    {
        using var archive = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var text = new StringBuilder();
        foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
