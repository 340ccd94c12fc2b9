namespace Demarcate.Core;

/// <summary>
/// Who is asking. Every read of the commission's records takes the caller, so that what a caller may
/// see is decided in one place (the store), never endpoint by endpoint.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record Caller
{
    private Caller(string name, bool isCommissionSystem)
    {
        Name = name;
        IsCommissionSystem = isCommissionSystem;
    }

    /// <summary>Someone who has not signed in: sees published records only.</summary>
    public static Caller Anonymous { get; } = new("anonymous", isCommissionSystem: false);

    /// <summary>The application itself (loading demo data, migrations, verification): sees everything.</summary>
    public static Caller CommissionSystem { get; } = new("system", isCommissionSystem: true);

    public string Name { get; }

    public bool IsCommissionSystem { get; }

    /// <summary>Whether this caller may see a record with the given publication state.</summary>
    public bool MaySee(bool isPublished) => isPublished || IsCommissionSystem;
}
