using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats.GeoJson;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage.Seeding;

/// <summary>
/// The demo commission built from the real data shipped in the repository (data/demo): its parties,
/// both sections with the party on the left found from the settlements, both sources' lines, and
/// sectors of about 25 km along the line in force. Nothing here is specific to one pair of states:
/// another commission.json and its files give another commission.
/// </summary>
public static class DemoCommission
{
    /// <summary>Settlements within this distance of a line vote on which party lies on each side.</summary>
    public const double SideVoteRadiusMetres = 30_000;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };
    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    /// <summary>Builds the dataset from the files embedded in this assembly (copies of data/demo).</summary>
    public static Task<BoundaryDataset> BuildAsync(CancellationToken cancellationToken) =>
        BuildAsync(name => typeof(DemoCommission).Assembly.GetManifestResourceStream("Demarcate.Demo." + name)
            ?? throw new FileNotFoundException("Demo file not embedded: " + name), cancellationToken);

    /// <summary>Builds the dataset from a commission.json and the files it names, opened by <paramref name="open"/>.</summary>
    public static async Task<BoundaryDataset> BuildAsync(Func<string, Stream> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        CommissionFile config;
        await using (var stream = open("commission.json"))
        {
            config = await JsonSerializer.DeserializeAsync<CommissionFile>(stream, JsonOptions, cancellationToken)
                ?? throw new InvalidDataException("commission.json is empty");
        }

        var parties = config.Parties.Select(p => new Party(new PartyCode(p.Code), p.Name, Enum.Parse<PartyRole>(p.Role))).ToList();
        var states = parties.Where(p => p.Role == PartyRole.State).ToList();
        var commission = new Commission(config.Name, states[0], states[1], parties.Single(p => p.Role == PartyRole.Mediator))
        {
            DatumTransformation = config.DatumTransformation,
        };

        var sources = config.Sources.Select(s => new CartographicSource(s.Id, s.Title, s.Issuer)
        {
            ScaleDenominator = s.ScaleDenominator,
            StatedAccuracyMetres = s.StatedAccuracyMetres,
            EditionYear = s.EditionYear,
            Edition = s.Edition,
            Crs = s.Crs,
            SheetIds = s.SheetIds ?? [],
            Notes = s.Notes ?? "",
            ProvidedBy = s.ProvidedBy is null ? null : new PartyCode(s.ProvidedBy),
            Licence = s.Licence,
            Attribution = s.Attribution,
            Provenance = s.Provenance,
            Publication = Publication.Published,
        }).ToList();

        var lines = new List<BoundaryLine>();
        foreach (var source in config.Sources)
        {
            foreach (var feature in await ReadAsync(open, source.File, cancellationToken))
            {
                var sectionId = feature.Properties.TryGetValue("section", out var s) ? s.GetString() : null;
                var section = config.Sections.SingleOrDefault(x => x.Id == sectionId)
                    ?? throw new InvalidDataException($"{source.File}: feature {feature.Index}: section '{sectionId}' is not in commission.json");
                var geometry = feature.Geometry switch
                {
                    MultiLineString m => m,
                    LineString l => Factory.CreateMultiLineString([l]),
                    var g => throw new InvalidDataException($"{source.File}: feature {feature.Index}: a boundary line must be a LineString or MultiLineString, not {g?.GeometryType ?? "null"}"),
                };
                lines.Add(new BoundaryLine($"{source.Id}-{section.Id}", section.Id, LineKind.SourceLine, $"{source.Title} — {section.Name}", geometry)
                {
                    SourceId = source.Id,
                    Publication = Publication.Published,
                });
            }
        }

        var settlements = (await ReadAsync(open, config.SettlementsFile, cancellationToken))
            .Where(f => f.Geometry is Point)
            .Select(f => (Point: new GeoPoint(f.Geometry!.Coordinate.Y, f.Geometry.Coordinate.X), Country: f.Properties["country"].GetString() ?? ""))
            .ToList();

        var sections = new List<Section>();
        var breaks = new List<BreakPoint>();
        var sectors = new List<SectorOnLine>();
        var order = 0;
        foreach (var s in config.Sections)
        {
            var designated = lines.Single(l => l.SectionId == s.Id && l.SourceId == config.DesignatedSource);
            var frame = PlanarFrame.Utm(s.UtmZone);
            var path = SectionPath.Walk(designated.Geometry, frame);
            var (left, right) = PartiesBySide(path, settlements, config.SettlementCountries, s.Id);
            var section = new Section(s.Id, s.Name, s.Direction, left, right, s.SectorPrefix, s.UtmZone)
            {
                DesignatedLineId = designated.Id,
                Order = order++,
            };
            sections.Add(section);

            var count = Math.Max(1, (int)Math.Round(path.GeodesicLength / (config.SectorLengthKm * 1000)));
            var sectionBreaks = Enumerable.Range(1, count - 1)
                .Select(k => new BreakPoint(
                    string.Create(CultureInfo.InvariantCulture, $"{s.SectorPrefix}-B{k:00}"),
                    s.Id,
                    k,
                    path.PointAt(path.PositionAtDistance(path.GeodesicLength * k / count))))
                .ToList();
            breaks.AddRange(sectionBreaks);
            var sectionSectors = Enumerable.Range(1, count)
                .Select(k => new Sector(section.SectorId(k), s.Id, k, k == 1 ? null : sectionBreaks[k - 2].Id, k == count ? null : sectionBreaks[k - 1].Id) { IsPublished = true })
                .ToList();
            var cut = SectorCutting.Cut(section, sectionSectors, sectionBreaks, designated, frame);
            sectors.AddRange(cut.Sectors.Select(c => new SectorOnLine(c.Sector, designated.Id, c.Stretch.ToGeometry(Factory), c.Stretch.LineLength, c.Stretch.GapLength)));
        }

        return new BoundaryDataset(commission, sections, sources, lines, breaks, sectors);
    }

    /// <summary>
    /// Which party lies on each side of a section, read from the data: the country of most settlements
    /// near the line on each side. Fails when the settlements do not say so clearly.
    /// </summary>
    public static (PartyCode Left, PartyCode Right) PartiesBySide(
        SectionPath path,
        IReadOnlyList<(GeoPoint Point, string Country)> settlements,
        IReadOnlyDictionary<string, string> partyByCountry,
        string sectionId)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(settlements);
        ArgumentNullException.ThrowIfNull(partyByCountry);
        var votes = new Dictionary<(Side, string), int>();
        foreach (var (point, country) in settlements)
        {
            if (!partyByCountry.TryGetValue(country, out var party))
            {
                continue;
            }

            var (side, offset) = path.SideOf(point);
            if (offset <= SideVoteRadiusMetres)
            {
                votes[(side, party)] = votes.GetValueOrDefault((side, party)) + 1;
            }
        }

        PartyCode Winner(Side side)
        {
            var ranked = votes.Where(v => v.Key.Item1 == side).OrderByDescending(v => v.Value).ToList();
            if (ranked.Count == 0 || (ranked.Count > 1 && ranked[1].Value * 2 > ranked[0].Value))
            {
                throw new InvalidDataException($"section {sectionId}: the settlements do not show clearly which party lies on the {side.ToString().ToLowerInvariant()}");
            }

            return new PartyCode(ranked[0].Key.Item2);
        }

        var left = Winner(Side.Left);
        var right = Winner(Side.Right);
        return left == right
            ? throw new InvalidDataException($"section {sectionId}: the settlements put {left} on both sides")
            : (left, right);
    }

    private static async Task<IReadOnlyList<GeoJsonFeature>> ReadAsync(Func<string, Stream> open, string name, CancellationToken cancellationToken)
    {
        await using var stream = open(name);
        var result = await GeoJsonReader.ReadAllAsync(stream, name, cancellationToken);
        return result.Success ? result.Value : throw new InvalidDataException(result.Problems[0].ToString());
    }

    private sealed record CommissionFile(
        string Name,
        IReadOnlyList<PartyEntry> Parties,
        IReadOnlyDictionary<string, string> SettlementCountries,
        string SettlementsFile,
        double SectorLengthKm,
        string DesignatedSource,
        string? DatumTransformation,
        IReadOnlyList<SectionEntry> Sections,
        IReadOnlyList<SourceEntry> Sources);

    private sealed record PartyEntry(string Code, string Name, string Role);

    private sealed record SectionEntry(string Id, string Name, string Direction, string SectorPrefix, int UtmZone);

    private sealed record SourceEntry(
        string Id,
        string File,
        string Title,
        string Issuer,
        string Crs,
        string Licence,
        string Attribution,
        string Provenance,
        int? ScaleDenominator,
        double? StatedAccuracyMetres,
        int? EditionYear,
        string? Edition,
        IReadOnlyList<string>? SheetIds,
        string? Notes,
        string? ProvidedBy);
}
