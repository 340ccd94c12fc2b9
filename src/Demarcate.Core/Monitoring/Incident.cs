using System.Globalization;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Monitoring;

/// <summary>How far the commission trusts an incident record.</summary>
public enum VerificationStatus
{
    /// <summary>Reported by one party or source.</summary>
    Reported,

    /// <summary>Reported independently by more than one party.</summary>
    Corroborated,

    /// <summary>Seen or confirmed by the commission's monitors.</summary>
    VerifiedByMonitor,

    /// <summary>Contested by a party.</summary>
    Disputed,
}

/// <summary>One source of an incident: who reported it, through what, and the figures that source gave.</summary>
/// <param name="Name">The source as named (ACLED's source column: a patrol, a statement, a newspaper).</param>
/// <param name="Reference">The reporter's own identifier of the report (ACLED's event_id_cnty), or empty.</param>
/// <param name="Party">The reporting party, or none for the commission itself.</param>
/// <param name="Fatalities">Fatalities this source reported, when it gave a figure.</param>
/// <param name="Injuries">Injuries this source reported, when it gave a figure.</param>
public sealed record IncidentSource(string Name, string Reference, PartyCode? Party, int? Fatalities, int? Injuries);

/// <summary>A file attached to an incident (a photo, a patrol report).</summary>
public sealed record IncidentAttachment(string Name, string ContentType, byte[] Content);

/// <summary>Where the line's attribution put an incident: its sector, distance to the line and side; written by attribution.</summary>
public sealed record IncidentAttribution(string? SectorId, double? DistanceMetres, PartyCode? SideParty, string? ReferenceLineId, DateTimeOffset AttributedAt);

/// <summary>
/// A border incident after ACLED's codebook: when (with time precision), where (with geo precision), what (type),
/// who (actors), who reported it and through which sources, the most conservative casualty figures, how far it
/// is verified, and notes. A merged incident lists the sources of the reports it merges; the reports themselves are
/// kept, marked <see cref="MergedInto"/>, so a merge can be undone.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record Incident(string Id, IncidentDate Date, IncidentLocation Location, IncidentType Type)
{
    public string Actor1 { get; init; } = "";

    public string Actor2 { get; init; } = "";

    /// <summary>The reporting party, who owns the record (and alone sees it while it is a draft).</summary>
    public PartyCode? ReportingParty { get; init; }

    public IReadOnlyList<IncidentSource> Sources { get; init; } = [];

    /// <summary>Fatalities: the lowest figure any source gave (ACLED's most conservative estimate); null when none gave one.</summary>
    public int? Fatalities { get; init; }

    /// <summary>Injuries: the lowest figure any source gave; null when none gave one.</summary>
    public int? Injuries { get; init; }

    public VerificationStatus Verification { get; init; } = VerificationStatus.Reported;

    public string Notes { get; init; } = "";

    public Publication Publication { get; init; } = Publication.Draft;

    public int Version { get; init; } = 1;

    /// <summary>The merged incident this report is part of, when it has been merged.</summary>
    public string? MergedInto { get; init; }

    /// <summary>For a merged incident, the reports it merges, in the order they were given.</summary>
    public IReadOnlyList<string> MergedFrom { get; init; } = [];

    public IncidentAttribution? Attribution { get; init; }

    public IncidentTypeName TypeName => IncidentTypes.NameOf(Type);

    /// <summary>Whether the incident is within the filter (every given criterion must hold).</summary>
    public bool Matches(IncidentFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return (filter.Type is null || filter.Type == Type)
            && Date.Meets(filter.From, filter.To)
            && (filter.Verification is null || filter.Verification == Verification)
            && (filter.Party is null || filter.Party == ReportingParty || Sources.Any(s => s.Party == filter.Party))
            && (filter.SectorId is null || string.Equals(filter.SectorId, Attribution?.SectorId, StringComparison.Ordinal))
            && (filter.IncludeMerged || MergedInto is null);
    }
}

/// <summary>Which incidents to list: each criterion given narrows the list. Reports merged into an incident are left out unless asked for.</summary>
public sealed record IncidentFilter
{
    public IncidentType? Type { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public VerificationStatus? Verification { get; init; }

    public PartyCode? Party { get; init; }

    public string? SectorId { get; init; }

    public bool IncludeMerged { get; init; }

    public static IncidentFilter All { get; } = new();

    /// <summary>
    /// A filter from text (a query string or command line): sector, type (the enum name or ACLED's sub-event type), from/to (yyyy-mm-dd), verification,
    /// party; an unknown value is a problem, not an ignored filter.
    /// </summary>
    public static ParseResult<IncidentFilter> Parse(string? sector, string? type, string? from, string? to, string? verification, string? party, bool merged = false)
    {
        var problems = new List<InputProblem>();
        IncidentType? t = null;
        if (!string.IsNullOrWhiteSpace(type))
        {
            t = IncidentTypes.Parse(null, type);
            if (t is null)
            {
                problems.Add(new InputProblem("type", $"'{type}' is not an incident type; known: {string.Join(", ", Enum.GetNames<IncidentType>())}"));
            }
        }

        DateOnly? Day(string? text, string name)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            problems.Add(new InputProblem(name, $"'{text}' is not a date (yyyy-mm-dd)"));
            return null;
        }

        var f = Day(from, "from");
        var u = Day(to, "to");
        VerificationStatus? v = null;
        if (!string.IsNullOrWhiteSpace(verification))
        {
            if (Enum.TryParse<VerificationStatus>(verification, ignoreCase: true, out var status) && Enum.IsDefined(status))
            {
                v = status;
            }
            else
            {
                problems.Add(new InputProblem("verification", $"'{verification}' is not one of {string.Join(", ", Enum.GetNames<VerificationStatus>())}"));
            }
        }

        return problems.Count > 0
            ? ParseResult<IncidentFilter>.Failed(problems)
            : ParseResult<IncidentFilter>.Ok(new IncidentFilter
            {
                SectorId = string.IsNullOrWhiteSpace(sector) ? null : sector,
                Type = t,
                From = f,
                To = u,
                Verification = v,
                Party = string.IsNullOrWhiteSpace(party) ? null : new PartyCode(party),
                IncludeMerged = merged,
            });
    }
}
