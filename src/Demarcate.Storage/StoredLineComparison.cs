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
        if (a.SectionId != b.SectionId)
        {
            throw new RuleViolationException($"Line {a.Id} belongs to section {a.SectionId} and line {b.Id} to {b.SectionId}: only lines of one section can be compared.");
        }

        var section = (await store.ListSectionsAsync(caller, cancellationToken)).SingleOrDefault(s => s.Id == a.SectionId)
            ?? throw new RecordNotFoundException("section", a.SectionId);
        var sources = await store.ListSourcesAsync(caller, cancellationToken);
        double? Accuracy(BoundaryLine line) => sources.FirstOrDefault(s => s.Id == line.SourceId)?.StatedAccuracyMetres;

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
