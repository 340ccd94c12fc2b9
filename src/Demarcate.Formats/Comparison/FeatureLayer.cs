using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Formats.GeoJson;

namespace Demarcate.Formats.Comparison;

/// <summary>
/// Reads a layer of features (settlements, roads, fields) from GeoJSON, to ask which of them a comparison's
/// discrepancy polygons touch. A feature is named by its <c>name</c> property and identified by its id, else its
/// <c>geonameid</c>, else its place in the file; features without a geometry are skipped (nothing can lie nowhere).
/// </summary>
public static class FeatureLayer
{
    /// <summary>Every feature of the file, or the file's problems (file, feature, line).</summary>
    public static async Task<ParseResult<IReadOnlyList<LayerFeature>>> ReadAsync(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        var read = await GeoJsonReader.ReadAllAsync(stream, sourceName, cancellationToken);
        if (!read.Success)
        {
            return ParseResult<IReadOnlyList<LayerFeature>>.Failed(read.Problems);
        }

        IReadOnlyList<LayerFeature> features = [.. read.Value
            .Where(f => f.Geometry is { IsEmpty: false })
            .Select(f => new LayerFeature(IdOf(f), Text(f, "name") ?? IdOf(f), f.Geometry!))];
        return ParseResult<IReadOnlyList<LayerFeature>>.Ok(features);
    }

    private static string IdOf(GeoJsonFeature feature) =>
        feature.Id ?? Text(feature, "geonameid") ?? Text(feature, "id") ?? (feature.Index + 1).ToString(CultureInfo.InvariantCulture);

    private static string? Text(GeoJsonFeature feature, string property) =>
        feature.Properties.TryGetValue(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
