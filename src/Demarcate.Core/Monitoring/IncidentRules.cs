using Demarcate.Core.Trust;

namespace Demarcate.Core.Monitoring;

/// <summary>
/// Who sees and changes incident records. A delegation's reports are its own drafts until it submits them; the
/// monitors' and the mediator's reports go to every commission member (monitors included) as soon as they are made.
/// </summary>
public static class IncidentRules
{
    /// <summary>Whether the caller sees an incident owned by <paramref name="owner"/> at <paramref name="publication"/>.</summary>
    public static bool MaySee(Caller caller, PartyCode? owner, Publication publication)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.MaySee(owner, publication)
            || (publication == Publication.Submitted && caller.Account is { Role: Role.Monitor, Party: not null });
    }

    /// <summary>Monitors report for their own team; a delegation's co-chairs, legal experts and cartographers (and the mediator's team) for their party.</summary>
    public static bool MayReportFor(Caller caller, PartyCode? owner)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsCommissionSystem
            || (owner is { } party && (Permissions.MayDrawLineFor(caller, party) || caller.Account is { Role: Role.Monitor } m && m.Party == party));
    }

    /// <summary>How a new report starts: submitted when the monitors, the mediator's team or the commission itself make it; a delegation's as its draft.</summary>
    public static Publication InitialPublication(Caller caller, Commission commission)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(commission);
        return caller.IsCommissionSystem || caller.Account is { Role: Role.Monitor } || caller.Account?.Party == commission.Mediator.Code
            ? Publication.Submitted
            : Publication.Draft;
    }

    /// <summary>
    /// Reports before the commission are merged (and unmerged) by the monitors and the mediator's advisers; a delegation
    /// merges only its own drafts.
    /// </summary>
    public static bool MayMerge(Caller caller, IReadOnlyList<Incident> reports)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(reports);
        if (caller.IsCommissionSystem || caller.Account?.Role is Role.Monitor or Role.MediatorAdviser)
        {
            return true;
        }

        return reports.Count > 0 && reports.All(r => r.Publication == Publication.Draft && r.ReportingParty == reports[0].ReportingParty)
            && MayReportFor(caller, reports[0].ReportingParty);
    }

    /// <summary>Monitors, the mediator's advisers and the commission itself record attributions and verification.</summary>
    public static bool MayVerify(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsCommissionSystem || caller.Account?.Role is Role.Monitor or Role.MediatorAdviser;
    }
}
