using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats.Survey;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using static Demarcate.Server.Endpoints.InputProblemResponse;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// A pillar's witness marks: read them, replace them (with the version the pillar was read at), and import them from a
/// CSV file. Thin: the reduction to true bearings is <see cref="WitnessMarkEntry"/>, every write the store's
/// <see cref="ICommissionStore.SetWitnessMarksAsync"/> with the trust model's checks.
/// </summary>
public static class WitnessMarkEndpoints
{
    /// <summary>The largest witness-mark file accepted in one request.</summary>
    public const long MaximumFileBytes = 4L * 1024 * 1024;

    public static IEndpointRouteBuilder MapWitnessMarks(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/pillars/{prefix}/{sequence}/witness-marks", ListAsync).WithName("ListWitnessMarks");
        api.MapPut("/pillars/{prefix}/{sequence}/witness-marks", SetAsync).WithName("SetWitnessMarks").RequireAuthorization();
        api.MapPost("/pillars/witness-marks", ImportAsync).WithName("ImportWitnessMarks").RequireAuthorization()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaximumFileBytes));
        return routes;
    }

    /// <summary>One mark as a form or client sends it: the bearing as measured, from which north, and the correction when stated.</summary>
    public sealed record MarkInput(
        int? Number,
        string? Kind,
        double? Bearing,
        string? Azimuth,
        double? Correction,
        double? Distance,
        string? Description,
        double? SlopeDistance,
        double? HeightDifference,
        double? Latitude,
        double? Longitude);

    /// <summary>A pillar's whole set of marks and the pillar's version it was read at.</summary>
    public sealed record MarkSetInput(int? Version, IReadOnlyList<MarkInput>? Marks);

    /// <summary>GET /api/pillars/M-04/12/witness-marks: the pillar's marks, in number order, with the pillar's version; 404 for a pillar the caller may not see.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, ICommissionStore store, string prefix, string sequence, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var number = prefix + "/" + sequence;
        var pillar = await store.GetPillarAsync(caller, number, cancellationToken) ?? throw new RecordNotFoundException("pillar", number);
        var marks = await store.ListWitnessMarksAsync(caller, number, cancellationToken);
        return TypedResults.Ok(new { number, version = pillar.Version, marks = marks.Select(m => Describe(pillar, m)) });
    }

    /// <summary>
    /// PUT /api/pillars/M-04/12/witness-marks with <c>{"version":3,"marks":[{"number":1,"kind":"iron pin","bearing":47.5,
    /// "azimuth":"grid","distance":12.3,…}]}</c>: replaces the pillar's marks. Survey teams only; a problem names the mark
    /// (400), a version other than the pillar's current one answers 409 with <c>currentVersion</c>.
    /// </summary>
    private static async Task<IResult> SetAsync(HttpContext context, ICommissionStore store, string prefix, string sequence, MarkSetInput? input, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var number = prefix + "/" + sequence;
        var pillar = await store.GetPillarAsync(caller, number, cancellationToken) ?? throw new RecordNotFoundException("pillar", number);
        if (!Permissions.MayRecordSurvey(caller))
        {
            throw new NotPermittedException("The survey teams' cartographers and the mediator's advisers record witness marks.");
        }

        var problems = new List<InputProblem>();
        if (input?.Version is not { } version)
        {
            problems.Add(new InputProblem("version", "the version the pillar was read at is required"));
            version = 0;
        }

        var marks = new List<WitnessMark>();
        var given = input?.Marks ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            var source = string.Create(CultureInfo.InvariantCulture, $"marks[{i}]");
            var (entry, entryProblems) = Entry(given[i]);
            problems.AddRange(entryProblems.Select(p => new InputProblem(source, p) { Feature = i }));
            if (entry is null)
            {
                continue;
            }

            var (mark, markProblems) = entry.ToMark(pillar.Surveyed?.Position ?? pillar.Planned);
            problems.AddRange(markProblems.Select(p => new InputProblem(source, p) { Feature = i }));
            marks.Add(mark);
        }

        foreach (var twice in marks.GroupBy(m => m.Number).Where(g => g.Count() > 1))
        {
            problems.Add(new InputProblem("marks", string.Create(CultureInfo.InvariantCulture, $"witness mark {twice.Key}: the number is used {twice.Count()} times")));
        }

        if (problems.Count > 0)
        {
            return Problems("The witness marks have problems; nothing was recorded", problems, StatusCodes.Status400BadRequest);
        }

        var changed = (await store.SetWitnessMarksAsync(caller, [new WitnessMarkSet(number, marks, version)], cancellationToken))[0];
        var stored = await store.ListWitnessMarksAsync(caller, number, cancellationToken);
        return TypedResults.Ok(new { number, version = changed.Version, marks = stored.Select(m => Describe(changed, m)) });
    }

    /// <summary>
    /// POST /api/pillars/witness-marks[?accept=valid][&amp;dryRun=true] with a CSV body (pillar, mark, kind, bearing,
    /// distance, …): rows with problems answer 422 with each row's line and nothing recorded, unless <c>accept=valid</c>
    /// records the valid rows. A mark replaces the pillar's mark of that number; the pillar's other marks stay.
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpContext context, ICommissionStore store, string? accept, bool? dryRun, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        if (!Permissions.MayRecordSurvey(caller))
        {
            throw new NotPermittedException("The survey teams' cartographers and the mediator's advisers import witness marks.");
        }

        var file = await WitnessMarkFileReader.ReadAsync(context.Request.Body, "request body", cancellationToken);
        var plan = await store.PrepareAsync(caller, "request body", file, cancellationToken);
        if (plan.Problems.Count > 0 && !string.Equals(accept, "valid", StringComparison.OrdinalIgnoreCase))
        {
            return Problems("The witness-mark file has rows with problems; nothing was recorded", plan.Problems, StatusCodes.Status422UnprocessableEntity);
        }

        var recording = dryRun != true && plan.Sets.Count > 0;
        if (recording)
        {
            await store.SetWitnessMarksAsync(caller, plan.Sets, cancellationToken);
        }

        return TypedResults.Ok(new
        {
            recorded = recording ? plan.Valid.Count : 0,
            pillars = plan.Sets.Select(s => new { number = s.Number, marks = s.Marks.Count }),
            skipped = plan.Problems.Select(p => new { line = p.Line, reason = p.Message }),
        });
    }

    private static (WitnessMarkEntry? Entry, IReadOnlyList<string> Problems) Entry(MarkInput? input)
    {
        var problems = new List<string>();
        if (input is null)
        {
            return (null, ["a witness mark is an object with its number, kind, bearing and distance"]);
        }

        var name = input.Number is { } n ? string.Create(CultureInfo.InvariantCulture, $"witness mark {n}") : "a witness mark";
        if (input.Number is null)
        {
            problems.Add($"{name}: the mark's number is required");
        }

        if (input.Bearing is null || input.Distance is null)
        {
            problems.Add($"{name}: the bearing and the horizontal distance are required");
        }

        var from = AzimuthKind.True;
        if (input.Azimuth is { Length: > 0 } azimuth && (!azimuth.All(char.IsLetter) || !Enum.TryParse(azimuth, ignoreCase: true, out from)))
        {
            problems.Add($"{name}: the azimuth '{azimuth}' is not true, grid or magnetic");
        }

        if ((input.Latitude is null) != (input.Longitude is null))
        {
            problems.Add($"{name}: a surveyed position needs both latitude and longitude");
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        return (new WitnessMarkEntry(input.Number!.Value, input.Kind ?? "", input.Bearing!.Value, from, input.Distance!.Value)
        {
            Correction = input.Correction,
            Description = input.Description ?? "",
            SlopeDistance = input.SlopeDistance,
            HeightDifference = input.HeightDifference,
            Surveyed = input.Latitude is { } lat && input.Longitude is { } lon ? new GeoPoint(lat, lon) : null,
        }, problems);
    }

    /// <summary>One mark as the API shows it, with where its bearing and distance put it.</summary>
    internal static object Describe(Pillar pillar, WitnessMark m)
    {
        var at = m.PositionFrom(pillar.Surveyed?.Position ?? pillar.Planned);
        return new
        {
            number = m.Number,
            kind = m.Kind,
            description = m.Description,
            bearing = m.Bearing,
            azimuth = m.MeasuredFrom.ToString(),
            measuredBearing = m.MeasuredBearing,
            correction = m.Correction,
            distance = m.Distance,
            slopeDistance = m.SlopeDistance,
            heightDifference = m.HeightDifference,
            surveyed = m.Surveyed is { } s ? new { latitude = s.Latitude, longitude = s.Longitude } : null,
            computed = new { latitude = at.Latitude, longitude = at.Longitude },
        };
    }
}
