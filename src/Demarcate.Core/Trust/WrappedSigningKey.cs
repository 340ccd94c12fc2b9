using System.Security.Cryptography;
using System.Text;
using Demarcate.Core.Trust.Internal;

namespace Demarcate.Core.Trust;

/// <summary>
/// A member's signing key as the store keeps it: the public key in the clear, the private key
/// (PKCS#8) sealed with AES-256-GCM under a key derived from the member's own password. An
/// administrator who resets the password cannot open it, so cannot sign as the member.
/// </summary>
/// <param name="KeyId">Fingerprint of <paramref name="PublicKey"/> (<see cref="SigningKey.KeyIdOf(ReadOnlySpan{byte})"/>).</param>
/// <param name="PublicKey">SubjectPublicKeyInfo (DER) of the P-256 key: kept for ever to verify what the key signed.</param>
/// <param name="Salt">PBKDF2 salt of the wrapping key (16 random bytes, its own, not the login hash's).</param>
/// <param name="Iterations">PBKDF2-HMAC-SHA256 iterations of the wrapping key.</param>
/// <param name="Nonce">AES-GCM nonce (12 random bytes, fresh at every wrapping).</param>
/// <param name="Ciphertext">The encrypted PKCS#8 private key.</param>
/// <param name="Tag">AES-GCM tag (16 bytes).</param>
/// <param name="CreatedAt">When the key pair was made.</param>
/// <param name="RetiredAt">When it stopped signing (a password reset); its private half is then erased.</param>
/// <remarks>
/// Immutable. The public key is the GCM associated data, so a record whose public key was swapped
/// does not open. Everything is a string, an integer, a time or bytes, for one row of the store.
/// </remarks>
public sealed record WrappedSigningKey(
    string KeyId,
    byte[] PublicKey,
    byte[] Salt,
    int Iterations,
    byte[] Nonce,
    byte[] Ciphertext,
    byte[] Tag,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt)
{
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;
    private static readonly byte[] AssociatedLabel = Encoding.ASCII.GetBytes("demarcate-signing-key-v1");

    /// <summary>
    /// A new P-256 key pair wrapped under <paramref name="password"/>, with the iteration count of
    /// <paramref name="kdf"/>. Used when an account is made and when an administrator resets a
    /// password (after <see cref="Retire"/> of the old key).
    /// </summary>
    /// <exception cref="ArgumentException">The password is not valid Unicode (see <see cref="PasswordHasher.CheckStrength"/>).</exception>
    public static WrappedSigningKey Create(string password, PasswordHasher kdf, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(kdf);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = key.ExportSubjectPublicKeyInfo();
        var privateKey = key.ExportPkcs8PrivateKey();
        try
        {
            return Seal(privateKey, publicKey, password, kdf.Iterations, createdAt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Whether the key was the member's signing key at <paramref name="instant"/>.</summary>
    public bool WasActiveAt(DateTimeOffset instant) => CreatedAt <= instant && (RetiredAt is null || instant < RetiredAt);

    /// <summary>
    /// Opens the key with the member's password. A wrong password, a retired key or a damaged record
    /// is a failure in the result, not an exception. The caller disposes the key.
    /// </summary>
    public KeyResult<ECDsa> Unwrap(string? password)
    {
        if (RetiredAt is not null)
        {
            return KeyResult<ECDsa>.Failed(KeyFailure.Retired);
        }

        if (Salt is not { Length: SaltBytes } || Nonce is not { Length: 12 } || Tag is not { Length: 16 }
            || Ciphertext is null || PublicKey is null || Iterations is < 1 or > PasswordHasher.MaximumIterations)
        {
            return KeyResult<ECDsa>.Failed(KeyFailure.Damaged);
        }

        if (!PasswordBytes.TryEncode(password, out var passwordBytes))
        {
            return KeyResult<ECDsa>.Failed(KeyFailure.WrongPassword);
        }

        var wrappingKey = Rfc2898DeriveBytes.Pbkdf2(passwordBytes, Salt, Iterations, HashAlgorithmName.SHA256, KeyBytes);
        CryptographicOperations.ZeroMemory(passwordBytes);
        var privateKey = new byte[Ciphertext.Length];
        try
        {
            using (var gcm = new AesGcm(wrappingKey, Tag.Length))
            {
                gcm.Decrypt(Nonce, Ciphertext, Tag, privateKey, AssociatedData(PublicKey));
            }

            return Import(privateKey);
        }
        catch (AuthenticationTagMismatchException)
        {
            return KeyResult<ECDsa>.Failed(KeyFailure.WrongPassword);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>
    /// The same key pair wrapped under a new password, for a member who changes their own password
    /// (they know the old one). New salt and nonce; iterations from <paramref name="kdf"/>. The public
    /// key, key id and creation time stay, so nothing signed before needs anything new.
    /// </summary>
    /// <exception cref="ArgumentException">The new password is not valid Unicode.</exception>
    public KeyResult<WrappedSigningKey> Rewrap(string? oldPassword, string newPassword, PasswordHasher kdf)
    {
        ArgumentNullException.ThrowIfNull(newPassword);
        ArgumentNullException.ThrowIfNull(kdf);
        var opened = Unwrap(oldPassword);
        if (!opened.Success)
        {
            return KeyResult<WrappedSigningKey>.Failed(opened.Failure);
        }

        using var key = opened.Value;
        var privateKey = key.ExportPkcs8PrivateKey();
        try
        {
            return KeyResult<WrappedSigningKey>.Ok(Seal(privateKey, PublicKey, newPassword, kdf.Iterations, CreatedAt));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>
    /// The key as it is kept once retired: the public key and its id stay, so old signatures still
    /// verify; salt, nonce, ciphertext and tag are erased, so the key can never sign again, not even
    /// with the old password.
    /// </summary>
    public WrappedSigningKey Retire(DateTimeOffset retiredAt) =>
        this with { Salt = [], Nonce = [], Ciphertext = [], Tag = [], RetiredAt = retiredAt };

    private static WrappedSigningKey Seal(byte[] privateKey, byte[] publicKey, string password, int iterations, DateTimeOffset createdAt)
    {
        var passwordBytes = PasswordBytes.Encode(password, nameof(password));
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var wrappingKey = Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
        CryptographicOperations.ZeroMemory(passwordBytes);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
            var ciphertext = new byte[privateKey.Length];
            var tag = new byte[AesGcm.TagByteSizes.MaxSize];
            using (var gcm = new AesGcm(wrappingKey, tag.Length))
            {
                gcm.Encrypt(nonce, privateKey, ciphertext, tag, AssociatedData(publicKey));
            }

            return new WrappedSigningKey(SigningKey.KeyIdOf(publicKey), (byte[])publicKey.Clone(), salt, iterations, nonce, ciphertext, tag, createdAt, RetiredAt: null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }
    }

    private KeyResult<ECDsa> Import(byte[] privateKey)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(privateKey, out var read);
            if (read == privateKey.Length && SigningKey.IsP256(key)
                && key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(PublicKey))
            {
                return KeyResult<ECDsa>.Ok(key);
            }
        }
        catch (CryptographicException)
        {
            // Authentic ciphertext that is not a P-256 key: reported as damaged below.
        }

        key.Dispose();
        return KeyResult<ECDsa>.Failed(KeyFailure.Damaged);
    }

    private static byte[] AssociatedData(byte[] publicKey) => [.. AssociatedLabel, .. publicKey];
}
