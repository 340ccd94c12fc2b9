using System.Globalization;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Analysis;

/// <summary>Everything the commission learns from laying two lines of one section over each other.</summary>
/// <param name="SectionId">The section both lines belong to.</param>
/// <param name="LineA">Line A's id; extents are measured along it.</param>
/// <param name="LineB">Line B's id.</param>
/// <param name="Polygons">The discrepancy polygons, in order along line A.</param>
/// <param name="Distances">How far apart the lines are.</param>
/// <param name="SignificanceThreshold">The width (metres) above which a polygon is significant: the two sources' stated accuracies combined.</param>
/// <param name="Notes">What was done to compare them (e.g. a line walked backwards).</param>
public sealed record LineComparisonResult(
    string SectionId,
    string LineA,
    string LineB,
    IReadOnlyList<DiscrepancyPolygon> Polygons,
    LineDistances Distances,
    double SignificanceThreshold,
    IReadOnlyList<string> Notes)
{
    /// <summary>
    /// Net ellipsoidal area (m²) that <paramref name="party"/> holds under line B but not under line A, less what it
    /// holds under A but not under B: what it gains if B replaces A.
    /// </summary>
    public double NetGainUnderB(PartyCode party) =>
        Polygons.Where(p => p.HolderUnderB == party && p.HolderUnderA != party).Sum(p => p.EllipsoidalArea)
        - Polygons.Where(p => p.HolderUnderA == party && p.HolderUnderB != party).Sum(p => p.EllipsoidalArea);

    /// <summary>Ellipsoidal area (m²) of all the polygons together.</summary>
    public double TotalArea => Polygons.Sum(p => p.EllipsoidalArea);
}

/// <summary>One sector's comparison, with its Fréchet distance where the lines are small enough.</summary>
public sealed record SectorComparison(string SectorId, LineComparisonResult Comparison, double? DiscreteFrechet);

/// <summary>
/// Compares two lines of a section: the discrepancy polygons between them (faces of the arrangement of both lines
/// and the segments joining their starts and their ends, in the section's UTM zone), each with its planar and
/// ellipsoidal area, whose side it lies on under each line, where it lies along line A, its greatest width, and
/// whether that width is more than the sources' stated accuracy can explain.
/// </summary>
/// <remarks>
/// Significance rule: a polygon is significant when its greatest width exceeds √(a² + b²), a and b being the
/// positional accuracies the two sources state (a source that states none counts as exact). Two independent
/// errors of those sizes can move the lines apart by about that much, so narrower slivers are within source
/// accuracy. Stateless and thread-safe.
/// </remarks>
public static class LineComparison
{
    /// <summary>Compares two whole lines, or two stretches of them, of <paramref name="section"/>.</summary>
    public static LineComparisonResult Compare(Section section, ComparedLine a, ComparedLine b, double densifySpacing = 10)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var notes = new List<string>();
        var projection = Utm.Projection(section.UtmZone);
        var geodesic = Geodesic.Wgs84;
        var (ax, ay) = Project(projection, a.Vertices);
        var (bx, by) = Project(projection, b.Vertices);

        // Both lines must be walked the same way for the joining segments to join starts and ends.
        if (Hypot(ax[0] - bx[^1], ay[0] - by[^1]) + Hypot(ax[^1] - bx[0], ay[^1] - by[0])
            < Hypot(ax[0] - bx[0], ay[0] - by[0]) + Hypot(ax[^1] - bx[^1], ay[^1] - by[^1]))
        {
            b = b.Reversed();
            (bx, by) = Project(projection, b.Vertices);
            notes.Add($"line {b.Id} runs against line {a.Id}; it was walked backwards");
        }

        var arrangement = DiscrepancyArrangement.Build(ax, ay, bx, by);
        var aIndex = new PolylineIndex(ax, ay);
        var bIndex = new PolylineIndex(bx, by);
        var aMeasure = new double[ax.Length];
        for (var i = 1; i < ax.Length; i++)
        {
            aMeasure[i] = aMeasure[i - 1] + geodesic.Distance(a.Vertices[i - 1], a.Vertices[i]);
        }

        var threshold = Math.Sqrt(Square(a.AccuracyMetres ?? 0) + Square(b.AccuracyMetres ?? 0));
        var polygons = new List<DiscrepancyPolygon>(arrangement.FaceCount);
        for (var face = 0; face < arrangement.FaceCount; face++)
        {
            polygons.Add(Describe(face));
        }

        polygons.Sort(static (p, q) => p.FromMetres != q.FromMetres ? p.FromMetres.CompareTo(q.FromMetres) : p.ToMetres.CompareTo(q.ToMetres));
        for (var i = 0; i < polygons.Count; i++)
        {
            polygons[i] = polygons[i] with { Number = i + 1 };
        }

        var distances = new LineDistances(
            LineDistance.DirectedHausdorff(ax, ay, bIndex),
            LineDistance.DirectedHausdorff(bx, by, aIndex),
            Math.Max(
                LineDistance.DirectedDensifiedHausdorff(ax, ay, bIndex, densifySpacing),
                LineDistance.DirectedDensifiedHausdorff(bx, by, aIndex, densifySpacing)),
            densifySpacing,
            arrangement.TotalArea() / LineDistance.Length(ax, ay));
        return new LineComparisonResult(section.Id, a.Id, b.Id, polygons, distances, threshold, notes);

        DiscrepancyPolygon Describe(int face)
        {
            var ring = new List<GeoPoint>(arrangement.BoundaryLength(face) + 1);
            Side? sideOfA = null, sideOfB = null;
            double from = double.PositiveInfinity, to = double.NegativeInfinity, width = 0;
            bool gap = false, joined = false;
            int hintA = 0, hintB = 0;
            double sumX = 0, sumY = 0;
            foreach (var h in arrangement.HalfEdges(face))
            {
                var edge = arrangement.Describe(h);
                sumX += edge.X;
                sumY += edge.Y;
                ring.Add(edge.InputIndex < 0
                    ? projection.Reverse(edge.X, edge.Y)
                    : edge.InputLine == EdgeOrigin.LineA ? a.Vertices[edge.InputIndex] : b.Vertices[edge.InputIndex]);
                if (edge.InputIndex >= 0)
                {
                    // A vertex of one line: how far the other line is from it.
                    width = Math.Max(width, edge.InputLine == EdgeOrigin.LineA ? bIndex.Distance(edge.X, edge.Y, ref hintB) : aIndex.Distance(edge.X, edge.Y, ref hintA));
                }

                switch (edge.Origin)
                {
                    case EdgeOrigin.LineA:
                        if (sideOfA is null || !edge.Shared)
                        {
                            sideOfA = edge.AlongLine ? Side.Left : Side.Right;
                        }

                        var s = edge.LineSegment;
                        var length = aMeasure[s + 1] - aMeasure[s];
                        from = Math.Min(from, aMeasure[s] + (edge.FromFraction * length));
                        to = Math.Max(to, aMeasure[s] + (edge.ToFraction * length));
                        gap |= a.GapAfter[s];
                        break;
                    case EdgeOrigin.LineB:
                        if (sideOfB is null || !edge.Shared)
                        {
                            sideOfB = edge.AlongLine ? Side.Left : Side.Right;
                        }

                        gap |= b.GapAfter[edge.LineSegment];
                        break;
                    case EdgeOrigin.StartClosure:
                        joined = true;
                        from = Math.Min(from, 0);
                        break;
                    default:
                        joined = true;
                        to = Math.Max(to, aMeasure[^1]);
                        break;
                }
            }

            if (double.IsInfinity(from))
            {
                from = 0;
            }

            if (double.IsInfinity(to))
            {
                to = from;
            }

            // A face bounded by only one of the lines (and the joins) lies wherever its middle lies.
            var count = arrangement.BoundaryLength(face);
            sideOfA ??= SideOf(aIndex, ax, ay, sumX / count, sumY / count);
            sideOfB ??= SideOf(bIndex, bx, by, sumX / count, sumY / count);
            ring.Add(ring[0]);
            return new DiscrepancyPolygon(
                0,
                ring,
                arrangement.Area(face),
                geodesic.Area(ring.ToArray()).Area,
                sideOfA.Value,
                sideOfB.Value,
                section.PartyOn(sideOfA.Value),
                section.PartyOn(sideOfB.Value),
                from,
                to,
                width,
                width > threshold,
                gap,
                joined);
        }
    }

    /// <summary>
    /// Compares two lines sector by sector: each line is cut at the section's break points (as
    /// <see cref="SectorCutting"/> does) and the two stretches of every sector are compared.
    /// </summary>
    public static IReadOnlyList<SectorComparison> CompareSectors(
        Section section,
        IReadOnlyList<Sector> sectors,
        IReadOnlyList<BreakPoint> breaks,
        BoundaryLine a,
        double? accuracyA,
        BoundaryLine b,
        double? accuracyB)
    {
        ArgumentNullException.ThrowIfNull(section);
        var frame = PlanarFrame.Utm(section.UtmZone);
        var cutA = SectorCutting.Cut(section, sectors, breaks, a, frame);
        var cutB = SectorCutting.Cut(section, sectors, breaks, b, frame);
        var projection = Utm.Projection(section.UtmZone);
        var result = new List<SectorComparison>();
        foreach (var sectorA in cutA.Sectors)
        {
            var sectorB = cutB.Sectors.First(s => s.Sector.Id == sectorA.Sector.Id);
            if (sectorA.Stretch.Parts.Count == 0 || sectorB.Stretch.Parts.Count == 0)
            {
                continue; // empty on one of the lines (its break points project onto the same place); cutting warned
            }

            var lineA = ComparedLine.From(a.Id, sectorA.Stretch, accuracyA);
            var lineB = ComparedLine.From(b.Id, sectorB.Stretch, accuracyB);
            var comparison = Compare(section, lineA, lineB);
            double? frechet = null;
            if (lineA.Vertices.Count <= LineDistance.FrechetVertexLimit && lineB.Vertices.Count <= LineDistance.FrechetVertexLimit)
            {
                var (ax, ay) = Project(projection, lineA.Vertices);
                var (bx, by) = Project(projection, lineB.Vertices);
                frechet = LineDistance.DiscreteFrechet(ax, ay, bx, by);
            }

            result.Add(new SectorComparison(sectorA.Sector.Id, comparison, frechet));
        }

        return result;
    }

    /// <summary>A one-line summary, e.g. for logs and the CLI.</summary>
    public static string Summary(LineComparisonResult result, Section section)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(section);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Polygons.Count} polygons ({result.Polygons.Count(p => p.IsSignificant)} significant), {result.TotalArea / 1e6:0.###} km²; net gain under {result.LineB}: {section.PartyOnLeft} {result.NetGainUnderB(section.PartyOnLeft) / 1e6:0.###} km², {section.PartyOnRight} {result.NetGainUnderB(section.PartyOnRight) / 1e6:0.###} km²; Hausdorff {result.Distances.Hausdorff:0.#} m");
    }

    internal static (double[] X, double[] Y) Project(TransverseMercator projection, IReadOnlyList<GeoPoint> points)
    {
        var latitude = new double[points.Count];
        var longitude = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            latitude[i] = points[i].Latitude;
            longitude[i] = points[i].Longitude;
        }

        var x = new double[points.Count];
        var y = new double[points.Count];
        projection.Forward(latitude, longitude, x, y);
        return (x, y);
    }

    private static Side SideOf(PolylineIndex index, double[] x, double[] y, double px, double py)
    {
        var segment = 0;
        index.Distance(px, py, ref segment);
        var cross = ((x[segment + 1] - x[segment]) * (py - y[segment])) - ((y[segment + 1] - y[segment]) * (px - x[segment]));
        return cross >= 0 ? Side.Left : Side.Right;
    }

    private static double Hypot(double dx, double dy) => Math.Sqrt((dx * dx) + (dy * dy));

    private static double Square(double value) => value * value;
}
