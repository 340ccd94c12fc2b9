using System.Security.Cryptography;
using System.Text;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust.Internal;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Core.Trust;

/// <summary>One row of a sector version's turning-point table, as it is signed.</summary>
/// <param name="Id">The turning point's id (e.g. "M-07-TP03").</param>
/// <param name="Position">Where it is, on WGS 84; signed to 1e-9 degree.</param>
/// <param name="HowFixed">How its position was fixed (e.g. "surveyed", "from the 1926 map"), as the commission words it.</param>
public sealed record TurningPointRow(string Id, GeoPoint Position, string HowFixed);

/// <summary>A member's signature over one sector version's canonical hash.</summary>
/// <param name="AccountId">The signer's account.</param>
/// <param name="Party">The party the signer signed for.</param>
/// <param name="KeyId">Which of the signer's keys signed (<see cref="SigningKey.KeyIdOf(ReadOnlySpan{byte})"/>).</param>
/// <param name="SignedAt">When, to the millisecond, by the server's clock.</param>
/// <param name="Hash">The canonical hash signed (<see cref="SectorVersionSignature.CanonicalHash"/>), 32 bytes.</param>
/// <param name="SignatureBytes">ECDSA P-256 / SHA-256 signature, DER (RFC 3279), over the message in <see cref="SectorVersionSignature"/>.</param>
/// <remarks>Immutable. Every field is signed, so none can be relabelled without the signature failing.</remarks>
public sealed record Signature(string AccountId, PartyCode Party, string KeyId, DateTimeOffset SignedAt, byte[] Hash, byte[] SignatureBytes);

/// <summary>
/// The canonical hash of a sector version, and signing and verifying it. See docs/trust.md
/// ("The canonical hash") for the byte-exact encoding; changing it invalidates every signature.
/// </summary>
/// <remarks>
/// Thread-safe. The message a signature covers is the length-prefixed encoding of:
/// the text "demarcate-sector-version-signature-v1", the 32-byte hash, the account id, the party
/// code, the signing time as milliseconds since 1970-01-01T00:00Z (64-bit), and the key id.
/// </remarks>
public static class SectorVersionSignature
{
    /// <summary>Size of a canonical hash in bytes.</summary>
    public const int HashSize = 32;

    private const string HashLabel = "demarcate-sector-version-v1";
    private const string SignatureLabel = "demarcate-sector-version-signature-v1";
    private const double NanodegreesPerDegree = 1e9;

    /// <summary>
    /// SHA-256 over the documented encoding of a sector version: its id, version number, agreed
    /// geometry (normalised, then WKB little-endian 2D), turning points in table order, and the
    /// description (NFC, LF line ends). The geometry passed in is not changed.
    /// </summary>
    /// <exception cref="ArgumentException">A coordinate is not finite, or a text is not valid Unicode.</exception>
    public static byte[] CanonicalHash(string sectorId, int version, Geometry agreedGeometry, IReadOnlyList<TurningPointRow> turningPoints, string description)
    {
        ArgumentNullException.ThrowIfNull(sectorId);
        ArgumentNullException.ThrowIfNull(agreedGeometry);
        ArgumentNullException.ThrowIfNull(turningPoints);
        ArgumentNullException.ThrowIfNull(description);

        var normalised = agreedGeometry.Copy();
        normalised.Normalize();
        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false).Write(normalised);

        using var writer = new CanonicalWriter();
        writer.WriteText(HashLabel);
        writer.WriteText(sectorId);
        writer.WriteInt64(version);
        writer.WriteBytes(wkb);
        writer.WriteUInt32(checked((uint)turningPoints.Count));
        foreach (var point in turningPoints)
        {
            ArgumentNullException.ThrowIfNull(point, nameof(turningPoints));
            writer.WriteText(point.Id);
            writer.WriteInt64(Nanodegrees(point.Position.Latitude, 90, point.Id));
            writer.WriteInt64(Nanodegrees(point.Position.Longitude, 180, point.Id));
            writer.WriteText(point.HowFixed);
        }

        writer.WriteText(NormaliseText(description));
        return writer.Sha256();
    }

    /// <summary>
    /// Signs a canonical hash for <paramref name="party"/>. <paramref name="signedAt"/> is kept to the
    /// millisecond, in UTC; take it from the server's clock, not from the client.
    /// </summary>
    public static Signature Sign(ECDsa key, byte[] canonicalHash, string signerAccountId, PartyCode party, DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(canonicalHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(signerAccountId);
        if (canonicalHash.Length != HashSize)
        {
            throw new ArgumentException($"A canonical hash has {HashSize} bytes.", nameof(canonicalHash));
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(signedAt.ToUnixTimeMilliseconds());
        var keyId = SigningKey.KeyIdOf(key);
        var hash = (byte[])canonicalHash.Clone();
        var message = Message(hash, signerAccountId, party, at, keyId);
        var bytes = key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new Signature(signerAccountId, party, keyId, at, hash, bytes);
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is a valid signature over <paramref name="canonicalHash"/>
    /// by the key whose SubjectPublicKeyInfo is <paramref name="publicKey"/>. False, never an exception,
    /// for a different hash, a different key, damaged bytes or a relabelled field.
    /// </summary>
    public static bool Verify(Signature signature, byte[] publicKey, byte[] canonicalHash)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(canonicalHash);
        if (canonicalHash.Length != HashSize || signature.Hash is null || !signature.Hash.AsSpan().SequenceEqual(canonicalHash)
            || signature.SignatureBytes is null || signature.AccountId is null || signature.KeyId is null
            || signature.KeyId != SigningKey.KeyIdOf(publicKey)
            || !SigningKey.TryImportPublicKey(publicKey, out var key))
        {
            return false;
        }

        using (key)
        {
            try
            {
                var message = Message(canonicalHash, signature.AccountId, signature.Party, signature.SignedAt, signature.KeyId);
                return key.VerifyData(message, signature.SignatureBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    private static byte[] Message(byte[] hash, string accountId, PartyCode party, DateTimeOffset signedAt, string keyId)
    {
        using var writer = new CanonicalWriter(keepBytes: true);
        writer.WriteText(SignatureLabel);
        writer.WriteBytes(hash);
        writer.WriteText(accountId);
        writer.WriteText(party.Value ?? "");
        writer.WriteInt64(signedAt.ToUnixTimeMilliseconds());
        writer.WriteText(keyId);
        return writer.ToArray();
    }

    private static long Nanodegrees(double degrees, double limit, string pointId)
    {
        if (!double.IsFinite(degrees) || Math.Abs(degrees) > limit)
        {
            throw new ArgumentException($"Turning point {pointId} has a coordinate outside ±{limit}°.", nameof(degrees));
        }

        return (long)Math.Round(degrees * NanodegreesPerDegree, MidpointRounding.AwayFromZero);
    }

    private static string NormaliseText(string text) =>
        text.Normalize(NormalizationForm.FormC).ReplaceLineEndings("\n");
}
