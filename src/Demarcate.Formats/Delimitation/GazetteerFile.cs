using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.GeoJson;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Delimitation;

/// <summary>
/// Reads a gazetteer of named places (GeoNames-like GeoJSON points: <c>name</c>, <c>country</c>, <c>population</c>,
/// <c>featureCode</c>) for the protocol-description and the map annex. A place is a town when GeoNames marks it as an
/// administrative seat (PPLA…, PPLC) or it has 10 000 people or more, otherwise a village.
/// </summary>
public static class GazetteerFile
{
    /// <summary>Places of at least this population are called towns.</summary>
    public const long TownPopulation = 10_000;

    /// <summary>Every named point of the file; features without a name or a point geometry are skipped.</summary>
    public static async Task<ParseResult<IReadOnlyList<NamedFeature>>> ReadAsync(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        var read = await GeoJsonReader.ReadAllAsync(stream, sourceName, cancellationToken);
        if (!read.Success)
        {
            return ParseResult<IReadOnlyList<NamedFeature>>.Failed(read.Problems);
        }

        var places = new List<NamedFeature>();
        foreach (var feature in read.Value)
        {
            if (feature.Geometry is not Point { IsEmpty: false } point || Text(feature, "name") is not { Length: > 0 } name)
            {
                continue;
            }

            var code = Text(feature, "featureCode") ?? "";
            var population = feature.Properties.TryGetValue("population", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var n) ? n : 0;
            var town = code.StartsWith("PPLA", StringComparison.Ordinal) || code == "PPLC" || population >= TownPopulation;
            places.Add(new NamedFeature(name, new GeoPoint(point.Y, point.X), town ? FeatureClass.Town : FeatureClass.Village, Text(feature, "country")));
        }

        return ParseResult<IReadOnlyList<NamedFeature>>.Ok(places);
    }

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
