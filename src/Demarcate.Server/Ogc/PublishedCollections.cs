using System.Globalization;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Demarcation;
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
        new("pillars", "Boundary pillars", "The pillar register: each pillar at its planned position, with where the survey found it (frame and epoch of that position) and its status.",
            "Point",
            [Text("sector", "Sector"), Text("type", "Primary, Secondary, Intermediate or Reference"), Text("status", "Status on the ground"), Text("owner", "Planning delegation"), Text("publication", "Draft, Submitted or Published"), Text("surveyFrame", "Reference frame of the surveyed position")],
            ReadPillarsAsync) { HasTime = true },
        new("incidents", "Border incidents", "Incidents along the boundary as the caller may see them (a delegation's reports stay its own until submitted): type after ACLED's codebook, the period the date stands for, geo precision, the most conservative casualty figures, verification, and the sector each is attributed to.",
            "Point",
            [Text("type", "Event type"), Text("verification", "Reported, Corroborated, VerifiedByMonitor or Disputed"), Text("reportingParty", "Reporting party"), Text("sector", "Attributed sector"), Text("publication", "Draft, Submitted or Published")],
            ReadIncidentsAsync) { HasTime = true },
        new("discrepancies", "Discrepancy polygons", "The land between each section's designated line and every other line of the section the caller may see, sector by sector: areas, whose it is under each line, and whether it is wider than the sources can tell apart.",
            "Polygon",
            [Text("section", "Section"), Text("lineA", "Designated line"), Text("lineB", "Line compared with it"), Text("sector", "Sector"), Text("holderUnderA", "Party holding it under the designated line"), Text("holderUnderB", "Party holding it under the other line"), new("significant", "boolean", "Wider than the sources' combined accuracy")],
            ReadDiscrepanciesAsync),
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

    /// <summary>
    /// The pillars the caller may see at their planned positions. The surveyed position is a pair of attributes, not a
    /// second geometry: it is in the frame and epoch the survey states, which clients would otherwise take for WGS 84.
    /// </summary>
    private static async Task<IReadOnlyList<OgcFeature>> ReadPillarsAsync(OgcReading reading, CancellationToken cancellationToken) =>
        [.. (await reading.Store.ListPillarsAsync(reading.Caller, null, cancellationToken)).Select(p => new OgcFeature(
            PillarFeatureId(p.Number),
            Wgs84.CreatePoint(new Coordinate(p.Planned.Longitude, p.Planned.Latitude)),
            OgcFeature.PropertiesOf(
                ("number", p.Number.ToString()),
                ("sector", p.SectorId),
                ("type", p.Type.ToString()),
                ("reason", p.Reason.ToString()),
                ("chainageMetres", Math.Round(p.Chainage, 3)),
                ("feature", p.Feature),
                ("plannedHeight", p.PlannedHeight),
                ("status", p.Status.ToString()),
                // 1e-9° is 0.1 mm, finer than any survey; clients that write 15 digits (GDAL) then keep the value exactly.
                ("surveyedLatitude", p.Surveyed is { } atLatitude ? Math.Round(atLatitude.Position.Latitude, 9) : (double?)null),
                ("surveyedLongitude", p.Surveyed is { } atLongitude ? Math.Round(atLongitude.Position.Longitude, 9) : (double?)null),
                ("surveyedHeight", p.Surveyed?.Height),
                ("heightSystem", p.Surveyed?.HeightSystem),
                ("surveyFrame", p.Surveyed?.Frame),
                ("surveyEpoch", p.Surveyed?.Epoch),
                ("surveyMethod", p.Surveyed?.Method),
                ("surveyAccuracyMetres", p.Surveyed?.AccuracyMetres),
                ("surveyedOn", p.Surveyed?.ObservedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("offsetMetres", p.Offset() is { } offset ? Math.Round(offset.Distance, 3) : null),
                ("owner", p.Owner?.Value),
                ("publication", p.Publication.ToString()),
                ("version", p.Version)))
            {
                Time = p.Surveyed?.ObservedOn is { } day ? new OgcInterval(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero)) : null,
            })];

    /// <summary>
    /// The incidents the caller may see, merged reports once (as their merged incident), each at its recorded position;
    /// its time is the whole period its date stands for (a day, the week around it, or the month).
    /// </summary>
    private static async Task<IReadOnlyList<OgcFeature>> ReadIncidentsAsync(OgcReading reading, CancellationToken cancellationToken) =>
        [.. (await reading.Store.ListIncidentsAsync(reading.Caller, Demarcate.Core.Monitoring.IncidentFilter.All, cancellationToken))
            .Where(i => i.MergedInto is null)
            .Select(i => new OgcFeature(
                i.Id,
                Wgs84.CreatePoint(new Coordinate(i.Location.Point.Longitude, i.Location.Point.Latitude)),
                OgcFeature.PropertiesOf(
                    ("date", i.Date.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    ("timePrecision", i.Date.Precision.ToString()),
                    ("geoPrecision", i.Location.Precision.ToString()),
                    ("place", i.Location.Place),
                    ("type", i.Type.ToString()),
                    ("reportingParty", i.ReportingParty?.Value),
                    ("fatalities", i.Fatalities),
                    ("injuries", i.Injuries),
                    ("verification", i.Verification.ToString()),
                    ("sources", i.Sources.Count),
                    ("sector", i.Attribution?.SectorId),
                    ("distanceMetres", i.Attribution?.DistanceMetres is { } distance ? Math.Round(distance, 3) : null),
                    ("side", i.Attribution?.SideParty?.Value),
                    ("publication", i.Publication.ToString()),
                    ("version", i.Version)))
            {
                Time = new OgcInterval(new DateTimeOffset(i.Date.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(i.Date.To.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero)),
            })];

    /// <summary>A pillar's number as a feature id: "M-04/12.1" becomes "M-04_12.1", because a slash cannot stand in one path segment.</summary>
    public static string PillarFeatureId(PillarNumber number) => number.ToString().Replace('/', '_');

    /// <summary>
    /// For each section whose designated line the caller may see, that line compared with each other line of the section
    /// the caller may see, sector by sector where the section has sectors (so each polygon is within one sector).
    /// </summary>
    private static async Task<IReadOnlyList<OgcFeature>> ReadDiscrepanciesAsync(OgcReading reading, CancellationToken cancellationToken)
    {
        var features = new List<OgcFeature>();
        foreach (var section in await reading.Store.ListSectionsAsync(reading.Caller, cancellationToken))
        {
            if (section.DesignatedLineId is not { } designatedId
                || await reading.Store.GetLineAsync(reading.Caller, designatedId, cancellationToken) is not { } designated)
            {
                continue;
            }

            foreach (var other in await reading.Store.ListLinesAsync(reading.Caller, section.Id, cancellationToken))
            {
                if (other.Id == designated.Id)
                {
                    continue;
                }

                StoredComparison compared;
                try
                {
                    compared = await StoredLineComparison.CompareAsync(reading.Store, reading.Caller, designated, other, bySector: true, cancellationToken);
                }
                catch (RuleViolationException)
                {
                    // A line that cannot be compared with the designated one (it never meets the section, say) has no
                    // discrepancy polygons to publish; it must not take the whole collection down with it.
                    continue;
                }

                IEnumerable<(string? Sector, LineComparisonResult Result)> parts = compared.Sectors.Count > 0
                    ? compared.Sectors.Select(s => ((string?)s.SectorId, s.Comparison))
                    : [(null, compared.Whole)];
                foreach (var (sector, result) in parts)
                {
                    features.AddRange(result.Polygons.Select(p => Discrepancy(section, result, sector, p)));
                }
            }
        }

        return features;
    }

    private static OgcFeature Discrepancy(Section section, LineComparisonResult result, string? sector, DiscrepancyPolygon polygon) =>
        new(
            string.Create(CultureInfo.InvariantCulture, $"{result.LineA}.{result.LineB}.{sector ?? section.Id}.{polygon.Number}"),
            Wgs84.CreatePolygon([.. polygon.Ring.Select(p => new Coordinate(p.Longitude, p.Latitude))]),
            OgcFeature.PropertiesOf(
                ("section", section.Id),
                ("lineA", result.LineA),
                ("lineB", result.LineB),
                ("sector", sector),
                ("number", polygon.Number),
                ("areaM2", Math.Round(polygon.EllipsoidalArea, 1)),
                ("utmAreaM2", Math.Round(polygon.PlanarArea, 1)),
                ("sideOfA", polygon.SideOfA.ToString()),
                ("sideOfB", polygon.SideOfB.ToString()),
                ("holderUnderA", polygon.HolderUnderA.Value),
                ("holderUnderB", polygon.HolderUnderB.Value),
                ("changesHands", polygon.ChangesHands),
                ("fromMetres", Math.Round(polygon.FromMetres, 1)),
                ("toMetres", Math.Round(polygon.ToMetres, 1)),
                ("greatestWidthMetres", Math.Round(polygon.GreatestWidth, 2)),
                ("significanceThresholdMetres", Math.Round(result.SignificanceThreshold, 2)),
                ("significant", polygon.IsSignificant),
                ("bridgesGap", polygon.BridgesGap),
                ("closedByJoin", polygon.ClosedByJoin)));

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
