using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Boundaries;

/// <summary>
/// A boundary line walked from one end of its section to the other: its pieces joined in order, each
/// gap between consecutive pieces bridged by a straight segment that is flagged as a gap, never hidden.
/// </summary>
/// <remarks>Immutable once built; safe to share between threads.</remarks>
public sealed class SectionPath
{
    private readonly GeoPoint[] _vertices;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly bool[] _gapAfter;
    private readonly double[] _measure;
    private readonly Lazy<double[]> _geodesicMeasure;

    private SectionPath(GeoPoint[] vertices, bool[] gapAfter, PlanarFrame frame, IReadOnlyList<string> notes)
    {
        _vertices = vertices;
        _gapAfter = gapAfter;
        Frame = frame;
        Notes = notes;
        _x = new double[vertices.Length];
        _y = new double[vertices.Length];
        _measure = new double[vertices.Length];
        for (var i = 0; i < vertices.Length; i++)
        {
            (_x[i], _y[i]) = frame.ToPlane(vertices[i]);
            if (i > 0)
            {
                _measure[i] = _measure[i - 1] + Math.Sqrt(Square(_x[i] - _x[i - 1]) + Square(_y[i] - _y[i - 1]));
            }
        }

        _geodesicMeasure = new Lazy<double[]>(() =>
        {
            var measure = new double[_vertices.Length];
            for (var i = 1; i < _vertices.Length; i++)
            {
                measure[i] = measure[i - 1] + Frame.GeodesicDistance(_vertices[i - 1], _vertices[i]);
            }

            return measure;
        });
    }

    public PlanarFrame Frame { get; }

    /// <summary>What was done to walk the line (pieces reversed to follow the section's direction).</summary>
    public IReadOnlyList<string> Notes { get; }

    public IReadOnlyList<GeoPoint> Vertices => _vertices;

    public int SegmentCount => _vertices.Length - 1;

    /// <summary>Planar length of the walked path in the section's frame, gaps included.</summary>
    public double PlanarLength => _measure[^1];

    /// <summary>Whether segment <paramref name="segment"/> (from vertex i to i + 1) bridges a gap between pieces.</summary>
    public bool IsGap(int segment) => _gapAfter[segment];

    /// <summary>
    /// Walks <paramref name="line"/>: pieces are taken in the order given; a piece whose far end lies
    /// nearer the previous piece's end than its near end does is walked backwards (and a note says so).
    /// </summary>
    public static SectionPath Walk(MultiLineString line, PlanarFrame frame)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(frame);
        var vertices = new List<GeoPoint>();
        var gapAfter = new List<bool>();
        var notes = new List<string>();
        for (var p = 0; p < line.NumGeometries; p++)
        {
            var piece = ((LineString)line.GetGeometryN(p)).Coordinates.Select(c => new GeoPoint(c.Y, c.X)).ToList();
            if (piece.Count == 0)
            {
                continue;
            }

            if (vertices.Count > 0)
            {
                var end = vertices[^1];
                if (frame.GeodesicDistance(end, piece[^1]) < frame.GeodesicDistance(end, piece[0]))
                {
                    piece.Reverse();
                    notes.Add($"piece {p + 1} walked in reverse to follow the section's direction");
                }

                if (piece[0] == end)
                {
                    piece.RemoveAt(0);
                }
                else
                {
                    gapAfter[^1] = true;
                }
            }

            foreach (var vertex in piece)
            {
                if (vertices.Count > 0 && vertices[^1] == vertex && !gapAfter[^1])
                {
                    continue; // repeated vertex: a zero-length segment has no direction to cut on
                }

                vertices.Add(vertex);
                gapAfter.Add(false);
            }
        }

        if (vertices.Count < 2)
        {
            throw new ArgumentException("A line needs at least two distinct points to be walked.", nameof(line));
        }

        gapAfter.RemoveAt(gapAfter.Count - 1);
        return new SectionPath([.. vertices], [.. gapAfter], frame, notes);
    }

    /// <summary>The point of the path nearest to <paramref name="point"/> in the section's plane.</summary>
    public PathPosition Project(GeoPoint point)
    {
        var (px, py) = Frame.ToPlane(point);
        var best = new PathPosition(0, 0, 0, double.PositiveInfinity);
        for (var i = 0; i < SegmentCount; i++)
        {
            double dx = _x[i + 1] - _x[i], dy = _y[i + 1] - _y[i];
            var lengthSquared = (dx * dx) + (dy * dy);
            var t = lengthSquared == 0 ? 0 : Math.Clamp((((px - _x[i]) * dx) + ((py - _y[i]) * dy)) / lengthSquared, 0, 1);
            var distance = Math.Sqrt(Square(_x[i] + (t * dx) - px) + Square(_y[i] + (t * dy) - py));
            if (distance < best.Offset)
            {
                best = new PathPosition(i, t, _measure[i] + (t * Math.Sqrt(lengthSquared)), distance);
            }
        }

        return best;
    }

    /// <summary>
    /// Which side of the path a point lies on, walking in the section's direction, and how far from
    /// the path it is (planar metres in the section's frame).
    /// </summary>
    public (Side Side, double Offset) SideOf(GeoPoint point)
    {
        var position = Project(point);
        var (px, py) = Frame.ToPlane(point);
        var i = position.Segment;
        double dx = _x[i + 1] - _x[i], dy = _y[i + 1] - _y[i];
        var cross = (dx * (py - _y[i])) - (dy * (px - _x[i]));
        return (cross >= 0 ? Side.Left : Side.Right, position.Offset);
    }

    /// <summary>Geodesic length of the whole walked path, gaps included, in metres.</summary>
    public double GeodesicLength => _geodesicMeasure.Value[^1];

    /// <summary>The position reached after walking <paramref name="metres"/> (geodesic, gaps included) from the start.</summary>
    public PathPosition PositionAtDistance(double metres)
    {
        var measures = _geodesicMeasure.Value;
        if (metres <= 0)
        {
            return Start;
        }

        if (metres >= measures[^1])
        {
            return End;
        }

        var index = Array.BinarySearch(measures, metres);
        var segment = index >= 0 ? Math.Min(index, SegmentCount - 1) : ~index - 1;
        var segmentLength = measures[segment + 1] - measures[segment];
        var t = segmentLength == 0 ? 0 : (metres - measures[segment]) / segmentLength;
        return new PathPosition(segment, t, _measure[segment] + (t * (_measure[segment + 1] - _measure[segment])), 0);
    }

    /// <summary>How far (geodesic metres, gaps included) a position lies from the start: the inverse of <see cref="PositionAtDistance"/>.</summary>
    public double PositionMetres(PathPosition position)
    {
        var measures = _geodesicMeasure.Value;
        var i = position.Segment;
        return measures[i] + (position.Fraction * (measures[i + 1] - measures[i]));
    }

    /// <summary>The start of the path.</summary>
    public static PathPosition Start => new(0, 0, 0, 0);

    /// <summary>The end of the path.</summary>
    public PathPosition End => new(SegmentCount - 1, 1, PlanarLength, 0);

    /// <summary>
    /// The geographic point at a position: a vertex itself where the position is one, otherwise the
    /// point of the segment in the section's plane, brought back to the ellipsoid.
    /// </summary>
    public GeoPoint PointAt(PathPosition position)
    {
        var i = position.Segment;
        if (position.Fraction <= 0)
        {
            return _vertices[i];
        }

        if (position.Fraction >= 1)
        {
            return _vertices[i + 1];
        }

        return Frame.FromPlane(
            _x[i] + (position.Fraction * (_x[i + 1] - _x[i])),
            _y[i] + (position.Fraction * (_y[i + 1] - _y[i])));
    }

    /// <summary>The stretch of the path between two positions, split into walked parts and gap parts.</summary>
    public PathStretch Extract(PathPosition from, PathPosition to)
    {
        if (to.Measure < from.Measure)
        {
            throw new ArgumentException("The stretch must run in the section's direction.", nameof(to));
        }

        var parts = new List<PathPart>();
        var current = new List<GeoPoint> { PointAt(from) };
        var currentIsGap = _gapAfter[from.Segment];
        for (var segment = from.Segment; segment <= to.Segment; segment++)
        {
            if (_gapAfter[segment] != currentIsGap)
            {
                Close(parts, current, currentIsGap, Frame);
                current = [current[^1]];
                currentIsGap = _gapAfter[segment];
            }

            var end = segment == to.Segment ? PointAt(to) : _vertices[segment + 1];
            if (end != current[^1])
            {
                current.Add(end);
            }
        }

        Close(parts, current, currentIsGap, Frame);
        return new PathStretch(parts);

        static void Close(List<PathPart> parts, List<GeoPoint> points, bool isGap, PlanarFrame frame)
        {
            if (points.Count < 2)
            {
                return;
            }

            var length = 0.0;
            for (var i = 1; i < points.Count; i++)
            {
                length += frame.GeodesicDistance(points[i - 1], points[i]);
            }

            parts.Add(new PathPart([.. points], isGap, length));
        }
    }

    private static double Square(double value) => value * value;
}

/// <summary>
/// A place on a walked path: the segment, the fraction along it, the planar distance from the path's
/// start, and how far the projected point was from the path.
/// </summary>
public readonly record struct PathPosition(int Segment, double Fraction, double Measure, double Offset);

/// <summary>A run of consecutive points of a walked path, either along the line or across a gap.</summary>
public sealed record PathPart(IReadOnlyList<GeoPoint> Points, bool IsGap, double GeodesicLength);

/// <summary>A stretch of a walked path, in parts, with its geodesic length split into line and gaps.</summary>
public sealed record PathStretch(IReadOnlyList<PathPart> Parts)
{
    /// <summary>Geodesic length along the line itself, gaps excluded, in metres.</summary>
    public double LineLength => Parts.Where(p => !p.IsGap).Sum(p => p.GeodesicLength);

    /// <summary>Geodesic length of the bridged gaps, in metres.</summary>
    public double GapLength => Parts.Where(p => p.IsGap).Sum(p => p.GeodesicLength);

    public double TotalLength => LineLength + GapLength;

    /// <summary>The stretch as a geometry (x = longitude), gap parts included as their own pieces.</summary>
    public MultiLineString ToGeometry(GeometryFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.CreateMultiLineString(
            [.. Parts.Select(p => factory.CreateLineString([.. p.Points.Select(g => new Coordinate(g.Longitude, g.Latitude))]))]);
    }
}
