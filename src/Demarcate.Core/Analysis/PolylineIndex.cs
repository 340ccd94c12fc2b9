namespace Demarcate.Core.Analysis;

/// <summary>
/// Nearest-segment search on one planar line: boxes round runs of consecutive segments, then boxes round runs of
/// those boxes, and so on. A boundary line stays near itself, so consecutive segments make tight boxes and the
/// index is built in one linear pass without sorting. Immutable once built; safe to share between threads.
/// </summary>
public sealed class PolylineIndex
{
    private const int Fanout = 8;

    private readonly double[] _x;
    private readonly double[] _y;
    private readonly List<double[]> _levels = [];

    /// <summary>Indexes the line through (<paramref name="x"/>[i], <paramref name="y"/>[i]); the arrays are kept, not copied.</summary>
    public PolylineIndex(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length || x.Length < 2)
        {
            throw new ArgumentException("A line needs at least two points and as many eastings as northings.", nameof(y));
        }

        _x = x;
        _y = y;
        var segments = x.Length - 1;
        var leaves = new double[((segments + Fanout - 1) / Fanout) * 4];
        for (var leaf = 0; leaf < leaves.Length / 4; leaf++)
        {
            var first = leaf * Fanout;
            var last = Math.Min(first + Fanout, segments);
            double minX = x[first], maxX = x[first], minY = y[first], maxY = y[first];
            for (var i = first + 1; i <= last; i++)
            {
                minX = Math.Min(minX, x[i]);
                maxX = Math.Max(maxX, x[i]);
                minY = Math.Min(minY, y[i]);
                maxY = Math.Max(maxY, y[i]);
            }

            Store(leaves, leaf, minX, minY, maxX, maxY);
        }

        _levels.Add(leaves);
        while (_levels[^1].Length > 4 * Fanout)
        {
            var below = _levels[^1];
            var count = below.Length / 4;
            var level = new double[((count + Fanout - 1) / Fanout) * 4];
            for (var node = 0; node < level.Length / 4; node++)
            {
                var first = node * Fanout;
                var last = Math.Min(first + Fanout, count);
                double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
                for (var c = first; c < last; c++)
                {
                    minX = Math.Min(minX, below[4 * c]);
                    minY = Math.Min(minY, below[(4 * c) + 1]);
                    maxX = Math.Max(maxX, below[(4 * c) + 2]);
                    maxY = Math.Max(maxY, below[(4 * c) + 3]);
                }

                Store(level, node, minX, minY, maxX, maxY);
            }

            _levels.Add(level);
        }
    }

    public int SegmentCount => _x.Length - 1;

    /// <summary>
    /// Distance from a point to the nearest point of the line. <paramref name="hint"/> is a segment to try first
    /// (the answer for a nearby point makes the search short) and receives the nearest segment.
    /// </summary>
    public double Distance(double px, double py, ref int hint) => DistanceBeyond(px, py, 0, ref hint);

    /// <summary>
    /// Like <see cref="Distance(double, double, ref int)"/>, but gives up as soon as some point of the line is found
    /// within <paramref name="floor"/> and then returns that point's distance: all a greatest-distance search needs
    /// to know is that this point will not raise it (Taha and Hanbury's early break, 2015).
    /// </summary>
    public double DistanceBeyond(double px, double py, double floor, ref int hint)
    {
        hint = Math.Clamp(hint, 0, SegmentCount - 1);
        var search = new Search(px, py, hint, SegmentSquared(hint, px, py), floor * floor);
        var top = _levels.Count - 1;
        for (var node = 0; node < _levels[top].Length / 4; node++)
        {
            Visit(ref search, top, node);
        }

        hint = search.Segment;
        return Math.Sqrt(search.Squared);
    }

    /// <summary>Distance from a point to the nearest point of the line.</summary>
    public double Distance(double px, double py)
    {
        var hint = 0;
        return Distance(px, py, ref hint);
    }

    private void Visit(ref Search search, int level, int node)
    {
        if (search.Squared <= search.Floor)
        {
            return;
        }

        var box = _levels[level];
        var dx = Math.Max(Math.Max(box[4 * node] - search.X, search.X - box[(4 * node) + 2]), 0);
        var dy = Math.Max(Math.Max(box[(4 * node) + 1] - search.Y, search.Y - box[(4 * node) + 3]), 0);
        if ((dx * dx) + (dy * dy) >= search.Squared)
        {
            return;
        }

        if (level == 0)
        {
            var last = Math.Min((node + 1) * Fanout, SegmentCount);
            for (var s = node * Fanout; s < last; s++)
            {
                var d = SegmentSquared(s, search.X, search.Y);
                if (d < search.Squared)
                {
                    search.Squared = d;
                    search.Segment = s;
                }
            }

            return;
        }

        var children = _levels[level - 1].Length / 4;
        var end = Math.Min((node + 1) * Fanout, children);
        for (var child = node * Fanout; child < end; child++)
        {
            Visit(ref search, level - 1, child);
        }
    }

    private double SegmentSquared(int s, double px, double py)
    {
        double x0 = _x[s], y0 = _y[s];
        double dx = _x[s + 1] - x0, dy = _y[s + 1] - y0;
        var lengthSquared = (dx * dx) + (dy * dy);
        var t = lengthSquared == 0 ? 0 : Math.Clamp((((px - x0) * dx) + ((py - y0) * dy)) / lengthSquared, 0, 1);
        var ex = x0 + (t * dx) - px;
        var ey = y0 + (t * dy) - py;
        return (ex * ex) + (ey * ey);
    }

    private static void Store(double[] boxes, int index, double minX, double minY, double maxX, double maxY)
    {
        boxes[4 * index] = minX;
        boxes[(4 * index) + 1] = minY;
        boxes[(4 * index) + 2] = maxX;
        boxes[(4 * index) + 3] = maxY;
    }

    private struct Search(double x, double y, int segment, double squared, double floor)
    {
        public readonly double X = x;
        public readonly double Y = y;
        public readonly double Floor = floor;
        public int Segment = segment;
        public double Squared = squared;
    }
}
