using Demarcate.Core.TransportLinks;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>
/// The transport-links task force: the actions the caller may see, each route's crossings of the line in force, and a
/// map of the routes, their checkpoints and the line; with <c>?action=ID</c>, that action's history of status and publication.
/// </summary>
public sealed class TaskForceModel(ICommissionStore store) : PageModel
{
    public IReadOnlyList<(TaskForceAction Action, RouteCrossingReport? Crossings)> Actions { get; private set; } = [];

    /// <summary>The action whose history is open, if any.</summary>
    public TaskForceAction? Opened { get; private set; }

    /// <summary>The opened action's history, oldest first.</summary>
    public IReadOnlyList<ActionHistoryEntry> History { get; private set; } = [];

    private readonly List<object> _lines = [];

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "action")] string? actionId, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
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
                return NotFound();
            }

            History = await store.ListActionHistoryAsync(caller, actionId, cancellationToken);
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

        return Page();
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
