using System.Globalization;

namespace Demarcate.Core.Geodesy;

/// <summary>
/// The name of a coordinate reference system or operation: an authority and its code, such as "EPSG:28408"
/// (Pulkovo 1942 / Gauss–Krüger zone 8) or a commission-defined "DEMARCATE:ARMREF02".
/// </summary>
/// <remarks>Immutable. Authorities compare case-insensitively and are stored upper-case; codes compare exactly.</remarks>
public readonly record struct CrsCode
{
    public CrsCode(string authority, string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authority);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Authority = authority.Trim().ToUpperInvariant();
        Code = code.Trim();
    }

    public string Authority { get; }

    public string Code { get; }

    /// <summary>An EPSG code, e.g. <c>CrsCode.Epsg(4326)</c>.</summary>
    public static CrsCode Epsg(int code) => new("EPSG", code.ToString(CultureInfo.InvariantCulture));

    /// <summary>The EPSG number, when this is an EPSG code.</summary>
    public int? EpsgNumber =>
        string.Equals(Authority, "EPSG", StringComparison.Ordinal) && int.TryParse(Code, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>
    /// Reads "AUTHORITY:CODE", also "EPSG::4326", "urn:ogc:def:crs:EPSG::4326" and a bare number (taken as EPSG).
    /// </summary>
    public static ParseResult<CrsCode> Parse(string? text, string source = "CRS code")
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return ParseResult<CrsCode>.Failed(new InputProblem(source, "A CRS code is required, e.g. EPSG:28408."));
        }

        if (value.StartsWith("urn:ogc:def:", StringComparison.OrdinalIgnoreCase))
        {
            // urn:ogc:def:crs:EPSG:<version>:<code>, the version usually empty.
            var parts = value.Split(':');
            if (parts.Length >= 7)
            {
                return Make(parts[4], parts[^1], source, value);
            }

            return ParseResult<CrsCode>.Failed(new InputProblem(source, $"'{value}' is not a URN of the form urn:ogc:def:crs:EPSG::4326."));
        }

        if (value.All(char.IsAsciiDigit))
        {
            return Make("EPSG", value, source, value);
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1)
        {
            return ParseResult<CrsCode>.Failed(new InputProblem(source, $"'{value}' is not a CRS code; write AUTHORITY:CODE, e.g. EPSG:28408."));
        }

        var code = value[(colon + 1)..].TrimStart(':');
        return Make(value[..colon], code, source, value);
    }

    public override string ToString() => Authority + ":" + Code;

    private static ParseResult<CrsCode> Make(string authority, string code, string source, string text)
    {
        if (string.IsNullOrWhiteSpace(authority) || string.IsNullOrWhiteSpace(code)
            || authority.Any(char.IsWhiteSpace) || code.Any(char.IsWhiteSpace))
        {
            return ParseResult<CrsCode>.Failed(new InputProblem(source, $"'{text}' is not a CRS code; write AUTHORITY:CODE, e.g. EPSG:28408."));
        }

        return ParseResult<CrsCode>.Ok(new CrsCode(authority, code));
    }
}
