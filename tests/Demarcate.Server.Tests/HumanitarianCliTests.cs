using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Demarcate.Testing;
using static Demarcate.Testing.CliRun;

namespace Demarcate.Server.Tests;

/// <summary>
/// <c>demarcate humanitarian …</c> as the real process on a copy of a served demo store, and the canary proof through the
/// CLI: after adding, reading, moving, exporting in every format and backing up, the canary person is in no file.
/// </summary>
public sealed partial class HumanitarianCliTests(DemoStoreFile demo) : IClassFixture<DemoStoreFile>
{
    /// <summary>The canary's name and birth date in every textual form they might be written in.</summary>
    internal static readonly string[] CanaryTexts =
    [
        "Canaryname", "Zyxwvut", "Mothermaidenqwerty", "1987-03-14", "14.03.1987", "14/03/1987", "03/14/1987", "1987/03/14", "19870314", "14 March 1987", "March 14, 1987",
    ];

    [Fact]
    public async Task An_officer_adds_reads_moves_exchanges_and_erases_a_case_and_the_canary_is_in_no_file_written()
    {
        using var scratch = new ScratchFolder();
        var cli = await demo.CopyForCliAsync(scratch);
        var store = cli.Store;
        await cli.AddAccountAsync("am.officer", "AM officer", "HumanitarianOfficer", "AM");
        await cli.AddAccountAsync("az.officer", "AZ officer", "HumanitarianOfficer", "AZ");
        await cli.AddAccountAsync("am.reader", "AM observer", "Observer", "AM");
        string[] asAm = cli.As("am.officer");
        string[] asAz = cli.As("az.officer");
        var person = scratch.File("person.json");
        await File.WriteAllTextAsync(person, """{"surname":"Canaryname","firstNames":"Zyxwvut","dateOfBirth":"1987-03-14","motherMaidenName":"Mothermaidenqwerty","rank":"Private"}""");

        var added = await Ok(["humanitarian", "add", .. asAm, "--kind", "PrisonerOfWar", "--party", "AM", "--reported-on", "2020-11-20", "--person", person]);
        var id = CaseId().Match(added.Output).Value;
        Assert.StartsWith("hc-", id, StringComparison.Ordinal);
        File.Delete(person);
        var shown = await Ok(["humanitarian", "show", .. asAm, id]);
        Assert.Contains("surname: Canaryname", shown.Output, StringComparison.Ordinal);
        Assert.Contains("dateOfBirth: 1987-03-14", shown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(id, (await Ok(["humanitarian", "list", .. asAz])).Output, StringComparison.Ordinal);
        var hidden = await Run(["humanitarian", "show", .. asAz, id]);
        Assert.Equal(2, hidden.ExitCode);
        Assert.Contains("There is no humanitarian case with that id", hidden.Error, StringComparison.Ordinal);
        await Ok(["humanitarian", "status", .. asAm, id, "Confirmed", "--version", "1"]);
        Assert.Contains($"{id}\tPrisonerOfWar\tAM\tExchanged", (await Ok(["humanitarian", "exchange", .. asAm, "--date", "2020-12-14", "--place", "Goris", id])).Output + (await Ok(["humanitarian", "list", .. asAm])).Output, StringComparison.Ordinal);
        // The exchange lists for AM's officer with the case, and answers AZ's officer like one never recorded.
        var exchanges = await Ok(["humanitarian", "exchanges", .. asAm]);
        var exchangeId = ExchangeId().Match(exchanges.Output).Value;
        Assert.Contains($"{exchangeId}\t2020-12-14\tGoris\tICRC\t{id}", exchanges.Output, StringComparison.Ordinal);
        Assert.Contains(id, (await Ok(["humanitarian", "exchanges", .. asAm, exchangeId])).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(exchangeId, (await Ok(["humanitarian", "exchanges", .. asAz])).Output, StringComparison.Ordinal);
        var hiddenExchange = await Run(["humanitarian", "exchanges", .. asAz, exchangeId]);
        var missingExchange = await Run(["humanitarian", "exchanges", .. asAz, "hx-000000000000"]);
        Assert.Equal(2, hiddenExchange.ExitCode);
        Assert.Equal(missingExchange.Error.Replace("hx-000000000000", exchangeId, StringComparison.Ordinal), hiddenExchange.Error);
        Assert.NotEqual(0, (await Run(["humanitarian", "exchanges", .. cli.As("am.reader")])).ExitCode);

        // One exchanged AM prisoner could be singled out: the observer reads "<5", and exactly 1 only with the threshold off.
        var summary = await Ok(["humanitarian", "summary", .. cli.As("am.reader")]);
        Assert.Contains("PrisonerOfWar\tAM\tExchanged\t<5", summary.Output, StringComparison.Ordinal);
        Assert.Contains("total\t\t\tat least 1", summary.Output, StringComparison.Ordinal);
        Assert.Contains("exchanges\t\t\t1", summary.Output, StringComparison.Ordinal);
        var exact = await Ok(["humanitarian", "summary", .. cli.As("am.reader"), "--disclosure-threshold", "1"]);
        Assert.Contains("PrisonerOfWar\tAM\tExchanged\t1", exact.Output, StringComparison.Ordinal);
        Assert.Contains("PrisonerOfWar\tAM\tExchanged\t1", (await Ok(["humanitarian", "summary", .. asAm])).Output, StringComparison.Ordinal);

        var files = new List<string>();
        foreach (var format in new[] { "gpkg", "geojson", "kml", "csv" })
        {
            var output = scratch.File("export." + format + (format == "csv" ? ".zip" : ""));
            await Ok("dataset", "export", "--store", store, "--format", format, "--drafts", "--output", output);
            files.Add(output);
        }

        var backup = scratch.File("backup.gpkg");
        await Ok("backup", "--store", store, "--to", backup);
        files.Add(backup);
        var journal = await Ok("journal", "show", "--store", store, "--last", "1000");
        files.AddRange(new[] { store, store + "-wal", store + "-shm" }.Where(File.Exists));
        var leaks = new List<string>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            leaks.AddRange(Find(Path.GetFileName(file), bytes));
            if (file.EndsWith(".zip", StringComparison.Ordinal))
            {
                using var zip = ZipFile.OpenRead(file);
                foreach (var entry in zip.Entries)
                {
                    using var content = new MemoryStream();
                    await using (var stream = entry.Open())
                    {
                        await stream.CopyToAsync(content);
                    }

                    leaks.AddRange(Find(file + "/" + entry.FullName, content.ToArray()));
                }
            }
        }

        leaks.AddRange(Find("journal output", Encoding.UTF8.GetBytes(journal.Output)));
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));

        await Ok(["humanitarian", "erase", .. asAm, id]);
        var erased = await Ok(["humanitarian", "show", .. asAm, id]);
        Assert.Contains("personal fields: erased", erased.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Canaryname", erased.Output, StringComparison.Ordinal);
        Assert.Contains("Exchanged", erased.Output, StringComparison.Ordinal);
    }

    internal static IEnumerable<string> Find(string where, byte[] bytes) =>
        CanaryTexts
            .SelectMany(t => new[] { ("UTF-8", Encoding.UTF8.GetBytes(t)), ("UTF-16", Encoding.Unicode.GetBytes(t)) })
            .Where(t => bytes.AsSpan().IndexOf(t.Item2) >= 0)
            .Select(t => $"{where} holds {Encoding.UTF8.GetString(t.Item2.Length > 0 && t.Item1 == "UTF-8" ? t.Item2 : Encoding.UTF8.GetBytes("a canary"))} in {t.Item1}");

    [GeneratedRegex("hc-[0-9a-f]{12}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CaseId();

    [GeneratedRegex("hx-[0-9a-f]{12}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ExchangeId();
}
