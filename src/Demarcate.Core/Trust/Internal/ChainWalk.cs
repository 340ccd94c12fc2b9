using System.Globalization;
using System.Security.Cryptography;

namespace Demarcate.Core.Trust.Internal;

/// <summary>
/// One pass over the journal: entries arrive in order and are checked against the entry before them and against
/// the anchors (validly signed heads and receipts) at their sequence number; nothing about past entries is kept
/// but the previous hash and the last anchors that matched.
/// </summary>
internal sealed class ChainWalk
{
    private readonly List<JournalFinding> _anchorFindings = [];
    private readonly List<JournalFinding> _entryFindings = [];
    private readonly Anchor[] _anchors;
    private long _omitted;
    private int _nextAnchor;
    private long _expected = 1;
    private long _count;
    private JournalHash _previousHash = JournalHash.Zero;
    private Anchor? _lastMatching;
    private Anchor? _lastMatchingReceipt;
    private int _headsMatched;
    private int _receiptsMatched;

    internal ChainWalk(IReadOnlyList<SignedHead> heads, IReadOnlyList<Receipt> receipts, Func<string, ECDsa?> publicKeyOf)
    {
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentNullException.ThrowIfNull(publicKeyOf);
        var keys = new Dictionary<string, ECDsa?>(StringComparer.Ordinal);
        ECDsa? KeyOf(string id)
        {
            if (!keys.TryGetValue(id, out var key))
            {
                key = publicKeyOf(id);
                keys.Add(id, key);
            }

            return key;
        }

        var anchors = new List<Anchor>(heads.Count + receipts.Count);
        foreach (var head in heads)
        {
            var anchor = new Anchor(head.Sequence, head.Hash, IsReceipt: false, head.SignedAt, Text($"signed head at entry {head.Sequence}"));
            var key = KeyOf(head.SignerId);
            if (key is null)
            {
                AnchorProblem(JournalFindingKind.UnknownSigner, anchor, $"no public key is known for its signer \"{head.SignerId}\"");
            }
            else if (!JournalSigner.Verify(head, key))
            {
                AnchorProblem(JournalFindingKind.SignatureInvalid, anchor, $"signature invalid (not made by the key of \"{head.SignerId}\" over this head)");
            }
            else
            {
                anchors.Add(anchor);
            }
        }

        foreach (var receipt in receipts)
        {
            var anchor = new Anchor(receipt.Sequence, receipt.Hash, IsReceipt: true, receipt.IssuedAt, Text($"receipt of {receipt.Party} (account {receipt.AccountId}) for entry {receipt.Sequence}"));
            var key = KeyOf(receipt.AccountId);
            if (key is null)
            {
                AnchorProblem(JournalFindingKind.UnknownSigner, anchor, $"unknown account \"{receipt.AccountId}\" (no public key is known for it)");
            }
            else if (!JournalSigner.Verify(receipt, key))
            {
                AnchorProblem(JournalFindingKind.SignatureInvalid, anchor, $"signature invalid (not made by the key of account \"{receipt.AccountId}\" over this receipt)");
            }
            else
            {
                anchors.Add(anchor);
            }
        }

        // Heads before receipts at the same entry, so a bracket names the commission's own anchor first.
        _anchors = [.. anchors.OrderBy(a => a.Sequence).ThenBy(a => a.IsReceipt).ThenBy(a => a.At)];
    }

    internal void Add(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _count++;
        var sequence = entry.Sequence;
        if (sequence < _expected)
        {
            EntryProblem(JournalFindingKind.EntryOutOfOrder, sequence, sequence, Text($"entry {sequence} comes after entry {_expected - 1} (sequence numbers repeat or go backwards)"));
            return;
        }

        var gap = sequence > _expected;
        if (gap)
        {
            var missing = sequence - 1 == _expected ? Text($"entry {_expected} missing") : Text($"entries {_expected}–{sequence - 1} missing");
            EntryProblem(JournalFindingKind.EntriesMissing, _expected, sequence - 1, _expected == 1
                ? Text($"the journal starts at entry {sequence} ({missing})")
                : Text($"sequence jumps from {_expected - 1} to {sequence} ({missing})"));
        }

        CheckContents(entry);

        // After a gap the link cannot match; the gap is the finding.
        if (!gap && entry.PreviousHash != _previousHash)
        {
            EntryProblem(JournalFindingKind.LinkBroken, sequence, sequence, sequence == 1
                ? "entry 1: previous hash is not zero (the chain does not start here)"
                : Text($"entry {sequence}: previous hash does not match entry {sequence - 1}"));
        }

        // Anchors for entries that are missing were passed over; the gap already says those entries are gone.
        while (_nextAnchor < _anchors.Length && _anchors[_nextAnchor].Sequence < sequence)
        {
            _nextAnchor++;
        }

        while (_nextAnchor < _anchors.Length && _anchors[_nextAnchor].Sequence == sequence)
        {
            CheckAnchor(_anchors[_nextAnchor++], entry);
        }

        _previousHash = entry.Hash;
        _expected = sequence + 1;
    }

    internal JournalVerification Finish()
    {
        var last = _expected - 1;
        if (_nextAnchor < _anchors.Length)
        {
            var furthest = _anchors[^1];
            var beyond = _anchors.Length - _nextAnchor;
            var others = beyond > 1 ? Text($"; {beyond - 1} other anchors also lie beyond the end") : string.Empty;
            EntryProblem(JournalFindingKind.EntriesDeletedFromEnd, last + 1, furthest.Sequence, last == 0
                ? Text($"the journal is empty but {furthest.Description} covers entry {furthest.Sequence} (entries 1–{furthest.Sequence} at least were deleted{others})")
                : Text($"the journal ends at entry {last} but {furthest.Description} covers entry {furthest.Sequence} (entries {last + 1}–{furthest.Sequence} at least were deleted from the end{others})"));
        }

        return new JournalVerification
        {
            EntriesChecked = _count,
            LastSequence = last,
            LastHash = _previousHash,
            SignedHeadsMatched = _headsMatched,
            ReceiptsMatched = _receiptsMatched,
            Findings = [.. _anchorFindings.Concat(_entryFindings).OrderBy(f => f.FirstEntry).ThenBy(f => f.LastEntry)],
            FindingsOmitted = _omitted,
        };
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void CheckContents(JournalEntry entry)
    {
        JournalHash computed;
        try
        {
            computed = entry.ComputeHash();
        }
        catch (ArgumentException)
        {
            EntryProblem(JournalFindingKind.EntryEdited, entry.Sequence, entry.Sequence, Text($"entry {entry.Sequence}: holds text that is not valid Unicode (edited after it was written)"));
            return;
        }

        if (computed != entry.Hash)
        {
            EntryProblem(JournalFindingKind.EntryEdited, entry.Sequence, entry.Sequence, Text($"entry {entry.Sequence}: its stored hash does not match its contents (edited after it was written)"));
        }
    }

    private void CheckAnchor(Anchor anchor, JournalEntry entry)
    {
        if (anchor.Hash == entry.Hash)
        {
            _lastMatching = anchor;
            if (anchor.IsReceipt)
            {
                _lastMatchingReceipt = anchor;
                _receiptsMatched++;
            }
            else
            {
                _headsMatched++;
            }

            return;
        }

        var bracket = _lastMatching is null
            ? "no earlier anchor matches, so the rewrite may go back to entry 1"
            : "last matching anchor: " + _lastMatching.Description;

        // A signed head only proves what the server's key signed; if that key signed a rewritten chain, only the
        // delegations' receipts bound the rewrite.
        var keyCaveat = anchor.IsReceipt && _lastMatching is { IsReceipt: false }
            ? "; if the journal key itself signed the rewritten chain, the rewrite may go back to " + (_lastMatchingReceipt is null ? "entry 1" : "just after the " + _lastMatchingReceipt.Description)
            : string.Empty;
        EntryProblem(JournalFindingKind.ChainRewritten, (_lastMatching?.Sequence ?? 0) + 1, anchor.Sequence,
            Text($"{anchor.Description} does not match the journal: the chain was rewritten at or before entry {anchor.Sequence} ({bracket}{keyCaveat})"));
    }

    private void AnchorProblem(JournalFindingKind kind, Anchor anchor, string problem) =>
        _anchorFindings.Add(new JournalFinding(kind, anchor.Sequence, anchor.Sequence, anchor.Description + ": " + problem));

    private void EntryProblem(JournalFindingKind kind, long first, long last, string message)
    {
        if (_entryFindings.Count < JournalVerifier.MaxEntryFindings)
        {
            _entryFindings.Add(new JournalFinding(kind, first, last, message));
        }
        else
        {
            _omitted++;
        }
    }

    /// <summary>A validly signed statement that the journal's entry <paramref name="Sequence"/> has <paramref name="Hash"/>.</summary>
    private sealed record Anchor(long Sequence, JournalHash Hash, bool IsReceipt, DateTimeOffset At, string Description);
}
