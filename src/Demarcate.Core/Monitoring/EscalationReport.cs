namespace Demarcate.Core.Monitoring;

/// <summary>One sector's incidents on one day: how many and their summed severity (<see cref="EscalationSeverity"/>).</summary>
/// <remarks>Rows for the same sector and day add up, so one row per incident will do; a day without a row counts zero.</remarks>
public sealed record SectorDailyCount(string SectorId, DateOnly Day, int Count, double Severity);

/// <summary>A sector's current level on the strip of the border.</summary>
public enum EscalationLevel
{
    /// <summary>Not enough history for a baseline.</summary>
    NotAssessed,

    /// <summary>The latest fortnight is significantly quieter than the baseline.</summary>
    Calm,

    /// <summary>Neither calm nor elevated.</summary>
    Usual,

    /// <summary>The CUSUM has climbed at least half-way to its decision interval.</summary>
    Elevated,

    /// <summary>An alarm was raised within the last fortnight.</summary>
    High,
}

/// <summary>A sector's baseline, estimated from its own training window.</summary>
/// <param name="From">First training day.</param>
/// <param name="To">Last training day.</param>
/// <param name="Days">Training days (missing days count as zero).</param>
/// <param name="Mean">The mean count per day in the training window.</param>
/// <param name="Variance">The sample variance of the daily counts.</param>
/// <param name="DispersionIndex">Variance over mean (1 for Poisson); NaN when the mean is zero.</param>
/// <param name="OverDispersed">Whether the χ² dispersion test chose the negative binomial.</param>
/// <param name="Monitored">The model the CUSUM is designed for: the mean rounded up (at least the minimum baseline), the size rounded down.</param>
/// <param name="SeverityPerDay">The mean severity per day in the training window.</param>
public sealed record EscalationBaseline(
    DateOnly From,
    DateOnly To,
    int Days,
    double Mean,
    double Variance,
    double DispersionIndex,
    bool OverDispersed,
    EscalationCountModel Monitored,
    double SeverityPerDay);

/// <summary>One day of a sector's series; the CUSUM only within the recent window of an assessed sector.</summary>
/// <param name="Cusum">The statistic at the end of the day, in counts (after the reset on an alarm day: the alarm shows in <paramref name="Alarm"/>).</param>
public sealed record EscalationDay(DateOnly Day, int Count, double Severity, double? Cusum, bool Alarm);

/// <summary>One ISO week (Monday to Sunday) of a sector's series.</summary>
/// <param name="Days">Days of the week inside the assessed span (7 except at its two ends).</param>
public sealed record EscalationWeek(int IsoYear, int IsoWeek, DateOnly Monday, int Days, int Count, double Severity)
{
    /// <summary>"2026-W48".</summary>
    public string Label => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{IsoYear:0000}-W{IsoWeek:00}");
}

/// <summary>An alarm: a sector's recent level departed from its baseline.</summary>
/// <param name="Statistic">The CUSUM on the day raised, in counts (at least <paramref name="DecisionInterval"/>).</param>
/// <param name="Baseline">The monitored baseline, incidents per day.</param>
/// <param name="RecentRate">The mean count per day over the CUSUM's run: from the day after it was last zero to the day raised.</param>
/// <param name="RunStart">The first day of that run.</param>
public sealed record EscalationAlert(
    string SectorId,
    DateOnly Raised,
    double Statistic,
    double DecisionInterval,
    double Baseline,
    double RecentRate,
    DateOnly RunStart);

/// <summary>One sector's assessment: baseline, CUSUM design and current value, level, and the series to plot.</summary>
/// <param name="Baseline">Null when there is not enough history.</param>
/// <param name="Design">Null when there is not enough history.</param>
/// <param name="DetectsDoublingWithin14Days">
/// Whether the design detects a doubling within 14 days with probability at least 0.9; false means "insufficient
/// rate for 14-day detection" (the alarm still holds ARL0, but is slower: see <see cref="EscalationCusumDesign.DaysToDetectDoubling"/>).
/// </param>
/// <param name="Cusum">The statistic at the end of the as-of day, in counts; null when not assessed.</param>
/// <param name="RecentPerDay">The mean count per day over the recent window.</param>
public sealed record SectorEscalation(
    string SectorId,
    EscalationLevel Level,
    EscalationBaseline? Baseline,
    EscalationCusumDesign? Design,
    bool DetectsDoublingWithin14Days,
    double? Cusum,
    double RecentPerDay,
    IReadOnlyList<EscalationDay> Daily,
    IReadOnlyList<EscalationWeek> Weekly)
{
    /// <summary>True when the sector has a baseline.</summary>
    public bool Assessed => Baseline is not null;
}

/// <summary>The escalation picture on one day: every sector (ordered by id) and the alarms of the recent window (by day).</summary>
public sealed record EscalationReport(DateOnly AsOf, IReadOnlyList<SectorEscalation> Sectors, IReadOnlyList<EscalationAlert> Alerts);
