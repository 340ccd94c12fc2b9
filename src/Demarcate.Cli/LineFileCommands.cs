using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats;
using Demarcate.Formats.Import;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary>
/// <c>demarcate import</c> and <c>demarcate export</c>: a delegation's lines into the record from GeoJSON, KML, CSV
/// or WKT (all or nothing), and the record's lines out in those formats.
/// </summary>
internal static class LineFileCommands
{
    public static Command Import()
    {
        var file = new Argument<string>("FILE") { Description = "The file of lines: .geojson, .kml, .gpkg, .csv or .wkt (or name the format with --format)." };
        var section = new Option<string>("--section") { Description = "The section the lines run along, e.g. main.", Required = true };
        var owner = new Option<string>("--owner") { Description = "The delegation whose draft lines these become, e.g. AM.", Required = true };
        var format = new Option<string?>("--format") { Description = "geojson, kml, gpkg, csv or wkt (default: from the file's extension)." };
        var crs = new Option<string?>("--crs") { Description = "The CRS of CSV and WKT coordinates, e.g. EPSG:28408 (default: the file's own statement, else EPSG:4326). GeoJSON and KML are always WGS 84." };
        var axisOrder = new Option<string?>("--axis-order") { Description = "The order of the file's two coordinates when it differs from the CRS's definition: lonlat, latlon, en or ne." };
        var operation = new Option<string?>("--operation") { Description = "The datum transformation to WGS 84 (default: the one the commission records)." };
        var repair = new Option<bool>("--repair") { Description = "Remove duplicate points and spikes, close rings and rewind them, and report each change, instead of refusing." };
        var kind = new Option<string?>("--kind") { Description = "PartyClaim (default) or SourceLine." };
        var spike = new Option<double>("--spike-angle") { Description = "A vertex whose two segments meet at less than this many degrees is a spike.", DefaultValueFactory = _ => 1.0 };
        var reach = new Option<double>("--max-distance") { Description = "How far (km) a line may stay from the section's line before it is refused as not belonging to the section.", DefaultValueFactory = _ => 5.0 };
        var layer = new Option<string?>("--layer") { Description = "The feature table of a GeoPackage with more than one." };
        var maxSize = new Option<long>("--max-size") { Description = "The largest file imported, in MiB.", DefaultValueFactory = _ => LineImportRequest.DefaultMaximumBytes / (1024 * 1024) };
        var command = new Command("import", "Import a delegation's draft lines from a file: every feature is checked first, and nothing is written unless all pass.")
        {
            file, DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, section, owner, format, crs, axisOrder, operation, repair, kind, spike, reach, layer, maxSize,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                return await FailAsync($"import: there is no file {path}.");
            }

            var chosen = parse.GetValue(format) is { } named ? FeatureFormats.Parse(named) : FeatureFormats.FromPath(path);
            if (chosen is null)
            {
                return await FailAsync($"import: cannot tell the format of {Path.GetFileName(path)}; name it with --format geojson, kml, csv or wkt.");
            }

            var (axes, axisProblem) = AxisOrderOf(parse.GetValue(axisOrder));
            if (axisProblem is not null)
            {
                return await FailAsync(axisProblem);
            }

            var lineKind = LineKind.PartyClaim;
            if (parse.GetValue(kind) is { } kindText && (!Enum.TryParse(kindText, ignoreCase: true, out lineKind) || lineKind == LineKind.AgreedLine))
            {
                return await FailAsync($"import: --kind {kindText}: a delegation imports PartyClaim or SourceLine lines.");
            }

            var party = new PartyCode(parse.GetValue(owner)!.Trim().ToUpperInvariant());
            await using var store = await CommissionStores.OpenAsync(DemarcateCommand.StoreLocation(parse), cancellationToken);
            var commission = await store.GetCommissionAsync(cancellationToken);
            if (commission is not null && !commission.Parties.Any(p => p.Code == party && p.Role == PartyRole.State))
            {
                return await FailAsync($"import: --owner {party.Value}: the delegations are {string.Join(", ", commission.Parties.Where(p => p.Role == PartyRole.State).Select(p => p.Code.Value))}.");
            }

            // The commission's own CRS definitions resolve like EPSG codes in --crs.
            var registry = await store.CrsRegistryAsync(Caller.CommissionSystem, cancellationToken);
            await using var stream = File.OpenRead(path);
            var result = await LineFileImport.ImportAsync(
                store,
                Caller.CommissionSystem,
                stream,
                parse.GetValue(section)!,
                s => new LineImportRequest
                {
                    SourceName = Path.GetFileName(path),
                    Format = chosen.Value,
                    Section = s,
                    Owner = party,
                    Kind = lineKind,
                    Crs = parse.GetValue(crs),
                    Registry = registry,
                    AxisOrder = axes,
                    Operation = parse.GetValue(operation),
                    Repair = parse.GetValue(repair),
                    SpikeAngleDegrees = parse.GetValue(spike),
                    MaximumDistanceMetres = parse.GetValue(reach) * 1000,
                    MaximumBytes = parse.GetValue(maxSize) * 1024 * 1024,
                    Layer = parse.GetValue(layer),
                },
                cancellationToken);
            if (!result.Success)
            {
                foreach (var problem in result.Problems)
                {
                    await Console.Error.WriteLineAsync(problem.ToString());
                }

                await Console.Error.WriteLineAsync($"demarcate: import: nothing was imported ({Count(result.Problems.Count, "problem")} in {Path.GetFileName(path)}).");
                return DemarcateCommand.UserError;
            }

            var plan = result.Value;
            foreach (var change in plan.Changes)
            {
                Console.WriteLine($"repaired {Path.GetFileName(path)}: {change}");
            }

            Console.WriteLine($"Imported {Count(plan.Lines.Count, "line")} into section {parse.GetValue(section)} as drafts of {party.Value} ({plan.Operation}): {string.Join(", ", plan.Lines.Select(l => l.Id))}.");
            return 0;
        });
        return command;
    }

    public static Command Export()
    {
        var format = new Option<string>("--format") { Description = "geojson, kml, csv or wkt.", Required = true };
        var section = new Option<string?>("--section") { Description = "Only this section's lines." };
        var crs = new Option<string?>("--crs") { Description = "The CRS to write CSV or WKT in, e.g. EPSG:32638 (default EPSG:4326)." };
        var axisOrder = new Option<string?>("--axis-order") { Description = "lonlat, latlon, en or ne (default: CSV as the CRS defines, WKT easting/longitude first)." };
        var operation = new Option<string?>("--operation") { Description = "The datum transformation from WGS 84 (default: the one the commission records)." };
        var drafts = new Option<bool>("--drafts") { Description = "Include the delegations' drafts (by default only what the commission sees: submitted and published lines)." };
        var output = new Option<string?>("--output") { Description = "The file to write (default: standard output)." };
        var command = new Command("export", "Write the record's lines as GeoJSON, KML, CSV or WKT.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, format, section, crs, axisOrder, operation, drafts, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = FeatureFormats.Parse(parse.GetValue(format));
            if (chosen is null or FeatureFormat.GeoPackage)
            {
                return await FailAsync($"export: --format {parse.GetValue(format)}: write geojson, kml, csv or wkt.");
            }

            var (axes, axisProblem) = AxisOrderOf(parse.GetValue(axisOrder));
            if (axisProblem is not null)
            {
                return await FailAsync(axisProblem);
            }

            await using var store = await CommissionStores.OpenAsync(DemarcateCommand.StoreLocation(parse), cancellationToken);
            var commission = await store.GetCommissionAsync(cancellationToken);
            var lines = (await store.ListLinesAsync(Caller.CommissionSystem, parse.GetValue(section), cancellationToken))
                .Where(l => parse.GetValue(drafts) || l.Publication != Publication.Draft)
                .ToList();
            var request = new LineExportRequest
            {
                Format = chosen.Value,
                Crs = parse.GetValue(crs),
                Registry = await store.CrsRegistryAsync(Caller.CommissionSystem, cancellationToken),
                AxisOrder = axes,
                Operation = parse.GetValue(operation),
                CommissionOperation = commission?.DatumTransformation,
                Title = commission?.Name ?? "Demarcate lines",
            };
            var target = parse.GetValue(output);

            // Written to memory first, so that a refused request leaves no half-written file behind.
            using var buffer = new MemoryStream();
            var written = await LineExport.WriteAsync(buffer, lines, request, cancellationToken);
            if (!written.Success)
            {
                return await FailAsync("export: " + written.Problems[0]);
            }

            buffer.Position = 0;
            if (target is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await buffer.CopyToAsync(stdout, cancellationToken);
            }
            else
            {
                await using var file = File.Create(target);
                await buffer.CopyToAsync(file, cancellationToken);
                Console.Error.WriteLine($"Exported {Count(written.Value, "line")} to {Path.GetFullPath(target)}.");
            }

            return 0;
        });
        return command;
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    /// <summary>The axis order given with --axis-order (none when it is not given), or what is wrong with it.</summary>
    private static (AxisOrder? Axes, string? Problem) AxisOrderOf(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var parsed = LineImportRequest.ParseAxisOrder(text);
        return parsed.Success ? (parsed.Value, null) : (null, parsed.Problems[0].ToString());
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync("demarcate: " + message);
        return DemarcateCommand.UserError;
    }
}
