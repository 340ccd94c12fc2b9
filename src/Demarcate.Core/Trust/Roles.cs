namespace Demarcate.Core.Trust;

/// <summary>What an account does for the commission. Delegation roles belong to a party.</summary>
public enum Role
{
    /// <summary>Co-chair of a state's delegation: signs agreed sector versions for that state.</summary>
    CoChair,

    /// <summary>Legal expert of a delegation.</summary>
    LegalExpert,

    /// <summary>Cartographer or surveyor of a delegation or of the mediator.</summary>
    Cartographer,

    /// <summary>Observer in a delegation: reads what the delegation reads, changes nothing.</summary>
    Observer,

    /// <summary>Adviser of the mediator.</summary>
    MediatorAdviser,

    /// <summary>Monitor reporting and verifying incidents along the line.</summary>
    Monitor,

    /// <summary>Humanitarian officer of a party or of the mediator (prisoners, detainees, remains).</summary>
    HumanitarianOfficer,

    /// <summary>Runs the installation: accounts and backups; sees no delegation's drafts.</summary>
    Administrator,
}

/// <summary>Where a record stands in the commission's flow, which decides who may see it.</summary>
public enum Publication
{
    /// <summary>A delegation's own work: only that delegation sees it.</summary>
    Draft,

    /// <summary>Put before the commission: every commission member sees it.</summary>
    Submitted,

    /// <summary>Released by the commission: anyone sees it, signed in or not.</summary>
    Published,
}

/// <summary>A signed-in user of the commission's system.</summary>
/// <param name="Id">Stable account id.</param>
/// <param name="UserName">What the user signs in with.</param>
/// <param name="DisplayName">The name shown to others.</param>
/// <param name="Party">The party whose delegation (or the mediator's team) the user belongs to; none for administrators.</param>
/// <param name="Role">What the user does.</param>
public sealed record Account(string Id, string UserName, string DisplayName, PartyCode? Party, Role Role)
{
    /// <summary>Whether the account is a member of the commission (a delegation or the mediator's team), who sees submitted work.</summary>
    public bool IsCommissionMember => Party is not null && Role is Role.CoChair or Role.LegalExpert or Role.Cartographer or Role.Observer or Role.MediatorAdviser;

    /// <summary>Whether the role may change records (observers and administrators change no commission records).</summary>
    public bool MayEditCommissionRecords => Party is not null && Role is Role.CoChair or Role.LegalExpert or Role.Cartographer or Role.MediatorAdviser;
}
