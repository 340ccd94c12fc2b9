using System.Globalization;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Demarcation;

/// <summary>
/// A pillar's position written in one CRS of the commission's registry: the operation from WGS 84 that produced it
/// (naming the commission's datum transformation where one is needed) and the two coordinates in the CRS's axis order.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record PillarCoordinate(CoordinateOperation FromWgs84, double First, double Second)
{
    public CoordinateReferenceSystem Crs => FromWgs84.Target;

    /// <summary>"m" on a grid, "°" for degrees.</summary>
    public string Unit => Crs.IsProjected ? "m" : "°";

    /// <summary>The first coordinate as written on a card: metres to the millimetre, degrees to 9 places (about 0.1 mm).</summary>
    public string FirstText => Format(First);

    /// <summary>The second coordinate as written on a card.</summary>
    public string SecondText => Format(Second);

    private string Format(double value) =>
        value.ToString(Crs.IsProjected ? "F3" : "F9", CultureInfo.InvariantCulture);
}

/// <summary>
/// Writes pillar positions in every CRS of the commission's registry that covers them: WGS 84, the pillar's UTM zone,
/// and each defined system (Pulkovo 1942 and its Gauss–Krüger and CS63 grids, the commission's own grids) whose area of
/// use holds the pillar, through the commission's one datum transformation (never chosen point by point).
/// </summary>
public static class PillarCoordinates
{
    /// <summary>
    /// The operations from WGS 84 into every system of <paramref name="registry"/> covering <paramref name="near"/>, WGS 84
    /// first, then the UTM zone, then the others by code. A system on another datum that the commission's
    /// transformation does not reach is left out rather than transformed with a guessed operation.
    /// </summary>
    public static IReadOnlyList<CoordinateOperation> Operations(CrsRegistry registry, GeoPoint near, string? commissionTransformation)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var zone = Utm.Zone(near.Longitude);
        var utm = registry.Find(CrsCode.Epsg((near.Latitude >= 0 ? 32600 : 32700) + zone));
        var systems = new List<CoordinateReferenceSystem> { CrsRegistry.Wgs84 };
        if (utm is not null)
        {
            systems.Add(utm);
        }

        systems.AddRange(registry.Defined
            .Where(s => s.Code != CrsRegistry.Wgs84.Code && s.Code != utm?.Code && s.AreaOfUse.Contains(near.Latitude, near.Longitude))
            .OrderBy(s => s.Code.ToString(), StringComparer.Ordinal));
        var operations = new List<CoordinateOperation>();
        foreach (var system in systems)
        {
            var code = TransformationChoice.DefaultCode(CrsRegistry.Wgs84, system, commissionTransformation);
            var operation = TransformationChoice.Choose(CrsRegistry.Wgs84, system, code, system.Code.ToString());
            if (operation.Success)
            {
                operations.Add(operation.Value);
            }
        }

        return operations;
    }

    /// <summary><paramref name="position"/> through each of <paramref name="operations"/>.</summary>
    public static IReadOnlyList<PillarCoordinate> Of(GeoPoint position, IReadOnlyList<CoordinateOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return [.. operations.Select(o =>
        {
            var t = o.Transform(position.Latitude, position.Longitude);
            return new PillarCoordinate(o, t.First, t.Second);
        })];
    }
}

/// <summary>
/// The pillar coordinate list the survey teams and the legal experts annex: a row per pillar with its number, type,
/// status, planned position in WGS 84, UTM and Pulkovo 1942 Gauss–Krüger (through the commission's transformation), and
/// the surveyed position with its frame, epoch and accuracy and the offset from the plan. Cells are written invariantly.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record PillarCoordinateList(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The list of <paramref name="pillars"/> in the order given (the register's number order).</summary>
    public static PillarCoordinateList Build(IReadOnlyList<Pillar> pillars, CrsRegistry registry, string? commissionTransformation)
    {
        ArgumentNullException.ThrowIfNull(pillars);
        ArgumentNullException.ThrowIfNull(registry);
        var transformation = commissionTransformation ?? "EPSG:15865";
        var headers = new List<string>
        {
            "number", "sector", "type", "status",
            "planned_lat", "planned_lon", "utm_zone", "utm_easting", "utm_northing",
            "gk_crs", "gk_northing", "gk_easting", "gk_operation",
            "surveyed_lat", "surveyed_lon", "frame", "epoch", "method", "accuracy_m", "height_m", "height_system",
            "offset_east_m", "offset_north_m", "offset_m",
        };
        var rows = new List<IReadOnlyList<string>>();
        foreach (var p in pillars)
        {
            var zone = Utm.Zone(p.Planned.Longitude);
            var utm = Utm.Projection(zone, p.Planned.Latitude >= 0).Forward(p.Planned.Latitude, p.Planned.Longitude);
            var gaussKruger = TableColumn.Create(registry, string.Create(CultureInfo.InvariantCulture, $"EPSG:{28400 + (int)Math.Floor(p.Planned.Longitude / 6) + 1}"), transformation);
            var gk = gaussKruger.Success ? gaussKruger.Value.FromWgs84.Transform(p.Planned.Latitude, p.Planned.Longitude) : (TransformedPoint?)null;
            var s = p.Surveyed;
            var offset = p.Offset();
            rows.Add(
            [
                p.Number.ToString(), p.SectorId, p.Type.ToString(), p.Status.ToString(),
                Degrees(p.Planned.Latitude), Degrees(p.Planned.Longitude),
                string.Create(CultureInfo.InvariantCulture, $"{zone}{(p.Planned.Latitude >= 0 ? "N" : "S")}"), Metres(utm.Easting), Metres(utm.Northing),
                gaussKruger.Success ? gaussKruger.Value.FromWgs84.Target.Code.ToString() : "",
                gk is { } g ? Metres(g.First) : "", gk is { } g2 ? Metres(g2.Second) : "",
                gaussKruger.Success ? gaussKruger.Value.FromWgs84.Name : "",
                s is null ? "" : Degrees(s.Position.Latitude), s is null ? "" : Degrees(s.Position.Longitude),
                s?.Frame ?? "", s is null ? "" : s.Epoch.ToString("0.###", CultureInfo.InvariantCulture), s?.Method ?? "",
                s is null ? "" : s.AccuracyMetres.ToString("0.###", CultureInfo.InvariantCulture),
                s?.Height is { } h ? h.ToString("0.###", CultureInfo.InvariantCulture) : "", s?.HeightSystem ?? "",
                offset is { } o ? Metres(o.East) : "", offset is { } o2 ? Metres(o2.North) : "", offset is { } o3 ? Metres(o3.Distance) : "",
            ]);
        }

        return new PillarCoordinateList(headers, rows);
    }

    /// <summary>RFC 4180 CSV: the header row, then a row per pillar, CRLF line ends.</summary>
    public string ToCsv() => CsvTableText.Write(Headers, Rows);

    private static string Degrees(double value) => value.ToString("F9", CultureInfo.InvariantCulture);

    private static string Metres(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
