using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Formats;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.Import;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Endpoints;

/// <summary>Lines the delegations draw and submit, and sectors moving through the commission's work.</summary>
public static class LineEndpoints
{
    public sealed record SubmitRequest(int Version);

    public sealed record StatusRequest(string? Status, int Version);

    public static IEndpointRouteBuilder MapLines(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/lines", ListLinesAsync).WithName("ListLines");
        api.MapGet("/lines/{id}", GetLineAsync).WithName("GetLine");
        api.MapPost("/lines", DrawLineAsync).WithName("DrawLine").RequireAuthorization();
        api.MapPost("/lines/import", ImportLinesAsync).WithName("ImportLines").RequireAuthorization();
        api.MapPost("/lines/{id}/submit", SubmitLineAsync).WithName("SubmitLine").RequireAuthorization();
        api.MapPost("/sectors/{id}/status", ChangeStatusAsync).WithName("ChangeSectorStatus").RequireAuthorization();
        return routes;
    }

    private static async Task<IResult> ListLinesAsync(HttpContext context, ICommissionStore store, string? section, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListLinesAsync(Callers.Of(context), section, cancellationToken)).Select(Summary));

    private static async Task<IResult> GetLineAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var line = await store.GetLineAsync(Callers.Of(context), id, cancellationToken) ?? throw new RecordNotFoundException("line", id);
        return TypedResults.Ok(Summary(line) with { Geometry = JsonDocument.Parse(GeoJsonWriter.WriteGeometry(line.Geometry)).RootElement });
    }

    /// <summary>
    /// A delegation draws a line: a GeoJSON Feature whose properties name the line (<c>id</c>, <c>section</c>,
    /// <c>name</c>, optional <c>kind</c>) and whose geometry is a LineString or MultiLineString in WGS 84.
    /// </summary>
    private static async Task<IResult> DrawLineAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var read = await GeoJsonReader.ReadAllAsync(context.Request.Body, "request body", cancellationToken);
        if (!read.Success)
        {
            return InputProblems(read.Problems);
        }

        if (read.Value.Count != 1)
        {
            return InputProblems([new InputProblem("request body", $"send exactly one Feature, not {read.Value.Count}")]);
        }

        var feature = read.Value[0];
        string? Text(string name) => feature.Properties.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var id = Text("id") ?? feature.Id;
        var section = Text("section");
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(section))
        {
            return InputProblems([new InputProblem("request body", "the feature needs an id and a section (properties \"id\" and \"section\")") { Feature = 0 }]);
        }

        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var geometry = feature.Geometry switch
        {
            MultiLineString m => m,
            LineString l => factory.CreateMultiLineString([l]),
            _ => null,
        };
        if (geometry is null || geometry.IsEmpty)
        {
            return InputProblems([new InputProblem("request body", "a line's geometry must be a LineString or MultiLineString") { Feature = 0 }]);
        }

        var kind = Enum.TryParse<LineKind>(Text("kind"), ignoreCase: true, out var k) ? k : LineKind.PartyClaim;
        var owner = caller.Account?.Party ?? throw new NotPermittedException("Sign in as a member of a delegation to draw lines.");
        var line = new BoundaryLine(id.Trim(), section.Trim(), kind, Text("name") ?? id, geometry)
        {
            Owner = owner,
            ClaimedBy = kind == LineKind.PartyClaim ? owner : null,
        };
        var drawn = await store.AddLineAsync(caller, line, cancellationToken);
        return TypedResults.Created($"/api/lines/{drawn.Id}", Summary(drawn));
    }

    /// <summary>
    /// A delegation imports a file of lines as its drafts: the raw request body in the <c>format</c> named
    /// (geojson, kml, csv, wkt), along <c>section</c>. Every feature is judged first; one problem and nothing is
    /// written, and the answer lists every problem with its file, feature, line and column.
    /// </summary>
    private static async Task<IResult> ImportLinesAsync(
        HttpContext context,
        ICommissionStore store,
        string? format,
        string? section,
        string? file,
        string? crs,
        string? axisOrder,
        string? operation,
        bool? repair,
        string? kind,
        string? layer,
        CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var owner = caller.Account?.Party ?? throw new NotPermittedException("Sign in as a member of a delegation to import lines.");
        var source = string.IsNullOrWhiteSpace(file) ? "request body" : Path.GetFileName(file);
        var chosen = format is not null ? FeatureFormats.Parse(format) : file is not null ? FeatureFormats.FromPath(file) : null;
        if (chosen is null)
        {
            return ImportProblems([new InputProblem("format", "name the format: ?format=geojson, kml, gpkg, csv or wkt")]);
        }

        if (string.IsNullOrWhiteSpace(section))
        {
            return ImportProblems([new InputProblem("section", "name the section the lines run along: ?section=…")]);
        }

        Demarcate.Core.Geodesy.AxisOrder? axes = null;
        if (axisOrder is not null)
        {
            var parsed = LineImportRequest.ParseAxisOrder(axisOrder, "axisOrder");
            if (!parsed.Success)
            {
                return ImportProblems(parsed.Problems);
            }

            axes = parsed.Value;
        }

        var lineKind = LineKind.PartyClaim;
        if (kind is not null && (!Enum.TryParse(kind, ignoreCase: true, out lineKind) || lineKind == LineKind.AgreedLine))
        {
            return ImportProblems([new InputProblem("kind", "a delegation imports PartyClaim or SourceLine lines")]);
        }

        if (context.Request.ContentLength > LineImportRequest.DefaultMaximumBytes)
        {
            return ImportProblems([new InputProblem(source, $"the body is larger than the import limit of {LineImportRequest.DefaultMaximumBytes / (1024 * 1024)} MiB; nothing was imported. Split the file by section or sector")], StatusCodes.Status413PayloadTooLarge);
        }

        // The import reads at most its own limit, so the server's smaller default need not apply.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = LineImportRequest.DefaultMaximumBytes + 1;
        }

        // CRSs the commission has defined resolve in ?crs= like EPSG codes, as far as the caller may see them.
        var registry = await store.CrsRegistryAsync(caller, cancellationToken);
        var result = await LineFileImport.ImportAsync(
            store,
            caller,
            context.Request.Body,
            section.Trim(),
            s => new LineImportRequest
            {
                SourceName = source,
                Format = chosen.Value,
                Section = s,
                Owner = owner,
                Kind = lineKind,
                Crs = crs,
                Registry = registry,
                AxisOrder = axes,
                Operation = operation,
                Repair = repair ?? false,
                Layer = layer,
            },
            cancellationToken);
        if (!result.Success)
        {
            return ImportProblems(result.Problems);
        }

        var plan = result.Value;
        return TypedResults.Json(
            new
            {
                imported = plan.Lines.Count,
                operation = plan.Operation,
                lines = plan.Lines.Select(Summary).ToArray(),
                changes = plan.Changes.Select(c => new { feature = c.Feature, kind = c.Kind.ToString(), description = c.Description }).ToArray(),
            },
            statusCode: StatusCodes.Status201Created);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ImportProblems(IReadOnlyList<InputProblem> problems, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(
            statusCode: status,
            title: "The lines could not be imported; nothing was written",
            detail: problems[0].ToString(),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["problems"] = problems.Select(p => new { file = p.Source, feature = p.Feature, line = p.Line, column = p.Column, reason = p.Message }).ToArray(),
            });

    private static async Task<IResult> SubmitLineAsync(HttpContext context, ICommissionStore store, string id, SubmitRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(Summary(await store.SubmitLineAsync(Callers.Of(context), id, request.Version, cancellationToken)));

    private static async Task<IResult> ChangeStatusAsync(HttpContext context, ICommissionStore store, string id, StatusRequest request, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<SectorStatus>(request.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Unknown status",
                detail: $"Status must be one of: {string.Join(", ", Enum.GetNames<SectorStatus>())}.");
        }

        var moved = await store.ChangeSectorStatusAsync(Callers.Of(context), id, status, request.Version, cancellationToken);
        return TypedResults.Ok(new { id = moved.Sector.Id, status = moved.Sector.Status.ToString(), version = moved.Sector.Version });
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult InputProblems(IReadOnlyList<InputProblem> problems) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The line could not be read",
            detail: problems[0].ToString(),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["problems"] = problems.Select(p => p.ToString()).ToArray() });

    private sealed record LineSummary(string Id, string Section, string Kind, string Name, string? Owner, string? ClaimedBy, string? Source, string Publication, int Version, int Vertices)
    {
        public JsonElement? Geometry { get; init; }
    }

    private static LineSummary Summary(BoundaryLine l) =>
        new(l.Id, l.SectionId, l.Kind.ToString(), l.Name, l.Owner?.Value, l.ClaimedBy?.Value, l.SourceId, l.Publication.ToString(), l.Version, l.Geometry.NumPoints);
}
