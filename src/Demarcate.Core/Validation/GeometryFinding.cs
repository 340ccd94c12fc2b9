using NetTopologySuite.Geometries;

namespace Demarcate.Core.Validation;

/// <summary>What is wrong with an imported geometry, in the commission's terms.</summary>
public enum FindingKind
{
    /// <summary>A geometry or part with no positions at all.</summary>
    Empty,

    /// <summary>A line with fewer than two distinct points, or a ring with fewer than three.</summary>
    TooFewPoints,

    /// <summary>The same position twice in a row.</summary>
    DuplicatePoint,

    /// <summary>A vertex where the line turns back on itself (see <see cref="ValidationRules.SpikeAngleDegrees"/>).</summary>
    Spike,

    /// <summary>A line or ring that crosses or touches itself.</summary>
    SelfIntersection,

    /// <summary>A polygon ring whose last position is not its first.</summary>
    UnclosedRing,

    /// <summary>A ring against the right-hand rule of RFC 7946 (exterior counter-clockwise, holes clockwise).</summary>
    WrongWinding,

    /// <summary>Not a position at all: not a number, or beyond ±180° longitude or ±90° latitude.</summary>
    InvalidCoordinate,

    /// <summary>A position that fits only when its two axes are exchanged.</summary>
    SwappedAxes,

    /// <summary>A position outside the area of use of the CRS the file was said to be in.</summary>
    OutsideArea,
}

/// <summary>
/// One thing wrong with one feature of an import: which feature (0-based, in file order), what kind of
/// fault, and a sentence saying where in the geometry and why.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record GeometryFinding(long Feature, FindingKind Kind, string Reason)
{
    /// <summary>The position the finding is about, when there is one (x = longitude, y = latitude).</summary>
    public Coordinate? At { get; init; }

    /// <summary>Whether <see cref="GeometryValidator.Repair"/> can put this right without guessing.</summary>
    public bool IsRepairable => Kind is FindingKind.DuplicatePoint or FindingKind.Spike or FindingKind.UnclosedRing or FindingKind.WrongWinding;

    public override string ToString() => $"feature {Feature}: {Reason}";
}

/// <summary>One change a repair made to a feature, stated so the delegation can check it.</summary>
public sealed record GeometryChange(long Feature, FindingKind Kind, string Description)
{
    public override string ToString() => $"feature {Feature}: {Description}";
}

/// <summary>A repaired geometry, what was changed to get it, and what no repair could put right.</summary>
public sealed record GeometryRepair(Geometry Geometry, IReadOnlyList<GeometryChange> Changes, IReadOnlyList<GeometryFinding> Remaining);
