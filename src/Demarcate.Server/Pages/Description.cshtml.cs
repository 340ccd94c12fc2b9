using Demarcate.Core.Delimitation;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Pages;

/// <summary>
/// The editor of a sector's boundary description: the canonical text with its problems marked line by line, a map
/// that re-resolves it as the author types, saving as a draft or as consistent, and the versions the caller may see
/// with the differences between them.
/// </summary>
public sealed class DescriptionModel(ICommissionStore store) : PageModel
{
    public SectorOnLine Sector { get; private set; } = null!;

    public IReadOnlyList<DescriptionVersion> Versions { get; private set; } = [];

    /// <summary>The version shown in the editor (the one asked for, else the caller's delegation's latest); null for a new description.</summary>
    public DescriptionVersion? Shown { get; private set; }

    /// <summary>The number of the caller's delegation's latest version: what a save is based on.</summary>
    public int BasedOn { get; private set; }

    /// <summary>True when the caller writes descriptions for a delegation (or the mediator's team).</summary>
    public bool MayEdit { get; private set; }

    public IReadOnlyList<string> ReferenceNames { get; private set; } = [];

    /// <summary>The differences asked for with <c>?a=…&amp;b=…</c>, with the two versions' ids.</summary>
    public (string A, string B, DescriptionDifference Difference)? Diff { get; private set; }

    /// <summary>The sector's line in force as GeoJSON (WGS 84), drawn under the preview.</summary>
    public string SectorGeoJson { get; private set; } = "null";

    public async Task<IActionResult> OnGetAsync(string id, string? version, string? a, string? b, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        if (await store.GetSectorAsync(caller, id, cancellationToken) is not { } sector)
        {
            return NotFound();
        }

        Sector = sector;
        Versions = await store.ListDescriptionsAsync(caller, id, cancellationToken);
        var party = caller.Account?.Party;
        MayEdit = party is { } p && Permissions.MayDraftFor(caller, p);
        var own = Versions.Where(v => party is { } mine && v.Owner == mine).ToList();
        BasedOn = own.Count == 0 ? 0 : own.Max(v => v.Number);
        Shown = version is null ? own.LastOrDefault() : Versions.FirstOrDefault(v => v.Id == version);
        ReferenceNames = [.. (await store.ListReferenceLinesAsync(caller, id, cancellationToken)).Select(r => r.Name)];
        if (a is not null && b is not null
            && Versions.FirstOrDefault(v => v.Id == a) is { } first && Versions.FirstOrDefault(v => v.Id == b) is { } second
            && DescriptionText.Parse(first.Text) is { Success: true } before && DescriptionText.Parse(second.Text) is { Success: true } after)
        {
            Diff = (first.Id, second.Id, DescriptionDifference.Between(before.Value, after.Value, await store.CrsRegistryAsync(caller, cancellationToken)));
        }

        if (sector.Geometry is { } geometry)
        {
            var lines = geometry.Geometries.Cast<LineString>().Select(l => l.Coordinates.Select(c => new[] { c.X, c.Y }));
            SectorGeoJson = System.Text.Json.JsonSerializer.Serialize(new { type = "MultiLineString", coordinates = lines });
        }

        return Page();
    }

    /// <summary>The version before <paramref name="v"/> in its delegation's chain, when the caller may see it.</summary>
    public DescriptionVersion? Previous(DescriptionVersion v) =>
        Versions.Where(o => o.Owner == v.Owner && o.Number < v.Number).MaxBy(o => o.Number);
}
