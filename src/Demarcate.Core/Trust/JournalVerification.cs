using System.Globalization;
using System.Text;

namespace Demarcate.Core.Trust;

/// <summary>What kind of break <see cref="JournalVerifier"/> found.</summary>
public enum JournalFindingKind
{
    /// <summary>An entry's stored hash does not match its contents: the row was edited after it was written.</summary>
    EntryEdited,

    /// <summary>An entry's previous hash does not match the entry before it (or, for entry 1, is not zero).</summary>
    LinkBroken,

    /// <summary>Sequence numbers skip: entries in the middle (or at the start) are missing.</summary>
    EntriesMissing,

    /// <summary>A sequence number repeats or goes backwards.</summary>
    EntryOutOfOrder,

    /// <summary>A validly signed head or receipt names a hash the journal's entry no longer has: the chain was rewritten.</summary>
    ChainRewritten,

    /// <summary>A validly signed head or receipt covers an entry beyond the journal's end: entries were deleted from the end.</summary>
    EntriesDeletedFromEnd,

    /// <summary>A signed head or receipt whose signature was not made by its signer's key.</summary>
    SignatureInvalid,

    /// <summary>A signed head or receipt whose signer has no known public key.</summary>
    UnknownSigner,
}

/// <summary>One break in the journal, located by the range of entries it concerns.</summary>
/// <param name="Kind">What kind of break.</param>
/// <param name="FirstEntry">The first entry concerned. For <see cref="JournalFindingKind.ChainRewritten"/>, the earliest entry the rewrite can have begun at (just after the last anchor that still matched).</param>
/// <param name="LastEntry">The last entry concerned. For <see cref="JournalFindingKind.ChainRewritten"/>, the anchor's entry: the rewrite began at or before it.</param>
/// <param name="Message">The finding in a sentence, naming the entries and anchors.</param>
public sealed record JournalFinding(JournalFindingKind Kind, long FirstEntry, long LastEntry, string Message)
{
    public override string ToString() => Message;
}

/// <summary>
/// The report of <c>demarcate verify</c>: whether the journal, its signed heads and the delegations' receipts agree,
/// and if not, where the first broken link is.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class JournalVerification
{
    /// <summary>True when nothing was found: every hash, link, sequence number, signature and anchor agrees.</summary>
    public bool Ok => Findings.Count == 0;

    /// <summary>How many entries were read.</summary>
    public required long EntriesChecked { get; init; }

    /// <summary>The sequence number of the last entry read; 0 for an empty journal.</summary>
    public required long LastSequence { get; init; }

    /// <summary>The stored hash of the last entry read; zero for an empty journal.</summary>
    public required JournalHash LastHash { get; init; }

    /// <summary>How many signed heads had a valid signature and matched the journal.</summary>
    public required int SignedHeadsMatched { get; init; }

    /// <summary>How many receipts had a valid signature and matched the journal.</summary>
    public required int ReceiptsMatched { get; init; }

    /// <summary>The findings, ordered by the first entry each concerns; the first is the first broken link.</summary>
    public required IReadOnlyList<JournalFinding> Findings { get; init; }

    /// <summary>Findings about entries left out of <see cref="Findings"/> because there were more than <see cref="JournalVerifier.MaxEntryFindings"/>.</summary>
    public required long FindingsOmitted { get; init; }

    /// <summary>The earliest finding, or null when the journal verified.</summary>
    public JournalFinding? FirstBrokenLink => Findings.Count > 0 ? Findings[0] : null;

    /// <summary>The report as the CLI prints it.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var head = LastSequence == 0 ? "the journal is empty" : string.Create(CultureInfo.InvariantCulture, $"head at entry {LastSequence}, hash {LastHash}");
        if (Ok)
        {
            return text.Append(CultureInfo.InvariantCulture, $"Journal verified: {EntriesChecked} entries, {head}; {SignedHeadsMatched} signed heads and {ReceiptsMatched} receipts match.").ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"Journal NOT verified ({EntriesChecked} entries read, {head}; {SignedHeadsMatched} signed heads and {ReceiptsMatched} receipts match).")
            .Append('\n')
            .Append("First broken link: ").Append(Findings[0].Message).Append('\n');
        foreach (var finding in Findings.Skip(1))
        {
            text.Append("  also: ").Append(finding.Message).Append('\n');
        }

        if (FindingsOmitted > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  … and {FindingsOmitted} further findings about entries.\n");
        }

        return text.ToString().TrimEnd('\n');
    }
}
