using Demarcate.Core.Analysis;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Polygonize;

namespace Demarcate.Core.Tests.Analysis;

/// <summary>The planar faces between two lines, on hand-made figures whose areas are known exactly.</summary>
public sealed class DiscrepancyArrangementTests
{
    internal static DiscrepancyArrangement Build((double X, double Y)[] a, (double X, double Y)[] b) =>
        DiscrepancyArrangement.Build(
            a.Select(p => p.X).ToArray(),
            a.Select(p => p.Y).ToArray(),
            b.Select(p => p.X).ToArray(),
            b.Select(p => p.Y).ToArray());

    private static double[] Areas(DiscrepancyArrangement arrangement) =>
        [.. Enumerable.Range(0, arrangement.FaceCount).Select(arrangement.Area).Order()];

    private static bool LeftOfA(DiscrepancyArrangement arrangement, int face) =>
        arrangement.HalfEdges(face).Select(arrangement.Describe).First(h => h.Origin == EdgeOrigin.LineA).AlongLine;

    [Fact]
    public void A_triangular_bulge_is_one_face_of_its_area()
    {
        var arrangement = Build([(0, 0), (10, 0)], [(0, 0), (5, 4), (10, 0)]);

        Assert.Equal([20.0], Areas(arrangement));
        Assert.True(LeftOfA(arrangement, 0));
    }

    [Fact]
    public void A_rectangular_step_on_a_shared_stretch_is_one_face()
    {
        // B runs along A for 5 m at each end, where it shares no vertex with A.
        var arrangement = Build([(0, 0), (20, 0)], [(0, 0), (5, 0), (5, -3), (15, -3), (15, 0), (20, 0)]);

        Assert.Equal([30.0], Areas(arrangement));
        Assert.False(LeftOfA(arrangement, 0));
    }

    [Fact]
    public void Each_crossing_starts_a_new_face_on_the_other_side()
    {
        var arrangement = Build([(0, 0), (40, 0)], [(0, 0), (10, 2), (20, -2), (30, 2), (40, 0)]);

        Assert.Equal([10.0, 15.0, 15.0], Areas(arrangement), new Tolerance(1e-9));
        var sides = Enumerable.Range(0, 3)
            .Select(f => (Left: LeftOfA(arrangement, f), Area: arrangement.Area(f)))
            .ToList();
        Assert.Equal(2, sides.Count(s => s.Left));
        Assert.All(sides.Where(s => !s.Left), s => Assert.Equal(10, s.Area, 9));
    }

    [Fact]
    public void A_line_passing_through_a_vertex_of_the_other_makes_two_faces()
    {
        var arrangement = Build([(0, 0), (5, 0), (10, 0)], [(0, 0), (2, 2), (5, 0), (8, -2), (10, 0)]);

        Assert.Equal([5.0, 5.0], Areas(arrangement));
    }

    [Fact]
    public void Lines_with_different_ends_are_closed_by_the_joining_segments()
    {
        var arrangement = Build([(0, 0), (10, 0)], [(0, 1), (10, 1)]);

        Assert.Equal([10.0], Areas(arrangement));
        var origins = arrangement.HalfEdges(0).Select(h => arrangement.Describe(h).Origin).ToHashSet();
        Assert.Equal(4, origins.Count);
    }

    [Fact]
    public void Identical_lines_enclose_nothing()
    {
        var arrangement = Build([(0, 0), (3, 1), (10, 0)], [(0, 0), (3, 1), (10, 0)]);

        Assert.Equal(0, arrangement.FaceCount);
    }

    [Fact]
    public void Lines_that_share_vertices_along_a_collinear_stretch_keep_one_edge_there()
    {
        // Shared stretch from (4, 0) to (6, 0) through a shared vertex; a bulge each side of it.
        var arrangement = Build(
            [(0, 0), (4, 0), (5, 0), (6, 0), (10, 0)],
            [(0, 0), (2, 1), (4, 0), (5, 0), (6, 0), (8, -1), (10, 0)]);

        Assert.Equal([2.0, 2.0], Areas(arrangement));
    }

    [Fact]
    public void Random_lines_give_the_faces_NetTopologySuite_polygonizes()
    {
        var random = new Random(6);
        var factory = new GeometryFactory();
        for (var trial = 0; trial < 40; trial++)
        {
            var n = random.Next(3, 40);
            var a = Enumerable.Range(0, n).Select(i => (X: i * 10.0, Y: random.NextDouble() * 30)).ToArray();
            var b = Enumerable.Range(0, n + 3).Select(i => (X: i * 10.0 * (n - 1) / (n + 2), Y: random.NextDouble() * 30)).ToArray();
            var arrangement = Build(a, b);

            var lines = new Geometry[]
            {
                factory.CreateLineString([.. a.Select(p => new Coordinate(p.X, p.Y))]),
                factory.CreateLineString([.. b.Select(p => new Coordinate(p.X, p.Y))]),
                factory.CreateLineString([new Coordinate(a[0].X, a[0].Y), new Coordinate(b[0].X, b[0].Y)]),
                factory.CreateLineString([new Coordinate(a[^1].X, a[^1].Y), new Coordinate(b[^1].X, b[^1].Y)]),
            };
            var polygonizer = new Polygonizer();
            polygonizer.Add(factory.BuildGeometry(lines).Union());
            var expected = polygonizer.GetPolygons().Select(p => p.Area).Order().ToArray();

            Assert.Equal(expected.Length, arrangement.FaceCount);
            Assert.Equal(expected, Areas(arrangement), new Tolerance(1e-6));
        }
    }

    /// <summary>Equal within an absolute tolerance.</summary>
    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
