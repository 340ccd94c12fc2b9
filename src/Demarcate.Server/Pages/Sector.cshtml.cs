using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>One change of a sector's status, as the journal recorded it.</summary>
public sealed record StatusChange(DateTimeOffset At, SectorStatus? From, SectorStatus? To);

/// <summary>
/// One sector: where it lies on the line in force, the lines of its section the caller may see, the
/// versions of its agreed line and its status history; later work (comparison, description, pillars,
/// incidents) fills the slots at the foot of the page.
/// </summary>
public sealed class SectorModel(ICommissionStore store) : PageModel
{
    public SectorOnLine Sector { get; private set; } = null!;

    public Section? Section { get; private set; }

    public IReadOnlyList<BreakPoint> Breaks { get; private set; } = [];

    public IReadOnlyList<BoundaryLine> Lines { get; private set; } = [];

    public IReadOnlyList<SectorVersion> Versions { get; private set; } = [];

    public IReadOnlyList<StatusChange> History { get; private set; } = [];

    /// <summary>How many proposals for the sector the caller may see (their own drafts, submitted ones).</summary>
    public int ProposalCount { get; private set; }

    /// <summary>Versions of the sector's descriptions the caller may see.</summary>
    public int DescriptionCount { get; private set; }

    /// <summary>The decisions about the sector the caller may see, oldest first.</summary>
    public IReadOnlyList<Decision> Decisions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(HttpContext);
        if (await store.GetSectorAsync(caller, id, cancellationToken) is not { } sector)
        {
            return NotFound();
        }

        Sector = sector;
        var sectionId = sector.Sector.SectionId;
        Section = (await store.ListSectionsAsync(caller, cancellationToken)).FirstOrDefault(s => s.Id == sectionId);
        Breaks = [.. (await store.ListBreakPointsAsync(caller, sectionId, cancellationToken))
            .Where(b => b.Id == sector.Sector.FromBreakId || b.Id == sector.Sector.ToBreakId)
            .OrderBy(b => b.Sequence)];
        Lines = await store.ListLinesAsync(caller, sectionId, cancellationToken);
        Versions = await store.ListSectorVersionsAsync(caller, id, cancellationToken);
        History = await HistoryAsync(id, cancellationToken);
        ProposalCount = (await store.ListProposalsAsync(caller, id, cancellationToken)).Count;
        DescriptionCount = (await store.ListDescriptionsAsync(caller, id, cancellationToken)).Count;
        Decisions = await store.ListDecisionsAsync(caller, null, id, cancellationToken);
        return Page();
    }

    /// <summary>
    /// The sector's status changes from the journal. A sector's status is as public as the sector (the
    /// caller already sees it), and only the statuses and times are shown, never who or anything else.
    /// </summary>
    private async Task<IReadOnlyList<StatusChange>> HistoryAsync(string id, CancellationToken cancellationToken)
    {
        var changes = new List<StatusChange>();
        await foreach (var entry in store.ReadJournalAsync(cancellationToken))
        {
            if (entry.RecordType == "sector" && entry.RecordId == id && entry.Action is "sector.status" or "sector.delimited")
            {
                changes.Add(new StatusChange(entry.At, StatusIn(entry.Before), StatusIn(entry.After)));
            }
        }

        return changes;
    }

    private static SectorStatus? StatusIn(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("status", out var status) && Enum.TryParse<SectorStatus>(status.GetString(), out var value) ? value : null;
    }
}
