using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class PasswordHasherTests
{
    private static readonly PasswordHasher Hasher = new(1_000);

    [Fact]
    public void A_hash_is_self_describing_and_verifies_with_the_same_password()
    {
        var stored = Hasher.Hash("correct horse battery staple");

        var parts = stored.Split('$');
        Assert.Equal(["pbkdf2-sha256", "1000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.Equal(PasswordCheck.Succeeded, Hasher.Verify("correct horse battery staple", stored));
    }

    [Fact]
    public void Two_hashes_of_one_password_differ_by_their_salt()
    {
        Assert.NotEqual(Hasher.Hash("correct horse battery staple"), Hasher.Hash("correct horse battery staple"));
    }

    [Theory]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("")]
    [InlineData(null)]
    public void A_wrong_password_fails(string? password)
    {
        var stored = Hasher.Hash("correct horse battery staple");

        Assert.Equal(PasswordCheck.Failed, Hasher.Verify(password, stored));
    }

    [Fact]
    public void The_password_is_compared_after_NFKC_normalisation()
    {
        var stored = Hasher.Hash("caf\u00e9 au lait, s'il vous plaît");

        Assert.Equal(PasswordCheck.Succeeded, Hasher.Verify("cafe\u0301 au lait, s'il vous plaît", stored));
    }

    [Fact]
    public void A_tampered_hash_or_salt_fails()
    {
        var stored = Hasher.Hash("correct horse battery staple");
        var parts = stored.Split('$');

        var hash = Convert.FromBase64String(parts[3]);
        hash[0] ^= 1;
        var salt = Convert.FromBase64String(parts[2]);
        salt[^1] ^= 0x80;

        Assert.Equal(PasswordCheck.Failed, Hasher.Verify("correct horse battery staple", $"{parts[0]}${parts[1]}${parts[2]}${Convert.ToBase64String(hash)}"));
        Assert.Equal(PasswordCheck.Failed, Hasher.Verify("correct horse battery staple", $"{parts[0]}${parts[1]}${Convert.ToBase64String(salt)}${parts[3]}"));
        Assert.Equal(PasswordCheck.Failed, Hasher.Verify("correct horse battery staple", $"{parts[0]}$1001${parts[2]}${parts[3]}"));
    }

    [Fact]
    public void A_hash_with_fewer_iterations_than_today_succeeds_but_asks_to_be_rehashed()
    {
        var old = new PasswordHasher(500).Hash("correct horse battery staple");

        Assert.Equal(PasswordCheck.SucceededNeedsRehash, Hasher.Verify("correct horse battery staple", old));
        Assert.Equal(PasswordCheck.Failed, Hasher.Verify("wrong horse battery staple", old));

        // More iterations than today is not a reason to rehash.
        Assert.Equal(PasswordCheck.Succeeded, new PasswordHasher(100).Verify("correct horse battery staple", old));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pbkdf2-sha256")]
    [InlineData("pbkdf2-sha256$1000$$")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha1$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("PBKDF2-SHA256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$01000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$ 1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$99999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$2000000000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$extra")]
    [InlineData("$$$")]
    [InlineData(null)]
    public void Malformed_stored_text_fails_without_throwing(string? stored)
    {
        Assert.Equal(PasswordCheck.Failed, Hasher.Verify("correct horse battery staple", stored));
    }

    [Fact]
    public void An_unpaired_surrogate_fails_verification_and_cannot_be_hashed()
    {
        var stored = Hasher.Hash("correct horse battery staple");

        var broken = "correct horse " + (char)0xD800 + " staple";

        Assert.Equal(PasswordCheck.Failed, Hasher.Verify(broken, stored));
        Assert.Throws<ArgumentException>(() => Hasher.Hash(broken));
    }

    [Fact]
    public void Production_uses_the_OWASP_iteration_count()
    {
        Assert.Equal(600_000, PasswordHasher.Production.Iterations);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(PasswordHasher.MaximumIterations + 1)]
    public void Iteration_counts_out_of_range_are_refused(int iterations)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(iterations));
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("abcdefghijkl")]
    [InlineData("граница-вдоль-реки")]
    public void Long_enough_passwords_are_accepted(string password)
    {
        var result = PasswordHasher.CheckStrength(password);

        Assert.True(result.Success);
        Assert.Equal(password, result.Value);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("abcdefghijk", "at least 12")]
    [InlineData("aaaaaaaaaaaaaaaa", "repeated")]
    public void Short_repetitive_or_broken_passwords_are_refused_with_a_reason(string? password, string reason)
    {
        var result = PasswordHasher.CheckStrength(password);

        Assert.False(result.Success);
        Assert.Contains(reason, result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("password", result.Problems[0].Source);
    }

    [Fact]
    public void A_password_with_an_unpaired_surrogate_is_refused()
    {
        // Built in code: an attribute argument cannot carry an unpaired surrogate.
        var broken = "abc" + (char)0xD800 + "defghijklm";

        var result = PasswordHasher.CheckStrength(broken);

        Assert.False(result.Success);
        Assert.Contains("Unicode", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_is_counted_in_characters_not_UTF16_units_and_is_capped()
    {
        // Eleven characters outside the BMP are 22 UTF-16 units: still too short.
        Assert.False(PasswordHasher.CheckStrength(string.Concat(Enumerable.Range(0, 11).Select(i => char.ConvertFromUtf32(0x1F600 + i)))).Success);
        Assert.False(PasswordHasher.CheckStrength(new string('x', PasswordHasher.MaximumLength) + "y").Success);
    }
}
