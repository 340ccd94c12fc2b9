using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Monitoring;
using Demarcate.Formats.Incidents;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary><c>demarcate incidents import|list|merge|unmerge|submit|export|escalation|attribute</c>: the commission's record of border incidents.</summary>
internal static class IncidentCommands
{
    private static readonly Option<string?> SectorOption = new("--sector") { Description = "Only incidents attributed to this sector." };
    private static readonly Option<string?> TypeOption = new("--type") { Description = "Only this type (e.g. SniperFire, or ACLED's \"Armed clash\")." };
    private static readonly Option<string?> FromOption = new("--from") { Description = "Only incidents that may have happened on or after this day (yyyy-mm-dd)." };
    private static readonly Option<string?> ToOption = new("--to") { Description = "Only incidents that may have happened on or before this day (yyyy-mm-dd)." };
    private static readonly Option<string?> VerificationOption = new("--verification") { Description = "Only this verification status (Reported, Corroborated, VerifiedByMonitor, Disputed)." };
    private static readonly Option<string?> PartyOption = new("--party") { Description = "Only incidents reported by this party." };
    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private static readonly Option<int> VersionOption = new("--version") { Description = "The version of the incident you read (shown by list); a stale version is refused.", Required = true };

    public static Command Incidents() => new("incidents", "Border incidents: import ACLED-style reports, list, merge reports of one event, undo merges, export.")
    {
        Import(),
        List(),
        Merge(),
        Unmerge(),
        Submit(),
        Export(),
        Escalation(),
        Attribute(),
    };

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Reports in ACLED's export columns (CSV) or as GeoJSON points with the same properties (.geojson/.json)." };
        var accept = new Option<bool>("--accept-valid") { Description = "Record the valid rows even when others have problems (otherwise nothing is recorded)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read and check the file; record nothing." };
        var command = new Command("import", "Import incident reports for --user's party; bad rows are reported with their row, and nothing is recorded unless all are valid or --accept-valid.")
        {
            file, accept, dryRun,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, !parse.GetValue(dryRun), cancellationToken);
            await using (store)
            {
                var path = parse.GetValue(file)!;
                IncidentImportOutcome outcome;
                await using (var stream = path.OpenRead())
                {
                    outcome = await IncidentImport.ImportAsync(
                        store, caller, stream, path.Name, path.Extension is ".geojson" or ".json", parse.GetValue(accept), parse.GetValue(dryRun), cancellationToken);
                }

                foreach (var problem in outcome.Problems)
                {
                    await Console.Error.WriteLineAsync("demarcate: " + problem);
                }

                if (outcome.Refused)
                {
                    await Console.Error.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"demarcate: {outcome.Problems.Count} problem(s) in {outcome.RowsRead} row(s); nothing recorded (fix them, or record the {outcome.ValidRows} valid row(s) with --accept-valid)"));
                    return DemarcateCommand.UserError;
                }

                await Console.Error.WriteLineAsync(parse.GetValue(dryRun)
                    ? string.Create(CultureInfo.InvariantCulture, $"{outcome.ValidRows} of {outcome.RowsRead} row(s) valid; nothing recorded (dry run)")
                    : string.Create(CultureInfo.InvariantCulture, $"recorded {outcome.Recorded.Count} of {outcome.RowsRead} row(s)"));
                foreach (var incident in outcome.Recorded)
                {
                    Console.WriteLine(incident.Id);
                }

                return 0;
            }
        });
        return command;
    }

    private static Command List()
    {
        var merged = new Option<bool>("--merged") { Description = "Also list the reports merged into incidents." };
        var command = new Command("list", "The incidents you may see, oldest first, tab-separated: id, date, precision, type, latitude, longitude, sector, fatalities, injuries, verification, party, publication, version, merged from/into.")
        {
            SectorOption, TypeOption, FromOption, ToOption, VerificationOption, PartyOption, merged,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var filter = FilterOf(parse, parse.GetValue(merged));
            if (!filter.Success)
            {
                return await FailAsync(filter.Problems);
            }

            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, false, cancellationToken);
            await using (store)
            {
                Console.WriteLine("id\tdate\tprecision\ttype\tlatitude\tlongitude\tsector\tfatalities\tinjuries\tverification\tparty\tpublication\tversion\tmerged");
                foreach (var i in await store.ListIncidentsAsync(caller, filter.Value, cancellationToken))
                {
                    var merges = i.MergedInto is { } into ? "into " + into : i.MergedFrom.Count > 0 ? "from " + string.Join(' ', i.MergedFrom) : "";
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{i.Id}\t{i.Date.Date:yyyy-MM-dd}\t{i.Date.Precision}\t{i.Type}\t{i.Location.Point.Latitude:0.000000}\t{i.Location.Point.Longitude:0.000000}\t{i.Attribution?.SectorId}\t{i.Fatalities}\t{i.Injuries}\t{i.Verification}\t{i.ReportingParty}\t{i.Publication}\t{i.Version}\t{merges}"));
                }

                return 0;
            }
        });
        return command;
    }

    private static Command Attribute()
    {
        var reference = new Option<string?>("--reference") { Description = "Measure distance and side to this line (e.g. a former line of contact) instead of the line in force." };
        var distance = new Option<double>("--max-distance") { Description = "Metres from the line within which an incident is attributed (20000 by default).", DefaultValueFactory = _ => AttributionOptions.DefaultMaxDistanceMetres };
        var command = new Command("attribute", "Attribute every incident you may see to its nearest sector, with distance to the line and side (monitors, the mediator's advisers).")
        {
            reference, distance,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var metres = parse.GetValue(distance);
            if (!double.IsFinite(metres) || metres <= 0)
            {
                return await FailAsync([new InputProblem("--max-distance", "give a positive number of metres")]);
            }

            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, true, cancellationToken);
            await using (store)
            {
                var run = await store.AttributeIncidentsAsync(caller, parse.GetValue(reference), metres, null, cancellationToken);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{run.Attributed} of {run.Incidents} incidents attributed within {run.MaxDistanceMetres:0} m of {run.ReferenceLineId ?? "the line in force"}."));
                return 0;
            }
        });
        return command;
    }

    private static Command Escalation()
    {
        var asOf = new Option<string?>("--as-of") { Description = "Assess as of this day (yyyy-mm-dd); today (UTC) by default." };
        var format = new Option<string>("--format") { Description = "json (levels, baselines, alerts, daily and weekly series) or csv (every sector's daily series).", DefaultValueFactory = _ => "json" };
        var command = new Command("escalation", "Escalation by sector from the incidents you may see: each sector's level against its own baseline (CUSUM), the alerts, and the series.")
        {
            asOf, format,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var day = DateOnly.FromDateTime(DateTime.UtcNow);
            if (parse.GetValue(asOf) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                return await FailAsync([new InputProblem("--as-of", $"'{text}' is not a date yyyy-mm-dd")]);
            }

            var csv = string.Equals(parse.GetValue(format), "csv", StringComparison.OrdinalIgnoreCase);
            if (!csv && !string.Equals(parse.GetValue(format), "json", StringComparison.OrdinalIgnoreCase))
            {
                return await FailAsync([new InputProblem("--format", $"'{parse.GetValue(format)}' is not json or csv")]);
            }

            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, false, cancellationToken);
            await using (store)
            {
                var report = await store.AssessEscalationAsync(caller, day, cancellationToken);
                Console.Write(csv
                    ? IncidentEscalationReading.DailyCsv(report)
                    : System.Text.Json.JsonSerializer.Serialize(IncidentEscalationReading.Describe(report), IndentedJson) + Environment.NewLine);
                return 0;
            }
        });
        return command;
    }

    private static Command Merge()
    {
        var ids = new Argument<string[]>("ID") { Description = "The reports of one event (two or more).", Arity = ArgumentArity.ZeroOrMore };
        var auto = new Option<bool>("--auto") { Description = "Propose groups of reports that are one event (same type, within 2 km, same day or overlapping periods) instead of naming them." };
        var apply = new Option<bool>("--apply") { Description = "With --auto: merge every proposed group." };
        var command = new Command("merge", "Merge reports of one event into one incident listing all their sources (reversible with unmerge).")
        {
            ids, auto, apply,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var named = parse.GetValue(ids) ?? [];
            var proposing = parse.GetValue(auto);
            if (proposing == named.Length > 0)
            {
                await Console.Error.WriteLineAsync("demarcate: name two or more reports to merge, or give --auto to have them proposed");
                return DemarcateCommand.UserError;
            }

            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, !proposing || parse.GetValue(apply), cancellationToken);
            await using (store)
            {
                var groups = proposing
                    ? IncidentMerging.Candidates(await store.ListIncidentsAsync(caller, IncidentFilter.All, cancellationToken)).Select(g => g.Select(r => r.Id).ToArray()).ToList()
                    : [named];
                foreach (var group in groups)
                {
                    if (proposing && !parse.GetValue(apply))
                    {
                        Console.WriteLine("proposed\t" + string.Join(' ', group));
                        continue;
                    }

                    var merged = await store.MergeIncidentsAsync(caller, group, cancellationToken);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{merged.Id}\tmerges {string.Join(' ', merged.MergedFrom)}\t{merged.Sources.Count} source(s)\tfatalities {merged.Fatalities}"));
                }

                return 0;
            }
        });
        return command;
    }

    private static Command Unmerge()
    {
        var id = new Argument<string>("ID") { Description = "The merged incident." };
        var command = new Command("unmerge", "Undo a merge: the merged incident goes, its reports stand again exactly as they were.")
        {
            id, VersionOption,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, true, cancellationToken);
            await using (store)
            {
                foreach (var report in await store.UnmergeIncidentAsync(caller, parse.GetValue(id)!, parse.GetValue(VersionOption), cancellationToken))
                {
                    Console.WriteLine(report.Id);
                }

                return 0;
            }
        });
        return command;
    }

    private static Command Submit()
    {
        var id = new Argument<string>("ID") { Description = "Your delegation's draft report." };
        var command = new Command("submit", "Put your delegation's draft incident report before the commission.")
        {
            id, VersionOption,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, true, cancellationToken);
            await using (store)
            {
                var incident = await store.SubmitIncidentAsync(caller, parse.GetValue(id)!, parse.GetValue(VersionOption), cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Incident {incident.Id} is now {incident.Publication.ToString().ToLowerInvariant()} (version {incident.Version})."));
                return 0;
            }
        });
        return command;
    }

    private static Command Export()
    {
        var format = new Option<string>("--format") { Description = "csv (ACLED's columns) or geojson.", DefaultValueFactory = _ => "csv" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write here instead of standard output." };
        var command = new Command("export", "Export the incidents you may see (filtered) as CSV in ACLED's columns or as GeoJSON.")
        {
            format, output, SectorOption, TypeOption, FromOption, ToOption, VerificationOption, PartyOption,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var filter = FilterOf(parse, false);
            if (!filter.Success)
            {
                return await FailAsync(filter.Problems);
            }

            var kind = parse.GetValue(format)!.ToLowerInvariant();
            if (kind is not ("csv" or "geojson"))
            {
                await Console.Error.WriteLineAsync($"demarcate: --format: '{kind}' is not csv or geojson");
                return DemarcateCommand.UserError;
            }

            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, false, cancellationToken);
            await using (store)
            {
                var incidents = await store.ListIncidentsAsync(caller, filter.Value, cancellationToken);
                await using var stream = parse.GetValue(output) is { } file ? file.Create() : Console.OpenStandardOutput();
                if (kind == "geojson")
                {
                    await IncidentFileWriter.WriteGeoJsonAsync(stream, incidents, cancellationToken);
                }
                else
                {
                    await IncidentFileWriter.WriteCsvAsync(stream, incidents, cancellationToken);
                }

                return 0;
            }
        });
        return command;
    }

    private static ParseResult<IncidentFilter> FilterOf(System.CommandLine.ParseResult parse, bool merged) =>
        IncidentFilter.Parse(
            parse.GetValue(SectorOption), parse.GetValue(TypeOption), parse.GetValue(FromOption), parse.GetValue(ToOption), parse.GetValue(VerificationOption), parse.GetValue(PartyOption), merged);

    private static async Task<int> FailAsync(IReadOnlyList<InputProblem> problems)
    {
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync("demarcate: " + problem);
        }

        return DemarcateCommand.UserError;
    }
}
