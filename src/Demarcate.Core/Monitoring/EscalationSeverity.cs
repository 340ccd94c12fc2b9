namespace Demarcate.Core.Monitoring;

/// <summary>
/// The severity score of one incident, summed per sector and day beside the count: a weight for the event type
/// (3 for violence with heavy weapons or direct fire, 2 for targeted or covert violence and incursions, 1 for
/// activity that does not itself harm people) plus 3 per fatality and 1 per injury. The score is reported and
/// plotted; alerts are raised on counts alone, because the calibration below is a statement about counts.
/// </summary>
public static class EscalationSeverity
{
    /// <summary>Added per fatality (the most conservative reported figure).</summary>
    public const double PerFatality = 3;

    /// <summary>Added per injury (the most conservative reported figure).</summary>
    public const double PerInjury = 1;

    /// <summary>The weight of an event type not in <see cref="TypeWeights"/>.</summary>
    public const double UnlistedTypeWeight = 1;

    /// <summary>Event-type weights, keyed by the event types (ACLED-like, in snake case).</summary>
    public static IReadOnlyDictionary<string, double> TypeWeights { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["armed_clash"] = 3,
        ["shelling_artillery_missile"] = 3,
        ["air_drone_strike"] = 3,
        ["remote_explosive_landmine_ied"] = 2,
        ["sniper_fire"] = 2,
        ["incursion"] = 2,
        ["detention_abduction"] = 2,
        ["construction_of_fortifications"] = 1,
        ["damage_to_civilian_property"] = 1,
    };

    /// <summary>The score of one incident of <paramref name="eventType"/> with the given casualties.</summary>
    public static double Score(string eventType, int fatalities, int injuries)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentOutOfRangeException.ThrowIfNegative(fatalities);
        ArgumentOutOfRangeException.ThrowIfNegative(injuries);
        var weight = TypeWeights.TryGetValue(eventType, out var w) ? w : UnlistedTypeWeight;
        return weight + (PerFatality * fatalities) + (PerInjury * injuries);
    }
}
