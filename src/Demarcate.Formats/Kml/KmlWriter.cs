using System.Globalization;
using System.Text;
using System.Xml;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Kml;

/// <summary>
/// Writes features as a KML 2.2 document: one Placemark each with its name, an ExtendedData block (the
/// feature's id and properties) and its geometry; coordinates as longitude,latitude[,height] on WGS 84,
/// numbers in their shortest form that reads back to the same double, exterior rings counter-clockwise.
/// </summary>
/// <remarks>Thread-safe (no shared state). Features must be on WGS 84 with x = longitude.</remarks>
public static class KmlWriter
{
    private const string Namespace = "http://www.opengis.net/kml/2.2";

    public static async Task WriteAsync(Stream stream, IEnumerable<FileFeature> features, string documentName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(features);
        var settings = new XmlWriterSettings
        {
            Async = true,
            Indent = true,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            CloseOutput = false,
        };
        await using var writer = XmlWriter.Create(stream, settings);
        await writer.WriteStartDocumentAsync();
        await writer.WriteStartElementAsync(null, "kml", Namespace);
        await writer.WriteStartElementAsync(null, "Document", Namespace);
        await writer.WriteElementStringAsync(null, "name", Namespace, documentName);
        foreach (var feature in features)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteStartElementAsync(null, "Placemark", Namespace);
            await writer.WriteElementStringAsync(null, "name", Namespace, feature.Name ?? feature.Id ?? feature.Index.ToString(CultureInfo.InvariantCulture));
            var data = new List<KeyValuePair<string, string>>();
            if (feature.Id is { } id)
            {
                data.Add(new("id", id));
            }

            data.AddRange(feature.Properties.Where(p => p.Key != "id"));
            if (data.Count > 0)
            {
                await writer.WriteStartElementAsync(null, "ExtendedData", Namespace);
                foreach (var (key, value) in data)
                {
                    await writer.WriteStartElementAsync(null, "Data", Namespace);
                    await writer.WriteAttributeStringAsync(null, "name", null, key);
                    await writer.WriteElementStringAsync(null, "value", Namespace, value);
                    await writer.WriteEndElementAsync();
                }

                await writer.WriteEndElementAsync();
            }

            await WriteGeometryAsync(writer, feature.Geometry);
            await writer.WriteEndElementAsync();
            await writer.FlushAsync();
        }

        await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
        await writer.FlushAsync();
    }

    /// <summary>Writes one geometry element (Point, LineString, Polygon, MultiGeometry …); shared with the dataset writer.</summary>
    internal static async Task WriteGeometryAsync(XmlWriter writer, Geometry geometry)
    {
        switch (geometry)
        {
            case GeometryCollection collection:
                await writer.WriteStartElementAsync(null, "MultiGeometry", Namespace);
                for (var i = 0; i < collection.NumGeometries; i++)
                {
                    await WriteGeometryAsync(writer, collection.GetGeometryN(i));
                }

                await writer.WriteEndElementAsync();
                break;
            case Point point:
                await WriteSimpleAsync(writer, "Point", point.Coordinates);
                break;
            case LinearRing ring:
                await WriteSimpleAsync(writer, "LinearRing", ring.Coordinates);
                break;
            case LineString line:
                await WriteSimpleAsync(writer, "LineString", line.Coordinates);
                break;
            case Polygon polygon:
                {
                    // KML wants the outer boundary counter-clockwise, as RFC 7946 does.
                    var oriented = (Polygon)polygon.Copy();
                    oriented.Normalize();
                    var shell = (LinearRing)oriented.ExteriorRing.Reverse();
                    await writer.WriteStartElementAsync(null, "Polygon", Namespace);
                    await writer.WriteStartElementAsync(null, "outerBoundaryIs", Namespace);
                    await WriteSimpleAsync(writer, "LinearRing", shell.Coordinates);
                    await writer.WriteEndElementAsync();
                    foreach (var hole in oriented.InteriorRings)
                    {
                        await writer.WriteStartElementAsync(null, "innerBoundaryIs", Namespace);
                        await WriteSimpleAsync(writer, "LinearRing", hole.Reverse().Coordinates);
                        await writer.WriteEndElementAsync();
                    }

                    await writer.WriteEndElementAsync();
                    break;
                }

            default:
                throw new ArgumentException($"KML has no {geometry.GeometryType}.", nameof(geometry));
        }
    }

    private static async Task WriteSimpleAsync(XmlWriter writer, string element, Coordinate[] coordinates)
    {
        await writer.WriteStartElementAsync(null, element, Namespace);
        var text = new StringBuilder();
        foreach (var c in coordinates)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(CultureInfo.InvariantCulture, $"{c.X:R},{c.Y:R}");
            if (!double.IsNaN(c.Z))
            {
                text.Append(CultureInfo.InvariantCulture, $",{c.Z:R}");
            }
        }

        await writer.WriteElementStringAsync(null, "coordinates", Namespace, text.ToString());
        await writer.WriteEndElementAsync();
    }
}
