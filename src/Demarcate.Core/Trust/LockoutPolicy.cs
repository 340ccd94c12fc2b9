namespace Demarcate.Core.Trust;

/// <summary>
/// How long an account stays locked after consecutive failed sign-ins: nothing for the first
/// <see cref="Threshold"/> − 1 failures, then <see cref="FirstLock"/>, doubling with each further
/// failure up to <see cref="LongestLock"/> (by default 30 s, 60 s, 120 s … 1 h from the 5th failure).
/// </summary>
/// <remarks>
/// Immutable and thread-safe; pure functions of the failure count and times the store keeps. The
/// caller's part: count a failure only when a password was actually checked and wrong; while
/// <see cref="LockedFor"/> is not null, refuse the attempt without checking the password (and
/// without counting it, so a locked account's lock does not grow by itself); reset the count to
/// zero on a successful sign-in. API tokens are not subject to lockout: their secrets cannot be guessed.
/// </remarks>
public sealed class LockoutPolicy
{
    /// <summary>A policy locking after <paramref name="threshold"/> consecutive failures.</summary>
    public LockoutPolicy(int threshold, TimeSpan firstLock, TimeSpan longestLock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstLock, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(longestLock, firstLock);
        Threshold = threshold;
        FirstLock = firstLock;
        LongestLock = longestLock;
    }

    /// <summary>Lock from the 5th consecutive failure for 30 s, doubling per failure, at most 1 h.</summary>
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));

    /// <summary>The number of consecutive failures that first locks the account.</summary>
    public int Threshold { get; }

    /// <summary>How long the first lock lasts.</summary>
    public TimeSpan FirstLock { get; }

    /// <summary>The longest any lock lasts.</summary>
    public TimeSpan LongestLock { get; }

    /// <summary>How long a lock lasts, counted from the last failure, after <paramref name="failures"/> consecutive failures; null below the threshold.</summary>
    public TimeSpan? LockDuration(int failures)
    {
        if (failures < Threshold)
        {
            return null;
        }

        var doublings = failures - Threshold;
        var longest = LongestLock.Ticks;
        var ticks = FirstLock.Ticks;
        for (var i = 0; i < doublings && ticks < longest; i++)
        {
            ticks = ticks > longest / 2 ? longest : ticks * 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, longest));
    }

    /// <summary>
    /// How much longer the account stays locked at <paramref name="now"/>, or null when it may try to
    /// sign in. If the clock reads earlier than the last failure, the full lock applies.
    /// </summary>
    public TimeSpan? LockedFor(int failures, DateTimeOffset lastFailure, DateTimeOffset now)
    {
        if (LockDuration(failures) is not { } duration)
        {
            return null;
        }

        var remaining = lastFailure + duration - now;
        return remaining <= TimeSpan.Zero ? null : remaining > duration ? duration : remaining;
    }
}
