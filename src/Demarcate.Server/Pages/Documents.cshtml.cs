using Demarcate.Core.Proceedings;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The commission's documents the caller may see, each version a download.</summary>
public sealed class DocumentsModel(ICommissionStore store) : PageModel
{
    public IReadOnlyList<CommissionDocument> Documents { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Documents = await store.ListDocumentsAsync(Callers.Of(HttpContext), cancellationToken);
}
