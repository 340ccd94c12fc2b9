using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Server.Endpoints;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The commission's front page: who the parties are and how the boundary is divided.</summary>
public sealed class IndexModel(ICommissionStore store) : PageModel
{
    public Commission? Commission { get; private set; }

    public IReadOnlyList<Section> Sections { get; private set; } = [];

    public IReadOnlyList<SectorOnLine> Sectors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        Commission = await store.GetCommissionAsync(cancellationToken);
        Sections = await store.ListSectionsAsync(caller, cancellationToken);
        Sectors = await store.ListSectorsAsync(caller, null, cancellationToken);
    }
}
