using Demarcate.Core.Proceedings;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>One session: participants, agenda, decisions and its documents; a session the caller may not see is not found.</summary>
public sealed class SessionModel(ICommissionStore store) : PageModel
{
    public CommissionSession Session { get; private set; } = new("", default, "");

    public IReadOnlyList<Decision> Decisions { get; private set; } = [];

    public IReadOnlyList<CommissionDocument> Documents { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        if (await store.GetSessionAsync(caller, id, cancellationToken) is not { } session)
        {
            return NotFound();
        }

        Session = session;
        Decisions = await store.ListDecisionsAsync(caller, id, null, cancellationToken);
        Documents = [.. (await store.ListDocumentsAsync(caller, cancellationToken)).Where(d => d.SessionId == id)];
        return Page();
    }
}
