using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Demarcation;

namespace Demarcate.Storage;

/// <summary>
/// Reads what the demarcation documents (pillar cards, strip maps, the coordinate list) are made from, as one caller
/// may see it: the CLI and the server make the same documents from the same reads, so a document never shows more
/// than the register does to that caller.
/// </summary>
public static class PillarDocumentReading
{
    /// <summary>
    /// The pillars the caller may see, of one sector or all, narrowed to <paramref name="numbers"/> (when any), a status
    /// and a type; a number the caller may not see answers as missing (<see cref="RecordNotFoundException"/>).
    /// </summary>
    public static async Task<IReadOnlyList<Pillar>> SelectPillarsAsync(
        this ICommissionStore store, Caller caller, string? sectorId, IReadOnlyList<string> numbers, string? status, string? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(numbers);
        IReadOnlyList<Pillar> pillars;
        if (numbers.Count > 0)
        {
            var found = new List<Pillar>();
            foreach (var number in numbers)
            {
                found.Add(await store.GetPillarAsync(caller, number, cancellationToken) ?? throw new RecordNotFoundException("pillar", number));
            }

            pillars = found;
        }
        else
        {
            pillars = await store.ListPillarsAsync(caller, sectorId, cancellationToken);
        }

        return [.. pillars
            .Where(p => sectorId is null || p.SectorId == sectorId)
            .Where(p => status is null || string.Equals(p.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
            .Where(p => type is null || string.Equals(p.Type.ToString(), type, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>
    /// A sector's surroundings for its maps: the agreed line the caller may see (empty when none), the sector's pillars
    /// the caller may see, the parties on each side (the section's), and the section's UTM zone.
    /// </summary>
    public static async Task<PillarSurroundings> SurroundingsAsync(this ICommissionStore store, Caller caller, string sectorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var pillars = await store.ListPillarsAsync(caller, sectorId, cancellationToken);
        var sector = await store.GetSectorAsync(caller, sectorId, cancellationToken);
        var line = sector?.Geometry is { } geometry
            ? geometry.Geometries.SelectMany(g => g.Coordinates).Select(c => new GeoPoint(c.Y, c.X)).ToList()
            : [];
        var section = sector is null ? null : (await store.ListSectionsAsync(caller, cancellationToken)).FirstOrDefault(s => s.Id == sector.Sector.SectionId);
        var commission = await store.GetCommissionAsync(cancellationToken);
        var parties = section is null || commission is null
            ? ((string?)null, (string?)null)
            : (commission.Find(section.PartyOnLeft)?.Name, commission.Find(section.PartyOnRight)?.Name);
        var near = line.Count > 0 ? line[0] : pillars.Count > 0 ? pillars[0].Planned : new GeoPoint(0, 0);
        return new PillarSurroundings(line, pillars, parties, section?.UtmZone ?? Utm.Zone(near.Longitude));
    }

    /// <summary>The card of each of <paramref name="pillars"/>: coordinates in every CRS of the caller's registry covering it, witness marks, inspections and surroundings.</summary>
    public static async Task<IReadOnlyList<PillarCard>> PillarCardsAsync(this ICommissionStore store, Caller caller, IReadOnlyList<Pillar> pillars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pillars);
        var registry = await store.CrsRegistryAsync(caller, cancellationToken);
        var transformation = (await store.GetCommissionAsync(cancellationToken))?.DatumTransformation;
        var surroundings = new Dictionary<string, PillarSurroundings>(StringComparer.Ordinal);
        var cards = new List<PillarCard>();
        foreach (var pillar in pillars)
        {
            if (!surroundings.TryGetValue(pillar.SectorId, out var around))
            {
                around = await store.SurroundingsAsync(caller, pillar.SectorId, cancellationToken);
                surroundings[pillar.SectorId] = around;
            }

            var operations = PillarCoordinates.Operations(registry, pillar.Planned, transformation);
            var inspections = await store.ListInspectionsAsync(caller, pillar.Number.ToString(), cancellationToken);
            cards.Add(new PillarCard(
                pillar,
                PillarCoordinates.Of(pillar.Planned, operations),
                pillar.Surveyed is { } surveyed ? PillarCoordinates.Of(surveyed.Position, operations) : [],
                inspections,
                around)
            {
                WitnessMarks = await store.ListWitnessMarksAsync(caller, pillar.Number.ToString(), cancellationToken),
            });
        }

        return cards;
    }

    /// <summary>The coordinate list of <paramref name="pillars"/>, Gauss–Krüger through the commission's transformation.</summary>
    public static async Task<PillarCoordinateList> PillarListAsync(this ICommissionStore store, Caller caller, IReadOnlyList<Pillar> pillars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var registry = await store.CrsRegistryAsync(caller, cancellationToken);
        var transformation = (await store.GetCommissionAsync(cancellationToken))?.DatumTransformation;
        return PillarCoordinateList.Build(pillars, registry, transformation);
    }
}
