using System.Security.Cryptography;
using Demarcate.Core.Trust.Internal;

namespace Demarcate.Core.Trust;

/// <summary>
/// One change in the commission's journal: who changed what, when, and the record as it was before and after,
/// chained to the entry before it by hash.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. The constructor takes the fields exactly as a store persisted them and
/// does not check <see cref="Hash"/>: a row edited behind the application's back must still be
/// readable, so that <see cref="JournalVerifier"/> can name it. New entries come from <see cref="Journal.Next"/>.
/// </remarks>
public sealed record JournalEntry
{
    /// <param name="sequence">1-based position in the journal; entries are contiguous.</param>
    /// <param name="at">When the change was made; held in UTC, truncated to the millisecond (the precision that is hashed).</param>
    /// <param name="actor">The account id that made the change, or <see cref="Journal.SystemActor"/>.</param>
    /// <param name="action">What was done, e.g. "sector.status" or "line.add".</param>
    /// <param name="recordType">The kind of record changed, e.g. "sector".</param>
    /// <param name="recordId">The id of the record changed.</param>
    /// <param name="before">Canonical JSON of the record before the change; null when it was created.</param>
    /// <param name="after">Canonical JSON of the record after the change; null when it was deleted.</param>
    /// <param name="previousHash">The hash of the entry before; <see cref="JournalHash.Zero"/> for entry 1.</param>
    /// <param name="hash">The hash of this entry as written.</param>
    public JournalEntry(long sequence, DateTimeOffset at, string actor, string action, string recordType, string recordId, string? before, string? after, JournalHash previousHash, JournalHash hash)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(recordType);
        ArgumentNullException.ThrowIfNull(recordId);
        Sequence = sequence;
        At = Journal.ToJournalTime(at);
        Actor = actor;
        Action = action;
        RecordType = recordType;
        RecordId = recordId;
        Before = before;
        After = after;
        PreviousHash = previousHash;
        Hash = hash;
    }

    /// <summary>1-based position in the journal.</summary>
    public long Sequence { get; }

    /// <summary>When the change was made, UTC, to the millisecond.</summary>
    public DateTimeOffset At { get; }

    /// <summary>The account id that made the change, or <see cref="Journal.SystemActor"/>.</summary>
    public string Actor { get; }

    /// <summary>What was done, e.g. "sector.status".</summary>
    public string Action { get; }

    /// <summary>The kind of record changed.</summary>
    public string RecordType { get; }

    /// <summary>The id of the record changed.</summary>
    public string RecordId { get; }

    /// <summary>Canonical JSON of the record before the change; null when the change created it.</summary>
    public string? Before { get; }

    /// <summary>Canonical JSON of the record after the change; null when the change deleted it.</summary>
    public string? After { get; }

    /// <summary>The hash of the entry before this one; zero for entry 1.</summary>
    public JournalHash PreviousHash { get; }

    /// <summary>The hash of this entry as it was written (and stored).</summary>
    public JournalHash Hash { get; }

    /// <summary>
    /// The exact bytes whose SHA-256 is the entry's hash: every field but <see cref="Hash"/>, encoded as docs/journal.md describes.
    /// Throws <see cref="ArgumentException"/> when a text field holds a lone surrogate (not Unicode text).
    /// </summary>
    public byte[] CanonicalBytes() =>
        JournalEncoding.Entry(Sequence, At, Actor, Action, RecordType, RecordId, Before, After, PreviousHash);

    /// <summary>Recomputes the hash from the entry's contents (compare with <see cref="Hash"/> to detect an edit).</summary>
    public JournalHash ComputeHash() => JournalHash.FromBytes(SHA256.HashData(CanonicalBytes()));
}
