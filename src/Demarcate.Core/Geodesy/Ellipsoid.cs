namespace Demarcate.Core.Geodesy;

/// <summary>
/// The reference ellipsoid a survey's coordinates were computed on: WGS 84 for GNSS surveys and the
/// commission's storage, Krassowsky 1940 for Soviet maps and Pulkovo 1942 catalogues.
/// </summary>
/// <remarks>Immutable and thread-safe. Only oblate ellipsoids (flattening &gt; 0) are supported.</remarks>
public sealed class Ellipsoid : IEquatable<Ellipsoid>
{
    public Ellipsoid(string name, double semiMajorAxis, double inverseFlattening)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!(semiMajorAxis > 0) || double.IsInfinity(semiMajorAxis))
        {
            throw new ArgumentOutOfRangeException(nameof(semiMajorAxis), semiMajorAxis, "The semi-major axis must be a positive number of metres.");
        }

        // Inverse flattening below 2 would make the polar axis longer than the equatorial one.
        if (!(inverseFlattening >= 2) || double.IsInfinity(inverseFlattening))
        {
            throw new ArgumentOutOfRangeException(nameof(inverseFlattening), inverseFlattening, "Only oblate ellipsoids with a finite inverse flattening of at least 2 are supported.");
        }

        Name = name;
        SemiMajorAxis = semiMajorAxis;
        InverseFlattening = inverseFlattening;
        Flattening = 1 / inverseFlattening;
        SemiMinorAxis = semiMajorAxis * (1 - Flattening);
        EccentricitySquared = Flattening * (2 - Flattening);
        Eccentricity = Math.Sqrt(EccentricitySquared);
        SecondEccentricitySquared = EccentricitySquared / ((1 - Flattening) * (1 - Flattening));
        ThirdFlattening = Flattening / (2 - Flattening);
    }

    /// <summary>WGS 84 (EPSG:7030), the ellipsoid of GNSS and of the commission's storage.</summary>
    public static Ellipsoid Wgs84 { get; } = new("WGS 84", 6378137, 298.257223563);

    /// <summary>GRS 1980 (EPSG:7019), used by ETRS89 and most modern national frames.</summary>
    public static Ellipsoid Grs80 { get; } = new("GRS 1980", 6378137, 298.257222101);

    /// <summary>Krassowsky 1940 (EPSG:7024), the ellipsoid of Pulkovo 1942 and of Soviet topographic maps.</summary>
    public static Ellipsoid Krassowsky1940 { get; } = new("Krassowsky 1940", 6378245, 298.3);

    public string Name { get; }

    /// <summary>a, metres.</summary>
    public double SemiMajorAxis { get; }

    /// <summary>1/f.</summary>
    public double InverseFlattening { get; }

    /// <summary>f = (a − b) / a.</summary>
    public double Flattening { get; }

    /// <summary>b = a (1 − f), metres.</summary>
    public double SemiMinorAxis { get; }

    /// <summary>e² = f (2 − f).</summary>
    public double EccentricitySquared { get; }

    /// <summary>e.</summary>
    public double Eccentricity { get; }

    /// <summary>e′² = e² / (1 − e²).</summary>
    public double SecondEccentricitySquared { get; }

    /// <summary>n = f / (2 − f), the expansion parameter of the Krüger and geodesic series.</summary>
    public double ThirdFlattening { get; }

    /// <summary>The whole surface area of the ellipsoid, m².</summary>
    public double SurfaceArea =>
        4 * Math.PI * AuthalicRadiusSquared;

    /// <summary>R² of the sphere with the same surface area: (a² + b² atanh(e)/e) / 2.</summary>
    internal double AuthalicRadiusSquared =>
        (SemiMajorAxis * SemiMajorAxis + SemiMinorAxis * SemiMinorAxis * Math.Atanh(Eccentricity) / Eccentricity) / 2;

    public bool Equals(Ellipsoid? other) =>
        other is not null && SemiMajorAxis == other.SemiMajorAxis && InverseFlattening == other.InverseFlattening;

    public override bool Equals(object? obj) => Equals(obj as Ellipsoid);

    public override int GetHashCode() => HashCode.Combine(SemiMajorAxis, InverseFlattening);

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name} (a = {SemiMajorAxis} m, 1/f = {InverseFlattening})");
}
