using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Demarcate.Core;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Formats.Wkt;

/// <summary>
/// Reads a file of WKT geometries (OGC Simple Features): one per line, optionally preceded by an id and a
/// tab, optionally an EWKT "SRID=n;" prefix; a geometry may run over several lines until its parentheses
/// close. Blank lines and lines starting with '#' are skipped. Coordinates stay as the file wrote them.
/// </summary>
/// <remarks>Parsing is NetTopologySuite's WKTReader; its errors are reported with the file, line, column and feature. Thread-safe.</remarks>
public static partial class WktFeatureReader
{
    public const int MaximumProblems = 100;

    public static async Task<ParseResult<IReadOnlyList<FileFeature>>> ReadAllAsync(Stream stream, string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var reader = new WKTReader(NtsGeometryServices.Instance) { IsOldNtsCoordinateSyntaxAllowed = false };
        var features = new List<FileFeature>();
        var problems = new List<InputProblem>();
        var pending = new StringBuilder();
        long startLine = 0;
        long lineNumber = 0;
        var depth = 0;
        while (await text.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (pending.Length == 0)
            {
                if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }

                startLine = lineNumber;
            }
            else
            {
                pending.Append('\n');
            }

            pending.Append(line);
            depth += line.Count(c => c == '(') - line.Count(c => c == ')');
            if (depth > 0)
            {
                continue;
            }

            var problem = Read(pending.ToString(), reader, sourceName, features.Count + problems.Count, startLine, features);
            pending.Clear();
            depth = 0;
            if (problem is not null && problems.Count < MaximumProblems)
            {
                problems.Add(problem);
            }
        }

        if (pending.Length > 0)
        {
            problems.Add(new InputProblem(sourceName, "the file ends before the geometry's parentheses close (is it truncated?)")
            {
                Line = startLine,
                Column = 1,
                Feature = features.Count + problems.Count,
            });
        }

        if (problems.Count == 0 && features.Count == 0)
        {
            problems.Add(new InputProblem(sourceName, "the file holds no geometry"));
        }

        return problems.Count == 0
            ? ParseResult<IReadOnlyList<FileFeature>>.Ok(features)
            : ParseResult<IReadOnlyList<FileFeature>>.Failed(problems);
    }

    private static InputProblem? Read(string entry, WKTReader reader, string sourceName, long index, long line, List<FileFeature> features)
    {
        string? id = null;
        var wkt = entry;
        var column = 1;
        var tab = entry.IndexOf('\t', StringComparison.Ordinal);
        if (tab >= 0)
        {
            id = entry[..tab].Trim();
            wkt = entry[(tab + 1)..];
            column = tab + 2;
        }

        string? crs = null;
        var srid = SridPrefix().Match(wkt);
        if (srid.Success)
        {
            crs = "EPSG:" + srid.Groups["srid"].Value;
            column += srid.Length;
            wkt = wkt[srid.Length..];
        }

        try
        {
            var geometry = reader.Read(wkt);
            features.Add(new FileFeature(index, string.IsNullOrEmpty(id) ? null : id, null, geometry) { Line = line, Column = column, Crs = crs });
            return null;
        }
        catch (ParseException exception)
        {
            return Problem(exception.Message);
        }
        catch (ArgumentException exception)
        {
            // NetTopologySuite refuses impossible shapes while building them, e.g. a LINESTRING of one position.
            return Problem(exception.Message);
        }

        InputProblem Problem(string message)
        {
            // WKTReader names the token it stumbled on but not where; find that token to give a column.
            var token = QuotedToken().Match(message);
            var at = token.Success ? wkt.IndexOf(token.Groups["token"].Value, StringComparison.OrdinalIgnoreCase) : -1;
            var lineOffset = at < 0 ? 0 : wkt[..at].Count(c => c == '\n');
            var columnAt = at < 0 ? column : (lineOffset == 0 ? column + at : at - wkt.LastIndexOf('\n', at));
            return new InputProblem(sourceName, "invalid WKT: " + Explain(message))
            {
                Line = line + lineOffset,
                Column = columnAt,
                Feature = index,
            };
        }
    }

    private static string Explain(string message) =>
        message.Contains("Invalid number of points in LineString", StringComparison.Ordinal)
            ? "a line needs at least 2 positions; " + message.ToLowerInvariant()
            : message.Contains("closed linestring", StringComparison.OrdinalIgnoreCase) || message.Contains("must form a closed", StringComparison.OrdinalIgnoreCase)
                ? "a polygon ring is not closed (its last position must repeat its first): " + message
                : message;

    [GeneratedRegex(@"^\s*SRID=(?<srid>\d+);", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex SridPrefix();

    [GeneratedRegex("'(?<token>[^']+)'", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex QuotedToken();

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
