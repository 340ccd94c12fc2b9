using Demarcate.Core.Demarcation;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>One pillar of the register: planned and surveyed positions with the survey's frame and epoch, its witness marks, its history and its inspections.</summary>
public sealed class PillarModel(ICommissionStore store) : PageModel
{
    public Pillar Pillar { get; private set; } = null!;

    /// <summary>Every change in the pillar's life, oldest first.</summary>
    public IReadOnlyList<PillarHistoryEntry> History { get; private set; } = [];

    public IReadOnlyList<PillarInspection> Inspections { get; private set; } = [];

    /// <summary>The marks beside the pillar that let it be found again, in number order.</summary>
    public IReadOnlyList<WitnessMark> WitnessMarks { get; private set; } = [];

    /// <summary>Where a witness mark's bearing and distance put it, from the surveyed position when there is one.</summary>
    public Demarcate.Core.Geodesy.GeoPoint MarkPosition(WitnessMark mark) => mark.PositionFrom(Pillar.Surveyed?.Position ?? Pillar.Planned);

    /// <summary>The marks as the page's form edits them: the bearing as measured and the correction, so saving one mark sends the others back unchanged.</summary>
    public object WitnessMarkEntries => WitnessMarks.Select(m => new
    {
        number = m.Number,
        kind = m.Kind,
        bearing = m.MeasuredBearing,
        azimuth = m.MeasuredFrom.ToString(),
        correction = m.MeasuredFrom == AzimuthKind.True ? (double?)null : m.Correction,
        distance = m.Distance,
        description = m.Description,
        slopeDistance = m.SlopeDistance,
        heightDifference = m.HeightDifference,
        latitude = m.Surveyed?.Latitude,
        longitude = m.Surveyed?.Longitude,
    }).ToArray();

    /// <summary>Whether the caller is on a survey team (records inspections, statuses and witness marks): the page then offers the forms.</summary>
    public bool MayRecord { get; private set; }

    /// <summary>The pillar's address under /api/pillars, for the page's forms.</summary>
    public string ApiPath => "/api" + PillarsModel.Link(Pillar);

    public async Task<IActionResult> OnGetAsync(string prefix, string sequence, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        var number = prefix + "/" + sequence;
        // A pillar the caller may not see answers like a missing one, as the API does.
        if (await store.GetPillarAsync(caller, number, cancellationToken) is not { } pillar)
        {
            return NotFound();
        }

        Pillar = pillar;
        MayRecord = Permissions.MayRecordSurvey(caller);
        History = await store.ListPillarHistoryAsync(caller, number, cancellationToken);
        Inspections = await store.ListInspectionsAsync(caller, number, cancellationToken);
        WitnessMarks = await store.ListWitnessMarksAsync(caller, number, cancellationToken);
        return Page();
    }
}
