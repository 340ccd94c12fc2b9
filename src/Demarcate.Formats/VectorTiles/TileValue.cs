using System.Globalization;

namespace Demarcate.Formats.VectorTiles;

/// <summary>The kinds of attribute value a vector tile can carry.</summary>
public enum TileValueKind
{
    Text,
    Whole,
    Real,
    Boolean,
}

/// <summary>
/// One attribute value of a feature in a vector tile (a sector's status, a settlement's name …): text, a whole
/// number, a real number or a flag. Equal values share one entry in the layer's value table.
/// </summary>
/// <remarks>Immutable.</remarks>
public readonly record struct TileValue
{
    private TileValue(TileValueKind kind, string? text, long number, double real)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Real = real;
    }

    public TileValueKind Kind { get; }

    /// <summary>The text of a <see cref="TileValueKind.Text"/> value, else null.</summary>
    public string? Text { get; }

    /// <summary>The number of an <see cref="TileValueKind.Whole"/> value, 1 or 0 for a <see cref="TileValueKind.Boolean"/>.</summary>
    public long Number { get; }

    public double Real { get; }

    public static TileValue Of(string text) => new(TileValueKind.Text, text ?? throw new ArgumentNullException(nameof(text)), 0, 0);

    public static TileValue Of(long number) => new(TileValueKind.Whole, null, number, 0);

    public static TileValue Of(double real) => new(TileValueKind.Real, null, 0, real);

    public static TileValue Of(bool flag) => new(TileValueKind.Boolean, null, flag ? 1 : 0, 0);

    public override string ToString() => Kind switch
    {
        TileValueKind.Text => Text!,
        TileValueKind.Whole => Number.ToString(CultureInfo.InvariantCulture),
        TileValueKind.Real => Real.ToString("R", CultureInfo.InvariantCulture),
        _ => Number != 0 ? "true" : "false",
    };
}
