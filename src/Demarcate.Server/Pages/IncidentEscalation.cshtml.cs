using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Monitoring;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>
/// Escalation along the border as the caller sees the incident record: the whole border coloured by each sector's current
/// level, the alerts, and one sector's daily series with its baseline and CUSUM alarm days.
/// </summary>
public sealed class IncidentEscalationModel(ICommissionStore store, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Section> Sections { get; private set; } = [];

    public IReadOnlyList<SectorOnLine> Sectors { get; private set; } = [];

    public EscalationReport? Report { get; private set; }

    /// <summary>The sector whose series is shown, when one is asked for and known.</summary>
    public SectorEscalation? Selected { get; private set; }

    public string? AsOfText { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public SectorEscalation? Of(string sectorId) => Report?.Sectors.FirstOrDefault(s => s.SectorId == sectorId);

    public async Task<IActionResult> OnGetAsync(string? asOf, string? sector, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            if (DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var given))
            {
                day = given;
            }
            else
            {
                Problems = [asOf];
            }
        }

        AsOfText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Sections = await store.ListSectionsAsync(caller, cancellationToken);
        Sectors = await store.ListSectorsAsync(caller, null, cancellationToken);
        Report = await store.AssessEscalationAsync(caller, day, cancellationToken);
        if (sector is not null)
        {
            Selected = Of(sector);
            if (Selected is null)
            {
                return NotFound();
            }
        }

        return Page();
    }
}
