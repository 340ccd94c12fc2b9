using System.Collections.Immutable;
using System.Security.Cryptography;

namespace Demarcate.Core.Trust;

/// <summary>
/// Signs and checks what anchors the journal: heads signed with the commission's journal key, and receipts
/// signed by delegation members with their own keys. All signatures are ECDSA P-256 with SHA-256, r‖s (IEEE P1363).
/// </summary>
/// <remarks>Thread-safe as far as the <see cref="ECDsa"/> keys passed in are; keys are never disposed here.</remarks>
public static class JournalSigner
{
    private const DSASignatureFormat Format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation;

    /// <summary>The length of a P-256 signature in r‖s form.</summary>
    public const int SignatureLength = 64;

    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Signs the journal's head with the commission's journal key.</summary>
    /// <param name="head">The journal's last entry.</param>
    /// <param name="key">The journal key (a P-256 private key).</param>
    /// <param name="signerId">The id the key's public half is known by.</param>
    /// <param name="at">When it is signed.</param>
    public static SignedHead SignHead(JournalEntry head, ECDsa key, string signerId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentException.ThrowIfNullOrWhiteSpace(signerId);
        RequireP256(key);
        var unsigned = new SignedHead(head.Sequence, head.Hash, at, signerId, []);
        return new SignedHead(head.Sequence, head.Hash, unsigned.SignedAt, signerId, Sign(key, unsigned.SignedBytes()));
    }

    /// <summary>A delegation member's receipt for the head they have seen (entry <paramref name="sequence"/> with <paramref name="hash"/>).</summary>
    /// <param name="sequence">The entry the member has seen as the journal's head.</param>
    /// <param name="hash">That entry's hash as the member was shown it.</param>
    /// <param name="party">The member's party.</param>
    /// <param name="accountId">The member's account id (the id their public key is known by).</param>
    /// <param name="key">The member's own P-256 private key.</param>
    /// <param name="at">When the receipt is issued.</param>
    public static Receipt SignReceipt(long sequence, JournalHash hash, PartyCode party, string accountId, ECDsa key, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        RequireP256(key);
        var unsigned = new Receipt(party, accountId, sequence, hash, at, []);
        return new Receipt(party, accountId, sequence, hash, unsigned.IssuedAt, Sign(key, unsigned.SignedBytes()));
    }

    /// <summary>A delegation member's receipt for <paramref name="head"/>.</summary>
    public static Receipt SignReceipt(JournalEntry head, PartyCode party, string accountId, ECDsa key, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(head);
        return SignReceipt(head.Sequence, head.Hash, party, accountId, key, at);
    }

    /// <summary>Whether <paramref name="publicKey"/> made the head's signature.</summary>
    public static bool Verify(SignedHead head, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(head);
        return VerifySignature(publicKey, head.SignedBytes(), head.Signature);
    }

    /// <summary>Whether <paramref name="publicKey"/> made the receipt's signature.</summary>
    public static bool Verify(Receipt receipt, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return VerifySignature(publicKey, receipt.SignedBytes(), receipt.Signature);
    }

    private static ImmutableArray<byte> Sign(ECDsa key, byte[] message) =>
        [.. key.SignData(message, HashAlgorithmName.SHA256, Format)];

    private static bool VerifySignature(ECDsa publicKey, byte[] message, ImmutableArray<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!IsP256(publicKey) || signature.Length != SignatureLength)
        {
            return false;
        }

        try
        {
            return publicKey.VerifyData(message, signature.AsSpan(), HashAlgorithmName.SHA256, Format);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void RequireP256(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsP256(key))
        {
            throw new ArgumentException("Journal keys are ECDSA on the curve P-256 (secp256r1).", nameof(key));
        }
    }

    private static bool IsP256(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            return false;
        }

        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        return curve.IsNamed && (curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256");
    }
}
