using Demarcate.Core.Demarcation;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>One pillar of the register: planned and surveyed positions with the survey's frame and epoch, its history and its inspections.</summary>
public sealed class PillarModel(ICommissionStore store) : PageModel
{
    public Pillar Pillar { get; private set; } = null!;

    /// <summary>Every change in the pillar's life, oldest first.</summary>
    public IReadOnlyList<PillarHistoryEntry> History { get; private set; } = [];

    public IReadOnlyList<PillarInspection> Inspections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string prefix, string sequence, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        var number = prefix + "/" + sequence;
        // A pillar the caller may not see answers like a missing one, as the API does.
        if (await store.GetPillarAsync(caller, number, cancellationToken) is not { } pillar)
        {
            return NotFound();
        }

        Pillar = pillar;
        History = await store.ListPillarHistoryAsync(caller, number, cancellationToken);
        Inspections = await store.ListInspectionsAsync(caller, number, cancellationToken);
        return Page();
    }
}
