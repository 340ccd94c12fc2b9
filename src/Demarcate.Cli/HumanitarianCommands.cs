using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Humanitarian;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary>
/// <c>demarcate humanitarian list|show|add|status|exchange|exchanges|summary|erase</c>: humanitarian cases, as the officer named by
/// --user. Personal fields come from a JSON file (never the command line, which lands in shell history and process lists).
/// </summary>
internal static class HumanitarianCommands
{
    internal static readonly Option<string?> KeyOption = new("--humanitarian-key")
    {
        Description = "The file of the key-encryption key of humanitarian cases (created if missing, mode 0600). Default: beside the journal key.",
    };

    public static Command Humanitarian() => new("humanitarian", "Humanitarian cases: prisoners of war, detainees and remains, with personal fields encrypted at rest.")
    {
        List(),
        Show(),
        Add(),
        Status(),
        Exchange(),
        Exchanges(),
        Summary(),
        Erase(),
    };

    private static Command List()
    {
        var command = ProceedingsCommands.NewCommand("list", "The cases you may see, without personal fields: id, kind, party, status, reported on.", KeyOption);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (store, caller) =>
        {
            foreach (var c in await store.ListHumanitarianCasesAsync(caller, cancellationToken))
            {
                Console.WriteLine(Line(c));
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("CASE") { Description = "The case's id (hc-…)." };
        var command = ProceedingsCommands.NewCommand("show", "Open one case: its personal fields and status history. The reading is journaled.", KeyOption);
        command.Arguments.Add(id);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (store, caller) =>
        {
            var opened = await store.ReadHumanitarianCaseAsync(caller, parse.GetValue(id)!, cancellationToken);
            Console.WriteLine(Line(opened.Record));
            if (opened.Person is null)
            {
                Console.WriteLine("personal fields: erased (the case key was destroyed)");
            }
            else
            {
                foreach (var (field, value) in opened.Person.Fields())
                {
                    Console.WriteLine($"{field}: {value}");
                }
            }

            foreach (var h in opened.History)
            {
                Console.WriteLine($"history: {h.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {h.Status} by {h.Actor}{(h.ExchangeId is null ? "" : " in " + h.ExchangeId)}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Add()
    {
        var kind = new Option<CaseKind>("--kind") { Description = "PrisonerOfWar, Detainee or Remains.", Required = true };
        var party = new Option<string>("--party") { Description = "The party whose national the person is, e.g. AM.", Required = true };
        var reported = new Option<DateOnly>("--reported-on") { Description = "The day the case was reported (yyyy-MM-dd).", Required = true };
        var person = new Option<FileInfo>("--person") { Description = "A JSON object of the personal fields (surname, firstNames, rank, serviceNumber, dateOfBirth, …).", Required = true };
        var command = ProceedingsCommands.NewCommand("add", "Open a case; its personal fields are sealed under a new case key. Prints the case's id.", kind, party, reported, person, KeyOption);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (store, caller) =>
        {
            var file = parse.GetValue(person)!;
            Dictionary<string, string?>? fields;
            try
            {
                await using var stream = file.OpenRead();
                fields = await JsonSerializer.DeserializeAsync<Dictionary<string, string?>>(stream, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                // The message names the file and the place, never a value from it.
                await Console.Error.WriteLineAsync($"demarcate: {file.Name}: not a JSON object of text fields ({(e is JsonException j ? $"line {j.LineNumber + 1}" : e.GetType().Name)})");
                return DemarcateCommand.UserError;
            }

            var parsed = PersonalParticulars.FromFields(fields ?? [], file.Name);
            if (!parsed.Success)
            {
                foreach (var problem in parsed.Problems)
                {
                    await Console.Error.WriteLineAsync("demarcate: " + problem);
                }

                return DemarcateCommand.UserError;
            }

            var added = await store.AddHumanitarianCaseAsync(caller, parse.GetValue(kind), new PartyCode(parse.GetValue(party)!), parse.GetValue(reported), parsed.Value, cancellationToken);
            Console.WriteLine(added.Id);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("CASE") { Description = "The case's id." };
        var status = new Argument<CaseStatus>("STATUS") { Description = "Confirmed, Repatriated, Exchanged (persons); Located, Recovered, Identified, HandedOver (remains)." };
        var version = new Option<int>("--version") { Description = "The version of the case you read (list shows it).", Required = true };
        var command = ProceedingsCommands.NewCommand("status", "Move a case forward.", version, KeyOption);
        command.Arguments.Add(id);
        command.Arguments.Add(status);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (store, caller) =>
        {
            Console.WriteLine(Line(await store.ChangeHumanitarianStatusAsync(caller, parse.GetValue(id)!, parse.GetValue(status), parse.GetValue(version), cancellationToken)));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Exchange()
    {
        var cases = new Argument<string[]>("CASE") { Description = "The ids of the cases exchanged or handed over.", Arity = ArgumentArity.OneOrMore };
        var date = new Option<DateOnly>("--date") { Description = "The day of the exchange (yyyy-MM-dd).", Required = true };
        var place = new Option<string>("--place") { Description = "Where it took place.", Required = true };
        var intermediary = new Option<string>("--intermediary") { Description = "Through whom, e.g. ICRC.", DefaultValueFactory = _ => "ICRC" };
        var command = ProceedingsCommands.NewCommand("exchange", "Record an exchange: every case in it becomes exchanged (persons) or handed over (remains), all or none.", date, place, intermediary, KeyOption);
        command.Arguments.Add(cases);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (store, caller) =>
        {
            var recorded = await store.RecordExchangeAsync(
                caller, new CaseExchange("", parse.GetValue(date), parse.GetValue(place)!, parse.GetValue(intermediary)!, parse.GetValue(cases)!), cancellationToken);
            Console.WriteLine(ExchangeLine(recorded));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Exchanges()
    {
        var id = new Argument<string?>("EXCHANGE") { Description = "One exchange's id (hx-…); without it, every exchange in which you see a case.", Arity = ArgumentArity.ZeroOrOne };
        var command = ProceedingsCommands.NewCommand("exchanges", "The exchanges in which you see a case: id, date, place, intermediary and the cases you see in it (officers only).", KeyOption);
        command.Arguments.Add(id);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (store, caller) =>
        {
            if (parse.GetValue(id) is { } one)
            {
                // An exchange of cases the caller may not see answers like one never recorded.
                Console.WriteLine(ExchangeLine(await store.GetHumanitarianExchangeAsync(caller, one, cancellationToken)));
                return 0;
            }

            if (!HumanitarianAccess.IsOfficer(caller))
            {
                throw new NotPermittedException("Humanitarian exchanges are for humanitarian officers; others see their number in `humanitarian summary`.");
            }

            foreach (var exchange in await store.ListHumanitarianExchangesAsync(caller, cancellationToken))
            {
                Console.WriteLine(ExchangeLine(exchange));
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Summary()
    {
        var threshold = new Option<int>("--disclosure-threshold")
        {
            Description = "Counts from 1 to one below this, of cases you may not see, are printed as \"<N\" (1 withholds nothing).",
            DefaultValueFactory = _ => FigureDisclosure.DefaultThreshold,
        };
        var command = ProceedingsCommands.NewCommand("summary", "Counts of cases by kind, party and status, and the number of exchanges (any signed-in user); small counts of cases you may not see are withheld.", threshold, KeyOption);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (store, caller) =>
        {
            var figures = await store.SummariseHumanitarianCasesAsync(caller, parse.GetValue(threshold), cancellationToken);
            Console.WriteLine("kind\tparty\tstatus\tcases");
            foreach (var c in figures.Counts)
            {
                var count = c.Count is { } n ? n.ToString(CultureInfo.InvariantCulture) : "<" + figures.DisclosureThreshold.ToString(CultureInfo.InvariantCulture);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Kind}\t{c.Party}\t{c.Status}\t{count}"));
            }

            Console.WriteLine(figures.Total is { } total
                ? string.Create(CultureInfo.InvariantCulture, $"total\t\t\t{total}")
                : string.Create(CultureInfo.InvariantCulture, $"total\t\t\tat least {figures.TotalAtLeast}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exchanges\t\t\t{figures.Exchanges}"));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Erase()
    {
        var id = new Argument<string>("CASE") { Description = "The case's id." };
        var command = ProceedingsCommands.NewCommand("erase", "Destroy the case's key: the person can no longer be recovered; status, history and journal remain.", KeyOption);
        command.Arguments.Add(id);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (store, caller) =>
        {
            Console.WriteLine(Line(await store.EraseHumanitarianCaseAsync(caller, parse.GetValue(id)!, cancellationToken)));
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>Every humanitarian command acts as an account and writes (reads of a case are journaled).</summary>
    private static async Task<int> RunAsync(ParseResult parse, Func<ICommissionStore, Caller, Task<int>> work, CancellationToken cancellationToken)
    {
        var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: true, cancellationToken);
        await using (store)
        {
            if (parse.GetValue(KeyOption) is { } key)
            {
                store.UseHumanitarianKeyFile(key);
            }

            return await work(store, caller);
        }
    }

    private static string ExchangeLine(CaseExchange x) =>
        string.Create(CultureInfo.InvariantCulture, $"{x.Id}\t{x.HeldOn:yyyy-MM-dd}\t{x.Place}\t{x.Intermediary}\t{string.Join(',', x.CaseIds)}");

    private static string Line(CaseRecord c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Id}\t{c.Kind}\t{c.Party}\t{c.Status}\t{c.ReportedOn:yyyy-MM-dd}\tversion {c.Version}{(c.IsErased ? "\terased" : "")}");
}
