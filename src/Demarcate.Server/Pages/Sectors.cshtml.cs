using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Server.Endpoints;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The list of sectors, section by section, with their length along the line in force and status.</summary>
public sealed class SectorsModel(ICommissionStore store) : PageModel
{
    public IReadOnlyList<Section> Sections { get; private set; } = [];

    public IReadOnlyList<SectorOnLine> Sectors { get; private set; } = [];

    public Commission? Commission { get; private set; }

    public string PartyName(PartyCode code) => Commission?.Find(code)?.Name ?? code.Value;

    public async Task OnGetAsync(string? section, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        Commission = await store.GetCommissionAsync(cancellationToken);
        Sections = (await store.ListSectionsAsync(caller, cancellationToken)).Where(s => section is null || s.Id == section).ToList();
        Sectors = await store.ListSectorsAsync(caller, section, cancellationToken);
    }

}
