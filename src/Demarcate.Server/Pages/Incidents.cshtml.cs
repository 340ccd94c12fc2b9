using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Monitoring;
using Demarcate.Server.Endpoints;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>
/// Border incidents as the caller may see them: filters (type, period, sector, verification), a clustered map, a timeline of
/// counts per week, the table, export links, and — for those who report incidents — manual entry with a click on the map.
/// </summary>
public sealed class IncidentsModel(ICommissionStore store) : PageModel
{
    public IReadOnlyList<Incident> Incidents { get; private set; } = [];

    public IReadOnlyList<string> Sectors { get; private set; } = [];

    public string? Sector { get; private set; }

    public IncidentType? Type { get; private set; }

    public VerificationStatus? Verification { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    /// <summary>Whether the caller reports incidents (and so sees the entry form).</summary>
    public bool MayReport { get; private set; }

    /// <summary>The incident just entered, to be marked in the table.</summary>
    public string? Entered { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    [BindProperty]
    public IncidentEndpoints.ReportRequest? Report { get; set; }

    public async Task OnGetAsync(string? sector, string? type, string? from, string? to, string? verification, string? entered, CancellationToken cancellationToken)
    {
        Entered = entered;
        await LoadAsync(sector, type, from, to, verification, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        if (!IncidentRules.MayReportFor(caller, caller.Account?.Party))
        {
            return Forbid();
        }

        // Coordinates come from the map click with a decimal point whatever the page's language; the binder read them in the page's culture.
        double? Invariant(string key) =>
            double.TryParse(Request.Form[key].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
        if (Report is not null)
        {
            Report = Report with { Latitude = Invariant("Report.Latitude") ?? Report.Latitude, Longitude = Invariant("Report.Longitude") ?? Report.Longitude };
        }

        var report = Report is null
            ? ParseResult<Incident>.Failed(new InputProblem("report", "the form is empty"))
            : await IncidentEndpoints.ReadReportAsync(store, caller, Report, cancellationToken);
        if (!report.Success)
        {
            Problems = [.. report.Problems.Select(p => p.Message)];
            await LoadAsync(null, null, null, null, null, cancellationToken);
            return Page();
        }

        var added = (await store.ReportIncidentsAsync(caller, [report.Value], cancellationToken)).Single();
        return Redirect("/incidents?entered=" + Uri.EscapeDataString(added.Id));
    }

    private async Task LoadAsync(string? sector, string? type, string? from, string? to, string? verification, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        MayReport = IncidentRules.MayReportFor(caller, caller.Account?.Party) && !caller.IsCommissionSystem;
        Sectors = [.. (await store.ListSectorsAsync(caller, null, cancellationToken)).Select(s => s.Sector.Id)];
        // An unknown filter value is ignored rather than refused: the form only offers known values, and a stale link still shows the list.
        var filter = IncidentFilter.Parse(sector, type, from, to, verification, null);
        var given = filter.Success ? filter.Value : IncidentFilter.All;
        Sector = given.SectorId;
        Type = given.Type;
        Verification = given.Verification;
        From = given.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To = given.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Incidents = [.. (await store.ListIncidentsAsync(caller, given, cancellationToken)).Reverse()];
    }

    /// <summary>The query string of the current filters, for the export links.</summary>
    public string Query(string format) => FilterQuery() is { Length: > 0 } filters ? "format=" + format + "&" + filters : "format=" + format;

    /// <summary>The query string of the current filters alone, for the incident tiles the map draws when zoomed out.</summary>
    public string FilterQuery()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("sector", Sector);
        Add("type", Type?.ToString());
        Add("from", From);
        Add("to", To);
        Add("verification", Verification?.ToString());
        return string.Join('&', parts);
    }

    /// <summary>The shown incidents as GeoJSON points for the map.</summary>
    public object Features() => new
    {
        type = "FeatureCollection",
        features = Incidents.Select(i => new
        {
            type = "Feature",
            id = i.Id,
            geometry = new { type = "Point", coordinates = new[] { i.Location.Point.Longitude, i.Location.Point.Latitude } },
            properties = new { id = i.Id, type = i.Type.ToString(), date = i.Date.ToString(), verification = i.Verification.ToString() },
        }),
    };

    /// <summary>Incidents per week (weeks starting on Monday, by the first day each incident may have happened), from the first shown week to the last.</summary>
    public IReadOnlyList<(DateOnly Week, int Count)> Weeks()
    {
        if (Incidents.Count == 0)
        {
            return [];
        }

        static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        var counts = Incidents.GroupBy(i => Monday(i.Date.From)).ToDictionary(g => g.Key, g => g.Count());
        var weeks = new List<(DateOnly, int)>();
        for (var week = counts.Keys.Min(); week <= counts.Keys.Max(); week = week.AddDays(7))
        {
            weeks.Add((week, counts.GetValueOrDefault(week)));
        }

        return weeks;
    }
}
