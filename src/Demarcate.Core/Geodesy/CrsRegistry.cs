using System.Collections.Frozen;
using System.Globalization;

namespace Demarcate.Core.Geodesy;

/// <summary>
/// The coordinate reference systems the commission works in, by code: EPSG definitions built in from EPSG's published
/// parameters (WGS 84, UTM, Pulkovo 1942 and its Gauss–Krüger and CS63 grids) plus any the commission defines.
/// </summary>
/// <remarks>Immutable and thread-safe; <see cref="With"/> returns a new registry.</remarks>
public sealed class CrsRegistry
{
    private readonly FrozenDictionary<CrsCode, CoordinateReferenceSystem> _defined;

    private CrsRegistry(IEnumerable<CoordinateReferenceSystem> systems)
    {
        _defined = systems.ToFrozenDictionary(s => s.Code);
    }

    /// <summary>WGS 84 geographic, latitude first (EPSG:4326).</summary>
    public static CoordinateReferenceSystem Wgs84 { get; } = new(
        CrsCode.Epsg(4326), "WGS 84", Datum.Wgs84, null, AxisOrder.LatitudeLongitude, GeographicBounds.World);

    // Declared after Wgs84, which it contains: static initialisers run in textual order.
    /// <summary>The EPSG systems built in (UTM zones 32601–32660 and 32701–32760 are made on demand).</summary>
    public static CrsRegistry Standard { get; } = new(BuildStandard());

    /// <summary>Every system defined explicitly (not the UTM zones made on demand).</summary>
    public IEnumerable<CoordinateReferenceSystem> Defined => _defined.Values;

    /// <summary>The system with this code, or null when unknown.</summary>
    public CoordinateReferenceSystem? Find(CrsCode code)
    {
        if (_defined.TryGetValue(code, out var crs))
        {
            return crs;
        }

        return code.EpsgNumber is { } n ? WgsUtm(n) : null;
    }

    /// <summary>Resolves a code written by a user (e.g. "EPSG:28408"), with a problem naming it when it is unknown.</summary>
    public ParseResult<CoordinateReferenceSystem> Resolve(string? text, string source = "CRS")
    {
        var code = CrsCode.Parse(text, source);
        if (!code.Success)
        {
            return ParseResult<CoordinateReferenceSystem>.Failed(code.Problems);
        }

        return Find(code.Value) is { } crs
            ? ParseResult<CoordinateReferenceSystem>.Ok(crs)
            : ParseResult<CoordinateReferenceSystem>.Failed(new InputProblem(source, $"Unknown CRS {code.Value}."));
    }

    /// <summary>A registry that also knows <paramref name="crs"/> (replacing any system with the same code).</summary>
    public CrsRegistry With(CoordinateReferenceSystem crs)
    {
        ArgumentNullException.ThrowIfNull(crs);
        return new CrsRegistry(_defined.Values.Where(s => s.Code != crs.Code).Append(crs));
    }

    /// <summary>A registry that also knows every one of <paramref name="systems"/> (each replacing any system with the same code).</summary>
    public CrsRegistry With(IEnumerable<CoordinateReferenceSystem> systems)
    {
        ArgumentNullException.ThrowIfNull(systems);
        var added = systems.ToList();
        if (added.Count == 0)
        {
            return this;
        }

        var codes = added.Select(s => s.Code).ToHashSet();
        return new CrsRegistry(_defined.Values.Where(s => !codes.Contains(s.Code)).Concat(added));
    }

    private static CoordinateReferenceSystem? WgsUtm(int epsg)
    {
        var north = epsg is >= 32601 and <= 32660;
        if (!north && epsg is not (>= 32701 and <= 32760))
        {
            return null;
        }

        var zone = epsg % 100;
        var cm = Utm.CentralMeridian(zone);
        return new CoordinateReferenceSystem(
            CrsCode.Epsg(epsg),
            string.Create(CultureInfo.InvariantCulture, $"WGS 84 / UTM zone {zone}{(north ? "N" : "S")}"),
            Datum.Wgs84,
            Utm.Projection(zone, north),
            AxisOrder.EastingNorthing,
            north ? new GeographicBounds(0, cm - 3, 84, cm + 3) : new GeographicBounds(-80, cm - 3, 0, cm + 3));
    }

    private static IEnumerable<CoordinateReferenceSystem> BuildStandard()
    {
        var pulkovoShift = DatumTransformations.Epsg15865;
        yield return Wgs84;
        yield return new CoordinateReferenceSystem(
            CrsCode.Epsg(4284), "Pulkovo 1942", Datum.Pulkovo1942, null, AxisOrder.LatitudeLongitude,
            new GeographicBounds(35.14, 19.57, 81.91, -168.97), pulkovoShift);

        // 6° Gauss–Krüger zones 7–9: false easting carries the zone number (zone × 10⁶ + 500 000).
        var sixDegreeAreas = new Dictionary<int, GeographicBounds>
        {
            [7] = new(41.43, 36, 69.23, 42),
            [8] = new(38.84, 42, 80.91, 48.01),
            [9] = new(37.34, 48, 81.4, 54),
        };
        foreach (var (zone, area) in sixDegreeAreas)
        {
            var cm = 6 * zone - 3;
            yield return GaussKruger(28400 + zone, $"Pulkovo 1942 / Gauss-Kruger zone {zone}", 0, cm, zone * 1_000_000 + 500_000, area, pulkovoShift);

            // EPSG:2497–2499, the same zones written without the zone prefix ("CM" forms).
            yield return GaussKruger(2490 + zone, string.Create(CultureInfo.InvariantCulture, $"Pulkovo 1942 / Gauss-Kruger CM {cm}E"), 0, cm, 500_000, area, pulkovoShift);
        }

        // 3° Gauss–Krüger zones 15 and 16.
        yield return GaussKruger(2531, "Pulkovo 1942 / 3-degree Gauss-Kruger zone 15", 0, 45, 15_500_000, new(38.84, 43.5, 80.8, 46.5), pulkovoShift);
        yield return GaussKruger(2532, "Pulkovo 1942 / 3-degree Gauss-Kruger zone 16", 0, 48, 16_500_000, new(38.31, 46.5, 80.91, 49.5), pulkovoShift);

        // CS63 zones A2 and A3: latitude of origin 0°07′, central meridians 44°32′ and 47°32′.
        yield return GaussKruger(2936, "Pulkovo 1942 / CS63 zone A2", 7.0 / 60, 44 + 32.0 / 60, 2_300_000, new(38.87, 43.03, 43.05, 46.04), pulkovoShift);
        yield return GaussKruger(2937, "Pulkovo 1942 / CS63 zone A3", 7.0 / 60, 47 + 32.0 / 60, 3_300_000, new(38.38, 46.03, 42.1, 49.04), pulkovoShift);
    }

    private static CoordinateReferenceSystem GaussKruger(
        int epsg, string name, double lat0, double cm, double falseEasting, GeographicBounds area, DatumTransformation shift) =>
        new(CrsCode.Epsg(epsg), name, Datum.Pulkovo1942,
            new TransverseMercator(Ellipsoid.Krassowsky1940, lat0, cm, 1, falseEasting, 0),
            AxisOrder.NorthingEasting, area, shift);
}
