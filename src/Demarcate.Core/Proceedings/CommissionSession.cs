using Demarcate.Core.Boundaries;

namespace Demarcate.Core.Proceedings;

/// <summary>Whether a commission session is still ahead or took place.</summary>
public enum SessionStatus
{
    Planned,
    Held,
}

/// <summary>Someone taking part in a session: an account of the system, or a named person with their party.</summary>
/// <param name="Name">The name as it goes into the minutes.</param>
/// <param name="Party">The party the person attends for (none for an outside expert).</param>
/// <param name="AccountId">The account, when the person has one.</param>
public sealed record Participant(string Name, PartyCode? Party, string? AccountId);

/// <summary>One item of a session's agenda, optionally about some sectors.</summary>
public sealed record AgendaItem(string Title, IReadOnlyList<string> SectorIds);

/// <summary>
/// A meeting of the commission: when and where, who took part, and the ordered agenda. Commission
/// members see sessions; co-chairs and the mediator's advisers plan and revise them.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record CommissionSession(string Id, DateOnly Date, string Place)
{
    public SessionStatus Status { get; init; } = SessionStatus.Planned;

    public IReadOnlyList<Participant> Participants { get; init; } = [];

    /// <summary>The agenda, in the order it is taken.</summary>
    public IReadOnlyList<AgendaItem> Agenda { get; init; } = [];

    public int Version { get; init; } = 1;

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>What a session is (or is revised to be): the caller's part of <see cref="CommissionSession"/>.</summary>
public sealed record SessionDraft(DateOnly Date, string Place)
{
    public SessionStatus Status { get; init; } = SessionStatus.Planned;

    public IReadOnlyList<Participant> Participants { get; init; } = [];

    public IReadOnlyList<AgendaItem> Agenda { get; init; } = [];

    /// <summary>Why the draft cannot be a session, in the commission's words; null when it can.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Place) ? "a session needs a place"
        : Participants.Any(p => string.IsNullOrWhiteSpace(p.Name)) ? "every participant needs a name"
        : Agenda.Any(a => string.IsNullOrWhiteSpace(a.Title)) ? "every agenda item needs a title"
        : null;
}

/// <summary>
/// What the commission decided at a held session, about one or more sectors, optionally on a
/// submitted proposal. A decision may move its sectors along the workflow
/// (<see cref="SectorWorkflow"/>); the move and the decision are written together or not at all.
/// Decisions are never changed: a later decision supersedes an earlier one.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record Decision(string Id, string SessionId, IReadOnlyList<string> SectorIds, string Text)
{
    public string? ProposalId { get; init; }

    /// <summary>The status the decision moved its sectors to, if it moved them.</summary>
    public SectorStatus? NewStatus { get; init; }

    public string DecidedBy { get; init; } = "";

    public DateTimeOffset DecidedAt { get; init; }
}

/// <summary>A decision to record: the sectors it is about, and, when it moves them, the version of each sector it read.</summary>
public sealed record DecisionDraft(string SessionId, IReadOnlyList<string> SectorIds, string Text)
{
    public string? ProposalId { get; init; }

    public SectorStatus? NewStatus { get; init; }

    /// <summary>Sector id → the version read, for every sector when <see cref="NewStatus"/> is given.</summary>
    public IReadOnlyDictionary<string, int> SectorVersions { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public string? Problem() =>
        string.IsNullOrWhiteSpace(Text) ? "a decision needs its text"
        : SectorIds.Count == 0 ? "a decision is about at least one sector"
        : SectorIds.Distinct(StringComparer.Ordinal).Count() != SectorIds.Count ? "a sector is named twice"
        : NewStatus is not null && SectorIds.Any(s => !SectorVersions.ContainsKey(s)) ? "a status change gives the version read of every sector it moves"
        : null;
}
