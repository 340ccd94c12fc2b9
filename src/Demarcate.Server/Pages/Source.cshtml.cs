using System.Text.Json;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Georeferencing;
using Demarcate.Server.Endpoints;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>
/// One cartographic source: its register entry, its files, the fits of its scans with each control point's residual,
/// and the newest fit's scan drawn in place on a map (the browser warps the image; the server only sends the mapping).
/// </summary>
public sealed class SourceModel(ICommissionStore store) : PageModel
{
    public CartographicSource Source { get; private set; } = null!;

    /// <summary>Every fit of the source's scans, oldest first, each with its report.</summary>
    public IReadOnlyList<(GeoreferencedScan Scan, ScanFitReport Report)> Fits { get; private set; } = [];

    /// <summary>The newest fit as the API describes it, for the page's script; null when no scan is fitted.</summary>
    public string? NewestFitJson { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        if (await store.GetSourceAsync(caller, id, cancellationToken) is not { } source)
        {
            return NotFound();
        }

        Source = source;
        var registry = await store.CrsRegistryAsync(caller, cancellationToken);
        var scans = await store.ListScansAsync(caller, id, cancellationToken);
        Fits = [.. scans.Select(s => (s, ScanFitReport.Compute(s, registry.Resolve(s.Crs).Value).Value))];
        if (scans.Count > 0)
        {
            NewestFitJson = JsonSerializer.Serialize(SourceEndpoints.DescribeScan(scans[^1], registry), JsonSerializerOptions.Web);
        }

        return Page();
    }
}
