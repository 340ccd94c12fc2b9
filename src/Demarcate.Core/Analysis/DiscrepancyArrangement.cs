using System.Runtime.InteropServices;

namespace Demarcate.Core.Analysis;

/// <summary>Which part of the closed figure an edge of a <see cref="DiscrepancyArrangement"/> lies on.</summary>
public enum EdgeOrigin : byte
{
    /// <summary>Line A, walked in its own direction.</summary>
    LineA,

    /// <summary>Line B (the figure walks it backwards).</summary>
    LineB,

    /// <summary>The segment joining the ends of the two lines (end of A to end of B).</summary>
    EndClosure,

    /// <summary>The segment joining the starts of the two lines (start of B to start of A).</summary>
    StartClosure,
}

/// <summary>
/// The planar faces enclosed between two lines: the arrangement of line A, line B and the two segments
/// joining their starts and their ends, fully noded, with every bounded face and its area. This is the
/// plane part of a line comparison; <see cref="LineComparison"/> adds the ellipsoid, sides and widths.
/// </summary>
/// <remarks>
/// Both lines and the two closing segments form one closed curve A, end→end, B reversed, start→start, so
/// the graph is connected and every face is a simple cycle without holes (what PostGIS's
/// ST_Polygonize gives for the noded union of the same segments). Intersections are found between
/// x-and-y-monotone chains, whose envelopes come from their end points alone, by halving the chains until
/// single segments meet; faces are traced once round the half-edges. Everything is linear in the input
/// except the chain sweep, which is quadratic only in the number of chains. Immutable once built.
/// </remarks>
public sealed class DiscrepancyArrangement
{
    private readonly double[] _nodeX;
    private readonly double[] _nodeY;
    private readonly int[] _edgeFrom;
    private readonly int[] _edgeTo;
    private readonly int[] _edgeSegment;
    private readonly double[] _edgeParamFrom;
    private readonly double[] _edgeParamTo;
    private readonly bool[] _edgeShared;
    private readonly int[] _next;
    private readonly int[] _faceStart;
    private readonly int[] _faceLength;
    private readonly double[] _faceArea;
    private readonly int _aVertices;
    private readonly int _ringVertices;

    private DiscrepancyArrangement(Builder b)
    {
        _nodeX = b.NodeX;
        _nodeY = b.NodeY;
        _edgeFrom = b.EdgeFrom;
        _edgeTo = b.EdgeTo;
        _edgeSegment = b.EdgeSegment;
        _edgeParamFrom = b.EdgeParamFrom;
        _edgeParamTo = b.EdgeParamTo;
        _edgeShared = b.EdgeShared;
        _next = b.Next;
        _faceStart = b.FaceStart;
        _faceLength = b.FaceLength;
        _faceArea = b.FaceArea;
        _aVertices = b.AVertices;
        _ringVertices = b.RingVertices;
        OriginX = b.OriginX;
        OriginY = b.OriginY;
        IntersectionCount = b.IntersectionCount;
        ARingIndex = b.ARingIndex;
        BRingIndex = b.BRingIndex;
    }

    /// <summary>Number of bounded faces (discrepancy polygons).</summary>
    public int FaceCount => _faceStart.Length;

    /// <summary>How many points where segments met or crossed were found while noding.</summary>
    public int IntersectionCount { get; }

    /// <summary>All coordinates are kept relative to this point (line A's start) so that areas keep their precision.</summary>
    public double OriginX { get; }

    public double OriginY { get; }

    /// <summary>For each kept vertex of the closed figure that came from A, its index in the input A (the rest are B's).</summary>
    internal int[] ARingIndex { get; }

    internal int[] BRingIndex { get; }

    /// <summary>Planar area of face <paramref name="face"/> (always positive).</summary>
    public double Area(int face) => _faceArea[face];

    /// <summary>Sum of the areas of all faces.</summary>
    public double TotalArea()
    {
        var sum = 0.0;
        foreach (var a in _faceArea)
        {
            sum += a;
        }

        return sum;
    }

    /// <summary>The face's boundary, counter-clockwise, as half-edges (use <see cref="Describe"/> to read one).</summary>
    public IEnumerable<int> HalfEdges(int face)
    {
        var h = _faceStart[face];
        for (var k = 0; k < _faceLength[face]; k++)
        {
            yield return h;
            h = _next[h];
        }
    }

    /// <summary>Number of half-edges (= vertices) on the face's boundary.</summary>
    public int BoundaryLength(int face) => _faceLength[face];

    /// <summary>
    /// What a half-edge is: its start node's coordinates (absolute), whether the node is one of the input vertices
    /// (and which), the line it lies on, and, along that line, the segment and the fractions at its two ends.
    /// <paramref name="alongLine"/> is true when the half-edge runs in the direction of its line.
    /// </summary>
    public HalfEdgeInfo Describe(int halfEdge)
    {
        var e = halfEdge >> 1;
        var forward = (halfEdge & 1) == 0;
        var node = forward ? _edgeFrom[e] : _edgeTo[e];
        var ringSegment = _edgeSegment[e];
        double t0 = _edgeParamFrom[e], t1 = _edgeParamTo[e];
        EdgeOrigin origin;
        int lineSegment;
        bool alongLine;
        if (ringSegment < _aVertices - 1)
        {
            origin = EdgeOrigin.LineA;
            lineSegment = ARingIndex[ringSegment];
            alongLine = forward;
        }
        else if (ringSegment == _aVertices - 1)
        {
            origin = EdgeOrigin.EndClosure;
            lineSegment = 0;
            alongLine = forward;
        }
        else if (ringSegment < _ringVertices - 1)
        {
            // The figure walks B backwards: its ring segment k runs from B's kept vertex k to kept vertex k + 1, both
            // counted from B's end, so in B's own order the segment starts at the second of them.
            origin = EdgeOrigin.LineB;
            lineSegment = BRingIndex[ringSegment - _aVertices + 1];
            (t0, t1) = (1 - t0, 1 - t1);
            alongLine = !forward;
        }
        else
        {
            origin = EdgeOrigin.StartClosure;
            lineSegment = 0;
            alongLine = forward;
        }

        var (inputLine, inputIndex) = node >= _ringVertices
            ? (EdgeOrigin.EndClosure, -1)
            : node < _aVertices ? (EdgeOrigin.LineA, ARingIndex[node]) : (EdgeOrigin.LineB, BRingIndex[node - _aVertices]);
        return new HalfEdgeInfo(
            inputLine,
            inputIndex,
            _nodeX[node] + OriginX,
            _nodeY[node] + OriginY,
            origin,
            lineSegment,
            Math.Min(t0, t1),
            Math.Max(t0, t1),
            alongLine,
            _edgeShared[e]);
    }

    /// <summary>
    /// Builds the arrangement of two planar lines (easting/northing arrays, at least two points each).
    /// Repeated consecutive points are dropped.
    /// </summary>
    public static DiscrepancyArrangement Build(ReadOnlySpan<double> ax, ReadOnlySpan<double> ay, ReadOnlySpan<double> bx, ReadOnlySpan<double> by)
    {
        if (ax.Length != ay.Length || bx.Length != by.Length)
        {
            throw new ArgumentException("Each line needs as many eastings as northings.", nameof(ay));
        }

        if (ax.Length < 2 || bx.Length < 2)
        {
            throw new ArgumentException("Each line needs at least two points.", nameof(ax));
        }

        var builder = new Builder(ax, ay, bx, by);
        builder.Run();
        return new DiscrepancyArrangement(builder);
    }

    /// <summary>The working state of one build; kept out of the public type so the result stays immutable.</summary>
    private sealed class Builder
    {
        public double[] NodeX = [];
        public double[] NodeY = [];
        public int[] EdgeFrom = [];
        public int[] EdgeTo = [];
        public int[] EdgeSegment = [];
        public double[] EdgeParamFrom = [];
        public double[] EdgeParamTo = [];
        public bool[] EdgeShared = [];
        public int[] Next = [];
        public int[] FaceStart = [];
        public int[] FaceLength = [];
        public double[] FaceArea = [];
        public int AVertices;
        public int RingVertices;
        public double OriginX;
        public double OriginY;
        public int IntersectionCount;
        public int[] ARingIndex = [];
        public int[] BRingIndex = [];

        private readonly double[] _x;
        private readonly double[] _y;
        private readonly bool[] _marked;
        private readonly List<Split> _splits = [];

        public Builder(ReadOnlySpan<double> ax, ReadOnlySpan<double> ay, ReadOnlySpan<double> bx, ReadOnlySpan<double> by)
        {
            OriginX = ax[0];
            OriginY = ay[0];
            var x = new double[ax.Length + bx.Length];
            var y = new double[x.Length];
            var aIndex = new int[ax.Length];
            var bIndex = new int[bx.Length];
            var count = 0;
            for (var i = 0; i < ax.Length; i++)
            {
                var px = ax[i] - OriginX;
                var py = ay[i] - OriginY;
                if (count > 0 && x[count - 1] == px && y[count - 1] == py)
                {
                    continue;
                }

                aIndex[count] = i;
                x[count] = px;
                y[count] = py;
                count++;
            }

            if (count < 2)
            {
                throw new ArgumentException("Line A needs at least two distinct points.", nameof(ax));
            }

            AVertices = count;
            var bCount = 0;
            for (var i = bx.Length - 1; i >= 0; i--)
            {
                var px = bx[i] - OriginX;
                var py = by[i] - OriginY;
                if (bCount > 0 && x[count - 1] == px && y[count - 1] == py)
                {
                    continue;
                }

                // B's vertices are stored walking backwards; bIndex[k] is the input index of the k-th of them.
                bIndex[bCount++] = i;
                x[count] = px;
                y[count] = py;
                count++;
            }

            if (bCount < 2)
            {
                throw new ArgumentException("Line B needs at least two distinct points.", nameof(bx));
            }

            RingVertices = count;
            _x = x;
            _y = y;
            _marked = new bool[count];
            ARingIndex = aIndex[..AVertices];
            BRingIndex = bIndex[..bCount];
        }

        private int V => RingVertices;

        private int Following(int vertex) => vertex + 1 == RingVertices ? 0 : vertex + 1;

        private bool IsZeroLength(int segment)
        {
            var f = Following(segment);
            return _x[segment] == _x[f] && _y[segment] == _y[f];
        }

        public void Run()
        {
            for (var s = 0; s < V; s++)
            {
                if (IsZeroLength(s))
                {
                    // Two input points at the same place (the lines share an end): one node.
                    _marked[s] = true;
                    _marked[Following(s)] = true;
                }
            }

            FindIntersections();
            BuildEdges();
            TraceFaces();
        }

        private void FindIntersections()
        {
            var chains = MonotoneChains();
            chains.Sort(static (p, q) => p.MinX.CompareTo(q.MinX));
            var active = new List<Chain>();
            foreach (var chain in chains)
            {
                var kept = 0;
                for (var i = 0; i < active.Count; i++)
                {
                    var other = active[i];
                    if (other.MaxX < chain.MinX)
                    {
                        continue;
                    }

                    active[kept++] = other;
                    if (other.MinY <= chain.MaxY && chain.MinY <= other.MaxY)
                    {
                        CompareRanges(other.First, other.End, chain.First, chain.End);
                    }
                }

                active.RemoveRange(kept, active.Count - kept);
                active.Add(chain);
            }
        }

        private List<Chain> MonotoneChains()
        {
            var chains = new List<Chain>();
            var start = -1;
            var quadrant = -1;
            for (var s = 0; s < V; s++)
            {
                if (IsZeroLength(s))
                {
                    Close(s);
                    continue;
                }

                var f = Following(s);
                var q = (_x[f] >= _x[s] ? 1 : 0) | (_y[f] >= _y[s] ? 2 : 0);
                if (start >= 0 && q != quadrant)
                {
                    Close(s);
                }

                if (start < 0)
                {
                    start = s;
                    quadrant = q;
                }
            }

            Close(V);
            return chains;

            void Close(int end)
            {
                if (start >= 0)
                {
                    chains.Add(MakeChain(start, end));
                }

                start = -1;
            }
        }

        private Chain MakeChain(int first, int end)
        {
            var last = end == V ? 0 : end;
            return new Chain(
                first,
                end,
                Math.Min(_x[first], _x[last]),
                Math.Max(_x[first], _x[last]),
                Math.Min(_y[first], _y[last]),
                Math.Max(_y[first], _y[last]));
        }

        /// <summary>Segments [p0, p1) of one monotone chain against [q0, q1) of another.</summary>
        private void CompareRanges(int p0, int p1, int q0, int q1)
        {
            // A monotone run's envelope is the box of its two end vertices.
            var pe = p1 == V ? 0 : p1;
            var qe = q1 == V ? 0 : q1;
            if (Math.Max(_x[p0], _x[pe]) < Math.Min(_x[q0], _x[qe])
                || Math.Max(_x[q0], _x[qe]) < Math.Min(_x[p0], _x[pe])
                || Math.Max(_y[p0], _y[pe]) < Math.Min(_y[q0], _y[qe])
                || Math.Max(_y[q0], _y[qe]) < Math.Min(_y[p0], _y[pe]))
            {
                return;
            }

            var pn = p1 - p0;
            var qn = q1 - q0;
            if (pn == 1 && qn == 1)
            {
                CompareSegments(p0, q0);
            }
            else if (pn >= qn)
            {
                var mid = p0 + (pn / 2);
                CompareRanges(p0, mid, q0, q1);
                CompareRanges(mid, p1, q0, q1);
            }
            else
            {
                var mid = q0 + (qn / 2);
                CompareRanges(p0, p1, q0, mid);
                CompareRanges(p0, p1, mid, q1);
            }
        }

        private static double Orient(double ax, double ay, double bx, double by, double cx, double cy) =>
            ((bx - ax) * (cy - ay)) - ((by - ay) * (cx - ax));

        private void CompareSegments(int s, int t)
        {
            int s1 = Following(s), t1 = Following(t);
            if (t == s1 || s == t1)
            {
                CompareNeighbours(s1 == t ? s : t, s1 == t ? t : s);
                return;
            }

            double px = _x[s], py = _y[s], px2 = _x[s1], py2 = _y[s1];
            double qx = _x[t], qy = _y[t], qx2 = _x[t1], qy2 = _y[t1];
            var d1 = Orient(qx, qy, qx2, qy2, px, py);
            var d2 = Orient(qx, qy, qx2, qy2, px2, py2);
            if ((d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0))
            {
                return;
            }

            var d3 = Orient(px, py, px2, py2, qx, qy);
            var d4 = Orient(px, py, px2, py2, qx2, qy2);
            if ((d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0))
            {
                return;
            }

            if ((d1 == 0 && d2 == 0) || (d3 == 0 && d4 == 0))
            {
                CompareCollinear(s, t);
                return;
            }

            var touched = false;
            if (d1 == 0)
            {
                AddVertexOn(t, s);
                touched = true;
            }

            if (d2 == 0)
            {
                AddVertexOn(t, s1);
                touched = true;
            }

            if (d3 == 0)
            {
                AddVertexOn(s, t);
                touched = true;
            }

            if (d4 == 0)
            {
                AddVertexOn(s, t1);
                touched = true;
            }

            if (!touched)
            {
                var f = d1 / (d1 - d2);
                var ix = px + (f * (px2 - px));
                var iy = py + (f * (py2 - py));
                var g = d3 / (d3 - d4);
                _splits.Add(new Split(s, f, ix, iy));
                _splits.Add(new Split(t, g, ix, iy));
                IntersectionCount++;
            }
        }

        /// <summary>Consecutive segments share a vertex; they meet elsewhere only when the line folds straight back.</summary>
        private void CompareNeighbours(int s, int t)
        {
            var w = t;
            var a = s;
            var c = Following(t);
            double ux = _x[a] - _x[w], uy = _y[a] - _y[w], vx = _x[c] - _x[w], vy = _y[c] - _y[w];
            if ((ux * vy) - (uy * vx) != 0 || (ux * vx) + (uy * vy) <= 0)
            {
                return;
            }

            _marked[w] = true;
            var lu = (ux * ux) + (uy * uy);
            var lv = (vx * vx) + (vy * vy);
            if (lu <= lv)
            {
                AddVertexOn(t, a);
            }

            if (lv <= lu)
            {
                AddVertexOn(s, c);
            }
        }

        private void CompareCollinear(int s, int t)
        {
            int s1 = Following(s), t1 = Following(t);
            foreach (var v in (ReadOnlySpan<int>)[t, t1])
            {
                if (Within(s, v))
                {
                    AddVertexOn(s, v);
                }
            }

            foreach (var v in (ReadOnlySpan<int>)[s, s1])
            {
                if (Within(t, v))
                {
                    AddVertexOn(t, v);
                }
            }
        }

        private bool Within(int segment, int vertex)
        {
            var param = Param(segment, _x[vertex], _y[vertex]);
            return param >= 0 && param <= 1;
        }

        private double Param(int segment, double x, double y)
        {
            var f = Following(segment);
            double dx = _x[f] - _x[segment], dy = _y[f] - _y[segment];
            return (((x - _x[segment]) * dx) + ((y - _y[segment]) * dy)) / ((dx * dx) + (dy * dy));
        }

        private void AddVertexOn(int segment, int vertex)
        {
            _marked[vertex] = true;
            _splits.Add(new Split(segment, Math.Clamp(Param(segment, _x[vertex], _y[vertex]), 0, 1), _x[vertex], _y[vertex]));
            IntersectionCount++;
        }

        private void BuildEdges()
        {
            var splits = CollectionsMarshal.AsSpan(_splits);
            splits.Sort(static (p, q) => p.Segment != q.Segment ? p.Segment.CompareTo(q.Segment) : p.Param.CompareTo(q.Param));
            var capacity = V + splits.Length;
            var nodeX = new double[capacity];
            var nodeY = new double[capacity];
            Array.Copy(_x, nodeX, V);
            Array.Copy(_y, nodeY, V);
            var special = new bool[capacity];
            Array.Copy(_marked, special, V);
            var nodeOf = new Dictionary<(double, double), int>();
            var vertexNode = new int[V];
            for (var v = 0; v < V; v++)
            {
                vertexNode[v] = v;
                if (_marked[v])
                {
                    ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(nodeOf, (_x[v], _y[v]), out var exists);
                    if (!exists)
                    {
                        id = v;
                    }

                    vertexNode[v] = id;
                }
            }

            var nodeCount = V;
            var splitNode = new int[splits.Length];
            for (var k = 0; k < splits.Length; k++)
            {
                ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(nodeOf, (splits[k].X, splits[k].Y), out var exists);
                if (!exists)
                {
                    id = nodeCount;
                    nodeX[nodeCount] = splits[k].X;
                    nodeY[nodeCount] = splits[k].Y;
                    special[nodeCount] = true;
                    nodeCount++;
                }

                splitNode[k] = id;
            }

            var from = new int[capacity];
            var to = new int[capacity];
            var segment = new int[capacity];
            var paramFrom = new double[capacity];
            var paramTo = new double[capacity];
            var shared = new bool[capacity];
            var seen = new Dictionary<(int, int), int>();
            var edges = 0;
            var next = 0;
            for (var s = 0; s < V; s++)
            {
                var end = next;
                while (end < splits.Length && splits[end].Segment == s)
                {
                    end++;
                }

                if (IsZeroLength(s))
                {
                    next = end;
                    continue;
                }

                var u = vertexNode[s];
                var tu = 0.0;
                for (; next < end; next++)
                {
                    var w = splitNode[next];
                    if (w != u)
                    {
                        Add(u, w, tu, splits[next].Param, s);
                        u = w;
                        tu = splits[next].Param;
                    }
                }

                var last = vertexNode[Following(s)];
                if (last != u)
                {
                    Add(u, last, tu, 1, s);
                }
            }

            NodeX = nodeX[..nodeCount];
            NodeY = nodeY[..nodeCount];
            EdgeFrom = from[..edges];
            EdgeTo = to[..edges];
            EdgeSegment = segment[..edges];
            EdgeParamFrom = paramFrom[..edges];
            EdgeParamTo = paramTo[..edges];
            EdgeShared = shared[..edges];

            void Add(int u, int w, double t0, double t1, int s)
            {
                if (special[u] && special[w])
                {
                    // Where the lines run together, both give the same edge between the same two nodes: keep one.
                    ref var existing = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, (Math.Min(u, w), Math.Max(u, w)), out var exists);
                    if (exists)
                    {
                        shared[existing] = true;
                        return;
                    }

                    existing = edges;
                }

                from[edges] = u;
                to[edges] = w;
                segment[edges] = s;
                paramFrom[edges] = t0;
                paramTo[edges] = t1;
                edges++;
            }
        }

        private void TraceFaces()
        {
            var nodes = NodeX.Length;
            var edgeFrom = EdgeFrom;
            var edgeTo = EdgeTo;
            var edges = edgeFrom.Length;
            var start = new int[nodes + 1];
            for (var e = 0; e < edges; e++)
            {
                start[edgeFrom[e] + 1]++;
                start[edgeTo[e] + 1]++;
            }

            for (var n = 0; n < nodes; n++)
            {
                start[n + 1] += start[n];
            }

            var outgoing = new int[2 * edges];
            var fill = start.AsSpan(0, nodes).ToArray();
            for (var e = 0; e < edges; e++)
            {
                outgoing[fill[edgeFrom[e]]++] = 2 * e;
                outgoing[fill[edgeTo[e]]++] = (2 * e) + 1;
            }

            // Arriving at a node, the face on the left continues along the edge next clockwise from the way back:
            // with the node's edges in counter-clockwise order, the one before the way back.
            var nextEdge = new int[2 * edges];
            var angles = new List<(double Angle, int HalfEdge)>();
            for (var n = 0; n < nodes; n++)
            {
                var first = start[n];
                var degree = start[n + 1] - first;
                if (degree > 2)
                {
                    angles.Clear();
                    for (var k = first; k < first + degree; k++)
                    {
                        var other = Destination(outgoing[k]);
                        angles.Add((Math.Atan2(NodeY[other] - NodeY[n], NodeX[other] - NodeX[n]), outgoing[k]));
                    }

                    angles.Sort(static (p, q) => p.Angle.CompareTo(q.Angle));
                    for (var k = 0; k < degree; k++)
                    {
                        outgoing[first + k] = angles[k].HalfEdge;
                    }
                }

                for (var k = 0; k < degree; k++)
                {
                    nextEdge[outgoing[first + k] ^ 1] = outgoing[first + ((k + degree - 1) % degree)];
                }
            }

            var visited = new bool[2 * edges];
            var faceStart = new List<int>();
            var faceLength = new List<int>();
            var faceArea = new List<double>();
            var nodeX = NodeX;
            var nodeY = NodeY;
            for (var h0 = 0; h0 < nextEdge.Length; h0++)
            {
                if (visited[h0])
                {
                    continue;
                }

                // Shoelace about the face's first node keeps the terms small.
                var origin = Origin(h0);
                double ox = nodeX[origin], oy = nodeY[origin];
                var twiceArea = 0.0;
                var length = 0;
                var h = h0;
                var u = origin;
                do
                {
                    visited[h] = true;
                    var w = (h & 1) == 0 ? edgeTo[h >> 1] : edgeFrom[h >> 1];
                    twiceArea += ((nodeX[u] - ox) * (nodeY[w] - oy)) - ((nodeX[w] - ox) * (nodeY[u] - oy));
                    length++;
                    u = w;
                    h = nextEdge[h];
                }
                while (h != h0);

                // The graph is connected, so the one clockwise cycle is the outside; every other cycle is a face.
                if (twiceArea > 0)
                {
                    faceStart.Add(h0);
                    faceLength.Add(length);
                    faceArea.Add(twiceArea / 2);
                }
            }

            Next = nextEdge;
            FaceStart = [.. faceStart];
            FaceLength = [.. faceLength];
            FaceArea = [.. faceArea];
        }

        private int Origin(int halfEdge) => (halfEdge & 1) == 0 ? EdgeFrom[halfEdge >> 1] : EdgeTo[halfEdge >> 1];

        private int Destination(int halfEdge) => (halfEdge & 1) == 0 ? EdgeTo[halfEdge >> 1] : EdgeFrom[halfEdge >> 1];
    }

    private readonly record struct Split(int Segment, double Param, double X, double Y);

    private readonly record struct Chain(int First, int End, double MinX, double MaxX, double MinY, double MaxY);
}

/// <summary>One half-edge of a face's boundary, as <see cref="DiscrepancyArrangement.Describe"/> reads it.</summary>
/// <param name="InputLine">The line whose input vertex the half-edge starts at (<see cref="EdgeOrigin.LineA"/> or <see cref="EdgeOrigin.LineB"/>); meaningless for a crossing.</param>
/// <param name="InputIndex">That vertex's index in its line as given, or −1 when the half-edge starts at a crossing.</param>
/// <param name="X">Easting of the half-edge's start.</param>
/// <param name="Y">Northing of the half-edge's start.</param>
/// <param name="Origin">Which line or closing segment it lies on.</param>
/// <param name="LineSegment">The segment of that line (index of its first vertex in the line as given).</param>
/// <param name="FromFraction">Where along that segment the edge begins, 0–1, in the line's direction.</param>
/// <param name="ToFraction">Where along that segment the edge ends, 0–1, in the line's direction.</param>
/// <param name="AlongLine">Whether the face's boundary runs in the line's direction here, i.e. the face lies to the line's left.</param>
/// <param name="Shared">Whether both lines run along this edge.</param>
public readonly record struct HalfEdgeInfo(
    EdgeOrigin InputLine,
    int InputIndex,
    double X,
    double Y,
    EdgeOrigin Origin,
    int LineSegment,
    double FromFraction,
    double ToFraction,
    bool AlongLine,
    bool Shared);
