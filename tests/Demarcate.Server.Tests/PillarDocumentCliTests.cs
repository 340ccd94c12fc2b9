using Demarcate.Testing;
using static Demarcate.Testing.CliRun;

namespace Demarcate.Server.Tests;

/// <summary><c>demarcate pillars cards|strip-maps|list</c> as the real process on a copy of the served demo store, read back with poppler.</summary>
public sealed class PillarDocumentCliTests(DemoStoreFile demo) : IClassFixture<DemoStoreFile>
{
    [Fact]
    public async Task A_delegation_prints_cards_strip_maps_and_the_list_of_its_planned_pillars_which_nobody_else_sees()
    {
        using var scratch = new ScratchFolder();
        var cli = await demo.CopyForCliAsync(scratch);
        var store = cli.Store;
        await cli.AddAccountAsync("am.carto", "AM cartographer", "Cartographer", "AM");
        string[] asAm = cli.As("am.carto");
        var plan = await Ok(["pillars", "plan", "M-04", "--register", .. asAm]);
        var numbers = plan.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.NotEmpty(numbers);

        var cards = scratch.File("cards.pdf");
        await Ok(["pillars", "cards", "--sector", "M-04", "-o", cards, .. asAm]);
        var info = await ExternalTool.RunAsync("pdfinfo", [cards]);
        Assert.Equal(numbers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), info.StandardOutput.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim());
        var text = (await ExternalTool.RunAsync("pdftotext", ["-enc", "UTF-8", cards, "-"])).StandardOutput;
        Assert.All(numbers, n => Assert.Contains("Boundary pillar " + n, text, StringComparison.Ordinal));

        var strip = scratch.File("strip.pdf");
        await Ok(["pillars", "strip-maps", "--sector", "M-04", "--scale", "50000", "-o", strip, .. asAm]);
        var stripText = (await ExternalTool.RunAsync("pdftotext", ["-enc", "UTF-8", strip, "-"])).StandardOutput + " ";
        // Labels 10 mm apart at 1:50 000 can run together in pdftotext's reading order, so each is looked for as text.
        Assert.All(numbers, n => Assert.Contains(n, stripText, StringComparison.Ordinal));

        var list = await Ok(["pillars", "list", "--sector", "M-04", .. asAm]);
        Assert.Equal(numbers, list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(r => r.Split(',')[0]));

        // Anyone else sees none of the draft: no cards, an empty list.
        var refused = await Run(["pillars", "cards", "--sector", "M-04", "-o", scratch.File("none.pdf"), "--store", store]);
        Assert.Equal(2, refused.ExitCode);
        var anonymous = await Ok("pillars", "list", "--sector", "M-04", "--store", store);
        Assert.Single(anonymous.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
