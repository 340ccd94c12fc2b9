using System.Globalization;
using System.Text;

namespace Demarcate.Core.Geodesy;

/// <summary>How <see cref="CoordinateTextTransform.TransformAsync"/> reads and writes coordinate lines.</summary>
public sealed record CoordinateTextOptions
{
    /// <summary>The CRS the coordinates are in, unless each line names its own (<see cref="LinesCarryCrs"/>).</summary>
    public CoordinateReferenceSystem? Source { get; init; }

    /// <summary>The CRS to write.</summary>
    public required CoordinateReferenceSystem Target { get; init; }

    /// <summary>The one datum transformation used for every line; null means each source CRS's default.</summary>
    public DatumTransformation? DatumTransformation { get; init; }

    /// <summary>Where per-line CRS codes are looked up.</summary>
    public CrsRegistry Registry { get; init; } = CrsRegistry.Standard;

    /// <summary>Column separator; null detects it per line (comma, semicolon or tab if present, otherwise whitespace).</summary>
    public char? Delimiter { get; init; }

    /// <summary>Each line starts with an identifier (pillar or point number) that is copied through.</summary>
    public bool LinesCarryId { get; init; }

    /// <summary>Each line names its CRS (e.g. EPSG:28408) just before the coordinates.</summary>
    public bool LinesCarryCrs { get; init; }

    /// <summary>The first non-comment line is a header, copied through with the coordinate names of the target CRS.</summary>
    public bool HasHeader { get; init; }

    /// <summary>Stop at the first problem instead of reporting it and going on.</summary>
    public bool Strict { get; init; }

    /// <summary>Decimals written for grid coordinates (4 = 0.1 mm).</summary>
    public int GridDecimals { get; init; } = 4;

    /// <summary>Decimals written for degrees (9 ≈ 0.1 mm).</summary>
    public int DegreeDecimals { get; init; } = 9;

    /// <summary>At most this many problems are kept in the report (the rest are only counted), so memory stays bounded.</summary>
    public int MaxReportedProblems { get; init; } = 1000;

    /// <summary>Name of the input in problem messages.</summary>
    public string SourceName { get; init; } = "input";
}

/// <summary>What a streaming transformation did: lines written, lines refused, and the problems with their line numbers.</summary>
public sealed record CoordinateTextReport(
    long LinesRead,
    long PointsWritten,
    long PointsFlagged,
    long LinesRejected,
    IReadOnlyList<InputProblem> Problems,
    long ProblemsNotListed,
    bool StoppedEarly);

/// <summary>
/// Transforms a text file of coordinates line by line — CSV or whitespace-separated — from the CRS it was surveyed or
/// digitised in to another, in constant memory. Lines that cannot be transformed are reported with their line number and
/// left out; points outside an area of use are written and reported. Comment lines (#) and blank lines are copied.
/// </summary>
public static class CoordinateTextTransform
{
    private const int MaxCachedOperations = 64;

    public static async Task<CoordinateTextReport> TransformAsync(
        TextReader reader, TextWriter writer, CoordinateTextOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Source is null && !options.LinesCarryCrs)
        {
            throw new ArgumentException("Give a source CRS or set LinesCarryCrs.", nameof(options));
        }

        var problems = new List<InputProblem>();
        long notListed = 0, lineNumber = 0, written = 0, flagged = 0, rejected = 0;
        var headerPending = options.HasHeader;
        var operations = new Dictionary<string, ParseResult<CoordinateOperation>>(StringComparer.OrdinalIgnoreCase);
        ParseResult<CoordinateOperation>? fixedOperation = options.Source is { } src && !options.LinesCarryCrs
            ? CoordinateOperation.Create(src, options.Target, options.DatumTransformation)
            : null;
        if (fixedOperation is { Success: false })
        {
            return new CoordinateTextReport(0, 0, 0, 0, fixedOperation.Problems, 0, StoppedEarly: true);
        }

        var output = new StringBuilder(256);
        var fields = new List<Range>(8);
        var expectedColumns = 2 + (options.LinesCarryId ? 1 : 0) + (options.LinesCarryCrs ? 1 : 0);

        // Returns false when the run must stop (strict mode).
        bool Report(string message, long column, bool isError)
        {
            if (problems.Count < options.MaxReportedProblems)
            {
                problems.Add(new InputProblem(options.SourceName, message) { Line = lineNumber, Column = column > 0 ? column : null });
            }
            else
            {
                notListed++;
            }

            if (isError)
            {
                rejected++;
            }

            return !options.Strict;
        }

        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            var trimmed = line.AsSpan().Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
                continue;
            }

            var delimiter = options.Delimiter ?? Detect(line);
            Split(line, delimiter, fields);
            if (headerPending)
            {
                headerPending = false;
                await writer.WriteLineAsync(Header(line, fields, delimiter, options).AsMemory(), cancellationToken);
                continue;
            }

            if (fields.Count != expectedColumns)
            {
                if (!Report($"expected {expectedColumns} columns, found {fields.Count}.", 1, isError: true))
                {
                    break;
                }

                continue;
            }

            var index = options.LinesCarryId ? 1 : 0;
            ParseResult<CoordinateOperation> operation;
            if (options.LinesCarryCrs)
            {
                var code = line[fields[index]].Trim();
                if (!operations.TryGetValue(code, out operation!))
                {
                    var crs = options.Registry.Resolve(code, options.SourceName);
                    operation = crs.Success
                        ? CoordinateOperation.Create(crs.Value, options.Target, options.DatumTransformation)
                        : ParseResult<CoordinateOperation>.Failed(crs.Problems);
                    if (operations.Count < MaxCachedOperations)
                    {
                        operations[code] = operation;
                    }
                }

                index++;
            }
            else
            {
                operation = fixedOperation!;
            }

            if (!operation.Success)
            {
                if (!Report(operation.Problems[0].Message, fields[index - 1].Start.Value + 1, isError: true))
                {
                    break;
                }

                continue;
            }

            var op = operation.Value;
            if (!TryNumber(line, fields[index], out var first) || !TryNumber(line, fields[index + 1], out var second))
            {
                var bad = TryNumber(line, fields[index], out _) ? fields[index + 1] : fields[index];
                if (!Report($"'{line[bad].Trim()}' is not a number.", bad.Start.Value + 1, isError: true))
                {
                    break;
                }

                continue;
            }

            var result = op.Transform(first, second);
            if ((result.Issues & TransformIssues.InvalidCoordinate) != TransformIssues.None)
            {
                var (a, b) = op.Source.AxisNames;
                if (!Report($"({a} {first.ToString(CultureInfo.InvariantCulture)}, {b} {second.ToString(CultureInfo.InvariantCulture)}) is not a position in {op.Source.Code} (latitude beyond ±90°?).", fields[index].Start.Value + 1, isError: true))
                {
                    break;
                }

                continue;
            }

            output.Clear();
            if (options.LinesCarryId)
            {
                output.Append(line.AsSpan()[fields[0]]).Append(delimiter);
            }

            if (options.LinesCarryCrs)
            {
                output.Append(options.Target.Code.ToString()).Append(delimiter);
            }

            var decimals = options.Target.IsProjected ? options.GridDecimals : options.DegreeDecimals;
            output.Append(result.First.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
                .Append(delimiter)
                .Append(result.Second.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            await writer.WriteLineAsync(output, cancellationToken);
            written++;

            if (result.Issues != TransformIssues.None)
            {
                flagged++;
                if (!Report(Describe(result.Issues, op), fields[index].Start.Value + 1, isError: false))
                {
                    break;
                }
            }
        }

        var stopped = options.Strict && (problems.Count > 0 || notListed > 0);
        return new CoordinateTextReport(lineNumber, written, flagged, rejected, problems, notListed, stopped);
    }

    private static string Describe(TransformIssues issues, CoordinateOperation op)
    {
        var parts = new List<string>(3);
        if ((issues & TransformIssues.OutsideSourceArea) != TransformIssues.None)
        {
            parts.Add($"outside the area of use of {op.Source.Code}");
        }

        if ((issues & TransformIssues.OutsideOperationArea) != TransformIssues.None)
        {
            parts.Add($"outside the area of use of {op.DatumTransformation?.Code}");
        }

        if ((issues & TransformIssues.OutsideTargetArea) != TransformIssues.None)
        {
            parts.Add($"outside the area of use of {op.Target.Code}");
        }

        return "Point " + string.Join(", ", parts) + "; transformed anyway, check it.";
    }

    private static char Detect(string line)
    {
        foreach (var c in line)
        {
            if (c is ',' or ';' or '\t')
            {
                return c;
            }
        }

        return ' ';
    }

    /// <summary>Field ranges of a line; a space delimiter means runs of whitespace.</summary>
    private static void Split(string line, char delimiter, List<Range> fields)
    {
        fields.Clear();
        if (delimiter == ' ')
        {
            var i = 0;
            while (i < line.Length)
            {
                while (i < line.Length && char.IsWhiteSpace(line[i]))
                {
                    i++;
                }

                var start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i]))
                {
                    i++;
                }

                if (i > start)
                {
                    fields.Add(start..i);
                }
            }

            return;
        }

        var from = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            if (i == line.Length || line[i] == delimiter)
            {
                fields.Add(from..i);
                from = i + 1;
            }
        }
    }

    private static bool TryNumber(string line, Range field, out double value) =>
        double.TryParse(line.AsSpan()[field].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Header(string line, List<Range> fields, char delimiter, CoordinateTextOptions options)
    {
        var names = fields.Select(f => line[f].Trim()).ToList();
        var (first, second) = options.Target.AxisNames;
        if (names.Count >= 2)
        {
            names[^2] = first;
            names[^1] = second;
        }

        return string.Join(delimiter == ' ' ? " " : delimiter.ToString(), names);
    }
}
