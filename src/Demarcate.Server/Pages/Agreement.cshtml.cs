using Demarcate.Core;
using Demarcate.Core.Agreements;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>One agreement: its provisions with their status history, and the form to record a provision's new status.</summary>
public sealed class AgreementModel(ICommissionStore store, TimeProvider clock) : PageModel
{
    public Agreement? Agreement { get; private set; }

    public IReadOnlyList<ProvisionStanding> Standings { get; private set; } = [];

    public IReadOnlyList<StatusAssessment> History { get; private set; } = [];

    public bool MayRecord { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>Records an assessment from the form; problems are shown with the form, a recorded one returns to the page.</summary>
    public async Task<IActionResult> OnPostAsync(string id, string? provision, string? level, string? assessedOn, string? evidence, string? documentLink, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var read = AssessmentInput.Read(id, provision ?? "", level, assessedOn, evidence, documentLink, "form");
        if (!read.Success)
        {
            Problems = [.. read.Problems.Select(p => p.ToString())];
            return Page();
        }

        try
        {
            await store.RecordAssessmentAsync(Callers.Of(HttpContext), read.Value, cancellationToken);
        }
        catch (StoreRefusalException refusal) when (refusal is not RecordNotFoundException)
        {
            Problems = [refusal.Message];
            return Page();
        }

        return Redirect($"/agreements/{Uri.EscapeDataString(id)}#provision-{Uri.EscapeDataString(provision ?? "")}");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        Agreement = await store.GetAgreementAsync(caller, id, cancellationToken);
        if (Agreement is null)
        {
            return false;
        }

        History = await store.ListAssessmentsAsync(caller, id, cancellationToken);
        Standings = Implementation.Standings([Agreement], History, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        MayRecord = Permissions.MayKeepAgreements(caller);
        return true;
    }
}
