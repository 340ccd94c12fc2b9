using Demarcate.Core;
using Demarcate.Core.Demarcation;

namespace Demarcate.Formats.Elevation;

/// <summary>Reads a terrain model file, GeoTIFF or ESRI ASCII grid, told apart by its first bytes.</summary>
public static class ElevationGridReader
{
    /// <summary>Reads <paramref name="path"/>; <paramref name="epsg"/> is required for an ASCII grid (which names no CRS) and checked against a GeoTIFF's.</summary>
    public static async Task<ParseResult<ElevationGrid>> ReadFileAsync(string path, int? epsg, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await using var stream = File.OpenRead(path);
        return await ReadAsync(stream, path, epsg, cancellationToken);
    }

    /// <summary>Reads a seekable <paramref name="stream"/> named <paramref name="source"/> in problems, as <see cref="ReadFileAsync"/> reads a file.</summary>
    public static async Task<ParseResult<ElevationGrid>> ReadAsync(Stream stream, string source, int? epsg, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[2];
        var got = await stream.ReadAsync(head, cancellationToken);
        stream.Position = 0;
        if (got == 2 && ((head[0] == 'I' && head[1] == 'I') || (head[0] == 'M' && head[1] == 'M')))
        {
            return await GeoTiffReader.ReadAsync(stream, source, epsg, cancellationToken);
        }

        if (epsg is null)
        {
            return ParseResult<ElevationGrid>.Failed(new InputProblem(source, "an ASCII grid names no CRS: state its EPSG code (e.g. --grid-crs EPSG:32638)"));
        }

        return await AsciiGridReader.ReadAsync(stream, source, epsg.Value, cancellationToken);
    }
}
