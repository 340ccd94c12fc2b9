namespace Demarcate.Core.Geodesy;

/// <summary>
/// A position on a map grid (a Transverse Mercator projection such as UTM or Gauss–Krüger), in metres.
/// Always easting and northing by name; the axis order of a particular CRS is applied only when reading or writing text.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct GridPoint(double Easting, double Northing)
{
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"E {Easting:0.0###} N {Northing:0.0###}");
}
