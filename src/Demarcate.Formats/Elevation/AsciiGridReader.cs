using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Demarcation;

namespace Demarcate.Formats.Elevation;

/// <summary>
/// Reads an ESRI ASCII grid (<c>.asc</c>): a header of <c>ncols</c>, <c>nrows</c>, <c>xllcorner</c>/<c>xllcenter</c>,
/// <c>yllcorner</c>/<c>yllcenter</c>, <c>cellsize</c> (or GDAL's <c>dx</c>/<c>dy</c>) and optionally
/// <c>NODATA_value</c>, then the heights row by row from the north. The format carries no CRS, so the caller states it.
/// </summary>
public static class AsciiGridReader
{
    public static async Task<ParseResult<ElevationGrid>> ReadAsync(Stream stream, string source, int epsg, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, leaveOpen: true);
        var header = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0L;
        string? line;
        var firstData = (string?)null;
        while ((line = await reader.ReadLineAsync(cancellationToken)) is not null)
        {
            lineNumber++;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length == 2 && char.IsLetter(parts[0][0]))
            {
                if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return Problem(source, lineNumber, $"header value '{parts[1]}' of {parts[0]} is not a number");
                }

                header[parts[0]] = value;
                continue;
            }

            firstData = line;
            break;
        }

        if (!header.TryGetValue("ncols", out var ncols) || !header.TryGetValue("nrows", out var nrows) || ncols < 2 || nrows < 2 || ncols != Math.Floor(ncols) || nrows != Math.Floor(nrows))
        {
            return Problem(source, lineNumber, "the header needs whole ncols and nrows of at least 2");
        }

        double dx, dy;
        if (header.TryGetValue("cellsize", out var cell))
        {
            (dx, dy) = (cell, cell);
        }
        else if (!header.TryGetValue("dx", out dx) || !header.TryGetValue("dy", out dy))
        {
            return Problem(source, lineNumber, "the header needs cellsize (or dx and dy)");
        }

        if (!(dx > 0) || !(dy > 0))
        {
            return Problem(source, lineNumber, "cells must have a positive size");
        }

        double west, south;
        if (header.TryGetValue("xllcorner", out var xc))
        {
            west = xc;
        }
        else if (header.TryGetValue("xllcenter", out var xm))
        {
            west = xm - (dx / 2);
        }
        else
        {
            return Problem(source, lineNumber, "the header needs xllcorner or xllcenter");
        }

        if (header.TryGetValue("yllcorner", out var yc))
        {
            south = yc;
        }
        else if (header.TryGetValue("yllcenter", out var ym))
        {
            south = ym - (dy / 2);
        }
        else
        {
            return Problem(source, lineNumber, "the header needs yllcorner or yllcenter");
        }

        double? noData = header.TryGetValue("nodata_value", out var nd) ? nd : null;
        var columns = (int)ncols;
        var rows = (int)nrows;
        var heights = new float[(long)columns * rows];
        var filled = 0L;
        line = firstData;
        while (line is not null)
        {
            foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (filled == heights.Length)
                {
                    return Problem(source, lineNumber, $"more than ncols × nrows = {heights.Length} values");
                }

                if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var h))
                {
                    return Problem(source, lineNumber, $"'{token}' is not a height");
                }

                heights[filled++] = h;
            }

            line = await reader.ReadLineAsync(cancellationToken);
            lineNumber++;
        }

        if (filled != heights.Length)
        {
            return Problem(source, lineNumber, string.Create(CultureInfo.InvariantCulture, $"{filled} values where ncols × nrows = {heights.Length} were announced"));
        }

        try
        {
            return ParseResult<ElevationGrid>.Ok(new ElevationGrid(epsg, columns, rows, west, south + (rows * dy), dx, dy, heights, noData));
        }
        catch (ArgumentOutOfRangeException e)
        {
            return Problem(source, null, e.Message);
        }
    }

    private static ParseResult<ElevationGrid> Problem(string source, long? line, string message) =>
        ParseResult<ElevationGrid>.Failed(new InputProblem(source, message) { Line = line });
}
