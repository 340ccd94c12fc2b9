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

    /// <summary>The weight of a type not in <see cref="TypeWeights"/> (none today; kept so a new type never weighs zero).</summary>
    public const double UnlistedTypeWeight = 1;

    /// <summary>The weight of each incident type in the record's vocabulary (<see cref="IncidentType"/>).</summary>
    public static IReadOnlyDictionary<IncidentType, double> TypeWeights { get; } = new Dictionary<IncidentType, double>
    {
        [IncidentType.ArmedClash] = 3,
        [IncidentType.ShellingArtilleryMissile] = 3,
        [IncidentType.AirDroneStrike] = 3,
        [IncidentType.RemoteExplosiveLandmineIed] = 2,
        [IncidentType.SniperFire] = 2,
        [IncidentType.Incursion] = 2,
        [IncidentType.DetentionAbduction] = 2,
        [IncidentType.ConstructionOfFortifications] = 1,
        [IncidentType.DamageToCivilianProperty] = 1,
    };

    /// <summary>The score of one incident of <paramref name="type"/> with the given casualties (null: none reported).</summary>
    public static double Score(IncidentType type, int? fatalities, int? injuries)
    {
        var f = fatalities ?? 0;
        var i = injuries ?? 0;
        ArgumentOutOfRangeException.ThrowIfNegative(f, nameof(fatalities));
        ArgumentOutOfRangeException.ThrowIfNegative(i, nameof(injuries));
        var weight = TypeWeights.TryGetValue(type, out var w) ? w : UnlistedTypeWeight;
        return weight + (PerFatality * f) + (PerInjury * i);
    }
}
