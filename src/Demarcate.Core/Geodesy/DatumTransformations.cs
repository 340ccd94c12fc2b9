namespace Demarcate.Core.Geodesy;

/// <summary>
/// The published Pulkovo 1942 → WGS 84 transformations relevant to the Caucasus, with EPSG's parameters, methods and
/// stated accuracies. Which one a dataset was produced with must be recorded: they differ by metres.
/// </summary>
public static class DatumTransformations
{
    private static readonly GeographicBounds FormerUssr = new(35.14, 19.57, 81.91, -168.97);
    private static readonly GeographicBounds RussiaOnshore = new(41.19, 19.58, 81.91, -168.97);

    /// <summary>EPSG:15865 Pulkovo 1942 to WGS 84 (16): the whole former USSR, 4.5 m. Coordinate Frame rotation.</summary>
    public static DatumTransformation Epsg15865 { get; } = Pulkovo(15865, 16, 25, -141, -78.5, 0, -0.35, -0.736, 0,
        RotationConvention.CoordinateFrame, 4.5, FormerUssr,
        "Armenia; Azerbaijan; Belarus; Estonia; Georgia; Kazakhstan; Kyrgyzstan; Latvia; Lithuania; Moldova; Russian Federation; Tajikistan; Turkmenistan; Ukraine; Uzbekistan (onshore).");

    /// <summary>EPSG:1267 Pulkovo 1942 to WGS 84 (17): Russia onshore, 4 m. Coordinate Frame rotation.</summary>
    public static DatumTransformation Epsg1267 { get; } = Pulkovo(1267, 17, 23.92, -141.27, -80.9, 0, -0.35, -0.82, -0.12,
        RotationConvention.CoordinateFrame, 4.0, RussiaOnshore, "Russian Federation - onshore.");

    /// <summary>EPSG:5044 Pulkovo 1942 to WGS 84 (20): GOST R 51794-2008, Russia onshore, 3 m. Coordinate Frame rotation.</summary>
    public static DatumTransformation Epsg5044 { get; } = Pulkovo(5044, 20, 23.57, -140.95, -79.8, 0, -0.35, -0.79, -0.22,
        RotationConvention.CoordinateFrame, 3.0, RussiaOnshore, "Russian Federation - onshore.");

    /// <summary>EPSG:1807 Pulkovo 1942 to WGS 84 (13): Azerbaijan onshore and offshore, 10 m. Position Vector.</summary>
    public static DatumTransformation Epsg1807 { get; } = Pulkovo(1807, 13, 27, -135, -84.5, 0, 0, 0.554, 0.2263,
        RotationConvention.PositionVector, 10.0, new GeographicBounds(37.89, 44.77, 42.59, 51.73), "Azerbaijan - onshore and offshore.");

    /// <summary>EPSG:1808 Pulkovo 1942 to WGS 84 (14): Azerbaijan (including Caspian) and Georgia onshore, 5 m. Position Vector.</summary>
    public static DatumTransformation Epsg1808 { get; } = Pulkovo(1808, 14, 686.1, -123.5, -574.4, 8.045, -23.366, 10.791, -2.926,
        RotationConvention.PositionVector, 5.0, new GeographicBounds(37.89, 39.99, 43.59, 51.73), "Azerbaijan (including Caspian) and Georgia onshore.");

    /// <summary>EPSG:1809 Pulkovo 1942 to WGS 84 (15): Azerbaijan coastal area Baku to Astara, 2 m. Position Vector.</summary>
    public static DatumTransformation Epsg1809 { get; } = Pulkovo(1809, 15, 926.4, -715.9, -186.4, -10.364, -20.78, 26.452, -7.224,
        RotationConvention.PositionVector, 2.0, new GeographicBounds(38.31, 48.93, 40.33, 50.4), "Azerbaijan - coastal area Baku to Astara.");

    /// <summary>All of the above, default (15865) first.</summary>
    public static IReadOnlyList<DatumTransformation> All { get; } = [Epsg15865, Epsg1267, Epsg5044, Epsg1807, Epsg1808, Epsg1809];

    /// <summary>The transformation with this code, or null.</summary>
    public static DatumTransformation? Find(CrsCode code) => All.FirstOrDefault(t => t.Code == code);

    private static DatumTransformation Pulkovo(
        int code, int variant, double tx, double ty, double tz, double rx, double ry, double rz, double ds,
        RotationConvention convention, double accuracy, GeographicBounds area, string description) =>
        new(CrsCode.Epsg(code), $"Pulkovo 1942 to WGS 84 ({variant})", Datum.Pulkovo1942, Datum.Wgs84,
            tx, ty, tz, rx, ry, rz, ds, convention, accuracy, area, description);
}
