using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Monitoring;

/// <summary>
/// Which reports describe the same event, and the one incident that merges them. Two reports are the same event when
/// they have the same type, lie within <see cref="MaximumDistanceMetres"/> of each other (geodesic, WGS 84) and their
/// periods overlap — for two exact dates, the same day.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class IncidentMerging
{
    public const double MaximumDistanceMetres = 2000;

    /// <summary>Why two reports are not the same event, or null when they are.</summary>
    public static string? Difference(Incident a, Incident b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Type != b.Type)
        {
            return $"{a.Id} is {a.TypeName.SubEventType} but {b.Id} is {b.TypeName.SubEventType}";
        }

        if (!a.Date.Overlaps(b.Date))
        {
            return $"{a.Id} ({a.Date}) and {b.Id} ({b.Date}) do not fall on the same day or in overlapping periods";
        }

        var distance = Geodesic.Wgs84.Distance(a.Location.Point, b.Location.Point);
        return distance > MaximumDistanceMetres
            ? $"{a.Id} and {b.Id} are {distance:0} m apart, more than {MaximumDistanceMetres:0} m"
            : null;
    }

    public static bool SameEvent(Incident a, Incident b) => Difference(a, b) is null;

    /// <summary>Why the reports cannot be merged into one incident (every pair must be the same event), or null.</summary>
    public static string? Refusal(IReadOnlyList<Incident> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count < 2)
        {
            return "a merge takes at least two reports";
        }

        if (reports.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != reports.Count)
        {
            return "a report is named twice";
        }

        if (reports.FirstOrDefault(r => r.MergedInto is not null) is { } merged)
        {
            return $"{merged.Id} is already merged into {merged.MergedInto}";
        }

        for (var i = 0; i < reports.Count; i++)
        {
            for (var j = i + 1; j < reports.Count; j++)
            {
                if (Difference(reports[i], reports[j]) is { } why)
                {
                    return why;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The incident merging the reports: the most precise date and place among them, every source, the lowest figures
    /// any source gave, and the strongest verification (disputed wins; two reporting parties corroborate).
    /// </summary>
    public static Incident Merge(string id, IReadOnlyList<Incident> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (Refusal(reports) is { } why)
        {
            throw new ArgumentException(why, nameof(reports));
        }

        var date = reports.OrderBy(r => r.Date.Precision).ThenBy(r => r.Date.Date).First().Date;
        var location = reports.OrderBy(r => r.Location.Precision).First().Location;
        var sources = reports.SelectMany(r => r.Sources).Distinct().ToList();
        var parties = sources.Select(s => s.Party).Concat(reports.Select(r => r.ReportingParty)).Where(p => p is not null).Distinct().Count();
        var verification = reports.Any(r => r.Verification == VerificationStatus.Disputed) ? VerificationStatus.Disputed
            : reports.Any(r => r.Verification == VerificationStatus.VerifiedByMonitor) ? VerificationStatus.VerifiedByMonitor
            : parties > 1 || reports.Any(r => r.Verification == VerificationStatus.Corroborated) ? VerificationStatus.Corroborated
            : VerificationStatus.Reported;
        return new Incident(id, date, location, reports[0].Type)
        {
            Actor1 = reports.Select(r => r.Actor1).FirstOrDefault(a => a.Length > 0) ?? "",
            Actor2 = reports.Select(r => r.Actor2).FirstOrDefault(a => a.Length > 0) ?? "",
            ReportingParty = reports[0].ReportingParty,
            Sources = sources,
            Fatalities = Conservative(reports.Select(r => r.Fatalities)),
            Injuries = Conservative(reports.Select(r => r.Injuries)),
            Verification = verification,
            Notes = string.Join("\n", reports.Select(r => r.Notes).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)),
            MergedFrom = [.. reports.Select(r => r.Id)],
        };
    }

    /// <summary>The most conservative of the figures given: the lowest; null when no report gave one.</summary>
    public static int? Conservative(IEnumerable<int?> figures) => figures.Where(f => f is not null).Min();

    /// <summary>
    /// Groups of reports that are the same event (two or more each), for proposing merges. A report joins a group when it is
    /// the same event as every report already in it, so each group can be merged as it stands. Reports already merged are skipped.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Incident>> Candidates(IReadOnlyList<Incident> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var groups = new List<List<Incident>>();
        foreach (var report in reports.Where(r => r.MergedInto is null).OrderBy(r => r.Date.From).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            var home = groups.FirstOrDefault(g => g.TrueForAll(member => SameEvent(member, report)));
            if (home is null)
            {
                groups.Add([report]);
            }
            else
            {
                home.Add(report);
            }
        }

        return [.. groups.Where(g => g.Count > 1)];
    }
}
