using System.Globalization;

namespace Demarcate.Core.Monitoring;

/// <summary>How precisely an incident's date is known: ACLED's time_precision codes 1, 2 and 3.</summary>
public enum TimePrecision
{
    /// <summary>The exact day is known.</summary>
    Day = 1,

    /// <summary>Known to the week: ACLED records the middle of the week.</summary>
    Week = 2,

    /// <summary>Known to the month.</summary>
    Month = 3,
}

/// <summary>
/// When an incident happened: the recorded date and how precisely it is known, hence a period of days
/// [<see cref="From"/>, <see cref="To"/>]. A day is itself; a week is the seven days centred on the recorded date
/// (ACLED records a week's middle day); a month is the calendar month of the recorded date.
/// </summary>
/// <remarks>Immutable value.</remarks>
public readonly record struct IncidentDate(DateOnly Date, TimePrecision Precision)
{
    /// <summary>The first day the incident may have happened on.</summary>
    public DateOnly From => Precision switch
    {
        TimePrecision.Week => Date.AddDays(-3),
        TimePrecision.Month => new DateOnly(Date.Year, Date.Month, 1),
        _ => Date,
    };

    /// <summary>The last day the incident may have happened on.</summary>
    public DateOnly To => Precision switch
    {
        TimePrecision.Week => Date.AddDays(3),
        TimePrecision.Month => new DateOnly(Date.Year, Date.Month, DateTime.DaysInMonth(Date.Year, Date.Month)),
        _ => Date,
    };

    /// <summary>Whether the two periods share at least one day (for two exact days: the same day).</summary>
    public bool Overlaps(IncidentDate other) => From <= other.To && other.From <= To;

    /// <summary>Whether the incident may have happened within [from, to] (either bound open when null).</summary>
    public bool Meets(DateOnly? from, DateOnly? to) => (from is null || To >= from) && (to is null || From <= to);

    public override string ToString() => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + Precision switch
    {
        TimePrecision.Week => " (week)",
        TimePrecision.Month => " (month)",
        _ => "",
    };
}
