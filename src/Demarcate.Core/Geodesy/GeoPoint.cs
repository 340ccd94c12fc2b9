namespace Demarcate.Core.Geodesy;

/// <summary>
/// A position on WGS 84 in decimal degrees, the commission's storage coordinate system (EPSG:4326).
/// Latitude first, as EPSG defines 4326; files that put longitude first (GeoJSON, KML, GeoPackage)
/// convert at their edge.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Latitude:0.#########}°N {Longitude:0.#########}°E");
}
