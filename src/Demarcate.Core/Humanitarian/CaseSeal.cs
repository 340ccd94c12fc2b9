using System.Security.Cryptography;
using System.Text;

namespace Demarcate.Core.Humanitarian;

/// <summary>
/// The key hierarchy of humanitarian cases. Every case has its own 256-bit data key; each personal field is sealed
/// with AES-256-GCM under it, the associated data naming the case and the field so that a sealed value cannot be moved
/// to another case or field. The case key is itself sealed (wrapped) under the key-encryption key kept outside the
/// store. Destroying a case's wrapped key erases the person: what remains is ciphertext that no key opens.
/// </summary>
/// <remarks>Sealed values are nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes). Thread-safe: no state.</remarks>
public static class CaseSeal
{
    public const int KeyBytes = 32;

    private const int NonceBytes = 12;

    private const int TagBytes = 16;

    /// <summary>A fresh random data key for one case.</summary>
    public static byte[] NewCaseKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    /// <summary>The short id of a key-encryption key (first 8 bytes of its SHA-256, hex), stored beside what it wraps.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> keyEncryptionKey) => Convert.ToHexStringLower(SHA256.HashData(keyEncryptionKey)[..8]);

    /// <summary>Seals one personal field of a case under the case key.</summary>
    public static byte[] SealField(ReadOnlySpan<byte> caseKey, string caseId, string field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Seal(caseKey, Encoding.UTF8.GetBytes(value), FieldContext(caseId, field));
    }

    /// <summary>Opens one sealed field; throws <see cref="CryptographicException"/> for a wrong key, case or field, or altered bytes.</summary>
    public static string OpenField(ReadOnlySpan<byte> caseKey, string caseId, string field, ReadOnlySpan<byte> sealedValue) =>
        Encoding.UTF8.GetString(Open(caseKey, sealedValue, FieldContext(caseId, field)));

    /// <summary>Wraps a case key under the key-encryption key, bound to the case id.</summary>
    public static byte[] WrapCaseKey(ReadOnlySpan<byte> keyEncryptionKey, string caseId, ReadOnlySpan<byte> caseKey) =>
        Seal(keyEncryptionKey, caseKey, KeyContext(caseId));

    /// <summary>Unwraps a case key; throws <see cref="CryptographicException"/> for a wrong key-encryption key or case.</summary>
    public static byte[] UnwrapCaseKey(ReadOnlySpan<byte> keyEncryptionKey, string caseId, ReadOnlySpan<byte> wrapped) =>
        Open(keyEncryptionKey, wrapped, KeyContext(caseId));

    private static byte[] FieldContext(string caseId, string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return Encoding.UTF8.GetBytes($"demarcate/humanitarian/field/v1\0{caseId}\0{field}");
    }

    private static byte[] KeyContext(string caseId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        return Encoding.UTF8.GetBytes($"demarcate/humanitarian/case-key/v1\0{caseId}");
    }

    private static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, byte[] associatedData)
    {
        CheckKey(key);
        var output = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes, plaintext.Length), output.AsSpan(NonceBytes + plaintext.Length), associatedData);
        return output;
    }

    private static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedValue, byte[] associatedData)
    {
        CheckKey(key);
        if (sealedValue.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("A sealed value is shorter than its nonce and tag.");
        }

        var length = sealedValue.Length - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedValue[..NonceBytes], sealedValue.Slice(NonceBytes, length), sealedValue[(NonceBytes + length)..], plaintext, associatedData);
        return plaintext;
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"Keys of humanitarian cases are {KeyBytes} bytes (AES-256).", nameof(key));
        }
    }
}
