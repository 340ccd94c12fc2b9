namespace Demarcate.Core.Delimitation;

/// <summary>One of the three ways a treaty defines the line; when they contradict each other, the commission's order of precedence decides.</summary>
public enum LineAuthority
{
    /// <summary>The description's text: the legs and what defines them.</summary>
    Text,

    /// <summary>The turning points' coordinates as stated (the coordinate list of the protocol).</summary>
    Coordinates,

    /// <summary>The line drawn on the map: the sector's line in force.</summary>
    MapLine,
}

/// <summary>
/// The order in which the commission lets text, coordinates and map line prevail over each other where they
/// contradict, written <c>text &gt; coordinates &gt; map</c>.
/// </summary>
/// <remarks>Immutable and thread-safe. Holds each of the three authorities exactly once.</remarks>
public sealed record DescriptionPrecedence
{
    private DescriptionPrecedence(IReadOnlyList<LineAuthority> order) => Order = order;

    /// <summary>Text over coordinates over map line: the order most delimitation treaties state.</summary>
    public static DescriptionPrecedence Default { get; } = new([LineAuthority.Text, LineAuthority.Coordinates, LineAuthority.MapLine]);

    /// <summary>The authorities, the one that prevails first.</summary>
    public IReadOnlyList<LineAuthority> Order { get; }

    /// <summary>Which of two authorities prevails where they contradict each other.</summary>
    public LineAuthority Prevailing(LineAuthority a, LineAuthority b) => Rank(a) <= Rank(b) ? a : b;

    private int Rank(LineAuthority authority) => Order.ToList().IndexOf(authority);

    /// <summary>Reads <c>text &gt; coordinates &gt; map</c> (also with commas; case ignored): every authority exactly once.</summary>
    public static ParseResult<DescriptionPrecedence> Parse(string? text, string source = "precedence")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseResult<DescriptionPrecedence>.Ok(Default);
        }

        var order = new List<LineAuthority>();
        foreach (var word in text.Split(['>', ','], StringSplitOptions.TrimEntries))
        {
            LineAuthority? authority = word.ToUpperInvariant() switch
            {
                "TEXT" => LineAuthority.Text,
                "COORDINATES" => LineAuthority.Coordinates,
                "MAP" or "MAP LINE" or "MAPLINE" => LineAuthority.MapLine,
                _ => null,
            };
            if (authority is null)
            {
                return ParseResult<DescriptionPrecedence>.Failed(new InputProblem(source, $"\"{word}\" is not text, coordinates or map; write the order as text > coordinates > map."));
            }

            if (order.Contains(authority.Value))
            {
                return ParseResult<DescriptionPrecedence>.Failed(new InputProblem(source, $"\"{word}\" is named twice; name text, coordinates and map once each."));
            }

            order.Add(authority.Value);
        }

        return order.Count == 3
            ? ParseResult<DescriptionPrecedence>.Ok(new DescriptionPrecedence(order))
            : ParseResult<DescriptionPrecedence>.Failed(new InputProblem(source, "Name all three of text, coordinates and map, in the order they prevail."));
    }

    /// <summary>The order as written and stored: <c>text &gt; coordinates &gt; map</c>.</summary>
    public override string ToString() => string.Join(" > ", Order.Select(Word));

    public bool Equals(DescriptionPrecedence? other) => other is not null && Order.SequenceEqual(other.Order);

    public override int GetHashCode() => HashCode.Combine(Order[0], Order[1], Order[2]);

    /// <summary>The authority's name as written in the order.</summary>
    public static string Word(LineAuthority authority) => authority switch
    {
        LineAuthority.Text => "text",
        LineAuthority.Coordinates => "coordinates",
        _ => "map",
    };
}
