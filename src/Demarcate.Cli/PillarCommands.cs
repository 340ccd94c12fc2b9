using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats.Comparison;
using Demarcate.Formats.Elevation;
using Demarcate.Formats.Survey;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary><c>demarcate pillars plan|import-survey|register|witness-marks</c>: planning pillars on a sector's line, taking in field surveys, and reading the register.</summary>
internal static class PillarCommands
{
    public static Command Pillars()
    {
        var command = new Command("pillars", "Boundary pillars: plan them on a sector's line, import field surveys, read the register, make the documents.")
        {
            Plan(),
            ImportSurvey(),
            Register(),
            WitnessMarkCommands.WitnessMarks(),
        };
        foreach (var document in PillarDocumentCommands.Commands())
        {
            command.Subcommands.Add(document);
        }

        return command;
    }

    private static Command Plan()
    {
        var sector = new Argument<string>("SECTOR") { Description = "The sector whose line in force is planned, e.g. M-04; its id is the numbering prefix." };
        var rivers = new Option<FileInfo?>("--rivers") { Description = "GeoJSON lines of rivers: a pair of pillars on both banks of each crossing." };
        var roads = new Option<FileInfo?>("--roads") { Description = "GeoJSON lines of roads: a pillar set back from each crossing." };
        var railways = new Option<FileInfo?>("--railways") { Description = "GeoJSON lines of railways: a pillar set back from each crossing." };
        var terrain = new Option<FileInfo?>("--terrain") { Description = "An elevation grid (GeoTIFF or ESRI ASCII grid): each pillar made visible from the next." };
        var terrainCrs = new Option<string?>("--terrain-crs") { Description = "The grid's CRS, EPSG:4326 or EPSG:326zz (required for an ASCII grid)." };
        var primary = new Option<double>("--primary-spacing") { Description = "Greatest distance between primary pillars, metres.", DefaultValueFactory = _ => 5000 };
        var secondary = new Option<double>("--secondary-spacing") { Description = "Greatest distance between consecutive pillars, metres.", DefaultValueFactory = _ => 500 };
        var turn = new Option<double>("--min-turn") { Description = "A vertex is a turning point (and gets a pillar) when the line turns by at least this many degrees.", DefaultValueFactory = _ => 0 };
        var refraction = new Option<double>("--refraction") { Description = "Refraction coefficient k for sight lines.", DefaultValueFactory = _ => 0.13 };
        var moveWindow = new Option<double>("--move-window") { Description = "Where a sight line is blocked, move a secondary or intermediate pillar by at most this many metres along the line before adding one (0: only add).", DefaultValueFactory = _ => 100 };
        var register = new Option<bool>("--register") { Description = "Register the planned pillars (as --user's delegation's draft); numbers already registered are kept." };
        var noStored = new Option<bool>("--no-stored-layers") { Description = "Do not use the commission's stored rivers, roads and railways layers for the kinds no file is given for." };
        var command = new Command("plan", "Plan the pillars of a sector and print them as CSV (number, type, reason, position, chainage, height).")
        {
            sector, rivers, roads, railways, terrain, terrainCrs, primary, secondary, turn, refraction, moveWindow, register, noStored,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, parse.GetValue(register), cancellationToken);
            await using (store)
            {
                var sectorId = parse.GetValue(sector)!;
                var onLine = await store.GetSectorAsync(caller.IsSignedIn ? caller : Caller.CommissionSystem, sectorId, cancellationToken);
                if (onLine?.Geometry is null)
                {
                    await Console.Error.WriteLineAsync($"demarcate: sector {sectorId}: no such sector with a line");
                    return DemarcateCommand.UserError;
                }

                var section = (await store.ListSectionsAsync(caller, cancellationToken)).Single(s => s.Id == onLine.Sector.SectionId);
                var crossings = new List<CrossingFeature>();
                foreach (var (file, kind) in new[] { (parse.GetValue(rivers), CrossingKind.River), (parse.GetValue(roads), CrossingKind.Road), (parse.GetValue(railways), CrossingKind.Railway) })
                {
                    if (file is null)
                    {
                        continue;
                    }

                    await using var stream = file.OpenRead();
                    var layer = await FeatureLayer.ReadAsync(stream, file.Name, cancellationToken);
                    if (!layer.Success)
                    {
                        return await FailAsync(layer.Problems);
                    }

                    crossings.AddRange(layer.Value.Where(f => f.Geometry is NetTopologySuite.Geometries.ILineal).Select(f => new CrossingFeature(f, kind)));
                }

                // A kind no file is given for comes from the commission's stored reference layers, unless asked not to.
                var fromStore = new[] { (parse.GetValue(rivers), CrossingKind.River), (parse.GetValue(roads), CrossingKind.Road), (parse.GetValue(railways), CrossingKind.Railway) }
                    .Where(k => k.Item1 is null).Select(k => k.Item2).ToList();
                if (!parse.GetValue(noStored) && fromStore.Count > 0)
                {
                    var stored = await ReferenceCrossings.ReadAsync(store, caller.IsSignedIn ? caller : Caller.CommissionSystem, onLine.Geometry, fromStore, cancellationToken);
                    crossings.AddRange(stored);
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"note: {stored.Count} features from the commission's stored reference layers ({string.Join(", ", fromStore).ToLowerInvariant()})"));
                }

                ElevationGrid? grid = null;
                if (parse.GetValue(terrain) is { } terrainFile)
                {
                    int? epsg = null;
                    if (parse.GetValue(terrainCrs) is { } code)
                    {
                        var parsed = CrsCode.Parse(code);
                        if (!parsed.Success || parsed.Value.Authority != "EPSG")
                        {
                            await Console.Error.WriteLineAsync($"demarcate: --terrain-crs: '{code}' is not an EPSG code");
                            return DemarcateCommand.UserError;
                        }

                        epsg = int.Parse(parsed.Value.Code, CultureInfo.InvariantCulture);
                    }

                    var read = await ElevationGridReader.ReadFileAsync(terrainFile.FullName, epsg, cancellationToken);
                    if (!read.Success)
                    {
                        return await FailAsync(read.Problems);
                    }

                    grid = read.Value;
                }

                var rules = new PillarPlanRules
                {
                    PrimarySpacing = parse.GetValue(primary),
                    SecondarySpacing = parse.GetValue(secondary),
                    TurningPointMinimumDeflection = parse.GetValue(turn),
                    RefractionCoefficient = parse.GetValue(refraction),
                    MoveWindow = parse.GetValue(moveWindow),
                };
                if (rules.Check() is { Count: > 0 } wrong)
                {
                    await Console.Error.WriteLineAsync("demarcate: " + string.Join("; ", wrong));
                    return DemarcateCommand.UserError;
                }

                var existing = await store.ListPillarsAsync(caller, sectorId, cancellationToken);
                var line = onLine.Geometry.Geometries.SelectMany(g => g.Coordinates).Select(c => new GeoPoint(c.Y, c.X)).ToList();
                var plan = PillarPlanning.Plan(sectorId, line, section.UtmZone, rules, crossings, grid, [.. existing.Select(p => new RegisteredPillar(p.Number, p.Type, p.Planned))]);
                foreach (var note in plan.Notes)
                {
                    await Console.Error.WriteLineAsync("note: " + note);
                }

                foreach (var (from, to) in plan.Unsighted)
                {
                    await Console.Error.WriteLineAsync($"note: pillars {from} and {to} still cannot see each other");
                }

                Console.WriteLine("number,type,reason,latitude,longitude,chainage_m,height_m,feature,moved_m");
                foreach (var p in plan.Pillars)
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{p.Number},{p.Type},{p.Reason},{p.Position.Latitude:0.000000000},{p.Position.Longitude:0.000000000},{p.Chainage:0.000},{p.Height:0.0},{Csv(p.Feature)},{p.Moved:0.0}"));
                }

                if (parse.GetValue(register))
                {
                    var known = existing.Select(p => p.Number).ToHashSet();
                    var added = plan.Pillars.Where(p => !known.Contains(p.Number))
                        .Select(p => Pillar.From(sectorId, p) with { Owner = caller.Account?.Party, Publication = Publication.Draft })
                        .ToList();
                    await store.RegisterPillarsAsync(caller, added, cancellationToken);
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"registered {added.Count} new pillar(s) of {sectorId} as a draft of {caller.Account?.Party}"));
                }

                return 0;
            }
        });
        return command;
    }

    private static Command ImportSurvey()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A GNSS export: CSV (pillar, lat/lon or easting/northing, …) or GeoJSON points." };
        var crs = new Option<string>("--crs") { Description = "The CRS of the coordinates, e.g. EPSG:32638 or EPSG:4326.", Required = true };
        var frame = new Option<string?>("--frame") { Description = "Reference frame of every row without its own (e.g. ITRF2014)." };
        var epoch = new Option<double?>("--epoch") { Description = "Epoch of every row without its own, as a decimal year (e.g. 2024.3)." };
        var method = new Option<string>("--method") { Description = "Survey method of every row without its own.", DefaultValueFactory = _ => "GNSS" };
        var accuracy = new Option<double?>("--accuracy") { Description = "Accuracy (metres) of every row without its own." };
        var heightSystem = new Option<string>("--height-system") { Description = "Height system of the heights.", DefaultValueFactory = _ => "" };
        var accept = new Option<bool>("--accept-valid") { Description = "Record the valid rows even when others have problems (otherwise nothing is recorded)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Reconcile and report; record nothing." };
        var command = new Command("import-survey", "Reconcile a field survey with the register (offsets, per-type tolerances) and record it; bad rows are reported, and nothing is recorded unless all are valid or --accept-valid.")
        {
            file, crs, frame, epoch, method, accuracy, heightSystem, accept, dryRun,
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var recording = !parse.GetValue(dryRun);
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, recording, cancellationToken);
            await using (store)
            {
                var registry = await store.CrsRegistryAsync(caller, cancellationToken);
                var system = registry.Resolve(parse.GetValue(crs), "--crs");
                if (!system.Success)
                {
                    return await FailAsync(system.Problems);
                }

                var commission = await store.GetCommissionAsync(cancellationToken);
                var operation = TransformationChoice.Choose(system.Value, CrsRegistry.Wgs84, TransformationChoice.DefaultCode(system.Value, CrsRegistry.Wgs84, commission?.DatumTransformation), "--operation");
                if (!operation.Success)
                {
                    return await FailAsync(operation.Problems);
                }

                var path = parse.GetValue(file)!;
                var defaults = new SurveyFileDefaults(operation.Value)
                {
                    Frame = parse.GetValue(frame),
                    Epoch = parse.GetValue(epoch),
                    Method = parse.GetValue(method)!,
                    Accuracy = parse.GetValue(accuracy),
                    HeightSystem = parse.GetValue(heightSystem)!,
                };
                SurveyFile read;
                await using (var stream = path.OpenRead())
                {
                    var geoJson = path.Extension is ".geojson" or ".json";
                    read = await SurveyFileReader.ReadAsync(stream, path.Name, geoJson, defaults, cancellationToken);
                }

                var survey = SurveyReconciliation.Reconcile(read.Rows, await store.ListPillarsAsync(caller, null, cancellationToken), new SurveyTolerances());
                var problems = read.Problems.Concat(survey.Problems).ToList();
                Console.WriteLine("number,type,east_m,north_m,offset_m,tolerance_m,within,frame,epoch");
                foreach (var v in survey.Valid)
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{v.Pillar.Number},{v.Pillar.Type},{v.East:0.000},{v.North:0.000},{v.Distance:0.000},{v.Tolerance:0.000},{(v.WithinTolerance ? "yes" : "OUT")},{Csv(v.Row.Position.Frame)},{v.Row.Position.Epoch:0.###}"));
                }

                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync("demarcate: " + problem);
                }

                if (problems.Count > 0 && !parse.GetValue(accept))
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"demarcate: {problems.Count} row(s) with problems; nothing recorded (fix them, or record the {survey.Valid.Count} valid row(s) with --accept-valid)"));
                    return DemarcateCommand.UserError;
                }

                if (recording && survey.Valid.Count > 0)
                {
                    await store.RecordSurveyAsync(caller, [.. survey.Valid.Select(v => v.Observation)], cancellationToken);
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"recorded {survey.Valid.Count} observation(s); {survey.OutOfTolerance.Count()} out of tolerance"));
                }

                return 0;
            }
        });
        return command;
    }

    private static Command Register()
    {
        var sector = new Option<string?>("--sector") { Description = "Only this sector's pillars." };
        var command = new Command("register", "The pillar register as CSV: number, sector, type, status, planned and surveyed positions, frame, epoch, offset.")
        {
            sector, DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, ProceedingsCommands.UserOption, ProceedingsCommands.PasswordFileOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, false, cancellationToken);
            await using (store)
            {
                Console.WriteLine("number,sector,type,status,publication,planned_lat,planned_lon,surveyed_lat,surveyed_lon,frame,epoch,offset_m,version");
                foreach (var p in await store.ListPillarsAsync(caller, parse.GetValue(sector), cancellationToken))
                {
                    var s = p.Surveyed;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{p.Number},{p.SectorId},{p.Type},{p.Status},{p.Publication},{p.Planned.Latitude:0.000000000},{p.Planned.Longitude:0.000000000},{s?.Position.Latitude:0.000000000},{s?.Position.Longitude:0.000000000},{Csv(s?.Frame)},{s?.Epoch:0.###},{p.Offset()?.Distance:0.000},{p.Version}"));
                }

                return 0;
            }
        });
        return command;
    }

    private static string Csv(string? text) => text is null ? "" : text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static async Task<int> FailAsync(IReadOnlyList<InputProblem> problems)
    {
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync("demarcate: " + problem);
        }

        return DemarcateCommand.UserError;
    }
}
