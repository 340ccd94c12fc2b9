using Demarcate.Core;
using Demarcate.Core.Humanitarian;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>
/// Humanitarian cases. Officers of a party and of the mediator see their cases, open one (the opening is journaled),
/// add cases, move their status, record exchanges and erase a person; every other signed-in user sees the figures only.
/// </summary>
public sealed class HumanitarianModel(ICommissionStore store, HumanitarianDisclosure disclosure) : PageModel
{
    public CaseFigures Figures { get; private set; } = new([], 0);

    /// <summary>Whether the caller is a humanitarian officer (sees cases and forms) rather than a reader of figures.</summary>
    public bool IsOfficer { get; private set; }

    public IReadOnlyList<CaseRecord> Cases { get; private set; } = [];

    /// <summary>The exchanges in which the officer sees a case, each naming only those cases.</summary>
    public IReadOnlyList<CaseExchange> Exchanges { get; private set; } = [];

    /// <summary>The case opened with <c>?case=</c>, with its particulars (null once erased) and history.</summary>
    public HumanitarianCase? Opened { get; private set; }

    /// <summary>The parties a case may belong to (the two states).</summary>
    public IReadOnlyList<Party> States { get; private set; } = [];

    public string? Message { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "case")] string? caseId, string? done, CancellationToken cancellationToken)
    {
        if (!Callers.Of(HttpContext).IsSignedIn)
        {
            return Challenge();
        }

        await LoadAsync(cancellationToken);
        Message = done;
        if (IsOfficer && !string.IsNullOrEmpty(caseId))
        {
            // A case the officer may not see answers like a missing one.
            Opened = await store.ReadHumanitarianCaseAsync(Callers.Of(HttpContext), caseId, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string? kind, string? party, DateOnly? reportedOn, CancellationToken cancellationToken)
    {
        var problems = new List<InputProblem>();
        if (!Enum.TryParse<CaseKind>(kind, out var parsedKind) || !Enum.IsDefined(parsedKind))
        {
            problems.Add(new InputProblem("kind", "choose prisoner of war, detainee or remains"));
        }

        if (string.IsNullOrWhiteSpace(party))
        {
            problems.Add(new InputProblem("party", "choose the party whose national the person is"));
        }

        if (reportedOn is null)
        {
            problems.Add(new InputProblem("reportedOn", "the day the case was reported is required"));
        }

        var person = PersonalParticulars.FromFields(
            PersonalParticulars.FieldNames.Select(f => new KeyValuePair<string, string?>(f, Request.Form[f].ToString())), "case form");
        problems.AddRange(person.Problems);
        if (problems.Count > 0)
        {
            return await ShowAsync(problems.Select(p => p.ToString()), cancellationToken);
        }

        return await WriteAsync(
            async () => (await store.AddHumanitarianCaseAsync(Callers.Of(HttpContext), parsedKind, new PartyCode(party!), reportedOn!.Value, person.Value, cancellationToken)).Id,
            cancellationToken);
    }

    public Task<IActionResult> OnPostStatusAsync(string caseId, string? status, int version, CancellationToken cancellationToken) =>
        Enum.TryParse<CaseStatus>(status, out var parsed) && Enum.IsDefined(parsed)
            ? WriteAsync(async () => (await store.ChangeHumanitarianStatusAsync(Callers.Of(HttpContext), caseId, parsed, version, cancellationToken)).Id, cancellationToken)
            : ShowAsync(["status: choose a status"], cancellationToken);

    public Task<IActionResult> OnPostEraseAsync(string caseId, CancellationToken cancellationToken) =>
        WriteAsync(async () => (await store.EraseHumanitarianCaseAsync(Callers.Of(HttpContext), caseId, cancellationToken)).Id, cancellationToken);

    public Task<IActionResult> OnPostExchangeAsync(DateOnly? heldOn, string? place, string? intermediary, string[]? cases, CancellationToken cancellationToken) =>
        heldOn is null || string.IsNullOrWhiteSpace(place) || string.IsNullOrWhiteSpace(intermediary) || cases is not { Length: > 0 }
            ? ShowAsync(["exchange form: the date, place, intermediary and at least one case are required"], cancellationToken)
            : WriteAsync(
                async () => (await store.RecordExchangeAsync(Callers.Of(HttpContext), new CaseExchange("", heldOn.Value, place, intermediary, cases), cancellationToken)).Id,
                cancellationToken);

    private async Task<IActionResult> WriteAsync(Func<Task<string>> write, CancellationToken cancellationToken)
    {
        try
        {
            var id = await write();
            return Redirect("/humanitarian?done=" + Uri.EscapeDataString(id));
        }
        catch (StoreRefusalException refusal) when (refusal is not RecordNotFoundException)
        {
            return await ShowAsync([refusal.Message], cancellationToken);
        }
    }

    private async Task<IActionResult> ShowAsync(IEnumerable<string> problems, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Problems = [.. problems];
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        Figures = await store.SummariseHumanitarianCasesAsync(caller, disclosure.Threshold, cancellationToken);
        IsOfficer = HumanitarianAccess.IsOfficer(caller);
        if (IsOfficer)
        {
            Cases = await store.ListHumanitarianCasesAsync(caller, cancellationToken);
            Exchanges = await store.ListHumanitarianExchangesAsync(caller, cancellationToken);
            var commission = await store.GetCommissionAsync(cancellationToken);
            States = commission is null ? [] : [commission.FirstState, commission.SecondState];
        }
    }
}
