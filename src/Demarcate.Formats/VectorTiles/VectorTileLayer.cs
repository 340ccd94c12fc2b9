using Demarcate.Core.Tiles;
using Google.Protobuf;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Simplify;

namespace Demarcate.Formats.VectorTiles;

/// <summary>
/// One layer of a <see cref="VectorTile"/> (lines, sectors, settlements …): features projected onto the tile's grid,
/// simplified, clipped to the tile and its buffer, and encoded as geometry commands, with their attributes in the
/// layer's key and value tables.
/// </summary>
/// <remarks>Not thread-safe. Features outside the tile and its buffer, or that shrink to nothing on the grid, are not kept.</remarks>
public sealed class VectorTileLayer
{
    private const uint MoveTo = 1;
    private const uint LineTo = 2;
    private const uint ClosePath = 7;

    private readonly Dictionary<string, int> keys = new(StringComparer.Ordinal);
    private readonly Dictionary<TileValue, int> values = [];
    private readonly List<Feature> features = [];

    // Tags and geometry commands of all features, end to end; each feature records its slice.
    private readonly List<uint> words = [];
    private readonly List<(long X, long Y)> scratch = [];

    private readonly double west;
    private readonly double north;
    private readonly double scale;
    private readonly double low;
    private readonly double high;
    private readonly Envelope clip;
    private readonly VectorTileOptions options;

    internal VectorTileLayer(string name, TileId tile, VectorTileOptions options)
    {
        Name = name;
        this.options = options;
        var bounds = tile.Bounds;
        (west, north) = (bounds.West, bounds.North);
        scale = options.Extent / bounds.Width;
        (low, high) = (-options.Buffer, options.Extent + options.Buffer);
        clip = new Envelope(low, high, low, high);
    }

    public string Name { get; }

    public int FeatureCount => features.Count;

    /// <summary>
    /// Adds a point given in Web Mercator metres; false (and nothing kept) when it lies outside the tile and its buffer.
    /// The fast path for large point layers, which need no geometry objects.
    /// </summary>
    public bool AddPoint(double mercatorX, double mercatorY, IReadOnlyList<KeyValuePair<string, TileValue>> properties, ulong? id = null)
    {
        ArgumentNullException.ThrowIfNull(properties);
        // Snapped to the grid first, then kept if on the tile or its buffer, edges included: PostGIS's rule too.
        var x = Round((mercatorX - west) * scale);
        var y = Round((north - mercatorY) * scale);
        if (!(x >= low && x <= high && y >= low && y <= high))
        {
            return false;
        }

        var start = words.Count;
        var tags = WriteTags(properties);
        var geometryStart = words.Count;
        words.Add(Command(MoveTo, 1));
        words.Add(ZigZag(x));
        words.Add(ZigZag(y));
        Keep(id, GeometryType.Point, start, tags, geometryStart);
        return true;
    }

    /// <summary>
    /// Adds a feature whose geometry is on WGS 84 (x = longitude, y = latitude): points, lines and polygons, single or
    /// multi (a collection adds its parts of the highest dimension). False when nothing of it is left on the tile.
    /// </summary>
    public bool AddFeature(Geometry geometry, IReadOnlyList<KeyValuePair<string, TileValue>> properties, ulong? id = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(properties);
        if (geometry.IsEmpty)
        {
            return false;
        }

        var onGrid = geometry.Copy();
        onGrid.Apply(new ToTileGrid(this));
        onGrid.GeometryChanged();
        if (!clip.Intersects(onGrid.EnvelopeInternal))
        {
            return false;
        }

        var dimension = Dimension.Point;
        for (var i = 0; i < onGrid.NumGeometries; i++)
        {
            if (onGrid.GetGeometryN(i).Dimension > dimension)
            {
                dimension = onGrid.GetGeometryN(i).Dimension;
            }
        }

        var start = words.Count;
        var tags = WriteTags(properties);
        var geometryStart = words.Count;
        var written = dimension switch
        {
            Dimension.Point => WritePoints(onGrid),
            Dimension.Curve => WriteLines(Prepare(onGrid)),
            _ => WritePolygons(Prepare(onGrid)),
        };
        if (!written)
        {
            words.RemoveRange(start, words.Count - start);
            return false;
        }

        Keep(id, dimension switch { Dimension.Point => GeometryType.Point, Dimension.Curve => GeometryType.LineString, _ => GeometryType.Polygon }, start, tags, geometryStart);
        return true;
    }

    /// <summary>Simplifies on the grid, then clips to the tile and its buffer (simplifying first keeps the clip's work small).</summary>
    private Geometry Prepare(Geometry onGrid)
    {
        var simplified = options.Tolerance > 0 ? DouglasPeuckerSimplifier.Simplify(onGrid, options.Tolerance) : onGrid;
        if (clip.Contains(simplified.EnvelopeInternal))
        {
            return simplified;
        }

        if (simplified.Dimension == Dimension.Surface && !simplified.IsValid)
        {
            // Douglas–Peucker may fold a thin polygon onto itself; the overlay needs a valid one.
            simplified = GeometryFixer.Fix(simplified);
        }

        return simplified.Intersection(simplified.Factory.ToGeometry(clip));
    }

    private bool WritePoints(Geometry onGrid)
    {
        scratch.Clear();
        for (var i = 0; i < onGrid.NumGeometries; i++)
        {
            if (onGrid.GetGeometryN(i) is Point { IsEmpty: false } point && (Round(point.X), Round(point.Y)) is var (x, y) && x >= low && x <= high && y >= low && y <= high)
            {
                scratch.Add((x, y));
            }
        }

        if (scratch.Count == 0)
        {
            return false;
        }

        words.Add(Command(MoveTo, scratch.Count));
        var (cx, cy) = (0L, 0L);
        foreach (var (x, y) in scratch)
        {
            words.Add(ZigZag(x - cx));
            words.Add(ZigZag(y - cy));
            (cx, cy) = (x, y);
        }

        return true;
    }

    private bool WriteLines(Geometry clipped)
    {
        var cursor = (X: 0L, Y: 0L);
        var any = false;
        foreach (var line in Parts<LineString>(clipped))
        {
            OnGrid(line.CoordinateSequence, closed: false);
            if (scratch.Count < 2)
            {
                continue;
            }

            cursor = WritePath(scratch, cursor, close: false);
            any = true;
        }

        return any;
    }

    private bool WritePolygons(Geometry clipped)
    {
        var cursor = (X: 0L, Y: 0L);
        var any = false;
        foreach (var polygon in Parts<Polygon>(clipped))
        {
            // A polygon whose exterior collapses on the grid is dropped with its holes.
            if (!Ring(polygon.ExteriorRing, exterior: true))
            {
                continue;
            }

            cursor = WritePath(scratch, cursor, close: true);
            any = true;
            foreach (var hole in polygon.InteriorRings)
            {
                if (Ring(hole, exterior: false))
                {
                    cursor = WritePath(scratch, cursor, close: true);
                }
            }
        }

        return any;
    }

    /// <summary>
    /// The ring on the grid in <see cref="scratch"/> without its closing point, turned so that an exterior ring has
    /// positive area by the surveyor's formula in tile coordinates (y down: clockwise on screen) and a hole negative,
    /// as the specification requires; false when it has no area left.
    /// </summary>
    private bool Ring(LineString ring, bool exterior)
    {
        OnGrid(ring.CoordinateSequence, closed: true);
        if (scratch.Count < 3)
        {
            return false;
        }

        long twiceArea = 0;
        for (var i = 0; i < scratch.Count; i++)
        {
            var (a, b) = (scratch[i], scratch[(i + 1) % scratch.Count]);
            twiceArea += (a.X * b.Y) - (b.X * a.Y);
        }

        if (twiceArea == 0)
        {
            return false;
        }

        if (twiceArea > 0 != exterior)
        {
            scratch.Reverse();
        }

        return true;
    }

    /// <summary>The sequence rounded to the grid into <see cref="scratch"/>, repeated points dropped (and a ring's closing point).</summary>
    private void OnGrid(CoordinateSequence sequence, bool closed)
    {
        scratch.Clear();
        for (var i = 0; i < sequence.Count; i++)
        {
            var point = (Round(sequence.GetX(i)), Round(sequence.GetY(i)));
            if (scratch.Count == 0 || scratch[^1] != point)
            {
                scratch.Add(point);
            }
        }

        if (closed && scratch.Count > 1 && scratch[0] == scratch[^1])
        {
            scratch.RemoveAt(scratch.Count - 1);
        }
    }

    private (long X, long Y) WritePath(List<(long X, long Y)> path, (long X, long Y) cursor, bool close)
    {
        words.Add(Command(MoveTo, 1));
        words.Add(ZigZag(path[0].X - cursor.X));
        words.Add(ZigZag(path[0].Y - cursor.Y));
        words.Add(Command(LineTo, path.Count - 1));
        for (var i = 1; i < path.Count; i++)
        {
            words.Add(ZigZag(path[i].X - path[i - 1].X));
            words.Add(ZigZag(path[i].Y - path[i - 1].Y));
        }

        if (close)
        {
            words.Add(Command(ClosePath, 1));
        }

        return path[^1];
    }

    private static IEnumerable<T> Parts<T>(Geometry geometry)
        where T : Geometry
    {
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var part = geometry.GetGeometryN(i);
            if (part is T { IsEmpty: false } wanted)
            {
                yield return wanted;
            }
            else if (part is GeometryCollection && !ReferenceEquals(part, geometry))
            {
                foreach (var inner in Parts<T>(part))
                {
                    yield return inner;
                }
            }
        }
    }

    private int WriteTags(IReadOnlyList<KeyValuePair<string, TileValue>> properties)
    {
        foreach (var (key, value) in properties)
        {
            if (!keys.TryGetValue(key, out var k))
            {
                k = keys.Count;
                keys.Add(key, k);
            }

            if (!values.TryGetValue(value, out var v))
            {
                v = values.Count;
                values.Add(value, v);
            }

            words.Add((uint)k);
            words.Add((uint)v);
        }

        return properties.Count * 2;
    }

    private void Keep(ulong? id, GeometryType type, int start, int tagCount, int geometryStart)
    {
        var tagBytes = PackedSize(start, tagCount);
        var geometryBytes = PackedSize(geometryStart, words.Count - geometryStart);
        var size = (id is { } i ? 1 + CodedOutputStream.ComputeUInt64Size(i) : 0)
            + (tagCount > 0 ? 1 + CodedOutputStream.ComputeLengthSize(tagBytes) + tagBytes : 0)
            + 1 + CodedOutputStream.ComputeEnumSize((int)type)
            + 1 + CodedOutputStream.ComputeLengthSize(geometryBytes) + geometryBytes;
        features.Add(new Feature(id, type, start, tagCount, geometryStart, words.Count - geometryStart, tagBytes, geometryBytes, size));
    }

    private int PackedSize(int start, int count)
    {
        var size = 0;
        for (var i = start; i < start + count; i++)
        {
            size += CodedOutputStream.ComputeUInt32Size(words[i]);
        }

        return size;
    }

    internal int ComputeSize()
    {
        var size = 1 + CodedOutputStream.ComputeStringSize(Name)
            + 1 + CodedOutputStream.ComputeUInt32Size((uint)options.Extent)
            + 1 + CodedOutputStream.ComputeUInt32Size(2);
        foreach (var feature in features)
        {
            size += 1 + CodedOutputStream.ComputeLengthSize(feature.Size) + feature.Size;
        }

        foreach (var key in keys.Keys)
        {
            size += 1 + CodedOutputStream.ComputeStringSize(key);
        }

        foreach (var value in values.Keys)
        {
            var valueSize = ValueSize(value);
            size += 1 + CodedOutputStream.ComputeLengthSize(valueSize) + valueSize;
        }

        return size;
    }

    internal void WriteTo(CodedOutputStream output)
    {
        output.WriteTag(15, WireFormat.WireType.Varint);
        output.WriteUInt32(2);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(Name);
        foreach (var feature in features)
        {
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteLength(feature.Size);
            if (feature.Id is { } id)
            {
                output.WriteTag(1, WireFormat.WireType.Varint);
                output.WriteUInt64(id);
            }

            if (feature.TagCount > 0)
            {
                WritePacked(output, 2, feature.TagStart, feature.TagCount, feature.TagBytes);
            }

            output.WriteTag(3, WireFormat.WireType.Varint);
            output.WriteEnum((int)feature.Type);
            WritePacked(output, 4, feature.GeometryStart, feature.GeometryCount, feature.GeometryBytes);
        }

        // Dictionaries enumerate in insertion order while nothing is removed, which is the order of the indices.
        foreach (var key in keys.Keys)
        {
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteString(key);
        }

        foreach (var value in values.Keys)
        {
            output.WriteTag(4, WireFormat.WireType.LengthDelimited);
            output.WriteLength(ValueSize(value));
            switch (value.Kind)
            {
                case TileValueKind.Text:
                    output.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    output.WriteString(value.Text);
                    break;
                case TileValueKind.Real:
                    output.WriteTag(3, WireFormat.WireType.Fixed64);
                    output.WriteDouble(value.Real);
                    break;
                case TileValueKind.Boolean:
                    output.WriteTag(7, WireFormat.WireType.Varint);
                    output.WriteBool(value.Number != 0);
                    break;
                case TileValueKind.Whole when value.Number >= 0:
                    output.WriteTag(5, WireFormat.WireType.Varint);
                    output.WriteUInt64((ulong)value.Number);
                    break;
                default:
                    output.WriteTag(6, WireFormat.WireType.Varint);
                    output.WriteSInt64(value.Number);
                    break;
            }
        }

        output.WriteTag(5, WireFormat.WireType.Varint);
        output.WriteUInt32((uint)options.Extent);
    }

    private void WritePacked(CodedOutputStream output, int field, int start, int count, int bytes)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(bytes);
        for (var i = start; i < start + count; i++)
        {
            output.WriteUInt32(words[i]);
        }
    }

    private static int ValueSize(TileValue value) => 1 + value.Kind switch
    {
        TileValueKind.Text => CodedOutputStream.ComputeStringSize(value.Text),
        TileValueKind.Real => 8,
        TileValueKind.Boolean => 1,
        _ when value.Number >= 0 => CodedOutputStream.ComputeUInt64Size((ulong)value.Number),
        _ => CodedOutputStream.ComputeSInt64Size(value.Number),
    };

    private static uint Command(uint id, int count) => (id & 0x7) | ((uint)count << 3);

    // Zigzag keeps small negative offsets small on the wire: 0, -1, 1, -2 … become 0, 1, 2, 3 …
    private static uint ZigZag(long n) => (uint)((n << 1) ^ (n >> 63));

    // Half to even, as PostGIS's grid snapping (rint) does, so that both put a point in the same cell.
    private static long Round(double v) => (long)Math.Round(v, MidpointRounding.ToEven);

    private enum GeometryType
    {
        Point = 1,
        LineString = 2,
        Polygon = 3,
    }

    private readonly record struct Feature(
        ulong? Id, GeometryType Type, int TagStart, int TagCount, int GeometryStart, int GeometryCount, int TagBytes, int GeometryBytes, int Size);

    /// <summary>Longitude and latitude to this tile's grid (still unrounded, so that clipping and simplifying see the true shape).</summary>
    private sealed class ToTileGrid(VectorTileLayer layer) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, (WebMercator.X(seq.GetX(i)) - layer.west) * layer.scale);
                seq.SetY(i, (layer.north - WebMercator.Y(seq.GetY(i))) * layer.scale);
            }
        }
    }
}
