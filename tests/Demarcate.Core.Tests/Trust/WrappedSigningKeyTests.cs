using System.Security.Cryptography;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class WrappedSigningKeyTests
{
    private const string Password = "correct horse battery staple";
    private static readonly PasswordHasher Kdf = new(1_000);
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] SomeHash = SHA256.HashData("sector M-07 version 3"u8);

    [Fact]
    public void A_new_key_opens_with_its_password_and_matches_its_public_key()
    {
        var wrapped = WrappedSigningKey.Create(Password, Kdf, Created);

        Assert.Equal(SigningKey.KeyIdOf(wrapped.PublicKey), wrapped.KeyId);
        Assert.Matches("^[0-9a-f]{16}$", wrapped.KeyId);
        Assert.Equal(1_000, wrapped.Iterations);
        Assert.Equal(16, wrapped.Salt.Length);
        Assert.Equal(12, wrapped.Nonce.Length);
        Assert.Equal(16, wrapped.Tag.Length);
        Assert.Equal(Created, wrapped.CreatedAt);
        Assert.Null(wrapped.RetiredAt);

        var opened = wrapped.Unwrap(Password);
        Assert.True(opened.Success);
        using var key = opened.Value;
        Assert.Equal(wrapped.PublicKey, key.ExportSubjectPublicKeyInfo());
        Assert.Equal(256, key.KeySize);
    }

    [Theory]
    [InlineData("correct horse battery stapl")]
    [InlineData("")]
    [InlineData(null)]
    public void A_wrong_password_is_a_result_not_an_exception(string? password)
    {
        var wrapped = WrappedSigningKey.Create(Password, Kdf, Created);

        var opened = wrapped.Unwrap(password);

        Assert.False(opened.Success);
        Assert.Equal(KeyFailure.WrongPassword, opened.Failure);
        Assert.Null(opened.Value);
    }

    [Fact]
    public void A_password_that_is_not_valid_Unicode_is_a_wrong_password()
    {
        var wrapped = WrappedSigningKey.Create(Password, Kdf, Created);

        Assert.Equal(KeyFailure.WrongPassword, wrapped.Unwrap("correct horse " + (char)0xD800 + " staple").Failure);
    }

    [Fact]
    public void The_login_hash_and_the_key_wrapping_use_different_salts()
    {
        var loginHash = Kdf.Hash(Password);
        var wrapped = WrappedSigningKey.Create(Password, Kdf, Created);

        Assert.NotEqual(Convert.ToBase64String(wrapped.Salt), loginHash.Split('$')[2]);
    }

    [Fact]
    public void An_altered_record_does_not_open()
    {
        var wrapped = WrappedSigningKey.Create(Password, Kdf, Created);
        var other = WrappedSigningKey.Create(Password, Kdf, Created);

        byte[] Flip(byte[] bytes)
        {
            var copy = (byte[])bytes.Clone();
            copy[0] ^= 1;
            return copy;
        }

        Assert.Equal(KeyFailure.WrongPassword, (wrapped with { Ciphertext = Flip(wrapped.Ciphertext) }).Unwrap(Password).Failure);
        Assert.Equal(KeyFailure.WrongPassword, (wrapped with { Tag = Flip(wrapped.Tag) }).Unwrap(Password).Failure);
        Assert.Equal(KeyFailure.WrongPassword, (wrapped with { Nonce = Flip(wrapped.Nonce) }).Unwrap(Password).Failure);
        Assert.Equal(KeyFailure.WrongPassword, (wrapped with { Salt = Flip(wrapped.Salt) }).Unwrap(Password).Failure);
        Assert.Equal(KeyFailure.WrongPassword, (wrapped with { Iterations = 1_001 }).Unwrap(Password).Failure);

        // Someone who swaps in another public key (to have signatures checked against it) gets nothing.
        Assert.Equal(KeyFailure.WrongPassword, (wrapped with { PublicKey = other.PublicKey }).Unwrap(Password).Failure);

        Assert.Equal(KeyFailure.Damaged, (wrapped with { Nonce = [1, 2, 3] }).Unwrap(Password).Failure);
        Assert.Equal(KeyFailure.Damaged, (wrapped with { Iterations = 0 }).Unwrap(Password).Failure);
    }

    [Fact]
    public void A_password_change_by_the_member_keeps_the_same_key_pair()
    {
        var wrapped = WrappedSigningKey.Create(Password, Kdf, Created);

        var changed = wrapped.Rewrap(Password, "a new passphrase for the spring session", new PasswordHasher(2_000));

        Assert.True(changed.Success);
        var rewrapped = changed.Value;
        Assert.Equal(wrapped.PublicKey, rewrapped.PublicKey);
        Assert.Equal(wrapped.KeyId, rewrapped.KeyId);
        Assert.Equal(wrapped.CreatedAt, rewrapped.CreatedAt);
        Assert.Equal(2_000, rewrapped.Iterations);
        Assert.NotEqual(wrapped.Salt, rewrapped.Salt);
        Assert.NotEqual(wrapped.Nonce, rewrapped.Nonce);

        Assert.Equal(KeyFailure.WrongPassword, rewrapped.Unwrap(Password).Failure);
        var opened = rewrapped.Unwrap("a new passphrase for the spring session");
        Assert.True(opened.Success);
        using var key = opened.Value;

        // What it signs verifies with the public key the store already had.
        var signature = SectorVersionSignature.Sign(key, SomeHash, "acc-az-1", new PartyCode("AZ"), Created.AddDays(1));
        Assert.True(SectorVersionSignature.Verify(signature, wrapped.PublicKey, SomeHash));
    }

    [Fact]
    public void A_password_change_needs_the_old_password()
    {
        var wrapped = WrappedSigningKey.Create(Password, Kdf, Created);

        var changed = wrapped.Rewrap("not the old password", "a new passphrase for the spring session", Kdf);

        Assert.False(changed.Success);
        Assert.Equal(KeyFailure.WrongPassword, changed.Failure);
    }

    [Fact]
    public void A_reset_by_an_administrator_makes_a_new_key_and_old_signatures_still_verify()
    {
        var original = WrappedSigningKey.Create(Password, Kdf, Created);
        Signature before;
        var opened = original.Unwrap(Password);
        Assert.True(opened.Success);
        using (var key = opened.Value)
        {
            before = SectorVersionSignature.Sign(key, SomeHash, "acc-az-1", new PartyCode("AZ"), Created.AddDays(1));
        }

        // The administrator does not know the member's password: the old key is retired, a new one made.
        var resetAt = Created.AddDays(10);
        var retired = original.Retire(resetAt);
        var replacement = WrappedSigningKey.Create("temporary passphrase from the admin", Kdf, resetAt);

        Assert.NotEqual(original.KeyId, replacement.KeyId);
        Assert.NotEqual(original.PublicKey, replacement.PublicKey);

        // The retired key keeps its public half, so what it signed still verifies ...
        Assert.Equal(original.PublicKey, retired.PublicKey);
        Assert.Equal(original.KeyId, retired.KeyId);
        Assert.True(SectorVersionSignature.Verify(before, retired.PublicKey, SomeHash));
        Assert.False(SectorVersionSignature.Verify(before, replacement.PublicKey, SomeHash));

        // ... but its private half is gone: not even the old password signs with it again.
        Assert.Empty(retired.Ciphertext);
        Assert.Equal(KeyFailure.Retired, retired.Unwrap(Password).Failure);
        Assert.Equal(KeyFailure.Retired, retired.Rewrap(Password, "another passphrase entirely", Kdf).Failure);

        Assert.True(retired.WasActiveAt(before.SignedAt));
        Assert.False(retired.WasActiveAt(resetAt));
        Assert.True(replacement.WasActiveAt(resetAt));
        Assert.False(replacement.WasActiveAt(before.SignedAt));
    }

    [Fact]
    public void Public_keys_that_are_not_one_P256_key_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var good = WrappedSigningKey.Create(Password, Kdf, Created).PublicKey;

        Assert.True(SigningKey.TryImportPublicKey(good, out var imported));
        imported.Dispose();
        Assert.False(SigningKey.TryImportPublicKey(p384.ExportSubjectPublicKeyInfo(), out _));
        Assert.False(SigningKey.TryImportPublicKey([.. good, 0], out _));
        Assert.False(SigningKey.TryImportPublicKey(good.AsSpan(0, 20), out _));
        Assert.False(SigningKey.TryImportPublicKey([], out _));
    }
}
