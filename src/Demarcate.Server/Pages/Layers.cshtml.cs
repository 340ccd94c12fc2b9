using Demarcate.Core;
using Demarcate.Core.ReferenceLayers;
using Demarcate.Core.Trust;
using Demarcate.Formats;
using Demarcate.Formats.Import;
using Demarcate.Server.Endpoints;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The commission's reference layers (settlements, roads, railways, rivers) with their sources and licences, and a form to load one.</summary>
public sealed class LayersModel(ICommissionStore store) : PageModel
{
    public IReadOnlyList<ReferenceLayer> Layers { get; private set; } = [];

    /// <summary>Whether the caller sees the layers at all (commission members).</summary>
    public bool MaySee { get; private set; }

    /// <summary>Whether the caller may load, replace and delete layers (the upload form shows only to them).</summary>
    public bool MayKeep { get; private set; }

    public ReferenceLayer? Loaded { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!MayKeep)
        {
            return Forbid();
        }

        var described = LayerEndpoints.Describe(id?.Trim() ?? "", Request.Form);
        if (!described.Success)
        {
            Problems = [.. described.Problems.Select(p => p.ToString())];
            return Page();
        }

        if (file is null)
        {
            Problems = ["file: choose a GeoJSON, KML or GeoPackage file"];
            return Page();
        }

        var name = Path.GetFileName(file.FileName);
        if (FeatureFormats.FromPath(name) is not { } format)
        {
            Problems = [$"{name}: a reference layer is a .geojson, .kml or .gpkg file"];
            return Page();
        }

        var (layer, axisOrder, replacing) = described.Value;
        try
        {
            await using var stream = file.OpenReadStream();
            var imported = await ReferenceLayerFileImport.ImportAsync(
                store,
                Callers.Of(HttpContext),
                stream,
                layer,
                new ReferenceLayerImportRequest { SourceName = name, Format = format, Crs = string.IsNullOrWhiteSpace(Request.Form["crs"]) ? null : Request.Form["crs"].ToString().Trim(), AxisOrder = axisOrder },
                replacing,
                cancellationToken);
            if (!imported.Success)
            {
                Problems = [.. imported.Problems.Select(p => p.ToString())];
                return Page();
            }

            Loaded = imported.Value.Layer;
        }
        catch (StoreRefusalException e) when (e is RuleViolationException or VersionConflictException)
        {
            Problems = [e.Message];
            return Page();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        MaySee = Permissions.MaySeeReferenceLayers(caller);
        MayKeep = Permissions.MayKeepReferenceLayers(caller);
        Layers = await store.ListReferenceLayersAsync(caller, cancellationToken);
    }
}
