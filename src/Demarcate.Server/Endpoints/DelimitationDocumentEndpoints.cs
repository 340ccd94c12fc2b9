using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Delimitation;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// The delimitation documents of a description sent as canonical text: its protocol-description, turning-point table and
/// map annex. Stateless: nothing is stored. Reference legs follow the commission's lines the caller may see, named by
/// line id ("osm-main", or "osm-main part 2" for a part of a line in several pieces). Any signed-in member may ask:
/// the documents reveal only what the text and the caller's own lines already hold.
/// </summary>
public static class DelimitationDocumentEndpoints
{
    private static readonly Lazy<Task<IReadOnlyList<NamedFeature>>> Gazetteer = new(LoadGazetteerAsync);

    /// <summary>The demo's settlements, read once: the places the protocol and the map annex name.</summary>
    internal static Task<IReadOnlyList<NamedFeature>> PlacesAsync() => Gazetteer.Value;

    public static IEndpointRouteBuilder MapDelimitationDocuments(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/delimitation").RequireAuthorization();
        api.MapPost("/protocol", ProtocolAsync).WithName("DelimitationProtocol");
        api.MapPost("/table", TableAsync).WithName("DelimitationTable");
        api.MapPost("/map", MapAsync).WithName("DelimitationMap");
        return routes;
    }

    /// <summary>POST /api/delimitation/protocol?language=en|ru|hy|az&amp;format=txt|docx|pdf with the canonical text as the body.</summary>
    private static async Task<IResult> ProtocolAsync(HttpContext context, ICommissionStore store, string? language, string? format, CancellationToken cancellationToken)
    {
        format ??= "txt";
        if (Refusal(language, format, DelimitationDocuments.ProtocolFormats) is { } refused)
        {
            return refused;
        }

        var resolved = await ResolveAsync(context, store, cancellationToken);
        if (!resolved.Success)
        {
            return Unreadable(resolved.Problems);
        }

        var places = await Gazetteer.Value;
        var parties = await PartiesAsync(store, resolved.Value, places, cancellationToken);
        using var buffer = new MemoryStream();
        await DelimitationDocuments.WriteProtocolAsync(resolved.Value, places, parties, ProtocolCatalogue.For(language ?? "en")!, format, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), DelimitationDocuments.MediaType(format), "protocol." + format);
    }

    /// <summary>POST /api/delimitation/table?format=csv|xlsx|docx[&amp;language=…] with the canonical text as the body.</summary>
    private static async Task<IResult> TableAsync(HttpContext context, ICommissionStore store, string? language, string? format, CancellationToken cancellationToken)
    {
        format ??= "csv";
        if (Refusal(language, format, DelimitationDocuments.TableFormats) is { } refused)
        {
            return refused;
        }

        var resolved = await ResolveAsync(context, store, cancellationToken);
        if (!resolved.Success)
        {
            return Unreadable(resolved.Problems);
        }

        var commission = await store.GetCommissionAsync(cancellationToken);
        var table = DelimitationDocuments.Table(resolved.Value, commission?.DatumTransformation ?? "EPSG:15865", []);
        if (table is null)
        {
            return Unreadable([new InputProblem("description", "No turning point has a usable position.")]);
        }

        using var buffer = new MemoryStream();
        await DelimitationDocuments.WriteTableAsync(table, resolved.Value.Description.Title, ProtocolCatalogue.For(language ?? "en")!, format, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), DelimitationDocuments.MediaType(format), "turning-points." + format);
    }

    /// <summary>POST /api/delimitation/map?scale=50000[&amp;language=…] with the canonical text as the body: the map annex as PDF.</summary>
    private static async Task<IResult> MapAsync(HttpContext context, ICommissionStore store, string? language, int? scale, CancellationToken cancellationToken)
    {
        scale ??= 50_000;
        if (Refusal(language, "pdf", ["pdf"]) is { } refused)
        {
            return refused;
        }

        if (ScaleRefusal(scale.Value) is { } badScale)
        {
            return badScale;
        }

        var resolved = await ResolveAsync(context, store, cancellationToken);
        if (!resolved.Success || resolved.Value.Legs.Count == 0)
        {
            return Unreadable(resolved.Success ? [new InputProblem("description", "No leg could be resolved, so there is no line to draw."), .. resolved.Value.Problems] : resolved.Problems);
        }

        var places = await Gazetteer.Value;
        var parties = await PartiesAsync(store, resolved.Value, places, cancellationToken);
        using var buffer = new MemoryStream();
        await MapAnnex.WriteAsync(resolved.Value, places, ProtocolCatalogue.For(language ?? "en")!, scale.Value, parties, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), "application/pdf", "map-annex.pdf");
    }

    /// <summary>A 400 naming the map annex's scales, or null when <paramref name="scale"/> is one of them.</summary>
    internal static ProblemHttpResult? ScaleRefusal(int scale) =>
        MapAnnex.Scales.Contains(scale)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown scale",
                detail: "The map annex is drawn at 1:" + string.Join(", 1:", MapAnnex.Scales.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ".");

    internal static ProblemHttpResult? Refusal(string? language, string format, IReadOnlyList<string> formats)
    {
        if (language is not null && ProtocolCatalogue.For(language) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown language",
                detail: "The documents are written in " + string.Join(", ", ProtocolCatalogue.Languages) + ".");
        }

        return formats.Contains(format, StringComparer.Ordinal)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown format", detail: "Choose format=" + string.Join(", ", formats) + ".");
    }

    private static ProblemHttpResult Unreadable(IReadOnlyList<InputProblem> problems) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The description could not be used",
            detail: string.Join("\n", problems.Select(p => p.ToString())));

    /// <summary>
    /// The body's canonical text parsed and resolved against the lines the caller may see. An inconsistent description
    /// still resolves (its documents say they are a draft); only unreadable text is refused.
    /// </summary>
    private static async Task<ParseResult<ResolvedDescription>> ResolveAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body);
        var parsed = DescriptionText.Parse(await reader.ReadToEndAsync(cancellationToken), "request body");
        if (!parsed.Success)
        {
            return ParseResult<ResolvedDescription>.Failed(parsed.Problems);
        }

        var references = new List<ReferenceLine>();
        foreach (var line in await store.ListLinesAsync(Callers.Of(context), null, cancellationToken))
        {
            var parts = line.Geometry.Geometries.Cast<LineString>().ToList();
            for (var k = 0; k < parts.Count; k++)
            {
                var name = parts.Count == 1 ? line.Id : string.Create(CultureInfo.InvariantCulture, $"{line.Id} part {k + 1}");
                references.Add(new ReferenceLine(name, [.. parts[k].Coordinates.Select(c => new GeoPoint(c.Y, c.X))]) { Source = line.SourceId });
            }
        }

        return ParseResult<ResolvedDescription>.Ok(new DescriptionResolver(CrsRegistry.Standard, references).Resolve(parsed.Value));
    }

    internal static async Task<(string? Left, string? Right)> PartiesAsync(ICommissionStore store, ResolvedDescription resolved, IReadOnlyList<NamedFeature> places, CancellationToken cancellationToken)
    {
        var commission = await store.GetCommissionAsync(cancellationToken);
        return DelimitationDocuments.Parties(resolved, places, code => commission?.Find(new PartyCode(code))?.Name);
    }

    private static async Task<IReadOnlyList<NamedFeature>> LoadGazetteerAsync()
    {
        // The server's own embedded file: one that does not read is a fault, not bad input.
        await using var stream = DemoCommission.OpenSettlements();
        return (await GazetteerFile.ReadAsync(stream, "settlements", CancellationToken.None)).Value;
    }
}
