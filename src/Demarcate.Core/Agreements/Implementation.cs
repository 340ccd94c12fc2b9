namespace Demarcate.Core.Agreements;

/// <summary>How far a provision has been carried out, on the Peace Accords Matrix scale (Kroc Institute): 0 to 3.</summary>
public enum ImplementationLevel
{
    NotInitiated = 0,
    Minimal = 1,
    Intermediate = 2,
    Full = 3,
}

/// <summary>
/// One assessment of a provision's implementation: the level, the evidence for it, and who recorded it when. The
/// history of a provision is these assessments in the order recorded; none is ever changed, and the latest is its status.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record StatusAssessment(string AgreementId, string ProvisionNumber, ImplementationLevel Level, DateOnly AssessedOn, string Evidence)
{
    /// <summary>A document that supports the assessment (a link or a document id of the register); empty when none.</summary>
    public string DocumentLink { get; init; } = "";

    /// <summary>The account that recorded it (set by the store).</summary>
    public string Assessor { get; init; } = "";

    /// <summary>When it was recorded (set by the store).</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>What is wrong with it; empty when fine.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Level))
        {
            problems.Add("the level is 0 (not initiated), 1 (minimal), 2 (intermediate) or 3 (full)");
        }

        if (string.IsNullOrWhiteSpace(Evidence))
        {
            problems.Add("an assessment states its evidence");
        }

        return problems;
    }
}

/// <summary>Where a provision stands on a given day: its current level, its deadline as a date, and whether it is late.</summary>
public sealed record ProvisionStanding(Agreement Agreement, Provision Provision, StatusAssessment? Current, DateOnly? Deadline, DeadlineState State)
{
    public ImplementationLevel Level => Current?.Level ?? ImplementationLevel.NotInitiated;
}

/// <summary>A provision's deadline on a given day.</summary>
public enum DeadlineState
{
    /// <summary>No deadline, or fully implemented.</summary>
    None,

    /// <summary>A deadline still more than the "due soon" window away.</summary>
    Open,

    /// <summary>A deadline within the window and the provision not fully implemented.</summary>
    DueSoon,

    /// <summary>The deadline has passed and the provision is not fully implemented.</summary>
    Overdue,
}

/// <summary>Implementation of one theme (or one agreement): how many provisions at each level and the mean score.</summary>
public sealed record ImplementationSummary(string Key, int Provisions, IReadOnlyList<int> CountByLevel, double MeanLevel, int Overdue);

/// <summary>The register at a glance on a given day: overdue and due-soon provisions, implementation by theme and by agreement.</summary>
public sealed record AgreementDashboard(
    DateOnly Today,
    IReadOnlyList<ProvisionStanding> Overdue,
    IReadOnlyList<ProvisionStanding> DueSoon,
    IReadOnlyList<ImplementationSummary> ByTheme,
    IReadOnlyList<ImplementationSummary> ByAgreement);

/// <summary>
/// Reads the register's assessments into standings and the dashboard. A provision's status is its latest assessment
/// (by the day assessed, then by the order recorded); a deadline "within N days" counts from the agreement's signature.
/// </summary>
public static class Implementation
{
    /// <summary>Days before a deadline during which an unfinished provision is "due soon".</summary>
    public const int DueSoonDays = 30;

    /// <summary>The latest of a provision's assessments (they come in the order recorded); null when never assessed.</summary>
    public static StatusAssessment? Current(IEnumerable<StatusAssessment> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        StatusAssessment? latest = null;
        foreach (var assessment in history)
        {
            // Later in the list wins a tie: an assessment recorded later for the same day corrects the earlier one.
            if (latest is null || assessment.AssessedOn >= latest.AssessedOn)
            {
                latest = assessment;
            }
        }

        return latest;
    }

    /// <summary>The deadline state of a provision at a level, on <paramref name="today"/>.</summary>
    public static DeadlineState StateOf(DateOnly? deadline, ImplementationLevel level, DateOnly today, int dueSoonDays = DueSoonDays)
    {
        if (deadline is not { } due || level == ImplementationLevel.Full)
        {
            return DeadlineState.None;
        }

        if (due < today)
        {
            return DeadlineState.Overdue;
        }

        return due.DayNumber - today.DayNumber <= dueSoonDays ? DeadlineState.DueSoon : DeadlineState.Open;
    }

    /// <summary>Every provision of <paramref name="agreements"/> with its current status on <paramref name="today"/>.</summary>
    public static IReadOnlyList<ProvisionStanding> Standings(IEnumerable<Agreement> agreements, IEnumerable<StatusAssessment> assessments, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        ArgumentNullException.ThrowIfNull(assessments);
        var byProvision = assessments
            .Where(a => a.AssessedOn <= today)
            .GroupBy(a => (a.AgreementId, a.ProvisionNumber))
            .ToDictionary(g => g.Key, g => Current(g));
        var standings = new List<ProvisionStanding>();
        foreach (var agreement in agreements)
        {
            foreach (var provision in agreement.Provisions)
            {
                var current = byProvision.GetValueOrDefault((agreement.Id, provision.Number));
                var deadline = provision.Deadline.Resolve(agreement.SignedOn);
                var level = current?.Level ?? ImplementationLevel.NotInitiated;
                standings.Add(new ProvisionStanding(agreement, provision, current, deadline, StateOf(deadline, level, today)));
            }
        }

        return standings;
    }

    /// <summary>The dashboard on <paramref name="today"/>: overdue first by how late, then themes and agreements.</summary>
    public static AgreementDashboard Dashboard(IEnumerable<Agreement> agreements, IEnumerable<StatusAssessment> assessments, DateOnly today)
    {
        var standings = Standings(agreements, assessments, today);
        var overdue = standings.Where(s => s.State == DeadlineState.Overdue).OrderBy(s => s.Deadline).ThenBy(s => s.Agreement.SignedOn).ToList();
        var dueSoon = standings.Where(s => s.State == DeadlineState.DueSoon).OrderBy(s => s.Deadline).ToList();
        var byTheme = standings
            .GroupBy(s => s.Provision.Theme)
            .OrderBy(g => g.Key)
            .Select(g => Summarise(g.Key.ToString(), [.. g]))
            .ToList();
        var byAgreement = standings
            .GroupBy(s => s.Agreement.Id, StringComparer.Ordinal)
            .Select(g => Summarise(g.Key, [.. g]))
            .ToList();
        return new AgreementDashboard(today, overdue, dueSoon, byTheme, byAgreement);
    }

    private static ImplementationSummary Summarise(string key, IReadOnlyList<ProvisionStanding> standings)
    {
        var counts = new int[4];
        foreach (var standing in standings)
        {
            counts[(int)standing.Level]++;
        }

        return new ImplementationSummary(
            key, standings.Count, counts, standings.Count == 0 ? 0 : standings.Average(s => (double)(int)s.Level), standings.Count(s => s.State == DeadlineState.Overdue));
    }
}
