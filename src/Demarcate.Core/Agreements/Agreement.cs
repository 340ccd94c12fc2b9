using System.Globalization;

namespace Demarcate.Core.Agreements;

/// <summary>What kind of instrument an agreement is.</summary>
public enum AgreementKind
{
    TrilateralStatement,
    BilateralDecision,
    CommissionDecision,
    Protocol,
}

/// <summary>What a provision is about: the themes the dashboard groups implementation by.</summary>
public enum ProvisionTheme
{
    Ceasefire,
    Troops,
    Transport,
    Refugees,
    Humanitarian,
    Delimitation,
    Economic,
    Other,
}

/// <summary>
/// An agreement or decision in the commission's register: its title, the day it was signed, who signed it, and its
/// provisions. Texts are the commission's own summaries, not quotations.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record Agreement(string Id, string Title, DateOnly SignedOn, AgreementKind Kind)
{
    public IReadOnlyList<string> Signatories { get; init; } = [];

    public IReadOnlyList<Provision> Provisions { get; init; } = [];

    /// <summary>Where the register's summary comes from, and that it is the commission's wording.</summary>
    public string Notes { get; init; } = "";

    public bool Equals(Agreement? other) =>
        other is not null && Id == other.Id && Title == other.Title && SignedOn == other.SignedOn && Kind == other.Kind && Notes == other.Notes
        && Signatories.SequenceEqual(other.Signatories, StringComparer.Ordinal) && Provisions.SequenceEqual(other.Provisions);

    public override int GetHashCode() => HashCode.Combine(Id, SignedOn);

    /// <summary>What is wrong with it as a register entry; empty when fine.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (!RecordLink.IsIdentifier(Id))
        {
            problems.Add($"the agreement id '{Id}' is not a short identifier (letters, digits, '-', '.', '_')");
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            problems.Add("the title is required");
        }

        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provision in Provisions)
        {
            if (!RecordLink.IsIdentifier(provision.Number))
            {
                problems.Add($"provision number '{provision.Number}' is not a short identifier");
            }

            if (!numbers.Add(provision.Number))
            {
                problems.Add($"provision {provision.Number} appears twice");
            }

            if (string.IsNullOrWhiteSpace(provision.Text))
            {
                problems.Add($"provision {provision.Number} has no text");
            }

            if (provision.Deadline.Kind == DeadlineKind.WithinDays && provision.Deadline.Days < 0)
            {
                problems.Add($"provision {provision.Number}: a deadline counts a positive number of days");
            }
        }

        return problems;
    }
}

/// <summary>One commitment of an agreement: its number there, the commission's summary of it, who must act, by when, on what theme.</summary>
/// <remarks>Immutable.</remarks>
public sealed record Provision(string Number, string Text, ProvisionTheme Theme)
{
    public IReadOnlyList<string> ResponsibleParties { get; init; } = [];

    public ProvisionDeadline Deadline { get; init; } = ProvisionDeadline.None;

    /// <summary>The sectors, task-force actions, incidents … the provision concerns.</summary>
    public IReadOnlyList<RecordLink> Links { get; init; } = [];

    /// <summary>The provision's version, 1 as entered and one more at each revision; not part of equality, which compares the text.</summary>
    public int Version { get; init; } = 1;

    public bool Equals(Provision? other) =>
        other is not null && Number == other.Number && Text == other.Text && Theme == other.Theme && Deadline == other.Deadline
        && ResponsibleParties.SequenceEqual(other.ResponsibleParties, StringComparer.Ordinal) && Links.SequenceEqual(other.Links);

    public override int GetHashCode() => HashCode.Combine(Number, Text);
}

/// <summary>
/// A link from a provision to another record of the commission, by kind and id ("sector" M-03, "action" TF-1,
/// "incident" 42), so that kinds of record added later need no change here.
/// </summary>
public readonly record struct RecordLink(string Kind, string Id)
{
    public override string ToString() => Kind + ":" + Id;

    /// <summary>Reads "kind:id".</summary>
    public static RecordLink? Parse(string text)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || colon == text!.Length - 1)
        {
            return null;
        }

        var kind = text[..colon].Trim().ToLowerInvariant();
        var id = text[(colon + 1)..].Trim();
        return IsIdentifier(kind) && IsIdentifier(id) ? new RecordLink(kind, id) : null;
    }

    internal static bool IsIdentifier(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/');
}

/// <summary>How a provision's deadline is given.</summary>
public enum DeadlineKind
{
    None,
    Date,
    WithinDays,
}

/// <summary>
/// A provision's deadline as the agreement states it: none, a calendar date, or "within N days" of signature, which
/// <see cref="Resolve"/> turns into a date from the agreement's.
/// </summary>
public readonly record struct ProvisionDeadline(DeadlineKind Kind, DateOnly? On, int Days)
{
    public static ProvisionDeadline None { get; } = new(DeadlineKind.None, null, 0);

    public static ProvisionDeadline By(DateOnly date) => new(DeadlineKind.Date, date, 0);

    public static ProvisionDeadline Within(int days) => new(DeadlineKind.WithinDays, null, days);

    /// <summary>The calendar date it falls on for an agreement signed on <paramref name="signedOn"/>; null when there is none.</summary>
    public DateOnly? Resolve(DateOnly signedOn) => Kind switch
    {
        DeadlineKind.Date => On,
        DeadlineKind.WithinDays => signedOn.AddDays(Days),
        _ => null,
    };

    /// <summary>"2021-01-31", "30d" (within 30 days of signature) or "" (none): the form files, the API and the CLI use.</summary>
    public override string ToString() => Kind switch
    {
        DeadlineKind.Date => On!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DeadlineKind.WithinDays => Days.ToString(CultureInfo.InvariantCulture) + "d",
        _ => "",
    };

    /// <summary>Reads what <see cref="ToString"/> writes.</summary>
    public static ParseResult<ProvisionDeadline> Parse(string? text, string source)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return ParseResult<ProvisionDeadline>.Ok(None);
        }

        if (trimmed.EndsWith('d') && int.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return ParseResult<ProvisionDeadline>.Ok(Within(days));
        }

        return DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? ParseResult<ProvisionDeadline>.Ok(By(date))
            : ParseResult<ProvisionDeadline>.Failed(new InputProblem(source, $"'{trimmed}' is not a deadline: give a date (2021-01-31), a number of days after signature (30d), or nothing"));
    }
}

/// <summary>
/// A superseded text of a provision: the provision as it stood at <see cref="Version"/> until <see cref="RevisedBy"/>
/// replaced it at <see cref="RevisedAt"/>. Revisions are only ever appended, so every earlier text stays readable.
/// </summary>
public sealed record ProvisionRevision(string AgreementId, Provision Provision, string RevisedBy, DateTimeOffset RevisedAt)
{
    public int Version => Provision.Version;
}

