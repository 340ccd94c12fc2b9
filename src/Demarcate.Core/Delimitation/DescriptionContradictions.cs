using System.Globalization;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Algorithm.Distance;
using NetTopologySuite.Geometries;
using NetTopologySuite.LinearReferencing;

namespace Demarcate.Core.Delimitation;

/// <summary>How far one resolved leg departs from the map line over the same stretch.</summary>
/// <param name="Leg">The leg's label (TP13 → TP14).</param>
/// <param name="Index">1-based position of the leg in the description.</param>
/// <param name="Departure">Greatest distance, either way, between the leg and the map line between its turning points' projections, metres (geodesic).</param>
/// <param name="At">Where on the leg (or the map line) that distance is reached.</param>
public sealed record LegDeparture(string Leg, int Index, double Departure, GeoPoint At);

/// <summary>
/// A place where two of the treaty's three definitions of the line disagree by more than the tolerance, and which of
/// them prevails under the commission's order of precedence.
/// </summary>
/// <param name="First">One authority.</param>
/// <param name="Second">The authority it disagrees with.</param>
/// <param name="Where">The leg (<c>leg 3 (TP3 → TP4)</c>) or turning point concerned.</param>
/// <param name="Distance">How far apart they are, metres; null where the disagreement is not a distance (a leg that cannot be drawn through its points).</param>
/// <param name="Prevails">The authority that decides the line here.</param>
/// <param name="Message">What disagrees, in words.</param>
public sealed record Contradiction(LineAuthority First, LineAuthority Second, string Where, double? Distance, LineAuthority Prevails, string Message);

/// <summary>Text, coordinates and map line compared: every leg's departure from the map line and each contradiction beyond the tolerance.</summary>
/// <remarks>Immutable.</remarks>
public sealed record ContradictionReport(DescriptionPrecedence Precedence, double Tolerance, IReadOnlyList<LegDeparture> Legs, IReadOnlyList<Contradiction> Contradictions)
{
    /// <summary>
    /// Compares a resolved description (text and coordinates) with the sector's map line (the line in force, one or more
    /// parts on WGS 84). Text against map: each leg against the map line between the projections of its turning points,
    /// both ways. Coordinates against map: each turning point's stated position against the map line. Text against
    /// coordinates: every leg the resolver could not draw through its stated turning points (off its reference line,
    /// off its parallel, not continuing).
    /// </summary>
    public static ContradictionReport Build(ResolvedDescription resolved, IReadOnlyList<IReadOnlyList<GeoPoint>> mapLine, DescriptionPrecedence precedence, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(mapLine);
        ArgumentNullException.ThrowIfNull(precedence);
        var contradictions = new List<Contradiction>();
        foreach (var problem in resolved.Problems)
        {
            contradictions.Add(Between(LineAuthority.Text, LineAuthority.Coordinates, problem.Source, null, precedence, problem.Message));
        }

        var parts = mapLine.Where(p => p.Count >= 2).ToList();
        var departures = new List<LegDeparture>();
        if (parts.Count == 0 || resolved.Legs.Count == 0)
        {
            return new ContradictionReport(precedence, tolerance, departures, contradictions);
        }

        var frame = PlanarFrame.Utm(Utm.Zone(resolved.Legs[0].Points[0].Longitude));
        var factory = new GeometryFactory();
        LineString Plane(IEnumerable<GeoPoint> points) => factory.CreateLineString(points.Select(p =>
        {
            var (x, y) = frame.ToPlane(p);
            return new Coordinate(x, y);
        }).ToArray());
        var planeParts = parts.Select(Plane).ToList();
        var geodesic = Geodesic.Wgs84;

        foreach (var point in resolved.Description.TurningPoints)
        {
            if (!resolved.TurningPoints.TryGetValue(point.Id, out var at))
            {
                continue;
            }

            var (x, y) = frame.ToPlane(at);
            var here = new Coordinate(x, y);
            var nearest = planeParts.Select(p => p.Factory.CreatePoint(here).Distance(p) is var d ? (Part: p, Distance: d) : default).MinBy(p => p.Distance).Part;
            var onMap = new LengthIndexedLine(nearest).ExtractPoint(new LengthIndexedLine(nearest).Project(here));
            var distance = geodesic.Distance(at, frame.FromPlane(onMap.X, onMap.Y));
            if (distance > tolerance)
            {
                contradictions.Add(Between(LineAuthority.Coordinates, LineAuthority.MapLine, "turning point " + point.Id, distance, precedence, string.Create(CultureInfo.InvariantCulture,
                    $"Turning point {point.Id} as stated lies {distance:0.###} m from the map line (tolerance {tolerance} m).")));
            }
        }

        for (var i = 0; i < resolved.Legs.Count; i++)
        {
            var leg = resolved.Legs[i];
            var line = Plane(leg.Points);
            var start = line.StartPoint.Coordinate;
            var end = line.EndPoint.Coordinate;

            // The part of the map line the leg runs beside is the one its two ends lie nearest.
            var part = planeParts.MinBy(p => p.Distance(line.StartPoint) + p.Distance(line.EndPoint))!;
            var indexed = new LengthIndexedLine(part);
            var a = indexed.Project(start);
            var b = indexed.Project(end);
            var stretch = indexed.ExtractLine(Math.Min(a, b), Math.Max(a, b));
            var label = string.Create(CultureInfo.InvariantCulture, $"leg {i + 1} ({leg.Leg.Label})");
            var (departure, where) = Departure(line, stretch, frame, geodesic);
            departures.Add(new LegDeparture(leg.Leg.Label, i + 1, departure, where));
            if (departure > tolerance)
            {
                contradictions.Add(Between(LineAuthority.Text, LineAuthority.MapLine, label, departure, precedence, string.Create(CultureInfo.InvariantCulture,
                    $"The leg departs up to {departure:0.###} m from the map line, near {where} (tolerance {tolerance} m).")));
            }
        }

        return new ContradictionReport(precedence, tolerance, departures, contradictions);
    }

    /// <summary>The greatest distance either way between a leg and the map stretch beside it, measured on the ellipsoid.</summary>
    private static (double Distance, GeoPoint At) Departure(LineString leg, Geometry stretch, PlanarFrame frame, Geodesic geodesic)
    {
        if (stretch.IsEmpty || stretch.Length == 0)
        {
            var onLeg = leg.StartPoint.Coordinate;
            return (0, frame.FromPlane(onLeg.X, onLeg.Y));
        }

        // Densified to about 5 m so that the discrete Hausdorff distance finds the true greatest gap within centimetres.
        var longest = Math.Max(leg.Length, stretch.Length);
        var hausdorff = new DiscreteHausdorffDistance(leg, stretch) { DensifyFraction = Math.Clamp(5 / longest, 1e-4, 1) };
        hausdorff.Distance();
        var pair = hausdorff.Coordinates;
        var p = frame.FromPlane(pair[0].X, pair[0].Y);
        var q = frame.FromPlane(pair[1].X, pair[1].Y);
        return (geodesic.Distance(p, q), p);
    }

    private static Contradiction Between(LineAuthority first, LineAuthority second, string where, double? distance, DescriptionPrecedence precedence, string message) =>
        new(first, second, where, distance, precedence.Prevailing(first, second), message);
}
