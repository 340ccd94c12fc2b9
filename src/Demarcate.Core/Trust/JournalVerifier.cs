using System.Security.Cryptography;
using Demarcate.Core.Trust.Internal;

namespace Demarcate.Core.Trust;

/// <summary>
/// <c>demarcate verify</c>'s core: recomputes the journal's hash chain, checks every signed head and receipt,
/// checks the chain against them, and names the first broken link.
/// </summary>
/// <remarks>
/// Entries are streamed in sequence order and never held: memory is constant apart from the heads and receipts.
/// Public keys are looked up once per id — by <see cref="SignedHead.SignerId"/> for heads, by
/// <see cref="Receipt.AccountId"/> for receipts — and never disposed here. Thread-safe for distinct calls.
/// </remarks>
public static class JournalVerifier
{
    /// <summary>
    /// At most this many findings about entries are listed (the rest are counted): a journal corrupted wholesale
    /// would otherwise produce one per row, and the first ones are what locate the damage.
    /// </summary>
    public const int MaxEntryFindings = 100;

    /// <summary>Verifies a journal read as a sequence.</summary>
    /// <param name="entries">All entries in sequence order; enumerated once.</param>
    /// <param name="heads">The signed heads the store holds.</param>
    /// <param name="receipts">The receipts the delegations present (or the store holds).</param>
    /// <param name="publicKeyOf">The public key for a signer id or account id; null when none is known.</param>
    public static JournalVerification Verify(IEnumerable<JournalEntry> entries, IReadOnlyList<SignedHead> heads, IReadOnlyList<Receipt> receipts, Func<string, ECDsa?> publicKeyOf)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var walk = new ChainWalk(heads, receipts, publicKeyOf);
        foreach (var entry in entries)
        {
            walk.Add(entry);
        }

        return walk.Finish();
    }

    /// <summary>Verifies a journal read from a store as it streams in.</summary>
    /// <inheritdoc cref="Verify" path="/param"/>
    /// <param name="cancellationToken">Stops the walk between entries.</param>
    public static async Task<JournalVerification> VerifyAsync(IAsyncEnumerable<JournalEntry> entries, IReadOnlyList<SignedHead> heads, IReadOnlyList<Receipt> receipts, Func<string, ECDsa?> publicKeyOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var walk = new ChainWalk(heads, receipts, publicKeyOf);
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            walk.Add(entry);
        }

        return walk.Finish();
    }
}
