using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Formats;
using Demarcate.Formats.Exchange;
using Demarcate.Formats.Import;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The dataset for QGIS, Google Earth and spreadsheets to take away, and a delegation's lines to bring back as its drafts.</summary>
public sealed class ExchangeModel(ICommissionStore store) : PageModel
{
    public IReadOnlyList<Section> Sections { get; private set; } = [];

    /// <summary>The delegation whose drafts an import becomes; null for callers who draw no lines.</summary>
    public PartyCode? Party { get; private set; }

    public IReadOnlyList<string>? Imported { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var caller = Callers.Of(HttpContext);
        if (Party is not { } party)
        {
            return Forbid();
        }

        if (file is null)
        {
            Problems = ["file: choose a dataset file to import"];
            return Page();
        }

        var name = Path.GetFileName(file.FileName);
        var format = name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? FeatureFormat.Csv : FeatureFormats.FromPath(name);
        if (format is null)
        {
            Problems = [$"{name}: a dataset is a .gpkg, .geojson, .kml or .zip of CSV files"];
            return Page();
        }

        ParseResult<ExchangeDataset> read;
        await using (var stream = file.OpenReadStream())
        {
            read = await DatasetReader.ReadAsync(stream, name, format.Value, LineImportRequest.DefaultMaximumBytes, cancellationToken);
        }

        if (!read.Success)
        {
            Problems = [.. read.Problems.Select(p => p.ToString())];
            return Page();
        }

        try
        {
            var result = await DatasetExchange.ImportAsync(store, caller, read.Value, name, party, cancellationToken);
            if (result.Success)
            {
                Imported = result.Value.LineIds;
            }
            else
            {
                Problems = [.. result.Problems.Select(p => p.ToString())];
            }
        }
        catch (StoreRefusalException refusal)
        {
            Problems = [$"{name}: {refusal.Message}"];
        }

        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        Sections = await store.ListSectionsAsync(caller, cancellationToken);
        Party = caller.Account is { MayEditCommissionRecords: true, Party: { } party } ? party : null;
    }
}
