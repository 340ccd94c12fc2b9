using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// The cartographic source register: map editions and datasets with their scale, accuracy, CRS, sheets and licence, the
/// party that provided them, and their files (scans, digitised lines) to download.
/// </summary>
public static class SourceEndpoints
{
    /// <summary>The largest file accepted in one request (a 1:100 000 sheet scanned at 400 dpi in colour is well below this).</summary>
    public const long MaximumFileBytes = 256L * 1024 * 1024;

    /// <summary>A source as a client sends it; absent lists and texts are empty, absent numbers unknown.</summary>
    public sealed record SourceRequest(
        string? Id,
        string? Title,
        string? Issuer,
        int? EditionYear,
        string? Edition,
        int? ScaleDenominator,
        double? StatedAccuracyMetres,
        string? Crs,
        string[]? SheetIds,
        string? Licence,
        string? Attribution,
        string? Provenance,
        string? Notes,
        string? Publication,
        int? Version);

    public static IEndpointRouteBuilder MapSources(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/sources", ListSourcesAsync).WithName("ListSources");
        api.MapGet("/sources/{id}", GetSourceAsync).WithName("GetSource");
        api.MapGet("/sources/{id}/files/{name}", DownloadFileAsync).WithName("DownloadSourceFile");
        api.MapPost("/sources", AddSourceAsync).WithName("AddSource").RequireAuthorization();
        api.MapPut("/sources/{id}", ChangeSourceAsync).WithName("ChangeSource").RequireAuthorization();
        api.MapPost("/sources/{id}/files", AttachFileAsync).WithName("AttachSourceFile").RequireAuthorization()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaximumFileBytes));
        return routes;
    }

    private static async Task<IResult> ListSourcesAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListSourcesAsync(Callers.Of(context), cancellationToken)).Select(Describe));

    private static async Task<IResult> GetSourceAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await store.GetSourceAsync(Callers.Of(context), id, cancellationToken) ?? throw new RecordNotFoundException("source", id)));

    /// <summary>A party's editor adds a source for their own party: a draft unless <c>publication</c> says Submitted.</summary>
    private static async Task<IResult> AddSourceAsync(HttpContext context, ICommissionStore store, SourceRequest request, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var party = caller.Account?.Party ?? throw new NotPermittedException("Sign in as a member of a delegation or of the mediator's team to add sources.");
        var publication = ReadPublication(request.Publication, Publication.Draft);
        if (publication is null)
        {
            return BadPublication(request.Publication);
        }

        var source = FromRequest(request, request.Id ?? "") with { ProvidedBy = party, Publication = publication.Value };
        var problems = source.Check(await store.CrsRegistryAsync(caller, cancellationToken));
        if (problems.Count > 0)
        {
            return InputProblems(problems);
        }

        var added = await store.AddSourceAsync(caller, source, cancellationToken);
        return TypedResults.Created($"/api/sources/{Uri.EscapeDataString(added.Id)}", Describe(added));
    }

    /// <summary>Replaces a source's description; <c>version</c> is the one read (409 when stale).</summary>
    private static async Task<IResult> ChangeSourceAsync(HttpContext context, ICommissionStore store, string id, SourceRequest request, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var current = await store.GetSourceAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("source", id);
        if (request.Version is not { } version)
        {
            return InputProblems([new InputProblem("request body", "give the version you read (\"version\"), so a change made since is not overwritten.")]);
        }

        var publication = ReadPublication(request.Publication, current.Publication);
        if (publication is null)
        {
            return BadPublication(request.Publication);
        }

        var source = FromRequest(request, id) with { ProvidedBy = current.ProvidedBy, Publication = publication.Value };
        var problems = source.Check(await store.CrsRegistryAsync(caller, cancellationToken));
        if (problems.Count > 0)
        {
            return InputProblems(problems);
        }

        return TypedResults.Ok(Describe(await store.ChangeSourceAsync(caller, source, version, cancellationToken)));
    }

    /// <summary>The body is the file's bytes, its Content-Type the file's type; <c>?name=</c> names it.</summary>
    private static async Task<IResult> AttachFileAsync(HttpContext context, ICommissionStore store, string id, string? name, CancellationToken cancellationToken)
    {
        var contentType = context.Request.ContentType?.Split(';')[0].Trim();
        var problems = SourceFile.CheckName(name, contentType);
        if (problems.Count > 0)
        {
            return InputProblems(problems);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        var file = await store.AttachSourceFileAsync(Callers.Of(context), id, name!, contentType!, buffer.ToArray(), cancellationToken);
        return TypedResults.Created($"/api/sources/{Uri.EscapeDataString(id)}/files/{Uri.EscapeDataString(file.Name)}", DescribeFile(id, file));
    }

    private static async Task<IResult> DownloadFileAsync(HttpContext context, ICommissionStore store, string id, string name, CancellationToken cancellationToken)
    {
        var found = await store.GetSourceFileAsync(Callers.Of(context), id, name, cancellationToken) ?? throw new RecordNotFoundException("file", $"{id}/{name}");
        context.Response.Headers["X-Content-SHA256"] = found.File.Sha256;
        return TypedResults.File(found.Content, found.File.ContentType, found.File.Name);
    }

    private static CartographicSource FromRequest(SourceRequest r, string id) => new(id.Trim(), r.Title?.Trim() ?? "", r.Issuer?.Trim() ?? "")
    {
        EditionYear = r.EditionYear,
        Edition = string.IsNullOrWhiteSpace(r.Edition) ? null : r.Edition.Trim(),
        ScaleDenominator = r.ScaleDenominator,
        StatedAccuracyMetres = r.StatedAccuracyMetres,
        Crs = string.IsNullOrWhiteSpace(r.Crs) ? "EPSG:4326" : r.Crs.Trim(),
        SheetIds = r.SheetIds ?? [],
        Licence = r.Licence ?? "",
        Attribution = r.Attribution ?? "",
        Provenance = r.Provenance ?? "",
        Notes = r.Notes ?? "",
    };

    private static Publication? ReadPublication(string? text, Publication absent) =>
        text is null ? absent : Enum.TryParse<Publication>(text, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : null;

    private static ProblemHttpResult BadPublication(string? text) =>
        InputProblems([new InputProblem("publication", $"'{text}' is not Draft, Submitted or Published.")]);

    private static object Describe(CartographicSource s) => new
    {
        id = s.Id,
        title = s.Title,
        issuer = s.Issuer,
        editionYear = s.EditionYear,
        edition = s.Edition,
        scaleDenominator = s.ScaleDenominator,
        statedAccuracyMetres = s.StatedAccuracyMetres,
        accuracyMetres = s.AccuracyMetres,
        accuracyIsDerived = s.AccuracyIsDerived,
        crs = s.Crs,
        sheetIds = s.SheetIds,
        licence = s.Licence,
        attribution = s.Attribution,
        provenance = s.Provenance,
        notes = s.Notes,
        providedBy = s.ProvidedBy?.Value,
        publication = s.Publication.ToString(),
        isPublished = s.IsPublished,
        version = s.Version,
        files = s.Files.Select(f => DescribeFile(s.Id, f)),
    };

    private static object DescribeFile(string sourceId, SourceFile f) => new
    {
        name = f.Name,
        contentType = f.ContentType,
        sha256 = f.Sha256,
        size = f.Size,
        addedBy = f.AddedBy,
        addedAt = f.AddedAt,
        href = $"/api/sources/{Uri.EscapeDataString(sourceId)}/files/{Uri.EscapeDataString(f.Name)}",
    };

    private static ProblemHttpResult InputProblems(IReadOnlyList<InputProblem> problems) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The source could not be registered",
            detail: problems[0].ToString(),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["problems"] = problems.Select(p => p.ToString()).ToArray() });
}
