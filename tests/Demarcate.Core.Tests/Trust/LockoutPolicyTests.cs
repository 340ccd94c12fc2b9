using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class LockoutPolicyTests
{
    private static readonly DateTimeOffset LastFailure = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly LockoutPolicy Policy = LockoutPolicy.Default;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Below_five_failures_the_account_is_not_locked(int failures)
    {
        Assert.Null(Policy.LockDuration(failures));
        Assert.Null(Policy.LockedFor(failures, LastFailure, LastFailure));
    }

    [Theory]
    [InlineData(5, 30)]
    [InlineData(6, 60)]
    [InlineData(7, 120)]
    [InlineData(8, 240)]
    [InlineData(9, 480)]
    [InlineData(10, 960)]
    [InlineData(11, 1920)]
    [InlineData(12, 3600)]
    [InlineData(13, 3600)]
    [InlineData(100, 3600)]
    [InlineData(int.MaxValue, 3600)]
    public void From_the_fifth_failure_the_lock_doubles_up_to_an_hour(int failures, int seconds)
    {
        var lockFor = TimeSpan.FromSeconds(seconds);

        Assert.Equal(lockFor, Policy.LockDuration(failures));
        Assert.Equal(lockFor, Policy.LockedFor(failures, LastFailure, LastFailure));
        Assert.Equal(TimeSpan.FromSeconds(1), Policy.LockedFor(failures, LastFailure, LastFailure + lockFor - TimeSpan.FromSeconds(1)));
        Assert.Null(Policy.LockedFor(failures, LastFailure, LastFailure + lockFor));
        Assert.Null(Policy.LockedFor(failures, LastFailure, LastFailure + lockFor + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void A_clock_that_reads_before_the_last_failure_gets_the_full_lock_not_more()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Policy.LockedFor(5, LastFailure, LastFailure.AddMinutes(-10)));
    }

    [Fact]
    public void A_custom_policy_follows_its_own_threshold_and_cap()
    {
        var policy = new LockoutPolicy(3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(25));

        Assert.Null(policy.LockDuration(2));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.LockDuration(3));
        Assert.Equal(TimeSpan.FromSeconds(20), policy.LockDuration(4));
        Assert.Equal(TimeSpan.FromSeconds(25), policy.LockDuration(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LockoutPolicy(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LockoutPolicy(3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
    }
}
