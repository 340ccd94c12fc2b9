namespace Demarcate.Formats;

/// <summary>The file formats lines come to the commission in and leave it in.</summary>
public enum FeatureFormat
{
    GeoJson,
    Kml,
    Csv,
    Wkt,
    GeoPackage,
}

/// <summary>Names and file extensions of <see cref="FeatureFormat"/>.</summary>
public static class FeatureFormats
{
    /// <summary>The format a user named ("geojson", "kml", "csv", "wkt", "gpkg"), or null when unknown.</summary>
    public static FeatureFormat? Parse(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "GEOJSON" or "JSON" => FeatureFormat.GeoJson,
        "KML" => FeatureFormat.Kml,
        "CSV" or "TXT" => FeatureFormat.Csv,
        "WKT" => FeatureFormat.Wkt,
        "GPKG" or "GEOPACKAGE" => FeatureFormat.GeoPackage,
        _ => null,
    };

    /// <summary>The format a file's extension says it is in, or null.</summary>
    public static FeatureFormat? FromPath(string path) => Parse(Path.GetExtension(path).TrimStart('.'));

    /// <summary>The extension files of this format carry, without a dot.</summary>
    public static string Extension(FeatureFormat format) => format switch
    {
        FeatureFormat.GeoJson => "geojson",
        FeatureFormat.Kml => "kml",
        FeatureFormat.Csv => "csv",
        FeatureFormat.Wkt => "wkt",
        FeatureFormat.GeoPackage => "gpkg",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The media type of the format.</summary>
    public static string MediaType(FeatureFormat format) => format switch
    {
        FeatureFormat.GeoJson => "application/geo+json",
        FeatureFormat.Kml => "application/vnd.google-earth.kml+xml",
        FeatureFormat.Csv => "text/csv",
        FeatureFormat.Wkt => "text/plain",
        FeatureFormat.GeoPackage => "application/geopackage+sqlite3",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
