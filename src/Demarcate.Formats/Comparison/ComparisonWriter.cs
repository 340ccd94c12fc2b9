using System.Globalization;
using System.Text.Json;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;

namespace Demarcate.Formats.Comparison;

/// <summary>
/// Writes a line comparison for people and programs: GeoJSON (one feature per discrepancy polygon with its areas,
/// holders and significance), JSON (the summary, distances and per-sector table) or CSV (one row per polygon).
/// </summary>
/// <remarks>Stateless and thread-safe. Areas in m², lengths in metres.</remarks>
public static class ComparisonWriter
{
    /// <summary>A FeatureCollection of the polygons (of each sector when <paramref name="sectors"/> is not empty, else of the whole section).</summary>
    public static void WriteGeoJson(Utf8JsonWriter writer, Section section, LineComparisonResult whole, IReadOnlyList<SectorComparison> sectors, FeatureReport? features = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(sectors);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WritePropertyName("comparison");
        WriteSummary(writer, section, whole);
        WriteFeatureReport(writer, features);
        writer.WriteStartArray("features");
        var parts = sectors.Count > 0 ? sectors.Select(s => (Sector: (string?)s.SectorId, s.Comparison)) : [(null, whole)];
        foreach (var (sector, comparison) in parts)
        {
            foreach (var polygon in comparison.Polygons)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "Feature");
                writer.WriteStartObject("properties");
                if (sector is not null)
                {
                    writer.WriteString("sector", sector);
                }

                WritePolygonProperties(writer, polygon);
                writer.WriteEndObject();
                writer.WriteStartObject("geometry");
                writer.WriteString("type", "Polygon");
                writer.WriteStartArray("coordinates");
                writer.WriteStartArray();
                foreach (var point in polygon.Ring)
                {
                    writer.WriteStartArray();
                    writer.WriteNumberValue(Math.Round(point.Longitude, 9));
                    writer.WriteNumberValue(Math.Round(point.Latitude, 9));
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The summary, the distances, every polygon without its ring, and the per-sector table.</summary>
    public static void WriteJson(Utf8JsonWriter writer, Section section, LineComparisonResult whole, IReadOnlyList<SectorComparison> sectors, FeatureReport? features = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(sectors);
        writer.WriteStartObject();
        writer.WritePropertyName("comparison");
        WriteSummary(writer, section, whole);
        WriteFeatureReport(writer, features);
        writer.WriteStartArray("polygons");
        foreach (var polygon in whole.Polygons)
        {
            writer.WriteStartObject();
            WritePolygonProperties(writer, polygon);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("sectors");
        foreach (var sector in sectors)
        {
            writer.WriteStartObject();
            writer.WriteString("sector", sector.SectorId);
            writer.WriteNumber("polygons", sector.Comparison.Polygons.Count);
            writer.WriteNumber("significant", sector.Comparison.Polygons.Count(p => p.IsSignificant));
            writer.WriteNumber("area_m2", Math.Round(sector.Comparison.TotalArea, 1));
            WriteNetGain(writer, section, sector.Comparison);
            writer.WriteNumber("hausdorff_m", Math.Round(sector.Comparison.Distances.Hausdorff, 2));
            if (sector.DiscreteFrechet is { } frechet)
            {
                writer.WriteNumber("discrete_frechet_m", Math.Round(frechet, 2));
            }
            else
            {
                writer.WriteNull("discrete_frechet_m");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>One row per polygon (of each sector when <paramref name="sectors"/> is not empty).</summary>
    public static async Task WriteCsvAsync(TextWriter writer, LineComparisonResult whole, IReadOnlyList<SectorComparison> sectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(sectors);
        await writer.WriteLineAsync("sector,number,from_m,to_m,utm_area_m2,ellipsoidal_area_m2,holder_under_a,holder_under_b,greatest_width_m,significant,bridges_gap,closed_by_join".AsMemory(), cancellationToken);
        var parts = sectors.Count > 0 ? sectors.Select(s => (Sector: s.SectorId, s.Comparison)) : [("", whole)];
        foreach (var (sector, comparison) in parts)
        {
            foreach (var p in comparison.Polygons)
            {
                var row = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{sector},{p.Number},{p.FromMetres:0.0},{p.ToMetres:0.0},{p.PlanarArea:0.0},{p.EllipsoidalArea:0.0},{p.HolderUnderA},{p.HolderUnderB},{p.GreatestWidth:0.00},{(p.IsSignificant ? "yes" : "no")},{(p.BridgesGap ? "yes" : "no")},{(p.ClosedByJoin ? "yes" : "no")}");
                await writer.WriteLineAsync(row.AsMemory(), cancellationToken);
            }
        }
    }

    private static void WriteSummary(Utf8JsonWriter writer, Section section, LineComparisonResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("section", result.SectionId);
        writer.WriteString("line_a", result.LineA);
        writer.WriteString("line_b", result.LineB);
        writer.WriteString("plane", $"UTM zone {section.UtmZone}N");
        writer.WriteNumber("polygons", result.Polygons.Count);
        writer.WriteNumber("significant", result.Polygons.Count(p => p.IsSignificant));
        writer.WriteNumber("significance_threshold_m", Math.Round(result.SignificanceThreshold, 3));
        writer.WriteString("significance_rule", "significant when the greatest width exceeds sqrt(a² + b²) of the two sources' stated accuracies");
        writer.WriteNumber("area_m2", Math.Round(result.TotalArea, 1));
        WriteNetGain(writer, section, result);
        var d = result.Distances;
        writer.WriteNumber("hausdorff_a_to_b_m", Math.Round(d.HausdorffAToB, 3));
        writer.WriteNumber("hausdorff_b_to_a_m", Math.Round(d.HausdorffBToA, 3));
        writer.WriteNumber("hausdorff_densified_m", Math.Round(d.DensifiedHausdorff, 3));
        writer.WriteNumber("densify_spacing_m", d.DensifySpacing);
        writer.WriteNumber("mean_offset_m", Math.Round(d.MeanOffset, 3));
        writer.WriteStartArray("notes");
        foreach (var note in result.Notes)
        {
            writer.WriteStringValue(note);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The layer's features in each polygon and the linear features each line crosses; nothing when no layer was given.</summary>
    private static void WriteFeatureReport(Utf8JsonWriter writer, FeatureReport? report)
    {
        if (report is null)
        {
            return;
        }

        writer.WriteStartArray("affected_features");
        foreach (var affected in report.InPolygons)
        {
            writer.WriteStartObject();
            writer.WriteNumber("polygon", affected.PolygonNumber);
            writer.WriteString("id", affected.Feature.Id);
            writer.WriteString("name", affected.Feature.Name);
            writer.WriteString("holder_under_a", affected.HolderUnderA.Value);
            writer.WriteString("holder_under_b", affected.HolderUnderB.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("crossings");
        foreach (var crossing in report.Crossings)
        {
            writer.WriteStartObject();
            writer.WriteString("line", crossing.LineId);
            writer.WriteString("id", crossing.Feature.Id);
            writer.WriteString("name", crossing.Feature.Name);
            writer.WriteNumber("crossings", crossing.Crossings);
            writer.WriteNumber("length_left_m", Math.Round(crossing.LengthLeft, 1));
            writer.WriteNumber("length_right_m", Math.Round(crossing.LengthRight, 1));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteNetGain(Utf8JsonWriter writer, Section section, LineComparisonResult result)
    {
        writer.WriteStartObject("net_gain_under_b_m2");
        writer.WriteNumber(section.PartyOnLeft.Value, Math.Round(result.NetGainUnderB(section.PartyOnLeft), 1));
        writer.WriteNumber(section.PartyOnRight.Value, Math.Round(result.NetGainUnderB(section.PartyOnRight), 1));
        writer.WriteEndObject();
    }

    private static void WritePolygonProperties(Utf8JsonWriter writer, DiscrepancyPolygon p)
    {
        writer.WriteNumber("number", p.Number);
        writer.WriteNumber("utm_area_m2", Math.Round(p.PlanarArea, 2));
        writer.WriteNumber("ellipsoidal_area_m2", Math.Round(p.EllipsoidalArea, 2));
        writer.WriteString("side_of_a", p.SideOfA.ToString().ToLowerInvariant());
        writer.WriteString("side_of_b", p.SideOfB.ToString().ToLowerInvariant());
        writer.WriteString("holder_under_a", p.HolderUnderA.Value);
        writer.WriteString("holder_under_b", p.HolderUnderB.Value);
        writer.WriteNumber("from_m", Math.Round(p.FromMetres, 1));
        writer.WriteNumber("to_m", Math.Round(p.ToMetres, 1));
        writer.WriteNumber("extent_m", Math.Round(p.Extent, 1));
        writer.WriteNumber("greatest_width_m", Math.Round(p.GreatestWidth, 2));
        writer.WriteBoolean("significant", p.IsSignificant);
        writer.WriteBoolean("bridges_gap", p.BridgesGap);
        writer.WriteBoolean("closed_by_join", p.ClosedByJoin);
    }
}
