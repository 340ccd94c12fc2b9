using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Core.TransportLinks;

namespace Demarcate.Storage;

/// <summary>
/// The crossing analysis of a task-force action against the line in force as a caller sees the record: the section
/// whose designated line the route meets (or lies nearest), with that section's sectors naming where it crosses.
/// </summary>
public static class TaskForceCrossings
{
    /// <summary>The analysis of action <paramref name="actionId"/>; a missing or hidden action is a <see cref="RecordNotFoundException"/>.</summary>
    public static async Task<RouteCrossingReport> AnalyseAsync(ICommissionStore store, Caller caller, string actionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var action = await store.GetActionAsync(caller, actionId, cancellationToken) ?? throw new RecordNotFoundException("taskforce-action", actionId);
        return await AnalyseAsync(store, caller, action, cancellationToken);
    }

    /// <summary>The analysis of an action already in hand.</summary>
    public static async Task<RouteCrossingReport> AnalyseAsync(ICommissionStore store, Caller caller, TaskForceAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(action);
        RouteCrossingReport? best = null;
        var bestDistance = double.MaxValue;
        foreach (var section in await store.ListSectionsAsync(caller, cancellationToken))
        {
            if (section.DesignatedLineId is not { } lineId || await store.GetLineAsync(caller, lineId, cancellationToken) is not { } line)
            {
                continue;
            }

            var distance = RouteCrossings.Distance(section, line, action);
            if (distance >= bestDistance)
            {
                continue;
            }

            var sectors = (await store.ListSectorsAsync(caller, section.Id, cancellationToken))
                .Where(s => s.Geometry is not null)
                .Select(s => new LayerFeature(s.Sector.Id, s.Sector.Id, s.Geometry!))
                .ToList();
            best = RouteCrossings.Analyse(section, line, sectors, action);
            bestDistance = distance;
        }

        return best ?? throw new RuleViolationException("No section has a line in force to analyse the route against.");
    }
}
