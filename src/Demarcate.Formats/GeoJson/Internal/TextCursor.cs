using System.Text;

namespace Demarcate.Formats.GeoJson.Internal;

/// <summary>
/// A place in UTF-8 text as people count it: 1-based line, and the bytes and characters
/// (Unicode scalar values) already passed on that line.
/// </summary>
internal readonly record struct TextCursor(long Line, long ByteInLine, long CharInLine)
{
    public static TextCursor Start { get; } = new(1, 0, 0);

    /// <summary>1-based column in characters, as an editor shows it.</summary>
    public long Column => CharInLine + 1;

    /// <summary>The cursor after <paramref name="text"/>.</summary>
    public TextCursor Advance(ReadOnlySpan<byte> text)
    {
        var line = Line;
        var bytes = ByteInLine;
        var chars = CharInLine;
        var lastNewline = text.LastIndexOf((byte)'\n');
        if (lastNewline >= 0)
        {
            line += text[..lastNewline].Count((byte)'\n') + 1;
            bytes = 0;
            chars = 0;
            text = text[(lastNewline + 1)..];
        }

        return new TextCursor(line, bytes + text.Length, chars + CountCharacters(text));
    }

    private static long CountCharacters(ReadOnlySpan<byte> text)
    {
        if (Ascii.IsValid(text))
        {
            return text.Length;
        }

        long count = 0;
        foreach (var b in text)
        {
            // Every UTF-8 sequence has exactly one byte that is not a continuation byte (10xxxxxx).
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}
