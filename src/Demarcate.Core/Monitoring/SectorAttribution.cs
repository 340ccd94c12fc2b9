using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Monitoring;

/// <summary>
/// Attributes incidents to sectors of a line: the nearest sector, the distance to the line and the side (whose
/// territory). Nearness is decided in the plane of one UTM zone (a conformal plane, as every planar analysis of a
/// section is made); the distance reported is the geodesic from the incident to that nearest point.
/// </summary>
/// <remarks>
/// Immutable and thread-safe once built. The segments of all sectors are packed, in walking order, into boxes of
/// eight consecutive segments, boxes of eight boxes and so on (a boundary stays near itself, so consecutive segments
/// make tight boxes without sorting); a search descends nearest box first and allocates nothing.
/// </remarks>
public sealed class SectorAttribution
{
    private const int Fanout = 8;
    private const int ChunkSize = 4096;

    // Sector ends closer than this (plane metres) are one vertex of the line: the side there follows the bend.
    private const double JoinMetres = 0.001;

    // Grid distance differs from the geodesic by the scale factor (0.9996 on the central meridian, about 1.001 at the
    // zone edge): the search reaches this much farther in the plane so that no candidate within the geodesic limit is lost.
    private const double PlaneReach = 1.01;

    private readonly TransverseMercator _projection;
    private readonly AttributionSector[] _sectors;

    // Segment s runs from (_ends[4s], _ends[4s+1]) to (_ends[4s+2], _ends[4s+3]) in the plane.
    private readonly double[] _ends;
    private readonly int[] _sectorOf;

    // The segment before / after segment s through its shared vertex, −1 at a free end of the line.
    private readonly int[] _before;
    private readonly int[] _after;
    private readonly double[][] _levels;
    private readonly double _maxDistance;
    private readonly double _searchSquared;
    private readonly double _onLine;

    public SectorAttribution(IReadOnlyList<AttributionSector> sectors, AttributionOptions options)
    {
        ArgumentNullException.ThrowIfNull(sectors);
        ArgumentNullException.ThrowIfNull(options);
        if (sectors.Count == 0)
        {
            throw new ArgumentException("Attribution needs at least one sector.", nameof(sectors));
        }

        _sectors = [.. sectors];
        foreach (var sector in _sectors)
        {
            ArgumentNullException.ThrowIfNull(sector, nameof(sectors));
            if (sector.Line is null || sector.Line.Count < 2)
            {
                throw new ArgumentException($"Sector {sector.SectorId} needs a line of at least two points.", nameof(sectors));
            }
        }

        Zone = options.UtmZone ?? Utm.Zone(_sectors[0].Line[0].Longitude);
        _projection = Utm.Projection(Zone);
        _maxDistance = options.MaxDistanceMetres;
        var reach = (options.MaxDistanceMetres * PlaneReach) + 1;
        _searchSquared = reach * reach;
        _onLine = options.OnLineMetres;

        var ends = new List<double>();
        var sectorOf = new List<int>();
        var firstOf = new int[_sectors.Length];
        var lastOf = new int[_sectors.Length];
        for (var k = 0; k < _sectors.Length; k++)
        {
            firstOf[k] = sectorOf.Count;
            var line = _sectors[k].Line;
            var (x0, y0) = ToPlane(line[0]);
            for (var i = 1; i < line.Count; i++)
            {
                var (x1, y1) = ToPlane(line[i]);
                if (x1 == x0 && y1 == y0)
                {
                    continue;
                }

                ends.AddRange([x0, y0, x1, y1]);
                sectorOf.Add(k);
                (x0, y0) = (x1, y1);
            }

            if (sectorOf.Count == firstOf[k])
            {
                throw new ArgumentException($"Sector {_sectors[k].SectorId} has no length: all its points coincide.", nameof(sectors));
            }

            lastOf[k] = sectorOf.Count - 1;
        }

        _ends = [.. ends];
        _sectorOf = [.. sectorOf];
        var count = _sectorOf.Length;
        _before = new int[count];
        _after = new int[count];
        for (var s = 0; s < count; s++)
        {
            _before[s] = s > 0 && _sectorOf[s - 1] == _sectorOf[s] ? s - 1 : -1;
            _after[s] = s < count - 1 && _sectorOf[s + 1] == _sectorOf[s] ? s + 1 : -1;
        }

        // A sector that ends where another begins continues the line through that vertex.
        for (var k = 0; k < _sectors.Length; k++)
        {
            var last = lastOf[k];
            for (var j = 0; j < _sectors.Length; j++)
            {
                var first = firstOf[j];
                if (j != k && _before[first] < 0
                    && Math.Abs(_ends[(4 * last) + 2] - _ends[4 * first]) <= JoinMetres
                    && Math.Abs(_ends[(4 * last) + 3] - _ends[(4 * first) + 1]) <= JoinMetres)
                {
                    _after[last] = first;
                    _before[first] = last;
                    break;
                }
            }
        }

        _levels = BuildLevels();
    }

    /// <summary>The UTM zone (northern) whose plane decides nearness.</summary>
    public int Zone { get; }

    public IReadOnlyList<AttributionSector> Sectors => _sectors;

    /// <summary>The nearest sector, the distance to the line and the side of one incident.</summary>
    public IncidentPlacement Place(GeoPoint incident)
    {
        var grid = _projection.Forward(incident.Latitude, incident.Longitude);
        var (px, py) = (grid.Easting, grid.Northing);
        var search = new Search(px, py, _searchSquared);
        var top = _levels.Length - 1;
        VisitChildren(ref search, top + 1, 0, _levels[top].Length / 4);
        if (search.Segment < 0)
        {
            return IncidentPlacement.Unattributed;
        }

        var s = search.Segment;
        var plane = Math.Sqrt(search.Squared);
        var foot = _projection.Reverse(search.FootX, search.FootY);
        var distance = plane <= _onLine ? plane : Geodesic.Wgs84.Distance(incident, foot);
        if (distance > _maxDistance)
        {
            return IncidentPlacement.Unattributed;
        }

        var sector = _sectors[_sectorOf[s]];
        var side = plane <= _onLine ? null : SideOf(s, search.At, px, py);
        return new IncidentPlacement(_sectorOf[s], distance, side switch
        {
            Side.Left => sector.LeftParty,
            Side.Right => sector.RightParty,
            _ => null,
        })
        {
            PlaneDistanceMetres = plane,
            NearestPoint = foot,
            SideOfLine = side,
        };
    }

    /// <summary>
    /// Places every incident, <paramref name="placements"/>[i] receiving the placement of <paramref name="incidents"/>[i],
    /// in chunks spread over all cores. Memory rather than spans, because the chunks run on other threads.
    /// </summary>
    public void PlaceAll(ReadOnlyMemory<GeoPoint> incidents, Memory<IncidentPlacement> placements)
    {
        if (placements.Length < incidents.Length)
        {
            throw new ArgumentException("There must be a placement for every incident.", nameof(placements));
        }

        var chunks = (incidents.Length + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, chunk =>
        {
            var first = chunk * ChunkSize;
            var length = Math.Min(ChunkSize, incidents.Length - first);
            PlaceOnOneCore(incidents.Span.Slice(first, length), placements.Span.Slice(first, length));
        });
    }

    /// <summary>Places every incident on the calling thread (named apart so that arrays never pick it by accident).</summary>
    public void PlaceOnOneCore(ReadOnlySpan<GeoPoint> incidents, Span<IncidentPlacement> placements)
    {
        if (placements.Length < incidents.Length)
        {
            throw new ArgumentException("There must be a placement for every incident.", nameof(placements));
        }

        for (var i = 0; i < incidents.Length; i++)
        {
            placements[i] = Place(incidents[i]);
        }
    }

    private (double X, double Y) ToPlane(GeoPoint point)
    {
        var grid = _projection.Forward(point.Latitude, point.Longitude);
        return (grid.Easting, grid.Northing);
    }

    private double[][] BuildLevels()
    {
        var segments = _sectorOf.Length;
        var leaves = new double[((segments + Fanout - 1) / Fanout) * 4];
        for (var leaf = 0; leaf < leaves.Length / 4; leaf++)
        {
            double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
            for (var s = leaf * Fanout; s < Math.Min((leaf + 1) * Fanout, segments); s++)
            {
                minX = Math.Min(minX, Math.Min(_ends[4 * s], _ends[(4 * s) + 2]));
                minY = Math.Min(minY, Math.Min(_ends[(4 * s) + 1], _ends[(4 * s) + 3]));
                maxX = Math.Max(maxX, Math.Max(_ends[4 * s], _ends[(4 * s) + 2]));
                maxY = Math.Max(maxY, Math.Max(_ends[(4 * s) + 1], _ends[(4 * s) + 3]));
            }

            (leaves[4 * leaf], leaves[(4 * leaf) + 1], leaves[(4 * leaf) + 2], leaves[(4 * leaf) + 3]) = (minX, minY, maxX, maxY);
        }

        var levels = new List<double[]> { leaves };
        while (levels[^1].Length / 4 > Fanout)
        {
            var below = levels[^1];
            var count = below.Length / 4;
            var level = new double[((count + Fanout - 1) / Fanout) * 4];
            for (var node = 0; node < level.Length / 4; node++)
            {
                double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
                for (var c = node * Fanout; c < Math.Min((node + 1) * Fanout, count); c++)
                {
                    minX = Math.Min(minX, below[4 * c]);
                    minY = Math.Min(minY, below[(4 * c) + 1]);
                    maxX = Math.Max(maxX, below[(4 * c) + 2]);
                    maxY = Math.Max(maxY, below[(4 * c) + 3]);
                }

                (level[4 * node], level[(4 * node) + 1], level[(4 * node) + 2], level[(4 * node) + 3]) = (minX, minY, maxX, maxY);
            }

            levels.Add(level);
        }

        return [.. levels];
    }

    /// <summary>
    /// Visits the children <paramref name="first"/>..<paramref name="end"/> of a node of <paramref name="level"/>
    /// (level 0 holds segments), nearest box first. A box exactly as far as the best so far is still entered, so that
    /// of two equally near segments the one of the lower sector wins whatever the order of the boxes.
    /// </summary>
    private void VisitChildren(ref Search search, int level, int first, int end)
    {
        if (level == 0)
        {
            for (var s = first; s < end; s++)
            {
                search.Consider(_ends, s, _sectorOf[s]);
            }

            return;
        }

        var boxes = _levels[level - 1];
        Span<double> near = stackalloc double[Fanout];
        Span<int> order = stackalloc int[Fanout];
        var n = 0;
        for (var c = first; c < end; c++)
        {
            var dx = Math.Max(Math.Max(boxes[4 * c] - search.X, search.X - boxes[(4 * c) + 2]), 0);
            var dy = Math.Max(Math.Max(boxes[(4 * c) + 1] - search.Y, search.Y - boxes[(4 * c) + 3]), 0);
            var d = (dx * dx) + (dy * dy);
            if (d > search.Squared)
            {
                continue;
            }

            // Insertion sort: at most eight children.
            var at = n++;
            while (at > 0 && near[at - 1] > d)
            {
                near[at] = near[at - 1];
                order[at] = order[at - 1];
                at--;
            }

            near[at] = d;
            order[at] = c;
        }

        var below = level == 1 ? _sectorOf.Length : _levels[level - 2].Length / 4;
        for (var i = 0; i < n && near[i] <= search.Squared; i++)
        {
            var child = order[i];
            VisitChildren(ref search, level - 1, child * Fanout, Math.Min((child + 1) * Fanout, below));
        }
    }

    /// <summary>
    /// The side of the directed line a point is on, given its nearest segment and where on it the foot falls
    /// (−1 at the start vertex, +1 at the end vertex, 0 inside). At a vertex the two segments meeting there decide:
    /// where the line bends left, the left is the wedge left of both; where it bends right, left of either. So a
    /// point in the outer angle of a bend gets the side it is on, not the side of one segment's extension.
    /// </summary>
    private Side? SideOf(int s, int at, double px, double py)
    {
        var (ax, ay, bx, by) = (_ends[4 * s], _ends[(4 * s) + 1], _ends[(4 * s) + 2], _ends[(4 * s) + 3]);
        var (dx, dy) = (bx - ax, by - ay);
        var neighbour = at < 0 ? _before[s] : at > 0 ? _after[s] : -1;
        if (neighbour < 0)
        {
            return Sign(Cross(dx, dy, px - ax, py - ay));
        }

        var (nx, ny) = (_ends[(4 * neighbour) + 2] - _ends[4 * neighbour], _ends[(4 * neighbour) + 3] - _ends[(4 * neighbour) + 1]);
        var (inX, inY, outX, outY) = at < 0 ? (nx, ny, dx, dy) : (dx, dy, nx, ny);
        var (vx, vy) = at < 0 ? (ax, ay) : (bx, by);
        var before = Cross(inX, inY, px - vx, py - vy);
        var after = Cross(outX, outY, px - vx, py - vy);
        var turn = Cross(inX, inY, outX, outY);
        if (turn > 0)
        {
            return before > 0 && after > 0 ? Side.Left : before == 0 && after == 0 ? null : Side.Right;
        }

        if (turn < 0)
        {
            return before > 0 || after > 0 ? Side.Left : before == 0 && after == 0 ? null : Side.Right;
        }

        return Sign(before != 0 ? before : after);
    }

    private static double Cross(double ax, double ay, double bx, double by) => (ax * by) - (ay * bx);

    private static Side? Sign(double cross) => cross > 0 ? Side.Left : cross < 0 ? Side.Right : null;

    private struct Search(double x, double y, double reachSquared)
    {
        public readonly double X = x;
        public readonly double Y = y;
        public double Squared = reachSquared;
        public int Segment = -1;
        public int Sector = int.MaxValue;

        /// <summary>Where the foot falls on the segment: −1 its start, +1 its end, 0 between.</summary>
        public int At;
        public double FootX;
        public double FootY;

        public void Consider(double[] ends, int s, int sector)
        {
            double ax = ends[4 * s], ay = ends[(4 * s) + 1], bx = ends[(4 * s) + 2], by = ends[(4 * s) + 3];
            double dx = bx - ax, dy = by - ay;
            var along = ((X - ax) * dx) + ((Y - ay) * dy);
            double fx, fy;
            int at;

            // The ends themselves, not a + 1·d, so that a vertex shared by two segments is equally near from both.
            if (along <= 0)
            {
                (fx, fy, at) = (ax, ay, -1);
            }
            else if (along >= (dx * dx) + (dy * dy))
            {
                (fx, fy, at) = (bx, by, 1);
            }
            else
            {
                var t = along / ((dx * dx) + (dy * dy));
                (fx, fy, at) = (ax + (t * dx), ay + (t * dy), 0);
            }

            var ex = fx - X;
            var ey = fy - Y;
            var d = (ex * ex) + (ey * ey);
            if (d < Squared || (d == Squared && Segment >= 0 && sector < Sector))
            {
                Squared = d;
                Segment = s;
                Sector = sector;
                At = at;
                FootX = fx;
                FootY = fy;
            }
        }
    }
}
