using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Demarcate.Core.Trust;

/// <summary>
/// A SHA-256 digest in the commission's journal: the hash of one entry, or the link an entry keeps to the one before it.
/// </summary>
/// <remarks>
/// An immutable 32-byte value with value equality, so a record holding it compares by content.
/// Stores persist it as a 32-byte blob (<see cref="ToArray"/>, <see cref="FromBytes"/>); people read it as 64 lowercase hex digits.
/// </remarks>
public readonly record struct JournalHash
{
    /// <summary>The number of bytes in a hash.</summary>
    public const int Length = 32;

    // Four big-endian words rather than an array: a hash is then a true value (no aliasing, no mutation).
    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    private JournalHash(ReadOnlySpan<byte> bytes)
    {
        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>Thirty-two zero bytes: the previous hash of the journal's first entry.</summary>
    public static JournalHash Zero => default;

    /// <summary>A hash from its 32 bytes; throws <see cref="ArgumentException"/> for any other length.</summary>
    public static JournalHash FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length
            ? new JournalHash(bytes)
            : throw new ArgumentException($"A journal hash has {Length} bytes, not {bytes.Length}.", nameof(bytes));

    /// <summary>Reads 64 hex digits (either case); false for anything else.</summary>
    public static bool TryParseHex([NotNullWhen(true)] string? text, out JournalHash hash)
    {
        hash = default;
        if (text is null || text.Length != 2 * Length)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        for (var i = 0; i < Length; i++)
        {
            if (!byte.TryParse(text.AsSpan(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        hash = new JournalHash(bytes);
        return true;
    }

    /// <summary>Writes the 32 bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"A journal hash needs {Length} bytes of room.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    /// <summary>The 32 bytes, as a new array the caller owns.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The hash as 64 lowercase hex digits.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public override string ToString() => ToHex();
}
