using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Formats.Survey;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary><c>demarcate pillars witness-marks list|set|import</c>: the marks beside each pillar that let the survey teams find it again.</summary>
internal static class WitnessMarkCommands
{
    public static Command WitnessMarks() => new("witness-marks", "Witness marks of pillars: list them, set one, or import a CSV file of them.")
    {
        List(),
        Set(),
        Import(),
    };

    private static Command List()
    {
        var pillar = new Argument<string>("PILLAR") { Description = "The pillar's number, e.g. M-04/12." };
        var command = new Command("list", "A pillar's witness marks as CSV: number, kind, true bearing, how it was measured, distance, description and where the bearing and distance put the mark.")
        {
            pillar, DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, false, cancellationToken);
            await using (store)
            {
                var number = parse.GetValue(pillar)!;
                if (await store.GetPillarAsync(caller, number, cancellationToken) is not { } found)
                {
                    await Console.Error.WriteLineAsync($"demarcate: pillar {number} is not in the register");
                    return DemarcateCommand.UserError;
                }

                Console.WriteLine("mark,kind,bearing_true_deg,bearing_dms,azimuth,measured_bearing_deg,correction_deg,distance_m,slope_distance_m,height_difference_m,latitude,longitude,description");
                foreach (var m in await store.ListWitnessMarksAsync(caller, number, cancellationToken))
                {
                    var at = m.PositionFrom(found.Surveyed?.Position ?? found.Planned);
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{m.Number},{Csv(m.Kind)},{m.Bearing:0.000000},{WitnessMark.Dms(m.Bearing)},{m.MeasuredFrom},{m.MeasuredBearing:0.000000},{m.Correction:0.000000},{m.Distance:0.000},{m.SlopeDistance:0.000},{m.HeightDifference:0.000},{at.Latitude:0.000000000},{at.Longitude:0.000000000},{Csv(m.Description)}"));
                }

                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"pillar {found.Number} at version {found.Version}"));
                return 0;
            }
        });
        return command;
    }

    private static Command Set()
    {
        var pillar = new Argument<string>("PILLAR") { Description = "The pillar's number, e.g. M-04/12." };
        var mark = new Option<int>("--mark") { Description = "The mark's number (a mark of that number is replaced).", Required = true };
        var kind = new Option<string?>("--kind") { Description = "What the mark is: cross cut in rock, iron pin, reference pillar, tree blaze, …" };
        var bearing = new Option<double?>("--bearing") { Description = "Bearing from the pillar to the mark, degrees [0, 360), from the north --azimuth names." };
        var azimuth = new Option<AzimuthKind>("--azimuth") { Description = "The north the bearing is from: True, Grid or Magnetic.", DefaultValueFactory = _ => AzimuthKind.True };
        var correction = new Option<double?>("--correction") { Description = "Convergence (grid; default: the pillar's UTM zone's at the pillar) or declination (magnetic, east positive), degrees." };
        var distance = new Option<double?>("--distance") { Description = "Horizontal distance from the pillar, metres (at most 500)." };
        var slope = new Option<double?>("--slope-distance") { Description = "Slope distance measured, metres." };
        var rise = new Option<double?>("--height-difference") { Description = "Height of the mark above the pillar's mark, metres." };
        var description = new Option<string>("--description") { Description = "Where and what the mark is, in words.", DefaultValueFactory = _ => "" };
        var remove = new Option<bool>("--remove") { Description = "Remove the mark of this number instead." };
        var version = new Option<int?>("--version") { Description = "The pillar's version the change is made on (default: the version read now); another answers as a conflict." };
        var command = new Command("set", "Add or replace one witness mark of a pillar (or remove it); the pillar's version rises and its history keeps the marks as they were.")
        {
            pillar, mark, kind, bearing, azimuth, correction, distance, slope, rise, description, remove, version,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, true, cancellationToken);
            await using (store)
            {
                var number = parse.GetValue(pillar)!;
                if (await store.GetPillarAsync(caller, number, cancellationToken) is not { } found)
                {
                    await Console.Error.WriteLineAsync($"demarcate: pillar {number} is not in the register");
                    return DemarcateCommand.UserError;
                }

                var marks = (await store.ListWitnessMarksAsync(caller, number, cancellationToken)).ToDictionary(m => m.Number);
                var markNumber = parse.GetValue(mark);
                if (parse.GetValue(remove))
                {
                    if (!marks.Remove(markNumber))
                    {
                        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"demarcate: pillar {found.Number} has no witness mark {markNumber}"));
                        return DemarcateCommand.UserError;
                    }
                }
                else
                {
                    if (parse.GetValue(bearing) is not { } measured || parse.GetValue(distance) is not { } horizontal)
                    {
                        await Console.Error.WriteLineAsync("demarcate: --bearing and --distance are required to set a witness mark");
                        return DemarcateCommand.UserError;
                    }

                    var entry = new WitnessMarkEntry(markNumber, parse.GetValue(kind) ?? "", measured, parse.GetValue(azimuth), horizontal)
                    {
                        Correction = parse.GetValue(correction),
                        Description = parse.GetValue(description)!,
                        SlopeDistance = parse.GetValue(slope),
                        HeightDifference = parse.GetValue(rise),
                    };
                    var (made, problems) = entry.ToMark(found.Surveyed?.Position ?? found.Planned);
                    if (problems.Count > 0)
                    {
                        foreach (var problem in problems)
                        {
                            await Console.Error.WriteLineAsync($"demarcate: pillar {found.Number}, {problem}");
                        }

                        return DemarcateCommand.UserError;
                    }

                    marks[markNumber] = made;
                }

                var changed = await store.SetWitnessMarksAsync(
                    caller, [new WitnessMarkSet(number, [.. marks.Values.OrderBy(m => m.Number)], parse.GetValue(version) ?? found.Version)], cancellationToken);
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"pillar {found.Number}: {marks.Count} witness mark(s), now at version {changed[0].Version}"));
                return 0;
            }
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV: pillar, mark, kind, bearing, distance[, azimuth, correction, description, slope, dh, lat, lon]." };
        var accept = new Option<bool>("--accept-valid") { Description = "Record the valid rows even when others have problems (otherwise nothing is recorded)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and report; record nothing." };
        var command = new Command("import", "Import witness marks from CSV; bad rows are reported by line, and nothing is recorded unless all are valid or --accept-valid. A mark replaces the pillar's mark of that number.")
        {
            file, accept, dryRun,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var recording = !parse.GetValue(dryRun);
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, recording, cancellationToken);
            await using (store)
            {
                var path = parse.GetValue(file)!;
                WitnessMarkFile read;
                await using (var stream = path.OpenRead())
                {
                    read = await WitnessMarkFileReader.ReadAsync(stream, path.Name, cancellationToken);
                }

                var plan = await store.PrepareAsync(caller, path.Name, read, cancellationToken);
                Console.WriteLine("pillar,mark,kind,bearing_true_deg,azimuth,distance_m,line");
                foreach (var (row, mark) in plan.Valid)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Pillar},{mark.Number},{Csv(mark.Kind)},{mark.Bearing:0.000000},{mark.MeasuredFrom},{mark.Distance:0.000},{row.Line}"));
                }

                foreach (var problem in plan.Problems)
                {
                    await Console.Error.WriteLineAsync("demarcate: " + problem);
                }

                if (plan.Problems.Count > 0 && !parse.GetValue(accept))
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"demarcate: {plan.Problems.Count} row(s) with problems; nothing recorded (fix them, or record the {plan.Valid.Count} valid row(s) with --accept-valid)"));
                    return DemarcateCommand.UserError;
                }

                if (recording && plan.Sets.Count > 0)
                {
                    await store.SetWitnessMarksAsync(caller, plan.Sets, cancellationToken);
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"recorded {plan.Valid.Count} witness mark(s) of {plan.Sets.Count} pillar(s)"));
                }

                return 0;
            }
        });
        return command;
    }

    private static string Csv(string? text) => text is null ? "" : text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
