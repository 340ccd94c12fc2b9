using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Formats;
using Demarcate.Formats.Exchange;
using Demarcate.Formats.Import;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary>
/// <c>demarcate dataset export|import</c>: the whole record (or one section or sector) as a GeoPackage, GeoJSON, KML
/// for Google Earth or a zip of CSV files, and such a file back, whole into an empty store or as a delegation's drafts.
/// </summary>
internal static class DatasetCommands
{
    public static Command Dataset()
    {
        var command = new Command("dataset", "Exchange the commission's whole dataset (or one section or sector) with QGIS, Google Earth, GDAL and spreadsheets.");
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Import());
        return command;
    }

    private static Command Export()
    {
        var format = new Option<string>("--format") { Description = "gpkg, geojson, kml or csv (a zip of one CSV per layer).", Required = true };
        var section = new Option<string?>("--section") { Description = "Only this section: its sectors, break points, lines and their sources." };
        var sector = new Option<string?>("--sector") { Description = "Only this sector, its break points, its section and that section's lines." };
        var drafts = new Option<bool>("--drafts") { Description = "Include the delegations' drafts (by default only what the commission sees: submitted and published records)." };
        var output = new Option<string>("--output", "-o") { Description = "The file to write.", Required = true };
        var command = new Command("export", "Write every record as layers: commission, sections, sources, boundary_lines, sector_breaks, sectors.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, format, section, sector, drafts, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = FeatureFormats.Parse(parse.GetValue(format));
            if (chosen is null || !DatasetWriter.Formats.Contains(chosen.Value))
            {
                return await FailAsync($"dataset export: --format {parse.GetValue(format)}: write gpkg, geojson, kml or csv.");
            }

            await using var store = await CommissionStores.OpenAsync(DemarcateCommand.StoreLocation(parse), cancellationToken);
            var scope = new DatasetScope(parse.GetValue(section), parse.GetValue(sector), WithoutDrafts: !parse.GetValue(drafts));
            var dataset = await DatasetExchange.ExportAsync(store, Caller.CommissionSystem, scope, cancellationToken);
            if (!dataset.Success)
            {
                return await FailAsync("dataset export: " + dataset.Problems[0]);
            }

            var target = parse.GetValue(output)!;

            // Written beside the target first, so that a failure leaves no half-written file under its name.
            var partial = target + ".partial";
            await using (var file = File.Create(partial))
            {
                await DatasetWriter.WriteAsync(file, dataset.Value, chosen.Value, cancellationToken);
            }

            File.Move(partial, target, overwrite: true);
            var counts = string.Join(", ", dataset.Value.Layers.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Features.Count} {l.Schema.Name}")));
            Console.WriteLine($"Exported {counts} to {Path.GetFullPath(target)}.");
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("FILE") { Description = "A dataset file: .gpkg (ours, or one GDAL wrote), .geojson, .kml (ours, or one GDAL wrote), or .csv.zip." };
        var format = new Option<string?>("--format") { Description = "gpkg, geojson, kml or csv (default: from the file's extension)." };
        var owner = new Option<string?>("--owner") { Description = "Import the file's lines as this delegation's drafts (e.g. AM) instead of loading the whole dataset into an empty store." };
        var maxSize = new Option<long>("--max-size") { Description = "The largest file imported, in MiB.", DefaultValueFactory = _ => LineImportRequest.DefaultMaximumBytes / (1024 * 1024) };
        var command = new Command("import", "Load a dataset whole into an empty store, or its lines as a delegation's drafts; every record is checked first and nothing is written unless all pass.")
        {
            file, DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, format, owner, maxSize,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                return await FailAsync($"dataset import: there is no file {path}.");
            }

            var chosen = parse.GetValue(format) is { } named ? FeatureFormats.Parse(named) : FormatOf(path);
            if (chosen is null)
            {
                return await FailAsync($"dataset import: cannot tell the format of {Path.GetFileName(path)}; name it with --format gpkg, geojson, kml or csv.");
            }

            var name = Path.GetFileName(path);
            ParseResult<ExchangeDataset> read;
            await using (var stream = File.OpenRead(path))
            {
                read = await DatasetReader.ReadAsync(stream, name, chosen.Value, parse.GetValue(maxSize) * 1024 * 1024, cancellationToken);
            }

            if (!read.Success)
            {
                return await ProblemsAsync(read.Problems, name);
            }

            PartyCode? party = parse.GetValue(owner) is { } o ? new PartyCode(o) : null;
            var location = DemarcateCommand.StoreLocation(parse);
            await using var store = await CommissionStores.OpenForWritingAsync(location, parse.GetValue(DemarcateCommand.JournalKeyOption), cancellationToken);
            if (party is { } p && await store.GetCommissionAsync(cancellationToken) is { } commission && !commission.Parties.Any(x => x.Code == p && x.Role == PartyRole.State))
            {
                return await FailAsync($"dataset import: --owner {p.Value}: the delegations are {string.Join(", ", commission.Parties.Where(x => x.Role == PartyRole.State).Select(x => x.Code.Value))}.");
            }

            var result = await DatasetExchange.ImportAsync(store, Caller.CommissionSystem, read.Value, name, party, cancellationToken);
            if (!result.Success)
            {
                return await ProblemsAsync(result.Problems, name);
            }

            var r = result.Value;
            if (r.IntoEmptyStore)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded {name} into {store.Description}: {r.Sections} sections, {r.Sources} sources, {r.LineIds.Count} lines, {r.BreakPoints} break points, {r.Sectors} sectors."));
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Imported {r.LineIds.Count} lines as drafts of {party!.Value.Value}: {string.Join(", ", r.LineIds)}."));
                if (r.NotImported.Count > 0)
                {
                    Console.WriteLine($"Left as they are in the record (the commission's, not a delegation's): {string.Join(", ", r.NotImported)}.");
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The format of a dataset file from its name; <c>.csv.zip</c> and <c>.zip</c> are the CSV layers.</summary>
    internal static FeatureFormat? FormatOf(string path) =>
        path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? FeatureFormat.Csv : FeatureFormats.FromPath(path);

    private static async Task<int> ProblemsAsync(IReadOnlyList<InputProblem> problems, string name)
    {
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync(problem.ToString());
        }

        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"demarcate: dataset import: nothing was imported ({problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {name})."));
        return DemarcateCommand.UserError;
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync("demarcate: " + message);
        return DemarcateCommand.UserError;
    }
}
