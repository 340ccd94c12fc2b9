using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats.Survey;
using Demarcate.Server.Trust;
using Demarcate.Storage;

namespace Demarcate.Server.Endpoints;

/// <summary>The pillar register: pillars the caller may see, one pillar with its history and inspections, and field survey imports.</summary>
public static class PillarEndpoints
{
    /// <summary>The largest survey file accepted in one request.</summary>
    public const long MaximumSurveyBytes = 16L * 1024 * 1024;

    public static IEndpointRouteBuilder MapPillars(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/pillars", ListPillarsAsync).WithName("ListPillars");
        api.MapGet("/pillars/{prefix}/{sequence}", GetPillarAsync).WithName("GetPillar");
        api.MapPost("/pillars/survey", ImportSurveyAsync).WithName("ImportPillarSurvey").RequireAuthorization()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaximumSurveyBytes));
        return routes;
    }

    /// <summary>GET /api/pillars[?sector=M-04][&amp;status=Planned][&amp;type=Primary]: the register as the caller may see it, in number order.</summary>
    private static async Task<IResult> ListPillarsAsync(HttpContext context, ICommissionStore store, string? sector, string? status, string? type, CancellationToken cancellationToken)
    {
        var pillars = await store.ListPillarsAsync(Callers.Of(context), sector, cancellationToken);
        return TypedResults.Ok(pillars
            .Where(p => status is null || string.Equals(p.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
            .Where(p => type is null || string.Equals(p.Type.ToString(), type, StringComparison.OrdinalIgnoreCase))
            .Select(Describe));
    }

    /// <summary>GET /api/pillars/M-04/12.1: one pillar (its number is prefix/sequence) with its witness marks, history and inspections (photo names, not bytes).</summary>
    private static async Task<IResult> GetPillarAsync(HttpContext context, ICommissionStore store, string prefix, string sequence, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var number = prefix + "/" + sequence;
        var pillar = await store.GetPillarAsync(caller, number, cancellationToken) ?? throw new RecordNotFoundException("pillar", number);
        var history = await store.ListPillarHistoryAsync(caller, number, cancellationToken);
        var inspections = await store.ListInspectionsAsync(caller, number, cancellationToken);
        var witnessMarks = await store.ListWitnessMarksAsync(caller, number, cancellationToken);
        return TypedResults.Ok(new
        {
            pillar = Describe(pillar),
            witnessMarks = witnessMarks.Select(m => WitnessMarkEndpoints.Describe(pillar, m)),
            history = history.Select(h => new { h.Sequence, h.At, h.Actor, h.Action, h.Snapshot }),
            inspections = inspections.Select(i => new { inspectedOn = i.InspectedOn, found = i.Found.ToString(), i.Notes, i.Inspector, photos = i.Photos.Select(p => p.Name) }),
        });
    }

    /// <summary>
    /// POST /api/pillars/survey?crs=EPSG:32638[&amp;frame=ITRF2014&amp;epoch=2024.3&amp;accuracy=0.02&amp;method=…][&amp;accept=valid][&amp;dryRun=true]
    /// with a CSV or GeoJSON body: reconciles with the register and records the survey. Rows with problems answer 422
    /// with every problem and nothing recorded, unless <c>accept=valid</c> records the valid rows.
    /// </summary>
    private static async Task<IResult> ImportSurveyAsync(
        HttpContext context,
        ICommissionStore store,
        string? crs,
        string? frame,
        double? epoch,
        double? accuracy,
        string? method,
        string? accept,
        bool? dryRun,
        CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        if (!Permissions.MayRecordSurvey(caller))
        {
            throw new NotPermittedException("The survey teams' cartographers and the mediator's advisers import surveys.");
        }

        var system = (await store.CrsRegistryAsync(caller, cancellationToken)).Resolve(crs ?? "", "crs");
        if (!system.Success)
        {
            return Problems(system.Problems, StatusCodes.Status400BadRequest);
        }

        var commission = await store.GetCommissionAsync(cancellationToken);
        var operation = TransformationChoice.Choose(system.Value, CrsRegistry.Wgs84, TransformationChoice.DefaultCode(system.Value, CrsRegistry.Wgs84, commission?.DatumTransformation), "operation");
        if (!operation.Success)
        {
            return Problems(operation.Problems, StatusCodes.Status400BadRequest);
        }

        var geoJson = context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        var defaults = new SurveyFileDefaults(operation.Value) { Frame = frame, Epoch = epoch, Accuracy = accuracy, Method = method ?? "GNSS" };
        var file = await SurveyFileReader.ReadAsync(context.Request.Body, "request body", geoJson, defaults, cancellationToken);
        var survey = SurveyReconciliation.Reconcile(file.Rows, await store.ListPillarsAsync(caller, null, cancellationToken), new SurveyTolerances());
        var problems = file.Problems.Concat(survey.Problems).ToList();
        var acceptValid = string.Equals(accept, "valid", StringComparison.OrdinalIgnoreCase);
        if (problems.Count > 0 && !acceptValid)
        {
            return Problems(problems, StatusCodes.Status422UnprocessableEntity);
        }

        if (dryRun != true && survey.Valid.Count > 0)
        {
            await store.RecordSurveyAsync(caller, [.. survey.Valid.Select(v => v.Observation)], cancellationToken);
        }

        return TypedResults.Ok(new
        {
            recorded = dryRun != true ? survey.Valid.Count : 0,
            observations = survey.Valid.Select(v => new
            {
                number = v.Pillar.Number.ToString(),
                type = v.Pillar.Type.ToString(),
                east = v.East,
                north = v.North,
                offset = v.Distance,
                tolerance = v.Tolerance,
                withinTolerance = v.WithinTolerance,
            }),
            skipped = problems.Select(p => new { line = p.Line, feature = p.Feature, reason = p.Message }),
        });
    }

    private static object Describe(Pillar p) => new
    {
        number = p.Number.ToString(),
        sector = p.SectorId,
        type = p.Type.ToString(),
        reason = p.Reason.ToString(),
        status = p.Status.ToString(),
        chainage = p.Chainage,
        feature = p.Feature,
        planned = new { latitude = p.Planned.Latitude, longitude = p.Planned.Longitude, height = p.PlannedHeight },
        surveyed = p.Surveyed is { } s
            ? new
            {
                latitude = s.Position.Latitude,
                longitude = s.Position.Longitude,
                height = s.Height,
                heightSystem = s.HeightSystem,
                frame = s.Frame,
                epoch = s.Epoch,
                method = s.Method,
                accuracy = s.AccuracyMetres,
                observedOn = s.ObservedOn,
            }
            : null,
        offset = p.Offset() is { } o ? new { east = o.East, north = o.North, distance = o.Distance } : null,
        owner = p.Owner?.Value,
        publication = p.Publication.ToString(),
        version = p.Version,
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problems(IReadOnlyList<InputProblem> problems, int status) =>
        TypedResults.Problem(
            statusCode: status,
            title: "The survey has rows with problems; nothing was recorded",
            detail: problems[0].ToString(),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["problems"] = problems.Select(p => new { file = p.Source, feature = p.Feature, line = p.Line, reason = p.Message }).ToArray(),
            });
}
