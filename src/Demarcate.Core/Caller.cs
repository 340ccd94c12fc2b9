using Demarcate.Core.Trust;

namespace Demarcate.Core;

/// <summary>
/// Who is asking. Every read of the commission's records takes the caller, so that what a caller may
/// see is decided in one place (the store), never endpoint by endpoint.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record Caller
{
    private Caller(string name, Account? account, bool isCommissionSystem)
    {
        Name = name;
        Account = account;
        IsCommissionSystem = isCommissionSystem;
    }

    /// <summary>Someone who has not signed in: sees published records only.</summary>
    public static Caller Anonymous { get; } = new("anonymous", null, isCommissionSystem: false);

    /// <summary>The application itself (loading demo data, migrations, verification): sees everything.</summary>
    public static Caller CommissionSystem { get; } = new("system", null, isCommissionSystem: true);

    /// <summary>A signed-in user.</summary>
    public static Caller For(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Caller(account.UserName, account, isCommissionSystem: false);
    }

    public string Name { get; }

    public Account? Account { get; }

    public bool IsCommissionSystem { get; }

    public bool IsSignedIn => Account is not null;

    /// <summary>Whether this caller may see a record that is published or not (records that belong to no party).</summary>
    public bool MaySee(bool isPublished) => isPublished || IsCommissionSystem || Account?.IsCommissionMember == true;

    /// <summary>
    /// Whether this caller may see a record owned by <paramref name="owner"/> at the given publication:
    /// drafts by the owning delegation only, submitted records by every commission member, published by anyone.
    /// </summary>
    public bool MaySee(PartyCode? owner, Publication publication) => publication switch
    {
        Publication.Published => true,
        _ when IsCommissionSystem => true,
        Publication.Submitted => Account?.IsCommissionMember == true,
        Publication.Draft => Account is { IsCommissionMember: true } a && owner is not null && a.Party == owner,
        _ => false,
    };
}
