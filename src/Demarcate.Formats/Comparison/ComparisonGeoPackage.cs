using System.Globalization;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Formats.Exchange;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Comparison;

/// <summary>
/// A line comparison as a GeoPackage for a GIS: <c>discrepancies</c> (one polygon per discrepancy with its areas,
/// sides, holders, extent along line A, greatest width, significance and sector), <c>comparison</c> (the summary and
/// distances, one row), <c>sector_summary</c> (the per-sector table of the JSON output) and <c>compared_lines</c>
/// (lines A and B). Written by the exchange dataset's GeoPackage writer, so it opens wherever an export does.
/// </summary>
/// <remarks>Stateless and thread-safe. Geometries on WGS 84 (x = longitude); areas in m², lengths in metres, unrounded.</remarks>
public static class ComparisonGeoPackage
{
    private static readonly GeometryFactory Wgs84 = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    /// <summary>The attributes of each discrepancy polygon, named as in the GeoJSON output.</summary>
    public static LayerSchema Discrepancies { get; } = new("discrepancies", "Discrepancy polygons", "POLYGON",
    [
        new("number", FieldType.WholeNumber, Required: true),
        new("sector", FieldType.Text),
        new("utm_area_m2", FieldType.RealNumber, Required: true),
        new("ellipsoidal_area_m2", FieldType.RealNumber, Required: true),
        new("side_of_a", FieldType.Text, Required: true),
        new("side_of_b", FieldType.Text, Required: true),
        new("holder_under_a", FieldType.Text, Required: true),
        new("holder_under_b", FieldType.Text, Required: true),
        new("from_m", FieldType.RealNumber, Required: true),
        new("to_m", FieldType.RealNumber, Required: true),
        new("extent_m", FieldType.RealNumber, Required: true),
        new("greatest_width_m", FieldType.RealNumber, Required: true),
        new("significant", FieldType.Flag, Required: true),
        new("bridges_gap", FieldType.Flag, Required: true),
        new("closed_by_join", FieldType.Flag, Required: true),
    ]);

    /// <summary>Lines A and B as compared (whole lines, also when only a stretch of them was compared).</summary>
    public static LayerSchema ComparedLines { get; } = new("compared_lines", "Compared lines", "MULTILINESTRING",
    [
        new("role", FieldType.Text, Required: true),
        new("line_id", FieldType.Text, Required: true),
        new("section_id", FieldType.Text, Required: true),
        new("kind", FieldType.Text, Required: true),
        new("name", FieldType.Text),
        new("source_id", FieldType.Text),
        new("claimed_by", FieldType.Text),
    ]);

    /// <summary>The one-row summary of the whole comparison; its net gain columns are named after the section's two parties.</summary>
    public static LayerSchema Summary(Section section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new("comparison", "Comparison summary", null,
        [
            new("section", FieldType.Text, Required: true),
            new("line_a", FieldType.Text, Required: true),
            new("line_b", FieldType.Text, Required: true),
            new("plane", FieldType.Text, Required: true),
            new("polygons", FieldType.WholeNumber, Required: true),
            new("significant", FieldType.WholeNumber, Required: true),
            new("significance_threshold_m", FieldType.RealNumber, Required: true),
            new("area_m2", FieldType.RealNumber, Required: true),
            .. NetGainFields(section),
            new("hausdorff_a_to_b_m", FieldType.RealNumber, Required: true),
            new("hausdorff_b_to_a_m", FieldType.RealNumber, Required: true),
            new("hausdorff_densified_m", FieldType.RealNumber, Required: true),
            new("densify_spacing_m", FieldType.RealNumber, Required: true),
            new("mean_offset_m", FieldType.RealNumber, Required: true),
            new("notes", FieldType.Text),
        ]);
    }

    /// <summary>One row per sector (empty unless the comparison was made sector by sector).</summary>
    public static LayerSchema SectorSummary(Section section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new("sector_summary", "Comparison by sector", null,
        [
            new("sector", FieldType.Text, Required: true),
            new("polygons", FieldType.WholeNumber, Required: true),
            new("significant", FieldType.WholeNumber, Required: true),
            new("area_m2", FieldType.RealNumber, Required: true),
            .. NetGainFields(section),
            new("hausdorff_m", FieldType.RealNumber, Required: true),
            new("discrete_frechet_m", FieldType.RealNumber),
        ]);
    }

    /// <summary>
    /// The comparison as dataset layers: the polygons of each sector when <paramref name="sectors"/> is not empty
    /// (as the GeoJSON output), else of the whole comparison; <paramref name="lines"/> are lines A and B, in that order.
    /// </summary>
    public static ExchangeDataset Dataset(Section section, LineComparisonResult whole, IReadOnlyList<SectorComparison> sectors, IReadOnlyList<BoundaryLine> lines)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(sectors);
        ArgumentNullException.ThrowIfNull(lines);
        var parts = sectors.Count > 0 ? sectors.Select(s => (Sector: (string?)s.SectorId, s.Comparison)) : [(null, whole)];
        var polygons = parts
            .SelectMany(part => part.Comparison.Polygons.Select(p => (part.Sector, Polygon: p)))
            .Select((x, i) => new ExchangeFeature(i, PolygonOf(x.Polygon), PolygonValues(x.Sector, x.Polygon)))
            .ToList();

        var d = whole.Distances;
        var summary = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["section"] = whole.SectionId,
            ["line_a"] = whole.LineA,
            ["line_b"] = whole.LineB,
            ["plane"] = string.Create(CultureInfo.InvariantCulture, $"UTM zone {section.UtmZone}N"),
            ["polygons"] = (long)whole.Polygons.Count,
            ["significant"] = (long)whole.Polygons.Count(p => p.IsSignificant),
            ["significance_threshold_m"] = whole.SignificanceThreshold,
            ["area_m2"] = whole.TotalArea,
            ["hausdorff_a_to_b_m"] = d.HausdorffAToB,
            ["hausdorff_b_to_a_m"] = d.HausdorffBToA,
            ["hausdorff_densified_m"] = d.DensifiedHausdorff,
            ["densify_spacing_m"] = d.DensifySpacing,
            ["mean_offset_m"] = d.MeanOffset,
            ["notes"] = whole.Notes.Count == 0 ? null : string.Join("; ", whole.Notes),
        };
        AddNetGains(summary, section, whole);

        var rows = sectors.Select((s, i) =>
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["sector"] = s.SectorId,
                ["polygons"] = (long)s.Comparison.Polygons.Count,
                ["significant"] = (long)s.Comparison.Polygons.Count(p => p.IsSignificant),
                ["area_m2"] = s.Comparison.TotalArea,
                ["hausdorff_m"] = s.Comparison.Distances.Hausdorff,
                ["discrete_frechet_m"] = s.DiscreteFrechet,
            };
            AddNetGains(values, section, s.Comparison);
            return new ExchangeFeature(i, null, values);
        }).ToList();

        var compared = lines.Select((line, i) => new ExchangeFeature(i, line.Geometry, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["role"] = i == 0 ? "A" : "B",
            ["line_id"] = line.Id,
            ["section_id"] = line.SectionId,
            ["kind"] = line.Kind.ToString(),
            ["name"] = line.Name,
            ["source_id"] = line.SourceId,
            ["claimed_by"] = line.ClaimedBy?.Value,
        })).ToList();

        return new ExchangeDataset(
            $"Comparison of {whole.LineA} and {whole.LineB} ({whole.SectionId})",
            [
                new ExchangeLayer(Discrepancies, polygons),
                new ExchangeLayer(Summary(section), [new ExchangeFeature(0, null, summary)]),
                new ExchangeLayer(SectorSummary(section), rows),
                new ExchangeLayer(ComparedLines, compared),
            ],
            [section.PartyOnLeft.Value, section.PartyOnRight.Value]);
    }

    /// <summary>Writes the GeoPackage at <paramref name="path"/> (replaced if it exists).</summary>
    public static Task WriteAsync(string path, Section section, LineComparisonResult whole, IReadOnlyList<SectorComparison> sectors, IReadOnlyList<BoundaryLine> lines, CancellationToken cancellationToken) =>
        DatasetWriter.WriteGeoPackageAsync(path, Dataset(section, whole, sectors, lines), cancellationToken);

    /// <summary>Writes the GeoPackage to <paramref name="stream"/> (by way of a scratch file, as SQLite writes only files).</summary>
    public static Task WriteAsync(Stream stream, Section section, LineComparisonResult whole, IReadOnlyList<SectorComparison> sectors, IReadOnlyList<BoundaryLine> lines, CancellationToken cancellationToken) =>
        DatasetWriter.WriteAsync(stream, Dataset(section, whole, sectors, lines), FeatureFormat.GeoPackage, cancellationToken);

    /// <summary>The net gain column of a party: <c>net_gain_under_b_am_m2</c>.</summary>
    public static string NetGainField(Core.PartyCode party) => "net_gain_under_b_" + party.Value.ToLowerInvariant() + "_m2";

    private static IEnumerable<ExchangeField> NetGainFields(Section section) =>
        [new(NetGainField(section.PartyOnLeft), FieldType.RealNumber, Required: true), new(NetGainField(section.PartyOnRight), FieldType.RealNumber, Required: true)];

    private static void AddNetGains(Dictionary<string, object?> values, Section section, LineComparisonResult result)
    {
        values[NetGainField(section.PartyOnLeft)] = result.NetGainUnderB(section.PartyOnLeft);
        values[NetGainField(section.PartyOnRight)] = result.NetGainUnderB(section.PartyOnRight);
    }

    private static Polygon PolygonOf(DiscrepancyPolygon polygon) =>
        Wgs84.CreatePolygon([.. polygon.Ring.Select(p => new Coordinate(p.Longitude, p.Latitude))]);

    private static Dictionary<string, object?> PolygonValues(string? sector, DiscrepancyPolygon p) => new(StringComparer.Ordinal)
    {
        ["number"] = (long)p.Number,
        ["sector"] = sector,
        ["utm_area_m2"] = p.PlanarArea,
        ["ellipsoidal_area_m2"] = p.EllipsoidalArea,
        ["side_of_a"] = p.SideOfA.ToString().ToLowerInvariant(),
        ["side_of_b"] = p.SideOfB.ToString().ToLowerInvariant(),
        ["holder_under_a"] = p.HolderUnderA.Value,
        ["holder_under_b"] = p.HolderUnderB.Value,
        ["from_m"] = p.FromMetres,
        ["to_m"] = p.ToMetres,
        ["extent_m"] = p.Extent,
        ["greatest_width_m"] = p.GreatestWidth,
        ["significant"] = p.IsSignificant,
        ["bridges_gap"] = p.BridgesGap,
        ["closed_by_join"] = p.ClosedByJoin,
    };
}
