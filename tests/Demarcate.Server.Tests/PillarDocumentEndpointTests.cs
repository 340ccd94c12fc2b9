using System.Net;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Demarcate.Testing;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Demarcate.Server.Tests;

/// <summary>
/// The demarcation documents over HTTP, read back with pdftotext and the Open XML SDK: each delegation's draft pillars
/// appear on its own cards, list and strip maps only; another's pillar answers 404 like a missing one.
/// </summary>
public sealed class PillarDocumentEndpointTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public PillarDocumentEndpointTests(DemarcateFactory factory) => _factory = factory;

    private async Task SeedAsync()
    {
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        var sector = await store.GetSectorAsync(Caller.CommissionSystem, "M-02", default);
        var line = sector!.Geometry!.Geometries.SelectMany(g => g.Coordinates).Select(c => new GeoPoint(c.Y, c.X)).ToList();
        foreach (var (party, user, sequence, at) in new[] { ("AM", "am.carto", 1, line[0]), ("AZ", "az.carto", 2, line[^1]) })
        {
            if (await store.GetPillarAsync(Caller.CommissionSystem, $"M-02/{sequence}", default) is not null)
            {
                continue;
            }

            var code = new PartyCode(party);
            var author = Caller.For(new Account(user, user, user, code, Role.Cartographer));
            await store.RegisterPillarsAsync(author, [new Pillar(PillarNumber.Of("M-02", sequence), "M-02", PillarType.Primary, at) { Owner = code, Reason = PillarReason.SectorEnd }], default);
        }
    }

    private static async Task<string> PdfTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var scratch = new ScratchFolder();
        var file = scratch.File("document.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        var text = await ExternalTool.RunAsync("pdftotext", ["-enc", "UTF-8", file, "-"]);
        Assert.Equal(0, text.ExitCode);
        return text.StandardOutput;
    }

    [Fact]
    public async Task A_delegation_gets_cards_of_its_own_draft_pillars_and_another_delegations_are_missing()
    {
        await SeedAsync();
        using var am = await _factory.ClientAsync("am.carto");
        using var az = await _factory.ClientAsync("az.carto");

        var own = await PdfTextAsync(await am.GetAsync(new Uri("/api/pillars/cards.pdf?sector=M-02", UriKind.Relative)));
        Assert.Contains("Boundary pillar M-02/1", own, StringComparison.Ordinal);
        Assert.DoesNotContain("M-02/2", own, StringComparison.Ordinal);
        Assert.Contains("EPSG:28408", own, StringComparison.Ordinal);

        var single = await PdfTextAsync(await az.GetAsync(new Uri("/api/pillars/M-02/2/card.pdf", UriKind.Relative)));
        Assert.Contains("Boundary pillar M-02/2", single, StringComparison.Ordinal);
        Assert.DoesNotContain("M-02/1", single, StringComparison.Ordinal);

        using var hidden = await az.GetAsync(new Uri("/api/pillars/M-02/1/card.pdf", UriKind.Relative));
        using var missing = await az.GetAsync(new Uri("/api/pillars/M-02/99/card.pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("application/problem+json", hidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("M-02/1", await hidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_coordinate_list_and_the_strip_maps_hold_only_what_the_caller_may_see()
    {
        await SeedAsync();
        using var am = await _factory.ClientAsync("am.carto");
        using var az = await _factory.ClientAsync("az.carto");

        var csv = await az.GetStringAsync(new Uri("/api/pillars.csv?sector=M-02", UriKind.Relative));
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("number,sector,type,status,planned_lat,planned_lon,utm_zone", rows[0], StringComparison.Ordinal);
        Assert.Equal(["M-02/2"], rows.Skip(1).Select(r => r.Split(',')[0]));

        using var xlsx = await am.GetAsync(new Uri("/api/pillars.xlsx?sector=M-02", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using (var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()))
        using (var workbook = SpreadsheetDocument.Open(stream, false))
        {
            var cells = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<X.Row>().Skip(2).Select(r => r.Elements<X.Cell>().First().InnerText).ToList();
            Assert.Equal(["M-02/1"], cells);
        }

        var strip = await PdfTextAsync(await am.GetAsync(new Uri("/api/pillars/strip-maps.pdf?sector=M-02&scale=100000", UriKind.Relative)));
        Assert.Contains("Sheet index", strip, StringComparison.Ordinal);
        Assert.Contains("M-02/1", strip, StringComparison.Ordinal);
        Assert.DoesNotContain("M-02/2", strip, StringComparison.Ordinal);

        using var badScale = await am.GetAsync(new Uri("/api/pillars/strip-maps.pdf?sector=M-02&scale=250000", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badScale.StatusCode);
        Assert.Equal("application/problem+json", badScale.Content.Headers.ContentType?.MediaType);
    }
}
