using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Demarcate.Core.Trust;

/// <summary>
/// Canonical JSON for the journal's before and after snapshots: one text per value, so the same record
/// always hashes the same. Follows RFC 8785 (JCS) with one deliberate difference: integers are kept exactly.
/// </summary>
/// <remarks>
/// Object members sorted by name (ordinal, UTF-16 code units); no whitespace; strings escaped only where JSON
/// requires it (<c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other controls as <c>\u00xx</c>); a number written without
/// fraction or exponent keeps its digits (<c>-0</c> becomes <c>0</c>), any other number is written as JavaScript's
/// <c>String(x)</c> writes the double nearest to it (shortest round trip). Thread-safe.
/// </remarks>
public static class CanonicalJson
{
    /// <summary>A record snapshot as canonical JSON, serialized by System.Text.Json with <paramref name="options"/> (defaults when null).</summary>
    public static string Serialize(object? value, JsonSerializerOptions? options = null)
    {
        var element = JsonSerializer.SerializeToElement(value, value?.GetType() ?? typeof(object), options);
        return Serialize(element);
    }

    /// <summary>A JSON value as canonical JSON.</summary>
    /// <exception cref="ArgumentException">An object repeats a member name, or a number is beyond the range of a double.</exception>
    public static string Serialize(JsonElement element)
    {
        var text = new StringBuilder();
        Write(text, element);
        return text.ToString();
    }

    /// <summary>JSON text rewritten in canonical form.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static string Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return Serialize(document.RootElement);
    }

    /// <summary>Whether the text is JSON already in canonical form.</summary>
    public static bool IsCanonical(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return Canonicalize(json) == json;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Write(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (members[i].Name == members[i - 1].Name)
                        {
                            throw new ArgumentException($"The JSON object repeats the member \"{members[i].Name}\".", nameof(element));
                        }

                        text.Append(',');
                    }

                    WriteString(text, members[i].Name);
                    text.Append(':');
                    Write(text, members[i].Value);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    Write(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(Number(element.GetRawText()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new ArgumentException($"Not a JSON value: {element.ValueKind}.", nameof(element));
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }

    private static string Number(string raw)
    {
        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            // JSON integers have no leading zeros, so the digits are already canonical; only -0 has a second spelling.
            return raw.AsSpan().TrimStart('-').TrimStart('0').IsEmpty ? "0" : raw;
        }

        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"The JSON number {raw} is beyond the range of a double.", nameof(raw));
        }

        return EcmaScriptNumber(value);
    }

    /// <summary>The double as ECMAScript's Number::toString writes it (the form RFC 8785 prescribes).</summary>
    internal static string EcmaScriptNumber(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        // .NET's "R" gives the shortest digits that round-trip; only the layout differs from ECMAScript's.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var exponent = e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = point < 0 ? mantissa.Length : point;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var k = digits.Length;
        var n = integerDigits - leadingZeros + exponent; // value = 0.digits × 10^n

        var text = new StringBuilder(value < 0 ? "-" : string.Empty);
        if (k <= n && n <= 21)
        {
            text.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            text.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }

            var power = n - 1;
            text.Append('e').Append(power < 0 ? '-' : '+').Append(Math.Abs(power).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
