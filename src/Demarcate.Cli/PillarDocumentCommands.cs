using System.CommandLine;
using System.Globalization;
using System.Text;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Formats.Delimitation;
using Demarcate.Formats.Demarcation;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary><c>demarcate pillars cards|strip-maps|list</c>: the demarcation documents made from the register as the user may see it.</summary>
internal static class PillarDocumentCommands
{
    public static IEnumerable<Command> Commands() => [Cards(), StripMapSeries(), List()];

    private static Option<string> Output() => new("--output", "-o") { Description = "The file to write.", Required = true };

    private static Option<string> Language() => new("--language")
    {
        Description = "The documents' language: " + string.Join(", ", ProtocolCatalogue.Languages) + ".",
        DefaultValueFactory = _ => "en",
    };

    private static Command Cards()
    {
        var numbers = new Argument<string[]>("NUMBER") { Description = "Pillar numbers, e.g. M-04/12 M-04/7A (none: every pillar matching the filters).", Arity = ArgumentArity.ZeroOrMore };
        var sector = new Option<string?>("--sector") { Description = "Only this sector's pillars." };
        var status = new Option<string?>("--status") { Description = "Only pillars with this status (e.g. Damaged)." };
        var type = new Option<string?>("--type") { Description = "Only pillars of this type (e.g. Primary)." };
        var output = Output();
        var language = Language();
        language.AcceptOnlyFromAmong([.. ProtocolCatalogue.Languages]);
        var command = new Command("cards", "Pillar cards as PDF, a page per pillar: coordinates in every CRS of the registry, planned and surveyed, sketch map, photos, inspections.")
        {
            numbers, sector, status, type, output, language,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, false, cancellationToken);
            await using (store)
            {
                var pillars = await store.SelectPillarsAsync(caller, parse.GetValue(sector), parse.GetValue(numbers) ?? [], parse.GetValue(status), parse.GetValue(type), cancellationToken);
                if (pillars.Count == 0)
                {
                    await Console.Error.WriteLineAsync("demarcate: no pillar you may see matches; no cards written");
                    return DemarcateCommand.UserError;
                }

                var cards = await store.PillarCardsAsync(caller, pillars, cancellationToken);
                await using (var file = File.Create(parse.GetValue(output)!))
                {
                    await PillarCards.WriteAsync(cards, ProtocolCatalogue.For(parse.GetValue(language)!)!, file, cancellationToken);
                }

                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote {cards.Count} pillar card(s) to {parse.GetValue(output)}"));
                return 0;
            }
        });
        return command;
    }

    private static Command StripMapSeries()
    {
        var sector = new Option<string>("--sector") { Description = "The sector whose agreed line the sheets follow, e.g. M-04.", Required = true };
        var scale = new Option<int>("--scale") { Description = "The scale's denominator, 5000 to 100000.", DefaultValueFactory = _ => 25_000 };
        scale.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < StripMaps.LargestScale or > StripMaps.SmallestScale)
            {
                result.AddError("--scale: strip maps are drawn from 1:5000 to 1:100000.");
            }
        });
        var paper = new Option<StripPaper>("--paper") { Description = "A4 or A3, landscape.", DefaultValueFactory = _ => StripPaper.A4 };
        var output = Output();
        var language = Language();
        language.AcceptOnlyFromAmong([.. ProtocolCatalogue.Languages]);
        var command = new Command("strip-maps", "The strip-map series along a sector's agreed line as PDF: a sheet index, then overlapping sheets with the UTM grid, the line, pillars by type, both parties.")
        {
            sector, scale, paper, output, language,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, false, cancellationToken);
            await using (store)
            {
                var sectorId = parse.GetValue(sector)!;
                var surroundings = await store.SurroundingsAsync(caller, sectorId, cancellationToken);
                if (surroundings.Line.Count < 2)
                {
                    await Console.Error.WriteLineAsync($"demarcate: sector {sectorId}: no such sector with a line you may see");
                    return DemarcateCommand.UserError;
                }

                await using (var file = File.Create(parse.GetValue(output)!))
                {
                    await StripMaps.WriteAsync(sectorId, surroundings, parse.GetValue(scale), parse.GetValue(paper), ProtocolCatalogue.For(parse.GetValue(language)!)!, file, cancellationToken);
                }

                var count = StripMaps.Sheets(surroundings.Line, surroundings.UtmZone, parse.GetValue(scale), parse.GetValue(paper)).Count;
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote the sheet index and {count} sheet(s) to {parse.GetValue(output)}"));
                return 0;
            }
        });
        return command;
    }

    private static Command List()
    {
        var sector = new Option<string?>("--sector") { Description = "Only this sector's pillars." };
        var status = new Option<string?>("--status") { Description = "Only pillars with this status." };
        var type = new Option<string?>("--type") { Description = "Only pillars of this type." };
        var format = new Option<string>("--format") { Description = "csv or xlsx.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default for CSV: standard output; required for xlsx)." };
        var command = new Command("list", "The pillar coordinate list: number, type, status, planned WGS 84, UTM and Gauss–Krüger, surveyed position with frame, epoch and accuracy, offset.")
        {
            sector, status, type, format, output,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(output);
            var xlsx = parse.GetValue(format) == "xlsx";
            if (xlsx && path is null)
            {
                await Console.Error.WriteLineAsync("demarcate: --output: an .xlsx is written to a file");
                return DemarcateCommand.UserError;
            }

            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, false, cancellationToken);
            await using (store)
            {
                var sectorId = parse.GetValue(sector);
                var pillars = await store.SelectPillarsAsync(caller, sectorId, [], parse.GetValue(status), parse.GetValue(type), cancellationToken);
                var list = await store.PillarListAsync(caller, pillars, cancellationToken);
                if (xlsx)
                {
                    await using var file = File.Create(path!);
                    await OfficeDocuments.WritePillarListXlsxAsync(list, "Pillar coordinate list" + (sectorId is null ? "" : ": sector " + sectorId), file, cancellationToken);
                }
                else if (path is not null)
                {
                    await File.WriteAllTextAsync(path, list.ToCsv(), new UTF8Encoding(false), cancellationToken);
                }
                else
                {
                    await Console.Out.WriteAsync(list.ToCsv());
                }

                return 0;
            }
        });
        return command;
    }
}
