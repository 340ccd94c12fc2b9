using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Demarcate.Core.Trust.Internal;

namespace Demarcate.Core.Trust;

/// <summary>
/// A delegation member's signed statement "I have seen the journal reach entry <see cref="Sequence"/> with hash
/// <see cref="Hash"/>", kept by the delegation outside the system so that a rewritten journal cannot match it.
/// Made by <see cref="JournalSigner.SignReceipt(long, JournalHash, PartyCode, string, System.Security.Cryptography.ECDsa, DateTimeOffset)"/>.
/// </summary>
/// <remarks>
/// Immutable; equality compares the signature bytes too. The constructor checks no signature; <see cref="JournalVerifier"/> does.
/// </remarks>
public sealed record Receipt
{
    /// <summary>The value of the document's "kind" member.</summary>
    public const string DocumentKind = "demarcate.journal.receipt";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <param name="party">The member's party.</param>
    /// <param name="accountId">The member's account id.</param>
    /// <param name="sequence">The entry seen as the journal's head.</param>
    /// <param name="hash">That entry's hash as the member saw it.</param>
    /// <param name="issuedAt">When the receipt was issued (UTC, truncated to the millisecond).</param>
    /// <param name="signature">ECDSA P-256 / SHA-256 over <see cref="SignedBytes"/> with the member's key, 64 bytes r‖s.</param>
    public Receipt(PartyCode party, string accountId, long sequence, JournalHash hash, DateTimeOffset issuedAt, ImmutableArray<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (party.Value is null)
        {
            throw new ArgumentException("A receipt needs a party.", nameof(party));
        }

        Party = party;
        AccountId = accountId;
        Sequence = sequence;
        Hash = hash;
        IssuedAt = Journal.ToJournalTime(issuedAt);
        Signature = signature.IsDefault ? [] : signature;
    }

    /// <summary>The member's party.</summary>
    public PartyCode Party { get; }

    /// <summary>The member's account id; their public key is looked up by it.</summary>
    public string AccountId { get; }

    /// <summary>The entry the member saw as the journal's head.</summary>
    public long Sequence { get; }

    /// <summary>That entry's hash as the member saw it.</summary>
    public JournalHash Hash { get; }

    /// <summary>When the receipt was issued, UTC, to the millisecond.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The member's signature: ECDSA P-256 with SHA-256, r‖s, 64 bytes.</summary>
    public ImmutableArray<byte> Signature { get; }

    /// <summary>The exact bytes the signature covers (docs/journal.md).</summary>
    public byte[] SignedBytes() => JournalEncoding.Receipt(Party.Value, AccountId, Sequence, Hash, IssuedAt);

    /// <summary>The receipt as the small JSON document a delegation keeps (indented, UTF-8 when written to a file).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", DocumentKind);
            writer.WriteNumber("version", 1);
            writer.WriteString("party", Party.Value);
            writer.WriteString("account", AccountId);
            writer.WriteNumber("sequence", Sequence);
            writer.WriteString("hash", Hash.ToHex());
            writer.WriteString("issuedAt", IssuedAt.ToString(TimeFormat, CultureInfo.InvariantCulture));
            writer.WriteString("signature", Convert.ToBase64String(Signature.AsSpan()));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads a receipt document (as <see cref="ToJson"/> writes it); problems name <paramref name="source"/>, the line and the column.</summary>
    /// <param name="json">The document's text.</param>
    /// <param name="source">What to call the input in problems, e.g. its file name.</param>
    public static ParseResult<Receipt> Parse(string json, string source = "receipt")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        return new ReceiptDocument(json, source).Read();
    }

    public bool Equals(Receipt? other) =>
        other is not null && Party == other.Party && AccountId == other.AccountId && Sequence == other.Sequence
        && Hash == other.Hash && IssuedAt == other.IssuedAt && Signature.AsSpan().SequenceEqual(other.Signature.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Party, AccountId, Sequence, Hash, IssuedAt);

    internal static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
