using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats.Exchange;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

/// <summary>What part of the record a dataset export covers: everything, one section, or one sector (with its section and that section's lines).</summary>
/// <param name="WithoutDrafts">Leave out the delegations' drafts even where the caller may see them (what the commission as a whole sees).</param>
public sealed record DatasetScope(string? SectionId = null, string? SectorId = null, bool WithoutDrafts = false)
{
    public static DatasetScope Everything { get; } = new();
}

/// <summary>What a dataset import wrote.</summary>
/// <param name="IntoEmptyStore">The whole dataset became the record of an empty store; otherwise its lines became one delegation's drafts.</param>
/// <param name="NotImported">Layers of the file that a drafts import leaves alone (the commission's own records), with their counts.</param>
public sealed record DatasetImportResult(bool IntoEmptyStore, int Sections, int Sources, int BreakPoints, int Sectors, IReadOnlyList<string> LineIds, IReadOnlyList<string> NotImported);

/// <summary>
/// The commission's record as an exchange dataset and back: every record the caller may see becomes a feature of its
/// layer (sections, sources with their metadata, lines of every kind with owner, publication and version, break points,
/// sectors); a dataset comes back either whole into an empty store (the same records, versions and all, in one
/// transaction) or as one delegation's draft lines. The CLI and the server both go through here.
/// </summary>
public static class DatasetExchange
{
    private static readonly GeometryFactory Wgs84 = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    /// <summary>The records <paramref name="caller"/> may see within <paramref name="scope"/>; a section or sector the caller cannot see is a problem, as if it did not exist.</summary>
    public static async Task<ParseResult<ExchangeDataset>> ExportAsync(ICommissionStore store, Caller caller, DatasetScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scope);
        var commission = await store.GetCommissionAsync(cancellationToken);
        var sections = await store.ListSectionsAsync(caller, cancellationToken);
        SectorOnLine? sector = null;
        var sectionId = scope.SectionId;
        if (scope.SectorId is { } sectorId)
        {
            sector = await store.GetSectorAsync(caller, sectorId, cancellationToken);
            if (sector is null)
            {
                return ParseResult<ExchangeDataset>.Failed(new InputProblem("sector", $"there is no sector '{sectorId}'"));
            }

            if (sectionId is not null && sectionId != sector.Sector.SectionId)
            {
                return ParseResult<ExchangeDataset>.Failed(new InputProblem("section", $"sector {sectorId} lies in section '{sector.Sector.SectionId}', not '{sectionId}'"));
            }

            sectionId = sector.Sector.SectionId;
        }

        if (sectionId is not null && sections.All(s => s.Id != sectionId))
        {
            return ParseResult<ExchangeDataset>.Failed(new InputProblem("section", $"there is no section '{sectionId}'; the sections are: {string.Join(", ", sections.Select(s => s.Id))}"));
        }

        sections = [.. sections.Where(s => sectionId is null || s.Id == sectionId)];
        var lines = (await store.ListLinesAsync(caller, sectionId, cancellationToken)).Where(l => !scope.WithoutDrafts || l.Publication != Publication.Draft).ToList();
        var sources = (await store.ListSourcesAsync(caller, cancellationToken)).Where(s => !scope.WithoutDrafts || s.Publication != Publication.Draft).ToList();
        if (sectionId is not null)
        {
            // A part of the record carries the sources its lines were drawn from, not the whole register.
            var used = lines.Select(l => l.SourceId).OfType<string>().ToHashSet(StringComparer.Ordinal);
            sources = [.. sources.Where(s => used.Contains(s.Id))];
        }

        var breaks = await store.ListBreakPointsAsync(caller, sectionId, cancellationToken);
        var sectors = sector is not null ? [sector] : await store.ListSectorsAsync(caller, sectionId, cancellationToken);
        if (sector is not null)
        {
            breaks = [.. breaks.Where(b => b.Id == sector.Sector.FromBreakId || b.Id == sector.Sector.ToBreakId)];
        }

        var sourceIds = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var lineIds = lines.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var layers = new List<ExchangeLayer>();
        if (commission is not null)
        {
            layers.Add(new ExchangeLayer(DatasetSchema.Commission, [Feature(0, null,
                ("name", commission.Name),
                ("first_state", commission.FirstState.Code.Value), ("first_state_name", commission.FirstState.Name),
                ("second_state", commission.SecondState.Code.Value), ("second_state_name", commission.SecondState.Name),
                ("mediator", commission.Mediator.Code.Value), ("mediator_name", commission.Mediator.Name),
                ("datum_transformation", commission.DatumTransformation))]));
        }

        layers.Add(new ExchangeLayer(DatasetSchema.Sections, [.. sections.Select((s, i) => Feature(i, null,
            ("section_id", s.Id), ("name", s.Name), ("direction", s.Direction), ("party_on_left", s.PartyOnLeft.Value), ("party_on_right", s.PartyOnRight.Value),
            ("sector_prefix", s.SectorPrefix), ("utm_zone", (long)s.UtmZone),
            ("designated_line_id", s.DesignatedLineId is { } d && lineIds.Contains(d) ? d : null), ("position", (long)s.Order)))]));
        layers.Add(new ExchangeLayer(DatasetSchema.Sources, [.. sources.Select((s, i) => Feature(i, null,
            ("source_id", s.Id), ("title", s.Title), ("issuer", s.Issuer), ("edition_year", (long?)s.EditionYear), ("edition", s.Edition),
            ("scale_denominator", (long?)s.ScaleDenominator), ("stated_accuracy_m", s.StatedAccuracyMetres), ("crs", s.Crs), ("sheets", string.Join(';', s.SheetIds)),
            ("licence", s.Licence), ("attribution", s.Attribution), ("provenance", s.Provenance), ("notes", s.Notes), ("provided_by", s.ProvidedBy?.Value),
            ("publication", s.Publication.ToString()), ("version", (long)s.Version)))]));

        // A line's source the caller may not see is left unnamed: a hidden record answers like a missing one.
        layers.Add(new ExchangeLayer(DatasetSchema.Lines, [.. lines.Select((l, i) => Feature(i, l.Geometry,
            ("line_id", l.Id), ("section_id", l.SectionId), ("kind", l.Kind.ToString()), ("name", l.Name),
            ("source_id", l.SourceId is { } s && sourceIds.Contains(s) ? s : null), ("claimed_by", l.ClaimedBy?.Value), ("owner", l.Owner?.Value),
            ("publication", l.Publication.ToString()), ("version", (long)l.Version)))]));
        layers.Add(new ExchangeLayer(DatasetSchema.BreakPoints, [.. breaks.Select((b, i) => Feature(i, Wgs84.CreatePoint(new Coordinate(b.Position.Longitude, b.Position.Latitude)),
            ("break_id", b.Id), ("section_id", b.SectionId), ("sequence", (long)b.Sequence)))]));
        var breakIds = breaks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        layers.Add(new ExchangeLayer(DatasetSchema.Sectors, [.. sectors.Select((s, i) => Feature(i, s.Geometry,
            ("sector_id", s.Sector.Id), ("section_id", s.Sector.SectionId), ("number", (long)s.Sector.Number),
            ("from_break", s.Sector.FromBreakId is { } f && breakIds.Contains(f) ? f : null), ("to_break", s.Sector.ToBreakId is { } t && breakIds.Contains(t) ? t : null),
            ("status", s.Sector.Status.ToString()), ("line_id", s.LineId is { } line && lineIds.Contains(line) ? line : null),
            ("length_m", s.LengthMetres), ("gap_length_m", s.GapLengthMetres), ("is_published", s.Sector.IsPublished), ("version", (long)s.Sector.Version)))]));

        var title = commission?.Name ?? "Demarcate dataset";
        if (scope.SectorId is not null)
        {
            title += " — sector " + scope.SectorId;
        }
        else if (sectionId is not null)
        {
            title += " — section " + sectionId;
        }

        var parties = commission?.Parties.Select(p => p.Code.Value).ToList() ?? [];
        return ParseResult<ExchangeDataset>.Ok(new ExchangeDataset(title, layers, parties));
    }

    private static ExchangeFeature Feature(int index, Geometry? geometry, params (string Name, object? Value)[] values) =>
        new(index, geometry, values.ToDictionary(v => v.Name, v => v.Value is string { Length: 0 } ? null : v.Value, StringComparer.Ordinal));

    /// <summary>
    /// Writes <paramref name="dataset"/>: whole into an empty store when <paramref name="asDraftsOf"/> is null (only the
    /// commission's own system may), else its lines as drafts of that delegation. All is checked first and written in one
    /// transaction; bad input comes back as problems with nothing written, refusals of the store throw.
    /// </summary>
    public static async Task<ParseResult<DatasetImportResult>> ImportAsync(
        ICommissionStore store, Caller caller, ExchangeDataset dataset, string sourceName, PartyCode? asDraftsOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(dataset);
        if (asDraftsOf is { } owner)
        {
            return await ImportDraftsAsync(store, caller, dataset, sourceName, owner, cancellationToken);
        }

        if (!caller.IsCommissionSystem)
        {
            throw new NotPermittedException("A whole dataset is loaded into an empty store by the commission's administrator (demarcate dataset import); a delegation imports lines as its drafts.");
        }

        if (!await store.IsEmptyAsync(cancellationToken))
        {
            throw new RuleViolationException($"{store.Description} already holds a commission's record; load a whole dataset into an empty store, or import its lines as a delegation's drafts (--owner).");
        }

        var records = ToRecords(dataset, sourceName);
        if (!records.Success)
        {
            return ParseResult<DatasetImportResult>.Failed(records.Problems);
        }

        var d = records.Value;
        await store.ImportAsync(d, cancellationToken);
        return ParseResult<DatasetImportResult>.Ok(new DatasetImportResult(true, d.Sections.Count, d.Sources.Count, d.BreakPoints.Count, d.Sectors.Count, [.. d.Lines.Select(l => l.Id)], []));
    }

    private static async Task<ParseResult<DatasetImportResult>> ImportDraftsAsync(
        ICommissionStore store, Caller caller, ExchangeDataset dataset, string sourceName, PartyCode owner, CancellationToken cancellationToken)
    {
        if (!Permissions.MayDrawLineFor(caller, owner))
        {
            // Judged before the file: a caller who may not draw for the owner learns nothing from its contents.
            throw new NotPermittedException("A line is drawn by a delegation for itself: cartographers, legal experts and co-chairs of that party.");
        }

        var problems = new List<InputProblem>();
        var lines = new List<BoundaryLine>();
        var sources = (await store.ListSourcesAsync(caller, cancellationToken)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var sections = (await store.ListSectionsAsync(caller, cancellationToken)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var feature in dataset.Features(DatasetSchema.Lines))
        {
            var line = ReadLine(feature, sourceName, problems);
            if (line is null)
            {
                continue;
            }

            InputProblem At(string message) => Problem(sourceName, DatasetSchema.Lines, feature, message);
            if (line.Kind == LineKind.AgreedLine)
            {
                problems.Add(At($"{line.Id} is an agreed line: the commission records those; a delegation imports PartyClaim or SourceLine lines"));
            }
            else if (!sections.Contains(line.SectionId))
            {
                problems.Add(At($"there is no section '{line.SectionId}'; the sections are: {string.Join(", ", sections)}"));
            }
            else if (line.SourceId is { } source && !sources.Contains(source))
            {
                problems.Add(At($"there is no source '{source}'"));
            }
            else
            {
                lines.Add(line with { Owner = owner, ClaimedBy = line.Kind == LineKind.PartyClaim ? owner : null });
            }
        }

        if (problems.Count == 0 && lines.Count == 0)
        {
            problems.Add(new InputProblem(sourceName, "the file holds no boundary_lines to import"));
        }

        if (problems.Count > 0)
        {
            return ParseResult<DatasetImportResult>.Failed(problems);
        }

        var written = await store.AddLinesAsync(caller, lines, cancellationToken);
        var left = dataset.Layers.Where(l => l.Schema != DatasetSchema.Lines && l.Features.Count > 0)
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Schema.Name} ({l.Features.Count})")).ToList();
        return ParseResult<DatasetImportResult>.Ok(new DatasetImportResult(false, 0, 0, 0, 0, [.. written.Select(l => l.Id)], left));
    }

    /// <summary>The records of a dataset, checked field by field and against each other (every name refers to a record of the file).</summary>
    public static ParseResult<BoundaryDataset> ToRecords(ExchangeDataset dataset, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var problems = new List<InputProblem>();
        var commissionFeatures = dataset.Features(DatasetSchema.Commission);
        Commission? commission = null;
        if (commissionFeatures.Count != 1)
        {
            problems.Add(new InputProblem(sourceName, string.Create(CultureInfo.InvariantCulture, $"layer commission: a whole dataset names its commission in exactly one record, not {commissionFeatures.Count}")));
        }
        else
        {
            var c = commissionFeatures[0];
            try
            {
                commission = new Commission(
                    c.Text("name")!,
                    new Party(new PartyCode(c.Text("first_state")!), c.Text("first_state_name")!, PartyRole.State),
                    new Party(new PartyCode(c.Text("second_state")!), c.Text("second_state_name")!, PartyRole.State),
                    new Party(new PartyCode(c.Text("mediator")!), c.Text("mediator_name")!, PartyRole.Mediator))
                {
                    DatumTransformation = c.Text("datum_transformation"),
                };
            }
            catch (ArgumentException exception)
            {
                problems.Add(Problem(sourceName, DatasetSchema.Commission, c, exception.Message));
            }
        }

        var sections = new List<Section>();
        foreach (var f in dataset.Features(DatasetSchema.Sections))
        {
            try
            {
                sections.Add(new Section(
                    f.Text("section_id")!, f.Text("name")!, f.Text("direction") ?? "", new PartyCode(f.Text("party_on_left")!), new PartyCode(f.Text("party_on_right")!),
                    f.Text("sector_prefix")!, (int)f.WholeNumber("utm_zone")!.Value)
                {
                    DesignatedLineId = f.Text("designated_line_id"),
                    Order = (int)(f.WholeNumber("position") ?? 0),
                });
            }
            catch (ArgumentException exception)
            {
                problems.Add(Problem(sourceName, DatasetSchema.Sections, f, exception.Message));
            }
        }

        var sources = new List<CartographicSource>();
        foreach (var f in dataset.Features(DatasetSchema.Sources))
        {
            var publication = Parse<Publication>(f, DatasetSchema.Sources, "publication", Publication.Published, sourceName, problems);
            sources.Add(new CartographicSource(f.Text("source_id")!, f.Text("title")!, f.Text("issuer")!)
            {
                EditionYear = (int?)f.WholeNumber("edition_year"),
                Edition = f.Text("edition"),
                ScaleDenominator = (int?)f.WholeNumber("scale_denominator"),
                StatedAccuracyMetres = f.RealNumber("stated_accuracy_m"),
                Crs = f.Text("crs") ?? "EPSG:4326",
                SheetIds = f.Text("sheets") is { } sheets ? [.. sheets.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [],
                Licence = f.Text("licence") ?? "",
                Attribution = f.Text("attribution") ?? "",
                Provenance = f.Text("provenance") ?? "",
                Notes = f.Text("notes") ?? "",
                ProvidedBy = f.Text("provided_by") is { } p ? new PartyCode(p) : null,
                Publication = publication,
                Version = (int)(f.WholeNumber("version") ?? 1),
            });
        }

        var lines = new List<BoundaryLine>();
        foreach (var f in dataset.Features(DatasetSchema.Lines))
        {
            if (ReadLine(f, sourceName, problems) is { } line)
            {
                lines.Add(line);
            }
        }

        var breaks = dataset.Features(DatasetSchema.BreakPoints)
            .Select(f => (Point)f.Geometry!)
            .Zip(dataset.Features(DatasetSchema.BreakPoints), (p, f) => new BreakPoint(f.Text("break_id")!, f.Text("section_id")!, (int)f.WholeNumber("sequence")!.Value, new GeoPoint(p.Y, p.X)))
            .ToList();

        var sectors = new List<SectorOnLine>();
        foreach (var f in dataset.Features(DatasetSchema.Sectors))
        {
            var status = Parse<SectorStatus>(f, DatasetSchema.Sectors, "status", SectorStatus.NotStarted, sourceName, problems);
            var sector = new Sector(f.Text("sector_id")!, f.Text("section_id")!, (int)f.WholeNumber("number")!.Value, f.Text("from_break"), f.Text("to_break"))
            {
                Status = status,
                IsPublished = f.Flag("is_published") ?? false,
                Version = (int)(f.WholeNumber("version") ?? 1),
            };
            sectors.Add(new SectorOnLine(sector, f.Text("line_id"), (MultiLineString?)f.Geometry, f.RealNumber("length_m") ?? 0, f.RealNumber("gap_length_m") ?? 0));
        }

        // Every name must point at a record of the same file: an import is one consistent whole.
        CheckUnique(DatasetSchema.Sections, dataset, sourceName, problems);
        CheckUnique(DatasetSchema.Sources, dataset, sourceName, problems);
        CheckUnique(DatasetSchema.Lines, dataset, sourceName, problems);
        CheckUnique(DatasetSchema.BreakPoints, dataset, sourceName, problems);
        CheckUnique(DatasetSchema.Sectors, dataset, sourceName, problems);
        var sectionIds = sections.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var sourceIds = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var lineIds = lines.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var breakIds = breaks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        CheckReferences(DatasetSchema.Sections, dataset, "designated_line_id", lineIds, "boundary_lines", sourceName, problems);
        CheckReferences(DatasetSchema.Lines, dataset, "section_id", sectionIds, "sections", sourceName, problems);
        CheckReferences(DatasetSchema.Lines, dataset, "source_id", sourceIds, "sources", sourceName, problems);
        CheckReferences(DatasetSchema.BreakPoints, dataset, "section_id", sectionIds, "sections", sourceName, problems);
        CheckReferences(DatasetSchema.Sectors, dataset, "section_id", sectionIds, "sections", sourceName, problems);
        CheckReferences(DatasetSchema.Sectors, dataset, "from_break", breakIds, "sector_breaks", sourceName, problems);
        CheckReferences(DatasetSchema.Sectors, dataset, "to_break", breakIds, "sector_breaks", sourceName, problems);
        CheckReferences(DatasetSchema.Sectors, dataset, "line_id", lineIds, "boundary_lines", sourceName, problems);
        if (problems.Count > 0 || commission is null)
        {
            return ParseResult<BoundaryDataset>.Failed(problems);
        }

        return ParseResult<BoundaryDataset>.Ok(new BoundaryDataset(commission, sections, sources, lines, breaks, sectors));
    }

    private static BoundaryLine? ReadLine(ExchangeFeature f, string sourceName, List<InputProblem> problems)
    {
        var before = problems.Count;
        var kind = Parse<LineKind>(f, DatasetSchema.Lines, "kind", LineKind.SourceLine, sourceName, problems);
        var publication = Parse<Publication>(f, DatasetSchema.Lines, "publication", Publication.Draft, sourceName, problems);
        var geometry = (MultiLineString)f.Geometry!;
        if (geometry.Coordinates.FirstOrDefault(c => !(Math.Abs(c.X) <= 180 && Math.Abs(c.Y) <= 90)) is { } outside)
        {
            problems.Add(Problem(sourceName, DatasetSchema.Lines, f, string.Create(CultureInfo.InvariantCulture, $"position ({outside.X}, {outside.Y}) is not WGS 84 longitude/latitude")));
        }

        if (problems.Count > before)
        {
            return null;
        }

        var id = f.Text("line_id")!;
        return new BoundaryLine(id, f.Text("section_id")!, kind, f.Text("name") ?? id, geometry)
        {
            SourceId = f.Text("source_id"),
            ClaimedBy = f.Text("claimed_by") is { } c ? new PartyCode(c) : null,
            Owner = f.Text("owner") is { } o ? new PartyCode(o) : null,
            Publication = publication,
            Version = (int)(f.WholeNumber("version") ?? 1),
        };
    }

    private static T Parse<T>(ExchangeFeature f, LayerSchema layer, string field, T fallback, string sourceName, List<InputProblem> problems)
        where T : struct, Enum
    {
        if (f.Text(field) is not { } text)
        {
            return fallback;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
        {
            return value;
        }

        problems.Add(Problem(sourceName, layer, f, $"{field}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}"));
        return fallback;
    }

    private static void CheckUnique(LayerSchema layer, ExchangeDataset dataset, string sourceName, List<InputProblem> problems)
    {
        var seen = new Dictionary<string, ExchangeFeature>(StringComparer.Ordinal);
        foreach (var f in dataset.Features(layer))
        {
            var id = IdText(f, layer.IdField.Name);
            if (id is not null && !seen.TryAdd(id, f))
            {
                problems.Add(Problem(sourceName, layer, f, string.Create(CultureInfo.InvariantCulture, $"{layer.IdField.Name} '{id}' is already used by feature {seen[id].Index}")));
            }
        }
    }

    private static void CheckReferences(LayerSchema layer, ExchangeDataset dataset, string field, HashSet<string> known, string target, string sourceName, List<InputProblem> problems)
    {
        foreach (var f in dataset.Features(layer))
        {
            if (f.Text(field) is { } id && !known.Contains(id))
            {
                problems.Add(Problem(sourceName, layer, f, $"{field} '{id}' names no record of layer {target} in the file"));
            }
        }
    }

    private static string? IdText(ExchangeFeature f, string field) => f.Values.GetValueOrDefault(field)?.ToString();

    private static InputProblem Problem(string sourceName, LayerSchema layer, ExchangeFeature f, string message) =>
        new(sourceName, $"layer {layer.Name}: {message}") { Feature = f.Index, Line = f.Line };
}
