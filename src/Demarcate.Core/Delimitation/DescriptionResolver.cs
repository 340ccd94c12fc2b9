using System.Globalization;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Delimitation;

/// <summary>The tolerances a description is resolved and checked with.</summary>
/// <param name="ChordDeviation">Greatest distance, in metres, between a leg's true line and the straight chords (in longitude/latitude) that draw it.</param>
/// <param name="ReferenceTolerance">How far, in metres, a turning point may lie from the reference line its leg follows.</param>
/// <param name="LineTolerance">How far, in metres, two turning points of a parallel or meridian leg may differ in latitude or longitude.</param>
public sealed record ResolutionTolerances(double ChordDeviation = 0.01, double ReferenceTolerance = 1.0, double LineTolerance = 0.01)
{
    public static ResolutionTolerances Default { get; } = new();
}

/// <summary>One leg resolved into WGS 84 geometry, with its geodesic length and the greatest chord deviation of its drawing.</summary>
/// <param name="Leg">The leg as described.</param>
/// <param name="Points">The leg's line on WGS 84, from its first turning point to its second.</param>
/// <param name="Length">Geodesic length of <paramref name="Points"/>, metres.</param>
/// <param name="MaxChordDeviation">Greatest distance between the true line and the chords drawing it, metres (0 for reference legs, which are their chords).</param>
/// <param name="Azimuth">Azimuth of the geodesic from the first turning point to the second, degrees clockwise from north: the leg's general direction.</param>
/// <remarks>Immutable.</remarks>
public sealed record ResolvedLeg(Leg Leg, IReadOnlyList<GeoPoint> Points, double Length, double MaxChordDeviation, double Azimuth);

/// <summary>
/// A description resolved into geometry, with every inconsistency found. The geometry is there even when problems are,
/// so that a draft can be shown with its problems listed.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record ResolvedDescription(BoundaryDescription Description, IReadOnlyDictionary<string, GeoPoint> TurningPoints, IReadOnlyList<ResolvedLeg> Legs, IReadOnlyList<InputProblem> Problems)
{
    /// <summary>True when no check failed.</summary>
    public bool IsConsistent => Problems.Count == 0;

    /// <summary>The whole line as one sequence of points, each leg's first point dropped after the first leg.</summary>
    public IReadOnlyList<GeoPoint> Line()
    {
        var line = new List<GeoPoint>();
        foreach (var leg in Legs)
        {
            line.AddRange(line.Count == 0 ? leg.Points : leg.Points.Skip(1));
        }

        return line;
    }
}

/// <summary>
/// Turns a boundary description into the line it defines on WGS 84, leg by leg, and checks it: turning points on their
/// reference lines, legs continuing one another, a closed description closing, and no leg crossing another.
/// </summary>
/// <remarks>Thread-safe; holds only immutable settings.</remarks>
public sealed class DescriptionResolver
{
    // Enough doublings to bring any leg on Earth within a millimetre; beyond this the tolerance is unreachable.
    private const int MaxSegments = 1 << 20;

    private readonly CrsRegistry _registry;
    private readonly IReadOnlyDictionary<string, ReferenceLine> _references;
    private readonly ResolutionTolerances _tolerances;
    private readonly Geodesic _geodesic = Geodesic.Wgs84;

    public DescriptionResolver(CrsRegistry registry, IEnumerable<ReferenceLine> references, ResolutionTolerances? tolerances = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(references);
        _registry = registry;
        _references = references.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _tolerances = tolerances ?? ResolutionTolerances.Default;
    }

    /// <summary>Resolves <paramref name="description"/>; problems name the turning point or leg and what is wrong.</summary>
    public ResolvedDescription Resolve(BoundaryDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var problems = new List<InputProblem>();
        var positions = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        foreach (var point in description.TurningPoints)
        {
            var wgs = ToWgs84(point.Position);
            if (wgs.Success)
            {
                positions[point.Id] = wgs.Value;
            }
            else
            {
                problems.AddRange(wgs.Problems.Select(p => p with { Source = "turning point " + point.Id }));
            }
        }

        var legs = new List<ResolvedLeg>();
        for (var i = 0; i < description.Legs.Count; i++)
        {
            var leg = description.Legs[i];
            var where = LegName(i, leg);
            if (i > 0 && !string.Equals(description.Legs[i - 1].To, leg.From, StringComparison.Ordinal))
            {
                problems.Add(new InputProblem(where, $"The line does not continue: the previous leg ends at {description.Legs[i - 1].To}, this leg starts at {leg.From}."));
            }

            if (!positions.TryGetValue(leg.From, out var from) || !positions.TryGetValue(leg.To, out var to))
            {
                problems.Add(new InputProblem(where, "A turning point of this leg has no usable position (see its problem)."));
                continue;
            }

            var resolved = leg.Kind switch
            {
                LegKind.Geodesic => AlongGeodesic(leg, from, to),
                LegKind.GridStraight => GridStraight(leg, where, from, to),
                LegKind.Parallel => AlongParallel(leg, where, from, to),
                LegKind.Meridian => AlongMeridian(leg, where, from, to),
                LegKind.Reference => AlongReference(leg, where, from, to),
                _ => throw new InvalidOperationException("Unknown leg kind " + leg.Kind),
            };
            if (resolved.Success)
            {
                legs.Add(resolved.Value);
            }
            else
            {
                problems.AddRange(resolved.Problems);
            }
        }

        if (description.IsClosed && description.Legs.Count > 0
            && !string.Equals(description.Legs[^1].To, description.Legs[0].From, StringComparison.Ordinal))
        {
            problems.Add(new InputProblem(LegName(description.Legs.Count - 1, description.Legs[^1]),
                $"The description is CLOSED but its last leg ends at {description.Legs[^1].To}, not at {description.Legs[0].From} where the first leg starts."));
        }

        if (legs.Count == description.Legs.Count)
        {
            problems.AddRange(Crossings(description, legs));
        }

        return new ResolvedDescription(description, positions, legs, problems);
    }

    /// <summary>A turning point's stated coordinates on WGS 84, through the default operation of its CRS.</summary>
    public ParseResult<GeoPoint> ToWgs84(StatedPosition position)
    {
        var crs = _registry.Resolve(position.Crs.ToString(), "position");
        if (!crs.Success)
        {
            return ParseResult<GeoPoint>.Failed(crs.Problems);
        }

        if (crs.Value.IsProjected != position.IsGrid)
        {
            return ParseResult<GeoPoint>.Failed(new InputProblem("position", position.IsGrid
                ? $"{position.Crs} is geographic; state latitude and longitude (… N … E), not easting and northing."
                : $"{position.Crs} is a grid; state easting and northing (E … N …), not latitude and longitude."));
        }

        var operation = CoordinateOperation.Create(crs.Value, CrsRegistry.Wgs84);
        if (!operation.Success)
        {
            return ParseResult<GeoPoint>.Failed(operation.Problems);
        }

        var (first, second) = InAxisOrder(crs.Value.AxisOrder, position.East, position.North);
        var result = operation.Value.Transform(first, second);
        if (result.Issues.HasFlag(TransformIssues.InvalidCoordinate))
        {
            return ParseResult<GeoPoint>.Failed(new InputProblem("position", $"The coordinates are not a position in {position.Crs}."));
        }

        return ParseResult<GeoPoint>.Ok(new GeoPoint(result.First, result.Second));
    }

    private double Azimuth(GeoPoint from, GeoPoint to) =>
        _geodesic.Inverse(from.Latitude, from.Longitude, to.Latitude, to.Longitude).InitialAzimuth;

    private static (double First, double Second) InAxisOrder(AxisOrder order, double east, double north) => order switch
    {
        AxisOrder.LatitudeLongitude or AxisOrder.NorthingEasting => (north, east),
        _ => (east, north),
    };

    private static string LegName(int index, Leg leg) =>
        string.Create(CultureInfo.InvariantCulture, $"leg {index + 1} ({leg.Label})");

    private ParseResult<ResolvedLeg> AlongGeodesic(Leg leg, GeoPoint from, GeoPoint to)
    {
        var inverse = _geodesic.Inverse(from.Latitude, from.Longitude, to.Latitude, to.Longitude);
        var (points, deviation) = Densify(from, to, fraction =>
            _geodesic.Direct(from.Latitude, from.Longitude, inverse.InitialAzimuth, inverse.Distance * fraction).Point);
        return ParseResult<ResolvedLeg>.Ok(new ResolvedLeg(leg, points, inverse.Distance, deviation, inverse.InitialAzimuth));
    }

    private ParseResult<ResolvedLeg> GridStraight(Leg leg, string where, GeoPoint from, GeoPoint to)
    {
        var grid = _registry.Resolve(leg.Grid?.ToString(), where);
        if (!grid.Success)
        {
            return ParseResult<ResolvedLeg>.Failed(grid.Problems);
        }

        if (grid.Value.Projection is null)
        {
            return ParseResult<ResolvedLeg>.Failed(new InputProblem(where, $"{leg.Grid} is not a grid; a STRAIGHT ON GRID leg needs a projected CRS such as EPSG:28408 or EPSG:32638."));
        }

        var toGrid = CoordinateOperation.Create(CrsRegistry.Wgs84, grid.Value);
        var fromGrid = CoordinateOperation.Create(grid.Value, CrsRegistry.Wgs84);
        if (!toGrid.Success || !fromGrid.Success)
        {
            return ParseResult<ResolvedLeg>.Failed(toGrid.Success ? fromGrid.Problems : toGrid.Problems);
        }

        var order = grid.Value.AxisOrder;
        (double E, double N) Project(GeoPoint p)
        {
            var t = toGrid.Value.Transform(p.Latitude, p.Longitude);
            return order == AxisOrder.NorthingEasting ? (t.Second, t.First) : (t.First, t.Second);
        }

        var a = Project(from);
        var b = Project(to);
        var (points, deviation) = Densify(from, to, fraction =>
        {
            var (first, second) = InAxisOrder(order, a.E + (b.E - a.E) * fraction, a.N + (b.N - a.N) * fraction);
            var back = fromGrid.Value.Transform(first, second);
            return new GeoPoint(back.First, back.Second);
        });
        return ParseResult<ResolvedLeg>.Ok(new ResolvedLeg(leg, points, _geodesic.Length(points.ToArray()), deviation, Azimuth(from, to)));
    }

    private ParseResult<ResolvedLeg> AlongParallel(Leg leg, string where, GeoPoint from, GeoPoint to)
    {
        var offset = _geodesic.Distance(from, new GeoPoint(to.Latitude, from.Longitude));
        if (offset > _tolerances.LineTolerance)
        {
            return ParseResult<ResolvedLeg>.Failed(new InputProblem(where, string.Create(CultureInfo.InvariantCulture,
                $"{leg.From} and {leg.To} are not on one parallel: their latitudes differ by {offset:0.###} m (tolerance {_tolerances.LineTolerance} m).")));
        }

        return AlongGraticule(leg, from, to);
    }

    private ParseResult<ResolvedLeg> AlongMeridian(Leg leg, string where, GeoPoint from, GeoPoint to)
    {
        var offset = _geodesic.Distance(from, new GeoPoint(from.Latitude, to.Longitude));
        if (offset > _tolerances.LineTolerance)
        {
            return ParseResult<ResolvedLeg>.Failed(new InputProblem(where, string.Create(CultureInfo.InvariantCulture,
                $"{leg.From} and {leg.To} are not on one meridian: their longitudes differ by {offset:0.###} m (tolerance {_tolerances.LineTolerance} m).")));
        }

        return AlongGraticule(leg, from, to);
    }

    // Parallels and meridians are straight in longitude/latitude, so chords drawn there do not deviate; the points are
    // still spaced so that a map drawn in another projection bends them correctly.
    private ParseResult<ResolvedLeg> AlongGraticule(Leg leg, GeoPoint from, GeoPoint to)
    {
        var (points, deviation) = Densify(from, to, fraction => new GeoPoint(
            from.Latitude + (to.Latitude - from.Latitude) * fraction,
            from.Longitude + (to.Longitude - from.Longitude) * fraction));
        return ParseResult<ResolvedLeg>.Ok(new ResolvedLeg(leg, points, _geodesic.Length(points.ToArray()), deviation, Azimuth(from, to)));
    }

    private ParseResult<ResolvedLeg> AlongReference(Leg leg, string where, GeoPoint from, GeoPoint to)
    {
        if (leg.Reference is null || !_references.TryGetValue(leg.Reference, out var reference))
        {
            var known = _references.Count == 0 ? "none was given" : "known: " + string.Join(", ", _references.Keys.Select(k => "\"" + k + "\""));
            return ParseResult<ResolvedLeg>.Failed(new InputProblem(where, $"The reference line \"{leg.Reference}\" is missing ({known})."));
        }

        if (reference.Points.Count < 2)
        {
            return ParseResult<ResolvedLeg>.Failed(new InputProblem(where, $"The reference line \"{leg.Reference}\" has fewer than two points."));
        }

        var frame = PlanarFrame.Utm(Utm.Zone(from.Longitude));
        var plane = reference.Points.Select(frame.ToPlane).ToArray();
        var start = Nearest(plane, frame.ToPlane(from));
        var end = Nearest(plane, frame.ToPlane(to));
        var problems = new List<InputProblem>();
        foreach (var (id, point, at) in new[] { (leg.From, from, start), (leg.To, to, end) })
        {
            var onLine = frame.FromPlane(at.X, at.Y);
            var distance = _geodesic.Distance(point, onLine);
            if (distance > _tolerances.ReferenceTolerance)
            {
                problems.Add(new InputProblem(where, string.Create(CultureInfo.InvariantCulture,
                    $"Turning point {id} is {distance:0.###} m from the reference line \"{leg.Reference}\" (tolerance {_tolerances.ReferenceTolerance} m).")));
            }
        }

        if (problems.Count > 0)
        {
            return ParseResult<ResolvedLeg>.Failed(problems);
        }

        // The leg runs from the turning point through the reference line's vertices strictly between the two
        // projections, to the other turning point, in whichever direction the reference happens to be digitised.
        var forward = start.Position <= end.Position;
        var (low, high) = forward ? (start.Position, end.Position) : (end.Position, start.Position);
        var between = new List<GeoPoint>();
        for (var k = (int)Math.Floor(low) + 1; k < high && k < plane.Length; k++)
        {
            between.Add(reference.Points[k]);
        }

        if (!forward)
        {
            between.Reverse();
        }

        var points = new List<GeoPoint>(between.Count + 2) { from };
        points.AddRange(between);
        points.Add(to);
        return ParseResult<ResolvedLeg>.Ok(new ResolvedLeg(leg, points, _geodesic.Length(points.ToArray()), 0, Azimuth(from, to)));
    }

    /// <summary>The nearest point of a polyline in the plane, with its position as segment index plus fraction.</summary>
    private static (double X, double Y, double Position) Nearest((double X, double Y)[] line, (double X, double Y) p)
    {
        var best = (X: line[0].X, Y: line[0].Y, Position: 0.0);
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i + 1 < line.Length; i++)
        {
            var (ax, ay) = line[i];
            var (bx, by) = line[i + 1];
            var dx = bx - ax;
            var dy = by - ay;
            var lengthSquared = dx * dx + dy * dy;
            var t = lengthSquared == 0 ? 0 : Math.Clamp(((p.X - ax) * dx + (p.Y - ay) * dy) / lengthSquared, 0, 1);
            var x = ax + t * dx;
            var y = ay + t * dy;
            var d = (p.X - x) * (p.X - x) + (p.Y - y) * (p.Y - y);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = (x, y, i + t);
            }
        }

        return best;
    }

    /// <summary>
    /// Points along a line given as a function of the fraction of its length, evenly spaced and doubled until the
    /// straight chord between neighbours (in longitude/latitude, as files draw it) is within the chord tolerance of
    /// the true line at its midpoint, which is where a short arc's chord is farthest from it.
    /// </summary>
    private (GeoPoint[] Points, double Deviation) Densify(GeoPoint from, GeoPoint to, Func<double, GeoPoint> at)
    {
        var segments = 1;
        while (true)
        {
            var points = new GeoPoint[segments + 1];
            points[0] = from;
            points[segments] = to;
            for (var i = 1; i < segments; i++)
            {
                points[i] = at((double)i / segments);
            }

            var deviation = 0.0;
            for (var i = 0; i < segments; i++)
            {
                var truth = at((i + 0.5) / segments);
                var chord = new GeoPoint((points[i].Latitude + points[i + 1].Latitude) / 2, (points[i].Longitude + points[i + 1].Longitude) / 2);
                deviation = Math.Max(deviation, _geodesic.Distance(truth, chord));
            }

            if (deviation <= _tolerances.ChordDeviation || segments >= MaxSegments)
            {
                return (points, deviation);
            }

            segments *= 2;
        }
    }

    private static List<InputProblem> Crossings(BoundaryDescription description, List<ResolvedLeg> legs)
    {
        if (legs.Count == 0)
        {
            return [];
        }

        var frame = PlanarFrame.Utm(Utm.Zone(legs[0].Points[0].Longitude));
        var factory = new GeometryFactory();
        var strings = legs
            .Select(l => factory.CreateLineString(l.Points.Select(p =>
            {
                var (x, y) = frame.ToPlane(p);
                return new Coordinate(x, y);
            }).ToArray()))
            .ToArray();
        var problems = new List<InputProblem>();
        for (var i = 0; i < strings.Length; i++)
        {
            if (!strings[i].IsSimple)
            {
                problems.Add(new InputProblem(LegName(i, legs[i].Leg), "The leg crosses itself."));
            }

            for (var j = i + 1; j < strings.Length; j++)
            {
                if (!strings[i].EnvelopeInternal.Intersects(strings[j].EnvelopeInternal))
                {
                    continue;
                }

                var meeting = strings[i].Intersection(strings[j]);
                if (meeting.IsEmpty)
                {
                    continue;
                }

                // Neighbouring legs share their turning point, and a closed line's last leg meets the first there.
                var shared = j == i + 1 && string.Equals(legs[i].Leg.To, legs[j].Leg.From, StringComparison.Ordinal) ? strings[i].EndPoint.Coordinate
                    : description.IsClosed && i == 0 && j == legs.Count - 1 && string.Equals(legs[i].Leg.From, legs[j].Leg.To, StringComparison.Ordinal) ? strings[i].StartPoint.Coordinate
                    : null;
                if (shared is not null && meeting is Point only && only.Coordinate.Distance(shared) < 1e-6)
                {
                    continue;
                }

                var near = frame.FromPlane(meeting.Coordinate.X, meeting.Coordinate.Y);
                problems.Add(new InputProblem(LegName(i, legs[i].Leg), string.Create(CultureInfo.InvariantCulture,
                    $"The line crosses itself: this leg meets {LegName(j, legs[j].Leg)} near {near}.")));
            }
        }

        return problems;
    }
}
