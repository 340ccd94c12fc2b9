using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Boundaries;

/// <summary>What a boundary line is to the commission.</summary>
public enum LineKind
{
    /// <summary>Digitised from a cartographic source.</summary>
    SourceLine,

    /// <summary>Drawn by one party as its claim.</summary>
    PartyClaim,

    /// <summary>Agreed by the commission.</summary>
    AgreedLine,
}

/// <summary>
/// A line along one section of the boundary, in WGS 84 (x = longitude, y = latitude), oriented in the
/// section's direction. Its pieces are kept as given; gaps between them are bridged only when the line
/// is walked (<see cref="SectionPath"/>), and flagged there.
/// </summary>
public sealed record BoundaryLine(string Id, string SectionId, LineKind Kind, string Name, MultiLineString Geometry)
{
    public string? SourceId { get; init; }

    /// <summary>The party whose claim this is (for <see cref="LineKind.PartyClaim"/>).</summary>
    public PartyCode? ClaimedBy { get; init; }

    public int Version { get; init; } = 1;

    /// <summary>The party whose delegation drew the line; none for the commission's own sources and agreed lines.</summary>
    public PartyCode? Owner { get; init; }

    /// <summary>Who may see the line: the owner's delegation (draft), every commission member (submitted), or anyone (published).</summary>
    public Publication Publication { get; init; } = Publication.Draft;
}
