using Demarcate.Core.Proceedings;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>A sector's thread of proposals and counter-proposals, and the decisions about it, as the caller may see them.</summary>
public sealed class ProposalsModel(ICommissionStore store) : PageModel
{
    public SectorOnLine Sector { get; private set; } = null!;

    public IReadOnlyList<Proposal> Proposals { get; private set; } = [];

    public IReadOnlyList<Decision> Decisions { get; private set; } = [];

    /// <summary>Proposal id → title, to name what a counter-proposal answers.</summary>
    public IReadOnlyDictionary<string, string> Titles { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        if (await store.GetSectorAsync(caller, id, cancellationToken) is not { } sector)
        {
            return NotFound();
        }

        Sector = sector;
        Proposals = await store.ListProposalsAsync(caller, id, cancellationToken);
        Titles = Proposals.ToDictionary(p => p.Id, p => p.Title, StringComparer.Ordinal);
        Decisions = await store.ListDecisionsAsync(caller, null, id, cancellationToken);
        return Page();
    }
}
