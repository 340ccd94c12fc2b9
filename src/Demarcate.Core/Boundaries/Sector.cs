using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Boundaries;

/// <summary>Where the commission stands on a sector.</summary>
public enum SectorStatus
{
    NotStarted,
    UnderDiscussion,
    AgreedInPrinciple,
    Delimited,
    Demarcated,
    Verified,
}

/// <summary>
/// A point where one sector ends and the next begins, stored in WGS 84. Any line of the section is
/// cut where the break point projects onto it, so sectors keep their ids whatever line is drawn.
/// </summary>
public sealed record BreakPoint(string Id, string SectionId, int Sequence, GeoPoint Position);

/// <summary>
/// A numbered stretch of a section between two break points (or a section end). Its id never changes
/// when a line of the section changes; its geometry is always cut from a line.
/// </summary>
public sealed record Sector(string Id, string SectionId, int Number, string? FromBreakId, string? ToBreakId)
{
    public SectorStatus Status { get; init; } = SectorStatus.NotStarted;

    /// <summary>Published sectors are visible to anyone, without signing in.</summary>
    public bool IsPublished { get; init; }

    /// <summary>Optimistic-concurrency version: writes carry the version they read.</summary>
    public int Version { get; init; } = 1;
}
