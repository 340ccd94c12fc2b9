using Demarcate.Core.Trust;

namespace Demarcate.Core.Humanitarian;

/// <summary>Whom a humanitarian case is about: a prisoner of war, a detained civilian, or the remains of the dead.</summary>
public enum CaseKind
{
    /// <summary>A prisoner of war (Geneva Convention III).</summary>
    PrisonerOfWar,

    /// <summary>A civilian detainee, recorded with the same identity fields.</summary>
    Detainee,

    /// <summary>The remains of a dead person (Geneva Convention I, Arts. 16–17).</summary>
    Remains,
}

/// <summary>
/// Where a case stands. Persons go reported → confirmed → repatriated or exchanged; remains go
/// reported → located → recovered → identified → handed over. A case only moves forward.
/// </summary>
public enum CaseStatus
{
    Reported,
    Confirmed,
    Repatriated,
    Exchanged,
    Located,
    Recovered,
    Identified,
    HandedOver,
}

/// <summary>What each kind of case passes through, and which moves are allowed.</summary>
public static class CaseStatuses
{
    private static readonly CaseStatus[] Persons = [CaseStatus.Reported, CaseStatus.Confirmed, CaseStatus.Repatriated, CaseStatus.Exchanged];

    private static readonly CaseStatus[] Dead = [CaseStatus.Reported, CaseStatus.Located, CaseStatus.Recovered, CaseStatus.Identified, CaseStatus.HandedOver];

    /// <summary>The statuses of a kind of case, in order.</summary>
    public static IReadOnlyList<CaseStatus> Of(CaseKind kind) => kind == CaseKind.Remains ? Dead : Persons;

    /// <summary>Whether a case has come to its end (returned home, or its remains handed over).</summary>
    public static bool IsFinal(CaseStatus status) => status is CaseStatus.Repatriated or CaseStatus.Exchanged or CaseStatus.HandedOver;

    /// <summary>The status an exchange gives a case of this kind.</summary>
    public static CaseStatus AfterExchange(CaseKind kind) => kind == CaseKind.Remains ? CaseStatus.HandedOver : CaseStatus.Exchanged;

    /// <summary>Why a case of <paramref name="kind"/> may not go from <paramref name="from"/> to <paramref name="to"/>; null when it may.</summary>
    public static string? RefusalOfMove(CaseKind kind, CaseStatus from, CaseStatus to)
    {
        var order = Of(kind);
        var target = Array.IndexOf(order.ToArray(), to);
        if (target < 0)
        {
            return $"{to} is not a status of a {Describe(kind)} case (it is one of {string.Join(", ", order)})";
        }

        if (IsFinal(from))
        {
            return $"the case is already {from}; its status no longer changes";
        }

        return target <= Array.IndexOf(order.ToArray(), from) ? $"a case moves forward only: {from} cannot become {to}" : null;
    }

    private static string Describe(CaseKind kind) => kind switch
    {
        CaseKind.PrisonerOfWar => "prisoner-of-war",
        CaseKind.Detainee => "detainee",
        _ => "remains",
    };
}

/// <summary>
/// What identifies a person (Geneva Convention III Arts. 17 and 122; for the dead, Geneva Convention I Arts. 16–17),
/// every field optional because it is recorded as far as known. These are the personal fields: the store keeps each
/// one encrypted under the case's own key and never writes them in clear text anywhere.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record PersonalParticulars
{
    public string? Surname { get; init; }

    public string? FirstNames { get; init; }

    public string? Rank { get; init; }

    /// <summary>Army, regimental, personal or serial number.</summary>
    public string? ServiceNumber { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    public string? PlaceOfBirth { get; init; }

    public string? FatherFirstName { get; init; }

    public string? MotherMaidenName { get; init; }

    /// <summary>Name and address of the person to be informed.</summary>
    public string? PersonToInform { get; init; }

    /// <summary>Date of capture (persons) or of death or finding (remains).</summary>
    public DateOnly? EventDate { get; init; }

    /// <summary>Place of capture (persons) or of death or finding (remains).</summary>
    public string? EventPlace { get; init; }

    /// <summary>State of health (persons) or cause of death (remains).</summary>
    public string? Condition { get; init; }

    /// <summary>The half of the double identity disc kept with the record (remains).</summary>
    public string? IdentityDisc { get; init; }

    /// <summary>Where the grave is, marked so that it can always be found (remains).</summary>
    public string? GraveLocation { get; init; }

    /// <summary>The field names in the order the store seals them; each is the name an API and the journal use.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
    [
        "surname", "firstNames", "rank", "serviceNumber", "dateOfBirth", "placeOfBirth", "fatherFirstName", "motherMaidenName",
        "personToInform", "eventDate", "eventPlace", "condition", "identityDisc", "graveLocation",
    ];

    /// <summary>The fields that hold a value, by name, as text (dates as yyyy-MM-dd).</summary>
    public IReadOnlyList<(string Field, string Value)> Fields()
    {
        var fields = new List<(string, string)>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                fields.Add((name, value.Trim()));
            }
        }

        Add("surname", Surname);
        Add("firstNames", FirstNames);
        Add("rank", Rank);
        Add("serviceNumber", ServiceNumber);
        Add("dateOfBirth", DateOfBirth?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("placeOfBirth", PlaceOfBirth);
        Add("fatherFirstName", FatherFirstName);
        Add("motherMaidenName", MotherMaidenName);
        Add("personToInform", PersonToInform);
        Add("eventDate", EventDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("eventPlace", EventPlace);
        Add("condition", Condition);
        Add("identityDisc", IdentityDisc);
        Add("graveLocation", GraveLocation);
        return fields;
    }

    /// <summary>The particulars from named text fields, as <see cref="Fields"/> gives them; unknown names are refused.</summary>
    public static ParseResult<PersonalParticulars> FromFields(IEnumerable<KeyValuePair<string, string?>> fields, string source)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var problems = new List<InputProblem>();
        var p = new PersonalParticulars();
        foreach (var (name, raw) in fields)
        {
            var value = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
            DateOnly? Date()
            {
                if (value is null)
                {
                    return null;
                }

                if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
                {
                    return d;
                }

                problems.Add(new InputProblem(source, $"{name}: a date is written yyyy-MM-dd"));
                return null;
            }

            p = name switch
            {
                "surname" => p with { Surname = value },
                "firstNames" => p with { FirstNames = value },
                "rank" => p with { Rank = value },
                "serviceNumber" => p with { ServiceNumber = value },
                "dateOfBirth" => p with { DateOfBirth = Date() },
                "placeOfBirth" => p with { PlaceOfBirth = value },
                "fatherFirstName" => p with { FatherFirstName = value },
                "motherMaidenName" => p with { MotherMaidenName = value },
                "personToInform" => p with { PersonToInform = value },
                "eventDate" => p with { EventDate = Date() },
                "eventPlace" => p with { EventPlace = value },
                "condition" => p with { Condition = value },
                "identityDisc" => p with { IdentityDisc = value },
                "graveLocation" => p with { GraveLocation = value },
                _ => Unknown(name),
            };
        }

        return problems.Count == 0 ? ParseResult<PersonalParticulars>.Ok(p) : ParseResult<PersonalParticulars>.Failed(problems);

        PersonalParticulars Unknown(string name)
        {
            problems.Add(new InputProblem(source, $"{name}: not a field of a humanitarian case (the fields are {string.Join(", ", FieldNames)})"));
            return p;
        }
    }
}

/// <summary>
/// A case as everyone's figures count it: its id, kind, the party whose national the person is, status and when it
/// was reported. Nothing here identifies the person.
/// </summary>
/// <param name="Id">The store's id for the case.</param>
/// <param name="Kind">Prisoner of war, detainee or remains.</param>
/// <param name="Party">The party whose national the person is (whose officers, with the mediator's, see the case).</param>
/// <param name="Status">Where the case stands.</param>
/// <param name="ReportedOn">The day the case was reported to the commission.</param>
public sealed record CaseRecord(string Id, CaseKind Kind, PartyCode Party, CaseStatus Status, DateOnly ReportedOn)
{
    public int Version { get; init; } = 1;

    /// <summary>When the case's key was destroyed; from then on the person cannot be recovered.</summary>
    public DateTimeOffset? ErasedAt { get; init; }

    public bool IsErased => ErasedAt is not null;
}

/// <summary>One step of a case's status history.</summary>
public sealed record CaseStatusChange(DateTimeOffset At, string Actor, CaseStatus Status, string? ExchangeId);

/// <summary>A case opened by an officer: the record, the person's particulars (null once erased) and the status history.</summary>
public sealed record HumanitarianCase(CaseRecord Record, PersonalParticulars? Person, IReadOnlyList<CaseStatusChange> History);

/// <summary>
/// An exchange or hand-over: when and where it took place, through which intermediary (e.g. the ICRC), and the
/// cases it settled. Every case in it becomes exchanged (persons) or handed over (remains) in the same transaction.
/// </summary>
public sealed record CaseExchange(string Id, DateOnly HeldOn, string Place, string Intermediary, IReadOnlyList<string> CaseIds);

/// <summary>
/// Counts for those who may not see the cases: how many of each kind, per party and status. A count the reader may
/// not see the cases of, and small enough to single out a person, is withheld (<see cref="CaseCount.Count"/> null,
/// meaning "fewer than <see cref="DisclosureThreshold"/>"); <see cref="FigureDisclosure"/> decides.
/// </summary>
public sealed record CaseFigures(IReadOnlyList<CaseCount> Counts, int Exchanges)
{
    /// <summary>Counts from 1 to one below this are withheld from readers who may not see the cases; 1 withholds nothing.</summary>
    public int DisclosureThreshold { get; init; } = 1;

    public bool AnyWithheld => Counts.Any(c => c.IsWithheld);

    /// <summary>The number of cases, or null when a count is withheld (the total would give the withheld one away).</summary>
    public int? Total => AnyWithheld ? null : Counts.Sum(c => c.Count ?? 0);

    /// <summary>A lower bound of the number of cases: each withheld count is at least 1.</summary>
    public int TotalAtLeast => Counts.Sum(c => c.Count ?? 1);
}

/// <summary>How many cases of one kind, party and status there are; null when withheld as too small to disclose.</summary>
public sealed record CaseCount(CaseKind Kind, PartyCode Party, CaseStatus Status, int? Count)
{
    public bool IsWithheld => Count is null;
}

/// <summary>
/// The disclosure threshold of the humanitarian figures. A count of 1 to 4 prisoners of one party in one status can
/// single out a person to anyone who knows the families, so a reader who may not see those cases is told "fewer than
/// 5" instead. Counts of cases the reader may see anyway stay exact, and so do zeros (absent rows) and counts at or
/// above the threshold. Immutable and thread-safe.
/// </summary>
public static class FigureDisclosure
{
    /// <summary>The commission's default: counts below 5 are withheld.</summary>
    public const int DefaultThreshold = 5;

    /// <summary>Whether <paramref name="threshold"/> is usable: at least 1 (1 withholds nothing).</summary>
    public static bool IsValidThreshold(int threshold) => threshold >= 1;

    /// <summary>
    /// The figures as a reader may be shown them: each count of cases of a party the reader may not see
    /// (<paramref name="maySeeCasesOf"/> false) that is at least 1 and below <paramref name="threshold"/> is withheld.
    /// </summary>
    public static CaseFigures Disclose(CaseFigures exact, int threshold, Func<PartyCode, bool> maySeeCasesOf)
    {
        ArgumentNullException.ThrowIfNull(exact);
        ArgumentNullException.ThrowIfNull(maySeeCasesOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var counts = exact.Counts
            .Select(c => c.Count is { } n && n > 0 && n < threshold && !maySeeCasesOf(c.Party) ? c with { Count = null } : c)
            .ToList();
        return new CaseFigures(counts, exact.Exchanges) { DisclosureThreshold = threshold };
    }
}

/// <summary>Who may see and handle humanitarian cases.</summary>
public static class HumanitarianAccess
{
    /// <summary>
    /// Whether <paramref name="caller"/> sees a case of <paramref name="party"/>'s national: the humanitarian officers of
    /// that party and of the mediator, and nobody else (not co-chairs, not administrators, not the other party's officers).
    /// </summary>
    public static bool MaySeeCase(Caller caller, PartyCode party, PartyCode mediator) =>
        caller is not null
        && (caller.IsCommissionSystem || (caller.Account is { Role: Role.HumanitarianOfficer, Party: { } own } && (own == party || own == mediator)));

    /// <summary>Whether <paramref name="caller"/> may see the aggregate figures: any signed-in account.</summary>
    public static bool MaySeeFigures(Caller caller) => caller is not null && (caller.IsCommissionSystem || caller.IsSignedIn);

    /// <summary>Whether <paramref name="caller"/> is a humanitarian officer at all (opens and records cases).</summary>
    public static bool IsOfficer(Caller caller) => caller is not null && caller.Account is { Role: Role.HumanitarianOfficer, Party: not null };
}
