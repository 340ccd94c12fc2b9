using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.TransportLinks;

/// <summary>The task force's subgroup responsible for an action.</summary>
public enum Subgroup
{
    Rail,
    Road,
    Border,
    Customs,
    Energy,
    Communications,
}

/// <summary>Where a task-force action stands.</summary>
public enum ActionStatus
{
    Proposed,
    Agreed,
    InProgress,
    Done,
    Suspended,
}

/// <summary>What a checkpoint on a route is.</summary>
public enum CheckpointKind
{
    BorderCrossing,
    Customs,
    Station,
    Bridge,
    Junction,
}

/// <summary>A named point on a route: a border crossing, a customs post, a station.</summary>
public sealed record Checkpoint(string Name, CheckpointKind Kind, GeoPoint Position);

/// <summary>
/// An action of the task force to restore a road or rail link: its route (a line in WGS 84, x = longitude), the
/// subgroup and parties responsible, its status, deadline and checkpoints. A delegation's proposal is its own draft
/// until submitted; writes carry the version they read.
/// </summary>
/// <remarks>Immutable; the route is never changed once the record is built.</remarks>
public sealed record TaskForceAction(string Id, string Title, Subgroup Subgroup, LineString Route)
{
    public IReadOnlyList<string> ResponsibleParties { get; init; } = [];

    public ActionStatus Status { get; init; } = ActionStatus.Proposed;

    public DateOnly? Deadline { get; init; }

    public IReadOnlyList<Checkpoint> Checkpoints { get; init; } = [];

    public string Notes { get; init; } = "";

    /// <summary>The delegation that proposed it (null: the commission's own, e.g. the task force's co-chairs).</summary>
    public PartyCode? Owner { get; init; }

    public Publication Publication { get; init; } = Publication.Draft;

    public int Version { get; init; } = 1;

    public bool Equals(TaskForceAction? other) =>
        other is not null && Id == other.Id && Title == other.Title && Subgroup == other.Subgroup && Route.EqualsExact(other.Route)
        && ResponsibleParties.SequenceEqual(other.ResponsibleParties, StringComparer.Ordinal) && Status == other.Status && Deadline == other.Deadline
        && Checkpoints.SequenceEqual(other.Checkpoints) && Notes == other.Notes && Owner == other.Owner && Publication == other.Publication && Version == other.Version;

    public override int GetHashCode() => HashCode.Combine(Id, Version);

    /// <summary>What is wrong with it as a register entry; empty when fine.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id) || Id.Length > 64 || !Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add($"the action id '{Id}' is not a short identifier (letters, digits, '-', '_', '.')");
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            problems.Add("the title is required");
        }

        if (Route is null || Route.NumPoints < 2 || Route.IsEmpty)
        {
            problems.Add("the route needs at least two points");
        }
        else if (Route.Coordinates.Any(c => !(c.Y is >= -90 and <= 90) || !(c.X is >= -180 and <= 180) || double.IsNaN(c.X) || double.IsNaN(c.Y)))
        {
            problems.Add("the route has a point that is not on the earth (x is longitude, y latitude, WGS 84)");
        }

        if (Checkpoints.Any(c => string.IsNullOrWhiteSpace(c.Name)))
        {
            problems.Add("every checkpoint has a name");
        }

        return problems;
    }

    /// <summary>The route's geodesic length, metres.</summary>
    public double LengthMetres() => Geodesic.Wgs84.Length([.. Route.Coordinates.Select(c => new GeoPoint(c.Y, c.X))]);
}

/// <summary>One change in an action's life, as its append-only history keeps it.</summary>
public sealed record ActionHistoryEntry(string ActionId, DateTimeOffset At, string Actor, string Action, ActionStatus Status, string Snapshot);
