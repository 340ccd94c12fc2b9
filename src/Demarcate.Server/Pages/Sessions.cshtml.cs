using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The commission's sessions, for its members.</summary>
public sealed class SessionsModel(ICommissionStore store) : PageModel
{
    public bool MaySee { get; private set; }

    public IReadOnlyList<CommissionSession> Sessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        MaySee = Permissions.MaySeeSessions(caller);
        Sessions = await store.ListSessionsAsync(caller, cancellationToken);
    }
}
