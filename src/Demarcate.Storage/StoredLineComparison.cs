using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;

namespace Demarcate.Storage;

/// <summary>A comparison of two lines of the record: the whole section, and optionally sector by sector.</summary>
public sealed record StoredComparison(Section Section, LineComparisonResult Whole, IReadOnlyList<SectorComparison> Sectors)
{
    /// <summary>Line A as compared (as the caller sees it).</summary>
    public BoundaryLine? LineA { get; init; }

    /// <summary>Line B as compared.</summary>
    public BoundaryLine? LineB { get; init; }

    /// <summary>
    /// What a layer's features have to do with <paramref name="result"/> (the whole comparison or one sector's):
    /// the features in each of its polygons, and the linear features each whole line crosses.
    /// </summary>
    public FeatureReport Features(LineComparisonResult result, IReadOnlyList<LayerFeature> layer)
    {
        ArgumentNullException.ThrowIfNull(result);
        var frame = PlanarFrame.Utm(Section.UtmZone);
        IReadOnlyList<ComparedLine> lines = [.. new[] { LineA, LineB }.OfType<BoundaryLine>().Select(l => ComparedLine.From(l.Id, SectionPath.Walk(l.Geometry, frame), null))];
        return AffectedFeatures.Report(Section, result, lines, layer);
    }
}

/// <summary>
/// Compares two lines as a caller sees the record: a line the caller may not see is missing to it, exactly as
/// a read of it would be; the sources' stated accuracies decide which polygons are significant.
/// </summary>
public static class StoredLineComparison
{
    /// <summary>
    /// Compares lines <paramref name="lineA"/> and <paramref name="lineB"/> of the record, or, where
    /// <paramref name="lineB"/> is null, line A with the line given as <paramref name="givenB"/> (e.g. read from a file).
    /// </summary>
    public static async Task<StoredComparison> CompareAsync(
        ICommissionStore store,
        Caller caller,
        string lineA,
        string? lineB,
        BoundaryLine? givenB,
        bool bySector,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var a = await store.GetLineAsync(caller, lineA, cancellationToken) ?? throw new RecordNotFoundException("line", lineA);
        var b = givenB
            ?? await store.GetLineAsync(caller, lineB ?? throw new ArgumentNullException(nameof(lineB)), cancellationToken)
            ?? throw new RecordNotFoundException("line", lineB);
        return await CompareAsync(store, caller, a, b, bySector, cancellationToken);
    }

    /// <summary>
    /// Compares two lines of one section between two places on the boundary (break or turning point ids, or distances
    /// along line A in km; null: the line's start or end). An end that cannot be placed is a <see cref="RuleViolationException"/>.
    /// </summary>
    public static async Task<StoredComparison> CompareStretchAsync(
        ICommissionStore store,
        Caller caller,
        BoundaryLine a,
        BoundaryLine b,
        string? from,
        string? to,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (section, accuracyA, accuracyB) = await PrepareAsync(store, caller, a, b, cancellationToken);
        var points = await BoundaryPointsAsync(store, caller, section.Id, cancellationToken);
        var problems = new List<InputProblem>();
        StretchEnd? Read(string? text, string option)
        {
            if (text is null)
            {
                return null;
            }

            var read = StretchEnd.Parse(text, points, option);
            problems.AddRange(read.Problems);
            return read.Success ? read.Value : null;
        }

        var start = Read(from, "from");
        var end = Read(to, "to");
        if (problems.Count == 0)
        {
            var frame = PlanarFrame.Utm(section.UtmZone);
            var compared = ComparisonStretch.Compare(
                section, new ComparedPath(a.Id, SectionPath.Walk(a.Geometry, frame), accuracyA), new ComparedPath(b.Id, SectionPath.Walk(b.Geometry, frame), accuracyB), start, end);
            if (compared.Success)
            {
                return new StoredComparison(section, compared.Value, []) { LineA = a, LineB = b };
            }

            problems.AddRange(compared.Problems);
        }

        throw new RuleViolationException(string.Join("; ", problems.Select(p => p.ToString())));
    }

    /// <summary>
    /// The named points of a section's boundary the caller may see: its break points, and the turning points of each
    /// sector's newest version. An id that names two different places is left out rather than guessed at.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, Demarcate.Core.Geodesy.GeoPoint>> BoundaryPointsAsync(
        ICommissionStore store, Caller caller, string sectionId, CancellationToken cancellationToken)
    {
        var points = new Dictionary<string, Demarcate.Core.Geodesy.GeoPoint>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        void Add(string id, Demarcate.Core.Geodesy.GeoPoint point)
        {
            if (points.TryGetValue(id, out var known) && known != point)
            {
                ambiguous.Add(id);
            }

            points[id] = point;
        }

        foreach (var breakPoint in await store.ListBreakPointsAsync(caller, sectionId, cancellationToken))
        {
            Add(breakPoint.Id, breakPoint.Position);
        }

        foreach (var sector in await store.ListSectorsAsync(caller, sectionId, cancellationToken))
        {
            var versions = await store.ListSectorVersionsAsync(caller, sector.Sector.Id, cancellationToken);
            foreach (var row in versions.Count > 0 ? versions[^1].TurningPoints : [])
            {
                Add(row.Id, row.Position);
            }
        }

        foreach (var id in ambiguous)
        {
            points.Remove(id);
        }

        return points;
    }

    private static async Task<(Section Section, double? AccuracyA, double? AccuracyB)> PrepareAsync(
        ICommissionStore store, Caller caller, BoundaryLine a, BoundaryLine b, CancellationToken cancellationToken)
    {
        if (a.SectionId != b.SectionId)
        {
            throw new RuleViolationException($"Line {a.Id} belongs to section {a.SectionId} and line {b.Id} to {b.SectionId}: only lines of one section can be compared.");
        }

        var section = (await store.ListSectionsAsync(caller, cancellationToken)).SingleOrDefault(s => s.Id == a.SectionId)
            ?? throw new RecordNotFoundException("section", a.SectionId);
        var sources = await store.ListSourcesAsync(caller, cancellationToken);
        // The accuracy the commission works with: what the source states, else 0.5 mm at its map scale.
        double? Accuracy(BoundaryLine line) => sources.FirstOrDefault(s => s.Id == line.SourceId)?.AccuracyMetres;
        return (section, Accuracy(a), Accuracy(b));
    }

    /// <summary>Compares two lines already in hand (both of one section of the record).</summary>
    public static async Task<StoredComparison> CompareAsync(
        ICommissionStore store,
        Caller caller,
        BoundaryLine a,
        BoundaryLine b,
        bool bySector,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (section, accuracyA, accuracyB) = await PrepareAsync(store, caller, a, b, cancellationToken);
        double? Accuracy(BoundaryLine line) => ReferenceEquals(line, a) ? accuracyA : accuracyB;

        var frame = PlanarFrame.Utm(section.UtmZone);
        var whole = LineComparison.Compare(
            section,
            ComparedLine.From(a.Id, SectionPath.Walk(a.Geometry, frame), Accuracy(a)),
            ComparedLine.From(b.Id, SectionPath.Walk(b.Geometry, frame), Accuracy(b)));
        IReadOnlyList<SectorComparison> sectors = [];
        if (bySector)
        {
            var onLine = await store.ListSectorsAsync(caller, section.Id, cancellationToken);
            var breaks = await store.ListBreakPointsAsync(caller, section.Id, cancellationToken);
            sectors = LineComparison.CompareSectors(section, [.. onLine.Select(s => s.Sector)], breaks, a, Accuracy(a), b, Accuracy(b));
        }

        return new StoredComparison(section, whole, sectors) { LineA = a, LineB = b };
    }
}
