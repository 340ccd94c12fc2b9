namespace Demarcate.Core.Analysis;

/// <summary>
/// How far apart two lines are, in the plane of their section (metres): the Hausdorff distance from each line's
/// vertices to the other line, the same on both lines densified, and the mean offset.
/// </summary>
/// <param name="HausdorffAToB">Greatest distance from a vertex of A to line B.</param>
/// <param name="HausdorffBToA">Greatest distance from a vertex of B to line A.</param>
/// <param name="DensifiedHausdorff">Greatest distance from any point of either line, sampled every <paramref name="DensifySpacing"/> metres, to the other line: the greatest offset.</param>
/// <param name="DensifySpacing">The sampling step of <paramref name="DensifiedHausdorff"/>.</param>
/// <param name="MeanOffset">The area between the lines divided by the length of A: how far apart they are on average.</param>
public sealed record LineDistances(double HausdorffAToB, double HausdorffBToA, double DensifiedHausdorff, double DensifySpacing, double MeanOffset)
{
    /// <summary>The Hausdorff distance on vertices: the greater of the two directions.</summary>
    public double Hausdorff => Math.Max(HausdorffAToB, HausdorffBToA);
}

/// <summary>Distance measures between planar lines, each linear in memory.</summary>
public static class LineDistance
{
    /// <summary>Greatest distance from a vertex of the line (<paramref name="x"/>, <paramref name="y"/>) to the indexed line.</summary>
    public static double DirectedHausdorff(ReadOnlySpan<double> x, ReadOnlySpan<double> y, PolylineIndex to)
    {
        ArgumentNullException.ThrowIfNull(to);
        var hint = 0;
        var greatest = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            greatest = Math.Max(greatest, to.DistanceBeyond(x[i], y[i], greatest, ref hint));
        }

        return greatest;
    }

    /// <summary>
    /// Greatest distance from any point of the line, sampled along each segment at most every
    /// <paramref name="spacing"/> metres (vertices included), to the indexed line.
    /// </summary>
    public static double DirectedDensifiedHausdorff(ReadOnlySpan<double> x, ReadOnlySpan<double> y, PolylineIndex to, double spacing)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spacing);
        var hint = 0;
        var greatest = x.Length > 0 ? to.Distance(x[0], y[0], ref hint) : 0;
        for (var i = 1; i < x.Length; i++)
        {
            double dx = x[i] - x[i - 1], dy = y[i] - y[i - 1];
            var steps = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((dx * dx) + (dy * dy)) / spacing));
            for (var k = 1; k <= steps; k++)
            {
                var f = (double)k / steps;
                greatest = Math.Max(greatest, to.DistanceBeyond(x[i - 1] + (f * dx), y[i - 1] + (f * dy), greatest, ref hint));
            }
        }

        return greatest;
    }

    /// <summary>Planar length of a line.</summary>
    public static double Length(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var length = 0.0;
        for (var i = 1; i < x.Length; i++)
        {
            length += Math.Sqrt(((x[i] - x[i - 1]) * (x[i] - x[i - 1])) + ((y[i] - y[i - 1]) * (y[i] - y[i - 1])));
        }

        return length;
    }

    /// <summary>The largest line <see cref="DiscreteFrechet"/> accepts, in vertices per line.</summary>
    public const int FrechetVertexLimit = 20_000;

    /// <summary>
    /// Discrete Fréchet distance (Eiter and Mannila 1994): the shortest leash that lets two walkers go from
    /// start to end of each line, vertex by vertex, never stepping back. Computed row by row, so memory is one
    /// row of B, though time is the product of the vertex counts; refused above <see cref="FrechetVertexLimit"/>.
    /// </summary>
    public static double DiscreteFrechet(ReadOnlySpan<double> ax, ReadOnlySpan<double> ay, ReadOnlySpan<double> bx, ReadOnlySpan<double> by)
    {
        if (ax.Length == 0 || bx.Length == 0)
        {
            throw new ArgumentException("Both lines need at least one point.", nameof(ax));
        }

        if (ax.Length > FrechetVertexLimit || bx.Length > FrechetVertexLimit)
        {
            throw new ArgumentException($"The discrete Fréchet distance is computed for lines of up to {FrechetVertexLimit} vertices.", nameof(ax));
        }

        var m = bx.Length;
        var row = new double[m];
        // Squared distances throughout: the square root is taken once at the end.
        row[0] = Squared(ax[0], ay[0], bx[0], by[0]);
        for (var j = 1; j < m; j++)
        {
            row[j] = Math.Max(row[j - 1], Squared(ax[0], ay[0], bx[j], by[j]));
        }

        for (var i = 1; i < ax.Length; i++)
        {
            double x = ax[i], y = ay[i];
            var diagonal = row[0];
            row[0] = Math.Max(row[0], Squared(x, y, bx[0], by[0]));
            for (var j = 1; j < m; j++)
            {
                var above = row[j];
                var best = Math.Min(Math.Min(above, diagonal), row[j - 1]);
                row[j] = Math.Max(best, Squared(x, y, bx[j], by[j]));
                diagonal = above;
            }
        }

        return Math.Sqrt(row[m - 1]);

        static double Squared(double x0, double y0, double x1, double y1) => ((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0));
    }
}
