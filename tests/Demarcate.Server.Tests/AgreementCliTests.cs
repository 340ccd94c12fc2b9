using System.Globalization;
using System.Text.RegularExpressions;
using Demarcate.Testing;
using static Demarcate.Testing.CliRun;

namespace Demarcate.Server.Tests;

/// <summary>
/// <c>demarcate agreements …</c> and <c>demarcate taskforce …</c> as the real process on a demo GeoPackage store: the
/// register read and a status recorded by a co-chair, refusals with their exit code and one line, an action proposed
/// as a delegation's draft and its route's crossings, whose lengths add up to the route's length by PROJ's geod.
/// </summary>
public sealed partial class AgreementCliTests(DemoStoreFile demo) : IClassFixture<DemoStoreFile>
{
    /// <summary>A copy of the demo store with a co-chair and a cartographer of Armenia and a cartographer of Azerbaijan.</summary>
    private async Task<CliRun> DemoStoreAsync(ScratchFolder scratch)
    {
        var cli = await demo.CopyForCliAsync(scratch);
        await cli.AddAccountAsync("am.chair", "AM co-chair", "CoChair", "AM");
        await cli.AddAccountAsync("am.carto", "AM cartographer", "Cartographer", "AM");
        await cli.AddAccountAsync("az.carto", "AZ cartographer", "Cartographer", "AZ");
        return cli;
    }

    [Fact]
    public async Task A_co_chair_lists_shows_records_a_status_and_the_dashboard_follows()
    {
        using var scratch = new ScratchFolder();
        var cli = await DemoStoreAsync(scratch);
        var store = cli.Store;
        string[] asChair = cli.As("am.chair");
        string[] asCarto = cli.As("am.carto");

        // The four demo statements, each with its provisions; on 1 June 2021 the project list (due 1 March) is overdue.
        var listed = Lines(await Ok(["agreements", "list", "--date", "2021-06-01", .. asChair]));
        string[] statements = ["TS-2020-11-10", "TS-2021-01-11", "TS-2021-11-26", "TS-2022-10-31"];
        Assert.Equal(statements, listed.Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal));
        var january = listed.Single(l => l.StartsWith("TS-2021-01-11\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal("2021-01-11", january[1]);
        Assert.Equal("4 provisions", january[3]);
        Assert.Equal("2 overdue", january[5]); // the subgroups' lists (due 10 February) and the project list (due 1 March)

        // Someone who is not signed in sees an empty register, and an agreement answers as a missing one.
        Assert.Empty(Lines(await Ok("agreements", "list", "--store", store)));
        var hidden = await Refused("agreements", "show", "TS-2021-01-11", "--store", store);
        var missing = await Refused(["agreements", "show", "TS-1999-01-01", .. asChair]);
        Assert.Equal(missing.Error, hidden.Error);

        var shown = Lines(await Ok(["agreements", "show", "TS-2021-01-11", "--date", "2021-06-01", .. asChair]));
        Assert.StartsWith("Trilateral statement on economic and transport links (11 January 2021) (2021-01-11)", shown[0], StringComparison.Ordinal);
        Assert.Contains(shown, l => l.StartsWith("4\tTransport\tlevel 1\tdeadline 2021-03-01\tOverdue\t", StringComparison.Ordinal));
        // "Within about a month" of 11 January resolves to 10 February.
        Assert.Contains(shown, l => l.StartsWith("3\tTransport\tlevel 2\tdeadline 2021-02-10\tOverdue\t", StringComparison.Ordinal));

        var before = Lines(await Ok(["agreements", "dashboard", "--date", "2021-06-01", .. asChair]));
        Assert.Contains(before, l => l.StartsWith("TS-2021-01-11/4\tdue 2021-03-01\tlevel 1\t", StringComparison.Ordinal));
        var overdueBefore = OverdueCount(before);
        var transportBefore = before.Single(l => l.StartsWith("Transport\t", StringComparison.Ordinal)).Split('\t');

        // Bad input names the field and writes nothing; a cartographer may not assess; a change is made as an account.
        var badLevel = await Refused(["agreements", "status", "TS-2021-01-11", "4", "--level", "7", "--on", "2021-06-01", "--evidence", "x", .. asChair]);
        Assert.Contains("level", badLevel.Error, StringComparison.Ordinal);
        var early = await Refused(["agreements", "status", "TS-2021-01-11", "4", "--level", "3", "--on", "2020-12-31", "--evidence", "x", .. asChair]);
        Assert.Contains("cannot predate the agreement (2021-01-11)", early.Error, StringComparison.Ordinal);
        await Refused(["agreements", "status", "TS-2021-01-11", "4", "--level", "3", "--on", "2021-06-01", "--evidence", "x", .. asCarto]);
        var anonymous = await Refused("agreements", "status", "TS-2021-01-11", "4", "--level", "3", "--on", "2021-06-01", "--evidence", "x", "--store", store);
        Assert.Contains("--user", anonymous.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Lines(await Ok(["agreements", "show", "TS-2021-01-11", .. asChair])), l => l.Contains("\tx\t", StringComparison.Ordinal));

        var recorded = await Ok(["agreements", "status", "TS-2021-01-11", "4", "--level", "3", "--on", "2021-06-01", "--evidence", "Schedule handed to the leaders (CLI test).", .. asChair]);
        Assert.Equal("TS-2021-01-11/4: level 3 on 2021-06-01", recorded.Output.Trim());

        var after = Lines(await Ok(["agreements", "show", "TS-2021-01-11", "--date", "2021-06-01", .. asChair]));
        Assert.Contains(after, l => l.StartsWith("4\tTransport\tlevel 3\tdeadline 2021-03-01\tNone\t", StringComparison.Ordinal));
        var history = after.SkipWhile(l => !l.StartsWith("4\t", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("20", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, history.Count);
        Assert.StartsWith("2021-03-01\t1\t[demo assessment] A first list handed over", history[0], StringComparison.Ordinal);
        Assert.StartsWith("2021-06-01\t3\tSchedule handed to the leaders (CLI test).", history[1], StringComparison.Ordinal);

        var dashboard = Lines(await Ok(["agreements", "dashboard", "--date", "2021-06-01", .. asChair]));
        Assert.DoesNotContain(dashboard, l => l.StartsWith("TS-2021-01-11/4\t", StringComparison.Ordinal));
        Assert.Equal(overdueBefore - 1, OverdueCount(dashboard));
        var transport = dashboard.Single(l => l.StartsWith("Transport\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(transportBefore[1], transport[1]);
        Assert.Equal(int.Parse(transportBefore[4], CultureInfo.InvariantCulture) - 1, int.Parse(transport[4], CultureInfo.InvariantCulture));
        var levels = transport[2].Split('/').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var levelsBefore = transportBefore[2].Split('/').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(levelsBefore[1] - 1, levels[1]);
        Assert.Equal(levelsBefore[3] + 1, levels[3]);

        // The dashboard of an earlier day leaves the later assessment out.
        Assert.Contains(Lines(await Ok(["agreements", "dashboard", "--date", "2021-05-01", .. asChair])), l => l.StartsWith("TS-2021-01-11/4\t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_co_chair_revises_a_provision_keeping_the_fields_not_given_and_the_earlier_text_stays_listed()
    {
        using var scratch = new ScratchFolder();
        var cli = await DemoStoreAsync(scratch);
        var store = cli.Store;
        string[] asChair = cli.As("am.chair");
        string[] asCarto = cli.As("am.carto");
        const string Entered = "The working group meets for the first time.";

        var revised = await Ok(["agreements", "revise", "TS-2021-01-11", "2", "--version", "1", "--summary", "The working group meets, then monthly (CLI revision).", "--deadline", "2021-02-15", .. asChair]);
        Assert.Contains("TS-2021-01-11/2: version 2\tTransport\tThe working group meets, then monthly (CLI revision).", revised.Output, StringComparison.Ordinal);

        var revisions = Lines(await Ok(["agreements", "revisions", "TS-2021-01-11", .. asCarto]));
        var current = revisions.Single(l => l.StartsWith("2\tversion 2\tcurrent\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(["Transport", "AM,AZ,RU", "2021-02-15"], current[3..6]);
        var earlier = revisions.Single(l => l.StartsWith("2\tversion 1\treplaced ", StringComparison.Ordinal)).Split('\t');
        Assert.EndsWith("by am.chair", earlier[2], StringComparison.Ordinal);
        Assert.Equal(["Transport", "AM,AZ,RU", "2021-01-30"], earlier[3..6]);
        Assert.Equal(Entered, earlier[^1]);

        // Stale version, a cartographer, a bad deadline, an outsider: refused with one line each, and nothing changes.
        Assert.Contains("version", (await Refused(["agreements", "revise", "TS-2021-01-11", "2", "--version", "1", "--summary", "Stale.", .. asChair])).Error, StringComparison.Ordinal);
        await Refused(["agreements", "revise", "TS-2021-01-11", "2", "--version", "2", "--summary", "Not mine.", .. asCarto]);
        Assert.Contains("deadline", (await Refused(["agreements", "revise", "TS-2021-01-11", "2", "--version", "2", "--deadline", "soon", .. asChair])).Error, StringComparison.Ordinal);
        await Refused("agreements", "revisions", "TS-2021-01-11", "--store", store);
        Assert.Equal(2, Lines(await Ok(["agreements", "revisions", "TS-2021-01-11", .. asChair])).Count(l => l.StartsWith("2\t", StringComparison.Ordinal)));
    }

    private static int OverdueCount(string[] dashboard) =>
        int.Parse(OverdueHeading().Match(dashboard[0]).Groups["count"].Value, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_delegation_proposes_an_action_as_a_draft_and_its_crossings_add_up_to_the_route()
    {
        using var scratch = new ScratchFolder();
        var cli = await DemoStoreAsync(scratch);
        var store = cli.Store;
        string[] asChair = cli.As("am.chair");
        string[] asAm = cli.As("am.carto");
        string[] asAz = cli.As("az.carto");

        // The public sees the two published demo actions; a co-chair also the submitted one.
        var published = Lines(await Ok("taskforce", "list", "--store", store)).Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal);
        string[] publishedDemo = ["TF-RAIL-ARAKS", "TF-ROAD-IJEVAN"];
        Assert.Equal(publishedDemo, published);
        var all = Lines(await Ok(["taskforce", "list", .. asChair]));
        Assert.Equal(3, all.Length);
        var yeraskh = all.Single(l => l.StartsWith("TF-RAIL-YERASKH\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(new[] { "Rail", "Proposed", "2026-12-31" }, yeraskh[1..4]);
        Assert.Equal("commission (Submitted)", yeraskh[5]);

        // Ijevan lies in Armenia and Gazakh in Azerbaijan: the road crosses the line an odd number of times.
        var ijevan = await Crossings(["taskforce", "crossings", "TF-ROAD-IJEVAN", "--store", store]);
        Assert.True(ijevan.Count % 2 == 1, $"Ijevan–Gazakh crosses {ijevan.Count} times");
        Assert.Equal(ijevan.Count, ijevan.Points);
        await AssertLengthsAddUp(ijevan, [(40.879, 45.149), (40.950, 45.220), (41.020, 45.290), (41.093, 45.366)]);

        // Bad input names the field; nothing is written.
        var badRoute = await Refused(["taskforce", "add", "--id", "TF-ROAD-CLI", "--title", "x", "--subgroup", "Road", "--route", "45.1 40.9", .. asAm]);
        Assert.Contains("route", badRoute.Error, StringComparison.Ordinal);
        var badSubgroup = await Refused(["taskforce", "add", "--id", "TF-ROAD-CLI", "--title", "x", "--subgroup", "Shipping", "--route", "45.1 40.9, 45.2 41.0", .. asAm]);
        Assert.Contains("subgroup: 'Shipping' is not one of", badSubgroup.Error, StringComparison.Ordinal);
        await Refused("taskforce", "add", "--id", "TF-ROAD-CLI", "--title", "x", "--subgroup", "Road", "--route", "45.1 40.9, 45.2 41.0", "--store", store);
        Assert.Equal(3, Lines(await Ok(["taskforce", "list", .. asChair])).Length);

        // A straight road from Ijevan to Gazakh, as Armenia's draft: seen by its delegation (the cartographer, its co-chair) only.
        var added = await Ok(["taskforce", "add", "--id", "TF-ROAD-CLI", "--title", "Straight road Ijevan – Gazakh (CLI test)", "--subgroup", "Road",
            "--route", "45.149 40.879, 45.366 41.093", "--responsible", "AM", "AZ", "--deadline", "2028-01-31",
            "--checkpoint", "Ijevan|Junction|40.879|45.149", "--checkpoint", "Gazakh|Junction|41.093|45.366", .. asAm]);
        Assert.Equal("TF-ROAD-CLI: draft, version 1", added.Output.Trim());
        var mine = Lines(await Ok(["taskforce", "list", .. asAm])).Single(l => l.StartsWith("TF-ROAD-CLI\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(new[] { "Road", "Proposed", "2028-01-31" }, mine[1..4]);
        Assert.Equal("AM (Draft)", mine[5]);
        Assert.Equal("v1", mine[6]);
        Assert.DoesNotContain(Lines(await Ok(["taskforce", "list", .. asAz])), l => l.StartsWith("TF-ROAD-CLI\t", StringComparison.Ordinal));
        Assert.Contains(Lines(await Ok(["taskforce", "list", .. asChair])), l => l.StartsWith("TF-ROAD-CLI\t", StringComparison.Ordinal)); // the same delegation
        var hidden = await Refused(["taskforce", "crossings", "TF-ROAD-CLI", .. asAz]);
        var missing = await Refused(["taskforce", "crossings", "TF-ROAD-NONE", .. asAm]);
        Assert.Equal(missing.Error, hidden.Error);
        var again = await Refused(["taskforce", "add", "--id", "TF-ROAD-CLI", "--title", "x", "--subgroup", "Road", "--route", "45.1 40.9, 45.2 41.0", .. asAm]);
        Assert.Contains("already in the register", again.Error, StringComparison.Ordinal);

        var straight = await Crossings(["taskforce", "crossings", "TF-ROAD-CLI", .. asAm]);
        Assert.True(straight.Count % 2 == 1, $"the straight road crosses {straight.Count} times");
        Assert.Equal(ijevan.Line, straight.Line);
        await AssertLengthsAddUp(straight, [(40.879, 45.149), (41.093, 45.366)]);
        var km = double.Parse(mine[4].Replace(" km", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(km - ((straight.LeftMetres + straight.RightMetres) / 1000)) <= 0.051, $"listed {km} km");
    }

    private sealed record CrossingOutput(string Line, int Count, int Points, double LeftMetres, double RightMetres, IReadOnlyList<double> RouteKm);

    private static async Task<CrossingOutput> Crossings(string[] arguments)
    {
        var lines = Lines(await Ok(arguments));
        var head = CrossingHeading().Match(lines[0]);
        Assert.True(head.Success, lines[0]);
        var points = lines.Skip(1).Where(l => l.Contains("route km", StringComparison.Ordinal)).ToList();
        var sides = SideLengths().Match(lines[^1]);
        Assert.True(sides.Success, lines[^1]);
        return new CrossingOutput(
            head.Groups["line"].Value,
            int.Parse(head.Groups["count"].Value, CultureInfo.InvariantCulture),
            points.Count,
            double.Parse(sides.Groups["left"].Value, CultureInfo.InvariantCulture),
            double.Parse(sides.Groups["right"].Value, CultureInfo.InvariantCulture),
            [.. points.Select(p => double.Parse(RouteKm().Match(p).Groups["km"].Value, CultureInfo.InvariantCulture))]);
    }

    /// <summary>The route's length on the two sides adds up to its geodesic length by PROJ's geod (0.1 %), and every crossing lies on it.</summary>
    private static async Task AssertLengthsAddUp(CrossingOutput report, (double Lat, double Lon)[] route)
    {
        var input = string.Join('\n', route.Zip(route.Skip(1), (a, b) => string.Create(CultureInfo.InvariantCulture, $"{a.Lat} {a.Lon} {b.Lat} {b.Lon}"))) + "\n";
        var geod = await ExternalTool.RunAsync("geod", ["-I", "+ellps=WGS84", "-f", "%.9f", "-F", "%.6f"], input);
        Assert.True(geod.ExitCode == 0, geod.StandardError);
        var metres = geod.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Sum(l => double.Parse(l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture));
        var total = report.LeftMetres + report.RightMetres;
        Assert.True(Math.Abs(total - metres) <= metres * 0.001, $"left {report.LeftMetres} + right {report.RightMetres} = {total} m, geod {metres} m");
        Assert.True(report.LeftMetres > 0 && report.RightMetres > 0, "a crossing road has length on both sides");
        Assert.All(report.RouteKm, k => Assert.InRange(k, 0, metres / 1000));
        Assert.Equal(report.RouteKm.Order(), report.RouteKm);
    }

    [GeneratedRegex(@"^Overdue on \d{4}-\d{2}-\d{2}: (?<count>\d+)$", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OverdueHeading();

    [GeneratedRegex(@"^\S+ against (?<line>\S+) \(\S+\): (?<count>\d+) crossings$", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CrossingHeading();

    [GeneratedRegex(@"^\S+: (?<left>[0-9.]+) m\t\S+: (?<right>[0-9.]+) m$", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SideLengths();

    [GeneratedRegex(@"route km (?<km>[0-9.]+)", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RouteKm();
}
