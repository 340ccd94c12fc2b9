using Demarcate.Core.Boundaries;

namespace Demarcate.Core.Trust;

/// <summary>
/// Who may change what, in the commission's terms. The store asks these before every write, so no
/// endpoint or command can forget to.
/// </summary>
public static class Permissions
{
    /// <summary>Only administrators manage accounts.</summary>
    public static bool MayManageAccounts(Caller caller) =>
        caller is not null && (caller.IsCommissionSystem || caller.Account?.Role == Role.Administrator);

    /// <summary>A delegation's cartographers, legal experts and co-chairs draw its own lines (and the mediator's team its own).</summary>
    public static bool MayDrawLineFor(Caller caller, PartyCode owner) =>
        caller is not null && (caller.IsCommissionSystem || (caller.Account is { MayEditCommissionRecords: true } a && a.Party == owner));

    /// <summary>A delegation submits its own drafts; submitting is done by its co-chair, legal expert or cartographer.</summary>
    public static bool MaySubmitLineOf(Caller caller, PartyCode? owner) =>
        owner is { } party && MayDrawLineFor(caller, party);

    /// <summary>Co-chairs and the mediator's advisers move sectors through the commission's work.</summary>
    public static bool MayChangeSectorStatus(Caller caller) =>
        caller is not null && (caller.IsCommissionSystem || caller.Account?.Role is Role.CoChair or Role.MediatorAdviser);

    /// <summary>Co-chairs, legal experts and the mediator's advisers put a version of a sector's agreed line to the commission.</summary>
    public static bool MayProposeSectorVersion(Caller caller) =>
        caller is not null && (caller.IsCommissionSystem || caller.Account?.Role is Role.CoChair or Role.LegalExpert or Role.MediatorAdviser);

    /// <summary>Only a state's co-chair signs a sector version, for that state.</summary>
    public static bool MaySignSectorVersion(Caller caller, Commission commission) =>
        caller?.Account is { Role: Role.CoChair, Party: { } party } && commission is not null
        && (party == commission.FirstState.Code || party == commission.SecondState.Code);

    /// <summary>A delegation's editors (and the mediator's team) draft, submit and withdraw their own party's proposals and documents.</summary>
    public static bool MayDraftFor(Caller caller, PartyCode owner) => MayDrawLineFor(caller, owner);

    /// <summary>Co-chairs and the mediator's advisers plan and revise commission sessions and record their decisions.</summary>
    public static bool MayConveneSessions(Caller caller) => MayChangeSectorStatus(caller);

    /// <summary>Commission members (and the system) see sessions and decisions; they are the commission's internal work.</summary>
    public static bool MaySeeSessions(Caller caller) =>
        caller is not null && (caller.IsCommissionSystem || caller.Account?.IsCommissionMember == true);

    /// <summary>Publishing a submitted document (releasing it to anyone) is the co-chairs' and the mediator's advisers' act.</summary>
    public static bool MayPublishDocuments(Caller caller) => MayChangeSectorStatus(caller);

    /// <summary>
    /// Cartographers (of either delegation or of the mediator), the mediator's advisers and administrators add CRS
    /// definitions to the commission's registry: it is technical work, not a delegation's position.
    /// </summary>
    public static bool MayDefineCrs(Caller caller) =>
        caller is not null && (caller.IsCommissionSystem
            || caller.Account?.Role == Role.Administrator
            || caller.Account is { Party: not null, Role: Role.Cartographer or Role.MediatorAdviser });

    /// <summary>Unpublished registry entries (CRS definitions) are for commission members and the administrators who keep them.</summary>
    public static bool MaySeeRegistryEntry(Caller caller, bool isPublished) =>
        caller is not null && (caller.MaySee(isPublished) || caller.Account?.Role == Role.Administrator);

    /// <summary>
    /// A source in the register is changed by the editors of the party that provided it (co-chairs, legal experts,
    /// cartographers, the mediator's advisers); the commission's own sources (provided by no party) only by the system.
    /// </summary>
    public static bool MayEditSource(Caller caller, PartyCode? providedBy) =>
        caller is not null && (caller.IsCommissionSystem || (providedBy is { } party && MayDrawLineFor(caller, party)));

    /// <summary>A delegation's editors (and the mediator's team) register their own party's pillar plans; the commission's own only the system.</summary>
    public static bool MayPlanPillarsFor(Caller caller, PartyCode? owner) =>
        caller is not null && (caller.IsCommissionSystem || (owner is { } party && MayDrawLineFor(caller, party)));

    /// <summary>
    /// The joint survey teams record what they measured and found on the ground: cartographers of either delegation or
    /// the mediator's, and the mediator's advisers.
    /// </summary>
    public static bool MayRecordSurvey(Caller caller) =>
        caller is not null && (caller.IsCommissionSystem || caller.Account is { Party: not null, Role: Role.Cartographer or Role.MediatorAdviser });

    /// <summary>Publishing pillars (releasing the register to anyone) is the co-chairs' and the mediator's advisers' act.</summary>
    public static bool MayPublishPillars(Caller caller) => MayChangeSectorStatus(caller);

    /// <summary>Commission members (and the system) read the agreements register, its assessments and the task force's work.</summary>
    public static bool MaySeeAgreements(Caller caller) => MaySeeSessions(caller);

    /// <summary>Co-chairs and the mediator's advisers enter agreements in the register and record how far each provision is implemented.</summary>
    public static bool MayKeepAgreements(Caller caller) => MayChangeSectorStatus(caller);

    /// <summary>A delegation's editors (and the mediator's team) propose task-force actions for their own party, as drafts until submitted.</summary>
    public static bool MayProposeActionFor(Caller caller, PartyCode? owner) =>
        caller is not null && (caller.IsCommissionSystem || (owner is { } party && MayDrawLineFor(caller, party)));

    /// <summary>Co-chairs and the mediator's advisers move a submitted task-force action through agreed, in progress, done or suspended.</summary>
    public static bool MayChangeActionStatus(Caller caller) => MayChangeSectorStatus(caller);

    /// <summary>Any signed-in account manages its own API tokens.</summary>
    public static bool MayHoldTokens(Caller caller) => caller?.Account is not null;

    /// <summary>Commission members issue journal receipts for their delegation.</summary>
    public static bool MayIssueReceipt(Caller caller) => caller?.Account is { IsCommissionMember: true };

    /// <summary>Commission members (and the system) see the reference layers: shared reference data, no party's position.</summary>
    public static bool MaySeeReferenceLayers(Caller caller) => MaySeeSessions(caller);

    /// <summary>
    /// The editors of any delegation (co-chairs, legal experts, cartographers) and the mediator's advisers load, replace
    /// and delete reference layers: technical data the whole commission shares.
    /// </summary>
    public static bool MayKeepReferenceLayers(Caller caller) =>
        caller is not null && (caller.IsCommissionSystem || caller.Account is { MayEditCommissionRecords: true });

    /// <summary>The status a sector may move to from where it is, for this caller.</summary>
    public static IEnumerable<SectorStatus> NextStatuses(Caller caller, SectorStatus current) =>
        MayChangeSectorStatus(caller) ? Enum.GetValues<SectorStatus>().Where(s => SectorWorkflow.IsAllowed(current, s)) : [];
}
