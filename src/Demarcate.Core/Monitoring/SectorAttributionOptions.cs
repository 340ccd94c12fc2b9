namespace Demarcate.Core.Monitoring;

/// <summary>How incidents are attributed to sectors: how far from the line an incident may lie, and in which plane.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record AttributionOptions
{
    /// <summary>The default: incidents farther than 20 km from the line are kept but not attributed.</summary>
    public const double DefaultMaxDistanceMetres = 20_000;

    public static AttributionOptions Default { get; } = new();

    /// <summary>Geodesic distance (metres) from the incident to the nearest point of the line beyond which it is not attributed.</summary>
    public double MaxDistanceMetres
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The attribution distance must be finite.");
            }

            field = value;
        }
    } = DefaultMaxDistanceMetres;

    /// <summary>
    /// The northern UTM zone whose plane decides which point of the line is nearest (the section's zone, as every planar
    /// analysis of the section uses); null takes the zone of the first vertex of the first sector.
    /// </summary>
    public int? UtmZone
    {
        get;
        init
        {
            if (value is { } zone)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(zone, 1, nameof(value));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(zone, 60, nameof(value));
            }

            field = value;
        }
    }

    /// <summary>An incident this close to the line (plane metres) lies on it: it gets a sector and no side.</summary>
    public double OnLineMetres
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 0.001;
}
