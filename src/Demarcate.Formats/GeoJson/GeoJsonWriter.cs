using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.GeoJson;

/// <summary>
/// Writes RFC 7946 GeoJSON: UTF-8 without a byte order mark, positions as [longitude, latitude(, height)],
/// numbers in their shortest form that reads back to the same double, exterior rings counter-clockwise
/// and holes clockwise.
/// </summary>
/// <remarks>Thread-safe (no shared state). Geometries must be on WGS 84 (SRID 4326, or 0 when unset).</remarks>
public static class GeoJsonWriter
{
    // Flush to the stream at about this many buffered bytes, so memory stays flat for any number of features.
    private const int FlushThreshold = 64 * 1024;

    private static readonly HashSet<string> ReservedMembers = new(StringComparer.Ordinal) { "type", "features", "bbox", "crs" };

    /// <summary>Writes <paramref name="features"/> to <paramref name="stream"/> as one FeatureCollection, as they arrive.</summary>
    public static async Task WriteAsync(
        Stream stream,
        IAsyncEnumerable<GeoJsonFeature> features,
        GeoJsonWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(features);
        options ??= GeoJsonWriteOptions.Default;
        await using var writer = new Utf8JsonWriter(stream, WriterOptions(options));
        WriteCollectionStart(writer, options);
        await foreach (var feature in features.WithCancellation(cancellationToken))
        {
            WriteFeature(writer, feature);
            if (writer.BytesPending >= FlushThreshold)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Writes <paramref name="features"/> to <paramref name="stream"/> as one FeatureCollection.</summary>
    public static async Task WriteAsync(
        Stream stream,
        IEnumerable<GeoJsonFeature> features,
        GeoJsonWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(features);
        options ??= GeoJsonWriteOptions.Default;
        await using var writer = new Utf8JsonWriter(stream, WriterOptions(options));
        WriteCollectionStart(writer, options);
        foreach (var feature in features)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteFeature(writer, feature);
            if (writer.BytesPending >= FlushThreshold)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>One geometry object as compact GeoJSON text, e.g. <c>{"type":"Point","coordinates":[45.5,39.6]}</c>.</summary>
    public static string WriteGeometry(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(GeoJsonWriteOptions.Default)))
        {
            WriteGeometry(writer, geometry);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one geometry object (or null) with an existing writer.</summary>
    public static void WriteGeometry(Utf8JsonWriter writer, Geometry? geometry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (geometry is null)
        {
            writer.WriteNullValue();
            return;
        }

        if (geometry.SRID is not (0 or 4326))
        {
            throw new ArgumentException(
                $"GeoJSON holds WGS 84 longitude/latitude (SRID 4326); this geometry has SRID {geometry.SRID}. Transform it first.",
                nameof(geometry));
        }

        writer.WriteStartObject();
        switch (geometry)
        {
            case Point point:
                writer.WriteString("type"u8, "Point"u8);
                writer.WritePropertyName("coordinates"u8);
                if (point.IsEmpty)
                {
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                }
                else
                {
                    WritePosition(writer, point.CoordinateSequence, 0);
                }

                break;

            case LineString line:
                writer.WriteString("type"u8, "LineString"u8);
                writer.WritePropertyName("coordinates"u8);
                WritePositions(writer, line.CoordinateSequence, reverse: false);
                break;

            case Polygon polygon:
                writer.WriteString("type"u8, "Polygon"u8);
                writer.WritePropertyName("coordinates"u8);
                WriteRings(writer, polygon);
                break;

            case MultiPoint multiPoint:
                writer.WriteString("type"u8, "MultiPoint"u8);
                writer.WriteStartArray("coordinates"u8);
                foreach (var part in multiPoint.Geometries)
                {
                    WritePosition(writer, ((Point)part).CoordinateSequence, 0);
                }

                writer.WriteEndArray();
                break;

            case MultiLineString multiLine:
                writer.WriteString("type"u8, "MultiLineString"u8);
                writer.WriteStartArray("coordinates"u8);
                foreach (var part in multiLine.Geometries)
                {
                    WritePositions(writer, ((LineString)part).CoordinateSequence, reverse: false);
                }

                writer.WriteEndArray();
                break;

            case MultiPolygon multiPolygon:
                writer.WriteString("type"u8, "MultiPolygon"u8);
                writer.WriteStartArray("coordinates"u8);
                foreach (var part in multiPolygon.Geometries)
                {
                    WriteRings(writer, (Polygon)part);
                }

                writer.WriteEndArray();
                break;

            case GeometryCollection collection:
                writer.WriteString("type"u8, "GeometryCollection"u8);
                writer.WriteStartArray("geometries"u8);
                foreach (var part in collection.Geometries)
                {
                    WriteGeometry(writer, part);
                }

                writer.WriteEndArray();
                break;

            default:
                throw new ArgumentException("GeoJSON has no geometry type for " + geometry.GeometryType, nameof(geometry));
        }

        writer.WriteEndObject();
    }

    private static JsonWriterOptions WriterOptions(GeoJsonWriteOptions options) => new()
    {
        Indented = options.Indented,

        // A data file, not HTML: keep names like "Zarrit’ap’" readable instead of \u-escaping them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void WriteCollectionStart(Utf8JsonWriter writer, GeoJsonWriteOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "FeatureCollection"u8);
        foreach (var (name, value) in options.ForeignMembers)
        {
            if (ReservedMembers.Contains(name))
            {
                throw new ArgumentException($"\"{name}\" is a GeoJSON member, not a foreign member.", nameof(options));
            }

            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteStartArray("features"u8);
    }

    private static void WriteFeature(Utf8JsonWriter writer, GeoJsonFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature, nameof(feature));
        writer.WriteStartObject();
        writer.WriteString("type"u8, "Feature"u8);
        if (feature.Id is { } id)
        {
            writer.WritePropertyName("id"u8);
            if (feature.IdIsNumber)
            {
                // Checked so that a caller's mistake cannot produce invalid JSON.
                using var number = JsonDocument.Parse(id);
                if (number.RootElement.ValueKind != JsonValueKind.Number)
                {
                    throw new ArgumentException($"Feature {feature.Index}: id \"{id}\" is marked as a number but is not one.", nameof(feature));
                }

                number.RootElement.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue(id);
            }
        }

        writer.WritePropertyName("geometry"u8);
        WriteGeometry(writer, feature.Geometry);
        writer.WriteStartObject("properties"u8);
        foreach (var (name, value) in feature.Properties)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteRings(Utf8JsonWriter writer, Polygon polygon)
    {
        writer.WriteStartArray();
        if (!polygon.IsEmpty)
        {
            // RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise.
            var shell = polygon.ExteriorRing.CoordinateSequence;
            WritePositions(writer, shell, reverse: SignedArea(shell) < 0);
            foreach (var hole in polygon.InteriorRings)
            {
                WritePositions(writer, hole.CoordinateSequence, reverse: SignedArea(hole.CoordinateSequence) > 0);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Twice the ring's signed area in the plane of longitude and latitude: positive when counter-clockwise.</summary>
    private static double SignedArea(CoordinateSequence ring)
    {
        var count = ring.Count;
        if (count < 3)
        {
            return 0;
        }

        // Shifting by the first vertex keeps the products small and the sign reliable.
        double x0 = ring.GetX(0), y0 = ring.GetY(0);
        var sum = 0.0;
        for (var i = 1; i < count - 1; i++)
        {
            sum += ((ring.GetX(i) - x0) * (ring.GetY(i + 1) - y0)) - ((ring.GetX(i + 1) - x0) * (ring.GetY(i) - y0));
        }

        return sum;
    }

    private static void WritePositions(Utf8JsonWriter writer, CoordinateSequence sequence, bool reverse)
    {
        writer.WriteStartArray();
        var count = sequence.Count;
        for (var i = 0; i < count; i++)
        {
            WritePosition(writer, sequence, reverse ? count - 1 - i : i);
        }

        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, CoordinateSequence sequence, int index)
    {
        var x = sequence.GetX(index);
        var y = sequence.GetY(index);
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            throw new ArgumentException("GeoJSON positions need finite longitude and latitude; found NaN or infinity.", nameof(sequence));
        }

        writer.WriteStartArray();
        writer.WriteNumberValue(x);
        writer.WriteNumberValue(y);
        if (sequence.HasZ)
        {
            var z = sequence.GetZ(index);
            if (double.IsFinite(z))
            {
                writer.WriteNumberValue(z);
            }
        }

        writer.WriteEndArray();
    }
}
