using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Demarcate.Core.Trust;

/// <summary>
/// What the commission's signing keys are: ECDSA on NIST P-256, public keys kept as
/// SubjectPublicKeyInfo (DER) bytes and named by a fingerprint.
/// </summary>
public static class SigningKey
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>
    /// The key id: the first 16 hexadecimal digits (lower case) of SHA-256 over the
    /// SubjectPublicKeyInfo bytes.
    /// </summary>
    public static string KeyIdOf(ReadOnlySpan<byte> publicKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(publicKey, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>The key id of a key pair's public half.</summary>
    public static string KeyIdOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return KeyIdOf(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>
    /// Reads a P-256 public key from SubjectPublicKeyInfo bytes; false (never an exception) for bytes
    /// that are not exactly one such key. The caller disposes the key.
    /// </summary>
    public static bool TryImportPublicKey(ReadOnlySpan<byte> publicKey, [NotNullWhen(true)] out ECDsa? key)
    {
        key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(publicKey, out var read);
            if (read == publicKey.Length && IsP256(key))
            {
                return true;
            }
        }
        catch (CryptographicException)
        {
            // Not a key: fall through to the refusal below.
        }

        key.Dispose();
        key = null;
        return false;
    }

    internal static bool IsP256(ECDsa key)
    {
        // Platforms name the curve differently (OID, or one of its friendly names); any of them will do.
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        return key.KeySize == 256 && curve.IsNamed
            && (curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1");
    }
}
