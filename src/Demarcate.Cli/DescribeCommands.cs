using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Delimitation;
using Demarcate.Formats.GeoJson;
using Demarcate.Storage.Seeding;
using NetTopologySuite.Geometries;

namespace Demarcate.Cli;

/// <summary>
/// <c>demarcate describe text|resolve|table|protocol|map FILE</c>: a boundary description's canonical text checked and
/// rewritten, resolved into the line it defines, tabulated in several CRSs, rendered as its protocol-description or drawn
/// as its map annex. Works on files; no store is needed. The stored
/// versions (save, versions, show, diff) are <see cref="DescribeStoreCommands"/>.
/// </summary>
public static class DescribeCommands
{
    /// <summary>Exit code when the description was read but is not consistent: the output is written as a draft and the problems listed.</summary>
    public const int Inconsistent = 1;

    public static Command Describe()
    {
        var command = new Command("describe", "Boundary descriptions (delimitation): the treaty line from its canonical text, and its turning-point table.");
        command.Subcommands.Add(Text());
        command.Subcommands.Add(Resolve());
        command.Subcommands.Add(Table());
        command.Subcommands.Add(Protocol());
        command.Subcommands.Add(Map());
        foreach (var stored in DescribeStoreCommands.Commands())
        {
            command.Subcommands.Add(stored);
        }

        return command;
    }

    private static Argument<string> FileArgument() => new("FILE") { Description = "The description's canonical text (see docs/delimitation.md)." };

    private static Option<string[]> ReferenceOption() => new("--reference")
    {
        Description = "A GeoJSON file of the reference lines legs follow: each LineString (or MultiLineString part) named by its \"name\" property.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<string> FormatOption(string defaultFormat, params string[] formats)
    {
        var option = new Option<string>("--format") { Description = "Output format: " + string.Join(" or ", formats) + ".", DefaultValueFactory = _ => defaultFormat };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    private static Command Text()
    {
        var file = FileArgument();
        var command = new Command("text", "Check a description's canonical text and write it back in canonical form.") { file };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var description = await ReadAsync(parse.GetValue(file)!, cancellationToken);
            Console.Write(DescriptionText.Write(description));
            return 0;
        });
        return command;
    }

    private static Command Resolve()
    {
        var file = FileArgument();
        var references = ReferenceOption();
        var format = FormatOption("geojson", "geojson");
        var command = new Command("resolve", "Resolve a description into its line on WGS 84 (GeoJSON: a LineString per leg, a Point per turning point); problems go to standard error and exit 1.")
        {
            file, references, format,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var resolved = await ResolveAsync(parse.GetValue(file)!, parse.GetValue(references) ?? [], cancellationToken);
            await using (var output = Console.OpenStandardOutput())
            {
                await GeoJsonWriter.WriteAsync(output, Features(resolved), cancellationToken: cancellationToken);
            }

            Console.WriteLine();
            return await ReportAsync(resolved);
        });
        return command;
    }

    private static Command Table()
    {
        var file = FileArgument();
        var references = ReferenceOption();
        var format = FormatOption("csv", [.. DelimitationDocuments.TableFormats]);
        var output = OutputOption();
        var language = LanguageOption();
        var crs = new Option<string?>("--crs") { Description = "An extra column pair in this CRS (e.g. a national grid, EPSG:2936), after WGS 84, UTM and Pulkovo 1942 Gauss–Krüger." };
        var operation = new Option<string?>("--operation") { Description = "The datum transformation for --crs when it is not on WGS 84, e.g. EPSG:15865." };
        var pulkovo = new Option<string>("--pulkovo-operation")
        {
            Description = "The datum transformation for the Pulkovo 1942 Gauss–Krüger column.",
            DefaultValueFactory = _ => "EPSG:15865",
        };
        var command = new Command("table", "The turning-point table in WGS 84 (DMS and decimal), UTM, Pulkovo 1942 Gauss–Krüger and an optional CRS, each column naming its transformation.")
        {
            file, references, format, output, language, crs, operation, pulkovo,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var resolved = await ResolveAsync(parse.GetValue(file)!, parse.GetValue(references) ?? [], cancellationToken);
            if (resolved.TurningPoints.Count == 0)
            {
                await ReportAsync(resolved);
                throw new CommandRefusalException("table: no turning point has a usable position.");
            }

            var near = resolved.TurningPoints[resolved.Description.TurningPoints.First(p => resolved.TurningPoints.ContainsKey(p.Id)).Id];
            var pulkovoCode = parse.GetValue(pulkovo)!;
            var pulkovoCheck = TransformationChoice.Choose(CrsRegistry.Standard.Find(CrsCode.Epsg(4284))!, CrsRegistry.Wgs84, pulkovoCode, "--pulkovo-operation");
            if (!pulkovoCheck.Success)
            {
                throw new CommandRefusalException(pulkovoCheck.Problems[0].ToString());
            }

            var columns = TableColumn.Standard(CrsRegistry.Standard, near, pulkovoCode).ToList();
            if (parse.GetValue(crs) is { } extra)
            {
                var column = TableColumn.Create(CrsRegistry.Standard, extra, parse.GetValue(operation));
                if (!column.Success)
                {
                    throw new CommandRefusalException("--crs: " + column.Problems[0].Message);
                }

                columns.Add(column.Value);
            }

            var table = TurningPointTable.Build(resolved, columns);
            await WriteAsync(parse.GetValue(output), parse.GetValue(format)!, stream =>
                DelimitationDocuments.WriteTableAsync(table, resolved.Description.Title, Catalogue(parse.GetValue(language)!), parse.GetValue(format)!, stream, cancellationToken), cancellationToken);
            return await ReportAsync(resolved);
        });
        return command;
    }

    private static Command Protocol()
    {
        var file = FileArgument();
        var references = ReferenceOption();
        var format = FormatOption("txt", [.. DelimitationDocuments.ProtocolFormats]);
        var output = OutputOption();
        var language = LanguageOption();
        var (gazetteer, left, right) = (GazetteerOption(), PartyOption("--left"), PartyOption("--right"));
        var command = new Command("protocol", "The protocol-description: the line leg by leg in words (lengths, azimuths, named places beside it), as txt, docx or pdf.")
        {
            file, references, format, output, language, gazetteer, left, right,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var resolved = await ResolveAsync(parse.GetValue(file)!, parse.GetValue(references) ?? [], cancellationToken);
            var places = await GazetteerAsync(parse.GetValue(gazetteer), cancellationToken);
            var parties = await PartiesAsync(resolved, places, parse.GetValue(left), parse.GetValue(right), cancellationToken);
            await WriteAsync(parse.GetValue(output), parse.GetValue(format)!, stream =>
                DelimitationDocuments.WriteProtocolAsync(resolved, places, parties, Catalogue(parse.GetValue(language)!), parse.GetValue(format)!, stream, cancellationToken), cancellationToken);
            return await ReportAsync(resolved);
        });
        return command;
    }

    private static Command Map()
    {
        var file = FileArgument();
        var references = ReferenceOption();
        var output = OutputOption();
        output.Required = true;
        var language = LanguageOption();
        var scale = new Option<int>("--scale") { Description = "The map scale's denominator: " + string.Join(", ", MapAnnex.Scales) + ".", DefaultValueFactory = _ => 50_000 };
        scale.AcceptOnlyFromAmong([.. MapAnnex.Scales.Select(s => s.ToString(CultureInfo.InvariantCulture))]);
        var (gazetteer, left, right) = (GazetteerOption(), PartyOption("--left"), PartyOption("--right"));
        var command = new Command("map", "The delimitation map annex as PDF: sheets of the line at a scale with the UTM grid, turning points, places, both parties' names, scale bar, north arrow and legend.")
        {
            file, references, output, language, scale, gazetteer, left, right,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var resolved = await ResolveAsync(parse.GetValue(file)!, parse.GetValue(references) ?? [], cancellationToken);
            if (resolved.Legs.Count == 0)
            {
                await ReportAsync(resolved);
                throw new CommandRefusalException("map: no leg of the description could be resolved, so there is no line to draw.");
            }

            var places = await GazetteerAsync(parse.GetValue(gazetteer), cancellationToken);
            var parties = await PartiesAsync(resolved, places, parse.GetValue(left), parse.GetValue(right), cancellationToken);
            await WriteAsync(parse.GetValue(output), "pdf", stream =>
                MapAnnex.WriteAsync(resolved, places, Catalogue(parse.GetValue(language)!), parse.GetValue(scale), parties, stream, cancellationToken), cancellationToken);
            return await ReportAsync(resolved);
        });
        return command;
    }

    private static Option<string?> OutputOption() => new("--output", "-o") { Description = "The file to write (default: standard output)." };

    private static Option<string> LanguageOption()
    {
        var option = new Option<string>("--language") { Description = "The document's language: " + string.Join(", ", ProtocolCatalogue.Languages) + " (Armenian and Azerbaijani fall back to English where not yet translated).", DefaultValueFactory = _ => "en" };
        option.AcceptOnlyFromAmong([.. ProtocolCatalogue.Languages]);
        return option;
    }

    private static Option<string?> GazetteerOption() => new("--gazetteer")
    {
        Description = "A GeoJSON file of named places (name, country, population, featureCode) to name beside the line; default: the demo's GeoNames settlements.",
    };

    private static Option<string?> PartyOption(string name) => new(name)
    {
        Description = $"The name of the party on the {name[2..]} of the line as described; default: found from the gazetteer's countries on each side.",
    };

    private static ProtocolCatalogue Catalogue(string language) =>
        ProtocolCatalogue.For(language) ?? throw new CommandRefusalException($"--language: there is no catalogue for {language}.");

    private static async Task<IReadOnlyList<NamedFeature>> GazetteerAsync(string? path, CancellationToken cancellationToken)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new CommandRefusalException($"--gazetteer: there is no file {path}.");
        }

        await using var stream = path is null ? DemoCommission.OpenSettlements() : File.OpenRead(path);
        var read = await GazetteerFile.ReadAsync(stream, path ?? "demo settlements", cancellationToken);
        return read.Success ? read.Value : throw new CommandRefusalException(read.Problems[0].ToString());
    }

    /// <summary>The names given, else the gazetteer's countries by side named after the demo commission's parties.</summary>
    private static async Task<(string? Left, string? Right)> PartiesAsync(ResolvedDescription resolved, IReadOnlyList<NamedFeature> places, string? left, string? right, CancellationToken cancellationToken)
    {
        if (left is not null && right is not null)
        {
            return (left, right);
        }

        var commission = (await DemoCommission.BuildAsync(cancellationToken)).Commission;
        var found = DelimitationDocuments.Parties(resolved, places, code => commission.Find(new PartyCode(code))?.Name);
        return (left ?? found.Left, right ?? found.Right);
    }

    /// <summary>Writes a document to the file, or to standard output; a binary document needs a file unless output is redirected.</summary>
    private static async Task WriteAsync(string? path, string format, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            if (format is "docx" or "xlsx" or "pdf" && !Console.IsOutputRedirected)
            {
                throw new CommandRefusalException($"A {format} document is binary: give --output FILE (or redirect standard output).");
            }

            await using var stdout = Console.OpenStandardOutput();
            await write(stdout);
            return;
        }

        await using (var file = File.Create(path))
        {
            await write(file);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task<BoundaryDescription> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CommandRefusalException($"There is no file {path}.");
        }

        var read = DescriptionText.Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
        if (!read.Success)
        {
            foreach (var problem in read.Problems.Skip(1))
            {
                await Console.Error.WriteLineAsync(problem.ToString());
            }

            throw new CommandRefusalException(read.Problems[0].ToString());
        }

        return read.Value;
    }

    private static async Task<ResolvedDescription> ResolveAsync(string path, string[] referenceFiles, CancellationToken cancellationToken)
    {
        var description = await ReadAsync(path, cancellationToken);
        var references = new List<ReferenceLine>();
        foreach (var referenceFile in referenceFiles)
        {
            references.AddRange(await ReadReferencesAsync(referenceFile, cancellationToken));
        }

        var duplicate = references.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CommandRefusalException($"--reference: more than one reference line is named \"{duplicate.Key}\".");
        }

        return new DescriptionResolver(CrsRegistry.Standard, references).Resolve(description);
    }

    /// <summary>Each LineString, or each part of a MultiLineString ("name part 2" when there are several), as a reference line.</summary>
    private static async Task<List<ReferenceLine>> ReadReferencesAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CommandRefusalException($"--reference: there is no file {path}.");
        }

        await using var stream = File.OpenRead(path);
        var read = await GeoJsonReader.ReadAllAsync(stream, path, cancellationToken);
        if (!read.Success)
        {
            throw new CommandRefusalException(read.Problems[0].ToString());
        }

        var lines = new List<ReferenceLine>();
        foreach (var feature in read.Value)
        {
            var name = feature.Properties.TryGetValue("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!
                : feature.Id ?? string.Create(CultureInfo.InvariantCulture, $"feature {feature.Index}");
            var parts = feature.Geometry switch
            {
                LineString single => [single],
                MultiLineString multi => multi.Geometries.Cast<LineString>().ToList(),
                _ => new List<LineString>(),
            };
            for (var k = 0; k < parts.Count; k++)
            {
                var partName = parts.Count == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name} part {k + 1}");
                lines.Add(new ReferenceLine(partName, parts[k].Coordinates.Select(c => new GeoPoint(c.Y, c.X)).ToList()));
            }
        }

        return lines;
    }

    private static IEnumerable<GeoJsonFeature> Features(ResolvedDescription resolved)
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var index = 0;
        foreach (var leg in resolved.Legs)
        {
            var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                ["from"] = JsonSerializer.SerializeToElement(leg.Leg.From),
                ["to"] = JsonSerializer.SerializeToElement(leg.Leg.To),
                ["kind"] = JsonSerializer.SerializeToElement(leg.Leg.Kind.ToString()),
                ["length_m"] = JsonSerializer.SerializeToElement(Math.Round(leg.Length, 3)),
                ["azimuth_deg"] = JsonSerializer.SerializeToElement(Math.Round((leg.Azimuth % 360 + 360) % 360, 6)), // 0–360° as surveyors write it
                ["max_chord_deviation_m"] = JsonSerializer.SerializeToElement(Math.Round(leg.MaxChordDeviation, 6)),
            };
            Optional(properties, "grid", leg.Leg.Grid?.ToString());
            Optional(properties, "reference", leg.Leg.Reference);
            Optional(properties, "source", leg.Leg.Source);
            Optional(properties, "defined_by", leg.Leg.DefinedBy);
            var line = factory.CreateLineString(leg.Points.Select(p => new Coordinate(p.Longitude, p.Latitude)).ToArray());
            yield return new GeoJsonFeature(index++, null, line, properties);
        }

        foreach (var point in resolved.Description.TurningPoints)
        {
            if (!resolved.TurningPoints.TryGetValue(point.Id, out var at))
            {
                continue;
            }

            var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                ["turning_point"] = JsonSerializer.SerializeToElement(point.Id),
                ["fixed_by"] = JsonSerializer.SerializeToElement(point.FixedBy.ToString().ToLowerInvariant()),
                ["stated_crs"] = JsonSerializer.SerializeToElement(point.Position.Crs.ToString()),
            };
            yield return new GeoJsonFeature(index++, point.Id, factory.CreatePoint(new Coordinate(at.Longitude, at.Latitude)), properties);
        }
    }

    private static void Optional(Dictionary<string, JsonElement> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties[name] = JsonSerializer.SerializeToElement(value);
        }
    }

    /// <summary>Lists the problems on standard error; the description is then only a draft.</summary>
    private static async Task<int> ReportAsync(ResolvedDescription resolved)
    {
        foreach (var problem in resolved.Problems)
        {
            await Console.Error.WriteLineAsync(problem.ToString());
        }

        return resolved.IsConsistent ? 0 : Inconsistent;
    }
}
