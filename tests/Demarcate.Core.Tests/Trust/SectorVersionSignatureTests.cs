using System.Security.Cryptography;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Trust;

public sealed class SectorVersionSignatureTests
{
    private const string Line = "MULTILINESTRING ((45.01 41, 44.99 40.85, 45.02 40.7), (45.02 40.7, 44.98 40.45, 45 40.2))";
    private const string Description = "From pillar 7 the line follows the thalweg of the river\nto the confluence.\nThence straight to pillar 8.";
    private static readonly DateTimeOffset SignedAt = new(2026, 3, 1, 9, 30, 15, 123, TimeSpan.FromHours(4));

    private static readonly TurningPointRow[] Points =
    [
        new("M-07-TP01", new GeoPoint(40.85, 44.99), "surveyed"),
        new("M-07-TP02", new GeoPoint(40.7, 45.02), "from the 1926 map"),
        new("M-07-TP03", new GeoPoint(40.45, 44.98), "surveyed"),
    ];

    private static Geometry Wkt(string wkt) => new WKTReader().Read(wkt);

    private static byte[] Hash(
        string sectorId = "M-07", int version = 3, string wkt = Line, IReadOnlyList<TurningPointRow>? points = null, string description = Description) =>
        SectorVersionSignature.CanonicalHash(sectorId, version, Wkt(wkt), points ?? Points, description);

    [Fact]
    public void The_hash_is_32_bytes_and_the_same_for_the_same_version()
    {
        var a = Hash();
        var b = Hash();

        Assert.Equal(32, a.Length);
        Assert.Equal(a, b);
    }

    [Fact]
    public void The_hash_is_exactly_the_encoding_documented_in_docs_trust_md()
    {
        // Built by hand from the documentation, so code and document cannot drift apart.
        var bytes = new List<byte>();
        void Int64(long value) => bytes.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value)));
        void UInt32(uint value) => bytes.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value)));
        void Bytes(byte[] value)
        {
            UInt32((uint)value.Length);
            bytes.AddRange(value);
        }

        void Text(string value) => Bytes(System.Text.Encoding.UTF8.GetBytes(value));

        // LINESTRING (2 1, 0 0) normalises to LINESTRING (0 0, 2 1): WKB little-endian, type 2, 2 points.
        var wkb = new List<byte> { 1 };
        wkb.AddRange(BitConverter.GetBytes(2u));
        wkb.AddRange(BitConverter.GetBytes(2u));
        foreach (var ordinate in new[] { 0.0, 0.0, 2.0, 1.0 })
        {
            wkb.AddRange(BitConverter.GetBytes(ordinate));
        }

        Text("demarcate-sector-version-v1");
        Text("S-1");
        Int64(2);
        Bytes([.. wkb]);
        UInt32(1);
        Text("TP1");
        Int64(40_123_456_789);
        Int64(-45_000_000_001);
        Text("surveyed");
        Text("caf\u00e9\nline two");

        Assert.True(BitConverter.IsLittleEndian);
        var expected = SHA256.HashData([.. bytes]);
        var actual = SectorVersionSignature.CanonicalHash(
            "S-1",
            2,
            Wkt("LINESTRING (2 1, 0 0)"),
            [new TurningPointRow("TP1", new GeoPoint(40.123456789, -45.000000001), "surveyed")],
            "cafe\u0301\r\nline two");
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    [Fact]
    public void The_hash_does_not_change_when_the_geometry_is_written_in_another_equivalent_order()
    {
        // Parts swapped, and each part drawn the other way.
        Assert.Equal(Hash(), Hash(wkt: "MULTILINESTRING ((45 40.2, 44.98 40.45, 45.02 40.7), (45.02 40.7, 44.99 40.85, 45.01 41))"));

        // A polygon whose ring starts at another vertex and runs the other way round.
        var polygon = "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))";
        var rotated = "POLYGON ((1 1, 1 0, 0 0, 0 1, 1 1))";
        Assert.Equal(Hash(wkt: polygon), Hash(wkt: rotated));
    }

    [Fact]
    public void The_geometry_passed_in_is_not_normalised_in_place()
    {
        var geometry = Wkt("LINESTRING (1 1, 0 0)");

        SectorVersionSignature.CanonicalHash("M-07", 3, geometry, Points, Description);

        Assert.Equal("LINESTRING (1 1, 0 0)", geometry.AsText());
    }

    [Fact]
    public void The_hash_does_not_change_with_line_ends_or_Unicode_composition_of_the_text()
    {
        Assert.Equal(Hash(), Hash(description: Description.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Equal(Hash(description: "Gölbaşı caf\u00e9"), Hash(description: "Go\u0308lbas\u0327ı cafe\u0301"));
    }

    [Fact]
    public void The_hash_keeps_turning_points_to_a_nanodegree()
    {
        var jitter = Points.Select(p => p with { Position = new GeoPoint(p.Position.Latitude + 1e-11, p.Position.Longitude - 1e-11) }).ToArray();

        Assert.Equal(Hash(), Hash(points: jitter));
    }

    public static TheoryData<string> OneChange() =>
    [
        "sector id",
        "version",
        "vertex moved 1e-7 degree",
        "vertex added",
        "turning point moved 1e-7 degree north",
        "turning point moved 2e-9 degree east",
        "turning point renamed",
        "turning point fixed another way",
        "turning points reordered",
        "turning point dropped",
        "one character of the text",
        "trailing space in the text",
        "text moved between fields",
    ];

    [Theory]
    [MemberData(nameof(OneChange))]
    public void The_hash_changes_when_any_one_input_changes(string change)
    {
        TurningPointRow[] With(int index, TurningPointRow row)
        {
            var copy = (TurningPointRow[])Points.Clone();
            copy[index] = row;
            return copy;
        }

        var changed = change switch
        {
            "sector id" => Hash(sectorId: "M-08"),
            "version" => Hash(version: 4),
            "vertex moved 1e-7 degree" => Hash(wkt: Line.Replace("44.99 40.85", "44.99 40.8500001", StringComparison.Ordinal)),
            "vertex added" => Hash(wkt: Line.Replace("44.99 40.85,", "44.99 40.85, 45 40.8,", StringComparison.Ordinal)),
            "turning point moved 1e-7 degree north" => Hash(points: With(1, Points[1] with { Position = new GeoPoint(40.7000001, 45.02) })),
            "turning point moved 2e-9 degree east" => Hash(points: With(1, Points[1] with { Position = new GeoPoint(40.7, 45.020000002) })),
            "turning point renamed" => Hash(points: With(0, Points[0] with { Id = "M-07-TP1" })),
            "turning point fixed another way" => Hash(points: With(2, Points[2] with { HowFixed = "from the 1926 map" })),
            "turning points reordered" => Hash(points: [Points[1], Points[0], Points[2]]),
            "turning point dropped" => Hash(points: Points[..2]),
            "one character of the text" => Hash(description: Description.Replace("pillar 8", "pillar 9", StringComparison.Ordinal)),
            "trailing space in the text" => Hash(description: Description + " "),
            "text moved between fields" => SectorVersionSignature.CanonicalHash("M-07" + Description[..4], 3, Wkt(Line), Points, Description[4..]),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.NotEqual(Hash(), changed);
    }

    [Fact]
    public void Turning_points_outside_the_globe_are_refused()
    {
        TurningPointRow[] bad = [new("X", new GeoPoint(double.NaN, 45), "surveyed")];
        TurningPointRow[] far = [new("X", new GeoPoint(40, 181), "surveyed")];

        Assert.Throws<ArgumentException>(() => Hash(points: bad));
        Assert.Throws<ArgumentException>(() => Hash(points: far));
    }

    [Fact]
    public void A_signature_verifies_with_its_key_and_hash()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = key.ExportSubjectPublicKeyInfo();
        var hash = Hash();

        var signature = SectorVersionSignature.Sign(key, hash, "acc-az-1", new PartyCode("AZ"), SignedAt);

        Assert.Equal("acc-az-1", signature.AccountId);
        Assert.Equal(new PartyCode("AZ"), signature.Party);
        Assert.Equal(SigningKey.KeyIdOf(publicKey), signature.KeyId);
        Assert.Equal(SignedAt, signature.SignedAt);
        Assert.Equal(hash, signature.Hash);
        Assert.True(SectorVersionSignature.Verify(signature, publicKey, hash));
    }

    [Fact]
    public void A_signature_is_a_plain_DER_ECDSA_signature_over_the_documented_message()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hash = Hash();
        var signature = SectorVersionSignature.Sign(key, hash, "acc-az-1", new PartyCode("AZ"), SignedAt);

        var message = new List<byte>();
        void Bytes(byte[] value)
        {
            message.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((uint)value.Length)));
            message.AddRange(value);
        }

        void Text(string value) => Bytes(System.Text.Encoding.UTF8.GetBytes(value));

        Text("demarcate-sector-version-signature-v1");
        Bytes(hash);
        Text("acc-az-1");
        Text("AZ");
        message.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(SignedAt.ToUnixTimeMilliseconds())));
        Text(signature.KeyId);

        // What an outside verifier (e.g. `openssl dgst -sha256 -verify`) would do with the same bytes.
        Assert.True(key.VerifyData(message.ToArray(), signature.SignatureBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void The_signing_time_is_kept_to_the_millisecond_so_it_survives_the_store()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hash = Hash();

        var signature = SectorVersionSignature.Sign(key, hash, "acc-az-1", new PartyCode("AZ"), SignedAt.AddTicks(4321));
        var reloaded = signature with { SignedAt = signature.SignedAt.ToUniversalTime() };

        Assert.Equal(SignedAt, signature.SignedAt);
        Assert.True(SectorVersionSignature.Verify(reloaded, key.ExportSubjectPublicKeyInfo(), hash));
    }

    [Fact]
    public void A_signature_does_not_verify_against_another_hash_or_another_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hash = Hash();
        var otherHash = Hash(version: 4);

        var signature = SectorVersionSignature.Sign(key, hash, "acc-az-1", new PartyCode("AZ"), SignedAt);

        Assert.False(SectorVersionSignature.Verify(signature, key.ExportSubjectPublicKeyInfo(), otherHash));
        Assert.False(SectorVersionSignature.Verify(signature with { Hash = otherHash }, key.ExportSubjectPublicKeyInfo(), otherHash));
        Assert.False(SectorVersionSignature.Verify(signature, otherKey.ExportSubjectPublicKeyInfo(), hash));
        Assert.False(SectorVersionSignature.Verify(signature with { KeyId = SigningKey.KeyIdOf(otherKey) }, otherKey.ExportSubjectPublicKeyInfo(), hash));
    }

    [Fact]
    public void A_relabelled_or_damaged_signature_does_not_verify()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = key.ExportSubjectPublicKeyInfo();
        var hash = Hash();
        var signature = SectorVersionSignature.Sign(key, hash, "acc-az-1", new PartyCode("AZ"), SignedAt);
        var damaged = (byte[])signature.SignatureBytes.Clone();
        damaged[^1] ^= 1;

        Assert.False(SectorVersionSignature.Verify(signature with { AccountId = "acc-az-2" }, publicKey, hash));
        Assert.False(SectorVersionSignature.Verify(signature with { Party = new PartyCode("AM") }, publicKey, hash));
        Assert.False(SectorVersionSignature.Verify(signature with { SignedAt = SignedAt.AddSeconds(-1) }, publicKey, hash));
        Assert.False(SectorVersionSignature.Verify(signature with { SignatureBytes = damaged }, publicKey, hash));
        Assert.False(SectorVersionSignature.Verify(signature with { SignatureBytes = [] }, publicKey, hash));
        Assert.False(SectorVersionSignature.Verify(signature with { SignatureBytes = [1, 2, 3] }, publicKey, hash));
        Assert.False(SectorVersionSignature.Verify(signature, [1, 2, 3], hash));
    }
}
