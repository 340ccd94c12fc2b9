using System.Globalization;
using System.Text;

namespace Demarcate.Core.Geodesy;

/// <summary>One element of Well-Known Text: KEYWORD[argument, …], each argument a quoted text, a bare token or an element.</summary>
internal sealed class WktNode
{
    private WktNode(string keyword, List<object> arguments)
    {
        Keyword = keyword;
        Arguments = arguments;
    }

    public string Keyword { get; }

    /// <summary>Quoted texts as <see cref="WktText"/>, bare tokens (numbers, enumerations) as strings, elements as nodes.</summary>
    public List<object> Arguments { get; }

    public static ParseResult<WktNode> Parse(string text, string source)
    {
        var position = 0;
        try
        {
            var node = ParseNode(text, ref position);
            SkipSpace(text, ref position);
            if (position != text.Length)
            {
                throw new FormatException("unexpected text after the closing bracket");
            }

            return ParseResult<WktNode>.Ok(node);
        }
        catch (FormatException e)
        {
            var (line, column) = LineAndColumn(text, position);
            return ParseResult<WktNode>.Failed(new InputProblem(source, "Malformed WKT: " + e.Message + ".") { Line = line, Column = column });
        }
    }

    public WktNode? Child(params string[] keywords) =>
        Children(keywords).FirstOrDefault();

    public IEnumerable<WktNode> Children(params string[] keywords) =>
        Arguments.OfType<WktNode>().Where(n => keywords.Contains(n.Keyword, StringComparer.OrdinalIgnoreCase));

    public IEnumerable<WktNode> Descendants(string keyword)
    {
        foreach (var child in Arguments.OfType<WktNode>())
        {
            if (string.Equals(child.Keyword, keyword, StringComparison.OrdinalIgnoreCase))
            {
                yield return child;
            }

            foreach (var d in child.Descendants(keyword))
            {
                yield return d;
            }
        }
    }

    /// <summary>The text (quoted or bare) at an argument position, or null.</summary>
    public string? Text(int index) => index < Arguments.Count
        ? Arguments[index] switch
        {
            WktText t => t.Value,
            string s => s,
            _ => null,
        }
        : null;

    /// <summary>The number at an argument position (bare or quoted), or null.</summary>
    public double? Number(int index) =>
        Text(index) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    /// <summary>The AUTHORITY["EPSG","28408"] (WKT1) or ID["EPSG",28408] (WKT2) of this element.</summary>
    public CrsCode? Identifier()
    {
        var id = Child("ID", "AUTHORITY");
        return id?.Text(0) is { Length: > 0 } authority && id.Text(1) is { Length: > 0 } code ? new CrsCode(authority, code) : null;
    }

    private static WktNode ParseNode(string text, ref int position)
    {
        SkipSpace(text, ref position);
        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        if (position == start)
        {
            throw new FormatException("a keyword was expected");
        }

        var keyword = text[start..position];
        SkipSpace(text, ref position);
        if (position >= text.Length || (text[position] != '[' && text[position] != '('))
        {
            throw new FormatException($"'[' was expected after {keyword}");
        }

        var close = text[position] == '[' ? ']' : ')';
        position++;
        var arguments = new List<object>();
        while (true)
        {
            SkipSpace(text, ref position);
            if (position >= text.Length)
            {
                throw new FormatException($"{keyword}[ is not closed");
            }

            var c = text[position];
            if (c == close && arguments.Count == 0)
            {
                position++;
                break;
            }

            if (c == '"')
            {
                arguments.Add(new WktText(ReadQuoted(text, ref position)));
            }
            else if (char.IsAsciiLetter(c))
            {
                // A nested element, or a bare enumeration value such as north or Cartesian.
                var save = position;
                while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
                {
                    position++;
                }

                var word = text[save..position];
                SkipSpace(text, ref position);
                if (position < text.Length && (text[position] == '[' || text[position] == '('))
                {
                    position = save;
                    arguments.Add(ParseNode(text, ref position));
                }
                else
                {
                    arguments.Add(word);
                }
            }
            else
            {
                var save = position;
                while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] is '-' or '+' or '.' or 'e' or 'E'))
                {
                    position++;
                }

                if (position == save)
                {
                    throw new FormatException($"unexpected '{c}'");
                }

                arguments.Add(text[save..position]);
            }

            SkipSpace(text, ref position);
            if (position >= text.Length)
            {
                throw new FormatException($"{keyword}[ is not closed");
            }

            if (text[position] == ',')
            {
                position++;
                continue;
            }

            if (text[position] == close)
            {
                position++;
                break;
            }

            throw new FormatException($"',' or '{close}' was expected in {keyword}");
        }

        return new WktNode(keyword, arguments);
    }

    private static string ReadQuoted(string text, ref int position)
    {
        var value = new StringBuilder();
        position++; // opening quote
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == '"')
            {
                // WKT escapes a quote by doubling it.
                if (position < text.Length && text[position] == '"')
                {
                    value.Append('"');
                    position++;
                    continue;
                }

                return value.ToString();
            }

            value.Append(c);
        }

        throw new FormatException("a quoted text is not closed");
    }

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static (long Line, long Column) LineAndColumn(string text, int position)
    {
        long line = 1, column = 1;
        for (var i = 0; i < Math.Min(position, text.Length); i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }

    /// <summary>A quoted WKT text, kept apart from bare tokens.</summary>
    internal sealed record WktText(string Value);
}
