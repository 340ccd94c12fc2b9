using Demarcate.Core;
using Demarcate.Core.Trust;

namespace Demarcate.Storage.Seeding;

/// <summary>
/// One account per role for trying the demo commission (<c>serve --demo</c>): each state's delegation
/// (co-chair, legal expert, cartographer, observer, humanitarian officer), the mediator's adviser,
/// cartographer and humanitarian officer, a monitor, and an administrator. Passwords are generated and shown once.
/// </summary>
public static class DemoAccounts
{
    /// <summary>The demo accounts for a commission: user name, display name, party, role.</summary>
    public static IReadOnlyList<Account> For(Commission commission)
    {
        ArgumentNullException.ThrowIfNull(commission);
        var accounts = new List<Account>();
        foreach (var state in new[] { commission.FirstState, commission.SecondState })
        {
            var prefix = state.Code.Value.ToLowerInvariant();
            accounts.Add(new Account($"{prefix}-cochair", $"{prefix}.cochair", $"Co-chair, {state.Name}", state.Code, Role.CoChair));
            accounts.Add(new Account($"{prefix}-legal", $"{prefix}.legal", $"Legal expert, {state.Name}", state.Code, Role.LegalExpert));
            accounts.Add(new Account($"{prefix}-carto", $"{prefix}.carto", $"Cartographer, {state.Name}", state.Code, Role.Cartographer));
            accounts.Add(new Account($"{prefix}-observer", $"{prefix}.observer", $"Observer, {state.Name}", state.Code, Role.Observer));
            accounts.Add(new Account($"{prefix}-humanitarian", $"{prefix}.humanitarian", $"Humanitarian officer, {state.Name}", state.Code, Role.HumanitarianOfficer));
        }

        var mediator = commission.Mediator;
        var m = mediator.Code.Value.ToLowerInvariant();
        accounts.Add(new Account($"{m}-adviser", $"{m}.adviser", $"Adviser, {mediator.Name}", mediator.Code, Role.MediatorAdviser));
        accounts.Add(new Account($"{m}-carto", $"{m}.carto", $"Cartographer, {mediator.Name}", mediator.Code, Role.Cartographer));
        accounts.Add(new Account($"{m}-humanitarian", $"{m}.humanitarian", $"Humanitarian officer, {mediator.Name}", mediator.Code, Role.HumanitarianOfficer));
        accounts.Add(new Account("monitor", "monitor", "Monitor", mediator.Code, Role.Monitor));
        accounts.Add(new Account("admin", "admin", "Administrator", null, Role.Administrator));
        return accounts;
    }

    /// <summary>
    /// Creates the demo accounts that do not exist yet, each with a generated password, and returns
    /// them with their passwords (to be shown once). Existing accounts are left alone.
    /// </summary>
    public static async Task<IReadOnlyList<(Account Account, string Password)>> EnsureAsync(ICommissionStore store, PasswordHasher hasher, Func<string>? passwordFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(hasher);
        var commission = await store.GetCommissionAsync(cancellationToken) ?? throw new InvalidOperationException("The store has no commission.");
        var created = new List<(Account, string)>();
        foreach (var account in For(commission))
        {
            if (await store.FindAccountAsync(account.UserName, cancellationToken) is not null)
            {
                continue;
            }

            var password = passwordFor?.Invoke() ?? PasswordHasher.GeneratePassword();
            await store.CreateAccountAsync(
                Caller.CommissionSystem, account, hasher.Hash(password), WrappedSigningKey.Create(password, hasher, DateTimeOffset.UtcNow), cancellationToken);
            created.Add((account, password));
        }

        return created;
    }
}
