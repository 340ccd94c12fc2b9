using System.Globalization;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Delimitation;

/// <summary>Whether a stored description resolved without problems when it was saved.</summary>
public enum DescriptionStatus
{
    /// <summary>Saved explicitly as a draft, with the problems it had then.</summary>
    Draft,

    /// <summary>Parsed and resolved without any problem against the sector's reference lines.</summary>
    Consistent,
}

/// <summary>
/// One saved version of a delegation's description of a sector: the canonical text, whether it was consistent, the
/// order of precedence the commission chose, and who saved it when. Each delegation keeps its own numbered chain of
/// versions per sector (<c>AM-3</c>), its own until submitted.
/// </summary>
/// <param name="SectorId">The sector described.</param>
/// <param name="Owner">The delegation (or the mediator's team) whose description it is.</param>
/// <param name="Number">1, 2, … in the owner's chain for this sector.</param>
/// <param name="Text">The canonical text as saved.</param>
/// <remarks>Immutable. The text, status and problems never change once saved; only publication (and the record's version) does.</remarks>
public sealed record DescriptionVersion(string SectorId, PartyCode Owner, int Number, string Text)
{
    public DescriptionStatus Status { get; init; } = DescriptionStatus.Draft;

    /// <summary>The problems the text had when saved (none when <see cref="DescriptionStatus.Consistent"/>).</summary>
    public IReadOnlyList<InputProblem> Problems { get; init; } = [];

    public DescriptionPrecedence Precedence { get; init; } = DescriptionPrecedence.Default;

    public Publication Publication { get; init; } = Publication.Draft;

    /// <summary>The record's version, carried by writes that change it (submitting).</summary>
    public int Version { get; init; } = 1;

    public string AuthoredBy { get; init; } = "";

    public DateTimeOffset AuthoredAt { get; init; }

    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>"AM-3": the owner and the number, how URLs and commands name the version.</summary>
    public string Id => FormatId(Owner, Number);

    public static string FormatId(PartyCode owner, int number) => string.Create(CultureInfo.InvariantCulture, $"{owner}-{number}");

    /// <summary>Reads "AM-3" into owner and number; false for anything else.</summary>
    public static bool TryParseId(string? id, out PartyCode owner, out int number)
    {
        owner = default;
        number = 0;
        var dash = id?.LastIndexOf('-') ?? -1;
        if (id is null || dash <= 0 || !int.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(id[..dash]))
        {
            return false;
        }

        owner = new PartyCode(id[..dash]);
        return true;
    }
}

/// <summary>What a delegation asks the store to save as the next version of its description of a sector.</summary>
/// <param name="SectorId">The sector described.</param>
/// <param name="Text">The canonical text.</param>
/// <param name="BasedOn">The number of the delegation's latest version the author started from (0 for the first); a newer one makes the save stale.</param>
/// <param name="AsDraft">True to save whatever problems the text has, listed; false to save only a consistent description.</param>
public sealed record DescriptionDraft(string SectorId, string Text, int BasedOn, bool AsDraft)
{
    public DescriptionPrecedence Precedence { get; init; } = DescriptionPrecedence.Default;
}
