using System.Globalization;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Demarcation;

/// <summary>
/// Plans the pillars along an agreed line: one at each end and each turning point, a pair on the two banks where
/// the line crosses a river, one beside each road and railway it crosses, then more so that primaries are at most
/// the primary spacing apart and any two consecutive pillars at most the secondary spacing; with a terrain model,
/// intermediate pillars wherever one pillar cannot see the next. Numbers follow the commission's scheme and keep
/// those already in the register. Planar work is done in the section's UTM zone; distances are geodesic.
/// </summary>
public static class PillarPlanning
{
    private static readonly GeometryFactory Plane = new();

    /// <summary>Two pillars closer than this along the line are one (a turning point on a crossing, say).</summary>
    private const double SamePlace = 1.0;

    /// <summary>A registered pillar within this distance of a planned one keeps its number.</summary>
    private const double SameRegisteredPlace = 1.0;

    /// <summary>Plans the pillars of <paramref name="line"/> (WGS 84, in the section's direction).</summary>
    /// <param name="prefix">The numbering prefix, e.g. the sector id "M-04".</param>
    /// <param name="utmZone">The section's UTM zone, where crossings are found and sight lines sampled.</param>
    /// <param name="crossings">Rivers, roads and railways to look for crossings with.</param>
    /// <param name="terrain">A terrain model for intervisibility, or null to plan without it.</param>
    /// <param name="registered">Pillars already in the register for this prefix: their numbers are kept.</param>
    public static PillarPlan Plan(
        string prefix,
        IReadOnlyList<GeoPoint> line,
        int utmZone,
        PillarPlanRules rules,
        IReadOnlyList<CrossingFeature>? crossings = null,
        ElevationGrid? terrain = null,
        IReadOnlyList<RegisteredPillar>? registered = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Check() is { Count: > 0 } problems)
        {
            throw new ArgumentException("Pillar rules: " + string.Join("; ", problems), nameof(rules));
        }

        var path = new LinePath(line, utmZone);
        var notes = new List<string>();
        var marks = new List<Mark>
        {
            new(0, PillarType.Primary, PillarReason.SectorEnd, null, null),
            new(path.Length, PillarType.Primary, PillarReason.SectorEnd, null, null),
        };
        for (var i = 1; i < line.Count - 1; i++)
        {
            if (path.Deflection(i) >= rules.TurningPointMinimumDeflection && path.Chainage[i] > 0 && path.Chainage[i] < path.Length)
            {
                marks.Add(new Mark(path.Chainage[i], PillarType.Primary, PillarReason.TurningPoint, null, null));
            }
        }

        foreach (var crossing in crossings ?? [])
        {
            foreach (var at in path.Crossings(crossing.Feature.Geometry))
            {
                var name = crossing.Feature.Name;
                if (crossing.Kind == CrossingKind.River)
                {
                    marks.Add(new Mark(Math.Max(0, at - rules.RiverBankOffset), PillarType.Primary, PillarReason.RiverBank, name, 'A'));
                    marks.Add(new Mark(Math.Min(path.Length, at + rules.RiverBankOffset), PillarType.Primary, PillarReason.RiverBank, name, 'B'));
                }
                else
                {
                    var reason = crossing.Kind == CrossingKind.Road ? PillarReason.RoadCrossing : PillarReason.RailwayCrossing;
                    marks.Add(new Mark(Math.Max(0, at - rules.RoadSetback), PillarType.Secondary, reason, name, null));
                }

                notes.Add(string.Create(CultureInfo.InvariantCulture, $"the line crosses {crossing.Kind.ToString().ToLowerInvariant()} '{name}' at {at:0.0} m"));
            }
        }

        foreach (var pillar in registered ?? [])
        {
            if (pillar.Number.Prefix != prefix)
            {
                continue;
            }

            var (chainage, off) = path.Locate(pillar.Position);
            if (off > SameRegisteredPlace)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"registered pillar {pillar.Number} stands {off:0.00} m off this line; it stays in the register but not in the plan"));
                continue;
            }

            marks.Add(new Mark(chainage, pillar.Type, PillarReason.Registered, null, pillar.Number.Bank) { Number = pillar.Number });
        }

        marks = Merge(marks);
        marks = Fill(marks, m => m.Type == PillarType.Primary, rules.PrimarySpacing, PillarType.Primary);
        marks = Fill(marks, _ => true, rules.SecondarySpacing, PillarType.Secondary);
        var unsighted = new List<(int, int)>();
        if (terrain is not null)
        {
            marks = Sight(path, marks, terrain, rules, notes, unsighted);
        }

        var numbers = Number(prefix, marks, registered ?? [], notes);
        var pillars = marks.Select((m, i) =>
        {
            var position = path.At(m.Chainage);
            var sightTo = m.SightTo is { } id ? marks.FindIndex(x => x.Id == id) : -1;
            return new PlannedPillar(numbers[i], m.Type, m.Reason, position, m.Chainage, m.Feature)
            {
                Height = terrain?.HeightAt(position),
                Moved = m.Moved,
                MovedFor = sightTo >= 0 ? string.Create(CultureInfo.InvariantCulture, $"moved {Math.Abs(m.Moved):0} m {(m.Moved > 0 ? "on" : "back")} for sight to {numbers[sightTo]}") : null,
            };
        }).ToList();
        foreach (var moved in pillars.Where(p => p.MovedFor is not null))
        {
            notes.Add($"{moved.Number} {moved.MovedFor}");
        }
        return new PillarPlan(prefix, path.Length, pillars, notes)
        {
            Unsighted = [.. unsighted.Select(u => (numbers[u.Item1], numbers[u.Item2]))],
        };
    }

    /// <summary>A pillar being planned, before it has a number.</summary>
    private sealed record Mark(double Chainage, PillarType Type, PillarReason Reason, string? Feature, char? Bank)
    {
        /// <summary>The number it already has in the register.</summary>
        public PillarNumber? Number { get; init; }

        /// <summary>Tells marks apart while intervisibility moves and adds them.</summary>
        public int Id { get; init; }

        /// <summary>How far intervisibility moved the mark along the line, metres.</summary>
        public double Moved { get; init; }

        /// <summary>The <see cref="Id"/> of the neighbour the mark was moved to see.</summary>
        public int? SightTo { get; init; }
    }

    /// <summary>
    /// Sorted along the line; marks in the same place (and on the same bank) become one: the more telling reason is
    /// kept, the stronger type, and a registered number.
    /// </summary>
    private static List<Mark> Merge(List<Mark> marks)
    {
        var sorted = marks.OrderBy(m => m.Chainage).ThenBy(m => m.Bank).ToList();
        var merged = new List<Mark>();
        foreach (var mark in sorted)
        {
            var same = merged.FindLastIndex(m => mark.Chainage - m.Chainage < SamePlace && m.Bank == mark.Bank);
            if (same < 0)
            {
                merged.Add(mark);
                continue;
            }

            var kept = merged[same];
            var (reason, feature) = Rank(mark.Reason) > Rank(kept.Reason) ? (mark.Reason, mark.Feature) : (kept.Reason, kept.Feature);
            var registeredMark = kept.Number is not null ? kept : mark.Number is not null ? mark : null;
            merged[same] = kept with
            {
                Chainage = registeredMark?.Chainage ?? kept.Chainage,
                Type = registeredMark?.Type ?? Stronger(mark.Type, kept.Type),
                Reason = reason,
                Feature = feature,
                Number = registeredMark?.Number,
            };
        }

        return merged;
    }

    private static int Rank(PillarReason reason) => reason switch
    {
        PillarReason.SectorEnd => 5,
        PillarReason.RiverBank => 4,
        PillarReason.RoadCrossing or PillarReason.RailwayCrossing => 3,
        PillarReason.TurningPoint => 2,
        PillarReason.Registered => 0,
        _ => 1,
    };

    private static PillarType Stronger(PillarType a, PillarType b) => (PillarType)Math.Min((int)a, (int)b);

    /// <summary>Adds evenly spaced marks of <paramref name="type"/> wherever consecutive marks that <paramref name="counts"/> are more than <paramref name="spacing"/> apart.</summary>
    private static List<Mark> Fill(List<Mark> marks, Func<Mark, bool> counts, double spacing, PillarType type)
    {
        var added = new List<Mark>();
        Mark? previous = null;
        foreach (var mark in marks.Where(counts))
        {
            if (previous is not null)
            {
                var gap = mark.Chainage - previous.Chainage;
                var pieces = (int)Math.Ceiling((gap / spacing) - 1e-9);
                for (var k = 1; k < pieces; k++)
                {
                    added.Add(new Mark(previous.Chainage + (gap * k / pieces), type, PillarReason.Spacing, null, null));
                }
            }

            previous = mark;
        }

        return [.. marks.Concat(added).OrderBy(m => m.Chainage).ThenBy(m => m.Bank)];
    }

    /// <summary>
    /// Checks each consecutive pair for sight. Where the terrain blocks it, a movable pillar of the pair is first moved
    /// along the line (within the rules' window, keeping the spacings) to the nearest place that sees both its
    /// neighbours; only where none does is an intermediate mark added at the worst point, and both halves checked
    /// again, until every pair sees each other or the pillars are at the minimum spacing.
    /// </summary>
    private static List<Mark> Sight(LinePath path, List<Mark> given, ElevationGrid terrain, PillarPlanRules rules, List<string> notes, List<(int, int)> unsighted)
    {
        var step = Math.Max(terrain.ApproximateCellMetres / 2, 1);
        var marks = given.Select((m, i) => m with { Id = i }).ToList();
        var nextId = marks.Count;
        var result = new List<Mark> { marks[0] };
        var uncovered = 0;
        var blocked = new List<(Mark, Mark)>();
        for (var i = 1; i < marks.Count; i++)
        {
            var a = result[^1];
            var sight = Check(path, a.Chainage, marks[i].Chainage, terrain, rules, step);
            if (sight.Covered && !sight.Visible && rules.MoveWindow > 0)
            {
                if (i + 1 < marks.Count && Move(marks[i], a, marks[i + 1], a) is { } movedNext)
                {
                    marks[i] = movedNext;
                }
                else if (result.Count > 1 && !blocked.Exists(p => p.Item2.Id == a.Id) && Move(a, result[^2], marks[i], marks[i]) is { } movedLast)
                {
                    result[^1] = movedLast;
                }
            }

            Between(result[^1], marks[i], depth: 0);
            result.Add(marks[i]);
        }

        // The nearest place, forward first, within the window and the spacings, from which the mark sees both neighbours.
        Mark? Move(Mark mark, Mark before, Mark after, Mark sightTo)
        {
            if (mark.Number is not null || mark.Type is not (PillarType.Secondary or PillarType.Intermediate) || mark.Reason is not (PillarReason.Spacing or PillarReason.Intervisibility))
            {
                return null;
            }

            var lowest = Math.Max(before.Chainage + rules.MinimumSpacing, after.Chainage - rules.SecondarySpacing);
            var highest = Math.Min(after.Chainage - rules.MinimumSpacing, before.Chainage + rules.SecondarySpacing);
            for (var k = 1; k * step <= rules.MoveWindow + 1e-9; k++)
            {
                foreach (var shift in (ReadOnlySpan<double>)[k * step, -k * step])
                {
                    var at = mark.Chainage + shift;
                    if (at >= lowest && at <= highest
                        && Check(path, before.Chainage, at, terrain, rules, step).Visible
                        && Check(path, at, after.Chainage, terrain, rules, step).Visible)
                    {
                        return mark with { Chainage = at, Moved = mark.Moved + shift, SightTo = sightTo.Id };
                    }
                }
            }

            return null;
        }

        void Between(Mark a, Mark b, int depth)
        {
            var sight = Check(path, a.Chainage, b.Chainage, terrain, rules, step);
            if (!sight.Covered)
            {
                uncovered++;
                return;
            }

            if (sight.Visible)
            {
                return;
            }

            var gap = b.Chainage - a.Chainage;
            var t = Math.Clamp(sight.WorstFraction, rules.MinimumSpacing / gap, 1 - (rules.MinimumSpacing / gap));
            if (gap < 2 * rules.MinimumSpacing || depth > 30)
            {
                blocked.Add((a, b));
                return;
            }

            var middle = new Mark(a.Chainage + (t * gap), PillarType.Intermediate, PillarReason.Intervisibility, null, null) { Id = nextId++ };
            Between(a, middle, depth + 1);
            result.Add(middle);
            Between(middle, b, depth + 1);
        }

        if (uncovered > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the elevation grid does not cover the line between {uncovered} pair(s) of pillars: their intervisibility is not checked"));
        }

        foreach (var (a, b) in blocked)
        {
            unsighted.Add((result.IndexOf(a), result.IndexOf(b)));
        }

        return result;
    }

    private static SightLine Check(LinePath path, double from, double to, ElevationGrid terrain, PillarPlanRules rules, double step)
    {
        var (ax, ay) = path.PlaneAt(from);
        var (bx, by) = path.PlaneAt(to);
        var distance = path.Geodesic(from, to);
        var count = Math.Max(2, (int)Math.Ceiling(distance / step) + 1);
        var heights = count <= 4096 ? stackalloc double[count] : new double[count];
        var sameZone = terrain.UtmZone == path.Zone;
        for (var i = 0; i < count; i++)
        {
            var t = (double)i / (count - 1);
            var x = ax + (t * (bx - ax));
            var y = ay + (t * (by - ay));
            heights[i] = sameZone ? terrain.HeightAtGrid(x, y) : terrain.HeightAt(path.FromPlane(x, y)) ?? double.NaN;
        }

        return LineOfSight.Check(heights, distance, rules.SightingHeight, rules.RefractionCoefficient);
    }

    /// <summary>
    /// Numbers in order along the line: a registered pillar standing where a planned one is keeps its number;
    /// the others get numbers between their numbered neighbours (1, 2, … on a fresh line); the two pillars of a bank
    /// pair share one number with A and B.
    /// </summary>
    private static PillarNumber[] Number(string prefix, List<Mark> marks, IReadOnlyList<RegisteredPillar> registered, List<string> notes)
    {
        var numbers = marks.Select(m => m.Number).ToArray();

        // Numbers must rise along the line; a registered number out of order is not reused.
        PillarNumber? last = null;
        for (var i = 0; i < marks.Count; i++)
        {
            if (numbers[i] is { } n)
            {
                if (last is { } l && n.CompareTo(l) <= 0)
                {
                    notes.Add($"registered pillar {n} would stand out of order along the line; the plan gives that place a new number");
                    numbers[i] = null;
                }
                else
                {
                    last = n;
                }
            }
        }

        var allRegistered = registered.Where(r => r.Number.Prefix == prefix).Select(r => r.Number).ToList();
        for (var i = 0; i < marks.Count; i++)
        {
            if (numbers[i] is not null)
            {
                continue;
            }

            if (marks[i].Bank == 'B' && i > 0 && marks[i - 1].Bank == 'A' && numbers[i - 1] is { } partner && partner.Bank == 'A')
            {
                numbers[i] = partner.WithBank('B');
                continue;
            }

            PillarNumber? before = null;
            for (var j = i - 1; j >= 0 && before is null; j--)
            {
                before = numbers[j]?.WithBank(null);
            }

            PillarNumber? after = null;
            for (var j = i + 1; j < marks.Count && after is null; j++)
            {
                after = numbers[j]?.WithBank(null);
            }

            // A fresh number must also pass over registered numbers not on this plan, so none is ever given twice.
            var fresh = PillarNumber.Between(prefix, before, after);
            while (allRegistered.Any(r => r.WithBank(null).Equals(fresh)))
            {
                fresh = PillarNumber.Between(prefix, fresh, after);
            }

            numbers[i] = marks[i].Bank is { } bank ? fresh.WithBank(bank) : fresh;
        }

        return [.. numbers.Select(n => n!.Value)];
    }

    /// <summary>The line in the UTM plane with geodesic chainage at each vertex.</summary>
    private sealed class LinePath
    {
        private readonly IReadOnlyList<GeoPoint> _points;
        private readonly TransverseMercator _projection;
        private readonly double[] _x;
        private readonly double[] _y;
        private readonly PolylineIndex _index;

        public LinePath(IReadOnlyList<GeoPoint> points, int zone)
        {
            if (points.Count < 2)
            {
                throw new ArgumentException("A line to plan pillars on has at least two points.", nameof(points));
            }

            _points = points;
            Zone = zone;
            _projection = Utm.Projection(zone);
            _x = new double[points.Count];
            _y = new double[points.Count];
            Chainage = new double[points.Count];
            for (var i = 0; i < points.Count; i++)
            {
                var g = _projection.Forward(points[i].Latitude, points[i].Longitude);
                _x[i] = g.Easting;
                _y[i] = g.Northing;
                Chainage[i] = i == 0 ? 0 : Chainage[i - 1] + Geodesy.Geodesic.Wgs84.Distance(points[i - 1], points[i]);
            }

            Length = Chainage[^1];
            _index = new PolylineIndex(_x, _y);
        }

        public int Zone { get; }

        public double[] Chainage { get; }

        public double Length { get; }

        /// <summary>How much the line turns at vertex <paramref name="i"/>, degrees (0 straight on, 180 back).</summary>
        public double Deflection(int i)
        {
            var a = Math.Atan2(_y[i] - _y[i - 1], _x[i] - _x[i - 1]);
            var b = Math.Atan2(_y[i + 1] - _y[i], _x[i + 1] - _x[i]);
            var turn = Math.Abs(b - a) * 180 / Math.PI;
            return turn > 180 ? 360 - turn : turn;
        }

        private int SegmentAt(double chainage)
        {
            var s = Array.BinarySearch(Chainage, chainage);
            s = s >= 0 ? s : ~s - 1;
            return Math.Clamp(s, 0, Chainage.Length - 2);
        }

        public (double X, double Y) PlaneAt(double chainage)
        {
            var s = SegmentAt(chainage);
            var length = Chainage[s + 1] - Chainage[s];
            var t = length > 0 ? Math.Clamp((chainage - Chainage[s]) / length, 0, 1) : 0;
            return (_x[s] + (t * (_x[s + 1] - _x[s])), _y[s] + (t * (_y[s + 1] - _y[s])));
        }

        /// <summary>The point at a chainage, on the geodesic between the vertices either side.</summary>
        public GeoPoint At(double chainage)
        {
            var s = SegmentAt(chainage);
            var along = chainage - Chainage[s];
            return along <= 0 ? _points[s]
                : chainage >= Chainage[s + 1] ? _points[s + 1]
                : Geodesy.Geodesic.Wgs84.Interpolate(_points[s], _points[s + 1], along);
        }

        public GeoPoint FromPlane(double x, double y) => _projection.Reverse(x, y);

        /// <summary>The chainage of the point of the line nearest <paramref name="point"/>, and how far off the line it is (metres, geodesic).</summary>
        public (double Chainage, double Offset) Locate(GeoPoint point)
        {
            var g = _projection.Forward(point.Latitude, point.Longitude);
            var segment = 0;
            _index.Distance(g.Easting, g.Northing, ref segment);
            var chainage = ChainageOn(segment, g.Easting, g.Northing);
            return (chainage, Geodesy.Geodesic.Wgs84.Distance(point, At(chainage)));
        }

        private double ChainageOn(int segment, double x, double y)
        {
            var dx = _x[segment + 1] - _x[segment];
            var dy = _y[segment + 1] - _y[segment];
            var squared = (dx * dx) + (dy * dy);
            var t = squared > 0 ? Math.Clamp((((x - _x[segment]) * dx) + ((y - _y[segment]) * dy)) / squared, 0, 1) : 0;
            return Chainage[segment] + (t * (Chainage[segment + 1] - Chainage[segment]));
        }

        public double Geodesic(double from, double to) => Geodesy.Geodesic.Wgs84.Distance(At(from), At(to));

        /// <summary>Chainages where a linear feature (WGS 84, x = longitude) meets the line, in the plane of the zone.</summary>
        public IEnumerable<double> Crossings(Geometry feature)
        {
            var boundary = Plane.CreateLineString([.. Enumerable.Range(0, _x.Length).Select(i => new Coordinate(_x[i], _y[i]))]);
            var planar = _projection.ToPlane(feature);
            var meeting = boundary.Intersection(planar);
            var found = new List<double>();
            for (var g = 0; g < meeting.NumGeometries; g++)
            {
                // A feature running along the line meets it in a stretch; its first point stands for the crossing.
                var c = meeting.GetGeometryN(g).Coordinate;
                if (c is null)
                {
                    continue;
                }

                var segment = 0;
                _index.Distance(c.X, c.Y, ref segment);
                found.Add(ChainageOn(segment, c.X, c.Y));
            }

            return found.Order();
        }
    }
}
