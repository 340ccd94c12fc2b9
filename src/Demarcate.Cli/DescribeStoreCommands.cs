using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Geodesy;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary>
/// <c>demarcate describe save|versions|show|diff</c>: a delegation's stored descriptions of a sector, acting as the
/// account named by <c>--user</c> exactly as in the web editor (without it, reading as an anonymous visitor).
/// </summary>
internal static class DescribeStoreCommands
{
    private static Option<string> SectorOption(bool required) => new("--sector") { Description = "The sector, e.g. M-07.", Required = required };

    public static IEnumerable<Command> Commands() => [Save(), Versions(), Show(), Diff()];

    private static Command Save()
    {
        var file = new Argument<string>("FILE") { Description = "The description's canonical text." };
        var sector = SectorOption(required: true);
        var basedOn = new Option<int>("--based-on") { Description = "The number of your delegation's latest version you started from (0 for the first; shown by versions). A newer one refuses the save.", Required = true };
        var draft = new Option<bool>("--draft") { Description = "Save even with problems, as a draft with its problems listed; without it only a consistent description is saved." };
        var precedence = new Option<string?>("--precedence") { Description = "The commission's order of precedence where text, coordinates and map line contradict, e.g. \"text > coordinates > map\" (the default)." };
        var command = ProceedingsCommands.NewCommand("save", "Save the next version of your delegation's description of a sector (its own until submitted).", sector, basedOn, draft, precedence);
        command.Arguments.Add(file);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var order = DescriptionPrecedence.Parse(parse.GetValue(precedence), "--precedence");
            if (!order.Success)
            {
                throw new CommandRefusalException(order.Problems[0].ToString());
            }

            var path = parse.GetValue(file)!;
            var text = await TrustCommands.ReadTextAsync(path, "the description", cancellationToken);
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: true, cancellationToken);
            await using var _ = store;
            try
            {
                var saved = await store.SaveDescriptionAsync(
                    caller, new DescriptionDraft(parse.GetValue(sector)!, text, parse.GetValue(basedOn), parse.GetValue(draft)) { Precedence = order.Value }, cancellationToken);
                foreach (var problem in saved.Problems)
                {
                    await Console.Error.WriteLineAsync(Located(path, problem));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Saved {saved.Id} of sector {saved.SectorId}: {saved.Status.ToString().ToLowerInvariant()}{(saved.Problems.Count > 0 ? $", {saved.Problems.Count} problem(s)" : "")}; only {saved.Owner} sees it until submitted."));
                return 0;
            }
            catch (DescriptionInconsistentException refused)
            {
                foreach (var problem in refused.Problems)
                {
                    await Console.Error.WriteLineAsync(Located(path, problem));
                }

                throw;
            }
        });
        return command;
    }

    private static Command Versions()
    {
        var sector = SectorOption(required: true);
        var command = ProceedingsCommands.NewCommand("versions", "List the versions of a sector's descriptions you may see: id, status, problems, publication, record version, precedence, saved by and when.", sector);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using var _ = store;
            Console.WriteLine("version\tstatus\tproblems\tpublication\trecord\tprecedence\tsaved by\tsaved at");
            foreach (var v in await store.ListDescriptionsAsync(caller, parse.GetValue(sector)!, cancellationToken))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{v.Id}\t{v.Status.ToString().ToLowerInvariant()}\t{v.Problems.Count}\t{v.Publication.ToString().ToLowerInvariant()}\t{v.Version}\t{v.Precedence}\t{v.AuthoredBy}\t{v.AuthoredAt:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var version = new Argument<string>("VERSION") { Description = "The version, e.g. AM-3." };
        var sector = SectorOption(required: true);
        var command = ProceedingsCommands.NewCommand("show", "Write a stored version's canonical text; its problems, if it is a draft, go to standard error.", sector);
        command.Arguments.Add(version);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
            await using var _ = store;
            var id = parse.GetValue(version)!;
            var stored = await store.GetDescriptionAsync(caller, parse.GetValue(sector)!, id, cancellationToken)
                ?? throw new CommandRefusalException($"There is no description {id} of sector {parse.GetValue(sector)} that you may see.");
            Console.Write(stored.Text);
            foreach (var problem in stored.Problems)
            {
                await Console.Error.WriteLineAsync(Located(id, problem));
            }

            return 0;
        });
        return command;
    }

    private static Command Diff()
    {
        var a = new Argument<string>("A") { Description = "The earlier description: a file, or a stored version (AM-2) with --sector." };
        var b = new Argument<string>("B") { Description = "The later description: a file, or a stored version (AM-3) with --sector." };
        var sector = SectorOption(required: false);
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = ProceedingsCommands.NewCommand("diff", "What changed between two descriptions: turning points added, removed, moved (with the geodesic distance) or restated; legs added, removed or changed.", sector, format);
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var first = parse.GetValue(a)!;
            var second = parse.GetValue(b)!;
            CrsRegistry registry;
            string beforeText, afterText;
            if (parse.GetValue(sector) is { } sectorId && !(File.Exists(first) && File.Exists(second)))
            {
                var (store, caller) = await ProceedingsCommands.OpenAsync(parse, write: false, cancellationToken);
                await using var _ = store;
                registry = await store.CrsRegistryAsync(caller, cancellationToken);
                beforeText = await TextAsync(store, caller, sectorId, first, cancellationToken);
                afterText = await TextAsync(store, caller, sectorId, second, cancellationToken);
            }
            else
            {
                registry = CrsRegistry.Standard;
                beforeText = await TrustCommands.ReadTextAsync(first, "the first description", cancellationToken);
                afterText = await TrustCommands.ReadTextAsync(second, "the second description", cancellationToken);
            }

            var before = Parsed(beforeText, first);
            var after = Parsed(afterText, second);
            var difference = DescriptionDifference.Between(before, after, registry);
            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(Demarcate.Server.Endpoints.DescriptionEndpoints.Diff(first, second, difference)));
                return 0;
            }

            foreach (var line in Lines(difference))
            {
                Console.WriteLine(line);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The difference in words, one change a line.</summary>
    public static IEnumerable<string> Lines(DescriptionDifference difference)
    {
        if (difference.IsEmpty)
        {
            yield return "no change";
            yield break;
        }

        if (!string.Equals(difference.TitleBefore, difference.TitleAfter, StringComparison.Ordinal))
        {
            yield return $"title: \"{difference.TitleBefore}\" → \"{difference.TitleAfter}\"";
        }

        if (difference.ClosedBefore != difference.ClosedAfter)
        {
            yield return difference.ClosedAfter ? "now CLOSED" : "no longer CLOSED";
        }

        foreach (var p in difference.TurningPoints)
        {
            yield return p.Change switch
            {
                DescriptionChange.Changed => string.Create(CultureInfo.InvariantCulture, $"turning point {p.Id} moved {p.Moved?.ToString("0.000", CultureInfo.InvariantCulture) ?? "?"} m"),
                DescriptionChange.Restated => $"turning point {p.Id} restated at the same place ({p.Before!.Position.Crs} → {p.After!.Position.Crs}, fixed by {p.Before.FixedBy} → {p.After.FixedBy})",
                _ => $"turning point {p.Id} {p.Change.ToString().ToLowerInvariant()}",
            };
        }

        foreach (var l in difference.Legs)
        {
            yield return l.Change == DescriptionChange.Changed
                ? $"leg {l.Label} changed: {Leg(l.Before!)} → {Leg(l.After!)}"
                : $"leg {l.Label} {l.Change.ToString().ToLowerInvariant()}";
        }
    }

    private static string Leg(Leg leg) => DescriptionText.Write(new BoundaryDescription(null, false, [], [leg])).TrimEnd();

    private static BoundaryDescription Parsed(string text, string source)
    {
        var parsed = DescriptionText.Parse(text, source);
        return parsed.Success ? parsed.Value : throw new CommandRefusalException(parsed.Problems[0].ToString());
    }

    private static async Task<string> TextAsync(ICommissionStore store, Caller caller, string sectorId, string version, CancellationToken cancellationToken) =>
        (await store.GetDescriptionAsync(caller, sectorId, version, cancellationToken))?.Text
        ?? throw new CommandRefusalException($"There is no description {version} of sector {sectorId} that you may see.");

    private static string Located(string source, InputProblem problem) => (problem with { Source = source }).ToString();
}
