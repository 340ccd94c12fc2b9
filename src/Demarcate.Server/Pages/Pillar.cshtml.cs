using Demarcate.Core.Demarcation;
using Demarcate.Core.Trust;
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

    /// <summary>Whether the caller is on a survey team (records inspections and statuses): the page then offers both forms.</summary>
    public bool MayRecord { get; private set; }

    /// <summary>The pillar's address under /api/pillars, for the page's forms.</summary>
    public string ApiPath => "/api" + PillarsModel.Link(Pillar);

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
        MayRecord = Permissions.MayRecordSurvey(caller);
        History = await store.ListPillarHistoryAsync(caller, number, cancellationToken);
        Inspections = await store.ListInspectionsAsync(caller, number, cancellationToken);
        return Page();
    }
}
