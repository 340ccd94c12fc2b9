using Demarcate.Core;
using Demarcate.Core.Agreements;
using Demarcate.Core.TransportLinks;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;

namespace Demarcate.Server.Endpoints;

/// <summary>The agreements register (agreements, provisions with their status history, the dashboard) and the transport-links task force.</summary>
public static class AgreementEndpoints
{
    public sealed record AssessmentRequest(int? Level, string? AssessedOn, string? Evidence, string? DocumentLink);

    public sealed record CheckpointRequest(string? Name, string? Kind, double Latitude, double Longitude);

    public sealed record ActionRequest(
        string? Id, string? Title, string? Subgroup, string? Route, string[]? Responsible, string? Deadline, CheckpointRequest[]? Checkpoints, string? Notes, string? Owner, bool Submit);

    public sealed record ActionStatusRequest(string? Status, string? Publication, int Version);

    public sealed record ProvisionRequest(string? Summary, string? Theme, string[]? Responsible, string? Deadline, string[]? Links, int Version);

    public static IEndpointRouteBuilder MapAgreements(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/agreements", ListAgreementsAsync).WithName("ListAgreements");
        api.MapGet("/agreements/dashboard", DashboardAsync).WithName("AgreementsDashboard");
        api.MapGet("/agreements/{id}", GetAgreementAsync).WithName("GetAgreement");
        api.MapPost("/agreements/{id}/provisions/{number}/status", RecordAssessmentAsync).WithName("RecordProvisionStatus").RequireAuthorization();
        api.MapPut("/agreements/{id}/provisions/{number}", ReviseProvisionAsync).WithName("ReviseProvision").RequireAuthorization();
        api.MapGet("/agreements/{id}/revisions", ListRevisionsAsync).WithName("ListProvisionRevisions");
        api.MapGet("/taskforce/actions", ListActionsAsync).WithName("ListTaskForceActions");
        api.MapPost("/taskforce/actions", AddActionAsync).WithName("AddTaskForceAction").RequireAuthorization();
        api.MapGet("/taskforce/actions/{id}", GetActionAsync).WithName("GetTaskForceAction");
        api.MapPost("/taskforce/actions/{id}/status", ChangeActionStatusAsync).WithName("ChangeTaskForceActionStatus").RequireAuthorization();
        api.MapGet("/taskforce/actions/{id}/crossings", CrossingsAsync).WithName("TaskForceActionCrossings");
        return routes;
    }

    /// <summary>The day the dashboard and deadline states are computed for: <c>?date=</c>, else today (UTC).</summary>
    private static DateOnly Today(TimeProvider clock, string? date) =>
        date is { Length: > 0 } && DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day
            : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>GET /api/agreements: every agreement with each provision's current level and deadline state.</summary>
    private static async Task<IResult> ListAgreementsAsync(HttpContext context, ICommissionStore store, TimeProvider clock, string? date, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var agreements = await store.ListAgreementsAsync(caller, cancellationToken);
        var standings = Implementation.Standings(agreements, await store.ListAssessmentsAsync(caller, null, cancellationToken), Today(clock, date));
        return TypedResults.Ok(agreements.Select(a => Describe(a, standings.Where(s => s.Agreement.Id == a.Id), [])));
    }

    /// <summary>GET /api/agreements/dashboard[?date=2026-11-24]: overdue and due-soon provisions, implementation by theme and by agreement.</summary>
    private static async Task<IResult> DashboardAsync(HttpContext context, ICommissionStore store, TimeProvider clock, string? date, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var dashboard = Implementation.Dashboard(
            await store.ListAgreementsAsync(caller, cancellationToken), await store.ListAssessmentsAsync(caller, null, cancellationToken), Today(clock, date));
        object Summary(ImplementationSummary s) => new { key = s.Key, provisions = s.Provisions, byLevel = s.CountByLevel, meanLevel = s.MeanLevel, overdue = s.Overdue };
        object Late(ProvisionStanding s) => new { agreement = s.Agreement.Id, number = s.Provision.Number, text = s.Provision.Text, theme = s.Provision.Theme.ToString(), deadline = s.Deadline, level = (int)s.Level };
        return TypedResults.Ok(new
        {
            date = dashboard.Today,
            overdue = dashboard.Overdue.Select(Late),
            dueSoon = dashboard.DueSoon.Select(Late),
            byTheme = dashboard.ByTheme.Select(Summary),
            byAgreement = dashboard.ByAgreement.Select(Summary),
        });
    }

    /// <summary>GET /api/agreements/{id}: one agreement, each provision with its status history.</summary>
    private static async Task<IResult> GetAgreementAsync(HttpContext context, ICommissionStore store, TimeProvider clock, string id, string? date, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var agreement = await store.GetAgreementAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("agreement", id);
        var assessments = await store.ListAssessmentsAsync(caller, id, cancellationToken);
        return TypedResults.Ok(Describe(agreement, Implementation.Standings([agreement], assessments, Today(clock, date)), assessments));
    }

    /// <summary>POST /api/agreements/{id}/provisions/{number}/status {level, assessedOn, evidence, documentLink}: appends an assessment.</summary>
    private static async Task<IResult> RecordAssessmentAsync(HttpContext context, ICommissionStore store, string id, string number, AssessmentRequest request, CancellationToken cancellationToken)
    {
        var read = AssessmentInput.Read(id, number, request.Level?.ToString(System.Globalization.CultureInfo.InvariantCulture), request.AssessedOn, request.Evidence, request.DocumentLink, "request body");
        if (!read.Success)
        {
            return Problems(read.Problems);
        }

        var recorded = await store.RecordAssessmentAsync(Callers.Of(context), read.Value, cancellationToken);
        return TypedResults.Created($"/api/agreements/{id}", Describe(recorded));
    }

    /// <summary>PUT /api/agreements/{id}/provisions/{number} {summary, theme, responsible, deadline, links, version}: revises a provision.</summary>
    private static async Task<IResult> ReviseProvisionAsync(HttpContext context, ICommissionStore store, string id, string number, ProvisionRequest request, CancellationToken cancellationToken)
    {
        var read = ProvisionInput.Read(
            number, request.Summary, request.Theme, ProvisionInput.Join(request.Responsible ?? []), request.Deadline, ProvisionInput.Join(request.Links ?? []), "request body");
        if (!read.Success)
        {
            return Problems(read.Problems);
        }

        return TypedResults.Ok(Describe(await store.ReviseProvisionAsync(Callers.Of(context), id, read.Value, request.Version, cancellationToken)));
    }

    /// <summary>GET /api/agreements/{id}/revisions: each earlier text of the agreement's provisions, with who replaced it and when.</summary>
    private static async Task<IResult> ListRevisionsAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        _ = await store.GetAgreementAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("agreement", id);
        return TypedResults.Ok((await store.ListProvisionRevisionsAsync(caller, id, cancellationToken)).Select(r => new
        {
            provision = Describe(r.Provision),
            replacedBy = r.RevisedBy,
            replacedAt = r.RevisedAt,
        }));
    }

    private static object Describe(Provision p) => new
    {
        number = p.Number,
        version = p.Version,
        text = p.Text,
        theme = p.Theme.ToString(),
        responsible = p.ResponsibleParties,
        deadline = p.Deadline.ToString(),
        links = p.Links.Select(l => l.ToString()),
    };

    /// <summary>GET /api/taskforce/actions: the actions the caller may see, with their routes as GeoJSON.</summary>
    private static async Task<IResult> ListActionsAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListActionsAsync(Callers.Of(context), cancellationToken)).Select(Describe));

    /// <summary>GET /api/taskforce/actions/{id}: one action with its history.</summary>
    private static async Task<IResult> GetActionAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var action = await store.GetActionAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("taskforce-action", id);
        var history = await store.ListActionHistoryAsync(caller, id, cancellationToken);
        return TypedResults.Ok(new { action = Describe(action), history = history.Select(h => new { h.At, h.Actor, h.Action, status = h.Status.ToString() }) });
    }

    /// <summary>POST /api/taskforce/actions: proposes an action for the caller's party (a draft unless <c>submit</c>).</summary>
    private static async Task<IResult> AddActionAsync(HttpContext context, ICommissionStore store, ActionRequest request, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var fields = new ActionFields(request.Id, request.Title, request.Subgroup, request.Route)
        {
            ResponsibleParties = request.Responsible ?? [],
            Deadline = request.Deadline,
            Checkpoints = [.. (request.Checkpoints ?? []).Select(c => string.Join('|', c.Name, c.Kind, c.Latitude.ToString("R", System.Globalization.CultureInfo.InvariantCulture), c.Longitude.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))],
            Notes = request.Notes,
            Owner = request.Owner ?? caller.Account?.Party?.Value,
            Submit = request.Submit,
        };
        var read = ActionInput.Read(fields, "request body");
        if (!read.Success)
        {
            return Problems(read.Problems);
        }

        var added = await store.AddActionAsync(caller, read.Value, cancellationToken);
        return TypedResults.Created($"/api/taskforce/actions/{added.Id}", Describe(added));
    }

    /// <summary>POST /api/taskforce/actions/{id}/status {status, publication, version}: moves the status and/or the publication.</summary>
    private static async Task<IResult> ChangeActionStatusAsync(HttpContext context, ICommissionStore store, string id, ActionStatusRequest request, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var action = await store.GetActionAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("taskforce-action", id);
        var problems = new List<InputProblem>();
        var status = action.Status;
        if (request.Status is { Length: > 0 } s && (!Enum.TryParse(s, ignoreCase: true, out status) || !Enum.IsDefined(status) || char.IsDigit(s[0])))
        {
            problems.Add(new InputProblem("request body", $"status: '{s}' is not one of {string.Join(", ", Enum.GetNames<ActionStatus>())}"));
        }

        var publication = action.Publication;
        if (request.Publication is { Length: > 0 } p && (!Enum.TryParse(p, ignoreCase: true, out publication) || !Enum.IsDefined(publication) || char.IsDigit(p[0])))
        {
            problems.Add(new InputProblem("request body", $"publication: '{p}' is not Draft, Submitted or Published"));
        }

        if (problems.Count > 0)
        {
            return Problems(problems);
        }

        return TypedResults.Ok(Describe(await store.ChangeActionAsync(caller, action with { Status = status, Publication = publication }, request.Version, cancellationToken)));
    }

    /// <summary>GET /api/taskforce/actions/{id}/crossings: the route against the line in force.</summary>
    private static async Task<IResult> CrossingsAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var report = await TaskForceCrossings.AnalyseAsync(store, Callers.Of(context), id, cancellationToken);
        return TypedResults.Ok(Describe(report));
    }

    internal static object Describe(RouteCrossingReport r) => new
    {
        action = r.ActionId,
        section = r.SectionId,
        line = r.LineId,
        crossings = r.Crossings,
        points = r.Points.Select(p => new { latitude = p.Position.Latitude, longitude = p.Position.Longitude, routeKm = p.RouteKm, boundaryKm = p.BoundaryKm, sector = p.SectorId }),
        lengthMetres = r.LengthMetres,
        sides = new[]
        {
            new { party = r.PartyOnLeft.Value, side = "left", lengthMetres = r.LengthLeftMetres },
            new { party = r.PartyOnRight.Value, side = "right", lengthMetres = r.LengthRightMetres },
        },
    };

    internal static object Describe(TaskForceAction a) => new
    {
        id = a.Id,
        title = a.Title,
        subgroup = a.Subgroup.ToString(),
        status = a.Status.ToString(),
        responsible = a.ResponsibleParties,
        deadline = a.Deadline,
        owner = a.Owner?.Value,
        publication = a.Publication.ToString(),
        version = a.Version,
        notes = a.Notes,
        lengthMetres = a.LengthMetres(),
        route = new { type = "LineString", coordinates = a.Route.Coordinates.Select(c => new[] { c.X, c.Y }) },
        checkpoints = a.Checkpoints.Select(c => new { name = c.Name, kind = c.Kind.ToString(), latitude = c.Position.Latitude, longitude = c.Position.Longitude }),
    };

    private static object Describe(StatusAssessment a) => new
    {
        agreement = a.AgreementId,
        number = a.ProvisionNumber,
        level = (int)a.Level,
        levelName = a.Level.ToString(),
        assessedOn = a.AssessedOn,
        evidence = a.Evidence,
        documentLink = a.DocumentLink,
        assessor = a.Assessor,
        recordedAt = a.RecordedAt,
    };

    private static object Describe(Agreement a, IEnumerable<ProvisionStanding> standings, IReadOnlyList<StatusAssessment> history)
    {
        var byNumber = standings.ToDictionary(s => s.Provision.Number, StringComparer.Ordinal);
        return new
        {
            id = a.Id,
            title = a.Title,
            signedOn = a.SignedOn,
            kind = a.Kind.ToString(),
            signatories = a.Signatories,
            notes = a.Notes,
            provisions = a.Provisions.Select(p => new
            {
                number = p.Number,
                version = p.Version,
                text = p.Text,
                theme = p.Theme.ToString(),
                responsible = p.ResponsibleParties,
                deadline = p.Deadline.ToString(),
                deadlineDate = byNumber.TryGetValue(p.Number, out var s) ? s.Deadline : null,
                deadlineState = s?.State.ToString(),
                level = s is null ? 0 : (int)s.Level,
                links = p.Links.Select(l => new { kind = l.Kind, id = l.Id }),
                history = history.Where(h => h.ProvisionNumber == p.Number).Select(Describe),
            }),
        };
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problems(IReadOnlyList<InputProblem> problems) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request has problems",
            detail: problems[0].ToString(),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["problems"] = problems.Select(p => new { source = p.Source, feature = p.Feature, reason = p.Message }).ToArray(),
            });
}
