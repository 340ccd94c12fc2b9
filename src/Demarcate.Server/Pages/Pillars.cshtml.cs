using System.Globalization;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>
/// The pillar register as the caller may see it (a delegation's drafts only to that delegation), filtered by sector,
/// status and type, with the pillars for the page's map as GeoJSON points at their planned positions.
/// </summary>
public sealed class PillarsModel(ICommissionStore store) : PageModel
{
    /// <summary>The pillars that pass the filters, in the register's number order.</summary>
    public IReadOnlyList<Pillar> Pillars { get; private set; } = [];

    /// <summary>Every sector with a pillar the caller may see, for the sector filter.</summary>
    public IReadOnlyList<string> Sectors { get; private set; } = [];

    public string? Sector { get; private set; }

    public PillarStatus? Status { get; private set; }

    public PillarType? Type { get; private set; }

    /// <summary>Whether the caller plans pillars for a delegation (its editors and the mediator's team): the page then offers "Plan this sector".</summary>
    public bool MayPlan { get; private set; }

    /// <summary>The sectors with a line in force, which a plan can be made on.</summary>
    public IReadOnlyList<string> PlannableSectors { get; private set; } = [];

    public async Task OnGetAsync(string? sector, string? status, string? type, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        MayPlan = caller.Account?.Party is { } party && Permissions.MayPlanPillarsFor(caller, party);
        if (MayPlan)
        {
            PlannableSectors = [.. (await store.ListSectorsAsync(caller, null, cancellationToken)).Where(s => s.Geometry is not null).Select(s => s.Sector.Id)];
        }

        var all = await store.ListPillarsAsync(caller, null, cancellationToken);
        Sectors = [.. all.Select(p => p.SectorId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        // An unknown filter value is ignored rather than refused: the form only offers known values, and a stale link still shows the register.
        Sector = string.IsNullOrEmpty(sector) ? null : sector;
        Status = Enum.TryParse<PillarStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        Type = Enum.TryParse<PillarType>(type, ignoreCase: true, out var t) && Enum.IsDefined(t) ? t : null;
        Pillars = [.. all.Where(p => (Sector is null || p.SectorId == Sector) && (Status is null || p.Status == Status) && (Type is null || p.Type == Type))];
    }

    /// <summary>The link to a pillar's page: its number's prefix and the rest ("M-04/12.1" → /pillars/M-04/12.1).</summary>
    public static string Link(Pillar pillar)
    {
        ArgumentNullException.ThrowIfNull(pillar);
        var number = pillar.Number.ToString();
        var slash = number.IndexOf('/', StringComparison.Ordinal);
        return "/pillars/" + Uri.EscapeDataString(number[..slash]) + "/" + Uri.EscapeDataString(number[(slash + 1)..]);
    }

    /// <summary>The shown pillars as a GeoJSON FeatureCollection for the map: planned positions, with the surveyed one when there is one.</summary>
    public object Features() => new
    {
        type = "FeatureCollection",
        features = Pillars.Select(p => new
        {
            type = "Feature",
            id = p.Number.ToString(),
            geometry = new { type = "Point", coordinates = new[] { p.Planned.Longitude, p.Planned.Latitude } },
            properties = new
            {
                number = p.Number.ToString(),
                status = p.Status.ToString(),
                type = p.Type.ToString(),
                surveyed = p.Surveyed is { } v ? new[] { v.Position.Longitude, v.Position.Latitude } : null,
                link = Link(p),
            },
        }),
    };

    /// <summary>A latitude or longitude in degrees as the register shows them (7 decimals: about a centimetre).</summary>
    public static string Degrees(double value) => value.ToString("F7", CultureInfo.InvariantCulture);
}
