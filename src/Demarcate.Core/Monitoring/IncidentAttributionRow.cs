namespace Demarcate.Core.Monitoring;

/// <summary>
/// What attribution found for one incident: its nearest sector, distance to the line and the side (whose territory)
/// it lies on, against the line in force or a named reference line; all null for an incident too far from the line.
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="SectorId">Nearest sector, or null when the incident is unattributed.</param>
/// <param name="DistanceMetres">Geodesic distance to the line, in metres.</param>
/// <param name="SideParty">The party whose territory the incident lies in.</param>
/// <param name="ReferenceLineId">The line attributed against, when it is not the line in force.</param>
public sealed record IncidentAttributionRow(string IncidentId, string? SectorId, double? DistanceMetres, PartyCode? SideParty, string? ReferenceLineId);
