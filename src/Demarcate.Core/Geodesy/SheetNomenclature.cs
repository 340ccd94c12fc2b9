using System.Globalization;
using System.Text;

namespace Demarcate.Core.Geodesy;

/// <summary>Scales of the Soviet topographic map series, each sheet subdividing a sheet of the scale above.</summary>
public enum SheetScale
{
    /// <summary>1:1 000 000, 4° × 6°, e.g. K-38.</summary>
    Million = 1_000_000,

    /// <summary>1:500 000, 2° × 3°, quarter А–Г of a million sheet, e.g. K-38-А.</summary>
    FiveHundredThousand = 500_000,

    /// <summary>1:200 000, 40′ × 1°, I–XXXVI of a million sheet, e.g. K-38-XXIII.</summary>
    TwoHundredThousand = 200_000,

    /// <summary>1:100 000, 20′ × 30′, 1–144 of a million sheet, e.g. K-38-34.</summary>
    HundredThousand = 100_000,

    /// <summary>1:50 000, 10′ × 15′, quarter А–Г of a 1:100 000 sheet, e.g. K-38-34-А.</summary>
    FiftyThousand = 50_000,

    /// <summary>1:25 000, 5′ × 7′30″, quarter а–г of a 1:50 000 sheet, e.g. K-38-34-А-а.</summary>
    TwentyFiveThousand = 25_000,

    /// <summary>1:10 000, 2′30″ × 3′45″, quarter 1–4 of a 1:25 000 sheet, e.g. K-38-34-А-а-1.</summary>
    TenThousand = 10_000,
}

/// <summary>
/// A sheet of the Soviet topographic map series (the nomenclature the commission's archive maps are filed under),
/// with its frame in Pulkovo 1942 geographic coordinates.
/// </summary>
/// <remarks>Immutable. <see cref="ToString"/> gives the canonical Cyrillic form, <see cref="ToLatinString"/> a GOST 7.79 transliteration.</remarks>
public readonly record struct SheetId
{
    private static readonly string[] Roman =
    [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII",
        "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII", "XXVIII", "XXIX", "XXX", "XXXI", "XXXII", "XXXIII",
        "XXXIV", "XXXV", "XXXVI",
    ];

    // Index 0..3 = north-west, north-east, south-west, south-east.
    private const string UpperQuarters = "АБВГ";
    private const string LowerQuarters = "абвг";
    private static readonly string[] LatinUpper = ["A", "B", "V", "G"];
    private static readonly string[] LatinLower = ["a", "b", "v", "g"];

    internal SheetId(int row, int column, SheetScale scale, int part, int quarter50, int quarter25, int quarter10)
    {
        Row = row;
        Column = column;
        Scale = scale;
        Part = part;
        Quarter50 = quarter50;
        Quarter25 = quarter25;
        Quarter10 = quarter10;
    }

    public SheetScale Scale { get; }

    /// <summary>0 for A (0°–4°N), 10 for K (40°–44°N), …</summary>
    internal int Row { get; }

    /// <summary>1–60, the 6° column counted east from 180°.</summary>
    internal int Column { get; }

    /// <summary>500k quarter 0–3, 200k number 1–36, or 100k number 1–144 (by <see cref="Scale"/>); 0 for a million sheet.</summary>
    internal int Part { get; }

    internal int Quarter50 { get; }

    internal int Quarter25 { get; }

    internal int Quarter10 { get; }

    /// <summary>The sheet frame on Pulkovo 1942 (EPSG:4284), degrees.</summary>
    public GeographicBounds Bounds
    {
        get
        {
            // In whole arc-seconds every frame is exact.
            var south = Row * 4 * 3600;
            var west = (Column - 1) * 6 * 3600 - 180 * 3600;
            int height = 4 * 3600, width = 6 * 3600, top = south + height, left = west;
            void Split(int index, int rows, int columns)
            {
                height /= rows;
                width /= columns;
                top -= index / columns * height;
                left += index % columns * width;
            }

            switch (Scale)
            {
                case SheetScale.Million:
                    break;
                case SheetScale.FiveHundredThousand:
                    Split(Part, 2, 2);
                    break;
                case SheetScale.TwoHundredThousand:
                    Split(Part - 1, 6, 6);
                    break;
                default:
                    Split(Part - 1, 12, 12);
                    if (Scale <= SheetScale.FiftyThousand)
                    {
                        Split(Quarter50, 2, 2);
                    }

                    if (Scale <= SheetScale.TwentyFiveThousand)
                    {
                        Split(Quarter25, 2, 2);
                    }

                    if (Scale <= SheetScale.TenThousand)
                    {
                        Split(Quarter10, 2, 2);
                    }

                    break;
            }

            return new GeographicBounds((top - height) / 3600.0, left / 3600.0, top / 3600.0, (left + width) / 3600.0);
        }
    }

    /// <summary>South-west corner of the frame (Pulkovo 1942).</summary>
    public GeoPoint SouthWest => new(Bounds.South, Bounds.West);

    /// <summary>North-east corner of the frame (Pulkovo 1942).</summary>
    public GeoPoint NorthEast => new(Bounds.North, Bounds.East);

    /// <summary>The sheet of the next smaller scale that contains this one (null for a million sheet).</summary>
    public SheetId? Parent => Scale switch
    {
        SheetScale.Million => null,
        SheetScale.FiveHundredThousand or SheetScale.TwoHundredThousand or SheetScale.HundredThousand =>
            new SheetId(Row, Column, SheetScale.Million, 0, 0, 0, 0),
        SheetScale.FiftyThousand => new SheetId(Row, Column, SheetScale.HundredThousand, Part, 0, 0, 0),
        SheetScale.TwentyFiveThousand => new SheetId(Row, Column, SheetScale.FiftyThousand, Part, Quarter50, 0, 0),
        _ => new SheetId(Row, Column, SheetScale.TwentyFiveThousand, Part, Quarter50, Quarter25, 0),
    };

    public override string ToString() => Format(latin: false);

    /// <summary>
    /// The name in Latin letters (А Б В Г → A B V G), for systems that cannot store Cyrillic. One spelling is ambiguous
    /// when read back: a 1:500 000 quarter В becomes "V", which <see cref="SheetNomenclature.Parse"/> reads as the
    /// 1:200 000 numeral V; store the Cyrillic form where that matters.
    /// </summary>
    public string ToLatinString() => Format(latin: true);

    private string Format(bool latin)
    {
        var text = new StringBuilder();
        text.Append((char)('A' + Row)).Append('-').Append(Column.ToString(CultureInfo.InvariantCulture));
        switch (Scale)
        {
            case SheetScale.Million:
                return text.ToString();
            case SheetScale.FiveHundredThousand:
                return text.Append('-').Append(latin ? LatinUpper[Part] : UpperQuarters[Part].ToString()).ToString();
            case SheetScale.TwoHundredThousand:
                return text.Append('-').Append(Roman[Part - 1]).ToString();
        }

        text.Append('-').Append(Part.ToString(CultureInfo.InvariantCulture));
        if (Scale <= SheetScale.FiftyThousand)
        {
            text.Append('-').Append(latin ? LatinUpper[Quarter50] : UpperQuarters[Quarter50].ToString());
        }

        if (Scale <= SheetScale.TwentyFiveThousand)
        {
            text.Append('-').Append(latin ? LatinLower[Quarter25] : LowerQuarters[Quarter25].ToString());
        }

        if (Scale <= SheetScale.TenThousand)
        {
            text.Append('-').Append((Quarter10 + 1).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    internal static int? RomanValue(string text)
    {
        var index = Array.IndexOf(Roman, text);
        return index < 0 ? null : index + 1;
    }
}

/// <summary>
/// The Soviet map sheet nomenclature: which sheet covers a point at a scale, and reading sheet names in Cyrillic or
/// Latin letters. Rows from the equator to 60°N are supported (north of 60° sheets are doubled and are not handled).
/// </summary>
public static class SheetNomenclature
{
    private const int MaxRow = 14; // O, 56°–60°N

    /// <summary>The sheet at <paramref name="scale"/> containing a point given in Pulkovo 1942 geographic degrees; points on a frame line belong to the sheet north/east of it.</summary>
    public static SheetId SheetAt(double latitude, double longitude, SheetScale scale)
    {
        if (!(latitude >= 0 && latitude < 4 * (MaxRow + 1)))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Sheets are defined here from the equator to 60°N.");
        }

        if (!Enum.IsDefined(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Not a scale of the series.");
        }

        var lon = AngleMath.Normalize(longitude);
        var row = (int)Math.Floor(latitude / 4);
        var column = (int)Math.Floor((lon + 180) / 6) + 1;
        var million = new SheetId(row, column, SheetScale.Million, 0, 0, 0, 0);
        if (scale == SheetScale.Million)
        {
            return million;
        }

        // Seconds from the sheet's south-west corner.
        var frame = million.Bounds;
        var fromSouth = (latitude - frame.South) * 3600;
        var fromWest = (lon - frame.West) * 3600;

        // Index of the cell containing the point, counted row by row from the north-west.
        int Cell(double height, double width, int rows, int columns, ref double s, ref double w)
        {
            var r = Math.Min(rows - 1, (int)Math.Floor(s / height));
            var c = Math.Min(columns - 1, (int)Math.Floor(w / width));
            s -= r * height;
            w -= c * width;
            return (rows - 1 - r) * columns + c;
        }

        switch (scale)
        {
            case SheetScale.FiveHundredThousand:
                return new SheetId(row, column, scale, Cell(7200, 10800, 2, 2, ref fromSouth, ref fromWest), 0, 0, 0);
            case SheetScale.TwoHundredThousand:
                return new SheetId(row, column, scale, Cell(2400, 3600, 6, 6, ref fromSouth, ref fromWest) + 1, 0, 0, 0);
        }

        var part = Cell(1200, 1800, 12, 12, ref fromSouth, ref fromWest) + 1;
        var q50 = scale <= SheetScale.FiftyThousand ? Cell(600, 900, 2, 2, ref fromSouth, ref fromWest) : 0;
        var q25 = scale <= SheetScale.TwentyFiveThousand ? Cell(300, 450, 2, 2, ref fromSouth, ref fromWest) : 0;
        var q10 = scale <= SheetScale.TenThousand ? Cell(150, 225, 2, 2, ref fromSouth, ref fromWest) : 0;
        return new SheetId(row, column, scale, part, q50, q25, q10);
    }

    /// <summary>
    /// Reads a sheet name such as "K-38-34-А-а-1", "к-38-xxiii" or "K-38-34-A-a-1". Parts are separated by hyphens (or
    /// dashes); letters may be Cyrillic or their Latin equivalents (А Б В Г = A B V G), in either case. In the third
    /// part a Latin V is the Roman numeral (1:200 000 sheet V); the 1:500 000 quarter В must then be written in Cyrillic.
    /// </summary>
    public static ParseResult<SheetId> Parse(string? text, string source = "sheet")
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            return Fail(source, "A sheet name is required, e.g. K-38-34-А.", 1);
        }

        var parts = value.Split(['-', '–', '—'], StringSplitOptions.None).Select(p => p.Trim()).ToArray();
        var columns = new int[parts.Length];
        for (int i = 0, c = 1; i < parts.Length; i++)
        {
            columns[i] = c;
            c += parts[i].Length + 1;
        }

        if (parts.Length < 2 || parts.Length > 6)
        {
            return Fail(source, $"'{value}' is not a sheet name: expected 2 to 6 parts separated by hyphens, e.g. K-38-34-А-а-1.", 1);
        }

        var rowLetter = parts[0].Length == 1 ? RowLetter(parts[0][0]) : null;
        if (rowLetter is not { } row)
        {
            return Fail(source, $"'{parts[0]}' is not a row letter A–O of the 1:1 000 000 series.", columns[0]);
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var column) || column is < 1 or > 60)
        {
            return Fail(source, $"'{parts[1]}' is not a column number 1–60.", columns[1]);
        }

        if (parts.Length == 2)
        {
            return ParseResult<SheetId>.Ok(new SheetId(row, column, SheetScale.Million, 0, 0, 0, 0));
        }

        var third = parts[2];
        if (int.TryParse(third, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number is < 1 or > 144)
            {
                return Fail(source, $"'{third}' is not a 1:100 000 sheet number 1–144.", columns[2]);
            }
        }
        else
        {
            if (parts.Length > 3)
            {
                return Fail(source, $"Only 1:100 000 sheets (numbered 1–144) are divided further; '{third}' is not one.", columns[2]);
            }

            if (SheetId.RomanValue(third.Replace('Х', 'X').Replace('х', 'X').Replace('І', 'I').ToUpperInvariant()) is { } roman)
            {
                return ParseResult<SheetId>.Ok(new SheetId(row, column, SheetScale.TwoHundredThousand, roman, 0, 0, 0));
            }

            if (Quarter(third, allowLatinV: false) is { } quarter)
            {
                return ParseResult<SheetId>.Ok(new SheetId(row, column, SheetScale.FiveHundredThousand, quarter, 0, 0, 0));
            }

            return Fail(source, $"'{third}' is not a 1:500 000 letter (А–Г), a 1:200 000 numeral (I–XXXVI) or a 1:100 000 number (1–144).", columns[2]);
        }

        if (parts.Length == 3)
        {
            return ParseResult<SheetId>.Ok(new SheetId(row, column, SheetScale.HundredThousand, number, 0, 0, 0));
        }

        if (Quarter(parts[3], allowLatinV: true) is not { } q50)
        {
            return Fail(source, $"'{parts[3]}' is not a 1:50 000 letter А, Б, В or Г.", columns[3]);
        }

        if (parts.Length == 4)
        {
            return ParseResult<SheetId>.Ok(new SheetId(row, column, SheetScale.FiftyThousand, number, q50, 0, 0));
        }

        if (Quarter(parts[4], allowLatinV: true) is not { } q25)
        {
            return Fail(source, $"'{parts[4]}' is not a 1:25 000 letter а, б, в or г.", columns[4]);
        }

        if (parts.Length == 5)
        {
            return ParseResult<SheetId>.Ok(new SheetId(row, column, SheetScale.TwentyFiveThousand, number, q50, q25, 0));
        }

        if (parts[5] is not ("1" or "2" or "3" or "4"))
        {
            return Fail(source, $"'{parts[5]}' is not a 1:10 000 number 1–4.", columns[5]);
        }

        return ParseResult<SheetId>.Ok(new SheetId(row, column, SheetScale.TenThousand, number, q50, q25, parts[5][0] - '1'));
    }

    private static ParseResult<SheetId> Fail(string source, string message, int column) =>
        ParseResult<SheetId>.Failed(new InputProblem(source, message) { Column = column });

    /// <summary>Row letters are Latin; Cyrillic look-alikes typed by mistake are accepted.</summary>
    private static int? RowLetter(char c)
    {
        c = char.ToUpperInvariant(c);
        c = c switch
        {
            'А' => 'A', 'В' => 'B', 'Е' => 'E', 'К' => 'K', 'М' => 'M', 'Н' => 'H', 'О' => 'O', 'С' => 'C', 'Р' => 'P', 'Т' => 'T',
            _ => c,
        };
        return c is >= 'A' and <= (char)('A' + 14) ? c - 'A' : null;
    }

    private static int? Quarter(string text, bool allowLatinV) => text.ToUpperInvariant() switch
    {
        "А" or "A" => 0,
        "Б" or "B" => 1,
        "В" => 2,
        "V" when allowLatinV => 2,
        "Г" or "G" => 3,
        _ => null,
    };
}
