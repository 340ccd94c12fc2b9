using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Boundaries;

/// <summary>
/// Carries points and NTS geometries of WGS 84 (x = longitude, y = latitude) into the Transverse Mercator plane a
/// section is analysed in (x = easting, y = northing, metres), where the comparison, the feature report, the route
/// crossings and the pillar plan intersect them; the way back is <see cref="TransverseMercator.Reverse"/>.
/// </summary>
internal static class PlaneProjection
{
    private static readonly GeometryFactory Plane = new();

    /// <summary>The plane coordinate of one point.</summary>
    public static Coordinate ToPlane(this TransverseMercator projection, GeoPoint point)
    {
        var grid = projection.Forward(point.Latitude, point.Longitude);
        return new Coordinate(grid.Easting, grid.Northing);
    }

    /// <summary>The planar image of a geometry, vertex by vertex; <paramref name="geometry"/> itself is left as it was.</summary>
    public static Geometry ToPlane(this TransverseMercator projection, Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var copy = geometry.Copy();
        copy.Apply(new VertexFilter(projection));
        copy.GeometryChanged();
        return Plane.CreateGeometry(copy);
    }

    /// <summary>The polyline through the planar images of <paramref name="points"/>.</summary>
    public static LineString ToPlaneLine(this TransverseMercator projection, IEnumerable<GeoPoint> points) =>
        Plane.CreateLineString([.. points.Select(p => projection.ToPlane(p))]);

    private sealed class VertexFilter(TransverseMercator projection) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var grid = projection.Forward(seq.GetY(i), seq.GetX(i));
            seq.SetX(i, grid.Easting);
            seq.SetY(i, grid.Northing);
        }
    }
}
