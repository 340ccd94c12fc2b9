using System.Globalization;
using System.Text;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Formats.Delimitation;
using Demarcate.Formats.Demarcation;
using Demarcate.Server.Trust;
using Demarcate.Storage;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// The demarcation documents made from the pillar register as the caller may see it: pillar cards (PDF), strip maps
/// along a sector's line (PDF) and the pillar coordinate list (.xlsx, CSV). A pillar the caller may not see answers
/// 404 exactly like a missing one, and a series only holds what the caller may see.
/// </summary>
public static class PillarDocumentEndpoints
{
    public static IEndpointRouteBuilder MapPillarDocuments(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/pillars/{prefix}/{sequence}/card.pdf", PillarCardAsync).WithName("GetPillarCard");
        api.MapGet("/pillars/cards.pdf", PillarCardsAsync).WithName("GetPillarCards");
        api.MapGet("/pillars/strip-maps.pdf", StripMapsAsync).WithName("GetPillarStripMaps");
        api.MapGet("/pillars.csv", PillarListCsvAsync).WithName("GetPillarListCsv");
        api.MapGet("/pillars.xlsx", PillarListXlsxAsync).WithName("GetPillarListXlsx");
        return routes;
    }

    /// <summary>GET /api/pillars/M-04/12/card.pdf[?language=ru]: one pillar's card.</summary>
    private static async Task<IResult> PillarCardAsync(HttpContext context, ICommissionStore store, string prefix, string sequence, string? language, CancellationToken cancellationToken)
    {
        if (DelimitationDocumentEndpoints.Refusal(language, "pdf", ["pdf"]) is { } refused)
        {
            return refused;
        }

        var caller = Callers.Of(context);
        var number = prefix + "/" + sequence;
        var pillars = await store.SelectPillarsAsync(caller, null, [number], null, null, cancellationToken);
        return await CardsResultAsync(store, caller, pillars, language, number.Replace('/', '-') + "-card.pdf", cancellationToken);
    }

    /// <summary>GET /api/pillars/cards.pdf[?sector=M-04][&amp;status=][&amp;type=][&amp;language=]: a card per pillar the caller may see, in number order.</summary>
    private static async Task<IResult> PillarCardsAsync(HttpContext context, ICommissionStore store, string? sector, string? status, string? type, string? language, CancellationToken cancellationToken)
    {
        if (DelimitationDocumentEndpoints.Refusal(language, "pdf", ["pdf"]) is { } refused)
        {
            return refused;
        }

        var caller = Callers.Of(context);
        var pillars = await store.SelectPillarsAsync(caller, sector, [], status, type, cancellationToken);
        if (pillars.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No pillars", detail: "No pillar you may see matches these filters.");
        }

        return await CardsResultAsync(store, caller, pillars, language, (sector ?? "pillar") + "-cards.pdf", cancellationToken);
    }

    private static async Task<IResult> CardsResultAsync(ICommissionStore store, Core.Caller caller, IReadOnlyList<Core.Demarcation.Pillar> pillars, string? language, string name, CancellationToken cancellationToken)
    {
        var cards = await store.PillarCardsAsync(caller, pillars, cancellationToken);
        using var buffer = new MemoryStream();
        await PillarCards.WriteAsync(cards, ProtocolCatalogue.For(language ?? "en")!, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), "application/pdf", name);
    }

    /// <summary>GET /api/pillars/strip-maps.pdf?sector=M-04[&amp;scale=25000][&amp;paper=A4|A3][&amp;language=]: the strip-map series along the sector's line.</summary>
    private static async Task<IResult> StripMapsAsync(HttpContext context, ICommissionStore store, string? sector, int? scale, string? paper, string? language, CancellationToken cancellationToken)
    {
        scale ??= 25_000;
        if (DelimitationDocumentEndpoints.Refusal(language, "pdf", ["pdf"]) is { } refused)
        {
            return refused;
        }

        if (sector is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No sector", detail: "Name the sector whose line the strip maps follow: sector=M-04.");
        }

        if (scale is < StripMaps.LargestScale or > StripMaps.SmallestScale)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown scale", detail: "Strip maps are drawn from 1:5000 to 1:100000.");
        }

        if (!Enum.TryParse<StripPaper>(paper ?? "A4", ignoreCase: true, out var sheetPaper) || !Enum.IsDefined(sheetPaper))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown paper", detail: "Choose paper=A4 or paper=A3.");
        }

        var caller = Callers.Of(context);
        var surroundings = await store.SurroundingsAsync(caller, sector, cancellationToken);
        if (surroundings.Line.Count < 2)
        {
            throw new RecordNotFoundException("sector line", sector);
        }

        using var buffer = new MemoryStream();
        await StripMaps.WriteAsync(sector, surroundings, scale.Value, sheetPaper, ProtocolCatalogue.For(language ?? "en")!, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), "application/pdf", string.Create(CultureInfo.InvariantCulture, $"{sector}-strip-maps-1-{scale.Value}.pdf"));
    }

    /// <summary>GET /api/pillars.csv[?sector=][&amp;status=][&amp;type=]: the coordinate list as CSV.</summary>
    private static async Task<IResult> PillarListCsvAsync(HttpContext context, ICommissionStore store, string? sector, string? status, string? type, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var list = await store.PillarListAsync(caller, await store.SelectPillarsAsync(caller, sector, [], status, type, cancellationToken), cancellationToken);
        return TypedResults.File(Encoding.UTF8.GetBytes(list.ToCsv()), "text/csv; charset=utf-8", (sector ?? "pillars") + "-coordinates.csv");
    }

    /// <summary>GET /api/pillars.xlsx[?sector=][&amp;status=][&amp;type=]: the coordinate list as a workbook.</summary>
    private static async Task<IResult> PillarListXlsxAsync(HttpContext context, ICommissionStore store, string? sector, string? status, string? type, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var list = await store.PillarListAsync(caller, await store.SelectPillarsAsync(caller, sector, [], status, type, cancellationToken), cancellationToken);
        using var buffer = new MemoryStream();
        await OfficeDocuments.WritePillarListXlsxAsync(list, "Pillar coordinate list" + (sector is null ? "" : ": sector " + sector), buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (sector ?? "pillars") + "-coordinates.xlsx");
    }
}
