using System.Text;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class JournalTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void The_first_entry_is_number_one_and_links_to_zero()
    {
        var first = Journal.Next(null, At, "az-cochair", "sector.add", "sector", "S-001", null, "{\"id\":\"S-001\"}");

        Assert.Equal(1, first.Sequence);
        Assert.Equal(JournalHash.Zero, first.PreviousHash);
        Assert.Equal(first.ComputeHash(), first.Hash);
        Assert.NotEqual(JournalHash.Zero, first.Hash);
    }

    [Fact]
    public void Each_entry_follows_the_head_and_links_to_its_hash()
    {
        var first = Journal.Next(null, At, "az-cochair", "sector.add", "sector", "S-001", null, "{}");
        var second = Journal.Next(first, At.AddSeconds(1), Journal.SystemActor, "sector.status", "sector", "S-001", "{}", "{\"status\":\"submitted\"}");

        Assert.Equal(2, second.Sequence);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.NotEqual(first.Hash, second.Hash);
    }

    [Fact]
    public void Time_is_held_in_utc_to_the_millisecond()
    {
        var local = new DateTimeOffset(2026, 3, 1, 13, 30, 15, 123, TimeSpan.FromHours(4)).AddTicks(4567);

        var entry = Journal.Next(null, local, "az-cochair", "line.add", "line", "L-1", null, null);

        Assert.Equal(TimeSpan.Zero, entry.At.Offset);
        Assert.Equal(At, entry.At);
        Assert.Equal(0, entry.At.Ticks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void An_entry_read_back_column_by_column_is_equal_and_verifies()
    {
        var entry = Journal.Next(null, At.AddTicks(9999), "am-cochair", "pillar.move", "pillar", "P-17", "{\"x\":1}", "{\"x\":2}");

        // As a store holds it: integers, text, milliseconds since the epoch and 32-byte blobs.
        var (sequence, millis, previous, hash) = (entry.Sequence, entry.At.ToUnixTimeMilliseconds(), entry.PreviousHash.ToArray(), entry.Hash.ToArray());
        var back = new JournalEntry(sequence, DateTimeOffset.FromUnixTimeMilliseconds(millis), entry.Actor, entry.Action, entry.RecordType, entry.RecordId,
            entry.Before, entry.After, JournalHash.FromBytes(previous), JournalHash.FromBytes(hash));

        Assert.Equal(entry, back);
        Assert.Equal(back.Hash, back.ComputeHash());
    }

    [Fact]
    public void Null_and_empty_snapshots_hash_differently()
    {
        var none = Journal.Next(null, At, "a", "b", "c", "d", null, "\"\"");
        var empty = Journal.Next(null, At, "a", "b", "c", "d", "\"\"", null);

        Assert.NotEqual(none.Hash, empty.Hash);
    }

    [Fact]
    public void Moving_text_between_fields_changes_the_hash()
    {
        var one = Journal.Next(null, At, "ab", "c", "t", "i", null, null);
        var two = Journal.Next(null, At, "a", "bc", "t", "i", null, null);

        Assert.NotEqual(one.Hash, two.Hash);
    }

    [Fact]
    public void The_encoding_matches_the_documented_test_vector()
    {
        // docs/journal.md gives these inputs and this hash so that a third party can check a re-implementation.
        var entry = Journal.Next(null, new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero), "az-cochair", "sector.status", "sector", "S-001",
            "{\"status\":\"draft\"}", "{\"status\":\"submitted\"}");

        var bytes = entry.CanonicalBytes();

        Assert.Equal(4 + 26 + 8 + 8 + 4 + 10 + 4 + 13 + 4 + 6 + 4 + 5 + 1 + 4 + 18 + 1 + 4 + 22 + 32, bytes.Length);
        Assert.Equal("demarcate.journal.entry.v1", Encoding.UTF8.GetString(bytes, 4, 26));
        Assert.Equal("8652a106b843872717f82e9b76688c182d1ee9d6c8683291b77bdec610c6e480", entry.Hash.ToHex());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Empty_names_are_refused(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => Journal.Next(null, At, name, "a", "t", "i", null, null));
        Assert.ThrowsAny<ArgumentException>(() => Journal.Next(null, At, "x", "a", "t", name, null, null));
    }

    [Theory]
    [InlineData("{\"b\":1,\"a\":2}")]
    [InlineData("{ \"a\": 1 }")]
    [InlineData("not json")]
    [InlineData("1.0")]
    public void Snapshots_that_are_not_canonical_json_are_refused(string snapshot)
    {
        Assert.Throws<ArgumentException>(() => Journal.Next(null, At, "x", "a", "t", "i", snapshot, null));
    }

    [Fact]
    public void Text_that_is_not_unicode_is_refused_when_written_and_named_when_verified()
    {
        Assert.ThrowsAny<ArgumentException>(() => Journal.Next(null, At, "x\ud800", "a", "t", "i", null, null));

        var good = Journal.Next(null, At, "x", "a", "t", "i", null, null);
        var bad = new JournalEntry(1, good.At, "x\ud800", "a", "t", "i", null, null, good.PreviousHash, good.Hash);
        var report = JournalVerifier.Verify([bad], [], [], _ => null);
        Assert.Equal("entry 1: holds text that is not valid Unicode (edited after it was written)", Assert.Single(report.Findings).Message);
    }

    [Fact]
    public void Hashes_round_trip_through_bytes_and_hex()
    {
        var hash = Journal.Next(null, At, "a", "b", "c", "d", null, null).Hash;

        Assert.Equal(hash, JournalHash.FromBytes(hash.ToArray()));
        Assert.True(JournalHash.TryParseHex(hash.ToHex().ToUpperInvariant(), out var parsed));
        Assert.Equal(hash, parsed);
        Assert.Equal(64, hash.ToString().Length);
        Assert.False(JournalHash.TryParseHex("zz" + hash.ToHex()[2..], out _));
        Assert.False(JournalHash.TryParseHex(hash.ToHex()[2..], out _));
        Assert.Throws<ArgumentException>(() => JournalHash.FromBytes(new byte[31]));
    }
}
