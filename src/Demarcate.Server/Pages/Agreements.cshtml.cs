using Demarcate.Core.Agreements;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The agreements register's dashboard: overdue and due-soon provisions, implementation by theme and by agreement.</summary>
public sealed class AgreementsModel(ICommissionStore store, TimeProvider clock) : PageModel
{
    public bool MaySee { get; private set; }

    public IReadOnlyList<Agreement> Agreements { get; private set; } = [];

    public AgreementDashboard? Dashboard { get; private set; }

    public async Task OnGetAsync(string? date, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        MaySee = Permissions.MaySeeAgreements(caller);
        var today = DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day
            : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Agreements = await store.ListAgreementsAsync(caller, cancellationToken);
        Dashboard = Implementation.Dashboard(Agreements, await store.ListAssessmentsAsync(caller, null, cancellationToken), today);
    }
}
