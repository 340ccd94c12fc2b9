using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Boundaries;

/// <summary>
/// One version of a sector's agreed line, as the co-chairs sign it: the geometry, its turning-point
/// table and the text describing it. A version never changes; a change is a new version, which needs
/// new signatures.
/// </summary>
public sealed record SectorVersion(
    string SectorId,
    int Number,
    MultiLineString Geometry,
    IReadOnlyList<TurningPointRow> TurningPoints,
    string Description,
    string ProposedBy,
    DateTimeOffset ProposedAt)
{
    /// <summary>The hash each co-chair signs (<see cref="SectorVersionSignature.CanonicalHash"/>).</summary>
    public byte[] CanonicalHash() => SectorVersionSignature.CanonicalHash(SectorId, Number, Geometry, TurningPoints, Description);

    /// <summary>The signatures given to this version so far.</summary>
    public IReadOnlyList<Signature> Signatures { get; init; } = [];

    /// <summary>Whether both states' co-chairs have signed this very version.</summary>
    public bool IsSignedByBoth { get; init; }
}
