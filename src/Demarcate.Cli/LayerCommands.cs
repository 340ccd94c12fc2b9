using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.ReferenceLayers;
using Demarcate.Formats;
using Demarcate.Formats.Import;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary><c>demarcate layers list|import|export|delete</c>: the reference layers the commission keeps (settlements, roads, railways, rivers).</summary>
internal static class LayerCommands
{
    public static Command Layers() => new("layers", "Reference layers the commission keeps: settlements, roads, railways, rivers.")
    {
        List(),
        Import(),
        Export(),
        Delete(),
    };

    /// <summary>Reading needs no account: whoever holds the store reads it as the commission (as `pillars plan` does).</summary>
    private static Caller Reader(Caller caller) => caller.IsSignedIn ? caller : Caller.CommissionSystem;

    private static Command List()
    {
        var command = new Command("list", "List the reference layers: id, kind, features, version, CRS received, source and licence.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using (store)
            {
                Console.WriteLine("id\tkind\tfeatures\tversion\treceived_crs\ttitle\tsource\tlicence");
                foreach (var l in await store.ListReferenceLayersAsync(Reader(caller), cancellationToken))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{l.Id}\t{l.Kind.ToString().ToLowerInvariant()}\t{l.FeatureCount}\t{l.Version}\t{l.ReceivedCrs}\t{l.Title}\t{l.Source}\t{l.Licence}"));
                }
            }

            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "GeoJSON, KML or GeoPackage (CSV and WKT too) of points, lines or polygons." };
        var name = new Option<string>("--name") { Description = "The layer's id, e.g. rivers-osm (lower-case letters, digits, '-', '_').", Required = true };
        var kind = new Option<string>("--kind") { Description = "settlements, roads, railways, rivers or other.", Required = true };
        var title = new Option<string?>("--title") { Description = "What the layer is called on screen (default: its id)." };
        var source = new Option<string>("--source") { Description = "Where the data came from.", Required = true };
        var licence = new Option<string>("--licence") { Description = "The data's licence and attribution.", Required = true };
        var crs = new Option<string?>("--crs") { Description = "The CRS of the coordinates (CSV, WKT; a GeoPackage states its own; GeoJSON and KML are WGS 84)." };
        var axisOrder = new Option<string?>("--axis-order") { Description = "lonlat, latlon, en or ne, when the file's order differs from its CRS's." };
        var operation = new Option<string?>("--operation") { Description = "The datum transformation to WGS 84, e.g. EPSG:15865." };
        var layer = new Option<string?>("--layer") { Description = "The GeoPackage feature table to read, when there are several." };
        var format = new Option<string?>("--format") { Description = "geojson, kml or gpkg (default: from the file's extension)." };
        var replace = new Option<int?>("--replace") { Description = "Replace the layer of this id, naming the version it is at (see `layers list`)." };
        var maxSize = new Option<long>("--max-size") { Description = "Refuse files larger than this many bytes.", DefaultValueFactory = _ => ReferenceLayerImportRequest.DefaultMaximumBytes };
        var command = new Command("import", "Load a file as a reference layer (or replace one), all or nothing; bad features are reported by file, feature and line.")
        {
            file, name, kind, title, source, licence, crs, axisOrder, operation, layer, format, replace, maxSize,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var layerKind = ReferenceLayer.ParseKind(parse.GetValue(kind));
            if (layerKind is null)
            {
                await Console.Error.WriteLineAsync($"demarcate: --kind: '{parse.GetValue(kind)}' is not settlements, roads, railways, rivers or other");
                return DemarcateCommand.UserError;
            }

            var fileFormat = parse.GetValue(format) is { } named ? FeatureFormats.Parse(named) : FeatureFormats.FromPath(path.Name);
            if (fileFormat is null)
            {
                await Console.Error.WriteLineAsync($"demarcate: {path.Name}: name the format with --format geojson|kml|gpkg");
                return DemarcateCommand.UserError;
            }

            AxisOrder? order = null;
            if (parse.GetValue(axisOrder) is { } axes)
            {
                var parsed = LineImportRequest.ParseAxisOrder(axes);
                if (!parsed.Success)
                {
                    return await FailAsync(parsed.Problems);
                }

                order = parsed.Value;
            }

            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"demarcate: {path.FullName}: no such file");
                return DemarcateCommand.UserError;
            }

            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: true, cancellationToken);
            await using (store)
            {
                var id = parse.GetValue(name)!;
                var wanted = new ReferenceLayer(id, parse.GetValue(title) ?? id, layerKind.Value)
                {
                    Source = parse.GetValue(source)!,
                    Licence = parse.GetValue(licence)!,
                };
                await using var stream = path.OpenRead();
                var imported = await ReferenceLayerFileImport.ImportAsync(
                    store,
                    caller,
                    stream,
                    wanted,
                    new ReferenceLayerImportRequest
                    {
                        SourceName = path.Name,
                        Format = fileFormat.Value,
                        Crs = parse.GetValue(crs),
                        AxisOrder = order,
                        Operation = parse.GetValue(operation),
                        Layer = parse.GetValue(layer),
                        MaximumBytes = parse.GetValue(maxSize),
                    },
                    parse.GetValue(replace),
                    cancellationToken);
                if (!imported.Success)
                {
                    return await FailAsync(imported.Problems);
                }

                var (loaded, plan) = imported.Value;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{loaded.Id}: {loaded.FeatureCount} features, version {loaded.Version} ({plan.Operation})"));
            }

            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var id = new Argument<string>("LAYER") { Description = "The layer's id." };
        var format = new Option<string>("--format") { Description = "geojson or kml.", DefaultValueFactory = _ => "geojson" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "The file to write (default: standard output)." };
        var command = new Command("export", "Write a reference layer's features (WGS 84) as GeoJSON or KML.")
        {
            id, format, output, DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fileFormat = FeatureFormats.Parse(parse.GetValue(format));
            if (fileFormat is not { } chosen || !ReferenceLayerExport.Formats.Contains(chosen))
            {
                await Console.Error.WriteLineAsync($"demarcate: --format: '{parse.GetValue(format)}' is not geojson or kml");
                return DemarcateCommand.UserError;
            }

            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using (store)
            {
                var layerId = parse.GetValue(id)!;
                var features = await store.ReadReferenceFeaturesAsync(Reader(caller), layerId, null, cancellationToken);
                if (parse.GetValue(output) is { } target)
                {
                    // Written beside the target first, so that a failure leaves no half-written file under its name.
                    var partial = target.FullName + ".partial";
                    await using (var stream = File.Create(partial))
                    {
                        await ReferenceLayerExport.WriteAsync(stream, chosen, layerId, features, cancellationToken);
                    }

                    File.Move(partial, target.FullName, overwrite: true);
                }
                else
                {
                    await using var stdout = Console.OpenStandardOutput();
                    await ReferenceLayerExport.WriteAsync(stdout, chosen, layerId, features, cancellationToken);
                }
            }

            return 0;
        });
        return command;
    }

    private static Command Delete()
    {
        var id = new Argument<string>("LAYER") { Description = "The layer's id." };
        var version = new Option<int>("--version") { Description = "The version the layer is at (see `layers list`).", Required = true };
        var command = new Command("delete", "Delete a reference layer and its features.")
        {
            id, version, DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: true, cancellationToken);
            await using (store)
            {
                await store.DeleteReferenceLayerAsync(caller, parse.GetValue(id)!, parse.GetValue(version), cancellationToken);
                Console.WriteLine($"{parse.GetValue(id)}: deleted");
            }

            return 0;
        });
        return command;
    }

    private static async Task<int> FailAsync(IReadOnlyList<InputProblem> problems)
    {
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync("demarcate: " + problem);
        }

        return DemarcateCommand.UserError;
    }
}
