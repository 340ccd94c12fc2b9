using Demarcate.Core.Trust;
using Demarcate.Storage;

namespace Demarcate.Server.Trust;

/// <summary>How a sign-in attempt ended.</summary>
public enum SignInOutcome
{
    SignedIn,
    WrongCredentials,
    LockedOut,
}

/// <summary>The result of a sign-in: the account when it succeeded, how long to wait when locked out.</summary>
public sealed record SignInResult(SignInOutcome Outcome, Account? Account, TimeSpan? RetryAfter);

/// <summary>
/// Checks a user name and password against the store, with lockout and back-off after repeated
/// failures. A wrong user name and a wrong password answer alike and take alike long.
/// </summary>
public sealed class SignIn(ICommissionStore store, PasswordHasher hasher, TimeProvider clock, ILogger<SignIn> log)
{
    public async Task<SignInResult> AttemptAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var stored = string.IsNullOrWhiteSpace(userName) ? null : await store.FindAccountAsync(userName.Trim(), cancellationToken);
        if (stored is null || stored.Disabled)
        {
            hasher.Verify(password, null); // the same work as a real check
            Log.UnknownUser(log, Sanitise(userName));
            return new SignInResult(SignInOutcome.WrongCredentials, null, null);
        }

        var now = clock.GetUtcNow();
        if (stored.LastFailureAt is { } last && LockoutPolicy.Default.LockedFor(stored.FailedSignIns, last, now) is { } wait)
        {
            Log.LockedOut(log, stored.Account.UserName, (int)wait.TotalSeconds, stored.FailedSignIns);
            return new SignInResult(SignInOutcome.LockedOut, null, wait);
        }

        var check = hasher.Verify(password, stored.PasswordHash);
        if (check == PasswordCheck.Failed)
        {
            await store.RecordSignInAsync(stored.Account.Id, succeeded: false, cancellationToken);
            Log.WrongPassword(log, stored.Account.UserName, stored.FailedSignIns + 1);
            return new SignInResult(SignInOutcome.WrongCredentials, null, null);
        }

        await store.RecordSignInAsync(stored.Account.Id, succeeded: true, cancellationToken);
        if (check == PasswordCheck.SucceededNeedsRehash)
        {
            // The password is at hand only now: bring a hash made at an older, lower count up to today's.
            await store.UpgradePasswordHashAsync(stored.Account.Id, stored.PasswordHash, hasher.Hash(password!), cancellationToken);
        }

        return new SignInResult(SignInOutcome.SignedIn, stored.Account, null);
    }

    /// <summary>User input goes into logs without line breaks, so a log line cannot be forged.</summary>
    internal static string Sanitise(string? text) =>
        text is null ? "" : new string([.. text.Take(100).Select(c => char.IsControl(c) ? '?' : c)]);
}
