using System.Globalization;

namespace Demarcate.Core.Geodesy;

/// <summary>
/// Reads CRSs the commission defines itself (a local grid, a contractor's survey grid) from a PROJ string or WKT:
/// geographic CRSs and Transverse Mercator grids, with an optional Helmert shift to WGS 84.
/// </summary>
/// <remarks>
/// Only what can be done exactly is accepted; anything else (another projection, feet, a prime meridian other than
/// Greenwich, a grid-file datum shift) is reported as a problem rather than approximated.
/// </remarks>
public static class CrsDefinition
{
    private static readonly HashSet<string> IgnoredProjKeys = new(StringComparer.Ordinal) { "no_defs", "type", "wktext" };

    /// <summary>
    /// Reads the Transverse Mercator / geographic subset of a PROJ string: +proj=tmerc|utm|longlat|latlong, +lat_0,
    /// +lon_0, +k or +k_0, +x_0, +y_0, +zone, +south, +ellps (WGS84, GRS80, krass) or +a with +rf/+f/+b, +datum=WGS84,
    /// +towgs84 (3 or 7 parameters, Position Vector), +units=m, +axis=enu|neu.
    /// </summary>
    /// <remarks>
    /// Without +datum or +towgs84 the datum is WGS 84 only on the WGS 84 ellipsoid; on any other ellipsoid it is an
    /// unnamed datum with no known link to WGS 84 (give +towgs84, or use the EPSG code). A +towgs84 equal to a
    /// published Pulkovo 1942 transformation is recognised as that transformation on the Pulkovo 1942 datum.
    /// </remarks>
    public static ParseResult<CoordinateReferenceSystem> FromProjString(string text, CrsCode code, string? name = null, string source = "PROJ string")
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<InputProblem>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var column = 1;
        foreach (var token in text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.None))
        {
            if (token.Length == 0)
            {
                column++;
                continue;
            }

            if (!token.StartsWith('+') || token.Length == 1)
            {
                problems.Add(new InputProblem(source, $"'{token}' is not a +key or +key=value parameter.") { Column = column });
            }
            else
            {
                var eq = token.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? token[1..] : token[1..eq];
                if (!values.TryAdd(key, eq < 0 ? "" : token[(eq + 1)..]))
                {
                    problems.Add(new InputProblem(source, $"+{key} is given twice.") { Column = column });
                }
            }

            column += token.Length + 1;
        }

        if (problems.Count > 0)
        {
            return ParseResult<CoordinateReferenceSystem>.Failed(problems);
        }

        var reader = new ProjValues(values, source, problems);
        var proj = reader.Text("proj");
        var projected = proj is "tmerc" or "utm";
        if (proj is null)
        {
            problems.Add(new InputProblem(source, "+proj is missing."));
        }
        else if (!projected && proj is not ("longlat" or "latlong" or "lonlat" or "latlon"))
        {
            problems.Add(new InputProblem(source, $"+proj={proj} is not supported; only tmerc, utm and longlat are."));
        }

        // Ellipsoid and datum.
        var ellipsoid = ReadEllipsoid(reader, source, problems);
        var datumName = reader.Text("datum");
        if (datumName is not null && !Is(datumName, "WGS84"))
        {
            problems.Add(new InputProblem(source, $"+datum={datumName} is not supported; give +ellps and +towgs84 instead."));
        }

        double[]? towgs84 = null;
        if (reader.Text("towgs84") is { } shiftText)
        {
            towgs84 = ParseNumbers(shiftText, out var bad);
            if (bad || towgs84.Length is not (3 or 7))
            {
                problems.Add(new InputProblem(source, $"+towgs84={shiftText} must be 3 or 7 numbers."));
                towgs84 = null;
            }
        }

        var units = reader.Text("units");
        if (units is not null && !Is(units, "m"))
        {
            problems.Add(new InputProblem(source, $"+units={units} is not supported; coordinates must be in metres."));
        }

        if (reader.Text("pm") is { } pm && pm is not ("greenwich" or "0"))
        {
            problems.Add(new InputProblem(source, $"+pm={pm} is not supported; the prime meridian must be Greenwich."));
        }

        var axis = reader.Text("axis") ?? "enu";
        AxisOrder axisOrder;
        switch (axis)
        {
            case "enu":
                axisOrder = projected ? AxisOrder.EastingNorthing : AxisOrder.LongitudeLatitude;
                break;
            case "neu":
                axisOrder = projected ? AxisOrder.NorthingEasting : AxisOrder.LatitudeLongitude;
                break;
            default:
                problems.Add(new InputProblem(source, $"+axis={axis} is not supported; use enu or neu."));
                axisOrder = AxisOrder.EastingNorthing;
                break;
        }

        double lat0 = 0, lon0 = 0, k0 = 1, x0 = 0, y0 = 0;
        if (Is(proj, "utm"))
        {
            var zone = reader.Number("zone");
            var south = reader.Flag("south");
            if (zone is not { } z || z != Math.Floor(z) || z < 1 || z > 60)
            {
                problems.Add(new InputProblem(source, "+proj=utm needs +zone between 1 and 60."));
            }
            else
            {
                lon0 = Utm.CentralMeridian((int)z);
                k0 = 0.9996;
                x0 = 500_000;
                y0 = south ? 10_000_000 : 0;
            }
        }
        else if (projected)
        {
            lat0 = reader.Number("lat_0") ?? 0;
            lon0 = reader.Number("lon_0") ?? 0;
            k0 = reader.Number("k_0") ?? reader.Number("k") ?? 1;
            x0 = reader.Number("x_0") ?? 0;
            y0 = reader.Number("y_0") ?? 0;
        }

        foreach (var key in reader.Unused())
        {
            problems.Add(new InputProblem(source, $"+{key} is not supported in a Transverse Mercator or geographic definition."));
        }

        if (problems.Count > 0 || ellipsoid is null)
        {
            return ParseResult<CoordinateReferenceSystem>.Failed(problems.Count > 0 ? problems : [new InputProblem(source, "No ellipsoid.")]);
        }

        var (datum, toWgs84) = DatumFor(ellipsoid, Is(datumName, "WGS84"), towgs84, null);
        return Build(code, name ?? code.ToString(), datum, toWgs84, projected, lat0, lon0, k0, x0, y0, axisOrder, GeographicBounds.World, source);
    }

    /// <summary>
    /// Reads a WKT1 (PROJCS/GEOGCS, OGC 01-009 and GDAL dialects) or WKT2 (PROJCRS/GEOGCRS, ISO 19162) definition of a
    /// Transverse Mercator or geographic CRS. Without <paramref name="code"/> the WKT's own AUTHORITY/ID is used.
    /// </summary>
    /// <remarks>
    /// Axis order follows the AXIS elements; WKT1 without them means easting/northing (longitude/latitude), as
    /// OGC 01-009 defines. A TOWGS84 element (WKT1) gives the shift to WGS 84 in the Position Vector convention.
    /// </remarks>
    public static ParseResult<CoordinateReferenceSystem> FromWkt(string text, CrsCode? code = null, string source = "WKT")
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = WktNode.Parse(text, source);
        if (!parsed.Success)
        {
            return ParseResult<CoordinateReferenceSystem>.Failed(parsed.Problems);
        }

        var root = parsed.Value;
        if (string.Equals(root.Keyword, "BOUNDCRS", StringComparison.OrdinalIgnoreCase))
        {
            return FromBoundCrs(root, code, source);
        }

        return FromCrsNode(root, code, source, null);
    }

    /// <summary>
    /// A WKT2 BOUNDCRS: the SOURCECRS with the ABRIDGEDTRANSFORMATION to WGS 84 as its shift. This is what
    /// projinfo writes for a CRS that has +towgs84.
    /// </summary>
    private static ParseResult<CoordinateReferenceSystem> FromBoundCrs(WktNode root, CrsCode? code, string source)
    {
        var sourceCrs = root.Child("SOURCECRS")?.Arguments.OfType<WktNode>().FirstOrDefault();
        var targetCrs = root.Child("TARGETCRS")?.Arguments.OfType<WktNode>().FirstOrDefault();
        var transformation = root.Child("ABRIDGEDTRANSFORMATION");
        if (sourceCrs is null || targetCrs is null || transformation is null)
        {
            return Fail(source, "BOUNDCRS needs SOURCECRS, TARGETCRS and ABRIDGEDTRANSFORMATION.");
        }

        var targetDatum = targetCrs.Child("DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE");
        var targetIsWgs84 = targetCrs.Identifier()?.EpsgNumber == 4326
            || targetDatum?.Identifier()?.EpsgNumber == 6326
            || NormaliseName(targetDatum?.Text(0) ?? "") is "WORLDGEODETICSYSTEM1984" or "WORLDGEODETICSYSTEM1984ENSEMBLE" or "WGS1984";
        if (!targetIsWgs84)
        {
            return Fail(source, "BOUNDCRS is supported only with WGS 84 as TARGETCRS.");
        }

        var shift = ReadAbridgedTransformation(transformation, source);
        return shift.Success ? FromCrsNode(sourceCrs, code ?? root.Identifier(), source, shift.Value) : ParseResult<CoordinateReferenceSystem>.Failed(shift.Problems);
    }

    /// <summary>
    /// The seven Position Vector parameters (TOWGS84 order and units: m, arc-seconds, ppm) of an abridged Helmert
    /// transformation. Coordinate Frame rotations are the Position Vector ones with the sign changed (EPSG Guidance
    /// Note 7-2, 4.4.3), so they are negated here.
    /// </summary>
    private static ParseResult<double[]> ReadAbridgedTransformation(WktNode transformation, string source)
    {
        var method = transformation.Child("METHOD");
        var methodCode = method?.Identifier()?.EpsgNumber;
        var methodName = NormaliseName(method?.Text(0) ?? "");
        int rotationSign;
        if (methodCode is 9606 or 1033 || methodName.StartsWith("POSITIONVECTORTRANSFORMATION", StringComparison.Ordinal))
        {
            rotationSign = 1;
        }
        else if (methodCode is 9607 or 1032 || methodName.StartsWith("COORDINATEFRAMEROTATION", StringComparison.Ordinal))
        {
            rotationSign = -1;
        }
        else if (methodCode is 9603 or 1031 || methodName.StartsWith("GEOCENTRICTRANSLATIONS", StringComparison.Ordinal))
        {
            rotationSign = 1;
        }
        else
        {
            return ParseResult<double[]>.Failed(new InputProblem(source, $"Transformation method '{method?.Text(0)}' is not supported; only Position Vector, Coordinate Frame and geocentric translations are."));
        }

        var p = new double[7];
        var scaleGiven = false;
        foreach (var parameter in transformation.Children("PARAMETER"))
        {
            if (parameter.Number(1) is not { } value)
            {
                return ParseResult<double[]>.Failed(new InputProblem(source, $"PARAMETER[\"{parameter.Text(0)}\"] has no number."));
            }

            var unit = parameter.Child("ANGLEUNIT", "LENGTHUNIT", "SCALEUNIT", "UNIT")?.Number(1);
            var pcode = parameter.Identifier()?.EpsgNumber;
            var pname = NormaliseName(parameter.Text(0) ?? "");

            // Without a unit the abridged form implies metres, arc-seconds and a scale factor (ISO 19162 15.5.3;
            // projinfo writes 2.5 ppm as 1.0000025).
            double Arcseconds() => unit is { } u ? value * u * 648_000 / Math.PI : value;
            switch (pcode ?? 0, pname)
            {
                case (8605, _) or (_, "XAXISTRANSLATION"):
                    p[0] = value * (unit ?? 1);
                    break;
                case (8606, _) or (_, "YAXISTRANSLATION"):
                    p[1] = value * (unit ?? 1);
                    break;
                case (8607, _) or (_, "ZAXISTRANSLATION"):
                    p[2] = value * (unit ?? 1);
                    break;
                case (8608, _) or (_, "XAXISROTATION"):
                    p[3] = rotationSign * Arcseconds();
                    break;
                case (8609, _) or (_, "YAXISROTATION"):
                    p[4] = rotationSign * Arcseconds();
                    break;
                case (8610, _) or (_, "ZAXISROTATION"):
                    p[5] = rotationSign * Arcseconds();
                    break;
                case (8611, _) or (_, "SCALEDIFFERENCE"):
                    // A ratio near 1 is a factor (1 + ds); a small one is ds itself.
                    var ratio = value * (unit ?? 1);
                    p[6] = (Math.Abs(ratio) > 0.5 ? ratio - 1 : ratio) * 1e6;
                    scaleGiven = true;
                    break;
                default:
                    return ParseResult<double[]>.Failed(new InputProblem(source, $"PARAMETER[\"{parameter.Text(0)}\"] is not a Helmert parameter."));
            }
        }

        // Round the ppm to what a factor written with 15–17 significant digits can carry, so that 2.5 ppm read from
        // 1.0000025 is 2.5 and a published TOWGS84 is still recognised.
        if (scaleGiven)
        {
            p[6] = Math.Round(p[6], 9);
        }

        return ParseResult<double[]>.Ok(p);
    }

    private static ParseResult<CoordinateReferenceSystem> FromCrsNode(WktNode root, CrsCode? code, string source, double[]? boundShift)
    {
        var problems = new List<InputProblem>();
        var keyword = root.Keyword.ToUpperInvariant();
        var projected = keyword is "PROJCS" or "PROJCRS" or "PROJECTEDCRS";
        var geographic = keyword is "GEOGCS" or "GEOGCRS" or "GEODCRS" or "GEOGRAPHICCRS";
        if (!projected && !geographic)
        {
            return Fail(source, $"{root.Keyword} is not supported; only PROJCS/PROJCRS (Transverse Mercator) and GEOGCS/GEOGCRS are.");
        }

        var geog = projected ? root.Child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS") : root;
        if (geog is null)
        {
            return Fail(source, "The projected CRS has no base geographic CRS.");
        }

        var datumNode = geog.Child("DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE");
        var ellipsoidNode = datumNode?.Child("SPHEROID", "ELLIPSOID");
        if (datumNode is null || ellipsoidNode is null)
        {
            return Fail(source, "The geographic CRS has no DATUM with an ELLIPSOID/SPHEROID.");
        }

        var a = ellipsoidNode.Number(1);
        var rf = ellipsoidNode.Number(2);
        if (a is not > 0 || rf is null || !(rf >= 2))
        {
            return Fail(source, "The ellipsoid needs a positive semi-major axis and an inverse flattening of at least 2 (spheres are not supported).");
        }

        if (ellipsoidNode.Child("LENGTHUNIT", "UNIT")?.Number(1) is { } ellipsoidUnit && ellipsoidUnit != 1)
        {
            return Fail(source, "The ellipsoid's axis must be in metres.");
        }

        if (geog.Child("PRIMEM", "PRIMEMERIDIAN")?.Number(1) is { } pm && pm != 0)
        {
            return Fail(source, "Only the Greenwich prime meridian is supported.");
        }

        var ellipsoid = KnownEllipsoid(ellipsoidNode.Text(0) ?? "ellipsoid", a.Value, rf.Value);
        var towgs84 = boundShift;
        if (boundShift is null && datumNode.Child("TOWGS84") is { } shiftNode)
        {
            towgs84 = shiftNode.Arguments.Select((_, i) => shiftNode.Number(i) ?? double.NaN).ToArray();
            if (towgs84.Length is not (3 or 7) || towgs84.Any(double.IsNaN))
            {
                return Fail(source, "TOWGS84 must hold 3 or 7 numbers.");
            }
        }

        var datumCode = datumNode.Identifier();
        var datumName = datumNode.Text(0) ?? "";
        var isWgs84 = datumCode?.EpsgNumber == 6326 || NormaliseName(datumName) is "WGS1984" or "WORLDGEODETICSYSTEM1984" or "WORLDGEODETICSYSTEM1984ENSEMBLE";
        var isPulkovo = datumCode?.EpsgNumber == 6284 || Is(NormaliseName(datumName), "PULKOVO1942");
        var (datum, toWgs84) = DatumFor(ellipsoid, isWgs84, towgs84, isPulkovo ? Datum.Pulkovo1942 : new Datum(datumName, ellipsoid, datumCode));

        // Angular unit of WKT1 parameters: the GEOGCS UNIT (degrees when absent).
        var wkt1AngleFactor = geog.Child("UNIT", "ANGLEUNIT")?.Number(1) ?? Math.PI / 180;
        double lat0 = 0, lon0 = 0, k0 = 1, x0 = 0, y0 = 0;
        if (projected)
        {
            var method = root.Child("PROJECTION")?.Text(0) ?? root.Child("CONVERSION")?.Child("METHOD", "PROJECTION")?.Text(0);
            var methodCode = root.Child("CONVERSION")?.Child("METHOD")?.Identifier()?.EpsgNumber;
            if (methodCode != 9807 && NormaliseName(method ?? "") is not ("TRANSVERSEMERCATOR" or "GAUSSKRUGER"))
            {
                return Fail(source, $"Projection '{method}' is not supported; only Transverse Mercator is.");
            }

            var parameterHolder = root.Child("CONVERSION") ?? root;
            foreach (var parameter in parameterHolder.Children("PARAMETER"))
            {
                var pname = NormaliseName(parameter.Text(0) ?? "");
                var value = parameter.Number(1);
                if (value is null)
                {
                    return Fail(source, $"PARAMETER[\"{parameter.Text(0)}\"] has no number.");
                }

                var unit = parameter.Child("ANGLEUNIT", "LENGTHUNIT", "SCALEUNIT", "UNIT")?.Number(1);
                var pcode = parameter.Identifier()?.EpsgNumber;
                double Angle() => value.Value * (unit ?? wkt1AngleFactor) * 180 / Math.PI;
                switch (pname)
                {
                    case "LATITUDEOFORIGIN" or "LATITUDEOFNATURALORIGIN" or "LATITUDEOFCENTER":
                        lat0 = Angle();
                        break;
                    case "CENTRALMERIDIAN" or "LONGITUDEOFNATURALORIGIN" or "LONGITUDEOFCENTER":
                        lon0 = Angle();
                        break;
                    case "SCALEFACTOR" or "SCALEFACTORATNATURALORIGIN":
                        k0 = value.Value * (unit ?? 1);
                        break;
                    case "FALSEEASTING":
                        x0 = value.Value * (unit ?? 1);
                        break;
                    case "FALSENORTHING":
                        y0 = value.Value * (unit ?? 1);
                        break;
                    default:
                        return Fail(source, $"PARAMETER[\"{parameter.Text(0)}\"] (EPSG {pcode}) is not a Transverse Mercator parameter.");
                }
            }

            // WKT1 gives false easting/northing in the PROJCS UNIT.
            var linearUnit = root.Child("UNIT", "LENGTHUNIT")?.Number(1) ?? 1;
            if (linearUnit != 1)
            {
                return Fail(source, "Grid coordinates must be in metres.");
            }
        }

        var axes = (projected ? root : geog).Descendants("AXIS").Select(x => (x.Text(1) ?? "").ToUpperInvariant()).ToList();
        AxisOrder axisOrder;
        if (axes.Count == 0)
        {
            axisOrder = projected ? AxisOrder.EastingNorthing : AxisOrder.LongitudeLatitude;
        }
        else if (axes.Count >= 2 && Is(axes[0], "NORTH") && Is(axes[1], "EAST"))
        {
            axisOrder = projected ? AxisOrder.NorthingEasting : AxisOrder.LatitudeLongitude;
        }
        else if (axes.Count >= 2 && Is(axes[0], "EAST") && Is(axes[1], "NORTH"))
        {
            axisOrder = projected ? AxisOrder.EastingNorthing : AxisOrder.LongitudeLatitude;
        }
        else
        {
            return Fail(source, $"Axes {string.Join(", ", axes)} are not supported; use north/east or east/north.");
        }

        var area = GeographicBounds.World;
        if (root.Descendants("BBOX").FirstOrDefault() is { } bbox
            && bbox.Number(0) is { } s && bbox.Number(1) is { } w && bbox.Number(2) is { } n && bbox.Number(3) is { } e)
        {
            area = new GeographicBounds(s, w, n, e);
        }

        var crsCode = code ?? root.Identifier();
        if (crsCode is null)
        {
            return Fail(source, "The WKT carries no AUTHORITY/ID; give the code to register it under.");
        }

        return Build(crsCode.Value, root.Text(0) ?? crsCode.Value.ToString(), datum, toWgs84, projected, lat0, lon0, k0, x0, y0, axisOrder, area, source);
    }

    private static bool Is(string? text, string value) => string.Equals(text, value, StringComparison.Ordinal);

    private static ParseResult<CoordinateReferenceSystem> Fail(string source, string message) =>
        ParseResult<CoordinateReferenceSystem>.Failed(new InputProblem(source, message));

    private static ParseResult<CoordinateReferenceSystem> Build(
        CrsCode code, string name, Datum datum, DatumTransformation? toWgs84, bool projected,
        double lat0, double lon0, double k0, double x0, double y0, AxisOrder axisOrder, GeographicBounds area, string source)
    {
        try
        {
            var tm = projected ? new TransverseMercator(datum.Ellipsoid, lat0, lon0, k0, x0, y0) : null;
            return ParseResult<CoordinateReferenceSystem>.Ok(new CoordinateReferenceSystem(code, name, datum, tm, axisOrder, area, toWgs84));
        }
        catch (ArgumentOutOfRangeException e)
        {
            return Fail(source, e.Message.Split(Environment.NewLine)[0]);
        }
    }

    /// <summary>The datum and its link to WGS 84 from what the definition says.</summary>
    private static (Datum Datum, DatumTransformation? ToWgs84) DatumFor(Ellipsoid ellipsoid, bool saysWgs84, double[]? towgs84, Datum? named)
    {
        var zeroShift = towgs84 is not null && towgs84.All(v => v == 0);
        if ((saysWgs84 || zeroShift || (towgs84 is null && named is null)) && ellipsoid.Equals(Ellipsoid.Wgs84))
        {
            return (Datum.Wgs84, null);
        }

        if (towgs84 is null)
        {
            if (named is not null && named.Equals(Datum.Pulkovo1942))
            {
                return (Datum.Pulkovo1942, DatumTransformations.Epsg15865);
            }

            return (named ?? new Datum($"Unknown datum on {ellipsoid.Name}", ellipsoid), null);
        }

        var p = towgs84.Length == 3 ? [towgs84[0], towgs84[1], towgs84[2], 0, 0, 0, 0] : towgs84;
        if (ellipsoid.Equals(Ellipsoid.Krassowsky1940))
        {
            foreach (var known in DatumTransformations.All)
            {
                var knownText = known.ToWgs84Parameters().Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture));
                if (knownText.SequenceEqual(p))
                {
                    return (Datum.Pulkovo1942, known);
                }
            }
        }

        var parameters = string.Join(",", towgs84.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var datum = named is not null && !named.Equals(Datum.Pulkovo1942) && !named.Equals(Datum.Wgs84)
            ? named
            : new Datum($"{named?.Name ?? "Datum"} (towgs84={parameters})", ellipsoid);
        var shift = new DatumTransformation(
            new CrsCode("USER", "towgs84=" + parameters), $"{datum.Name} to WGS 84", datum, Datum.Wgs84,
            p[0], p[1], p[2], p[3], p[4], p[5], p[6], RotationConvention.PositionVector,
            double.NaN, GeographicBounds.World, "As defined by the user; accuracy not stated.");
        return (datum, shift);
    }

    private static Ellipsoid? ReadEllipsoid(ProjValues reader, string source, List<InputProblem> problems)
    {
        var ellps = reader.Text("ellps");
        var datum = reader.Peek("datum");
        var a = reader.Number("a");
        var rf = reader.Number("rf");
        var f = reader.Number("f");
        var b = reader.Number("b");
        if (ellps is not null)
        {
            switch (ellps)
            {
                case "WGS84":
                    return Ellipsoid.Wgs84;
                case "GRS80":
                    return Ellipsoid.Grs80;
                case "krass":
                    return Ellipsoid.Krassowsky1940;
                default:
                    problems.Add(new InputProblem(source, $"+ellps={ellps} is not known; give +a and +rf."));
                    return null;
            }
        }

        if (a is { } axis)
        {
            var inverse = rf ?? (f is { } flat && flat > 0 ? 1 / flat : b is { } minor && minor < axis ? axis / (axis - minor) : (double?)null);
            if (inverse is null)
            {
                problems.Add(new InputProblem(source, "+a needs +rf, +f or +b (spheres are not supported)."));
                return null;
            }

            try
            {
                return KnownEllipsoid("user ellipsoid", axis, inverse.Value);
            }
            catch (ArgumentOutOfRangeException e)
            {
                problems.Add(new InputProblem(source, e.Message.Split(Environment.NewLine)[0]));
                return null;
            }
        }

        if (Is(datum, "WGS84"))
        {
            return Ellipsoid.Wgs84;
        }

        problems.Add(new InputProblem(source, "No ellipsoid: give +ellps, +a with +rf, or +datum=WGS84."));
        return null;
    }

    private static Ellipsoid KnownEllipsoid(string name, double a, double rf)
    {
        foreach (var known in new[] { Ellipsoid.Wgs84, Ellipsoid.Grs80, Ellipsoid.Krassowsky1940 })
        {
            if (known.SemiMajorAxis == a && Math.Abs(known.InverseFlattening - rf) < 1e-9)
            {
                return known;
            }
        }

        return new Ellipsoid(name, a, rf);
    }

    private static double[] ParseNumbers(string text, out bool bad)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        bad = false;
        for (var i = 0; i < parts.Length; i++)
        {
            bad |= !double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]);
        }

        return values;
    }

    /// <summary>"Latitude_of_origin", "Latitude of natural origin" → "LATITUDEOFORIGIN", …</summary>
    private static string NormaliseName(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    /// <summary>Reads +key=value pairs once each, so that unsupported leftovers can be reported.</summary>
    private sealed class ProjValues(Dictionary<string, string> values, string source, List<InputProblem> problems)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public string? Peek(string key) => values.GetValueOrDefault(key);

        public string? Text(string key)
        {
            _used.Add(key);
            return values.GetValueOrDefault(key);
        }

        public bool Flag(string key)
        {
            _used.Add(key);
            return values.ContainsKey(key);
        }

        public double? Number(string key)
        {
            if (Text(key) is not { } text)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                return value;
            }

            problems.Add(new InputProblem(source, $"+{key}={text} is not a number."));
            return null;
        }

        public IEnumerable<string> Unused() => values.Keys.Where(k => !_used.Contains(k) && !IgnoredProjKeys.Contains(k));
    }
}
