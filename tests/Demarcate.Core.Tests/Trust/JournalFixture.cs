using System.Security.Cryptography;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

/// <summary>
/// A real journal of a few thousand entries with heads signed every <see cref="HeadEvery"/> entries and receipts
/// from two delegations, each with its own key. Shared by the tamper tests; never mutated.
/// </summary>
public sealed class JournalFixture : IDisposable
{
    public const int Length = 3000;
    public const int HeadEvery = 250;
    public const string JournalSignerId = "commission-journal";
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public JournalFixture()
    {
        Entries = Build(Length);
        Heads = [.. Entries.Where(e => e.Sequence % HeadEvery == 0).Select(e => JournalSigner.SignHead(e, JournalKey, JournalSignerId, e.At.AddSeconds(1)))];
        Receipts =
        [
            JournalSigner.SignReceipt(Entries[699], new PartyCode("AZ"), "az-cochair", AzKey, Start.AddDays(1)),
            JournalSigner.SignReceipt(Entries[1299], new PartyCode("AM"), "am-cochair", AmKey, Start.AddDays(2)),
            JournalSigner.SignReceipt(Entries[1899], new PartyCode("AZ"), "az-cochair", AzKey, Start.AddDays(3)),
            JournalSigner.SignReceipt(Entries[2599], new PartyCode("AM"), "am-cochair", AmKey, Start.AddDays(4)),
        ];
    }

    public ECDsa JournalKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa AzKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa AmKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa StrangerKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public IReadOnlyList<JournalEntry> Entries { get; }

    public IReadOnlyList<SignedHead> Heads { get; }

    public IReadOnlyList<Receipt> Receipts { get; }

    /// <summary>The public keys as the server would know them (the verifier needs only the public halves).</summary>
    public ECDsa? PublicKeyOf(string id) => id switch
    {
        JournalSignerId => JournalKey,
        "az-cochair" => AzKey,
        "am-cochair" => AmKey,
        _ => null,
    };

    public JournalVerification Verify(IEnumerable<JournalEntry> entries, IReadOnlyList<SignedHead>? heads = null, IReadOnlyList<Receipt>? receipts = null) =>
        JournalVerifier.Verify(entries, heads ?? Heads, receipts ?? Receipts, PublicKeyOf);

    /// <summary>A plausible change: sector statuses, lines and pillars edited by delegation members and the system.</summary>
    public static JournalEntry Change(JournalEntry? head, long sequence, DateTimeOffset at)
    {
        var actor = (sequence % 3) switch { 0 => "az-cartographer", 1 => "am-cartographer", _ => Journal.SystemActor };
        var id = "S-" + (sequence % 97).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        var before = sequence % 5 == 0 ? null : CanonicalJson.Serialize(new { id, status = "draft", version = sequence - 1, length = sequence * 12.5 });
        var after = CanonicalJson.Serialize(new { id, status = sequence % 2 == 0 ? "submitted" : "draft", version = sequence, length = sequence * 12.5 });
        return Journal.Next(head, at, actor, sequence % 5 == 0 ? "sector.add" : "sector.status", "sector", id, before, after);
    }

    public static IReadOnlyList<JournalEntry> Build(int count)
    {
        var entries = new List<JournalEntry>(count);
        JournalEntry? head = null;
        for (var i = 1; i <= count; i++)
        {
            head = Change(head, i, Start.AddSeconds(i * 7.0123));
            entries.Add(head);
        }

        return entries;
    }

    /// <summary>An entry as a store would read it back, with one field changed and the stored hashes left alone.</summary>
    public static JournalEntry Edited(JournalEntry e, string? actor = null, string? after = null, DateTimeOffset? at = null) =>
        new(e.Sequence, at ?? e.At, actor ?? e.Actor, e.Action, e.RecordType, e.RecordId, e.Before, after ?? e.After, e.PreviousHash, e.Hash);

    public void Dispose()
    {
        JournalKey.Dispose();
        AzKey.Dispose();
        AmKey.Dispose();
        StrangerKey.Dispose();
    }
}
