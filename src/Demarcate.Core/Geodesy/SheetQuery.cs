using System.Globalization;

namespace Demarcate.Core.Geodesy;

/// <summary>A request for the map sheet covering a point, as a user writes it: latitude, longitude and scale as text.</summary>
public static class SheetQuery
{
    /// <summary>
    /// Reads a Pulkovo 1942 latitude and longitude (decimal degrees) and a scale ("100000", "1:100 000") and gives the
    /// sheet covering the point. <paramref name="prefix"/> is put before the parameter names in problems (e.g. "--").
    /// </summary>
    public static ParseResult<SheetId> Read(string? latitude, string? longitude, string? scale, string prefix = "")
    {
        var problems = new List<InputProblem>();
        var lat = Number(latitude, prefix + "lat", problems);
        var lon = Number(longitude, prefix + "lon", problems);
        SheetScale? sheetScale = null;
        var scaleText = (scale ?? "").Trim();
        if (scaleText.StartsWith("1:", StringComparison.Ordinal))
        {
            scaleText = scaleText[2..];
        }

        scaleText = scaleText.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (int.TryParse(scaleText, NumberStyles.None, CultureInfo.InvariantCulture, out var denominator) && Enum.IsDefined((SheetScale)denominator))
        {
            sheetScale = (SheetScale)denominator;
        }
        else
        {
            problems.Add(new InputProblem(prefix + "scale", $"'{scale}' is not a scale of the series; use 1000000, 500000, 200000, 100000, 50000, 25000 or 10000."));
        }

        if (lat is { } l && !(l >= 0 && l < 60))
        {
            problems.Add(new InputProblem(prefix + "lat",
                Math.Abs(l) > 90
                    ? string.Create(CultureInfo.InvariantCulture, $"{l} is not a latitude (beyond ±90°).")
                    : string.Create(CultureInfo.InvariantCulture, $"{l}: sheets are named here from the equator to 60°N only.")));
        }

        if (problems.Count > 0)
        {
            return ParseResult<SheetId>.Failed(problems);
        }

        return ParseResult<SheetId>.Ok(SheetNomenclature.SheetAt(lat!.Value, lon!.Value, sheetScale!.Value));
    }

    private static double? Number(string? text, string name, List<InputProblem> problems)
    {
        if (double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        problems.Add(new InputProblem(name, text is null ? "is required (decimal degrees)." : $"'{text}' is not a number (decimal degrees, with a point)."));
        return null;
    }
}
