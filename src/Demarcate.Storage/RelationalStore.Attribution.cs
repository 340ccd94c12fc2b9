using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

/// <summary>What one attribution run did: incidents considered, how many got a sector, against which line and limit.</summary>
public sealed record AttributionRun(int Incidents, int Attributed, string? ReferenceLineId, double MaxDistanceMetres);

public abstract partial class RelationalStore
{
    /// <summary>
    /// Attributes the incidents the caller sees (all, or <paramref name="incidentIds"/>) to the nearest sector of the line in force
    /// (the sectors' current lines), with distance and side, by <see cref="SectorAttribution"/>, and records the result through
    /// <see cref="RecordAttributionsAsync"/>. With <paramref name="referenceLineId"/> the distance and side are measured to that
    /// line instead (e.g. a former line of contact) and the incident keeps the nearest sector of the line in force, if that is
    /// within the limit too. Incidents beyond the limit have their attribution cleared.
    /// </summary>
    public async Task<AttributionRun> AttributeIncidentsAsync(
        Caller caller, string? referenceLineId, double maxDistanceMetres, IReadOnlyCollection<string>? incidentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!IncidentRules.MayVerify(caller))
        {
            throw new NotPermittedException("Monitors, the mediator's advisers and the commission itself attribute incidents to sectors.");
        }

        var sections = (await ListSectionsAsync(caller, cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var inForce = new List<AttributionSector>();
        foreach (var onLine in await ListSectorsAsync(caller, null, cancellationToken))
        {
            if (onLine.Geometry is not null && sections.TryGetValue(onLine.Sector.SectionId, out var section))
            {
                inForce.AddRange(Parts(onLine.Sector.Id, onLine.Geometry, section));
            }
        }

        var wanted = incidentIds is null ? null : new HashSet<string>(incidentIds, StringComparer.Ordinal);
        var incidents = (await ListIncidentsAsync(caller, new IncidentFilter { IncludeMerged = true }, cancellationToken))
            .Where(i => wanted is null || wanted.Contains(i.Id)).ToList();
        if (inForce.Count == 0 || incidents.Count == 0)
        {
            return new AttributionRun(incidents.Count, 0, referenceLineId, maxDistanceMetres);
        }

        // One UTM zone for the whole border, the first section's: PostGIS's oracle uses the same (docs/incidents.md, "Metric").
        var options = new AttributionOptions { MaxDistanceMetres = maxDistanceMetres, UtmZone = sections.Values.OrderBy(s => s.Order).First().UtmZone };
        var byLine = new SectorAttribution(inForce, options);
        SectorAttribution? byReference = null;
        if (referenceLineId is not null)
        {
            var line = await GetLineAsync(caller, referenceLineId, cancellationToken) ?? throw new RecordNotFoundException("line", referenceLineId);
            var section = sections.GetValueOrDefault(line.SectionId) ?? throw new RuleViolationException($"Line {referenceLineId} belongs to no section you see.");
            byReference = new SectorAttribution([.. Parts(line.Id, line.Geometry, section)], options);
        }

        var points = incidents.Select(i => i.Location.Point).ToArray();
        var placements = new IncidentPlacement[points.Length];
        byLine.PlaceAll(points, placements);
        var rows = new List<IncidentAttributionRow>(incidents.Count);
        for (var i = 0; i < incidents.Count; i++)
        {
            var sector = placements[i].IsAttributed ? inForce[placements[i].SectorIndex].SectorId : null;
            var measured = byReference is null ? placements[i] : byReference.Place(points[i]);
            rows.Add(sector is null || !measured.IsAttributed
                ? new IncidentAttributionRow(incidents[i].Id, null, null, null, null)
                : new IncidentAttributionRow(incidents[i].Id, sector, measured.DistanceMetres, measured.Side, referenceLineId));
        }

        await RecordAttributionsAsync(caller, rows, cancellationToken);
        return new AttributionRun(incidents.Count, rows.Count(r => r.SectorId is not null), referenceLineId, maxDistanceMetres);
    }

    private static IEnumerable<AttributionSector> Parts(string id, MultiLineString geometry, Section section) =>
        geometry.Geometries.Cast<LineString>()
            .Where(part => part.NumPoints >= 2)
            .Select(part => new AttributionSector(id, [.. part.Coordinates.Select(c => new GeoPoint(c.Y, c.X))], section.PartyOnLeft, section.PartyOnRight));
}
