using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Demarcate.Core.Trust.Internal;

/// <summary>
/// Writes the length-prefixed framing that makes a hashed or signed message unambiguous: every
/// variable-length field carries its byte length, so no two different inputs share an encoding.
/// Integers are big-endian.
/// </summary>
internal sealed class CanonicalWriter : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream? _copy;

    /// <param name="keepBytes">Keep the written bytes as well as hashing them (for a message that is signed whole).</param>
    public CanonicalWriter(bool keepBytes = false)
    {
        _copy = keepBytes ? new MemoryStream() : null;
    }

    public void WriteInt64(long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        Append(buffer);
    }

    public void WriteUInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        Append(buffer);
    }

    /// <summary>A byte string: its length as a 32-bit unsigned integer, then the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteUInt32(checked((uint)value.Length));
        Append(value);
    }

    /// <summary>A text field: its strict UTF-8 bytes as a byte string (an unpaired surrogate is a fault).</summary>
    public void WriteText(string value) => WriteBytes(StrictUtf8.GetBytes(value));

    public byte[] Sha256() => _hash.GetCurrentHash();

    public byte[] ToArray() => _copy?.ToArray() ?? throw new InvalidOperationException("This writer does not keep its bytes.");

    public void Dispose()
    {
        _hash.Dispose();
        _copy?.Dispose();
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        _copy?.Write(bytes);
    }
}
