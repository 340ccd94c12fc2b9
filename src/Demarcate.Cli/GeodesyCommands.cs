using System.CommandLine;
using System.Globalization;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary>
/// <c>demarcate transform</c> and <c>demarcate sheet</c>: coordinate lists between the commission's CRSs and Soviet map
/// sheet names, computed by the geodesy core in this process.
/// </summary>
public static class GeodesyCommands
{
    /// <summary>Exit code when some lines could not be transformed or were flagged (the rest were written).</summary>
    public const int SomeLinesHadProblems = 1;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The <c>transform</c> command: a coordinate list from one CRS to another, streamed from a file or stdin to stdout.</summary>
    public static Command Transform()
    {
        // Options are read as text and checked in the action, so every bad argument exits with UserError and one line.
        var from = new Option<string?>("--from") { Description = "The CRS the coordinates are in, e.g. EPSG:28408." };
        var to = new Option<string?>("--to") { Description = "The CRS to write, e.g. EPSG:32638." };
        var operation = new Option<string?>("--operation")
        {
            Description = "The datum transformation, e.g. EPSG:15865. Required when the CRSs are on different datums; leave it out to see the ones that apply.",
        };
        var commission = new Option<string?>("--commission")
        {
            Description = "A store (GeoPackage file or postgresql:// address): its CRS registry resolves commission codes, and its recorded datum transformation is used when --operation is not given.",
        };
        var input = new Option<string?>("--input") { Description = "The file to read (default: standard input)." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first line with a problem (exit 2)." };
        var delimiter = new Option<string?>("--delimiter")
        {
            Description = "Column separator: ',', ';', 'tab' or 'space' (runs of whitespace). Default: detected per line.",
        };
        var id = new Option<bool>("--id") { Description = "The first column is an identifier (pillar or point number), copied through." };
        var header = new Option<bool>("--header") { Description = "The first line is a header, copied with the target CRS's axis names." };
        var crsFile = new Option<string?>("--crs-file")
        {
            Description = "A commission-defined CRS for this run: a file holding 'CODE +proj=…' or a WKT definition (with its ID/AUTHORITY, or preceded by a code).",
        };
        var command = new Command("transform", "Transform coordinates (CSV or whitespace-separated, each CRS's own axis order) from one CRS to another.")
        {
            from, to, operation, commission, input, strict, delimiter, id, header, crsFile,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.UnmatchedTokens.Count > 0)
            {
                return await FailAsync($"transform: unexpected argument '{parse.UnmatchedTokens[0]}'.");
            }

            var registry = CrsRegistry.Standard;
            string? recorded = null;
            var location = parse.GetValue(commission);
            if (location is not null)
            {
                if (!Demarcate.Storage.Postgres.PostgresStore.IsPostgresLocation(location) && !File.Exists(location))
                {
                    return await FailAsync($"transform: --commission {location}: no such store.");
                }

                // The commission's own CRS definitions resolve like EPSG codes; the operator at the console sees them all.
                await using var store = await Demarcate.Storage.CommissionStores.OpenAsync(location, cancellationToken);
                registry = await store.CrsRegistryAsync(Caller.CommissionSystem, cancellationToken);
                recorded = (await store.GetCommissionAsync(cancellationToken))?.DatumTransformation;
            }

            if (parse.GetValue(crsFile) is { } definitionFile)
            {
                var defined = await ReadCrsFileAsync(definitionFile, cancellationToken);
                if (!defined.Success)
                {
                    return await FailAsync(defined.Problems[0].ToString());
                }

                registry = registry.With(defined.Value);
            }

            var source = Resolve(registry, parse.GetValue(from), "--from");
            var target = Resolve(registry, parse.GetValue(to), "--to");
            if (!source.Success || !target.Success)
            {
                return await FailAsync((source.Success ? target : source).Problems[0].ToString());
            }

            var named = parse.GetValue(operation);
            if (named is null && location is not null && TransformationChoice.NeedsTransformation(source.Value, target.Value))
            {
                // One operation per commission, recorded in its settings: never chosen point by point. Where it does not
                // join these datums (a commission-defined grid with its own shift), the candidates are listed below.
                var applicable = TransformationChoice.Applicable(source.Value, target.Value);
                if (recorded is null && applicable.Count > 0)
                {
                    return await FailAsync($"transform: the commission in {location} records no datum transformation; name one with --operation.");
                }

                named = applicable.Any(t => string.Equals(t.Code.ToString(), recorded, StringComparison.OrdinalIgnoreCase)) ? recorded : null;
            }

            var chosen = TransformationChoice.Choose(source.Value, target.Value, named, "--operation");
            if (!chosen.Success)
            {
                var candidates = TransformationChoice.Applicable(source.Value, target.Value);
                if (parse.GetValue(operation) is null && candidates.Count > 0)
                {
                    var text = new StringBuilder(
                        $"demarcate: transform: {source.Value.Code} ({source.Value.Datum.Name}) and {target.Value.Code} ({target.Value.Datum.Name}) are on different datums; the published transformations between them differ by metres, so none is picked for you. Name one with --operation:");
                    foreach (var t in candidates)
                    {
                        text.AppendLine().Append("  ").Append(TransformationChoice.Describe(t));
                    }

                    await Console.Error.WriteLineAsync(text.ToString());
                    return DemarcateCommand.UserError;
                }

                return await FailAsync(chosen.Problems[0].ToString());
            }

            var separator = ParseDelimiter(parse.GetValue(delimiter));
            if (!separator.Success)
            {
                return await FailAsync(separator.Problems[0].ToString());
            }

            var inputPath = parse.GetValue(input);
            if (inputPath is not null && !File.Exists(inputPath))
            {
                return await FailAsync($"--input: there is no file {inputPath}.");
            }

            var options = new CoordinateTextOptions
            {
                Source = source.Value,
                Target = target.Value,
                DatumTransformation = chosen.Value.DatumTransformation,
                Registry = registry,
                Delimiter = separator.Value,
                LinesCarryId = parse.GetValue(id),
                HasHeader = parse.GetValue(header),
                Strict = parse.GetValue(strict),
                SourceName = inputPath ?? "stdin",
            };
            CoordinateTextReport report;
            using (var reader = inputPath is null
                ? new StreamReader(Console.OpenStandardInput(), Utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16)
                : new StreamReader(inputPath, Utf8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan | FileOptions.Asynchronous }))
            {
                await using var writer = new StreamWriter(Console.OpenStandardOutput(), Utf8, bufferSize: 1 << 16);
                report = await CoordinateTextTransform.TransformAsync(reader, writer, options, cancellationToken);
            }

            return await ReportAsync(report, chosen.Value, options.Strict);
        });
        return command;
    }

    /// <summary>The <c>sheet</c> command: a sheet's corners, or the sheet covering a point at a scale.</summary>
    public static Command Sheet()
    {
        var id = new Argument<string?>("id") { Description = "A sheet name, e.g. K-38-34-А (Cyrillic or Latin letters).", Arity = ArgumentArity.ZeroOrOne };
        var lat = new Option<string?>("--lat") { Description = "Latitude on Pulkovo 1942, decimal degrees (0–60)." };
        var lon = new Option<string?>("--lon") { Description = "Longitude on Pulkovo 1942, decimal degrees." };
        var scale = new Option<string?>("--scale") { Description = "Scale denominator: 1000000, 500000, 200000, 100000, 50000, 25000 or 10000." };
        var command = new Command("sheet", "Print a Soviet map sheet's corners (Pulkovo 1942), or with --lat --lon --scale the sheet covering a point.") { id, lat, lon, scale };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.UnmatchedTokens.Count > 0)
            {
                return await FailAsync($"sheet: unexpected argument '{parse.UnmatchedTokens[0]}'.");
            }

            var name = parse.GetValue(id);
            var (latText, lonText, scaleText) = (parse.GetValue(lat), parse.GetValue(lon), parse.GetValue(scale));
            if (name is not null)
            {
                if (latText is not null || lonText is not null || scaleText is not null)
                {
                    return await FailAsync("sheet: give either a sheet name or --lat, --lon and --scale, not both.");
                }

                var sheet = SheetNomenclature.Parse(name, "sheet");
                if (!sheet.Success)
                {
                    var problem = sheet.Problems[0];
                    return await FailAsync(problem.Column is { } column
                        ? string.Create(CultureInfo.InvariantCulture, $"sheet {name}, column {column}: {problem.Message}")
                        : problem.ToString());
                }

                await Console.Out.WriteAsync(DescribeCorners(sheet.Value).AsMemory(), cancellationToken);
                return 0;
            }

            if (latText is null || lonText is null || scaleText is null)
            {
                return await FailAsync("sheet: give a sheet name (e.g. K-38-34-А), or --lat, --lon and --scale.");
            }

            var at = SheetQuery.Read(latText, lonText, scaleText, "--");
            if (!at.Success)
            {
                return await FailAsync(at.Problems[0].ToString());
            }

            var found = at.Value;
            await Console.Out.WriteLineAsync($"{found} ({found.ToLatinString()})");
            return 0;
        });
        return command;
    }

    private static string DescribeCorners(SheetId sheet)
    {
        var b = sheet.Bounds;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{sheet} ({sheet.ToLatinString()}), scale 1:{ScaleText(sheet.Scale)}, corners on Pulkovo 1942 (EPSG:4284), latitude longitude:")
            .AppendLine();
        foreach (var (corner, latitude, longitude) in new[] { ("SW", b.South, b.West), ("SE", b.South, b.East), ("NE", b.North, b.East), ("NW", b.North, b.West) })
        {
            text.Append(CultureInfo.InvariantCulture, $"{corner} {latitude:F9} {longitude:F9}  {Dms(latitude, 'N', 'S')} {Dms(longitude, 'E', 'W')}").AppendLine();
        }

        return text.ToString();
    }

    /// <summary>A scale denominator grouped in thousands with spaces, as printed on Soviet sheets (1:100 000).</summary>
    private static string ScaleText(SheetScale scale) =>
        ((int)scale).ToString("N0", new NumberFormatInfo { NumberGroupSeparator = " " });

    /// <summary>Degrees, minutes and seconds as on a sheet's margin; sheet corners fall on whole seconds.</summary>
    private static string Dms(double degrees, char positive, char negative)
    {
        var seconds = (long)Math.Round(Math.Abs(degrees) * 3600);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}°{seconds / 60 % 60:00}′{seconds % 60:00}″{(degrees < 0 ? negative : positive)}");
    }

    private static ParseResult<CoordinateReferenceSystem> Resolve(CrsRegistry registry, string? text, string option) =>
        text is null
            ? ParseResult<CoordinateReferenceSystem>.Failed(new InputProblem(option, "is required, e.g. EPSG:28408."))
            : registry.Resolve(text, option);

    private static ParseResult<char?> ParseDelimiter(string? text) => text switch
    {
        null => ParseResult<char?>.Ok(null),
        "space" or "whitespace" or " " => ParseResult<char?>.Ok(' '),
        "tab" or "\\t" or "\t" => ParseResult<char?>.Ok('\t'),
        { Length: 1 } c when c[0] is not ('.' or '-' or '+') && !char.IsAsciiLetterOrDigit(c[0]) => ParseResult<char?>.Ok(c[0]),
        _ => ParseResult<char?>.Failed(new InputProblem("--delimiter", $"'{text}' is not a column separator; use ',', ';', 'tab' or 'space'.")),
    };

    /// <summary>
    /// Reads a commission-defined CRS: "CODE +proj=…", "CODE WKT" or a WKT carrying its own ID. Lines starting with #
    /// are comments.
    /// </summary>
    private static async Task<ParseResult<CoordinateReferenceSystem>> ReadCrsFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return ParseResult<CoordinateReferenceSystem>.Failed(new InputProblem("--crs-file", $"there is no file {path}."));
        }

        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        var text = string.Join('\n', lines.Where(l => !l.TrimStart().StartsWith('#'))).Trim();
        if (text.Length == 0)
        {
            return ParseResult<CoordinateReferenceSystem>.Failed(new InputProblem(path, "the file holds no CRS definition."));
        }

        var firstSpace = text.IndexOfAny([' ', '\t', '\n']);
        var bracket = text.IndexOf('[', StringComparison.Ordinal);
        var startsWithWkt = bracket > 0 && (firstSpace < 0 || bracket < firstSpace);
        if (startsWithWkt)
        {
            return CrsDefinition.FromWkt(text, null, path);
        }

        if (text.StartsWith('+') || firstSpace < 0)
        {
            return ParseResult<CoordinateReferenceSystem>.Failed(new InputProblem(path,
                "put the CRS's code before its definition, e.g. 'DEMARCATE:LOCAL1 +proj=tmerc …'."));
        }

        var code = CrsCode.Parse(text[..firstSpace], path);
        if (!code.Success)
        {
            return ParseResult<CoordinateReferenceSystem>.Failed(code.Problems);
        }

        var definition = text[(firstSpace + 1)..].Trim();
        return definition.StartsWith('+')
            ? CrsDefinition.FromProjString(definition.Replace('\n', ' '), code.Value, null, path)
            : CrsDefinition.FromWkt(definition, code.Value, path);
    }

    private static async Task<int> ReportAsync(CoordinateTextReport report, CoordinateOperation operation, bool strict)
    {
        var error = Console.Error;
        foreach (var problem in report.Problems)
        {
            await error.WriteLineAsync(problem.ToString());
        }

        if (report.ProblemsNotListed > 0)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"… and {report.ProblemsNotListed} more problems not listed."));
        }

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"demarcate: transform: {report.PointsWritten} points written ({report.PointsFlagged} flagged), {report.LinesRejected} lines left out, by {operation.Name}.");
        if (report.StoppedEarly)
        {
            await error.WriteLineAsync(summary + " Stopped at the first problem (--strict).");
            return DemarcateCommand.UserError;
        }

        if (report.Problems.Count > 0 || report.ProblemsNotListed > 0)
        {
            await error.WriteLineAsync(summary);
            return SomeLinesHadProblems;
        }

        return 0;
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync("demarcate: " + message);
        return DemarcateCommand.UserError;
    }
}
