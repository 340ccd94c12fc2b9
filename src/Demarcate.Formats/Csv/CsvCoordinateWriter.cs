using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Csv;

/// <summary>
/// Writes lines as a coordinate list: a header "line,part,point,&lt;first axis&gt;,&lt;second axis&gt;[,height]" and one
/// row per position, numbers in their shortest form that reads back to the same double. The caller has put
/// the coordinates in the CRS and axis order it names in the header.
/// </summary>
/// <remarks>Thread-safe (no shared state). Points are written as one row with part 1, point 1.</remarks>
public static class CsvCoordinateWriter
{
    public static async Task WriteAsync(Stream stream, IEnumerable<FileFeature> features, string firstAxis, string secondAxis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(features);
        var list = features.ToList();
        var withHeight = list.Any(f => f.Geometry.Coordinates.Any(c => !double.IsNaN(c.Z)));
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync($"line,part,point,{firstAxis},{secondAxis}{(withHeight ? ",height" : "")}".AsMemory(), cancellationToken);
        var row = new StringBuilder();
        foreach (var feature in list)
        {
            var id = Quote(feature.Id ?? feature.Index.ToString(CultureInfo.InvariantCulture));
            for (var part = 0; part < feature.Geometry.NumGeometries; part++)
            {
                var coordinates = feature.Geometry.GetGeometryN(part).Coordinates;
                for (var point = 0; point < coordinates.Length; point++)
                {
                    var c = coordinates[point];
                    row.Clear().Append(CultureInfo.InvariantCulture, $"{id},{part + 1},{point + 1},{c.X:R},{c.Y:R}");
                    if (withHeight)
                    {
                        row.Append(',');
                        if (!double.IsNaN(c.Z))
                        {
                            row.Append(CultureInfo.InvariantCulture, $"{c.Z:R}");
                        }
                    }

                    await writer.WriteLineAsync(row, cancellationToken);
                }
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
