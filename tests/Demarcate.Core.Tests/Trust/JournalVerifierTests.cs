using System.Collections.Immutable;
using System.Security.Cryptography;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class JournalVerifierTests(JournalFixture journal) : IClassFixture<JournalFixture>
{
    [Fact]
    public void An_untouched_journal_verifies()
    {
        var report = journal.Verify(journal.Entries);

        Assert.True(report.Ok, report.ToString());
        Assert.Empty(report.Findings);
        Assert.Null(report.FirstBrokenLink);
        Assert.Equal(JournalFixture.Length, report.EntriesChecked);
        Assert.Equal(JournalFixture.Length, report.LastSequence);
        Assert.Equal(journal.Entries[^1].Hash, report.LastHash);
        Assert.Equal(JournalFixture.Length / JournalFixture.HeadEvery, report.SignedHeadsMatched);
        Assert.Equal(4, report.ReceiptsMatched);
        Assert.StartsWith("Journal verified: 3000 entries", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_journal_without_anchors_verifies()
    {
        var report = JournalVerifier.Verify([], [], [], journal.PublicKeyOf);

        Assert.True(report.Ok);
        Assert.Equal(0, report.LastSequence);
    }

    [Fact]
    public void A_row_edited_behind_the_applications_back_is_named()
    {
        var tampered = journal.Entries.Select(e => e.Sequence == 1234 ? JournalFixture.Edited(e, actor: "am-cochair") : e);

        var report = journal.Verify(tampered);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(JournalFindingKind.EntryEdited, finding.Kind);
        Assert.Equal((1234, 1234), (finding.FirstEntry, finding.LastEntry));
        Assert.Equal("entry 1234: its stored hash does not match its contents (edited after it was written)", finding.Message);
        Assert.Contains("First broken link: entry 1234", report.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("after")]
    [InlineData("at")]
    [InlineData("previous")]
    public void Editing_any_field_of_a_row_is_detected_at_that_row(string field)
    {
        var tampered = journal.Entries.Select(e => e.Sequence != 777 ? e : field switch
        {
            "after" => JournalFixture.Edited(e, after: e.After!.Replace("draft", "agreed", StringComparison.Ordinal).Replace("submitted", "agreed", StringComparison.Ordinal)),
            "at" => JournalFixture.Edited(e, at: e.At.AddMilliseconds(1)),
            _ => new JournalEntry(e.Sequence, e.At, e.Actor, e.Action, e.RecordType, e.RecordId, e.Before, e.After, JournalHash.Zero, e.Hash),
        });

        var report = journal.Verify(tampered);

        Assert.False(report.Ok);
        Assert.Equal(777, report.FirstBrokenLink!.FirstEntry);
        Assert.StartsWith("entry 777:", report.FirstBrokenLink.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_edited_with_its_own_hash_recomputed_breaks_the_next_link_and_its_anchor()
    {
        var e = journal.Entries[1499];
        var rehashed = Journal.Next(journal.Entries[1498], e.At, "az-cochair", e.Action, e.RecordType, e.RecordId, e.Before, e.After);
        var tampered = journal.Entries.Select(x => x.Sequence == 1500 ? rehashed : x);

        var report = journal.Verify(tampered);

        Assert.Equal(JournalFindingKind.ChainRewritten, report.Findings[0].Kind);
        Assert.Equal((1301, 1500), (report.Findings[0].FirstEntry, report.Findings[0].LastEntry));
        Assert.Equal("entry 1501: previous hash does not match entry 1500", report.Findings[1].Message);
        Assert.Equal(2, report.Findings.Count);
    }

    [Fact]
    public void Rows_deleted_from_the_end_are_detected_by_the_signed_heads()
    {
        var report = journal.Verify(journal.Entries.Take(2400));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(JournalFindingKind.EntriesDeletedFromEnd, finding.Kind);
        Assert.Equal((2401, 3000), (finding.FirstEntry, finding.LastEntry));
        Assert.Equal(
            "the journal ends at entry 2400 but signed head at entry 3000 covers entry 3000 (entries 2401–3000 at least were deleted from the end; 3 other anchors also lie beyond the end)",
            finding.Message);
    }

    [Fact]
    public void Rows_deleted_from_the_end_with_the_signed_heads_are_detected_by_a_receipt()
    {
        var report = journal.Verify(journal.Entries.Take(2400), heads: journal.Heads.Where(h => h.Sequence <= 2400).ToList());

        var finding = Assert.Single(report.Findings);
        Assert.Equal(JournalFindingKind.EntriesDeletedFromEnd, finding.Kind);
        Assert.Contains("receipt of AM (account am-cochair) for entry 2600 covers entry 2600 (entries 2401–2600 at least", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_only_entries_newer_than_every_anchor_goes_unseen()
    {
        // The limit of the scheme, stated as a test: sign heads often and collect receipts.
        var report = journal.Verify(journal.Entries.Take(2990), heads: journal.Heads.Where(h => h.Sequence <= 2990).ToList());

        Assert.True(report.Ok);
    }

    [Fact]
    public void A_chain_rewritten_consistently_from_a_row_onward_is_bracketed_by_the_anchors()
    {
        var rewritten = RewriteFrom(1337);

        var report = journal.Verify(rewritten);

        Assert.False(report.Ok);
        var first = report.FirstBrokenLink!;
        Assert.Equal(JournalFindingKind.ChainRewritten, first.Kind);
        Assert.InRange(1337, first.FirstEntry, first.LastEntry);
        Assert.Equal((1301, 1500), (first.FirstEntry, first.LastEntry));
        Assert.Equal(
            "signed head at entry 1500 does not match the journal: the chain was rewritten at or before entry 1500 (last matching anchor: receipt of AM (account am-cochair) for entry 1300)",
            first.Message);
        // Every later anchor contradicts the rewritten chain too; no hash or link is broken.
        Assert.All(report.Findings, f => Assert.Equal(JournalFindingKind.ChainRewritten, f.Kind));
        Assert.Equal(7 + 2, report.Findings.Count);
    }

    [Fact]
    public void A_rewrite_with_the_signed_heads_removed_is_caught_by_a_delegations_receipt()
    {
        var rewritten = RewriteFrom(1337);

        var report = journal.Verify(rewritten, heads: journal.Heads.Where(h => h.Sequence < 1337).ToList());

        var first = report.FirstBrokenLink!;
        Assert.Equal(
            "receipt of AZ (account az-cochair) for entry 1900 does not match the journal: the chain was rewritten at or before entry 1900 (last matching anchor: receipt of AM (account am-cochair) for entry 1300)",
            first.Message);
        Assert.Equal((1301, 1900), (first.FirstEntry, first.LastEntry));
    }

    [Fact]
    public void A_rewrite_re_signed_with_the_journal_key_is_caught_by_receipts_and_the_report_says_how_far_back_it_may_go()
    {
        var rewritten = RewriteFrom(1337);
        var resigned = journal.Heads.Select(h => h.Sequence < 1337 ? h : JournalSigner.SignHead(rewritten[(int)h.Sequence - 1], journal.JournalKey, JournalFixture.JournalSignerId, h.SignedAt)).ToList();

        var report = journal.Verify(rewritten, heads: resigned);

        var first = report.FirstBrokenLink!;
        Assert.StartsWith("receipt of AZ (account az-cochair) for entry 1900 does not match the journal", first.Message, StringComparison.Ordinal);
        Assert.Contains("last matching anchor: signed head at entry 1750", first.Message, StringComparison.Ordinal);
        Assert.Contains("the rewrite may go back to just after the receipt of AM (account am-cochair) for entry 1300", first.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_deleted_in_the_middle_is_named()
    {
        var report = journal.Verify(journal.Entries.Where(e => e.Sequence != 1500));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(JournalFindingKind.EntriesMissing, finding.Kind);
        Assert.Equal("sequence jumps from 1499 to 1501 (entry 1500 missing)", finding.Message);
    }

    [Fact]
    public void Rows_deleted_at_the_start_are_named()
    {
        var report = journal.Verify(journal.Entries.Skip(2), heads: [], receipts: []);

        Assert.Equal("the journal starts at entry 3 (entries 1–2 missing)", Assert.Single(report.Findings).Message);
    }

    [Fact]
    public void A_repeated_row_is_named()
    {
        var report = journal.Verify(journal.Entries.Take(10).Append(journal.Entries[4]), heads: [], receipts: []);

        Assert.Equal("entry 5 comes after entry 10 (sequence numbers repeat or go backwards)", Assert.Single(report.Findings).Message);
    }

    [Fact]
    public void A_forged_head_signature_is_named()
    {
        var genuine = journal.Heads[3];
        var bytes = genuine.Signature.ToArray();
        bytes[10] ^= 0x01;
        var forged = new SignedHead(genuine.Sequence, genuine.Hash, genuine.SignedAt, genuine.SignerId, [.. bytes]);
        var byStranger = JournalSigner.SignHead(journal.Entries[2749], journal.StrangerKey, JournalFixture.JournalSignerId, genuine.SignedAt);
        var heads = journal.Heads.Select(h => h == genuine ? forged : h.Sequence == 2750 ? byStranger : h).ToList();

        var report = journal.Verify(journal.Entries, heads: heads);

        Assert.Equal(2, report.Findings.Count);
        Assert.All(report.Findings, f => Assert.Equal(JournalFindingKind.SignatureInvalid, f.Kind));
        Assert.Equal("signed head at entry 1000: signature invalid (not made by the key of \"commission-journal\" over this head)", report.Findings[0].Message);
        Assert.Equal(2750, report.Findings[1].FirstEntry);
        Assert.Equal(10, report.SignedHeadsMatched);
    }

    [Fact]
    public void A_head_whose_fields_were_changed_after_signing_is_named()
    {
        var genuine = journal.Heads[0];
        var moved = new SignedHead(genuine.Sequence, journal.Entries[300].Hash, genuine.SignedAt, genuine.SignerId, genuine.Signature);

        var report = journal.Verify(journal.Entries, heads: [moved]);

        Assert.Equal(JournalFindingKind.SignatureInvalid, Assert.Single(report.Findings).Kind);
    }

    [Fact]
    public void A_receipt_signed_by_a_key_not_the_accounts_is_named()
    {
        var impostor = JournalSigner.SignReceipt(journal.Entries[999], new PartyCode("AZ"), "az-cochair", journal.StrangerKey, JournalFixture.Start.AddDays(2));
        var unknown = JournalSigner.SignReceipt(journal.Entries[1099], new PartyCode("AZ"), "az-nobody", journal.StrangerKey, JournalFixture.Start.AddDays(2));

        var report = journal.Verify(journal.Entries, receipts: [.. journal.Receipts, impostor, unknown]);

        Assert.Equal(2, report.Findings.Count);
        Assert.Equal(
            "receipt of AZ (account az-cochair) for entry 1000: signature invalid (not made by the key of account \"az-cochair\" over this receipt)",
            report.Findings[0].Message);
        Assert.Equal(JournalFindingKind.UnknownSigner, report.Findings[1].Kind);
        Assert.Equal("receipt of AZ (account az-nobody) for entry 1100: unknown account \"az-nobody\" (no public key is known for it)", report.Findings[1].Message);
        Assert.Equal(4, report.ReceiptsMatched);
    }

    [Fact]
    public void A_receipt_from_a_delegation_shown_a_different_chain_is_named()
    {
        // The server showed AZ a head that is not in the journal (a forked view): AZ's own receipt exposes it.
        var forkedHead = Journal.Next(journal.Entries[2198], journal.Entries[2199].At, "system", "sector.status", "sector", "S-001", null, "{}");
        var receipt = JournalSigner.SignReceipt(forkedHead, new PartyCode("AZ"), "az-cochair", journal.AzKey, JournalFixture.Start.AddDays(5));

        var report = journal.Verify(journal.Entries, receipts: [.. journal.Receipts, receipt]);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(JournalFindingKind.ChainRewritten, finding.Kind);
        Assert.Equal((2001, 2200), (finding.FirstEntry, finding.LastEntry));
    }

    [Fact]
    public void A_journal_corrupted_wholesale_lists_the_first_findings_and_counts_the_rest()
    {
        var tampered = journal.Entries.Select(e => JournalFixture.Edited(e, actor: "intruder"));

        var report = journal.Verify(tampered);

        Assert.Equal(JournalVerifier.MaxEntryFindings, report.Findings.Count);
        Assert.Equal(JournalFixture.Length - JournalVerifier.MaxEntryFindings, report.FindingsOmitted);
        Assert.Equal(1, report.FirstBrokenLink!.FirstEntry);
        Assert.Contains("further findings", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verifying_an_async_stream_gives_the_same_report()
    {
        var report = await JournalVerifier.VerifyAsync(Stream(journal.Entries.Where(e => e.Sequence != 42)), journal.Heads, journal.Receipts, journal.PublicKeyOf);

        Assert.Equal("sequence jumps from 41 to 43 (entry 42 missing)", Assert.Single(report.Findings).Message);

        static async IAsyncEnumerable<JournalEntry> Stream(IEnumerable<JournalEntry> entries)
        {
            foreach (var entry in entries)
            {
                await Task.Yield();
                yield return entry;
            }
        }
    }

    [Fact]
    public void Signatures_are_64_byte_p256_and_keys_of_other_curves_are_refused()
    {
        Assert.All(journal.Heads, h => Assert.Equal(JournalSigner.SignatureLength, h.Signature.Length));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => JournalSigner.SignHead(journal.Entries[0], p384, "x", JournalFixture.Start));
        Assert.False(JournalSigner.Verify(journal.Heads[0], p384));
        Assert.False(JournalSigner.Verify(new SignedHead(1, JournalHash.Zero, JournalFixture.Start, "x", ImmutableArray<byte>.Empty), journal.JournalKey));
    }

    /// <summary>What an intruder with write access to the database does: change entry k, then recompute every hash from k on.</summary>
    private List<JournalEntry> RewriteFrom(long k)
    {
        var rewritten = journal.Entries.Take((int)k - 1).ToList();
        foreach (var e in journal.Entries.Skip((int)k - 1))
        {
            var after = e.Sequence == k ? e.After!.Replace("\"status\":\"", "\"status\":\"agreed-", StringComparison.Ordinal) : e.After;
            rewritten.Add(Journal.Next(rewritten[^1], e.At, e.Actor, e.Action, e.RecordType, e.RecordId, e.Before, after));
        }

        return rewritten;
    }
}
