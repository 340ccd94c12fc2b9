using System.Globalization;
using System.Xml;
using Demarcate.Core;
using Demarcate.Core.Validation;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Kml;

/// <summary>
/// Reads the Placemarks of a KML 2.2 document (OGC 07-147r2) streaming, with <see cref="XmlReader"/>: Point,
/// LineString, LinearRing, Polygon and MultiGeometry, each with its name, description and ExtendedData.
/// Coordinates are WGS 84 longitude, latitude (and height), as KML always is.
/// </summary>
/// <remarks>
/// Only one Placemark is held at a time besides those already read. Problems name the file, the line and
/// column, and the 0-based Placemark index. DTDs are refused and no external entity is ever fetched.
/// Thread-safe (no shared state).
/// </remarks>
public static class KmlReader
{
    /// <summary>How many Placemark problems are collected before reading stops.</summary>
    public const int MaximumProblems = 100;

    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    /// <summary>Every Placemark, or every problem (up to <see cref="MaximumProblems"/>, or the one XML syntax error that stops reading).</summary>
    public static Task<ParseResult<IReadOnlyList<FileFeature>>> ReadAllAsync(Stream stream, string sourceName, CancellationToken cancellationToken = default) =>
        ReadAllAsync(stream, sourceName, recordsWithoutGeometry: false, cancellationToken);

    /// <summary>
    /// Every Placemark, or every problem. With <paramref name="recordsWithoutGeometry"/> a Placemark without a geometry
    /// is a record of attributes only (KML 2.2 §9.11 makes the geometry optional; a dataset export writes its sections
    /// and sources so) and comes back with an empty geometry; otherwise it is refused.
    /// </summary>
    public static async Task<ParseResult<IReadOnlyList<FileFeature>>> ReadAllAsync(Stream stream, string sourceName, bool recordsWithoutGeometry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        var features = new List<FileFeature>();
        var problems = new List<InputProblem>();
        long index = 0;
        using var reader = XmlReader.Create(stream, settings);
        var place = (IXmlLineInfo)reader;
        var inPlacemark = false;
        try
        {
            if (await reader.MoveToContentAsync() != XmlNodeType.Element || reader.LocalName != "kml")
            {
                return ParseResult<IReadOnlyList<FileFeature>>.Failed(new InputProblem(
                    sourceName, $"not a KML document: the root element is <{reader.LocalName}>, not <kml>") { Line = place.LineNumber, Column = place.LinePosition });
            }

            // After a Placemark the reader already stands on the next node, which may be the next Placemark.
            var advance = true;
            while (!advance || await reader.ReadAsync())
            {
                advance = true;
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Placemark")
                {
                    continue;
                }

                inPlacemark = true;
                var read = await ReadPlacemarkAsync(reader, sourceName, index, recordsWithoutGeometry);
                inPlacemark = false;
                advance = false;
                index++;
                if (read.Feature is { } feature)
                {
                    if (problems.Count == 0)
                    {
                        features.Add(feature);
                    }
                }
                else
                {
                    problems.Add(read.Problem!);
                    if (problems.Count == MaximumProblems)
                    {
                        problems.Add(new InputProblem(sourceName, $"stopped after {MaximumProblems} problems"));
                        break;
                    }
                }
            }
        }
        catch (XmlException exception)
        {
            problems.Add(new InputProblem(sourceName, "invalid XML: " + WithoutPosition(exception.Message))
            {
                Line = exception.LineNumber,
                Column = exception.LinePosition,
                Feature = inPlacemark ? index : null,
            });
        }

        return problems.Count == 0
            ? ParseResult<IReadOnlyList<FileFeature>>.Ok(features)
            : ParseResult<IReadOnlyList<FileFeature>>.Failed(problems);
    }

    private readonly record struct PlacemarkRead(FileFeature? Feature, InputProblem? Problem);

    /// <summary>A problem inside one Placemark: reading skips to its end and goes on with the next.</summary>
    private sealed class PlacemarkProblemException(string message, long line, long column) : Exception(message)
    {
        public long Line { get; } = line;

        public long Column { get; } = column;
    }

    private static async Task<PlacemarkRead> ReadPlacemarkAsync(XmlReader reader, string sourceName, long index, bool recordsWithoutGeometry)
    {
        var place = (IXmlLineInfo)reader;
        long line = place.LineNumber;
        long column = place.LinePosition;
        var depth = reader.Depth;
        var id = reader.GetAttribute("id");
        string? name = null;
        string? description = null;
        Geometry? geometry = null;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var findings = new List<GeometryFinding>();
        try
        {
            await ForEachChildAsync(reader, async () =>
            {
                switch (reader.LocalName)
                {
                    case "name":
                        name = (await reader.ReadElementContentAsStringAsync()).Trim();
                        break;
                    case "description":
                        description = (await reader.ReadElementContentAsStringAsync()).Trim();
                        break;
                    case "ExtendedData":
                        await ReadExtendedDataAsync(reader, properties);
                        break;
                    case "Point" or "LineString" or "LinearRing" or "Polygon" or "MultiGeometry" or "MultiTrack" or "Track" or "Model":
                        if (geometry is not null)
                        {
                            throw Problem(reader, "a Placemark holds one geometry; put several in a <MultiGeometry>");
                        }

                        geometry = await ReadGeometryAsync(reader, index, findings, "");
                        break;
                    default:
                        await reader.SkipAsync();
                        break;
                }
            });
        }
        catch (PlacemarkProblemException problem)
        {
            // Skip to the end of this Placemark so the next one can still be judged.
            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && await reader.ReadAsync())
            {
            }

            await reader.ReadAsync();
            return new PlacemarkRead(null, new InputProblem(sourceName, problem.Message) { Line = problem.Line, Column = problem.Column, Feature = index });
        }

        if (geometry is null && recordsWithoutGeometry)
        {
            geometry = Factory.CreateGeometryCollection();
        }

        if (geometry is null)
        {
            return new PlacemarkRead(null, new InputProblem(sourceName, "the Placemark has no geometry") { Line = line, Column = column, Feature = index });
        }

        if (description is not null)
        {
            properties.TryAdd("description", description);
        }

        properties.TryGetValue("id", out var dataId);
        return new PlacemarkRead(
            new FileFeature(index, dataId ?? id, name, geometry) { Properties = properties, Line = line, Column = column, ReadFindings = findings, Crs = "EPSG:4326" },
            null);
    }

    /// <summary>Calls <paramref name="onChild"/> on each child element of the current element, which it must consume; leaves the reader after the element.</summary>
    private static async Task ForEachChildAsync(XmlReader reader, Func<Task> onChild)
    {
        var depth = reader.Depth;
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync();
            return;
        }

        await Next(reader);
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                await onChild();
            }
            else
            {
                await Next(reader);
            }
        }

        await reader.ReadAsync();
    }

    private static async Task Next(XmlReader reader)
    {
        if (!await reader.ReadAsync())
        {
            var place = (IXmlLineInfo)reader;
            throw new XmlException("the file ends inside an element (is it truncated?)", null, place.LineNumber, place.LinePosition);
        }
    }

    private static async Task ReadExtendedDataAsync(XmlReader reader, Dictionary<string, string> properties)
    {
        await ForEachChildAsync(reader, async () =>
        {
            switch (reader.LocalName)
            {
                case "Data":
                    {
                        var key = reader.GetAttribute("name");
                        string? value = null;
                        await ForEachChildAsync(reader, async () =>
                        {
                            if (reader.LocalName == "value")
                            {
                                value = await reader.ReadElementContentAsStringAsync();
                            }
                            else
                            {
                                await reader.SkipAsync();
                            }
                        });
                        if (key is not null && value is not null)
                        {
                            properties[key] = value;
                        }

                        break;
                    }

                case "SchemaData":
                    await ForEachChildAsync(reader, async () =>
                    {
                        var key = reader.GetAttribute("name");
                        var value = await reader.ReadElementContentAsStringAsync();
                        if (key is not null)
                        {
                            properties[key] = value;
                        }
                    });
                    break;
                default:
                    await reader.SkipAsync();
                    break;
            }
        });
    }

    private static async Task<Geometry> ReadGeometryAsync(XmlReader reader, long index, List<GeometryFinding> findings, string where)
    {
        var kind = reader.LocalName;
        switch (kind)
        {
            case "Point":
                {
                    var points = await ReadCoordinatesOfAsync(reader, kind);
                    if (points.Coordinates.Count != 1)
                    {
                        throw new PlacemarkProblemException($"{where}a Point has exactly one position; this one has {points.Coordinates.Count}", points.Line, points.Column);
                    }

                    return Factory.CreatePoint(points.Coordinates[0]);
                }

            case "LineString":
                {
                    var points = await ReadCoordinatesOfAsync(reader, kind);
                    if (points.Coordinates.Count < 2)
                    {
                        throw new PlacemarkProblemException(
                            $"{where}a line needs at least 2 positions; this LineString has {points.Coordinates.Count}", points.Line, points.Column);
                    }

                    return Factory.CreateLineString([.. points.Coordinates]);
                }

            case "LinearRing":
                return await ReadRingAsync(reader, index, findings, where);
            case "Polygon":
                {
                    LinearRing? shell = null;
                    var holes = new List<LinearRing>();
                    await ForEachChildAsync(reader, async () =>
                    {
                        var boundary = reader.LocalName;
                        if (boundary is not ("outerBoundaryIs" or "innerBoundaryIs"))
                        {
                            await reader.SkipAsync();
                            return;
                        }

                        await ForEachChildAsync(reader, async () =>
                        {
                            if (reader.LocalName != "LinearRing")
                            {
                                await reader.SkipAsync();
                                return;
                            }

                            if (boundary == "outerBoundaryIs")
                            {
                                if (shell is not null)
                                {
                                    throw Problem(reader, $"{where}a Polygon has one outerBoundaryIs");
                                }

                                shell = await ReadRingAsync(reader, index, findings, $"{where}ring 0 (the exterior ring): ");
                            }
                            else
                            {
                                holes.Add(await ReadRingAsync(reader, index, findings, $"{where}ring {holes.Count + 1} (a hole): "));
                            }
                        });
                    });
                    return shell is null
                        ? throw Problem(reader, $"{where}the Polygon has no outerBoundaryIs")
                        : Factory.CreatePolygon(shell, [.. holes]);
                }

            case "MultiGeometry":
                {
                    var parts = new List<Geometry>();
                    await ForEachChildAsync(reader, async () =>
                    {
                        if (reader.LocalName is "Point" or "LineString" or "LinearRing" or "Polygon" or "MultiGeometry")
                        {
                            parts.Add(await ReadGeometryAsync(reader, index, findings, $"{where}part {parts.Count}: "));
                        }
                        else
                        {
                            await reader.SkipAsync();
                        }
                    });
                    return parts switch
                    {
                        _ when parts.Count > 0 && parts.All(p => p is LineString) => Factory.CreateMultiLineString([.. parts.Cast<LineString>()]),
                        _ when parts.Count > 0 && parts.All(p => p is Polygon) => Factory.CreateMultiPolygon([.. parts.Cast<Polygon>()]),
                        _ when parts.Count > 0 && parts.All(p => p is Point) => Factory.CreateMultiPoint([.. parts.Cast<Point>()]),
                        _ => Factory.CreateGeometryCollection([.. parts]),
                    };
                }

            default:
                throw Problem(reader, $"{where}<{kind}> geometries are not read; use Point, LineString, LinearRing, Polygon or MultiGeometry");
        }
    }

    private static async Task<LinearRing> ReadRingAsync(XmlReader reader, long index, List<GeometryFinding> findings, string where)
    {
        var points = await ReadCoordinatesOfAsync(reader, "LinearRing");
        var coordinates = points.Coordinates;
        if (coordinates.Count > 0 && !coordinates[0].Equals2D(coordinates[^1]))
        {
            // We never close a ring silently: the import refuses it unless asked to repair, and the repair says so.
            findings.Add(new GeometryFinding(index, FindingKind.UnclosedRing, string.Create(
                CultureInfo.InvariantCulture,
                $"{where}the ring (line {points.Line}) is not closed: its last position {Position(coordinates[^1])} differs from its first {Position(coordinates[0])}")));
            coordinates.Add(coordinates[0].Copy());
        }

        if (coordinates.Count < 4)
        {
            throw new PlacemarkProblemException($"{where}a ring needs at least 4 positions (the last repeating the first); this one has {coordinates.Count}", points.Line, points.Column);
        }

        return Factory.CreateLinearRing([.. coordinates]);
    }

    private sealed record Positions(List<Coordinate> Coordinates, long Line, long Column);

    /// <summary>Reads the &lt;coordinates&gt; child of the current geometry element and consumes the element.</summary>
    private static async Task<Positions> ReadCoordinatesOfAsync(XmlReader reader, string kind)
    {
        var place = (IXmlLineInfo)reader;
        Positions? found = null;
        long line = place.LineNumber;
        long column = place.LinePosition;
        await ForEachChildAsync(reader, async () =>
        {
            if (reader.LocalName != "coordinates")
            {
                await reader.SkipAsync();
                return;
            }

            long start = place.LineNumber;
            long startColumn = place.LinePosition;
            var text = await reader.ReadElementContentAsStringAsync();
            found = ParseCoordinates(text, start, startColumn);
        });
        return found ?? throw new PlacemarkProblemException($"the {kind} has no <coordinates>", line, column);
    }

    /// <summary>Tuples "lon,lat[,alt]" separated by white space (KML 2.2 §16.9.1).</summary>
    private static Positions ParseCoordinates(string text, long line, long column)
    {
        var coordinates = new List<Coordinate>();
        var lineOfTuple = line;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (text[i] == '\n')
                {
                    lineOfTuple++;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var tuple = text[start..i];
            var parts = tuple.Split(',');
            if (parts.Length is < 2 or > 3
                || !TryNumber(parts[0], out var x) || !TryNumber(parts[1], out var y)
                || (parts.Length == 3 && !TryNumber(parts[2], out _)))
            {
                throw new PlacemarkProblemException(
                    $"position {coordinates.Count + 1} \"{Shorten(tuple)}\" is not longitude,latitude[,height] (numbers separated by commas without spaces, positions by spaces)",
                    lineOfTuple,
                    lineOfTuple == line ? column : 1);
            }

            coordinates.Add(parts.Length == 3 && TryNumber(parts[2], out var z) ? new CoordinateZ(x, y, z) : new Coordinate(x, y));
        }

        return new Positions(coordinates, line, column);
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Position(Coordinate c) => GeometryValidator.Position(c);

    private static PlacemarkProblemException Problem(XmlReader reader, string message)
    {
        var place = (IXmlLineInfo)reader;
        return new PlacemarkProblemException(message, place.LineNumber, place.LinePosition);
    }

    /// <summary>XmlException messages end with "Line n, position m."; we report those as numbers instead.</summary>
    private static string WithoutPosition(string message)
    {
        var at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return (at > 0 ? message[..at] : message).TrimEnd('.', ' ');
    }
}
