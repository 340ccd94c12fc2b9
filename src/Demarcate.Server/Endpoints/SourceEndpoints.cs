using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Georeferencing;
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

    /// <summary>A control point as a client sends it: pixel column and row, map x (easting or longitude) and y (northing or latitude).</summary>
    public sealed record ControlPointRequest(string? Id, double Column, double Row, double? X, double? Y);

    /// <summary>
    /// A fit of an attached scan: the file, the control points (as a list, or as CSV text <c>id,column,row,x,y</c>), the
    /// order (1 or 2, default 1) and their CRS (default the source's); with <c>sheet</c>, the points are the corners NW,
    /// NE, SE, SW of that sheet and their map positions come from its nomenclature (Pulkovo 1942).
    /// </summary>
    public sealed record ScanRequest(string? File, int? Order, string? Crs, ControlPointRequest[]? ControlPoints, string? ControlPointsCsv, string? Sheet);

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
        api.MapGet("/sources/{id}/scans", ListScansAsync).WithName("ListSourceScans");
        api.MapGet("/sources/{id}/scans/{number:int}", GetScanAsync).WithName("GetSourceScan");
        api.MapPost("/sources/{id}/scans", GeoreferenceScanAsync).WithName("GeoreferenceSourceScan").RequireAuthorization();
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

    /// <summary>Every fit of the source's scans, oldest first, each with its residuals and the browser's mapping; 404 when the source is hidden.</summary>
    private static async Task<IResult> ListScansAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        _ = await store.GetSourceAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("source", id);
        var registry = await store.CrsRegistryAsync(caller, cancellationToken);
        return TypedResults.Ok((await store.ListScansAsync(caller, id, cancellationToken)).Select(s => DescribeScan(s, registry)));
    }

    private static async Task<IResult> GetScanAsync(HttpContext context, ICommissionStore store, string id, int number, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var scan = (await store.ListScansAsync(caller, id, cancellationToken)).FirstOrDefault(s => s.Number == number)
            ?? throw new RecordNotFoundException("scan fit", $"{id}/{number}");
        return TypedResults.Ok(DescribeScan(scan, await store.CrsRegistryAsync(caller, cancellationToken)));
    }

    /// <summary>Fits an attached scan; 400 for an unreadable request, 422 for a fit the store refuses (too few or collinear points, not an image).</summary>
    private static async Task<IResult> GeoreferenceScanAsync(HttpContext context, ICommissionStore store, string id, ScanRequest request, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var source = await store.GetSourceAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("source", id);
        if (string.IsNullOrWhiteSpace(request.File))
        {
            return ScanProblems([new InputProblem("file", "name the attached scan to fit (\"file\").")]);
        }

        IReadOnlyList<GroundControlPoint> points;
        if (request.ControlPointsCsv is { } csv)
        {
            var parsed = GroundControlPoints.Parse(csv, "controlPointsCsv", needMapPositions: request.Sheet is null);
            if (!parsed.Success)
            {
                return ScanProblems(parsed.Problems);
            }

            points = parsed.Value;
        }
        else if (request.ControlPoints is { Length: > 0 } given)
        {
            var missing = Array.FindIndex(given, p => request.Sheet is null && (p.X is null || p.Y is null));
            if (missing >= 0)
            {
                return ScanProblems([new InputProblem("controlPoints", "every control point needs x and y (or give sheet for a sheet's corners)") { Feature = missing }]);
            }

            points = [.. given.Select((p, i) => new GroundControlPoint(p.Id ?? (i + 1).ToString(CultureInfo.InvariantCulture), p.Column, p.Row, p.X ?? 0, p.Y ?? 0))];
        }
        else
        {
            return ScanProblems([new InputProblem("controlPoints", "give the control points (\"controlPoints\" or \"controlPointsCsv\").")]);
        }

        var crs = request.Crs?.Trim() ?? source.Crs;
        string? sheet = null;
        if (request.Sheet is { } sheetText)
        {
            var parsedSheet = SheetNomenclature.Parse(sheetText, "sheet");
            if (!parsedSheet.Success)
            {
                return ScanProblems(parsedSheet.Problems);
            }

            var corners = GroundControlPoints.FromSheetCorners(points, parsedSheet.Value, "controlPoints");
            if (!corners.Success)
            {
                return ScanProblems(corners.Problems);
            }

            (points, crs, sheet) = (corners.Value, "EPSG:4284", parsedSheet.Value.ToString());
        }

        var kept = await store.GeoreferenceScanAsync(caller, new GeoreferencedScan(id, request.File.Trim(), crs, request.Order ?? 1, points) { Sheet = sheet }, cancellationToken);
        return TypedResults.Created(
            $"/api/sources/{Uri.EscapeDataString(id)}/scans/{kept.Number.ToString(CultureInfo.InvariantCulture)}",
            DescribeScan(kept, await store.CrsRegistryAsync(caller, cancellationToken)));
    }

    /// <summary>A fit with its residuals (metres, and where they are measured) and the pixel ↔ WGS 84 polynomials a browser draws it with.</summary>
    public static object DescribeScan(GeoreferencedScan scan, CrsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(registry);
        // The store only keeps fits it could compute, in a CRS it knew; failing now means the registry lost that CRS.
        var report = ScanFitReport.Compute(scan, registry.Resolve(scan.Crs).Value).Value;
        return new
        {
            number = scan.Number,
            file = scan.FileName,
            fileHref = $"/api/sources/{Uri.EscapeDataString(scan.SourceId)}/files/{Uri.EscapeDataString(scan.FileName)}",
            crs = scan.Crs,
            order = scan.Order,
            sheet = scan.Sheet,
            width = scan.Width,
            height = scan.Height,
            fittedBy = scan.FittedBy,
            fittedAt = scan.FittedAt,
            rmseMetres = report.RootMeanSquareMetres,
            metresIn = report.MetricFrame,
            controlPoints = report.Misses.Select(m => new
            {
                id = m.Point.Id,
                column = m.Point.Column,
                row = m.Point.Row,
                x = m.Point.X,
                y = m.Point.Y,
                dx = m.DeltaX,
                dy = m.DeltaY,
                residualMetres = m.Metres,
            }),
            display = new
            {
                pixelToWgs84 = DescribePolynomial(report.PixelToWgs84),
                wgs84ToPixel = DescribePolynomial(report.Wgs84ToPixel),
                errorMetres = report.DisplayErrorMetres,
                footprint = report.Footprint.Select(p => new[] { p.Longitude, p.Latitude }),
            },
        };
    }

    private static object DescribePolynomial(ScanPolynomial p) => new { order = p.Order, centre = new[] { p.CentreFirst, p.CentreSecond }, scale = p.Scale, x = p.X, y = p.Y };

    private static ProblemHttpResult ScanProblems(IReadOnlyList<InputProblem> problems) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The scan could not be fitted",
            detail: problems[0].ToString(),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["problems"] = problems.Select(p => p.ToString()).ToArray() });

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
