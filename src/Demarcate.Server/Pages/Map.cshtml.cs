using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The map workspace; the page carries the commission's datum transformation so that cursor coordinates use it.</summary>
public sealed class MapModel(ICommissionStore store) : PageModel
{
    /// <summary>The commission's one Pulkovo 1942 → WGS 84 transformation (e.g. EPSG:15865); null when none is recorded.</summary>
    public string? DatumTransformation { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        DatumTransformation = (await store.GetCommissionAsync(cancellationToken))?.DatumTransformation;
}
