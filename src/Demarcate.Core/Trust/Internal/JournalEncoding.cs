using System.Buffers.Binary;
using System.Text;

namespace Demarcate.Core.Trust.Internal;

/// <summary>
/// The canonical byte encodings that are hashed and signed (docs/journal.md describes them for re-implementers).
/// Every variable-length field carries its length, every integer has a fixed width, so no two
/// different contents encode to the same bytes.
/// </summary>
internal sealed class JournalEncoding
{
    internal const string EntryTag = "demarcate.journal.entry.v1";
    internal const string HeadTag = "demarcate.journal.head.v1";
    internal const string ReceiptTag = "demarcate.journal.receipt.v1";

    // Strict: a string holding a lone surrogate must fail, not be silently replaced by U+FFFD
    // (two different strings would otherwise hash alike).
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _buffer;
    private int _position;

    private JournalEncoding(int length) => _buffer = new byte[length];

    internal static byte[] Entry(long sequence, DateTimeOffset at, string actor, string action, string recordType, string recordId, string? before, string? after, JournalHash previousHash)
    {
        var length = TextLength(EntryTag) + 8 + 8 + TextLength(actor) + TextLength(action) + TextLength(recordType) + TextLength(recordId)
            + OptionalTextLength(before) + OptionalTextLength(after) + JournalHash.Length;
        var encoding = new JournalEncoding(length);
        encoding.Text(EntryTag);
        encoding.Int64(sequence);
        encoding.Int64(at.ToUnixTimeMilliseconds());
        encoding.Text(actor);
        encoding.Text(action);
        encoding.Text(recordType);
        encoding.Text(recordId);
        encoding.OptionalText(before);
        encoding.OptionalText(after);
        encoding.Hash(previousHash);
        return encoding.Finish();
    }

    internal static byte[] Head(long sequence, JournalHash hash, DateTimeOffset signedAt, string signerId)
    {
        var encoding = new JournalEncoding(TextLength(HeadTag) + 8 + JournalHash.Length + 8 + TextLength(signerId));
        encoding.Text(HeadTag);
        encoding.Int64(sequence);
        encoding.Hash(hash);
        encoding.Int64(signedAt.ToUnixTimeMilliseconds());
        encoding.Text(signerId);
        return encoding.Finish();
    }

    internal static byte[] Receipt(string party, string accountId, long sequence, JournalHash hash, DateTimeOffset issuedAt)
    {
        var encoding = new JournalEncoding(TextLength(ReceiptTag) + TextLength(party) + TextLength(accountId) + 8 + JournalHash.Length + 8);
        encoding.Text(ReceiptTag);
        encoding.Text(party);
        encoding.Text(accountId);
        encoding.Int64(sequence);
        encoding.Hash(hash);
        encoding.Int64(issuedAt.ToUnixTimeMilliseconds());
        return encoding.Finish();
    }

    /// <summary>Whether the text can be encoded (holds no lone surrogate).</summary>
    internal static bool IsEncodable(string? text)
    {
        if (text is null)
        {
            return true;
        }

        try
        {
            _ = StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static int TextLength(string text) => 4 + StrictUtf8.GetByteCount(text);

    private static int OptionalTextLength(string? text) => 1 + (text is null ? 0 : TextLength(text));

    private void Text(string text)
    {
        var count = StrictUtf8.GetBytes(text, _buffer.AsSpan(_position + 4));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), (uint)count);
        _position += 4 + count;
    }

    private void OptionalText(string? text)
    {
        _buffer[_position++] = text is null ? (byte)0 : (byte)1;
        if (text is not null)
        {
            Text(text);
        }
    }

    private void Int64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    private void Hash(JournalHash hash)
    {
        hash.CopyTo(_buffer.AsSpan(_position));
        _position += JournalHash.Length;
    }

    private byte[] Finish() =>
        _position == _buffer.Length ? _buffer : throw new InvalidOperationException("Journal encoding length mismatch.");
}
