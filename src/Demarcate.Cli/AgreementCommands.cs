using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Agreements;
using Demarcate.Core.TransportLinks;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary>
/// <c>demarcate agreements list|show|status|revise|revisions|dashboard</c> and <c>demarcate taskforce list|add|crossings</c>: the
/// agreements register and the transport-links task force, read and written through the store as the server does.
/// </summary>
internal static class AgreementCommands
{
    private static readonly Option<string?> DateOption = new("--date") { Description = "The day deadlines are judged on (yyyy-MM-dd; default: today, UTC)." };

    public static Command Agreements() => new("agreements", "The agreements register: agreements, provisions, implementation status (Peace Accords Matrix 0–3), dashboard.")
    {
        List(), Show(), Status(), Revise(), Revisions(), Dashboard(),
    };

    public static Command TaskForce() => new("taskforce", "The transport-links task force: actions, their routes and crossings of the line in force.")
    {
        ListActions(), AddAction(), Crossings(),
    };

    private static DateOnly Today(ParseResult parse) =>
        DateOnly.TryParseExact(parse.GetValue(DateOption), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : DateOnly.FromDateTime(DateTime.UtcNow);

    private static async Task<(IReadOnlyList<Agreement>, IReadOnlyList<StatusAssessment>)> ReadAsync(ICommissionStore store, Caller caller, CancellationToken cancellationToken) =>
        (await store.ListAgreementsAsync(caller, cancellationToken), await store.ListAssessmentsAsync(caller, null, cancellationToken));

    private static Command List()
    {
        var command = ProceedingsCommands.NewCommand("list", "Every agreement: id, date, title, provisions, mean level.", DateOption);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using (store)
            {
                var (agreements, assessments) = await ReadAsync(store, caller, cancellationToken);
                var dashboard = Implementation.Dashboard(agreements, assessments, Today(parse));
                foreach (var a in agreements)
                {
                    var s = dashboard.ByAgreement.First(x => x.Key == a.Id);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.Id}\t{a.SignedOn:yyyy-MM-dd}\t{a.Title}\t{s.Provisions} provisions\tmean {s.MeanLevel:F2}\t{s.Overdue} overdue"));
                }

                return 0;
            }
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("AGREEMENT") { Description = "The agreement's id, e.g. TS-2020-11-10." };
        var command = ProceedingsCommands.NewCommand("show", "One agreement's provisions with deadline, level and status history.", DateOption);
        command.Arguments.Add(id);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using (store)
            {
                var agreement = await store.GetAgreementAsync(caller, parse.GetValue(id)!, cancellationToken) ?? throw new RecordNotFoundException("agreement", parse.GetValue(id)!);
                var history = await store.ListAssessmentsAsync(caller, agreement.Id, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{agreement.Title} ({agreement.SignedOn:yyyy-MM-dd})"));
                foreach (var s in Implementation.Standings([agreement], history, Today(parse)))
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{s.Provision.Number}\t{s.Provision.Theme}\tlevel {(int)s.Level}\tdeadline {s.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}\t{s.State}\t{s.Provision.Text}"));
                    foreach (var h in history.Where(h => h.ProvisionNumber == s.Provision.Number))
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\t{h.AssessedOn:yyyy-MM-dd}\t{(int)h.Level}\t{h.Evidence}\t{h.Assessor}"));
                    }
                }

                return 0;
            }
        });
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("AGREEMENT") { Description = "The agreement's id." };
        var number = new Argument<string>("PROVISION") { Description = "The provision's number in it, e.g. 9 or 6b." };
        var level = new Option<string>("--level") { Description = "0 not initiated, 1 minimal, 2 intermediate, 3 full.", Required = true };
        var on = new Option<string>("--on") { Description = "The day assessed (yyyy-MM-dd).", Required = true };
        var evidence = new Option<string>("--evidence") { Description = "What the assessment rests on.", Required = true };
        var document = new Option<string?>("--document") { Description = "A supporting document (link or register id)." };
        var command = ProceedingsCommands.NewCommand("status", "Record a provision's implementation status (appended to its history; co-chairs and the mediator's advisers).", level, on, evidence, document);
        command.Arguments.Add(id);
        command.Arguments.Add(number);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var read = AssessmentInput.Read(parse.GetValue(id)!, parse.GetValue(number)!, parse.GetValue(level), parse.GetValue(on), parse.GetValue(evidence), parse.GetValue(document), "command line");
            if (!read.Success)
            {
                return await FailAsync(read.Problems);
            }

            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: true, cancellationToken);
            await using (store)
            {
                var recorded = await store.RecordAssessmentAsync(caller, read.Value, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{recorded.AgreementId}/{recorded.ProvisionNumber}: level {(int)recorded.Level} on {recorded.AssessedOn:yyyy-MM-dd}"));
                return 0;
            }
        });
        return command;
    }

    private static Command Revise()
    {
        var id = new Argument<string>("AGREEMENT") { Description = "The agreement's id." };
        var number = new Argument<string>("PROVISION") { Description = "The provision's number in it, e.g. 9 or 6b." };
        var version = new Option<int>("--version") { Description = "The provision's version you read (`agreements revisions` shows it); a stale one is refused.", Required = true };
        var summary = new Option<string?>("--summary") { Description = "The commission's summary of the provision (default: unchanged)." };
        var theme = new Option<string?>("--theme") { Description = $"One of {string.Join(", ", Enum.GetNames<ProvisionTheme>())} (default: unchanged)." };
        var responsible = new Option<string?>("--responsible") { Description = "The responsible parties, e.g. \"AM, AZ\" (default: unchanged; \"\" for none)." };
        var deadline = new Option<string?>("--deadline") { Description = "A date (2021-03-01), days after signature (30d), or \"\" for none (default: unchanged)." };
        var links = new Option<string?>("--links") { Description = "Links to other records, e.g. \"sector:M-01 action:TF-RAIL-ARAKS\" (default: unchanged; \"\" for none)." };
        var command = ProceedingsCommands.NewCommand(
            "revise", "Revise a provision's summary, theme, responsible parties, deadline or links (co-chairs and the mediator's advisers); the earlier text is kept.",
            version, summary, theme, responsible, deadline, links);
        command.Arguments.Add(id);
        command.Arguments.Add(number);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: true, cancellationToken);
            await using (store)
            {
                var agreementId = parse.GetValue(id)!;
                var key = agreementId + "/" + parse.GetValue(number);
                var current = (await store.GetAgreementAsync(caller, agreementId, cancellationToken))?.Provisions.SingleOrDefault(p => p.Number == parse.GetValue(number))
                    ?? throw new RecordNotFoundException("provision", key);
                var read = ProvisionInput.Read(
                    current.Number,
                    parse.GetValue(summary) ?? current.Text,
                    parse.GetValue(theme) ?? current.Theme.ToString(),
                    parse.GetValue(responsible) ?? ProvisionInput.Join(current.ResponsibleParties),
                    parse.GetValue(deadline) ?? current.Deadline.ToString(),
                    parse.GetValue(links) ?? ProvisionInput.Join(current.Links.Select(l => l.ToString())),
                    "command line");
                if (!read.Success)
                {
                    return await FailAsync(read.Problems);
                }

                var revised = await store.ReviseProvisionAsync(caller, agreementId, read.Value, parse.GetValue(version), cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: version {revised.Version}\t{revised.Theme}\t{revised.Text}"));
                return 0;
            }
        });
        return command;
    }

    private static Command Revisions()
    {
        var id = new Argument<string>("AGREEMENT") { Description = "The agreement's id." };
        var command = ProceedingsCommands.NewCommand("revisions", "Each provision's current version, then every earlier text with who replaced it and when.");
        command.Arguments.Add(id);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using (store)
            {
                var agreement = await store.GetAgreementAsync(caller, parse.GetValue(id)!, cancellationToken) ?? throw new RecordNotFoundException("agreement", parse.GetValue(id)!);
                var revisions = await store.ListProvisionRevisionsAsync(caller, agreement.Id, cancellationToken);
                foreach (var p in agreement.Provisions)
                {
                    Console.WriteLine(Line(p, "current"));
                    foreach (var r in revisions.Where(r => r.Provision.Number == p.Number))
                    {
                        Console.WriteLine("\t" + Line(r.Provision, string.Create(CultureInfo.InvariantCulture, $"replaced {r.RevisedAt:yyyy-MM-dd'T'HH:mm:ss'Z'} by {r.RevisedBy}")));
                    }
                }

                return 0;
            }
        });
        return command;

        static string Line(Provision p, string state) => string.Create(
            CultureInfo.InvariantCulture,
            $"{p.Number}\tversion {p.Version}\t{state}\t{p.Theme}\t{string.Join(',', p.ResponsibleParties)}\t{(p.Deadline.Kind == DeadlineKind.None ? "-" : p.Deadline.ToString())}\t{string.Join(' ', p.Links)}\t{p.Text}");
    }

    private static Command Dashboard()
    {
        var command = ProceedingsCommands.NewCommand("dashboard", "Overdue provisions and implementation by theme.", DateOption);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using (store)
            {
                var (agreements, assessments) = await ReadAsync(store, caller, cancellationToken);
                var dashboard = Implementation.Dashboard(agreements, assessments, Today(parse));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Overdue on {dashboard.Today:yyyy-MM-dd}: {dashboard.Overdue.Count}"));
                foreach (var s in dashboard.Overdue)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {s.Agreement.Id}/{s.Provision.Number}\tdue {s.Deadline:yyyy-MM-dd}\tlevel {(int)s.Level}\t{s.Provision.Text}"));
                }

                Console.WriteLine("By theme (provisions, count at levels 0/1/2/3, mean, overdue):");
                foreach (var t in dashboard.ByTheme)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Key}\t{t.Provisions}\t{string.Join('/', t.CountByLevel)}\t{t.MeanLevel:F2}\t{t.Overdue}"));
                }

                return 0;
            }
        });
        return command;
    }

    private static Command ListActions()
    {
        var command = ProceedingsCommands.NewCommand("list", "The task-force actions you may see.");
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using (store)
            {
                foreach (var a in await store.ListActionsAsync(caller, cancellationToken))
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{a.Id}\t{a.Subgroup}\t{a.Status}\t{a.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}\t{a.LengthMetres() / 1000:F1} km\t{a.Owner?.Value ?? "commission"} ({a.Publication})\tv{a.Version}\t{a.Title}"));
                }

                return 0;
            }
        });
        return command;
    }

    private static Command AddAction()
    {
        var id = new Option<string>("--id") { Description = "The action's id, e.g. TF-ROAD-7.", Required = true };
        var title = new Option<string>("--title") { Description = "What the action restores.", Required = true };
        var subgroup = new Option<string>("--subgroup") { Description = "Rail, Road, Border, Customs, Energy or Communications.", Required = true };
        var route = new Option<string>("--route") { Description = "The route: 'lon lat, lon lat, …' in WGS 84, or a WKT LINESTRING.", Required = true };
        var responsible = new Option<string[]>("--responsible") { Description = "A responsible party (repeat).", AllowMultipleArgumentsPerToken = true };
        var deadline = new Option<string?>("--deadline") { Description = "yyyy-MM-dd." };
        var checkpoint = new Option<string[]>("--checkpoint") { Description = "name|kind|latitude|longitude (repeat); kind: BorderCrossing, Customs, Station, Bridge, Junction." };
        var submit = new Option<bool>("--submit") { Description = "Submit it to the commission at once (otherwise your delegation's draft)." };
        var command = ProceedingsCommands.NewCommand("add", "Propose a task-force action for your delegation (a draft unless --submit).", id, title, subgroup, route, responsible, deadline, checkpoint, submit);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: true, cancellationToken);
            await using (store)
            {
                var read = ActionInput.Read(
                    new ActionFields(parse.GetValue(id), parse.GetValue(title), parse.GetValue(subgroup), parse.GetValue(route))
                    {
                        ResponsibleParties = parse.GetValue(responsible) ?? [],
                        Deadline = parse.GetValue(deadline),
                        Checkpoints = parse.GetValue(checkpoint) ?? [],
                        Owner = caller.Account?.Party?.Value,
                        Submit = parse.GetValue(submit),
                    },
                    "command line");
                if (!read.Success)
                {
                    return await FailAsync(read.Problems);
                }

                var added = await store.AddActionAsync(caller, read.Value, cancellationToken);
                Console.WriteLine($"{added.Id}: {added.Publication.ToString().ToLowerInvariant()}, version {added.Version}");
                return 0;
            }
        });
        return command;
    }

    private static Command Crossings()
    {
        var id = new Argument<string>("ACTION") { Description = "The action's id." };
        var command = ProceedingsCommands.NewCommand("crossings", "How the action's route crosses the line in force: count, where, and length on each side.");
        command.Arguments.Add(id);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using (store)
            {
                var r = await TaskForceCrossings.AnalyseAsync(store, caller, parse.GetValue(id)!, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.ActionId} against {r.LineId} ({r.SectionId}): {r.Crossings} crossings"));
                foreach (var p in r.Points)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Position.Latitude:F6} {p.Position.Longitude:F6}\troute km {p.RouteKm:F3}\tline km {p.BoundaryKm:F3}\tsector {p.SectorId ?? "-"}"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.PartyOnLeft}: {r.LengthLeftMetres:F1} m\t{r.PartyOnRight}: {r.LengthRightMetres:F1} m"));
                return 0;
            }
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
