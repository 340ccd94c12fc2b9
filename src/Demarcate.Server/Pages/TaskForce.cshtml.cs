using Demarcate.Core;
using Demarcate.Core.Trust;
using Demarcate.Core.TransportLinks;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>
/// The transport-links task force: the actions the caller may see, each route's crossings of the line in force, and a
/// map of the routes, their checkpoints and the line; with <c>?action=ID</c>, that action's history of status and publication,
/// and for the co-chairs and the mediator's advisers the form that moves its status and publication (stale version: 409).
/// </summary>
public sealed class TaskForceModel(ICommissionStore store) : PageModel
{
    public IReadOnlyList<(TaskForceAction Action, RouteCrossingReport? Crossings)> Actions { get; private set; } = [];

    /// <summary>The action whose history is open, if any.</summary>
    public TaskForceAction? Opened { get; private set; }

    /// <summary>The opened action's history, oldest first.</summary>
    public IReadOnlyList<ActionHistoryEntry> History { get; private set; } = [];

    /// <summary>Whether the caller may move the opened action's status and publication (co-chairs, mediator's advisers).</summary>
    public bool MayChangeStatus { get; private set; }

    /// <summary>Why the status form's change was refused, shown with the form.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Whether the form was read at a version someone else has since moved past (answered 409).</summary>
    public bool Conflicted { get; private set; }

    private readonly List<object> _lines = [];

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "action")] string? actionId, CancellationToken cancellationToken) =>
        await LoadAsync(actionId, cancellationToken) ? Page() : NotFound();

    /// <summary>Moves the opened action's status and publication from the form, at the version the form was read at.</summary>
    public async Task<IActionResult> OnPostStatusAsync(string? actionId, string? status, string? publication, int version, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(actionId) || !await LoadAsync(actionId, cancellationToken))
        {
            return NotFound();
        }

        var problems = new List<InputProblem>();
        if (!Enum.TryParse<ActionStatus>(status, out var newStatus) || !Enum.IsDefined(newStatus))
        {
            problems.Add(new InputProblem("status form", "status: choose one of the statuses"));
        }

        if (!Enum.TryParse<Publication>(publication, out var newPublication) || !Enum.IsDefined(newPublication))
        {
            problems.Add(new InputProblem("status form", "publication: choose submitted or published"));
        }

        if (problems.Count > 0)
        {
            return Refused(StatusCodes.Status400BadRequest, problems.Select(p => p.ToString()));
        }

        try
        {
            var opened = Opened!;
            await store.ChangeActionAsync(Callers.Of(HttpContext), opened with { Status = newStatus, Publication = newPublication }, version, cancellationToken);
        }
        catch (VersionConflictException conflict)
        {
            // Someone moved the action since the form was read: show the action as it is now, with the refusal.
            await LoadAsync(actionId, cancellationToken);
            Conflicted = true;
            return Refused(StatusCodes.Status409Conflict, [conflict.Message]);
        }
        catch (StoreRefusalException refusal) when (refusal is not RecordNotFoundException)
        {
            return Refused(refusal is NotPermittedException ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity, [refusal.Message]);
        }

        return Redirect($"/taskforce?action={Uri.EscapeDataString(actionId)}#history");
    }

    private PageResult Refused(int statusCode, IEnumerable<string> problems)
    {
        Problems = [.. problems];
        Response.StatusCode = statusCode;
        return Page();
    }

    private async Task<bool> LoadAsync(string? actionId, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        _lines.Clear();
        var actions = new List<(TaskForceAction, RouteCrossingReport?)>();
        foreach (var action in await store.ListActionsAsync(caller, cancellationToken))
        {
            RouteCrossingReport? report = null;
            try
            {
                report = await TaskForceCrossings.AnalyseAsync(store, caller, action, cancellationToken);
            }
            catch (RuleViolationException)
            {
                // No line in force the caller may see: the action is listed without its analysis.
            }

            actions.Add((action, report));
        }

        Actions = actions;
        if (!string.IsNullOrEmpty(actionId))
        {
            // The store decides what the caller may see: an action hidden from them answers like a missing one.
            Opened = await store.GetActionAsync(caller, actionId, cancellationToken);
            if (Opened is null)
            {
                return false;
            }

            History = await store.ListActionHistoryAsync(caller, actionId, cancellationToken);
            MayChangeStatus = Permissions.MayChangeActionStatus(caller);
        }

        foreach (var section in await store.ListSectionsAsync(caller, cancellationToken))
        {
            if (section.DesignatedLineId is { } id && await store.GetLineAsync(caller, id, cancellationToken) is { } line)
            {
                _lines.Add(new
                {
                    type = "Feature",
                    geometry = new { type = "MultiLineString", coordinates = Enumerable.Range(0, line.Geometry.NumGeometries).Select(i => line.Geometry.GetGeometryN(i).Coordinates.Select(c => new[] { c.X, c.Y })) },
                    properties = new { kind = "line", name = line.Name },
                });
            }
        }

        return true;
    }

    /// <summary>The routes, checkpoints, crossings and the line in force as one GeoJSON FeatureCollection for the map.</summary>
    public object Features() => new
    {
        type = "FeatureCollection",
        features = _lines
            .Concat(Actions.Select(a => (object)new
            {
                type = "Feature",
                id = a.Action.Id,
                geometry = new { type = "LineString", coordinates = a.Action.Route.Coordinates.Select(c => new[] { c.X, c.Y }) },
                properties = new { kind = "route", id = a.Action.Id, title = a.Action.Title, subgroup = a.Action.Subgroup.ToString(), status = a.Action.Status.ToString() },
            }))
            .Concat(Actions.SelectMany(a => a.Action.Checkpoints.Select(c => (object)new
            {
                type = "Feature",
                geometry = new { type = "Point", coordinates = new[] { c.Position.Longitude, c.Position.Latitude } },
                properties = new { kind = "checkpoint", name = c.Name, checkpoint = c.Kind.ToString() },
            })))
            .Concat(Actions.Where(a => a.Crossings is not null).SelectMany(a => a.Crossings!.Points.Select(p => (object)new
            {
                type = "Feature",
                geometry = new { type = "Point", coordinates = new[] { p.Position.Longitude, p.Position.Latitude } },
                properties = new { kind = "crossing", action = a.Action.Id, sector = p.SectorId },
            }))),
    };
}
