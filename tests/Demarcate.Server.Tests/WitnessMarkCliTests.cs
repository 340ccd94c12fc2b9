using Demarcate.Testing;
using static Demarcate.Testing.CliRun;

namespace Demarcate.Server.Tests;

/// <summary><c>demarcate pillars witness-marks list|set|import</c> as the real process on a copy of the served demo store.</summary>
public sealed class WitnessMarkCliTests(DemoStoreFile demo) : IClassFixture<DemoStoreFile>
{
    [Fact]
    public async Task A_survey_team_sets_imports_and_lists_the_witness_marks_of_its_draft_pillar_which_nobody_else_sees()
    {
        using var scratch = new ScratchFolder();
        var cli = await demo.CopyForCliAsync(scratch);
        var store = cli.Store;
        await cli.AddAccountAsync("am.carto", "AM cartographer", "Cartographer", "AM");
        string[] asAm = cli.As("am.carto");
        var plan = await Ok(["pillars", "plan", "M-04", "--register", .. asAm]);
        var number = plan.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1].Split(',')[0];

        await Ok(["pillars", "witness-marks", "set", number, "--mark", "1", "--kind", "iron pin", "--bearing", "47.25", "--distance", "12.345", "--description", "in the culvert", .. asAm]);
        var csv = scratch.File("marks.csv");
        await File.WriteAllTextAsync(csv, $"pillar,mark,kind,bearing,azimuth,correction,distance,description\n{number},2,tree blaze,200,magnetic,6.5,20,old walnut\n{number},3,iron pin,400,true,,12,bad bearing\n");
        var refused = await Run(["pillars", "witness-marks", "import", csv, .. asAm]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("marks.csv:3", refused.Error, StringComparison.Ordinal);
        Assert.Contains("witness mark 3: the bearing", refused.Error, StringComparison.Ordinal);
        await Ok(["pillars", "witness-marks", "import", csv, "--accept-valid", .. asAm]);

        var list = await Ok(["pillars", "witness-marks", "list", number, .. asAm]);
        var rows = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Equal(["1", "2"], rows.Select(r => r[0]));
        Assert.Equal("47.250000", rows[0][2]);
        Assert.Equal("206.500000", rows[1][2]);
        Assert.Equal("Magnetic", rows[1][4]);
        Assert.Equal("old walnut", rows[1][^1]);

        // Nobody else reaches AM's draft: its number answers like one nobody holds.
        var anonymous = await Run(["pillars", "witness-marks", "list", number, "--store", store]);
        Assert.Equal(2, anonymous.ExitCode);
        Assert.Contains("not in the register", anonymous.Error, StringComparison.Ordinal);
    }
}
