using System.Globalization;
using System.Security.Cryptography;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class JournalStreamingTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void A_million_entries_verify_streaming_in_constant_memory()
    {
        const int count = 1_000_000;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var heads = new List<SignedHead>();
        long? baseline = null;
        long peakGrowth = 0;

        // Generated lazily while the verifier reads; every 100 000 entries the heap is measured after a full collection.
        IEnumerable<JournalEntry> Generate()
        {
            JournalEntry? head = null;
            for (var i = 1; i <= count; i++)
            {
                head = Cheap(head, i);
                if (i % 100_000 == 0)
                {
                    var heap = GC.GetTotalMemory(forceFullCollection: true);
                    baseline ??= heap;
                    peakGrowth = Math.Max(peakGrowth, heap - baseline.Value);
                }

                yield return head;
            }
        }

        // The heads are signed on a first pass (as the server signs them while appending), then the journal is verified on a second.
        foreach (var entry in Generate().Where(e => e.Sequence % 50_000 == 0))
        {
            heads.Add(JournalSigner.SignHead(entry, key, "commission-journal", entry.At));
        }

        baseline = null;
        peakGrowth = 0;
        var report = JournalVerifier.Verify(Generate(), heads, [], _ => key);

        Assert.True(report.Ok, report.ToString());
        Assert.Equal(count, report.EntriesChecked);
        Assert.Equal(20, report.SignedHeadsMatched);
        Assert.InRange(peakGrowth, long.MinValue, 4 * 1024 * 1024);
    }

    /// <summary>
    /// An entry built as Journal.Next builds it but without re-checking the snapshots' canonical form, so that
    /// the test measures the verifier rather than the generator.
    /// </summary>
    private static JournalEntry Cheap(JournalEntry? head, long sequence)
    {
        var at = JournalFixture.Start.AddMilliseconds(sequence * 250.0);
        var after = string.Create(CultureInfo.InvariantCulture, $"{{\"id\":\"S-{sequence % 97}\",\"version\":{sequence}}}");
        var previous = head?.Hash ?? JournalHash.Zero;
        var unhashed = new JournalEntry(sequence, at, "az-cartographer", "sector.status", "sector", "S-1", null, after, previous, JournalHash.Zero);
        return new JournalEntry(sequence, at, "az-cartographer", "sector.status", "sector", "S-1", null, after, previous, unhashed.ComputeHash());
    }

    [Fact]
    public void A_hundred_thousand_entries_with_a_hundred_signed_heads_verify()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var entries = new List<JournalEntry>(100_000);
        for (var i = 1; i <= 100_000; i++)
        {
            entries.Add(Cheap(entries.Count > 0 ? entries[^1] : null, i));
        }

        var heads = entries.Where(e => e.Sequence % 1000 == 0).Select(e => JournalSigner.SignHead(e, key, "j", e.At)).ToList();

        // How fast this runs is the benchmark's business (docs/benchmarks.md), not a unit test's.
        var report = JournalVerifier.Verify(entries, heads, [], _ => key);

        Assert.True(report.Ok, report.ToString());
        Assert.Equal(100_000, report.EntriesChecked);
        Assert.Equal(entries[^1].Hash, report.LastHash);
    }
}
