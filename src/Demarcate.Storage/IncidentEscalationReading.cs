using System.Globalization;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Monitoring;

namespace Demarcate.Storage;

/// <summary>
/// The escalation picture of the border as a caller sees the incident record: every sector of the line (quiet ones
/// too) assessed by <see cref="EscalationMonitor"/> on an as-of day. Shared by the API, the web page and the CLI.
/// </summary>
public static class IncidentEscalationReading
{
    /// <summary>Assesses every sector the caller sees on <paramref name="asOf"/> from the incidents the caller sees.</summary>
    public static async Task<EscalationReport> AssessEscalationAsync(
        this ICommissionStore store, Caller caller, DateOnly asOf, CancellationToken cancellationToken, EscalationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(caller);
        var counts = await store.ListSectorDailyCountsAsync(caller, cancellationToken);
        var sectors = await store.ListSectorsAsync(caller, null, cancellationToken);
        var monitor = new EscalationMonitor(settings ?? new EscalationSettings());
        var ids = sectors.Select(s => s.Sector.Id).Concat(counts.Rows.Select(r => r.SectorId)).Distinct(StringComparer.Ordinal).ToList();
        var from = counts.ObservedFrom ?? asOf;
        return IncidentEscalation.Assess(monitor, counts.Rows, ids, asOf, from < asOf ? from : asOf);
    }

    /// <summary>The report as plain JSON-ready values (levels by name, dates as yyyy-mm-dd, no NaN): what the API and the CLI print.</summary>
    public static object Describe(EscalationReport report, string? sectorId = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new
        {
            asOf = Day(report.AsOf),
            sectors = report.Sectors.Where(s => sectorId is null || s.SectorId == sectorId).Select(s => new
            {
                sector = s.SectorId,
                level = s.Level.ToString(),
                cusum = s.Cusum,
                recentPerDay = s.RecentPerDay,
                detectsDoublingWithin14Days = s.DetectsDoublingWithin14Days,
                baseline = s.Baseline is { } b ? new
                {
                    from = Day(b.From),
                    to = Day(b.To),
                    days = b.Days,
                    mean = b.Mean,
                    variance = b.Variance,
                    overDispersed = b.OverDispersed,
                    monitoredMean = b.Monitored.Mean,
                    monitoredSize = b.Monitored.Size,
                    severityPerDay = b.SeverityPerDay,
                } : null,
                design = s.Design is { } d ? new
                {
                    k = d.ReferenceValue,
                    h = d.DecisionInterval,
                    arl0 = d.InControlRunLength,
                    detectionWithin14Days = d.DetectionWithin14Days,
                    daysToDetectDoubling = d.DaysToDetectDoubling,
                } : null,
                daily = s.Daily.Select(x => new { day = Day(x.Day), count = x.Count, severity = x.Severity, cusum = x.Cusum, alarm = x.Alarm }),
                weekly = s.Weekly.Select(w => new { week = w.Label, monday = Day(w.Monday), days = w.Days, count = w.Count, severity = w.Severity }),
            }),
            alerts = report.Alerts.Where(a => sectorId is null || a.SectorId == sectorId).Select(a => new
            {
                sector = a.SectorId,
                raised = Day(a.Raised),
                statistic = a.Statistic,
                h = a.DecisionInterval,
                baseline = a.Baseline,
                recentRate = a.RecentRate,
                runStart = Day(a.RunStart),
            }),
        };
    }

    /// <summary>The daily series of every sector as CSV: sector, level, day, count, severity, cusum, alarm.</summary>
    public static string DailyCsv(EscalationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder("sector,level,day,count,severity,cusum,alarm\n");
        foreach (var s in report.Sectors)
        {
            foreach (var d in s.Daily)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{s.SectorId},{s.Level},{Day(d.Day)},{d.Count},{d.Severity:R},{d.Cusum?.ToString("R", CultureInfo.InvariantCulture)},{(d.Alarm ? "true" : "false")}\n");
            }
        }

        return csv.ToString();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
