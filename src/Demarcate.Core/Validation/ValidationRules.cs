using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Validation;

/// <summary>The thresholds an import is checked against.</summary>
/// <remarks>Immutable.</remarks>
public sealed record ValidationRules
{
    /// <summary>
    /// A vertex is a spike when the two segments meeting there enclose an angle smaller than this, i.e. the
    /// line doubles back on itself. One degree: a digitised boundary that really turns that sharply over
    /// two segments is, in our experience, a slip of the mouse, and a real hairpin is never that tight.
    /// Angles are measured in a local plane where a degree of longitude is shortened by cos(latitude).
    /// </summary>
    public double SpikeAngleDegrees { get; init; } = 1.0;

    /// <summary>Where the coordinates must lie (WGS 84 degrees): the area of use of the CRS the file was stated to be in.</summary>
    public GeographicBounds AreaOfUse { get; init; } = GeographicBounds.World;

    /// <summary>The CRS named in messages about <see cref="AreaOfUse"/>, e.g. "EPSG:28408 Pulkovo 1942 / Gauss-Kruger zone 8".</summary>
    public string AreaName { get; init; } = "WGS 84";

    /// <summary>Whether polygon rings must follow the right-hand rule of RFC 7946 §3.1.6.</summary>
    public bool RightHandRule { get; init; } = true;

    /// <summary>How many positions with bad coordinates are named one by one in a part before they are counted.</summary>
    public int MaximumNamedPositions { get; init; } = 3;

    public static ValidationRules Default { get; } = new();

    /// <summary>The rules for coordinates stated to be in <paramref name="crs"/>.</summary>
    public static ValidationRules For(CoordinateReferenceSystem crs)
    {
        ArgumentNullException.ThrowIfNull(crs);
        return new ValidationRules { AreaOfUse = crs.AreaOfUse, AreaName = crs.ToString() };
    }
}
