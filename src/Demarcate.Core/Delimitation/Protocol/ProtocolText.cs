using System.Globalization;

namespace Demarcate.Core.Delimitation.Protocol;

/// <summary>
/// A protocol-description in words, in one language: its title, the opening paragraphs, a paragraph per leg and the
/// closing ones, with the catalogue that wrote them (the documents take their labels from it too).
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record RenderedProtocol(string Title, IReadOnlyList<string> Opening, IReadOnlyList<string> Legs, IReadOnlyList<string> Closing, ProtocolCatalogue Catalogue)
{
    /// <summary>Every paragraph after the title, in order.</summary>
    public IEnumerable<string> Paragraphs => Opening.Concat(Legs).Concat(Closing);

    /// <summary>Plain text: the title, a blank line, then the paragraphs separated by blank lines.</summary>
    public string ToText() => string.Join("\n\n", Paragraphs.Prepend(Title)) + "\n";
}

/// <summary>
/// Renders a <see cref="ProtocolDescription"/> into words from a <see cref="ProtocolCatalogue"/>: every sentence is a
/// catalogue template, so a language is added by adding a file. The words are rendered from the description and never
/// read back: the canonical text stays the description.
/// </summary>
public static class ProtocolText
{
    /// <summary>The protocol in the catalogue's language.</summary>
    public static RenderedProtocol Render(ProtocolDescription protocol, ProtocolCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(catalogue);
        var t = catalogue;
        var description = protocol.Resolved.Description;
        var title = description.Title is { } named ? t.Text("title.named", ("title", named)) : t.Text("title");
        var legs = protocol.Legs;
        var first = legs.Count > 0 ? legs[0].Resolved.Leg.From : (description.TurningPoints.Count > 0 ? description.TurningPoints[0].Id : "");
        var last = legs.Count > 0 ? legs[^1].Resolved.Leg.To : first;

        var opening = new List<string>();
        if (!protocol.Resolved.IsConsistent)
        {
            opening.Add(t.Plural("draft", protocol.Resolved.Problems.Count));
        }

        opening.Add(t.Plural("intro", legs.Count, ("first", first), ("last", last), ("length", Length(t, protocol.Length))));
        opening.Add(t.Plural("points", description.TurningPoints.Count));
        if (description.IsClosed)
        {
            opening.Add(t.Text("closed", ("first", first)));
        }

        if (protocol.PartyOnLeft is { } left && protocol.PartyOnRight is { } right)
        {
            opening.Add(t.Text("sides", ("left", left), ("right", right)));
        }

        if (description.Find(first) is { } start && protocol.Resolved.TurningPoints.TryGetValue(first, out var at))
        {
            opening.Add(t.Text("start", ("point", first), ("position", Position(at.Latitude, at.Longitude)), ("fixing", t.Text("fixing." + Key(start.FixedBy.ToString())))));
        }

        var paragraphs = legs.Select(leg => t.Text(
            "leg",
            ("number", leg.Number.ToString(t.Culture)),
            ("from", leg.Resolved.Leg.From),
            ("to", leg.Resolved.Leg.To),
            ("heading", t.Text("heading." + Key(leg.Heading.ToString()))),
            ("azimuth", Azimuth(leg.Azimuth)),
            ("length", Length(t, leg.Resolved.Length)),
            ("course", Course(t, leg)),
            ("nearby", Nearby(t, leg.Nearby)))).ToList();

        var closing = new List<string> { t.Text("end", ("point", last)), t.Text("annexes"), t.Text("canonical") };
        return new RenderedProtocol(title, opening, paragraphs, closing, catalogue);
    }

    /// <summary>A length as the protocol states it: whole metres under a kilometre, else kilometres to 10 m.</summary>
    public static string Length(ProtocolCatalogue catalogue, double metres)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return metres < 999.5
            ? catalogue.Text("unit.m", ("value", catalogue.Number(Math.Round(metres), 0)))
            : catalogue.Text("unit.km", ("value", catalogue.Number(metres / 1000, 2)));
    }

    /// <summary>
    /// A place's distance from the line, as a reader wants it: to 10 m under a kilometre, else to 100 m (the gazetteer
    /// gives a settlement's centre, not its edge, so more digits would claim more than is known).
    /// </summary>
    public static string Distance(ProtocolCatalogue catalogue, double metres)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var rounded = metres < 995 ? Math.Round(metres / 10) * 10 : Math.Round(metres / 100) * 100;
        return rounded < 1000
            ? catalogue.Text("unit.m", ("value", catalogue.Number(rounded, 0)))
            : catalogue.Text("unit.km", ("value", catalogue.Number(rounded / 1000, 1)));
    }

    /// <summary>An azimuth in whole degrees and minutes, 0°00′ to 359°59′.</summary>
    public static string Azimuth(double degrees)
    {
        var minutes = (long)Math.Round((degrees % 360 + 360) % 360 * 60, MidpointRounding.AwayFromZero) % (360 * 60);
        return string.Create(CultureInfo.InvariantCulture, $"{minutes / 60}°{minutes % 60:00}′");
    }

    private static string Position(double latitude, double longitude) =>
        TurningPointTable.Angle(latitude, CoordinateFormat.DegreesMinutesSeconds, true) + " "
        + TurningPointTable.Angle(longitude, CoordinateFormat.DegreesMinutesSeconds, false);

    private static string Course(ProtocolCatalogue t, ProtocolLeg leg)
    {
        var described = leg.Resolved.Leg;
        var from = leg.Resolved.Points[0];
        var course = described.Kind switch
        {
            LegKind.Geodesic => t.Text("course.geodesic"),
            LegKind.GridStraight => t.Text("course.grid", ("grid", described.Grid?.ToString() ?? "")),
            LegKind.Parallel => t.Text("course.parallel", ("latitude", TurningPointTable.Angle(from.Latitude, CoordinateFormat.DegreesMinutesSeconds, true))),
            LegKind.Meridian => t.Text("course.meridian", ("longitude", TurningPointTable.Angle(from.Longitude, CoordinateFormat.DegreesMinutesSeconds, false))),
            LegKind.Reference when described.Source is { } source => t.Text("course.reference.source",
                ("feature", described.DefinedBy ?? described.Reference ?? ""), ("reference", described.Reference ?? ""), ("source", source)),
            LegKind.Reference => t.Text("course.reference", ("feature", described.DefinedBy ?? described.Reference ?? ""), ("reference", described.Reference ?? "")),
            _ => throw new InvalidOperationException("Unknown leg kind " + described.Kind),
        };

        // A reference leg already names its defining feature; other kinds add it when the description gives one.
        return described.Kind != LegKind.Reference && described.DefinedBy is { } defined
            ? course + t.Text("course.defined", ("defined", defined))
            : course;
    }

    private static string Nearby(ProtocolCatalogue t, IReadOnlyList<NearbyFeature> places)
    {
        if (places.Count == 0)
        {
            return "";
        }

        var items = places.Select(p => t.Text(
            "nearby.item",
            ("feature", t.Text("feature." + Key(p.Feature.Class.ToString()), ("name", p.Feature.Name))),
            ("distance", Distance(t, p.Distance)),
            ("direction", t.Text("side." + Key(p.Direction.ToString()))))).ToList();
        var list = items.Count == 1 ? items[0]
            : string.Join(t.Text("list.separator"), items.Take(items.Count - 1)) + t.Text("list.last") + items[^1];
        return t.Text("nearby", ("items", list));
    }

    // Enum names become catalogue keys in lower camel case: NorthEast → northEast.
    private static string Key(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
