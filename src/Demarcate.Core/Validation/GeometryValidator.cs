using System.Globalization;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Demarcate.Core.Validation;

/// <summary>
/// Checks the geometry of an imported feature (WGS 84, x = longitude, y = latitude) before it enters the
/// record: positions that are not positions or lie outside the stated CRS's area, duplicate points, spikes,
/// too few points, self-intersections and rings against the right-hand rule; and repairs what can be
/// repaired without guessing, saying exactly what it changed.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Unclosed rings cannot exist in a built geometry; the readers find them and
/// report them with <see cref="FindingKind.UnclosedRing"/>.
/// </remarks>
public static class GeometryValidator
{
    // Beyond this many spikes in one part the rest are counted, not listed: a file with thousands is broken in
    // a way one message describes better.
    private const int MaximumListedSpikes = 20;

    /// <summary>Everything wrong with <paramref name="geometry"/>, feature <paramref name="feature"/> of its file; empty when it is sound.</summary>
    public static IReadOnlyList<GeometryFinding> Validate(Geometry geometry, long feature, ValidationRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var findings = new List<GeometryFinding>();
        Visit(geometry, "", new Context(feature, rules ?? ValidationRules.Default, findings));
        return findings;
    }

    /// <summary>
    /// Removes duplicate consecutive points and spikes and turns rings to the right-hand rule, listing each
    /// change; whatever cannot be put right without guessing (self-intersections, too few points, bad
    /// coordinates) stays in <see cref="GeometryRepair.Remaining"/>.
    /// </summary>
    public static GeometryRepair Repair(Geometry geometry, long feature, ValidationRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        rules ??= ValidationRules.Default;
        var changes = new List<GeometryChange>();
        var repaired = RepairPart(geometry, "", new RepairContext(feature, rules, changes));
        return new GeometryRepair(repaired, changes, Validate(repaired, feature, rules));
    }

    /// <summary>A position as users see it in messages: [longitude, latitude].</summary>
    public static string Position(Coordinate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return string.Create(CultureInfo.InvariantCulture, $"[{c.X:R}, {c.Y:R}]");
    }

    private sealed record Context(long Feature, ValidationRules Rules, List<GeometryFinding> Findings)
    {
        public void Add(FindingKind kind, string where, string reason, Coordinate? at = null) =>
            Findings.Add(new GeometryFinding(Feature, kind, where + reason) { At = at });
    }

    private sealed record RepairContext(long Feature, ValidationRules Rules, List<GeometryChange> Changes)
    {
        public void Add(FindingKind kind, string where, string description) => Changes.Add(new GeometryChange(Feature, kind, where + description));
    }

    private static void Visit(Geometry geometry, string where, Context context)
    {
        switch (geometry)
        {
            case GeometryCollection collection:
                if (collection.NumGeometries == 0)
                {
                    context.Add(FindingKind.Empty, where, $"the {collection.GeometryType} has no parts");
                    return;
                }

                for (var i = 0; i < collection.NumGeometries; i++)
                {
                    Visit(collection.GetGeometryN(i), $"{where}part {i}: ", context);
                }

                break;
            case Point point:
                if (point.IsEmpty)
                {
                    context.Add(FindingKind.Empty, where, "the point has no position");
                }
                else
                {
                    CheckPositions(point.Coordinates, where, context);
                }

                break;
            case LineString line:
                CheckLine(line, where, context);
                break;
            case Polygon polygon:
                CheckPolygon(polygon, where, context);
                break;
            default:
                throw new ArgumentException($"Unexpected geometry type {geometry.GeometryType}.", nameof(geometry));
        }
    }

    private static void CheckLine(LineString line, string where, Context context)
    {
        var coordinates = line.Coordinates;
        if (coordinates.Length == 0)
        {
            context.Add(FindingKind.Empty, where, "the line has no positions");
            return;
        }

        if (!CheckPositions(coordinates, where, context))
        {
            return;
        }

        var distinct = CheckDuplicates(coordinates, where, context, ring: false);
        if (distinct.Count < 2)
        {
            context.Add(FindingKind.TooFewPoints, where, $"a line needs at least 2 distinct positions; this one has {Count(distinct.Count)} ({Position(coordinates[0])})", coordinates[0]);
            return;
        }

        CheckSpikes(distinct, where, context, ring: false);
        var simple = new IsSimpleOp(line.Factory.CreateLineString([.. distinct]));
        if (!simple.IsSimple())
        {
            var at = simple.NonSimpleLocation;
            context.Add(FindingKind.SelfIntersection, where, $"the line crosses or touches itself at {Position(at)}", at);
        }
    }

    private static void CheckPolygon(Polygon polygon, string where, Context context)
    {
        if (polygon.IsEmpty)
        {
            context.Add(FindingKind.Empty, where, "the polygon has no rings");
            return;
        }

        var sound = true;
        for (var r = 0; r <= polygon.NumInteriorRings; r++)
        {
            var ring = r == 0 ? polygon.ExteriorRing : polygon.GetInteriorRingN(r - 1);
            var ringWhere = $"{where}ring {r}{(r == 0 ? " (the exterior ring)" : " (a hole)")}: ";
            var coordinates = ring.Coordinates;
            if (!CheckPositions(coordinates, ringWhere, context))
            {
                sound = false;
                continue;
            }

            var distinct = CheckDuplicates(coordinates, ringWhere, context, ring: true);
            if (distinct.Count < 3)
            {
                context.Add(FindingKind.TooFewPoints, ringWhere, $"a ring needs at least 3 distinct positions; this one has {Count(distinct.Count)}", coordinates[0]);
                sound = false;
                continue;
            }

            CheckSpikes(distinct, ringWhere, context, ring: true);
            if (context.Rules.RightHandRule && Orientation.IsCCW(ring.CoordinateSequence) != (r == 0))
            {
                context.Add(
                    FindingKind.WrongWinding,
                    ringWhere,
                    r == 0
                        ? "the exterior ring runs clockwise; RFC 7946 wants it counter-clockwise (the right-hand rule)"
                        : "the hole runs counter-clockwise; RFC 7946 wants holes clockwise (the right-hand rule)");
            }
        }

        if (sound)
        {
            var validity = new IsValidOp(polygon).ValidationError;
            if (validity is not null)
            {
                context.Add(
                    validity.ErrorType == TopologyValidationErrors.TooFewPoints ? FindingKind.TooFewPoints : FindingKind.SelfIntersection,
                    where,
                    $"the polygon is not valid: {validity.Message.ToLowerInvariant()} at {Position(validity.Coordinate)}",
                    validity.Coordinate);
            }
        }
    }

    /// <summary>Reports positions that are not numbers, beyond the globe, or outside the stated area; false when any is not a position at all.</summary>
    private static bool CheckPositions(Coordinate[] coordinates, string where, Context context)
    {
        var rules = context.Rules;
        var named = 0;
        var more = 0;
        var allPositions = true;
        for (var i = 0; i < coordinates.Length; i++)
        {
            var c = coordinates[i];
            FindingKind? kind = null;
            string? reason = null;
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
            {
                kind = FindingKind.InvalidCoordinate;
                reason = "is not a number";
            }
            else if (Math.Abs(c.Y) > 90 || Math.Abs(c.X) > 180)
            {
                var swappedFits = Math.Abs(c.X) <= 90 && Math.Abs(c.Y) <= 180 && rules.AreaOfUse.Contains(c.X, c.Y);
                kind = swappedFits ? FindingKind.SwappedAxes : FindingKind.InvalidCoordinate;
                reason = swappedFits
                    ? "has a latitude beyond ±90°; with its axes exchanged it would lie inside the area of use: the axes look swapped (check --axis-order)"
                    : Math.Abs(c.X) > 1000 || Math.Abs(c.Y) > 1000
                        ? "is not in degrees: the values look like metres of a projected CRS; state the CRS the file is in (--crs)"
                        : "lies beyond ±180° longitude or ±90° latitude";
            }
            else if (!rules.AreaOfUse.Contains(c.Y, c.X))
            {
                var swappedFits = rules.AreaOfUse.Contains(c.X, c.Y);
                kind = swappedFits ? FindingKind.SwappedAxes : FindingKind.OutsideArea;
                reason = swappedFits
                    ? $"lies outside the area of use of {rules.AreaName} ({rules.AreaOfUse}), but inside it with its axes exchanged: the axes look swapped (check --axis-order)"
                    : $"lies outside the area of use of {rules.AreaName} ({rules.AreaOfUse}): is the file really in that CRS?";
            }

            if (kind is null)
            {
                continue;
            }

            allPositions &= kind is not FindingKind.InvalidCoordinate;
            if (named < rules.MaximumNamedPositions)
            {
                named++;
                context.Add(kind.Value, where, $"vertex {i} {Position(c)} {reason}", c);
            }
            else
            {
                more++;
            }
        }

        if (more > 0)
        {
            context.Add(FindingKind.InvalidCoordinate, where, $"and {more} more vertices with the same kind of problem");
        }

        return allPositions && named == 0;
    }

    /// <summary>Reports repeated consecutive positions; returns the positions without them (a ring without its closing position).</summary>
    private static List<Coordinate> CheckDuplicates(Coordinate[] coordinates, string where, Context context, bool ring)
    {
        var distinct = Deduplicate(coordinates, ring, out var repeats);
        if (repeats.Count > 0)
        {
            var first = repeats[0];
            var others = repeats.Count > 1 ? $", and {repeats.Count - 1} more" : "";
            context.Add(
                FindingKind.DuplicatePoint,
                where,
                $"{Count(repeats.Count)} duplicate consecutive position{(repeats.Count == 1 ? "" : "s")}: vertex {first} repeats vertex {first - 1} at {Position(coordinates[first])}{others}",
                coordinates[first]);
        }

        return distinct;
    }

    private static List<Coordinate> Deduplicate(Coordinate[] coordinates, bool ring, out List<int> repeats)
    {
        repeats = [];
        var end = ring && coordinates.Length > 1 && coordinates[^1].Equals2D(coordinates[0]) ? coordinates.Length - 1 : coordinates.Length;
        var distinct = new List<Coordinate>(end);
        for (var i = 0; i < end; i++)
        {
            if (distinct.Count > 0 && coordinates[i].Equals2D(distinct[^1]))
            {
                repeats.Add(i);
                continue;
            }

            distinct.Add(coordinates[i]);
        }

        // A ring whose last distinct position repeats its first was closed twice.
        if (ring && distinct.Count > 1 && distinct[^1].Equals2D(distinct[0]))
        {
            repeats.Add(end - 1);
            distinct.RemoveAt(distinct.Count - 1);
        }

        return distinct;
    }

    private static void CheckSpikes(List<Coordinate> distinct, string where, Context context, bool ring)
    {
        var listed = 0;
        var more = 0;
        foreach (var (index, angle) in Spikes(distinct, ring, context.Rules.SpikeAngleDegrees))
        {
            if (listed == MaximumListedSpikes)
            {
                more++;
                continue;
            }

            listed++;
            context.Add(
                FindingKind.Spike,
                where,
                string.Create(CultureInfo.InvariantCulture, $"spike at {Position(distinct[index])}: the line turns back on itself there (the segments meet at {angle:0.###}°, under the {context.Rules.SpikeAngleDegrees}° threshold)"),
                distinct[index]);
        }

        if (more > 0)
        {
            context.Add(FindingKind.Spike, where, $"and {more} more spikes");
        }
    }

    /// <summary>The vertices (indices into <paramref name="points"/>) where the two segments meeting there enclose less than the threshold.</summary>
    private static IEnumerable<(int Index, double Angle)> Spikes(List<Coordinate> points, bool ring, double threshold)
    {
        var n = points.Count;
        if (n < 3)
        {
            yield break;
        }

        for (var i = ring ? 0 : 1; i < (ring ? n : n - 1); i++)
        {
            var angle = Angle(points[(i + n - 1) % n], points[i], points[(i + 1) % n]);
            if (angle < threshold)
            {
                yield return (i, angle);
            }
        }
    }

    /// <summary>The angle at <paramref name="at"/> between the directions to its neighbours, in degrees, in a local plane true to scale in both axes.</summary>
    private static double Angle(Coordinate before, Coordinate at, Coordinate after)
    {
        var shrink = Math.Cos(at.Y * Math.PI / 180);
        var ux = (before.X - at.X) * shrink;
        var uy = before.Y - at.Y;
        var vx = (after.X - at.X) * shrink;
        var vy = after.Y - at.Y;
        return Math.Abs(Math.Atan2((ux * vy) - (uy * vx), (ux * vx) + (uy * vy))) * 180 / Math.PI;
    }

    private static Geometry RepairPart(Geometry geometry, string where, RepairContext context)
    {
        var factory = geometry.Factory;
        switch (geometry)
        {
            case MultiLineString lines:
                return factory.CreateMultiLineString([.. Parts(lines, where, context).Cast<LineString>()]);
            case MultiPolygon polygons:
                return factory.CreateMultiPolygon([.. Parts(polygons, where, context).Cast<Polygon>()]);
            case MultiPoint:
                return geometry;
            case GeometryCollection collection:
                return factory.CreateGeometryCollection([.. Parts(collection, where, context)]);
            case Point:
                return geometry;
            case LineString line:
                {
                    var points = RepairSequence(line.Coordinates, where, context, ring: false);
                    return points.Count < 2 ? line : factory.CreateLineString([.. points]);
                }

            case Polygon polygon:
                {
                    if (polygon.IsEmpty)
                    {
                        return polygon;
                    }

                    var rings = new List<LinearRing>();
                    for (var r = 0; r <= polygon.NumInteriorRings; r++)
                    {
                        var ring = r == 0 ? polygon.ExteriorRing : polygon.GetInteriorRingN(r - 1);
                        var ringWhere = $"{where}ring {r}{(r == 0 ? " (the exterior ring)" : " (a hole)")}: ";
                        var points = RepairSequence(ring.Coordinates, ringWhere, context, ring: true);
                        if (points.Count < 3)
                        {
                            rings.Add((LinearRing)ring);
                            continue;
                        }

                        points.Add(points[0].Copy());
                        var built = factory.CreateLinearRing([.. points]);
                        if (context.Rules.RightHandRule && Orientation.IsCCW(built.CoordinateSequence) != (r == 0))
                        {
                            built = (LinearRing)built.Reverse();
                            context.Add(FindingKind.WrongWinding, ringWhere, r == 0
                                ? "reversed the exterior ring to run counter-clockwise (the right-hand rule)"
                                : "reversed the hole to run clockwise (the right-hand rule)");
                        }

                        rings.Add(built);
                    }

                    return factory.CreatePolygon(rings[0], [.. rings.Skip(1)]);
                }

            default:
                return geometry;
        }
    }

    private static IEnumerable<Geometry> Parts(GeometryCollection collection, string where, RepairContext context)
    {
        for (var i = 0; i < collection.NumGeometries; i++)
        {
            yield return RepairPart(collection.GetGeometryN(i), $"{where}part {i}: ", context);
        }
    }

    /// <summary>The positions without repeats and spikes (a ring without its closing position), each removal recorded with its vertex number in the file.</summary>
    private static List<Coordinate> RepairSequence(Coordinate[] coordinates, string where, RepairContext context, bool ring)
    {
        if (coordinates.Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y)))
        {
            // Not positions at all: nothing here can be repaired without guessing.
            return [.. coordinates];
        }

        var distinct = Deduplicate(coordinates, ring, out var repeats);
        if (repeats.Count > 0)
        {
            context.Add(
                FindingKind.DuplicatePoint,
                where,
                $"removed {Count(repeats.Count)} duplicate consecutive position{(repeats.Count == 1 ? "" : "s")} (vertex {string.Join(", ", repeats.Take(10).Select(i => i.ToString(CultureInfo.InvariantCulture)))}{(repeats.Count > 10 ? ", …" : "")})");
        }

        // Where each remaining position was in the file, so that every removal names the vertex the user knows.
        var original = new List<int>(distinct.Count);
        for (int i = 0, d = 0; i < coordinates.Length && d < distinct.Count; i++)
        {
            if (ReferenceEquals(coordinates[i], distinct[d]))
            {
                original.Add(i);
                d++;
            }
        }

        // Removing a spike can make its neighbours a spike or a repeat; go on until none is left.
        while (distinct.Count >= (ring ? 4 : 3))
        {
            var spike = Spikes(distinct, ring, context.Rules.SpikeAngleDegrees).Select(s => ((int, double)?)s).FirstOrDefault();
            if (spike is not { } found)
            {
                break;
            }

            var (index, angle) = found;
            context.Add(
                FindingKind.Spike,
                where,
                string.Create(CultureInfo.InvariantCulture, $"removed the spike at vertex {original[index]} {Position(distinct[index])} (the segments met at {angle:0.###}°)"));
            distinct.RemoveAt(index);
            original.RemoveAt(index);
            for (var i = Math.Max(1, index); i < distinct.Count;)
            {
                if (distinct[i].Equals2D(distinct[i - 1]))
                {
                    context.Add(FindingKind.DuplicatePoint, where, $"removed vertex {original[i]}, which repeated its neighbour once the spike was gone");
                    distinct.RemoveAt(i);
                    original.RemoveAt(i);
                }
                else
                {
                    break;
                }
            }
        }

        return distinct;
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
