using System.Globalization;
using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// Geodetic computations: the CRSs the commission works in, the datum transformations between them, coordinate
/// lists transformed, and Soviet map sheets. Anyone may compute; codes resolve through the built-in EPSG systems plus
/// the commission's own CRS definitions the caller may see (published ones to anyone, the rest to members), and only
/// cartographers, the mediator's advisers and administrators add to that registry.
/// </summary>
public static class GeodesyEndpoints
{
    /// <summary>A JSON request to transform a few points: CRS codes, the datum transformation, and points in the source CRS's axis order.</summary>
    public sealed record PointsRequest(string? From, string? To, string? Operation, double[][]? Points);

    /// <summary>A CRS definition for the commission's registry: its code, name and definition text (PROJ string or WKT).</summary>
    public sealed record DefineCrsRequest(string? Code, string? Name, string? Definition, bool Published);

    /// <summary>A changed definition, with the version it was read at.</summary>
    public sealed record ChangeCrsRequest(string? Name, string? Definition, bool Published, int Version);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapGeodesy(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").AllowAnonymous();
        api.MapGet("/crs", ListCrsAsync).WithName("ListCrs");
        api.MapGet("/crs/{code}", GetCrsAsync).WithName("GetCrs");
        api.MapGet("/operations", ListOperationsAsync).WithName("ListOperations");
        api.MapPost("/transform", TransformTextAsync).WithName("TransformText");
        api.MapPost("/transform/points", TransformPointsAsync).WithName("TransformPoints");
        api.MapGet("/sheets/{id}", GetSheet).WithName("GetSheet");
        api.MapGet("/sheets", FindSheet).WithName("FindSheet");

        // Adding to the registry is not anonymous: a separate group, so the one above cannot waive authorization.
        var registry = routes.MapGroup("/api").RequireAuthorization();
        registry.MapPost("/crs", DefineCrsAsync).WithName("DefineCrs");
        registry.MapPut("/crs/{code}", ChangeCrsAsync).WithName("ChangeCrs");
        return routes;
    }

    private static async Task<IResult> ListCrsAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken)
    {
        var utm = Enumerable.Range(32601, 60).Concat(Enumerable.Range(32701, 60))
            .Select(n => CrsRegistry.Standard.Find(CrsCode.Epsg(n))!);
        var builtIn = CrsRegistry.Standard.Defined.OrderBy(c => c.Code.EpsgNumber ?? int.MaxValue).Concat(utm).Select(c => Describe(c, null));
        var stored = (await store.ListCrsAsync(Callers.Of(context), cancellationToken))
            .Select(c => (Entry: c, Crs: c.ToCoordinateReferenceSystem()))
            .Where(c => c.Crs.Success)
            .Select(c => Describe(c.Crs.Value, c.Entry));
        return TypedResults.Ok(builtIn.Concat(stored));
    }

    private static async Task<IResult> GetCrsAsync(HttpContext context, ICommissionStore store, string code, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var crs = Resolve(await store.CrsRegistryAsync(caller, cancellationToken), code, "code");
        if (crs.Problem is { } problem)
        {
            return problem;
        }

        var entry = crs.Crs!.Code.EpsgNumber is null
            ? (await store.ListCrsAsync(caller, cancellationToken)).FirstOrDefault(c => c.Code == crs.Crs.Code)
            : null;
        return TypedResults.Ok(Describe(crs.Crs, entry));
    }

    /// <summary>Adds a definition to the commission's registry: 400 naming what is wrong and where in the text, 201 with the stored entry.</summary>
    private static async Task<IResult> DefineCrsAsync(HttpContext context, ICommissionStore store, DefineCrsRequest request, CancellationToken cancellationToken)
    {
        var read = CommissionCrs.Read(request.Code, request.Name, request.Definition);
        if (!read.Success)
        {
            return InputProblems(read.Problems, "The CRS definition cannot be used");
        }

        var added = await store.AddCrsAsync(Callers.Of(context), read.Value with { IsPublished = request.Published }, cancellationToken);
        return TypedResults.Created($"/api/crs/{Uri.EscapeDataString(added.Code.ToString())}", Describe(added.ToCoordinateReferenceSystem().Value, added));
    }

    private static async Task<IResult> ChangeCrsAsync(HttpContext context, ICommissionStore store, string code, ChangeCrsRequest request, CancellationToken cancellationToken)
    {
        var read = CommissionCrs.Read(code, request.Name, request.Definition);
        if (!read.Success)
        {
            return InputProblems(read.Problems, "The CRS definition cannot be used");
        }

        var changed = await store.ChangeCrsAsync(Callers.Of(context), read.Value with { IsPublished = request.Published }, request.Version, cancellationToken);
        return TypedResults.Ok(Describe(changed.ToCoordinateReferenceSystem().Value, changed));
    }

    private static async Task<IResult> ListOperationsAsync(HttpContext context, ICommissionStore store, string? from, string? to, CancellationToken cancellationToken)
    {
        var registry = await store.CrsRegistryAsync(Callers.Of(context), cancellationToken);
        var source = Resolve(registry, from, "from");
        var target = Resolve(registry, to, "to");
        if ((source.Problem ?? target.Problem) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(new
        {
            from = source.Crs!.Code.ToString(),
            to = target.Crs!.Code.ToString(),
            needsDatumTransformation = TransformationChoice.NeedsTransformation(source.Crs, target.Crs),
            transformations = TransformationChoice.Applicable(source.Crs, target.Crs).Select(t => new
            {
                code = t.Code.ToString(),
                name = t.Name,
                accuracyMetres = double.IsNaN(t.Accuracy) ? (double?)null : t.Accuracy,
                method = t.Convention == RotationConvention.PositionVector ? "Position Vector (EPSG:9606)" : "Coordinate Frame rotation (EPSG:9607)",
                direction = t.Source.Equals(source.Crs.Datum) ? "forward" : "inverse",
                areaOfUse = Bounds(t.AreaOfUse),
                areaDescription = t.AreaDescription,
            }),
        });
    }

    /// <summary>
    /// Transforms a text body of coordinate lines (CSV or whitespace-separated) and streams the result as text/plain.
    /// The first line names the operation, and a trailing comment block lists the problems with their line numbers.
    /// </summary>
    private static async Task<IResult> TransformTextAsync(
        HttpContext context, ICommissionStore store, string? from, string? to, string? operation, string? strict, string? id, string? delimiter)
    {
        var registry = await store.CrsRegistryAsync(Callers.Of(context), context.RequestAborted);
        var chosen = ChooseOperation(registry, from, to, operation);
        if (chosen.Problem is { } problem)
        {
            return problem;
        }

        var flags = new List<InputProblem>();
        var strictValue = Flag(strict, "strict", flags);
        var idValue = Flag(id, "id", flags);
        char? separator = delimiter switch
        {
            null or "" => null,
            "space" => ' ',
            "tab" => '\t',
            "," or ";" => delimiter[0],
            _ => AddProblem(flags, new InputProblem("delimiter", $"'{delimiter}' is not a column separator; use ',', ';', 'tab' or 'space'.")),
        };
        var mediaType = context.Request.ContentType is { } type ? type.Split(';')[0].Trim() : null;
        if (mediaType is not (null or "text/plain" or "text/csv"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send coordinate lines as text/plain or text/csv.",
                detail: $"The body is {mediaType}; POST /api/transform/points takes JSON.");
        }

        if (flags.Count > 0)
        {
            return InputProblems(flags, "The request could not be read");
        }

        var op = chosen.Operation!;
        var options = new CoordinateTextOptions
        {
            Source = op.Source,
            Target = op.Target,
            DatumTransformation = op.DatumTransformation,
            Registry = registry,
            Delimiter = separator,
            LinesCarryId = idValue,
            Strict = strictValue,
            SourceName = "body",
        };
        var body = context.Request.Body;
        var cancellationToken = context.RequestAborted;
        return TypedResults.Stream(async output =>
        {
            using var reader = new StreamReader(body, Utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            await using var writer = new StreamWriter(output, Utf8, bufferSize: 1 << 16, leaveOpen: true);
            await writer.WriteLineAsync($"# {op.Name}".AsMemory(), cancellationToken);
            var report = await CoordinateTextTransform.TransformAsync(reader, writer, options, cancellationToken);
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"# problems: {report.Problems.Count + report.ProblemsNotListed} ({report.PointsWritten} points written, {report.PointsFlagged} flagged, {report.LinesRejected} lines left out{(report.StoppedEarly ? "; stopped at the first problem (strict)" : "")})").AsMemory(), cancellationToken);
            foreach (var p in report.Problems)
            {
                await writer.WriteLineAsync(("# " + p).AsMemory(), cancellationToken);
            }
        }, "text/plain; charset=utf-8");
    }

    private static async Task<IResult> TransformPointsAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken)
    {
        PointsRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<PointsRequest>(context.Request.Body, RequestJson, cancellationToken);
        }
        catch (JsonException e)
        {
            return InputProblems([new InputProblem("request body", "not the expected JSON {from, to, operation, points: [[a, b], …]}: " + e.Message)], "The request could not be read");
        }

        if (request is null)
        {
            return InputProblems([new InputProblem("request body", "send {from, to, operation, points: [[a, b], …]}.")], "The request could not be read");
        }

        var chosen = ChooseOperation(await store.CrsRegistryAsync(Callers.Of(context), cancellationToken), request.From, request.To, request.Operation);
        if (chosen.Problem is { } problem)
        {
            return problem;
        }

        var points = request.Points ?? [];
        var bad = points.Select((p, i) => (p, i)).Where(x => x.p is not { Length: 2 }).Select(x => new InputProblem("points", $"point {x.i} must be two numbers [a, b] in the axis order of {chosen.Operation!.Source.Code}.") { Feature = x.i }).Take(10).ToList();
        if (bad.Count > 0)
        {
            return InputProblems(bad, "The request could not be read");
        }

        var op = chosen.Operation!;
        return TypedResults.Ok(new
        {
            from = op.Source.Code.ToString(),
            to = op.Target.Code.ToString(),
            operation = op.Name,
            datumTransformation = op.DatumTransformation?.Code.ToString(),
            accuracyMetres = double.IsNaN(op.Accuracy) ? (double?)null : op.Accuracy,
            axes = new[] { op.Target.AxisNames.First, op.Target.AxisNames.Second },
            points = points.Select(p =>
            {
                var r = op.Transform(p[0], p[1]);
                var invalid = (r.Issues & TransformIssues.InvalidCoordinate) != TransformIssues.None;
                return new { coordinates = invalid ? null : new[] { r.First, r.Second }, flags = FlagNames(r.Issues) };
            }).ToList(),
        });
    }

    private static IResult GetSheet(string id)
    {
        var sheet = SheetNomenclature.Parse(id, "id");
        if (!sheet.Success)
        {
            return InputProblems(sheet.Problems, "Not a sheet name");
        }

        var s = sheet.Value;
        var b = s.Bounds;
        return TypedResults.Ok(new
        {
            id = s.ToString(),
            latin = s.ToLatinString(),
            scale = (int)s.Scale,
            crs = "EPSG:4284",
            corners = new
            {
                southWest = new { latitude = b.South, longitude = b.West },
                southEast = new { latitude = b.South, longitude = b.East },
                northEast = new { latitude = b.North, longitude = b.East },
                northWest = new { latitude = b.North, longitude = b.West },
            },
        });
    }

    private static IResult FindSheet(string? lat, string? lon, string? scale)
    {
        var sheet = SheetQuery.Read(lat, lon, scale);
        if (!sheet.Success)
        {
            return InputProblems(sheet.Problems, "No sheet for that point");
        }

        var s = sheet.Value;
        return TypedResults.Ok(new { id = s.ToString(), latin = s.ToLatinString(), scale = (int)s.Scale, crs = "EPSG:4284", bounds = Bounds(s.Bounds) });
    }

    /// <summary>A CRS as the API shows it; a commission definition also carries its text as given and its record fields.</summary>
    private static object Describe(CoordinateReferenceSystem crs, CommissionCrs? entry) => new
    {
        code = crs.Code.ToString(),
        name = crs.Name,
        kind = crs.IsProjected ? "projected" : "geographic",
        datum = crs.Datum.Name,
        axes = new[] { crs.AxisNames.First, crs.AxisNames.Second },
        areaOfUse = Bounds(crs.AreaOfUse),
        defaultTransformationToWgs84 = crs.DefaultToWgs84?.Code.ToString(),
        proj = crs.ToProjString(),
        registry = entry is null ? null : new
        {
            format = entry.Format.ToString(),
            definition = entry.Definition,
            published = entry.IsPublished,
            addedBy = entry.AddedBy,
            addedAt = entry.AddedAt,
            version = entry.Version,
        },
    };

    private static object Bounds(GeographicBounds b) => new { south = b.South, west = b.West, north = b.North, east = b.East };

    private static string[] FlagNames(TransformIssues issues) =>
        Enum.GetValues<TransformIssues>().Where(f => f != TransformIssues.None && (issues & f) == f)
            .Select(f => JsonNamingPolicy.CamelCase.ConvertName(f.ToString())).ToArray();

    /// <summary>A CRS by code: 400 when the code is malformed, 404 when no such CRS is known.</summary>
    private static (CoordinateReferenceSystem? Crs, IResult? Problem) Resolve(CrsRegistry registry, string? text, string parameter)
    {
        var code = CrsCode.Parse(text, parameter);
        if (!code.Success)
        {
            return (null, InputProblems(code.Problems, "Not a CRS code"));
        }

        return registry.Find(code.Value) is { } crs
            ? (crs, null)
            : (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown CRS",
                detail: $"{parameter}: {code.Value} is not a CRS Demarcate knows; GET /api/crs lists them."));
    }

    /// <summary>The operation the request names; a missing datum transformation where one is needed is refused with the candidates.</summary>
    private static (CoordinateOperation? Operation, IResult? Problem) ChooseOperation(CrsRegistry registry, string? from, string? to, string? operation)
    {
        var source = Resolve(registry, from, "from");
        var target = Resolve(registry, to, "to");
        if ((source.Problem ?? target.Problem) is { } problem)
        {
            return (null, problem);
        }

        var chosen = TransformationChoice.Choose(source.Crs!, target.Crs!, operation, "operation");
        if (chosen.Success)
        {
            return (chosen.Value, null);
        }

        var candidates = TransformationChoice.Applicable(source.Crs!, target.Crs!);
        var unknown = operation is not null && candidates.All(t => !string.Equals(t.Code.ToString(), operation.Trim(), StringComparison.OrdinalIgnoreCase))
            && DatumTransformations.All.All(t => !string.Equals(t.Code.ToString(), operation.Trim(), StringComparison.OrdinalIgnoreCase));
        return (null, TypedResults.Problem(
            statusCode: unknown ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
            title: unknown ? "Unknown datum transformation" : "Name the datum transformation",
            detail: chosen.Problems[0].ToString(),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["candidates"] = candidates.Select(t => t.Code.ToString()).ToArray() }));
    }

    private static bool Flag(string? text, string name, List<InputProblem> problems)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "0" or "no":
                return false;
            case "true" or "1" or "yes":
                return true;
            default:
                problems.Add(new InputProblem(name, $"'{text}' is not true or false."));
                return false;
        }
    }

    private static char? AddProblem(List<InputProblem> problems, InputProblem problem)
    {
        problems.Add(problem);
        return null;
    }

    private static ProblemHttpResult InputProblems(IReadOnlyList<InputProblem> problems, string title) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: title,
            detail: Text(problems[0]),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["problems"] = problems.Select(Text).ToArray() });

    /// <summary>A problem in one line; a column without a line (a parameter's own text) is named as such.</summary>
    private static string Text(InputProblem problem) =>
        problem.Line is null && problem.Column is { } column
            ? string.Create(CultureInfo.InvariantCulture, $"{problem.Source}, column {column}: {problem.Message}")
            : problem.ToString();
}
