namespace Demarcate.Core.Monitoring;

/// <summary>
/// Feeds the escalation monitor from the incident record: one row per attributed incident on its sector and date,
/// its severity from <see cref="EscalationSeverity"/>; incidents without a sector, and reports merged into an incident,
/// do not count (the merged incident counts once).
/// </summary>
/// <remarks>Pure and thread-safe; the store decides which incidents the caller sees.</remarks>
public static class IncidentEscalation
{
    /// <summary>The rows <see cref="EscalationMonitor.Assess"/> takes, one per attributed incident (same sector and day add up there).</summary>
    /// <remarks>
    /// An incident known only to the week or month counts on its recorded date (the week's middle day, ACLED's
    /// convention): the monitor works on days and a coarse date has no better single day.
    /// </remarks>
    public static IReadOnlyList<SectorDailyCount> DailyCounts(IEnumerable<Incident> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var rows = new List<SectorDailyCount>();
        foreach (var incident in incidents)
        {
            if (incident.MergedInto is not null || incident.Attribution?.SectorId is not { Length: > 0 } sectorId)
            {
                continue;
            }

            rows.Add(new SectorDailyCount(sectorId, incident.Date.Date, 1, EscalationSeverity.Score(incident.Type, incident.Fatalities, incident.Injuries)));
        }

        return rows;
    }

    /// <summary>
    /// The escalation picture for <paramref name="sectorIds"/> (every sector of the strip, quiet ones too) from the
    /// rows; recording is taken to begin on <paramref name="observedFrom"/> for every sector, so a sector without
    /// incidents is assessed as quiet rather than left out.
    /// </summary>
    public static EscalationReport Assess(
        EscalationMonitor monitor, IReadOnlyList<SectorDailyCount> rows, IEnumerable<string> sectorIds, DateOnly asOf, DateOnly observedFrom)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(sectorIds);
        var all = new List<SectorDailyCount>(rows);
        all.AddRange(sectorIds.Select(id => new SectorDailyCount(id, observedFrom, 0, 0)));
        return monitor.Assess(all, asOf, observedFrom);
    }
}
