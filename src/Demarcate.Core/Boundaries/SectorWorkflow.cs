namespace Demarcate.Core.Boundaries;

/// <summary>
/// The order a sector moves through the commission's work, and which moves are allowed: forward one
/// step at a time, or back to discussion when a party reopens it before it is delimited. Reaching
/// <see cref="SectorStatus.Delimited"/> takes both co-chairs' signatures on one version, never a status change.
/// </summary>
public static class SectorWorkflow
{
    public static bool IsAllowed(SectorStatus from, SectorStatus to) => (from, to) switch
    {
        (SectorStatus.NotStarted, SectorStatus.UnderDiscussion) => true,
        (SectorStatus.UnderDiscussion, SectorStatus.AgreedInPrinciple) => true,
        (SectorStatus.AgreedInPrinciple, SectorStatus.UnderDiscussion) => true,
        (SectorStatus.Delimited, SectorStatus.Demarcated) => true,
        (SectorStatus.Demarcated, SectorStatus.Verified) => true,
        _ => false,
    };

    /// <summary>Why a move is refused, in the commission's words; null when it is allowed.</summary>
    public static string? Refusal(SectorStatus from, SectorStatus to) =>
        IsAllowed(from, to) ? null
        : to == SectorStatus.Delimited ? "a sector becomes delimited only when both co-chairs sign the same version"
        : from == to ? $"the sector is already {Describe(to)}"
        : $"a sector cannot go from {Describe(from)} to {Describe(to)}";

    public static string Describe(SectorStatus status) => status switch
    {
        SectorStatus.NotStarted => "not started",
        SectorStatus.UnderDiscussion => "under discussion",
        SectorStatus.AgreedInPrinciple => "agreed in principle",
        SectorStatus.Delimited => "delimited",
        SectorStatus.Demarcated => "demarcated",
        SectorStatus.Verified => "verified",
        _ => status.ToString(),
    };
}
