using System.Text;
using NetTopologySuite.IO;

namespace Demarcate.Formats.Wkt;

/// <summary>Writes one feature per line: its id, a tab, and its geometry as WKT, with every digit a double carries.</summary>
/// <remarks>Thread-safe (no shared state). <see cref="WktFeatureReader"/> reads the output back.</remarks>
public static class WktFeatureWriter
{
    public static async Task WriteAsync(Stream stream, IEnumerable<FileFeature> features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(features);
        var wkt = new WKTWriter(3) { MaxCoordinatesPerLine = int.MaxValue };
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        foreach (var feature in features)
        {
            var id = (feature.Id ?? feature.Name ?? "").Replace('\t', ' ').Replace('\n', ' ');
            await writer.WriteLineAsync($"{id}\t{wkt.Write(feature.Geometry)}".AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }
}
