using System.Text.Json;

namespace Demarcate.Formats.GeoJson.Internal;

/// <summary>The values of a GeoJSON object's <c>type</c> member.</summary>
internal enum GeoJsonType
{
    None,
    FeatureCollection,
    Feature,
    Point,
    MultiPoint,
    LineString,
    MultiLineString,
    Polygon,
    MultiPolygon,
    GeometryCollection,
}

internal static class GeoJsonTypes
{
    public const string GeometryTypeList = "Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection";

    private static readonly GeoJsonType[] All = Enum.GetValues<GeoJsonType>()[1..];

    public static bool IsGeometry(this GeoJsonType type) => type >= GeoJsonType.Point;

    /// <summary>The type named by the string token under <paramref name="reader"/>, or <see cref="GeoJsonType.None"/>.</summary>
    public static GeoJsonType Recognise(ref Utf8JsonReader reader)
    {
        // Compare the UTF-8 bytes directly: no string per geometry.
        return reader.ValueTextEquals("Point"u8) ? GeoJsonType.Point
            : reader.ValueTextEquals("LineString"u8) ? GeoJsonType.LineString
            : reader.ValueTextEquals("Polygon"u8) ? GeoJsonType.Polygon
            : reader.ValueTextEquals("MultiPoint"u8) ? GeoJsonType.MultiPoint
            : reader.ValueTextEquals("MultiLineString"u8) ? GeoJsonType.MultiLineString
            : reader.ValueTextEquals("MultiPolygon"u8) ? GeoJsonType.MultiPolygon
            : reader.ValueTextEquals("GeometryCollection"u8) ? GeoJsonType.GeometryCollection
            : reader.ValueTextEquals("Feature"u8) ? GeoJsonType.Feature
            : reader.ValueTextEquals("FeatureCollection"u8) ? GeoJsonType.FeatureCollection
            : GeoJsonType.None;
    }

    /// <summary>Why <paramref name="text"/> is not a type name, with the likely fix.</summary>
    public static string ExplainUnknown(string text)
    {
        foreach (var type in All)
        {
            if (string.Equals(type.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                return $"unknown type \"{text}\": GeoJSON type names are case-sensitive, write \"{type}\"";
            }
        }

        return $"unknown type \"{text}\": expected FeatureCollection, Feature, {GeometryTypeList}";
    }

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.EndArray => "the end of the array",
        JsonTokenType.EndObject => "the end of the object",
        _ => token.ToString(),
    };
}
