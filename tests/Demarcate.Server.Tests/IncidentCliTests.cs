using System.Text.Json;
using Demarcate.Testing;
using static Demarcate.Testing.CliRun;

namespace Demarcate.Server.Tests;

/// <summary><c>demarcate incidents</c> as a monitor runs it on a demo store: a bad file refused whole, the valid rows on request, merge and unmerge, export.</summary>
public sealed class IncidentCliTests(DemoStoreFile demo) : IClassFixture<DemoStoreFile>
{
    [Fact]
    public async Task A_monitor_imports_reports_merges_two_of_one_event_undoes_it_and_exports()
    {
        using var scratch = new ScratchFolder();
        var cli = await demo.CopyForCliAsync(scratch);
        await cli.AddAccountAsync("monitor", "Monitor", "Monitor", "RU");
        string[] asMonitor = cli.As("monitor");
        var before = (await Ok(["incidents", "list", .. asMonitor])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

        var file = scratch.File("reports.csv");
        await File.WriteAllTextAsync(file,
            "event_id_cnty,event_date,time_precision,event_type,sub_event_type,latitude,longitude,geo_precision,source,fatalities\n" +
            "CLI-1,2026-04-02,1,Battles,Sniper fire,40.9000,45.1000,1,Patrol 7,2\n" +
            "CLI-2,2026-04-02,1,Battles,Sniper fire,45.1000,40.9000,1,Patrol 8,1\n" +
            "CLI-3,2026-04-02,1,Battles,Sniper fire,40.9050,45.1050,1,Statement,1\n");

        var refused = await Run(["incidents", "import", file, .. asMonitor]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("reports.csv:3: row 2: latitude and longitude look swapped", refused.Error, StringComparison.Ordinal);
        Assert.Contains("nothing recorded", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, (await Ok(["incidents", "list", .. asMonitor])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var accepted = await Ok(["incidents", "import", file, "--accept-valid", .. asMonitor]);
        var ids = accepted.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, ids.Length);

        var merged = await Ok(["incidents", "merge", ids[0], ids[1], .. asMonitor]);
        var mergedId = merged.Output.Split('\t')[0];
        Assert.Contains("2 source(s)\tfatalities 1", merged.Output, StringComparison.Ordinal);
        var listed = (await Ok(["incidents", "list", "--type", "SniperFire", "--from", "2026-04-02", "--to", "2026-04-02", .. asMonitor])).Output;
        Assert.Contains(mergedId + "\t2026-04-02\tDay\tSniperFire", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(listed.Split('\n'), line => line.StartsWith(ids[0], StringComparison.Ordinal)); // the reports are listed only inside the merge

        var restored = await Ok(["incidents", "unmerge", mergedId, "--version", "1", .. asMonitor]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), restored.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        var exported = scratch.File("out.geojson");
        await Ok(["incidents", "export", "--format", "geojson", "--type", "SniperFire", "--from", "2026-04-02", "--to", "2026-04-02", "--output", exported, .. asMonitor]);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(exported));
        var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), features.Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(45.1, features.Select(f => f.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble()).Min());
    }

    [Fact]
    public async Task A_monitor_attributes_the_demo_incidents_and_reads_the_escalation_as_json_and_csv()
    {
        using var scratch = new ScratchFolder();
        var cli = await demo.CopyForCliAsync(scratch);
        await cli.AddAccountAsync("monitor", "Monitor", "Monitor", "RU");
        string[] asMonitor = cli.As("monitor");

        // The demo's incidents were attributed when loaded; the list shows their sectors.
        var sectors = (await Ok(["incidents", "list", .. asMonitor])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split('\t')[6]).Where(s => s.Length > 0).ToList();
        Assert.NotEmpty(sectors);

        var narrow = await Ok(["incidents", "attribute", "--max-distance", "1", .. asMonitor]);
        Assert.Contains("within 1 m of the line in force", narrow.Output, StringComparison.Ordinal);
        Assert.DoesNotContain((await Ok(["incidents", "list", .. asMonitor])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), line => line.Split('\t')[6].Length > 0);
        var wide = await Ok(["incidents", "attribute", .. asMonitor]);
        Assert.Contains("incidents attributed within 20000 m of the line in force", wide.Output, StringComparison.Ordinal);
        Assert.Equal(sectors, (await Ok(["incidents", "list", .. asMonitor])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split('\t')[6]).Where(s => s.Length > 0).ToList());

        var json = await Ok(["incidents", "escalation", "--as-of", "2026-11-20", .. asMonitor]);
        using var report = JsonDocument.Parse(json.Output);
        Assert.Equal("2026-11-20", report.RootElement.GetProperty("asOf").GetString());
        var counted = report.RootElement.GetProperty("sectors").EnumerateArray()
            .Sum(s => s.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("count").GetInt32()));
        Assert.InRange(counted, 1, sectors.Count);

        var csv = (await Ok(["incidents", "escalation", "--as-of", "2026-11-20", "--format", "csv", .. asMonitor])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sector,level,day,count,severity,cusum,alarm", csv[0]);
        Assert.Equal(counted, csv.Skip(1).Sum(line => int.Parse(line.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)));

        var bad = await Run(["incidents", "escalation", "--as-of", "2026-02-30", .. asMonitor]);
        Assert.NotEqual(0, bad.ExitCode);
    }
}
