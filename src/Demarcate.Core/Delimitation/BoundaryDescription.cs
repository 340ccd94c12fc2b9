namespace Demarcate.Core.Delimitation;

/// <summary>
/// The treaty description of a stretch of boundary: its turning points and the legs joining them, in order.
/// Its canonical text is written and read by <see cref="DescriptionText"/>.
/// </summary>
/// <remarks>Immutable and thread-safe. Two descriptions are equal when title, closure, points and legs are equal in order.</remarks>
public sealed record BoundaryDescription(string? Title, bool IsClosed, IReadOnlyList<TurningPoint> TurningPoints, IReadOnlyList<Leg> Legs)
{
    /// <summary>The turning point with this id, or null.</summary>
    public TurningPoint? Find(string id) => TurningPoints.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    public bool Equals(BoundaryDescription? other) =>
        other is not null
        && string.Equals(Title, other.Title, StringComparison.Ordinal)
        && IsClosed == other.IsClosed
        && TurningPoints.SequenceEqual(other.TurningPoints)
        && Legs.SequenceEqual(other.Legs);

    public override int GetHashCode() => HashCode.Combine(Title, IsClosed, TurningPoints.Count, Legs.Count);
}
