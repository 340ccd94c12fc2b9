using System.Collections.Immutable;
using Demarcate.Core.Trust.Internal;

namespace Demarcate.Core.Trust;

/// <summary>
/// The journal's head as the commission's journal key attested it at a moment: "the journal reached entry
/// <see cref="Sequence"/>, whose hash is <see cref="Hash"/>". Made by <see cref="JournalSigner.SignHead"/>.
/// </summary>
/// <remarks>
/// Immutable; equality compares the signature bytes too. The constructor takes the fields as a store persisted
/// them and checks no signature; <see cref="JournalVerifier"/> does.
/// </remarks>
public sealed record SignedHead
{
    /// <param name="sequence">The entry the head covers.</param>
    /// <param name="hash">That entry's hash.</param>
    /// <param name="signedAt">When it was signed (UTC, truncated to the millisecond).</param>
    /// <param name="signerId">Which key signed it (the id its public key is looked up by).</param>
    /// <param name="signature">ECDSA P-256 / SHA-256 over <see cref="SignedBytes"/>, 64 bytes r‖s (IEEE P1363).</param>
    public SignedHead(long sequence, JournalHash hash, DateTimeOffset signedAt, string signerId, ImmutableArray<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(signerId);
        Sequence = sequence;
        Hash = hash;
        SignedAt = Journal.ToJournalTime(signedAt);
        SignerId = signerId;
        Signature = signature.IsDefault ? [] : signature;
    }

    /// <summary>The entry the head covers.</summary>
    public long Sequence { get; }

    /// <summary>That entry's hash.</summary>
    public JournalHash Hash { get; }

    /// <summary>When the head was signed, UTC, to the millisecond.</summary>
    public DateTimeOffset SignedAt { get; }

    /// <summary>The id of the key that signed it.</summary>
    public string SignerId { get; }

    /// <summary>The signature: ECDSA P-256 with SHA-256, r‖s, 64 bytes.</summary>
    public ImmutableArray<byte> Signature { get; }

    /// <summary>The exact bytes the signature covers (docs/journal.md).</summary>
    public byte[] SignedBytes() => JournalEncoding.Head(Sequence, Hash, SignedAt, SignerId);

    public bool Equals(SignedHead? other) =>
        other is not null && Sequence == other.Sequence && Hash == other.Hash && SignedAt == other.SignedAt
        && SignerId == other.SignerId && Signature.AsSpan().SequenceEqual(other.Signature.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Sequence, Hash, SignedAt, SignerId);
}
