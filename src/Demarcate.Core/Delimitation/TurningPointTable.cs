using System.Globalization;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Delimitation;

/// <summary>How a column of the turning-point table writes its coordinates.</summary>
public enum CoordinateFormat
{
    /// <summary>Decimal degrees (8 places, about a millimetre) or metres (3 places).</summary>
    DecimalUnits,

    /// <summary>Degrees, minutes and seconds to 4 places of seconds (about 3 mm), with the hemisphere letter.</summary>
    DegreesMinutesSeconds,
}

/// <summary>One CRS column pair of the turning-point table: the operation from WGS 84 into it, and how it is written.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record TableColumn(CoordinateOperation FromWgs84, CoordinateFormat Format)
{
    /// <summary>
    /// The column for <paramref name="crsCode"/>, through the named datum transformation when the CRS is not on WGS 84
    /// (the problem lists the applicable ones when it is missing).
    /// </summary>
    public static ParseResult<TableColumn> Create(CrsRegistry registry, string crsCode, string? transformationCode = null, CoordinateFormat format = CoordinateFormat.DecimalUnits)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var crs = registry.Resolve(crsCode, "table column");
        if (!crs.Success)
        {
            return ParseResult<TableColumn>.Failed(crs.Problems);
        }

        if (format == CoordinateFormat.DegreesMinutesSeconds && crs.Value.IsProjected)
        {
            return ParseResult<TableColumn>.Failed(new InputProblem("table column", $"{crs.Value.Code} is a grid; degrees, minutes and seconds apply only to geographic CRSs."));
        }

        var operation = TransformationChoice.Choose(CrsRegistry.Wgs84, crs.Value, transformationCode, "table column " + crs.Value.Code);
        return operation.Success
            ? ParseResult<TableColumn>.Ok(new TableColumn(operation.Value, format))
            : ParseResult<TableColumn>.Failed(operation.Problems);
    }

    /// <summary>
    /// The commission's usual columns for a line near <paramref name="near"/>: WGS 84 in DMS and decimal, the UTM zone,
    /// and the 6° Pulkovo 1942 Gauss–Krüger zone through <paramref name="pulkovoTransformation"/>.
    /// </summary>
    public static IReadOnlyList<TableColumn> Standard(CrsRegistry registry, GeoPoint near, string pulkovoTransformation = "EPSG:15865")
    {
        ArgumentNullException.ThrowIfNull(registry);
        var zone = Utm.Zone(near.Longitude);
        var gaussKrugerZone = (int)Math.Floor(near.Longitude / 6) + 1;
        var codes = new (string Code, string? Transformation, CoordinateFormat Format)[]
        {
            ("EPSG:4326", null, CoordinateFormat.DegreesMinutesSeconds),
            ("EPSG:4326", null, CoordinateFormat.DecimalUnits),
            (string.Create(CultureInfo.InvariantCulture, $"EPSG:{(near.Latitude >= 0 ? 32600 : 32700) + zone}"), null, CoordinateFormat.DecimalUnits),
            (string.Create(CultureInfo.InvariantCulture, $"EPSG:{28400 + gaussKrugerZone}"), pulkovoTransformation, CoordinateFormat.DecimalUnits),
        };
        return codes.Select(c => Create(registry, c.Code, c.Transformation, c.Format).Value).ToList();
    }

    /// <summary>The two header cells: CRS code and axis, and the operation used.</summary>
    public (string First, string Second) Headers
    {
        get
        {
            var crs = FromWgs84.Target;
            var (first, second) = crs.AxisNames;
            var unit = crs.IsProjected ? "m" : Format == CoordinateFormat.DegreesMinutesSeconds ? "DMS" : "degrees";
            return ($"{crs.Code} {first} ({unit}) [{FromWgs84.Name}]", $"{crs.Code} {second} ({unit}) [{FromWgs84.Name}]");
        }
    }
}

/// <summary>
/// The table of turning points in several CRSs at once, each column naming the operation it was computed with,
/// as annexed to the delimitation protocol.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record TurningPointTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>A row per turning point of <paramref name="resolved"/> that has a position, in the order the description lists them.</summary>
    public static TurningPointTable Build(ResolvedDescription resolved, IReadOnlyList<TableColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(columns);
        var headers = new List<string> { "turning point", "fixed by" };
        foreach (var column in columns)
        {
            var (first, second) = column.Headers;
            headers.Add(first);
            headers.Add(second);
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var point in resolved.Description.TurningPoints)
        {
            if (!resolved.TurningPoints.TryGetValue(point.Id, out var position))
            {
                continue;
            }

            var row = new List<string> { point.Id, point.FixedBy.ToString().ToLowerInvariant() };
            foreach (var column in columns)
            {
                var t = column.FromWgs84.Transform(position.Latitude, position.Longitude);
                var crs = column.FromWgs84.Target;
                if (crs.IsProjected)
                {
                    row.Add(t.First.ToString("F3", CultureInfo.InvariantCulture));
                    row.Add(t.Second.ToString("F3", CultureInfo.InvariantCulture));
                }
                else
                {
                    var latitudeFirst = crs.AxisOrder == AxisOrder.LatitudeLongitude;
                    row.Add(Angle(t.First, column.Format, latitudeFirst));
                    row.Add(Angle(t.Second, column.Format, !latitudeFirst));
                }
            }

            rows.Add(row);
        }

        return new TurningPointTable(headers, rows);
    }

    /// <summary>Writes RFC 4180 CSV: a header row, then a row per turning point, CRLF line ends.</summary>
    public string ToCsv() => CsvTableText.Write(Headers, Rows);

    /// <summary>An angle in decimal degrees or as 41°00′44.4442″N.</summary>
    public static string Angle(double degrees, CoordinateFormat format, bool isLatitude)
    {
        if (format == CoordinateFormat.DecimalUnits)
        {
            return degrees.ToString("F8", CultureInfo.InvariantCulture);
        }

        // Rounded once in units of 0.0001″ so that 59.99996″ carries into the minute instead of printing as 60.0000″.
        var units = (long)Math.Round(Math.Abs(degrees) * 3600 * 10_000, MidpointRounding.AwayFromZero);
        var whole = units / (3600L * 10_000);
        var minutes = units / (60L * 10_000) % 60;
        var seconds = units % (60L * 10_000) / 10_000.0;
        var hemisphere = isLatitude ? (degrees < 0 ? 'S' : 'N') : (degrees < 0 ? 'W' : 'E');
        return string.Create(CultureInfo.InvariantCulture, $"{whole}°{minutes:00}′{seconds:00.0000}″{hemisphere}");
    }
}
