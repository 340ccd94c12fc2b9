namespace Demarcate.Core.Geodesy;

/// <summary>
/// A geodetic datum — the realisation in which a survey or map was computed (Pulkovo 1942 for Soviet maps and
/// catalogues, WGS 84 for GNSS) — with its ellipsoid.
/// </summary>
/// <remarks>Immutable. Two datums are the same when their codes are, or (for datums without a code) their names and ellipsoids are.</remarks>
public sealed record Datum(string Name, Ellipsoid Ellipsoid, CrsCode? Code = null)
{
    /// <summary>World Geodetic System 1984 (EPSG:6326).</summary>
    public static Datum Wgs84 { get; } = new("World Geodetic System 1984", Ellipsoid.Wgs84, CrsCode.Epsg(6326));

    /// <summary>Pulkovo 1942 (EPSG:6284), on Krassowsky 1940.</summary>
    public static Datum Pulkovo1942 { get; } = new("Pulkovo 1942", Ellipsoid.Krassowsky1940, CrsCode.Epsg(6284));

    public bool Equals(Datum? other) =>
        other is not null && (Code is { } code && other.Code is { } otherCode
            ? code == otherCode
            : string.Equals(Name, other.Name, StringComparison.Ordinal) && Ellipsoid.Equals(other.Ellipsoid));

    public override int GetHashCode() => Code?.GetHashCode() ?? HashCode.Combine(Name, Ellipsoid);
}
