using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Demarcate.Testing;
using static Demarcate.Testing.CliRun;

namespace Demarcate.Server.Tests;

/// <summary>
/// <c>demarcate proposals|sessions|documents</c> as the real process, acting as accounts made with
/// <c>users add</c>, on a copy of a store <c>demarcate serve</c> filled with the demo commission.
/// </summary>
public sealed partial class ProceedingsCliTests(DemoStoreFile demo) : IClassFixture<DemoStoreFile>
{
    [Fact]
    public async Task A_delegation_drafts_and_submits_a_proposal_a_co_chair_decides_on_it_and_minutes_are_kept_with_their_hash()
    {
        using var scratch = new ScratchFolder();
        var cli = await demo.CopyForCliAsync(scratch);
        var store = cli.Store;
        await cli.AddAccountAsync("am.legal", "AM legal", "LegalExpert", "AM");
        await cli.AddAccountAsync("az.cochair", "AZ co-chair", "CoChair", "AZ");
        string[] asAm = cli.As("am.legal");
        string[] asAz = cli.As("az.cochair");

        var drafted = await Ok(["proposals", "draft", .. asAm, "--sector", "M-06", "--title", "Ridge", "--text", "Along the ridge.", "--line", "osm-main"]);
        var proposal = ProposalId().Match(drafted.Output).Value;
        Assert.DoesNotContain(proposal, (await Ok(["proposals", "list", .. asAz, "--sector", "M-06"])).Output, StringComparison.Ordinal);
        var stale = await Run(["proposals", "submit", .. asAm, proposal, "--version", "4"]);
        Assert.Equal(2, stale.ExitCode);
        Assert.Contains("at version 1, not 4", stale.Error, StringComparison.Ordinal);
        await Ok(["proposals", "submit", .. asAm, proposal, "--version", "1"]);
        Assert.Contains($"{proposal}\t2\tAM\tSubmitted\t-\tosm-main\tRidge", (await Ok(["proposals", "list", .. asAz, "--sector", "M-06"])).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(proposal, (await Ok("proposals", "list", "--store", store, "--sector", "M-06")).Output, StringComparison.Ordinal);

        var planned = await Ok(["sessions", "plan", .. asAz, "--date", "2026-12-10", "--place", "Gabala", "--participant", "AZ co-chair|AZ|az.cochair", "--agenda", "Sector M-06|M-06"]);
        var session = SessionId().Match(planned.Output).Value;
        await Ok(["sessions", "held", .. asAz, session, "--version", "1"]);
        var decided = await Ok(["sessions", "decide", .. asAz, session, "--sector", "M-06", "--text", "Sector M-06 is opened.", "--proposal", proposal, "--status", "UnderDiscussion", "--sector-version", "M-06=1"]);
        Assert.Contains("sectors now under discussion", decided.Output, StringComparison.Ordinal);
        var listed = (await Ok(["sessions", "list", .. asAm, "--decisions"])).Output;
        Assert.Contains($"{session}\t2\t2026-12-10\tGabala\tHeld\t1", listed, StringComparison.Ordinal);
        Assert.Contains("→ under discussion: Sector M-06 is opened.", listed, StringComparison.Ordinal);
        Assert.EndsWith("UnderDiscussion", (await Ok("sectors", "--store", store)).Output.Split('\n').Single(l => l.StartsWith("M-06\t", StringComparison.Ordinal)).TrimEnd(), StringComparison.Ordinal);

        var minutes = scratch.File("minutes.pdf");
        var bytes = RandomNumberGenerator.GetBytes(5000);
        await File.WriteAllBytesAsync(minutes, bytes);
        var added = await Ok(["documents", "add", .. asAz, "--kind", "Minutes", "--title", "Minutes, Gabala", "--session", session, "--file", minutes]);
        var document = DocumentId().Match(added.Output).Value;
        Assert.Contains($"sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}", added.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await Run(["documents", "get", .. asAm, document, "--out", scratch.File("hidden.pdf")])).ExitCode);
        await Ok(["documents", "submit", .. asAz, document, "--version", "1"]);
        await Ok(["documents", "get", .. asAm, document, "--out", scratch.File("copy.pdf")]);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(scratch.File("copy.pdf")));
        Assert.Contains("application/pdf", (await Ok(["documents", "list", .. asAm])).Output, StringComparison.Ordinal);

        var wrong = await Run("proposals", "list", "--store", store, "--sector", "M-06", "--user", "am.legal", "--password-file", minutes);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("wrong user name or password", wrong.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await Run("verify", "--store", store)).ExitCode);
    }

    [GeneratedRegex("p-[0-9a-f]{12}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ProposalId();

    [GeneratedRegex("s-[0-9a-f]{12}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SessionId();

    [GeneratedRegex("doc-[0-9a-f]{12}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DocumentId();
}
