using Demarcate.Core;
using Demarcate.Core.Agreements;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>
/// One agreement: its provisions with their status history and earlier texts, the form to record a provision's new
/// status, and (with <c>?revise=N</c>) the form to revise a provision at the version read (stale: 409).
/// </summary>
public sealed class AgreementModel(ICommissionStore store, TimeProvider clock) : PageModel
{
    public Agreement? Agreement { get; private set; }

    public IReadOnlyList<ProvisionStanding> Standings { get; private set; } = [];

    public IReadOnlyList<StatusAssessment> History { get; private set; } = [];

    public bool MayRecord { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>The earlier texts of the agreement's provisions, oldest first per provision.</summary>
    public IReadOnlyList<ProvisionRevision> Revisions { get; private set; } = [];

    /// <summary>The provision whose revision form is open (<c>?revise=N</c>), as it stands now.</summary>
    public Provision? Revising { get; private set; }

    /// <summary>Problems of the revision form, shown with it.</summary>
    public IReadOnlyList<string> RevisionProblems { get; private set; } = [];

    /// <summary>Whether the revision was refused because the provision had moved on (answered 409).</summary>
    public bool RevisionConflicted { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string? revise, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Revising = MayRecord ? Agreement!.Provisions.SingleOrDefault(p => p.Number == revise) : null;
        return Page();
    }

    /// <summary>Revises a provision from the form at the version it was read at; problems and conflicts are shown with the form.</summary>
    public async Task<IActionResult> OnPostReviseAsync(
        string id, string? number, string? summary, string? theme, string? responsible, string? deadline, string? links, int version, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Revising = Agreement!.Provisions.SingleOrDefault(p => p.Number == number);
        if (Revising is null)
        {
            return NotFound();
        }

        var read = ProvisionInput.Read(Revising.Number, summary, theme, responsible, deadline, links, "revision form");
        if (!read.Success)
        {
            RevisionProblems = [.. read.Problems.Select(p => p.ToString())];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            await store.ReviseProvisionAsync(Callers.Of(HttpContext), id, read.Value, version, cancellationToken);
        }
        catch (VersionConflictException conflict)
        {
            // Someone revised it meanwhile: the form shows the provision as it stands now.
            await LoadAsync(id, cancellationToken);
            Revising = Agreement!.Provisions.Single(p => p.Number == number);
            RevisionConflicted = true;
            RevisionProblems = [conflict.Message];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (StoreRefusalException refusal) when (refusal is not RecordNotFoundException)
        {
            RevisionProblems = [refusal.Message];
            Response.StatusCode = refusal is NotPermittedException ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        return Redirect($"/agreements/{Uri.EscapeDataString(id)}#provision-{Uri.EscapeDataString(Revising.Number)}");
    }

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
        Revisions = await store.ListProvisionRevisionsAsync(caller, id, cancellationToken);
        Standings = Implementation.Standings([Agreement], History, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        MayRecord = Permissions.MayKeepAgreements(caller);
        return true;
    }
}
