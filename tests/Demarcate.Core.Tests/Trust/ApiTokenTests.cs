using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class ApiTokenTests
{
    private static readonly DateTimeOffset Issued = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_token_has_the_documented_shape()
    {
        var token = ApiToken.Create();

        Assert.Matches("^dmk_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$", token.Token);
        Assert.Equal(token.Token.Substring(4, 8), token.Id);
        Assert.Equal(32, token.SecretHash.Length);
        Assert.DoesNotContain(token.Token[13..], token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_presented_token_parses_to_its_id_and_the_stored_secret_hash()
    {
        var token = ApiToken.Create();

        Assert.True(ApiToken.TryParse(token.Token, out var id, out var secretHash));
        Assert.Equal(token.Id, id);
        Assert.Equal(token.SecretHash, secretHash);
        Assert.True(ApiToken.SecretMatches(secretHash, token.SecretHash));
    }

    [Fact]
    public void Tokens_are_unique()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => ApiToken.Create()).ToList();

        Assert.Equal(200, tokens.Select(t => t.Id).Distinct().Count());
        Assert.Equal(200, tokens.Select(t => Convert.ToHexString(t.SecretHash)).Distinct().Count());
    }

    [Fact]
    public void A_wrong_secret_with_the_right_id_is_refused()
    {
        var token = ApiToken.Create();
        var stored = token.ToStored("acc-1", "laptop", Issued, Issued.AddDays(90));
        var other = ApiToken.Create();
        var forged = token.Token[..13] + other.Token[13..];

        Assert.True(ApiToken.TryParse(forged, out var id, out var secretHash));
        Assert.Equal(stored.Id, id);
        Assert.False(stored.Accepts(secretHash, Issued.AddDays(1)));
        Assert.False(ApiToken.SecretMatches(secretHash, token.SecretHash));
        Assert.False(ApiToken.SecretMatches(secretHash.AsSpan(0, 16), token.SecretHash.AsSpan(0, 16)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dmk_")]
    [InlineData("dmk_abcdefgh")]
    [InlineData("dmk_abcdefgh_")]
    [InlineData("xyz_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("dmk_ABCDEFGH_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("dmk_abcdefg1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("dmk_abcdefgh-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("dmk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("dmk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("dmk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("dmk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("dmk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")]
    [InlineData(" dmk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_not_exactly_a_token_does_not_parse(string? presented)
    {
        Assert.False(ApiToken.TryParse(presented, out var id, out var secretHash));
        Assert.Null(id);
        Assert.Null(secretHash);
    }

    [Fact]
    public void A_well_formed_token_of_all_zero_bits_parses()
    {
        // Control for the cases above: only the deliberate defect makes them fail.
        Assert.True(ApiToken.TryParse("dmk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", out var id, out _));
        Assert.Equal("abcdefgh", id);
    }

    [Fact]
    public void A_token_is_usable_until_it_expires()
    {
        var token = ApiToken.Create();
        var stored = token.ToStored("acc-1", "laptop", Issued, Issued.AddDays(90));
        Assert.True(ApiToken.TryParse(token.Token, out _, out var secretHash));

        Assert.True(stored.IsUsableAt(Issued));
        Assert.True(stored.Accepts(secretHash, Issued.AddDays(90).AddTicks(-1)));
        Assert.False(stored.IsUsableAt(Issued.AddDays(90)));
        Assert.False(stored.Accepts(secretHash, Issued.AddDays(91)));
    }

    [Fact]
    public void A_revoked_token_is_refused_from_then_on()
    {
        var token = ApiToken.Create();
        var stored = token.ToStored("acc-1", "laptop", Issued, Issued.AddDays(90));
        Assert.True(ApiToken.TryParse(token.Token, out _, out var secretHash));

        var revoked = stored with { RevokedAt = Issued.AddDays(2) };

        Assert.True(stored.Accepts(secretHash, Issued.AddDays(3)));
        Assert.False(revoked.IsUsableAt(Issued.AddDays(3)));
        Assert.False(revoked.Accepts(secretHash, Issued.AddDays(3)));
    }

    [Fact]
    public void The_stored_record_keeps_the_hash_not_the_token()
    {
        var token = ApiToken.Create();
        var stored = token.ToStored("acc-1", "laptop", Issued, Issued.AddDays(90));

        Assert.Equal(token.Id, stored.Id);
        Assert.Equal("acc-1", stored.AccountId);
        Assert.Equal("laptop", stored.Name);
        Assert.Equal(token.SecretHash, stored.SecretHash);
        Assert.Null(stored.RevokedAt);
        Assert.DoesNotContain(token.Token[13..], stored.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => token.ToStored("acc-1", "laptop", Issued, Issued));
    }
}
