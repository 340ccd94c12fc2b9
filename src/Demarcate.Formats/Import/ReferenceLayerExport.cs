using System.Text.Json;
using Demarcate.Core.Analysis;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.Kml;

namespace Demarcate.Formats.Import;

/// <summary>A stored reference layer's features out as GeoJSON or KML (WGS 84), each with its id, name and properties.</summary>
public static class ReferenceLayerExport
{
    /// <summary>The formats a reference layer is written in.</summary>
    public static IReadOnlyList<FeatureFormat> Formats { get; } = [FeatureFormat.GeoJson, FeatureFormat.Kml];

    public static async Task WriteAsync(Stream stream, FeatureFormat format, string layerName, IReadOnlyList<LayerFeature> features, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(features);
        switch (format)
        {
            case FeatureFormat.GeoJson:
                await GeoJsonWriter.WriteAsync(
                    stream,
                    features.Select((f, i) => new GeoJsonFeature(i, f.Id, f.Geometry, Properties(f))),
                    cancellationToken: cancellationToken);
                break;
            case FeatureFormat.Kml:
                await KmlWriter.WriteAsync(
                    stream,
                    features.Select((f, i) => new FileFeature(i, f.Id, f.Name, f.Geometry) { Properties = f.Properties }),
                    layerName,
                    cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "reference layers are written as GeoJSON or KML");
        }
    }

    private static Dictionary<string, JsonElement> Properties(LayerFeature feature)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["name"] = JsonSerializer.SerializeToElement(feature.Name) };
        foreach (var (key, value) in feature.Properties)
        {
            properties.TryAdd(key, JsonSerializer.SerializeToElement(value));
        }

        return properties;
    }
}
