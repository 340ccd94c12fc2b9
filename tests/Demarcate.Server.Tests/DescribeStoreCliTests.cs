using Demarcate.Testing;
using static Demarcate.Testing.CliRun;

namespace Demarcate.Server.Tests;

/// <summary>
/// <c>demarcate describe save|versions|show|diff</c> as the real process, acting as an account made with
/// <c>users add</c>, on a copy of a store <c>demarcate serve</c> filled with the demo commission.
/// </summary>
public sealed class DescribeStoreCliTests(DemoStoreFile demo) : IClassFixture<DemoStoreFile>
{
    private const string Points =
        "TURNING POINT A AT 41 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
        "TURNING POINT B AT 41.01 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
        "TURNING POINT C AT 41.02 N 45.01 E IN EPSG:4326, FIXED BY SURVEY\n" +
        "FROM A TO B ALONG GEODESIC\n";

    [Fact]
    public async Task A_delegation_saves_a_draft_with_its_problem_then_a_consistent_version_and_reads_the_change_between_them()
    {
        using var scratch = new ScratchFolder();
        var cli = await demo.CopyForCliAsync(scratch);
        var store = cli.Store;
        await cli.AddAccountAsync("am.carto", "AM cartographer", "Cartographer", "AM");
        string[] asAm = cli.As("am.carto");
        var broken = scratch.File("broken.txt");
        var good = scratch.File("good.txt");
        await File.WriteAllTextAsync(broken, Points + "FROM B TO C ALONG REFERENCE \"the old mill race\"\n");
        await File.WriteAllTextAsync(good, Points + "FROM B TO C ALONG GEODESIC\n");

        var refused = await Run(["describe", "save", .. asAm, broken, "--sector", "M-06", "--based-on", "0"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"{broken}:5: leg 2 (B → C): The reference line \"the old mill race\" is missing", refused.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was saved", refused.Error, StringComparison.Ordinal);

        var draft = await Ok(["describe", "save", .. asAm, broken, "--sector", "M-06", "--based-on", "0", "--draft"]);
        Assert.Contains("Saved AM-1 of sector M-06: draft, 1 problem(s)", draft.Output, StringComparison.Ordinal);
        var stale = await Run(["describe", "save", .. asAm, good, "--sector", "M-06", "--based-on", "0"]);
        Assert.Equal(2, stale.ExitCode);
        Assert.Contains("at version 1, not 0", stale.Error, StringComparison.Ordinal);
        Assert.Contains("Saved AM-2 of sector M-06: consistent", (await Ok(["describe", "save", .. asAm, good, "--sector", "M-06", "--based-on", "1", "--precedence", "map > text > coordinates"])).Output, StringComparison.Ordinal);

        var versions = (await Ok(["describe", "versions", .. asAm, "--sector", "M-06"])).Output;
        Assert.Contains("AM-1\tdraft\t1\tdraft\t1\ttext > coordinates > map\t", versions, StringComparison.Ordinal);
        Assert.Contains("AM-2\tconsistent\t0\tdraft\t1\tmap > text > coordinates", versions, StringComparison.Ordinal);
        Assert.DoesNotContain("AM-", (await Ok("describe", "versions", "--store", store, "--sector", "M-06")).Output, StringComparison.Ordinal);

        var shown = await Ok(["describe", "show", .. asAm, "AM-2", "--sector", "M-06"]);
        Assert.Equal(await File.ReadAllTextAsync(good), shown.Output);

        var stored = (await Ok(["describe", "diff", .. asAm, "AM-1", "AM-2", "--sector", "M-06"])).Output;
        Assert.Equal(
            "leg B → C changed: FROM B TO C ALONG REFERENCE \"the old mill race\" → FROM B TO C ALONG GEODESIC",
            stored.Trim());
        Assert.Equal(stored, (await Ok("describe", "diff", broken, good)).Output);
    }
}
