using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Proceedings;

/// <summary>
/// A delegation's (or the mediator's) proposal for where a sector's line should run: its text and
/// rationale, with lines of the record and/or a geometry drawn for it. A counter-proposal names the
/// submitted proposal on the same sector it answers. Visible like a line: drafts to the owning party
/// only, submitted proposals to every commission member.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record Proposal(string Id, string SectorId, PartyCode Owner, string Title, string Text)
{
    /// <summary>The proposal this one answers (a counter-proposal), if any.</summary>
    public string? AnswersId { get; init; }

    /// <summary>Lines of the record the proposal puts forward (the owner's own, or submitted ones).</summary>
    public IReadOnlyList<string> LineIds { get; init; } = [];

    /// <summary>A line drawn for the proposal itself, in WGS 84 (longitude as X).</summary>
    public MultiLineString? Geometry { get; init; }

    public Publication Publication { get; init; } = Publication.Draft;

    /// <summary>Whether the owner withdrew it; a withdrawn proposal stays in the thread, marked so.</summary>
    public bool IsWithdrawn { get; init; }

    /// <summary>Edit version: every change carries the version it read.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The account (or the system) that drafted it.</summary>
    public string ProposedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SubmittedAt { get; init; }
}

/// <summary>What a delegation puts into a new proposal; the store gives it its id, owner and times.</summary>
/// <param name="SectorId">The sector the proposal is for.</param>
/// <param name="Title">A short title.</param>
/// <param name="Text">The proposal's text and rationale.</param>
public sealed record ProposalDraft(string SectorId, string Title, string Text)
{
    public string? AnswersId { get; init; }

    public IReadOnlyList<string> LineIds { get; init; } = [];

    public MultiLineString? Geometry { get; init; }

    /// <summary>Why the draft cannot become a proposal, in the commission's words; null when it can.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Title) ? "a proposal needs a title"
        : string.IsNullOrWhiteSpace(Text) ? "a proposal needs its text"
        : LineIds.Count == 0 && (Geometry is null || Geometry.IsEmpty) ? "a proposal puts forward at least one line or a geometry"
        : LineIds.Distinct(StringComparer.Ordinal).Count() != LineIds.Count ? "a line is named twice"
        : null;
}
