using System.Globalization;
using Demarcate.Core;
using Demarcate.Storage;
using Demarcate.Testing;

namespace Demarcate.Server.Tests;

/// <summary><c>demarcate import</c> and <c>demarcate export</c> as a user runs them, on a demo store.</summary>
public sealed class LineFileCliTests
{
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] arguments)
    {
        await using var cli = await CliProcess.RunAsync(arguments);
        return (cli.ExitCode, cli.Output, cli.Error);
    }

    private static async Task<string> DemoStoreAsync(ScratchFolder scratch)
    {
        var path = scratch.File("demo.gpkg");
        await using var store = await Demarcate.Server.ServerApp.OpenWithDemoAsync(path, null, default);
        return path;
    }

    [Fact]
    public async Task Import_then_export_round_trips_a_delegations_lines_and_a_bad_file_imports_nothing()
    {
        using var scratch = new ScratchFolder();
        var store = await DemoStoreAsync(scratch);
        string along;
        await using (var opened = await CommissionStores.OpenAsync(store, default))
        {
            var main = (await opened.ListSectionsAsync(Caller.CommissionSystem, default)).Single(s => s.Id == "main");
            var coordinates = (await opened.GetLineAsync(Caller.CommissionSystem, main.DesignatedLineId!, default))!.Geometry.GetGeometryN(0).Coordinates.Take(8);
            along = string.Join("\n", coordinates.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"cli-1,{i + 1},{c.Y:R},{c.X:R}")));
        }

        var good = scratch.File("claim.csv");
        await File.WriteAllTextAsync(good, "line,id,lat,lon\n" + along + "\n");
        var bad = scratch.File("bad.csv");
        await File.WriteAllTextAsync(bad, "line,id,lat,lon\n" + along.Replace("cli-1", "cli-2", StringComparison.Ordinal) + "\ncli-3,1,40.1,45.1\n");

        var refused = await RunAsync("import", bad, "--store", store, "--section", "main", "--owner", "AM");
        Assert.Equal(2, refused.Code);
        Assert.Contains("bad.csv:10: feature 1: line 'cli-3' has only one position", refused.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", refused.Error, StringComparison.Ordinal);

        var imported = await RunAsync("import", good, "--store", store, "--section", "main", "--owner", "AM");
        Assert.True(imported.Code == 0, imported.Error);
        Assert.Contains("Imported 1 line into section main as drafts of AM", imported.Output, StringComparison.Ordinal);

        var exported = scratch.File("out.csv");
        var export = await RunAsync("export", "--store", store, "--format", "csv", "--drafts", "--section", "main", "--output", exported);
        Assert.True(export.Code == 0, export.Error);
        var rows = (await File.ReadAllLinesAsync(exported)).Where(r => r.StartsWith("cli-", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, rows.Count);
        Assert.Equal("line,part,point,lat,lon", (await File.ReadAllLinesAsync(exported))[0]);
        Assert.DoesNotContain(await File.ReadAllLinesAsync(exported), r => r.StartsWith("cli-2", StringComparison.Ordinal));
        Assert.Equal(along.Split('\n')[0].Split(',')[2..], rows[0].Split(',')[3..]);
    }
}
