namespace Demarcate.Core.Monitoring;

/// <summary>How the escalation monitor estimates baselines, calibrates its CUSUM and derives levels.</summary>
/// <remarks>Immutable. The defaults are those documented in docs/incidents.md, "Escalation".</remarks>
public sealed record EscalationSettings
{
    /// <summary>Days before the recent window from which a sector's baseline is estimated.</summary>
    public int TrainingDays { get; init; } = 180;

    /// <summary>A sector with fewer observed training days has no baseline ("not enough history").</summary>
    public int MinimumTrainingDays { get; init; } = 90;

    /// <summary>The recent window, ending on the as-of day: left out of the baseline, and where the CUSUM runs.</summary>
    public int RecentDays { get; init; } = 28;

    /// <summary>
    /// The in-control average run length the decision interval is chosen for, in days. 400 rather than 365 keeps a
    /// margin over "one false alarm per sector per year" for the chain's discreteness and for sampling.
    /// </summary>
    public double InControlRunLength { get; init; } = 400;

    /// <summary>Baselines below this (per day) are monitored as this: fewer false alarms, and a finite chain.</summary>
    public double MinimumBaseline { get; init; } = 0.01;

    /// <summary>Baselines and sizes are rounded (mean up, size down, both conservative) to steps of this ratio.</summary>
    public double BaselineGridRatio { get; init; } = 1.02;

    /// <summary>Over-dispersion is accepted when the index of dispersion exceeds its χ² quantile at this level.</summary>
    public double DispersionTestLevel { get; init; } = 0.99;

    /// <summary>Negative binomial sizes above this are treated as Poisson.</summary>
    public double LargestSize { get; init; } = 1000;

    /// <summary>A sector is "high" for this many days after an alarm (the alarm day included).</summary>
    public int HighAfterAlarmDays { get; init; } = 14;

    /// <summary>Days over which "calm" compares the latest count with the baseline.</summary>
    public int CalmWindowDays { get; init; } = 14;

    /// <summary>"Calm" when a count this low or lower has at most this probability at the baseline.</summary>
    public double CalmTailProbability { get; init; } = 0.10;

    /// <summary>"Elevated" when the CUSUM is at least this fraction of the decision interval.</summary>
    public double ElevatedFraction { get; init; } = 0.5;

    /// <summary>Problems with the settings, empty when they are usable.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (TrainingDays < 1 || MinimumTrainingDays < 2 || MinimumTrainingDays > TrainingDays)
        {
            problems.Add("training needs 2 ≤ minimum training days ≤ training days");
        }

        if (RecentDays < 1 || HighAfterAlarmDays < 1 || CalmWindowDays < 1)
        {
            problems.Add("recent, high-after-alarm and calm windows are at least one day");
        }

        if (InControlRunLength < 2)
        {
            problems.Add("the in-control run length is at least 2 days");
        }

        if (MinimumBaseline <= 0 || BaselineGridRatio <= 1 || LargestSize <= 0)
        {
            problems.Add("minimum baseline and largest size are positive and the grid ratio above 1");
        }

        if (DispersionTestLevel is <= 0.5 or >= 1 || CalmTailProbability is <= 0 or >= 1 || ElevatedFraction is <= 0 or >= 1)
        {
            problems.Add("the dispersion level, calm probability and elevated fraction lie strictly between 0 and 1 (level above 0.5)");
        }

        return problems;
    }
}
