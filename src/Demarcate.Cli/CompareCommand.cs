using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Formats.Comparison;
using Demarcate.Formats.GeoJson;
using Demarcate.Storage;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Cli;

/// <summary><c>demarcate compare A B</c>: the discrepancy polygons and distances between two lines of one section.</summary>
internal static class CompareCommand
{
    public static Command Compare()
    {
        var a = new Argument<string>("A") { Description = "Line A (extents are measured along it): a line id in the store, or a GeoJSON file." };
        var b = new Argument<string>("B") { Description = "Line B: a line id in the store, or a GeoJSON file." };
        var section = new Option<string?>("--section") { Description = "The section, where a GeoJSON file holds lines of several (its features' \"section\" property); the lines must belong to it." };
        var from = new Option<string?>("--from") { Description = "Compare from here: a break or turning point id of the section, or a distance along line A in km (default: the start)." };
        var to = new Option<string?>("--to") { Description = "Compare up to here: a break or turning point id, or a distance along line A in km (default: the end)." };
        var sectors = new Option<bool>("--sectors") { Description = "Also compare sector by sector (a per-sector table with net area gained, and Fréchet distances)." };
        var format = new Option<string>("--format") { Description = "json, geojson, csv or gpkg (a GeoPackage: needs --output).", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "geojson", "csv", "gpkg");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: standard output; required for gpkg)." };
        var features = new Option<FileInfo?>("--features") { Description = "A GeoJSON layer (points, lines, polygons, e.g. settlements or roads): list what lies in each polygon and which linear features each line crosses (json and geojson)." };
        var command = new Command("compare", "Compare two lines of a section: discrepancy polygons, areas, whose side, significance, distances.")
        {
            a, b, DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, section, from, to, sectors, format, features, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(output);
            if (parse.GetValue(format) == "gpkg" && target is null)
            {
                // SQLite writes files, and a GeoPackage on a terminal helps no one.
                await Console.Error.WriteLineAsync("demarcate: --format gpkg writes a file: name it with --output (-o)");
                return DemarcateCommand.UserError;
            }

            await using var store = await CommissionStores.OpenAsync(DemarcateCommand.StoreLocation(parse), cancellationToken);

            // The CLI is the commission's own system on a store it holds, as for `demarcate sectors`.
            var caller = Caller.CommissionSystem;
            var lineA = await ResolveAsync(store, caller, parse.GetValue(a)!, parse.GetValue(section), cancellationToken);
            if (lineA is null)
            {
                return DemarcateCommand.UserError;
            }

            var lineB = await ResolveAsync(store, caller, parse.GetValue(b)!, parse.GetValue(section) ?? lineA.SectionId, cancellationToken);
            if (lineB is null)
            {
                return DemarcateCommand.UserError;
            }

            if (parse.GetValue(section) is { } sectionId && lineA.SectionId != sectionId)
            {
                await Console.Error.WriteLineAsync($"demarcate: --section {sectionId}: line {lineA.Id} belongs to section {lineA.SectionId}");
                return DemarcateCommand.UserError;
            }

            var stretch = parse.GetValue(from) is not null || parse.GetValue(to) is not null;
            if (stretch && parse.GetValue(sectors))
            {
                await Console.Error.WriteLineAsync("demarcate: --sectors compares whole sectors; leave out --from/--to, or compare the stretch alone");
                return DemarcateCommand.UserError;
            }

            var result = stretch
                ? await StoredLineComparison.CompareStretchAsync(store, caller, lineA, lineB, parse.GetValue(from), parse.GetValue(to), cancellationToken)
                : await StoredLineComparison.CompareAsync(store, caller, lineA, lineB, parse.GetValue(sectors), cancellationToken);
            FeatureReport? report = null;
            if (parse.GetValue(features) is { } layerFile)
            {
                await using var layerStream = layerFile.OpenRead();
                var layer = await FeatureLayer.ReadAsync(layerStream, layerFile.Name, cancellationToken);
                if (!layer.Success)
                {
                    foreach (var problem in layer.Problems)
                    {
                        await Console.Error.WriteLineAsync("demarcate: " + problem);
                    }

                    return DemarcateCommand.UserError;
                }

                report = result.Features(result.Whole, layer.Value);
            }

            if (parse.GetValue(format) == "gpkg")
            {
                // Written beside the target first, so that a failure leaves no half-written file under its name.
                var partial = target + ".partial";
                await ComparisonGeoPackage.WriteAsync(partial, result.Section, result.Whole, result.Sectors, [lineA, lineB], cancellationToken);
                File.Move(partial, target!, overwrite: true);
                var written = result.Sectors.Count > 0 ? result.Sectors.Sum(s => s.Comparison.Polygons.Count) : result.Whole.Polygons.Count;
                await Console.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Wrote {written} discrepancy polygons of {lineA.Id} and {lineB.Id} to {Path.GetFullPath(target!)}."));
                return 0;
            }

            await using var stream = target is null ? Console.OpenStandardOutput() : File.Create(target);
            switch (parse.GetValue(format))
            {
                case "csv":
                    await using (var text = new StreamWriter(stream))
                    {
                        await ComparisonWriter.WriteCsvAsync(text, result.Whole, result.Sectors, cancellationToken);
                    }

                    break;
                default:
                    await using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                    {
                        if (parse.GetValue(format) == "geojson")
                        {
                            ComparisonWriter.WriteGeoJson(json, result.Section, result.Whole, result.Sectors, report);
                        }
                        else
                        {
                            ComparisonWriter.WriteJson(json, result.Section, result.Whole, result.Sectors, report);
                        }
                    }

                    await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
                    break;
            }

            return 0;
        });
        return command;
    }

    /// <summary>A line of the store by id, or the line of a GeoJSON file (for <paramref name="sectionId"/> when it holds several).</summary>
    private static async Task<BoundaryLine?> ResolveAsync(ICommissionStore store, Caller caller, string reference, string? sectionId, CancellationToken cancellationToken)
    {
        if (!File.Exists(reference))
        {
            return await store.GetLineAsync(caller, reference, cancellationToken) ?? throw new RecordNotFoundException("line", reference);
        }

        await using var stream = File.OpenRead(reference);
        var read = await GeoJsonReader.ReadAllAsync(stream, reference, cancellationToken);
        if (!read.Success)
        {
            foreach (var problem in read.Problems)
            {
                await Console.Error.WriteLineAsync("demarcate: " + problem);
            }

            return null;
        }

        var candidates = read.Value
            .Where(f => f.Geometry is LineString or MultiLineString)
            .Where(f => sectionId is null || (f.Properties.TryGetValue("section", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : sectionId) == sectionId)
            .ToList();
        if (candidates.Count != 1)
        {
            await Console.Error.WriteLineAsync($"demarcate: {reference}: {candidates.Count} line features{(sectionId is null ? "" : " for section " + sectionId)}; name one section with --section");
            return null;
        }

        var feature = candidates[0];
        var section = feature.Properties.TryGetValue("section", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : sectionId;
        if (section is null)
        {
            await Console.Error.WriteLineAsync($"demarcate: {reference}: the line has no \"section\" property; give --section");
            return null;
        }

        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var geometry = feature.Geometry as MultiLineString ?? factory.CreateMultiLineString([(LineString)feature.Geometry!]);
        return new BoundaryLine(Path.GetFileName(reference), section, LineKind.SourceLine, Path.GetFileName(reference), geometry);
    }
}
