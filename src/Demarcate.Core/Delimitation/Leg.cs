using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Delimitation;

/// <summary>How the boundary runs between two consecutive turning points.</summary>
public enum LegKind
{
    /// <summary>The shortest line on the WGS 84 ellipsoid.</summary>
    Geodesic,

    /// <summary>A straight line in the plane of a named grid (Gauss–Krüger, UTM), as drawn on that grid's maps.</summary>
    GridStraight,

    /// <summary>Along the parallel of latitude through both points (WGS 84 latitude).</summary>
    Parallel,

    /// <summary>Along the meridian through both points (WGS 84 longitude).</summary>
    Meridian,

    /// <summary>
    /// Along a named reference line (a river's median line or thalweg, a road's centreline, a ridge, a line from a
    /// cartographic source) between the projections of the two turning points onto it.
    /// </summary>
    Reference,
}

/// <summary>
/// One leg of a boundary description: from a turning point to the next, of a kind, with the feature or source that
/// defines it.
/// </summary>
/// <param name="From">Id of the turning point the leg starts at.</param>
/// <param name="To">Id of the turning point the leg ends at.</param>
/// <param name="Kind">How the line runs between them.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Leg(string From, string To, LegKind Kind)
{
    /// <summary>The grid a <see cref="LegKind.GridStraight"/> leg is straight on; null for other kinds.</summary>
    public CrsCode? Grid { get; init; }

    /// <summary>The name of the reference line a <see cref="LegKind.Reference"/> leg follows; null for other kinds.</summary>
    public string? Reference { get; init; }

    /// <summary>The cartographic source the reference line is taken from (a source register id), when stated.</summary>
    public string? Source { get; init; }

    /// <summary>The feature or agreement defining the leg in words ("the watershed of the Murovdag ridge"), when stated.</summary>
    public string? DefinedBy { get; init; }

    /// <summary>"TP13 → TP14", how problems and reports name the leg.</summary>
    public string Label => From + " → " + To;
}
