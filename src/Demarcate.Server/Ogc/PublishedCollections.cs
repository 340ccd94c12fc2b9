using System.Globalization;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.GeoJson;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Ogc;

/// <summary>
/// The collections the commission publishes through OGC API – Features. A new kind of record (discrepancy polygons,
/// pillars, incidents) is one more entry here: an id, words, its queryables and a read through the store.
/// </summary>
public static class PublishedCollections
{
    private static readonly GeometryFactory Wgs84 = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    private static readonly Lazy<Task<IReadOnlyList<OgcFeature>>> Settlements = new(ReadSettlementsAsync);

    /// <summary>Every collection, in the order the service lists them.</summary>
    public static IReadOnlyList<CollectionDefinition> All { get; } =
    [
        new("sources", "Cartographic sources", "The source register: map editions and datasets, with the footprint of their sheets (Pulkovo 1942 sheet corners on WGS 84) where they list sheets.",
            "MultiPolygon",
            [Text("issuer", "Issuer"), Number("editionYear", "integer", "Edition year"), Number("scale", "integer", "Scale denominator"), Text("crs", "CRS as issued"), Text("providedBy", "Party that provided it"), Text("publication", "Draft, Submitted or Published")],
            ReadSourcesAsync) { HasTime = true },
        new("lines", "Boundary lines", "Every line of a section the caller may see: source lines, party claims and agreed lines.",
            "MultiLineString",
            [Text("section", "Section"), Text("kind", "SourceLine, PartyClaim or AgreedLine"), Text("source", "Source id"), Text("claimedBy", "Claiming party"), Text("owner", "Owning delegation"), Text("publication", "Draft, Submitted or Published")],
            ReadLinesAsync),
        new("sectors", "Sectors", "The numbered sectors, cut from the line in force of their section, with their status and geodesic length.",
            "MultiLineString",
            [Text("section", "Section"), Number("number", "integer", "Number in the section"), Text("status", "Status in the commission's workflow"), Text("line", "Line in force")],
            ReadSectorsAsync),
        new("breaks", "Sector break points", "The points where one sector ends and the next begins.",
            "Point",
            [Text("section", "Section"), Number("sequence", "integer", "Order along the section")],
            ReadBreaksAsync),
        new("turning-points", "Turning points", "The turning points of every version of a sector's agreed line, as the co-chairs sign them (members of the commission only).",
            "Point",
            [Text("sector", "Sector"), Number("version", "integer", "Version of the sector's line"), Text("howFixed", "How the point was fixed")],
            ReadTurningPointsAsync) { HasTime = true },
        new("settlements", "Settlements", "Places near the boundary from GeoNames (CC BY 4.0): public reference data, not the commission's record.",
            "Point",
            [Text("name", "Name"), Text("country", "Country code"), Text("featureCode", "GeoNames feature code"), Text("adminCode", "Administrative division")],
            (_, _) => Settlements.Value),
    ];

    /// <summary>The collection with this id, or null.</summary>
    public static CollectionDefinition? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    private static OgcQueryable Text(string name, string title) => new(name, "string", title);

    private static OgcQueryable Number(string name, string type, string title) => new(name, type, title);

    private static async Task<IReadOnlyList<OgcFeature>> ReadSourcesAsync(OgcReading reading, CancellationToken cancellationToken)
    {
        var sources = await reading.Store.ListSourcesAsync(reading.Caller, cancellationToken);
        var toWgs84 = TransformationChoice.Choose(
            CrsRegistry.Standard.Find(CrsCode.Epsg(4284))!, CrsRegistry.Wgs84, reading.DatumTransformation ?? DatumTransformations.Epsg15865.Code.ToString());
        return [.. sources.Select(s => new OgcFeature(s.Id, toWgs84.Success ? Footprint(s, toWgs84.Value) : null, OgcFeature.PropertiesOf(
            ("title", s.Title),
            ("issuer", s.Issuer),
            ("editionYear", s.EditionYear),
            ("edition", s.Edition),
            ("scale", s.ScaleDenominator),
            ("accuracyMetres", s.AccuracyMetres),
            ("accuracyIsDerived", s.AccuracyIsDerived),
            ("crs", s.Crs),
            ("sheets", string.Join(", ", s.SheetIds)),
            ("licence", s.Licence),
            ("attribution", s.Attribution),
            ("providedBy", s.ProvidedBy?.Value),
            ("publication", s.Publication.ToString()),
            ("version", s.Version)))
        {
            Time = s.EditionYear is { } year ? OgcInterval.Year(year) : null,
        })];
    }

    /// <summary>The source's sheets as quadrilaterals on WGS 84 (their corners are on Pulkovo 1942); null when it lists none.</summary>
    private static MultiPolygon? Footprint(CartographicSource source, CoordinateOperation toWgs84)
    {
        var sheets = source.SheetIds.Select(id => SheetNomenclature.Parse(id)).Where(p => p.Success).Select(p => p.Value.Bounds).ToList();
        if (sheets.Count == 0)
        {
            return null;
        }

        Coordinate Corner(double latitude, double longitude)
        {
            var p = toWgs84.Transform(latitude, longitude);
            return new Coordinate(p.Second, p.First);
        }

        var polygons = sheets.Select(b =>
        {
            var southWest = Corner(b.South, b.West);
            return Wgs84.CreatePolygon([southWest, Corner(b.South, b.East), Corner(b.North, b.East), Corner(b.North, b.West), southWest.Copy()]);
        });
        return Wgs84.CreateMultiPolygon([.. polygons]);
    }

    private static async Task<IReadOnlyList<OgcFeature>> ReadLinesAsync(OgcReading reading, CancellationToken cancellationToken) =>
        [.. (await reading.Store.ListLinesAsync(reading.Caller, null, cancellationToken)).Select(l => new OgcFeature(l.Id, l.Geometry, OgcFeature.PropertiesOf(
            ("section", l.SectionId),
            ("kind", l.Kind.ToString()),
            ("name", l.Name),
            ("source", l.SourceId),
            ("claimedBy", l.ClaimedBy?.Value),
            ("owner", l.Owner?.Value),
            ("publication", l.Publication.ToString()),
            ("version", l.Version))))];

    private static async Task<IReadOnlyList<OgcFeature>> ReadSectorsAsync(OgcReading reading, CancellationToken cancellationToken) =>
        [.. (await reading.Store.ListSectorsAsync(reading.Caller, null, cancellationToken)).Select(s => new OgcFeature(s.Sector.Id, s.Geometry, OgcFeature.PropertiesOf(
            ("section", s.Sector.SectionId),
            ("number", s.Sector.Number),
            ("status", s.Sector.Status.ToString()),
            ("fromBreak", s.Sector.FromBreakId),
            ("toBreak", s.Sector.ToBreakId),
            ("line", s.LineId),
            ("lengthMetres", Math.Round(s.LengthMetres, 3)),
            ("gapLengthMetres", Math.Round(s.GapLengthMetres, 3)),
            ("published", s.Sector.IsPublished),
            ("version", s.Sector.Version))))];

    private static async Task<IReadOnlyList<OgcFeature>> ReadBreaksAsync(OgcReading reading, CancellationToken cancellationToken) =>
        [.. (await reading.Store.ListBreakPointsAsync(reading.Caller, null, cancellationToken)).Select(b => new OgcFeature(
            b.Id, Wgs84.CreatePoint(new Coordinate(b.Position.Longitude, b.Position.Latitude)), OgcFeature.PropertiesOf(("section", b.SectionId), ("sequence", b.Sequence))))];

    private static async Task<IReadOnlyList<OgcFeature>> ReadTurningPointsAsync(OgcReading reading, CancellationToken cancellationToken)
    {
        var features = new List<OgcFeature>();
        foreach (var sector in await reading.Store.ListSectorsAsync(reading.Caller, null, cancellationToken))
        {
            foreach (var version in await reading.Store.ListSectorVersionsAsync(reading.Caller, sector.Sector.Id, cancellationToken))
            {
                features.AddRange(version.TurningPoints.Select((p, i) => new OgcFeature(
                    string.Create(CultureInfo.InvariantCulture, $"{version.SectorId}.v{version.Number}.{p.Id}"),
                    Wgs84.CreatePoint(new Coordinate(p.Position.Longitude, p.Position.Latitude)),
                    OgcFeature.PropertiesOf(
                        ("sector", version.SectorId),
                        ("version", version.Number),
                        ("point", p.Id),
                        ("order", i + 1),
                        ("howFixed", p.HowFixed),
                        ("proposedBy", version.ProposedBy),
                        ("proposedAt", OgcInterval.Text(version.ProposedAt)),
                        ("signedByBoth", version.IsSignedByBoth)))
                {
                    Time = OgcInterval.Instant(version.ProposedAt),
                }));
            }
        }

        return features;
    }

    /// <summary>The server's own embedded settlements file, read once; a problem reading it is a fault.</summary>
    private static async Task<IReadOnlyList<OgcFeature>> ReadSettlementsAsync()
    {
        await using var stream = DemoCommission.OpenSettlements();
        var read = await GeoJsonReader.ReadAllAsync(stream, "settlements", CancellationToken.None);
        return [.. read.Value.Select(f => new OgcFeature(
            f.Properties.TryGetValue("geonameid", out var id) ? id.GetRawText() : (f.Index + 1).ToString(CultureInfo.InvariantCulture),
            f.Geometry,
            f.Properties))];
    }
}
