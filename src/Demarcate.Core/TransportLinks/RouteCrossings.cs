using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.TransportLinks;

/// <summary>A place where a route meets the line in force: where, how far along each, and the sector it falls in.</summary>
/// <param name="RouteKm">Geodesic distance along the route from its start, km.</param>
/// <param name="BoundaryKm">Geodesic distance along the line in force from the section's start (its direction), km.</param>
/// <param name="SectorId">The sector nearest the point; null when no sector is known.</param>
public sealed record RouteCrossingPoint(GeoPoint Position, double RouteKm, double BoundaryKm, string? SectorId);

/// <summary>
/// How a task-force route meets the line in force of one section: how many times it passes from one side to the other
/// (the comparison's <see cref="AffectedFeatures.Cross"/>), where it meets the line, and how much of it lies on each
/// party's side.
/// </summary>
public sealed record RouteCrossingReport(
    string ActionId,
    string SectionId,
    string LineId,
    int Crossings,
    IReadOnlyList<RouteCrossingPoint> Points,
    PartyCode PartyOnLeft,
    double LengthLeftMetres,
    PartyCode PartyOnRight,
    double LengthRightMetres)
{
    public double LengthMetres => LengthLeftMetres + LengthRightMetres;

    /// <summary>The length of the route on <paramref name="party"/>'s side, metres (0 for a party of neither side).</summary>
    public double LengthOn(PartyCode party) => (party == PartyOnLeft ? LengthLeftMetres : 0) + (party == PartyOnRight ? LengthRightMetres : 0);
}

/// <summary>
/// The crossing analysis of a route against a section's line in force. Computed in the section's UTM zone, as the
/// comparison is; lengths and distances along lines are geodesic.
/// </summary>
public static class RouteCrossings
{
    private static readonly GeometryFactory Plane = new();

    /// <param name="section">The section whose line in force <paramref name="lineInForce"/> is.</param>
    /// <param name="lineInForce">The section's designated line.</param>
    /// <param name="sectors">The section's sectors as cut from that line (id and geometry), for naming where a crossing is.</param>
    /// <param name="action">The action whose route is analysed.</param>
    public static RouteCrossingReport Analyse(Section section, BoundaryLine lineInForce, IReadOnlyList<LayerFeature> sectors, TaskForceAction action)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(lineInForce);
        ArgumentNullException.ThrowIfNull(sectors);
        ArgumentNullException.ThrowIfNull(action);
        var frame = PlanarFrame.Utm(section.UtmZone);
        var walked = SectionPath.Walk(lineInForce.Geometry, frame);
        var line = ComparedLine.From(lineInForce.Id, walked, null);
        var crossing = AffectedFeatures.Cross(section, line, new LayerFeature(action.Id, action.Title, action.Route));

        var projection = Utm.Projection(section.UtmZone);
        var boundaryVertices = line.Vertices;
        var boundary = projection.ToPlaneLine(boundaryVertices);
        var routeVertices = action.Route.Coordinates.Select(c => new GeoPoint(c.Y, c.X)).ToList();
        var route = projection.ToPlaneLine(routeVertices);
        var sectorsPlanar = sectors.Select(s => (s.Id, Geometry: projection.ToPlane(s.Geometry))).ToList();

        var points = new List<RouteCrossingPoint>();
        var met = route.Intersection(boundary);
        var seen = new List<Coordinate>();
        foreach (var at in MeetingPoints(met))
        {
            // A route that touches the line along a stretch meets it once there; two points closer than a metre are one.
            if (seen.Any(s => s.Distance(at) < 1))
            {
                continue;
            }

            seen.Add(at);
            var position = projection.Reverse(at.X, at.Y);
            var sector = sectorsPlanar.Count == 0 ? null : sectorsPlanar.MinBy(s => s.Geometry.Distance(Plane.CreatePoint(at))).Id;
            points.Add(new RouteCrossingPoint(
                position, Along(routeVertices, route, at, position) / 1000, Along(boundaryVertices, boundary, at, position) / 1000, sector));
        }

        points.Sort((a, b) => a.RouteKm.CompareTo(b.RouteKm));
        return new RouteCrossingReport(
            action.Id, section.Id, lineInForce.Id, crossing.Crossings, points, section.PartyOnLeft, crossing.LengthLeft, section.PartyOnRight, crossing.LengthRight);
    }

    /// <summary>The least planar distance from the route to the line in force, metres: which section's line a route belongs with.</summary>
    public static double Distance(Section section, BoundaryLine lineInForce, TaskForceAction action)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(lineInForce);
        ArgumentNullException.ThrowIfNull(action);
        var projection = Utm.Projection(section.UtmZone);
        return projection.ToPlane(lineInForce.Geometry).Distance(projection.ToPlane(action.Route));
    }

    private static IEnumerable<Coordinate> MeetingPoints(Geometry met)
    {
        for (var i = 0; i < met.NumGeometries; i++)
        {
            switch (met.GetGeometryN(i))
            {
                case Point p:
                    yield return p.Coordinate;
                    break;
                case LineString l when l.NumPoints > 0:
                    yield return l.GetCoordinateN(0);
                    break;
            }
        }
    }

    /// <summary>Geodesic distance along a polyline to the point <paramref name="at"/> on it (found on its planar image).</summary>
    private static double Along(IReadOnlyList<GeoPoint> vertices, LineString planar, Coordinate at, GeoPoint position)
    {
        var segment = 0;
        var best = double.MaxValue;
        for (var i = 0; i + 1 < planar.NumPoints; i++)
        {
            var d = new NetTopologySuite.Geometries.LineSegment(planar.GetCoordinateN(i), planar.GetCoordinateN(i + 1)).Distance(at);
            if (d < best)
            {
                best = d;
                segment = i;
            }
        }

        GeoPoint[] walked = [.. vertices.Take(segment + 1), position];
        return Geodesic.Wgs84.Length(walked);
    }
}
