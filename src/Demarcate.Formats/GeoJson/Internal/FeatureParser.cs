using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.GeoJson.Internal;

/// <summary>
/// Turns the complete text of one feature (or one geometry) into a <see cref="GeoJsonFeature"/>,
/// checking it against RFC 7946. Errors are thrown as <see cref="StructureError"/> with the byte
/// offset of the offending token in the text handed in.
/// </summary>
/// <remarks>Not thread-safe: it reuses one coordinate buffer for every feature of a file.</remarks>
internal sealed class FeatureParser(GeometryFactory factory)
{
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    // RFC 7946 dropped "crs"; older files still carry one. These names all mean WGS 84 with
    // longitude first as GeoJSON 2008 used them (GDAL reads EPSG:4326 in GeoJSON the same way).
    private static readonly HashSet<string> Wgs84LongitudeLatitude = new(StringComparer.OrdinalIgnoreCase)
    {
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "urn:ogc:def:crs:OGC::CRS84",
        "OGC:CRS84",
        "CRS84",
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
        "EPSG:4326",
        "urn:ogc:def:crs:EPSG::4326",
        "http://www.opengis.net/def/crs/EPSG/0/4326",
    };

    private readonly GeometryFactory _factory = factory;

    // Positions of the list being read, as x, y, z triples (z NaN when absent).
    private double[] _xyz = new double[3 * 1024];
    private bool _hasZ;

    // Offset of the current reader's first byte in the text handed to the public method.
    private long _base;

    /// <summary>Parses a Feature object; <paramref name="context"/> names it in messages.</summary>
    public GeoJsonFeature ParseFeature(ReadOnlySpan<byte> json, long index, long line, string context)
    {
        _base = 0;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        var start = Offset(ref reader);
        string? id = null;
        var idIsNumber = false;
        Geometry? geometry = null;
        var sawType = false;
        var sawGeometry = false;
        IReadOnlyDictionary<string, JsonElement> properties = ReadOnlyDictionary<string, JsonElement>.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                var type = ReadType(ref reader);
                if (type != GeoJsonType.Feature)
                {
                    throw Error(ref reader, $"{context} must have \"type\": \"Feature\", found \"{type}\"");
                }

                sawType = true;
            }
            else if (reader.ValueTextEquals("geometry"u8))
            {
                reader.Read();
                geometry = ParseGeometryValue(json, ref reader);
                sawGeometry = true;
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                reader.Read();
                properties = ParseProperties(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        id = reader.GetString();
                        idIsNumber = false;
                        break;
                    case JsonTokenType.Number:
                        id = Encoding.UTF8.GetString(reader.ValueSpan);
                        idIsNumber = true;
                        break;
                    case JsonTokenType.Null:
                        id = null;
                        break;
                    default:
                        throw Error(ref reader, $"\"id\" must be a string or a number, found {GeoJsonTypes.Describe(reader.TokenType)}");
                }
            }
            else if (reader.ValueTextEquals("crs"u8))
            {
                reader.Read();
                CheckCrs(ref reader);
            }
            else
            {
                // "bbox" and foreign members: RFC 7946 lets readers ignore them.
                reader.Read();
                reader.Skip();
            }
        }

        if (!sawType)
        {
            throw new StructureError(start, $"{context} has no \"type\" member (expected \"type\": \"Feature\")");
        }

        if (!sawGeometry)
        {
            throw new StructureError(start, $"{context} has no \"geometry\" member (write \"geometry\": null for a feature without a location)");
        }

        return new GeoJsonFeature(index, id, geometry, properties) { Line = line, IdIsNumber = idIsNumber };
    }

    /// <summary>Parses a bare geometry object (a file that holds only a geometry).</summary>
    public Geometry? ParseGeometryDocument(ReadOnlySpan<byte> json)
    {
        _base = 0;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        return ParseGeometryValue(json, ref reader);
    }

    /// <summary>Checks a <c>crs</c> member's value given as complete text.</summary>
    public void CheckCrsDocument(ReadOnlySpan<byte> json)
    {
        _base = 0;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        CheckCrs(ref reader);
    }

    private Geometry? ParseGeometryValue(ReadOnlySpan<byte> json, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(ref reader, $"a geometry must be an object or null, found {GeoJsonTypes.Describe(reader.TokenType)}");
        }

        var start = Offset(ref reader);
        var type = GeoJsonType.None;
        Geometry? geometry = null;
        long deferredStart = -1;
        long deferredEnd = -1;
        var deferredIsCollection = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = ReadType(ref reader);
                if (!type.IsGeometry())
                {
                    throw Error(ref reader, $"a geometry cannot have \"type\": \"{type}\"; expected {GeoJsonTypes.GeometryTypeList}");
                }
            }
            else if (reader.ValueTextEquals("coordinates"u8) || reader.ValueTextEquals("geometries"u8))
            {
                var isCollection = reader.ValueTextEquals("geometries"u8);
                reader.Read();
                if (type != GeoJsonType.None && isCollection == (type == GeoJsonType.GeometryCollection))
                {
                    geometry = isCollection ? ParseGeometries(json, ref reader) : ParseCoordinates(ref reader, type);
                }
                else if (type == GeoJsonType.None)
                {
                    // "type" comes later: remember where the value is and read it once the type is known.
                    deferredStart = Offset(ref reader);
                    reader.Skip();
                    deferredEnd = _base + reader.BytesConsumed;
                    deferredIsCollection = isCollection;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("crs"u8))
            {
                reader.Read();
                CheckCrs(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (type == GeoJsonType.None)
        {
            throw new StructureError(start, "the geometry has no \"type\" member");
        }

        var isGeometryCollection = type == GeoJsonType.GeometryCollection;
        if (geometry is null && deferredStart >= 0 && deferredIsCollection == isGeometryCollection)
        {
            var savedBase = _base;
            _base = deferredStart;
            var inner = new Utf8JsonReader(json[(int)deferredStart..(int)deferredEnd], ReaderOptions);
            inner.Read();
            geometry = isGeometryCollection ? ParseGeometries(json, ref inner) : ParseCoordinates(ref inner, type);
            _base = savedBase;
        }

        return geometry ?? throw new StructureError(
            start,
            isGeometryCollection ? "the GeometryCollection has no \"geometries\" member" : $"the {type} has no \"coordinates\" member");
    }

    private GeometryCollection ParseGeometries(ReadOnlySpan<byte> json, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error(ref reader, $"\"geometries\" must be an array of geometries, found {GeoJsonTypes.Describe(reader.TokenType)}");
        }

        var members = new List<Geometry>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                throw Error(ref reader, "a GeometryCollection cannot hold null geometries");
            }

            members.Add(ParseGeometryValue(json, ref reader)!);
        }

        return _factory.CreateGeometryCollection([.. members]);
    }

    private Geometry ParseCoordinates(ref Utf8JsonReader reader, GeoJsonType type)
    {
        switch (type)
        {
            case GeoJsonType.Point:
                ExpectArray(ref reader, "Point coordinates", type);
                _hasZ = false;
                return ReadPosition(ref reader, 0, type)
                    ? _factory.CreatePoint(TakeSequence(1))
                    : _factory.CreatePoint();

            case GeoJsonType.MultiPoint:
                ExpectArray(ref reader, "MultiPoint coordinates", type);
                return _factory.CreateMultiPoint(TakeSequence(ReadPositions(ref reader, type)));

            case GeoJsonType.LineString:
                ExpectArray(ref reader, "LineString coordinates", type);
                return _factory.CreateLineString(ReadLine(ref reader, type, "the LineString", allowEmpty: true));

            case GeoJsonType.MultiLineString:
            {
                ExpectArray(ref reader, "MultiLineString coordinates", type);
                var lines = new List<LineString>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ExpectArray(ref reader, "each line of a MultiLineString", type);
                    lines.Add(_factory.CreateLineString(ReadLine(ref reader, type, $"line {lines.Count} of the MultiLineString", allowEmpty: false)));
                }

                return _factory.CreateMultiLineString([.. lines]);
            }

            case GeoJsonType.Polygon:
                ExpectArray(ref reader, "Polygon coordinates", type);
                return ReadPolygon(ref reader, type, "");

            case GeoJsonType.MultiPolygon:
            {
                ExpectArray(ref reader, "MultiPolygon coordinates", type);
                var polygons = new List<Polygon>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ExpectArray(ref reader, "each polygon of a MultiPolygon", type);
                    polygons.Add(ReadPolygon(ref reader, type, $"polygon {polygons.Count.ToString(CultureInfo.InvariantCulture)}, "));
                }

                return _factory.CreateMultiPolygon([.. polygons]);
            }

            default:
                throw new InvalidOperationException("Not a geometry with coordinates: " + type);
        }
    }

    private CoordinateSequence ReadLine(ref Utf8JsonReader reader, GeoJsonType type, string what, bool allowEmpty)
    {
        var start = Offset(ref reader);
        var count = ReadPositions(ref reader, type);
        if (count == 1 || (count == 0 && !allowEmpty))
        {
            throw new StructureError(start, $"{what} has {Positions(count)}; a line needs at least 2");
        }

        return TakeSequence(count);
    }

    private Polygon ReadPolygon(ref Utf8JsonReader reader, GeoJsonType type, string prefix)
    {
        LinearRing? shell = null;
        List<LinearRing>? holes = null;
        var ringIndex = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ExpectArray(ref reader, "each ring of a polygon", type);
            var start = Offset(ref reader);
            var count = ReadPositions(ref reader, type);
            var ringName = ringIndex == 0 ? $"{prefix}ring 0 (the exterior ring)" : $"{prefix}ring {ringIndex.ToString(CultureInfo.InvariantCulture)} (a hole)";
            if (count < 4)
            {
                throw new StructureError(start, $"{ringName} has {Positions(count)}; a closed ring needs at least 4 (the first repeated at the end)");
            }

            var last = 3 * (count - 1);
            if (!_xyz[0].Equals(_xyz[last]) || !_xyz[1].Equals(_xyz[last + 1]) || !_xyz[2].Equals(_xyz[last + 2]))
            {
                throw new StructureError(
                    start,
                    $"{ringName} is not closed: its last position {FormatPosition(last)} differs from its first {FormatPosition(0)}");
            }

            var ring = _factory.CreateLinearRing(TakeSequence(count));
            if (shell is null)
            {
                shell = ring;
            }
            else
            {
                (holes ??= []).Add(ring);
            }

            ringIndex++;
        }

        return shell is null ? _factory.CreatePolygon() : _factory.CreatePolygon(shell, holes?.ToArray());
    }

    /// <summary>Reads an array of positions (reader on its '[') into the buffer; returns how many.</summary>
    private int ReadPositions(ref Utf8JsonReader reader, GeoJsonType type)
    {
        _hasZ = false;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                var hint = reader.TokenType == JsonTokenType.Number ? $": the coordinates are nested one level too shallow for a {type}" : "";
                throw Error(ref reader, $"expected a position like [longitude, latitude], found {GeoJsonTypes.Describe(reader.TokenType)}{hint}");
            }

            var positionStart = Offset(ref reader);
            if (!ReadPosition(ref reader, count, type))
            {
                throw new StructureError(positionStart, "a position needs at least 2 numbers (longitude, latitude), found 0");
            }

            count++;
        }

        return count;
    }

    /// <summary>Reads one position (reader on its '[') into slot <paramref name="slot"/>; false when it is empty.</summary>
    private bool ReadPosition(ref Utf8JsonReader reader, int slot, GeoJsonType type)
    {
        var start = Offset(ref reader);
        var at = 3 * slot;
        if (at + 3 > _xyz.Length)
        {
            Array.Resize(ref _xyz, _xyz.Length * 2);
        }

        _xyz[at + 2] = double.NaN;
        var numbers = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                var hint = reader.TokenType == JsonTokenType.StartArray ? $": the coordinates are nested one level too deep for a {type}" : "";
                throw Error(ref reader, $"a coordinate must be a number, found {GeoJsonTypes.Describe(reader.TokenType)}{hint}");
            }

            // RFC 7946 §3.1.1: a fourth and further numbers may be present; readers may ignore them.
            if (numbers < 3)
            {
                if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
                {
                    throw Error(ref reader, $"coordinate {Encoding.UTF8.GetString(reader.ValueSpan)} is too large for a double");
                }

                _xyz[at + numbers] = value;
            }

            numbers++;
        }

        if (numbers == 0)
        {
            return false;
        }

        if (numbers == 1)
        {
            throw new StructureError(start, "a position needs at least 2 numbers (longitude, latitude), found 1");
        }

        if (numbers >= 3)
        {
            _hasZ = true;
        }

        CheckRange(start, _xyz[at], _xyz[at + 1]);
        return true;
    }

    private static void CheckRange(long offset, double longitude, double latitude)
    {
        var longitudeOk = Math.Abs(longitude) <= 180;
        var latitudeOk = Math.Abs(latitude) <= 90;
        if (longitudeOk && latitudeOk)
        {
            return;
        }

        var position = string.Create(CultureInfo.InvariantCulture, $"[{longitude:R}, {latitude:R}]");
        string message;
        if (Math.Abs(longitude) > 1000 || Math.Abs(latitude) > 1000)
        {
            message = $"position {position} is not in degrees: the values look like metres of a projected CRS (UTM, Web Mercator …); "
                + "coordinates must be WGS 84 longitude/latitude, so reproject first (e.g. ogr2ogr -t_srs EPSG:4326)";
        }
        else if (!latitudeOk && Math.Abs(latitude) <= 180 && Math.Abs(longitude) <= 90)
        {
            message = string.Create(CultureInfo.InvariantCulture, $"latitude {latitude:R} is outside -90..90 in position {position}: ")
                + "the axes look swapped; GeoJSON positions are [longitude, latitude]";
        }
        else if (!longitudeOk)
        {
            message = string.Create(CultureInfo.InvariantCulture, $"longitude {longitude:R} is outside -180..180 in position {position}");
        }
        else
        {
            message = string.Create(CultureInfo.InvariantCulture, $"latitude {latitude:R} is outside -90..90 in position {position}");
        }

        throw new StructureError(offset, message);
    }

    private CoordinateSequence TakeSequence(int count)
    {
        var coordinates = new Coordinate[count];
        var xyz = _xyz;
        if (_hasZ)
        {
            for (var i = 0; i < coordinates.Length; i++)
            {
                coordinates[i] = new CoordinateZ(xyz[3 * i], xyz[(3 * i) + 1], xyz[(3 * i) + 2]);
            }
        }
        else
        {
            for (var i = 0; i < coordinates.Length; i++)
            {
                coordinates[i] = new Coordinate(xyz[3 * i], xyz[(3 * i) + 1]);
            }
        }

        return _factory.CoordinateSequenceFactory.Create(coordinates);
    }

    private static ReadOnlyDictionary<string, JsonElement> ParsePropertiesCore(JsonElement element, long start)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!properties.TryAdd(property.Name, property.Value))
            {
                throw new StructureError(start, $"property \"{property.Name}\" appears twice in \"properties\"");
            }
        }

        return properties.AsReadOnly();
    }

    private ReadOnlyDictionary<string, JsonElement> ParseProperties(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyDictionary<string, JsonElement>.Empty;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(ref reader, $"\"properties\" must be an object or null, found {GeoJsonTypes.Describe(reader.TokenType)}");
        }

        var start = Offset(ref reader);

        // One small document per feature; its elements stay valid without disposing.
        return ParsePropertiesCore(JsonElement.ParseValue(ref reader), start);
    }

    private void CheckCrs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        var start = Offset(ref reader);
        string? name = null;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var crs = JsonElement.ParseValue(ref reader);
            if (crs.TryGetProperty("properties", out var properties)
                && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("name", out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                name = value.GetString();
            }
        }
        else
        {
            reader.Skip();
        }

        if (name is not null && Wgs84LongitudeLatitude.Contains(name))
        {
            return;
        }

        var declared = name is null ? "a CRS that is not named" : $"\"{name}\"";
        throw new StructureError(
            start,
            $"coordinates must be WGS 84 longitude/latitude (RFC 7946), but \"crs\" declares {declared}; reproject the file first (e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson)");
    }

    private GeoJsonType ReadType(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Error(ref reader, $"\"type\" must be a string, found {GeoJsonTypes.Describe(reader.TokenType)}");
        }

        var type = GeoJsonTypes.Recognise(ref reader);
        return type != GeoJsonType.None ? type : throw Error(ref reader, GeoJsonTypes.ExplainUnknown(reader.GetString()!));
    }

    private void ExpectArray(ref Utf8JsonReader reader, string what, GeoJsonType type)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return;
        }

        var hint = reader.TokenType == JsonTokenType.Number ? $": the coordinates are nested one level too shallow for a {type}" : "";
        throw Error(ref reader, $"{what} must be an array, found {GeoJsonTypes.Describe(reader.TokenType)}{hint}");
    }

    private string FormatPosition(int at) => double.IsNaN(_xyz[at + 2])
        ? string.Create(CultureInfo.InvariantCulture, $"[{_xyz[at]:R}, {_xyz[at + 1]:R}]")
        : string.Create(CultureInfo.InvariantCulture, $"[{_xyz[at]:R}, {_xyz[at + 1]:R}, {_xyz[at + 2]:R}]");

    private static string Positions(int count) => count == 1 ? "1 position" : string.Create(CultureInfo.InvariantCulture, $"{count} positions");

    private long Offset(ref Utf8JsonReader reader) => _base + reader.TokenStartIndex;

    private StructureError Error(ref Utf8JsonReader reader, string message) => new(Offset(ref reader), message);
}
