using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Monitoring;

/// <summary>
/// One sector of the line in force (or of a named reference line) as attribution sees it: its line in WGS 84 in the
/// section's direction, and which party lies on the left and on the right when walking it. A sector whose line has
/// gaps is given as several of these with the same <see cref="SectorId"/>, one per part.
/// </summary>
public sealed record AttributionSector(string SectorId, IReadOnlyList<GeoPoint> Line, PartyCode LeftParty, PartyCode RightParty);

/// <summary>
/// Where an incident lies with respect to the line: the index of its nearest sector in the list the attribution was
/// built from, the geodesic distance to the nearest point of the line, and whose territory it is in. An incident
/// farther than the options allow is unattributed (<see cref="SectorIndex"/> −1, distance NaN), but callers keep it.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct IncidentPlacement(int SectorIndex, double DistanceMetres, PartyCode? Side)
{
    /// <summary>An incident too far from the line to belong to any sector.</summary>
    public static IncidentPlacement Unattributed { get; } = new(-1, double.NaN, null) { PlaneDistanceMetres = double.NaN };

    public bool IsAttributed => SectorIndex >= 0;

    /// <summary>The distance measured in the attribution's UTM plane (grid metres): the one nearness is decided by.</summary>
    public double PlaneDistanceMetres { get; init; }

    /// <summary>The nearest point of the line (the foot of the incident on it), in WGS 84.</summary>
    public GeoPoint NearestPoint { get; init; }

    /// <summary>
    /// Which side of the sector's walking direction the incident is on; null when it lies on the line itself (within
    /// <see cref="AttributionOptions.OnLineMetres"/>) or is unattributed. <see cref="Side"/> is the party on that side.
    /// </summary>
    public Boundaries.Side? SideOfLine { get; init; }
}
