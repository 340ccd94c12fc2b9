using System.Security.Cryptography;
using Demarcate.Core.Trust;

namespace Demarcate.Cli;

/// <summary>
/// Every public key a member ever had, presented to <see cref="JournalVerifier"/> as the one key of
/// their account id: a receipt verifies when a key that was active when the receipt was issued made
/// its signature. A password reset gives a member a new key, and their receipts from before it must
/// still count, while a retired key must not be able to sign receipts dated after its retirement.
/// </summary>
/// <remarks>
/// Verification only. The verifier hands over the digest of a receipt's signed bytes, not the
/// receipt, so the ring knows the receipts it will be asked about and finds their issue times by
/// digest. Not thread-safe beyond what <see cref="ECDsa"/> verification is.
/// </remarks>
internal sealed class MemberKeyRing : ECDsa
{
    private readonly IReadOnlyList<(WrappedSigningKey Record, ECDsa Key)> _keys;
    private readonly IReadOnlyList<(byte[] Digest, DateTimeOffset IssuedAt)> _receipts;

    private MemberKeyRing(IReadOnlyList<(WrappedSigningKey Record, ECDsa Key)> keys, IReadOnlyList<(byte[] Digest, DateTimeOffset IssuedAt)> receipts)
    {
        _keys = keys;
        _receipts = receipts;
        KeySizeValue = 256;
        LegalKeySizesValue = [new KeySizes(256, 256, 0)];
    }

    /// <summary>The ring of an account's keys for its <paramref name="receipts"/>; null when none of the stored public keys can be read.</summary>
    public static MemberKeyRing? Create(IEnumerable<WrappedSigningKey> keys, IEnumerable<Receipt> receipts)
    {
        var usable = new List<(WrappedSigningKey, ECDsa)>();
        foreach (var record in keys)
        {
            if (SigningKey.TryImportPublicKey(record.PublicKey, out var key))
            {
                usable.Add((record, key));
            }
        }

        return usable.Count == 0 ? null : new MemberKeyRing(usable, [.. receipts.Select(r => (SHA256.HashData(r.SignedBytes()), r.IssuedAt))]);
    }

    public override ECParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters
            ? throw new CryptographicException("A member's key ring holds public keys only.")
            : _keys[0].Key.ExportParameters(includePrivateParameters: false);

    public override ECParameters ExportExplicitParameters(bool includePrivateParameters) =>
        includePrivateParameters
            ? throw new CryptographicException("A member's key ring holds public keys only.")
            : _keys[0].Key.ExportExplicitParameters(includePrivateParameters: false);

    public override void ImportParameters(ECParameters parameters) =>
        throw new NotSupportedException("A member's key ring is made from the store's public keys only.");

    public override byte[] SignHash(byte[] hash) =>
        throw new NotSupportedException("A member's key ring verifies; it cannot sign.");

    public override bool VerifyHash(byte[] hash, byte[] signature)
    {
        foreach (var (digest, issuedAt) in _receipts)
        {
            if (!digest.AsSpan().SequenceEqual(hash))
            {
                continue;
            }

            foreach (var (record, key) in _keys)
            {
                if (record.WasActiveAt(issuedAt) && key.VerifyHash(hash, signature))
                {
                    return true;
                }
            }
        }

        return false;
    }

    protected override byte[] HashData(byte[] data, int offset, int count, HashAlgorithmName hashAlgorithm) =>
        CryptographicOperations.HashData(hashAlgorithm, data.AsSpan(offset, count));

    protected override byte[] HashData(Stream data, HashAlgorithmName hashAlgorithm) =>
        CryptographicOperations.HashData(hashAlgorithm, data);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var (_, key) in _keys)
            {
                key.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
