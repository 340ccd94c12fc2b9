using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Delimitation;

/// <summary>How a turning point or leg differs between two versions of a description.</summary>
public enum DescriptionChange
{
    Added,
    Removed,

    /// <summary>A turning point now lies elsewhere; a leg now runs differently (kind, grid, reference, source or defining feature).</summary>
    Changed,

    /// <summary>A turning point stated differently (another CRS, another fixing) at the same place.</summary>
    Restated,
}

/// <summary>A turning point that differs between versions, with how far it moved on the ellipsoid.</summary>
/// <param name="Id">The turning point.</param>
/// <param name="Change">Added, removed, moved (<see cref="DescriptionChange.Changed"/>) or restated.</param>
/// <param name="Before">As the first version states it; null when added.</param>
/// <param name="After">As the second version states it; null when removed.</param>
/// <param name="Moved">Geodesic distance between the two positions on WGS 84, metres; null unless both resolve.</param>
public sealed record TurningPointChange(string Id, DescriptionChange Change, TurningPoint? Before, TurningPoint? After, double? Moved);

/// <summary>A leg (named by its two turning points) that differs between versions.</summary>
public sealed record LegChange(string From, string To, DescriptionChange Change, Leg? Before, Leg? After)
{
    public string Label => From + " → " + To;
}

/// <summary>What changed from one version of a description to another: turning points added, removed, moved (with distances) or restated, and legs added, removed or changed.</summary>
/// <remarks>Immutable.</remarks>
public sealed record DescriptionDifference(IReadOnlyList<TurningPointChange> TurningPoints, IReadOnlyList<LegChange> Legs, string? TitleBefore, string? TitleAfter, bool ClosedBefore, bool ClosedAfter)
{
    public bool IsEmpty => TurningPoints.Count == 0 && Legs.Count == 0 && string.Equals(TitleBefore, TitleAfter, StringComparison.Ordinal) && ClosedBefore == ClosedAfter;

    /// <summary>
    /// Compares two descriptions. Turning points are matched by id; a point whose stated position changed is moved by the
    /// geodesic distance between its WGS 84 positions (through <paramref name="registry"/>), one whose statement changed
    /// but whose place did not (within a millimetre) is restated. Legs are matched by their two turning points.
    /// </summary>
    public static DescriptionDifference Between(BoundaryDescription before, BoundaryDescription after, CrsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(registry);
        var resolver = new DescriptionResolver(registry, []);
        var points = new List<TurningPointChange>();
        foreach (var old in before.TurningPoints)
        {
            var now = after.Find(old.Id);
            if (now is null)
            {
                points.Add(new TurningPointChange(old.Id, DescriptionChange.Removed, old, null, null));
                continue;
            }

            if (now == old)
            {
                continue;
            }

            var a = resolver.ToWgs84(old.Position);
            var b = resolver.ToWgs84(now.Position);
            double? moved = a.Success && b.Success ? Geodesic.Wgs84.Distance(a.Value, b.Value) : null;

            // A millimetre: restating a point in another CRS round-trips through a projection, never exactly.
            var change = moved is < 0.001 ? DescriptionChange.Restated : DescriptionChange.Changed;
            points.Add(new TurningPointChange(old.Id, change, old, now, moved));
        }

        points.AddRange(after.TurningPoints.Where(p => before.Find(p.Id) is null).Select(p => new TurningPointChange(p.Id, DescriptionChange.Added, null, p, null)));

        static (string, string) Key(Leg leg) => (leg.From, leg.To);
        var oldLegs = before.Legs.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var newLegs = after.Legs.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var legs = new List<LegChange>();
        foreach (var leg in before.Legs)
        {
            if (!newLegs.TryGetValue(Key(leg), out var now))
            {
                legs.Add(new LegChange(leg.From, leg.To, DescriptionChange.Removed, leg, null));
            }
            else if (now != leg)
            {
                legs.Add(new LegChange(leg.From, leg.To, DescriptionChange.Changed, leg, now));
            }
        }

        legs.AddRange(after.Legs.Where(l => !oldLegs.ContainsKey(Key(l))).Select(l => new LegChange(l.From, l.To, DescriptionChange.Added, null, l)));
        return new DescriptionDifference(points, legs, before.Title, after.Title, before.IsClosed, after.IsClosed);
    }
}
