using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Delimitation;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// Each delegation's versions of its description of a sector: list, read, save (consistent, or a draft with its
/// problems), submit; and what a version (or text being typed) resolves to, its turning-point table, its
/// contradictions with the sector's map line, and the differences between two versions.
/// </summary>
public static class DescriptionEndpoints
{
    public sealed record SaveRequest(string? Text, int BasedOn, bool Draft, string? Precedence);

    public sealed record ResolveRequest(string? Text);

    public sealed record VersionRequest(int Version);

    public static IEndpointRouteBuilder MapDescriptions(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/sectors/{id}");
        api.MapGet("/descriptions", ListAsync).WithName("ListDescriptions");
        api.MapPost("/descriptions", SaveAsync).WithName("SaveDescription").RequireAuthorization();
        api.MapPost("/descriptions/resolve", ResolveTextAsync).WithName("ResolveDescriptionText");
        api.MapGet("/descriptions/diff", DiffAsync).WithName("DiffDescriptions");
        api.MapGet("/descriptions/{version}", GetAsync).WithName("GetDescription");
        api.MapPost("/descriptions/{version}/submit", SubmitAsync).WithName("SubmitDescription").RequireAuthorization();
        api.MapGet("/descriptions/{version}/resolve", ResolveVersionAsync).WithName("ResolveDescription");
        api.MapGet("/descriptions/{version}/table", TableAsync).WithName("DescriptionTable");
        api.MapGet("/descriptions/{version}/protocol", ProtocolAsync).WithName("DescriptionProtocol");
        api.MapGet("/descriptions/{version}/map", MapAsync).WithName("DescriptionMapAnnex");
        api.MapGet("/descriptions/{version}/contradictions", ContradictionsAsync).WithName("DescriptionContradictions");
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListDescriptionsAsync(Callers.Of(context), id, cancellationToken)).Select(v => Summary(v)));

    private static async Task<IResult> GetAsync(HttpContext context, ICommissionStore store, string id, string version, CancellationToken cancellationToken) =>
        TypedResults.Ok(Full(await VersionAsync(store, Callers.Of(context), id, version, cancellationToken)));

    private static async Task<IResult> SaveAsync(HttpContext context, ICommissionStore store, string id, SaveRequest request, CancellationToken cancellationToken)
    {
        var precedence = DescriptionPrecedence.Parse(request.Precedence);
        if (!precedence.Success)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The order of precedence could not be read", detail: precedence.Problems[0].ToString());
        }

        var saved = await store.SaveDescriptionAsync(
            Callers.Of(context), new DescriptionDraft(id, request.Text ?? "", request.BasedOn, request.Draft) { Precedence = precedence.Value }, cancellationToken);
        return TypedResults.Created($"/api/sectors/{id}/descriptions/{saved.Id}", Full(saved));
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, ICommissionStore store, string id, string version, VersionRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(Full(await store.SubmitDescriptionAsync(Callers.Of(context), id, version, request.Version, cancellationToken)));

    /// <summary>What text being typed resolves to against the sector's reference lines the caller may see: the editor's live preview.</summary>
    private static async Task<IResult> ResolveTextAsync(HttpContext context, ICommissionStore store, string id, ResolveRequest request, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        _ = await store.GetSectorAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("sector", id);
        var check = DescriptionCheck.Run(request.Text ?? "", await ResolverAsync(store, caller, id, cancellationToken));
        return TypedResults.Json(Collection(check), contentType: "application/geo+json");
    }

    private static async Task<IResult> ResolveVersionAsync(HttpContext context, ICommissionStore store, string id, string version, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var stored = await VersionAsync(store, caller, id, version, cancellationToken);
        var check = DescriptionCheck.Run(stored.Text, await ResolverAsync(store, caller, id, cancellationToken));
        return TypedResults.Json(Collection(check), contentType: "application/geo+json");
    }

    /// <summary>
    /// The turning-point table (csv, the default; xlsx or docx titled in <paramref name="language"/>): WGS 84 (DMS and
    /// decimal), UTM and Pulkovo 1942 Gauss–Krüger through the commission's transformation.
    /// </summary>
    private static async Task<IResult> TableAsync(HttpContext context, ICommissionStore store, string id, string version, string? language, string? format, CancellationToken cancellationToken)
    {
        format ??= "csv";
        if (DelimitationDocumentEndpoints.Refusal(language, format, DelimitationDocuments.TableFormats) is { } refused)
        {
            return refused;
        }

        var caller = Callers.Of(context);
        var (stored, resolved) = await ResolvedVersionAsync(store, caller, id, version, cancellationToken);
        var registry = await store.CrsRegistryAsync(caller, cancellationToken);
        var first = resolved.Description.TurningPoints.FirstOrDefault(p => resolved.TurningPoints.ContainsKey(p.Id))
            ?? throw new RuleViolationException($"Description {version} has no turning point with a usable position to tabulate.");
        var commission = await store.GetCommissionAsync(cancellationToken);
        var columns = TableColumn.Standard(registry, resolved.TurningPoints[first.Id], commission?.DatumTransformation ?? "EPSG:15865");
        using var buffer = new MemoryStream();
        await DelimitationDocuments.WriteTableAsync(
            TurningPointTable.Build(resolved, columns), resolved.Description.Title, ProtocolCatalogue.For(language ?? "en")!, format, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), DelimitationDocuments.MediaType(format), DocumentName(stored, "turning-points", null, format));
    }

    /// <summary>
    /// The stored version's protocol-description in <paramref name="language"/> as txt, docx or pdf; a draft's
    /// protocol opens by saying how many problems it still has.
    /// </summary>
    private static async Task<IResult> ProtocolAsync(HttpContext context, ICommissionStore store, string id, string version, string? language, string? format, CancellationToken cancellationToken)
    {
        format ??= "txt";
        if (DelimitationDocumentEndpoints.Refusal(language, format, DelimitationDocuments.ProtocolFormats) is { } refused)
        {
            return refused;
        }

        var (stored, resolved) = await ResolvedVersionAsync(store, Callers.Of(context), id, version, cancellationToken);
        var places = await DelimitationDocumentEndpoints.PlacesAsync();
        var parties = await DelimitationDocumentEndpoints.PartiesAsync(store, resolved, places, cancellationToken);
        var catalogue = ProtocolCatalogue.For(language ?? "en")!;
        using var buffer = new MemoryStream();
        await DelimitationDocuments.WriteProtocolAsync(resolved, places, parties, catalogue, format, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), DelimitationDocuments.MediaType(format), DocumentName(stored, "protocol", catalogue.Language, format));
    }

    /// <summary>The stored version's map annex as PDF at 1:<paramref name="scale"/> (default 1:50 000).</summary>
    private static async Task<IResult> MapAsync(HttpContext context, ICommissionStore store, string id, string version, string? language, int? scale, CancellationToken cancellationToken)
    {
        scale ??= 50_000;
        if ((DelimitationDocumentEndpoints.Refusal(language, "pdf", ["pdf"]) ?? DelimitationDocumentEndpoints.ScaleRefusal(scale.Value)) is { } refused)
        {
            return refused;
        }

        var (stored, resolved) = await ResolvedVersionAsync(store, Callers.Of(context), id, version, cancellationToken);
        if (resolved.Legs.Count == 0)
        {
            throw new RuleViolationException($"Description {version} has no leg that could be resolved, so there is no line to draw.");
        }

        var places = await DelimitationDocumentEndpoints.PlacesAsync();
        var parties = await DelimitationDocumentEndpoints.PartiesAsync(store, resolved, places, cancellationToken);
        using var buffer = new MemoryStream();
        await MapAnnex.WriteAsync(resolved, places, ProtocolCatalogue.For(language ?? "en")!, scale.Value, parties, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), "application/pdf", DocumentName(stored, "map-annex", string.Create(CultureInfo.InvariantCulture, $"1-{scale.Value}"), "pdf"));
    }

    /// <summary>A download's file name that says which sector, version and document it is (M-05-AM-2-protocol-ru.pdf).</summary>
    private static string DocumentName(DescriptionVersion stored, string document, string? variant, string format) =>
        $"{stored.SectorId}-{stored.Id}-{document}{(variant is null ? "" : "-" + variant)}.{format}";

    /// <summary>
    /// A version the caller may see (a hidden one is refused exactly like a missing one) resolved against the sector's
    /// reference lines the caller may see, as the editor resolves it. Text that does not parse has no documents.
    /// </summary>
    private static async Task<(DescriptionVersion Stored, ResolvedDescription Resolved)> ResolvedVersionAsync(
        ICommissionStore store, Caller caller, string id, string version, CancellationToken cancellationToken)
    {
        var stored = await VersionAsync(store, caller, id, version, cancellationToken);
        var check = DescriptionCheck.Run(stored.Text, await ResolverAsync(store, caller, id, cancellationToken));
        return check.Resolved is { } resolved
            ? (stored, resolved)
            : throw new RuleViolationException($"Description {version} does not parse: {check.Problems[0]}");
    }

    /// <summary>Text, coordinates and the sector's map line (the line in force) compared, each contradiction with the authority that prevails.</summary>
    private static async Task<IResult> ContradictionsAsync(HttpContext context, ICommissionStore store, string id, string version, double? tolerance, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var stored = await VersionAsync(store, caller, id, version, cancellationToken);
        var sector = await store.GetSectorAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("sector", id);
        var check = DescriptionCheck.Run(stored.Text, await ResolverAsync(store, caller, id, cancellationToken));
        if (check.Resolved is null)
        {
            throw new RuleViolationException($"Description {version} does not parse: {check.Problems[0]}");
        }

        var map = sector.Geometry?.Geometries.Cast<LineString>().Select(l => (IReadOnlyList<GeoPoint>)[.. l.Coordinates.Select(c => new GeoPoint(c.Y, c.X))]).ToList() ?? [];
        var report = ContradictionReport.Build(check.Resolved, map, stored.Precedence, tolerance is > 0 ? tolerance.Value : 1.0);
        return TypedResults.Ok(new
        {
            sector = id,
            version = stored.Id,
            mapLine = sector.LineId,
            precedence = report.Precedence.ToString(),
            tolerance = report.Tolerance,
            legs = report.Legs.Select(l => new { leg = l.Leg, index = l.Index, departure = Math.Round(l.Departure, 3), lat = l.At.Latitude, lon = l.At.Longitude }),
            contradictions = report.Contradictions.Select(c => new
            {
                between = new[] { DescriptionPrecedence.Word(c.First), DescriptionPrecedence.Word(c.Second) },
                where = c.Where,
                distance = c.Distance is { } d ? Math.Round(d, 3) : (double?)null,
                prevails = DescriptionPrecedence.Word(c.Prevails),
                message = c.Message,
            }),
        });
    }

    /// <summary>What changed from version <paramref name="a"/> to version <paramref name="b"/> (any two the caller may see, of one delegation or two).</summary>
    private static async Task<IResult> DiffAsync(HttpContext context, ICommissionStore store, string id, string? a, string? b, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        if (a is null || b is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Two versions are needed", detail: "give ?a=AM-1&b=AM-2");
        }

        var first = await VersionAsync(store, caller, id, a, cancellationToken);
        var second = await VersionAsync(store, caller, id, b, cancellationToken);
        var before = DescriptionText.Parse(first.Text);
        var after = DescriptionText.Parse(second.Text);
        if (!before.Success || !after.Success)
        {
            throw new RuleViolationException($"Only descriptions that parse are compared; {(before.Success ? b : a)} does not: {(before.Success ? after : before).Problems[0]}");
        }

        var difference = DescriptionDifference.Between(before.Value, after.Value, await store.CrsRegistryAsync(caller, cancellationToken));
        return TypedResults.Ok(Diff(first.Id, second.Id, difference));
    }

    /// <summary>A difference as JSON: the API's answer and the CLI's <c>describe diff --format json</c>.</summary>
    public static object Diff(string a, string b, DescriptionDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return new
        {
            a,
            b,
            title = difference.TitleBefore == difference.TitleAfter ? null : new { before = difference.TitleBefore, after = difference.TitleAfter },
            closed = difference.ClosedBefore == difference.ClosedAfter ? null : new { before = difference.ClosedBefore, after = difference.ClosedAfter },
            turningPoints = difference.TurningPoints.Select(p => new
            {
                id = p.Id,
                change = p.Change.ToString().ToLowerInvariant(),
                moved = p.Moved is { } m ? Math.Round(m, 3) : (double?)null,
                before = p.Before is null ? null : DescriptionText.Write(new BoundaryDescription(null, false, [p.Before], [])).TrimEnd(),
                after = p.After is null ? null : DescriptionText.Write(new BoundaryDescription(null, false, [p.After], [])).TrimEnd(),
            }),
            legs = difference.Legs.Select(l => new
            {
                leg = l.Label,
                change = l.Change.ToString().ToLowerInvariant(),
                before = l.Before is null ? null : DescriptionText.Write(new BoundaryDescription(null, false, [], [l.Before])).TrimEnd(),
                after = l.After is null ? null : DescriptionText.Write(new BoundaryDescription(null, false, [], [l.After])).TrimEnd(),
            }),
        };
    }

    private static async Task<DescriptionVersion> VersionAsync(ICommissionStore store, Caller caller, string id, string version, CancellationToken cancellationToken) =>
        await store.GetDescriptionAsync(caller, id, version, cancellationToken) ?? throw new RecordNotFoundException("description", $"{id}/{version}");

    private static async Task<DescriptionResolver> ResolverAsync(ICommissionStore store, Caller caller, string id, CancellationToken cancellationToken) =>
        new(await store.CrsRegistryAsync(caller, cancellationToken), await store.ListReferenceLinesAsync(caller, id, cancellationToken));

    private static object Summary(DescriptionVersion v) => new
    {
        id = v.Id,
        sector = v.SectorId,
        owner = v.Owner.Value,
        number = v.Number,
        status = v.Status.ToString(),
        problems = v.Problems.Count,
        precedence = v.Precedence.ToString(),
        publication = v.Publication.ToString(),
        version = v.Version,
        authoredBy = v.AuthoredBy,
        authoredAt = v.AuthoredAt,
        submittedAt = v.SubmittedAt,
    };

    private static object Full(DescriptionVersion v) => new
    {
        id = v.Id,
        sector = v.SectorId,
        owner = v.Owner.Value,
        number = v.Number,
        status = v.Status.ToString(),
        text = v.Text,
        problems = v.Problems.Select(Problem),
        precedence = v.Precedence.ToString(),
        publication = v.Publication.ToString(),
        version = v.Version,
        authoredBy = v.AuthoredBy,
        authoredAt = v.AuthoredAt,
        submittedAt = v.SubmittedAt,
    };

    /// <summary>A problem as the editor marks it: its line and column in the text, and what is wrong.</summary>
    public static object Problem(InputProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new { line = problem.Line, column = problem.Column, message = problem.Message };
    }

    /// <summary>
    /// The resolved line as a GeoJSON FeatureCollection (a LineString per leg, a Point per turning point) with two
    /// foreign members the editor reads: <c>consistent</c> and <c>problems</c> (RFC 7946 §6.1 allows them).
    /// </summary>
    private static object Collection(CheckedDescription check)
    {
        var features = new List<object>();
        if (check.Resolved is { } resolved)
        {
            foreach (var leg in resolved.Legs)
            {
                features.Add(new
                {
                    type = "Feature",
                    properties = new
                    {
                        from = leg.Leg.From,
                        to = leg.Leg.To,
                        kind = leg.Leg.Kind.ToString(),
                        length_m = Math.Round(leg.Length, 3),
                        azimuth_deg = Math.Round((leg.Azimuth % 360 + 360) % 360, 6),
                        max_chord_deviation_m = Math.Round(leg.MaxChordDeviation, 6),
                        reference = leg.Leg.Reference,
                    },
                    geometry = new { type = "LineString", coordinates = leg.Points.Select(p => new[] { p.Longitude, p.Latitude }) },
                });
            }

            foreach (var point in resolved.Description.TurningPoints.Where(p => resolved.TurningPoints.ContainsKey(p.Id)))
            {
                var at = resolved.TurningPoints[point.Id];
                features.Add(new
                {
                    type = "Feature",
                    id = point.Id,
                    properties = new { turning_point = point.Id, fixed_by = point.FixedBy.ToString().ToLowerInvariant(), stated_crs = point.Position.Crs.ToString() },
                    geometry = new { type = "Point", coordinates = new[] { at.Longitude, at.Latitude } },
                });
            }
        }

        return new { type = "FeatureCollection", consistent = check.IsConsistent, problems = check.Problems.Select(Problem), features };
    }
}
