using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Demarcate.Core.Trust;

/// <summary>
/// A new API token for scripts and the command line: <see cref="Token"/> is shown to the member once
/// and never stored; the store keeps <see cref="Id"/> and <see cref="SecretHash"/>.
/// </summary>
/// <remarks>
/// Immutable. Format: <c>dmk_</c>, an 8-character id (lower-case base32 of 5 random bytes), <c>_</c>,
/// then 32 random bytes as unpadded base64url (43 characters). The secret is 256 random bits, so a
/// plain SHA-256 of it is enough to store: there is nothing to guess that a slow hash would protect.
/// </remarks>
public sealed record ApiToken
{
    /// <summary>What every token starts with, so secret scanners and people can tell what it is.</summary>
    public const string Prefix = "dmk_";

    internal const int IdLength = 8;
    internal const int SecretBytes = 32;
    internal const int SecretLength = 43;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly int TokenLength = Prefix.Length + IdLength + 1 + SecretLength;

    private ApiToken(string token, string id, byte[] secretHash)
    {
        Token = token;
        Id = id;
        SecretHash = secretHash;
    }

    /// <summary>The whole token, to show the member once. Never log or store it.</summary>
    public string Token { get; }

    /// <summary>The public part: how the store finds the token (not secret, unique per store).</summary>
    public string Id { get; }

    /// <summary>SHA-256 of the 32 secret bytes: what the store keeps.</summary>
    public byte[] SecretHash { get; }

    /// <summary>A new token with a fresh random id and secret.</summary>
    public static ApiToken Create()
    {
        var idBits = RandomNumberGenerator.GetBytes(5);
        var id = string.Create(IdLength, idBits, static (chars, bits) =>
        {
            ulong value = 0;
            foreach (var b in bits)
            {
                value = (value << 8) | b;
            }

            for (var i = IdLength - 1; i >= 0; i--)
            {
                chars[i] = IdAlphabet[(int)(value & 31)];
                value >>= 5;
            }
        });
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var token = Prefix + id + "_" + Base64Url.EncodeToString(secret);
        var hash = SHA256.HashData(secret);
        CryptographicOperations.ZeroMemory(secret);
        return new ApiToken(token, id, hash);
    }

    /// <summary>
    /// Reads a token a client presented. False for anything not exactly in the token format; never
    /// throws. On success, look the token up by <paramref name="id"/> and compare
    /// <paramref name="secretHash"/> with <see cref="StoredApiToken.Accepts"/>.
    /// </summary>
    public static bool TryParse(string? presented, [NotNullWhen(true)] out string? id, [NotNullWhen(true)] out byte[]? secretHash)
    {
        id = null;
        secretHash = null;
        if (presented is null || presented.Length != TokenLength || !presented.StartsWith(Prefix, StringComparison.Ordinal)
            || presented[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var idPart = presented.AsSpan(Prefix.Length, IdLength);
        foreach (var c in idPart)
        {
            if (!IdAlphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        // The secret may itself contain '_' (base64url), so it is read by position, not by splitting.
        var secretPart = presented.AsSpan(Prefix.Length + IdLength + 1);
        foreach (var c in secretPart)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        Span<byte> secret = stackalloc byte[SecretBytes + 2];
        if (Base64Url.DecodeFromChars(secretPart, secret, out _, out var written) != OperationStatus.Done || written != SecretBytes)
        {
            return false;
        }

        // One spelling per secret: refuse encodings whose unused trailing bits are not zero.
        Span<char> canonical = stackalloc char[SecretLength];
        if (!Base64Url.TryEncodeToChars(secret[..SecretBytes], canonical, out var charsWritten)
            || charsWritten != SecretLength || !canonical.SequenceEqual(secretPart))
        {
            CryptographicOperations.ZeroMemory(secret);
            return false;
        }

        id = idPart.ToString();
        secretHash = SHA256.HashData(secret[..SecretBytes]);
        CryptographicOperations.ZeroMemory(secret);
        return true;
    }

    /// <summary>Whether two secret hashes are equal, in time that does not depend on where they differ.</summary>
    public static bool SecretMatches(ReadOnlySpan<byte> presentedSecretHash, ReadOnlySpan<byte> storedSecretHash) =>
        presentedSecretHash.Length == SHA256.HashSizeInBytes
        && CryptographicOperations.FixedTimeEquals(presentedSecretHash, storedSecretHash);

    /// <summary>The record to store for this token.</summary>
    public StoredApiToken ToStored(string accountId, string name, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (expiresAt <= createdAt)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), "A token must expire after it is created.");
        }

        return new StoredApiToken(Id, accountId, name, (byte[])SecretHash.Clone(), createdAt, expiresAt, RevokedAt: null);
    }

    /// <summary>Shows the id only, so a token never lands in a log by accident.</summary>
    public override string ToString() => Prefix + Id + "_…";
}

/// <summary>An API token as the store keeps it: never the secret, only its hash, and the flags that end it.</summary>
/// <param name="Id">The token's public id (the 8 characters after <c>dmk_</c>).</param>
/// <param name="AccountId">The account the token acts as.</param>
/// <param name="Name">What the member called it ("laptop CLI"), to recognise it when revoking.</param>
/// <param name="SecretHash">SHA-256 of the token's secret bytes.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">From this instant on it is refused. Every token expires.</param>
/// <param name="RevokedAt">When the member or an administrator revoked it; once set, it is refused.</param>
/// <remarks>Immutable. Revoking is <c>token with { RevokedAt = now }</c>.</remarks>
public sealed record StoredApiToken(
    string Id,
    string AccountId,
    string Name,
    byte[] SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Whether the token may be used at <paramref name="now"/>: not revoked and not expired.</summary>
    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    /// <summary>
    /// Whether a presented token (parsed by <see cref="ApiToken.TryParse"/>) is this one and usable
    /// now: the secret hash compared in constant time, then expiry and revocation.
    /// </summary>
    public bool Accepts(ReadOnlySpan<byte> presentedSecretHash, DateTimeOffset now) =>
        ApiToken.SecretMatches(presentedSecretHash, SecretHash) && IsUsableAt(now);
}
