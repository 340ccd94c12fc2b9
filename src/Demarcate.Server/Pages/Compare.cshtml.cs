using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Formats.Comparison;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>
/// Two lines of a section laid over each other, as the caller may see them: the discrepancy polygons on a map
/// coloured by who holds them under line B, the significant ones in a table largest first with the settlements in
/// them, and the pair's distances and net area per party; for the whole section or one sector.
/// </summary>
public sealed class CompareModel(ICommissionStore store) : PageModel
{
    /// <summary>Every line the caller may see, by section, for the two pickers.</summary>
    public IReadOnlyList<BoundaryLine> Lines { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? A { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? B { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sector { get; set; }

    public Section? Section { get; private set; }

    /// <summary>The comparison shown (the sector's when one is named), or null before two lines are picked.</summary>
    public LineComparisonResult? Result { get; private set; }

    /// <summary>The significant polygons, largest first.</summary>
    public IReadOnlyList<DiscrepancyPolygon> Significant { get; private set; } = [];

    /// <summary>The demo settlements in each polygon, by polygon number.</summary>
    public ILookup<int, AffectedFeature> Settlements { get; private set; } = Array.Empty<AffectedFeature>().ToLookup(f => f.PolygonNumber);

    /// <summary>The polygons as GeoJSON for the map.</summary>
    public string PolygonsGeoJson { get; private set; } = "null";

    /// <summary>Why the comparison could not be made (a line missing to the caller, lines of two sections), or null.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        var sections = await store.ListSectionsAsync(caller, cancellationToken);
        var lines = new List<BoundaryLine>();
        foreach (var section in sections)
        {
            lines.AddRange(await store.ListLinesAsync(caller, section.Id, cancellationToken));
        }

        Lines = lines;
        if (string.IsNullOrWhiteSpace(A) || string.IsNullOrWhiteSpace(B))
        {
            return Page();
        }

        StoredComparison compared;
        try
        {
            compared = await StoredLineComparison.CompareAsync(store, caller, A, B, null, Sector is not null, cancellationToken);
        }
        catch (RecordNotFoundException refusal)
        {
            Refusal = refusal.Message;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        catch (RuleViolationException refusal)
        {
            Refusal = refusal.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Section = compared.Section;
        var sector = Sector is null ? null : compared.Sectors.FirstOrDefault(s => s.SectorId == Sector);
        if (Sector is not null && sector is null)
        {
            Refusal = $"Sector {Sector} is not a sector of section {compared.Section.Id} on both lines.";
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Result = sector?.Comparison ?? compared.Whole;
        Significant = [.. Result.Polygons.Where(p => p.IsSignificant).OrderByDescending(p => p.EllipsoidalArea)];
        Settlements = (await SettlementsInAsync(caller, compared.Section, Result, cancellationToken)).ToLookup(f => f.PolygonNumber);
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            ComparisonWriter.WriteGeoJson(writer, compared.Section, Result, []);
        }

        PolygonsGeoJson = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        return Page();
    }

    /// <summary>The commission's stored settlements and roads (else the demo's GeoNames places) in the polygons.</summary>
    private async Task<IReadOnlyList<AffectedFeature>> SettlementsInAsync(Caller caller, Section section, LineComparisonResult result, CancellationToken cancellationToken) =>
        AffectedFeatures.InPolygons(section, result, await Endpoints.SettlementsLayer.FeaturesAsync(store, caller, cancellationToken));
}
