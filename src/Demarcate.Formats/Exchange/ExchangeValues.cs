using System.Globalization;
using System.Text.Json;

namespace Demarcate.Formats.Exchange;

/// <summary>
/// How attribute values travel as text (CSV, KML) and JSON, and how values another tool wrote (GDAL's integers for
/// booleans, numbers as text in a CSV) become the field's type again.
/// </summary>
internal static class ExchangeValues
{
    /// <summary>The value as text: numbers in their shortest round-trip form, booleans as true/false; null stays null.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        long n => n.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static JsonElement Json(object? value) => value switch
    {
        null => JsonSerializer.SerializeToElement<object?>(null),
        string s => JsonSerializer.SerializeToElement(s),
        long n => JsonSerializer.SerializeToElement(n),
        double d => JsonSerializer.SerializeToElement(d),
        bool b => JsonSerializer.SerializeToElement(b),
        _ => JsonSerializer.SerializeToElement(Text(value)),
    };

    /// <summary>The value a file holds (text, a number, a JSON element) as the field's type; false with the reason when it is not one.</summary>
    public static bool TryConvert(object? raw, FieldType type, out object? value, out string? reason)
    {
        reason = null;
        value = null;
        if (raw is JsonElement element)
        {
            raw = element.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => element.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
                _ => element.GetRawText(),
            };
        }

        // An empty field is no value in every format: CSV and KML cannot tell them apart, so neither do we.
        if (raw is null or DBNull || (raw is string empty && empty.Length == 0))
        {
            return true;
        }

        switch (type)
        {
            case FieldType.Text:
                value = raw is string text ? text : Text(raw);
                return true;
            case FieldType.WholeNumber:
                if (raw is long or int)
                {
                    value = Convert.ToInt64(raw, CultureInfo.InvariantCulture);
                    return true;
                }

                if (raw is double d && d == Math.Floor(d) && Math.Abs(d) < 1e15)
                {
                    value = (long)d;
                    return true;
                }

                if (raw is string s && long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                {
                    value = parsed;
                    return true;
                }

                reason = $"\"{Text(raw)}\" is not a whole number";
                return false;
            case FieldType.RealNumber:
                if (raw is double or long or int)
                {
                    value = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                    return true;
                }

                if (raw is string r && double.TryParse(r.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
                {
                    value = real;
                    return true;
                }

                reason = $"\"{Text(raw)}\" is not a number";
                return false;
            default:
                switch (raw)
                {
                    case bool b:
                        value = b;
                        return true;
                    case long or int:
                        // GDAL and SQLite keep booleans as 0 and 1.
                        value = Convert.ToInt64(raw, CultureInfo.InvariantCulture) != 0;
                        return true;
                    case string t when t.Trim().ToUpperInvariant() is "TRUE" or "1" or "YES":
                        value = true;
                        return true;
                    case string t when t.Trim().ToUpperInvariant() is "FALSE" or "0" or "NO":
                        value = false;
                        return true;
                    default:
                        reason = $"\"{Text(raw)}\" is not true or false";
                        return false;
                }
        }
    }
}
