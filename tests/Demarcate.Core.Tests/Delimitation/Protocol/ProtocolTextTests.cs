using Demarcate.Core.Boundaries;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Tests.Delimitation.Protocol;

/// <summary>The protocol-description rendered leg by leg from the every-leg-kind sample, in English and Russian.</summary>
public sealed class ProtocolTextTests
{
    [Fact]
    public void A_place_beside_a_leg_is_named_once_with_its_distance_direction_and_side()
    {
        var (resolved, gazetteer) = ProtocolSamples.EveryLegKind();

        var protocol = ProtocolDescription.Compose(resolved, gazetteer);

        var meridian = protocol.Legs.Single(l => l.Resolved.Leg.From == "TP4");
        var westvale = Assert.Single(meridian.Nearby);
        Assert.Equal("Westvale", westvale.Feature.Name);
        Assert.Equal(800, westvale.Distance, 0.5);
        Assert.Equal(CompassPoint.West, westvale.Direction);
        Assert.Equal(Side.Right, westvale.Side); // the leg runs south, so the west is on its right
        Assert.Single(protocol.Legs.SelectMany(l => l.Nearby), n => n.Feature.Name == "Eastborough");
        Assert.DoesNotContain(protocol.Legs.SelectMany(l => l.Nearby), n => n.Feature.Name == "Faraway");
    }

    [Fact]
    public void Each_leg_is_a_sentence_with_its_heading_azimuth_length_course_and_places_in_English()
    {
        var (resolved, gazetteer) = ProtocolSamples.EveryLegKind();
        var english = ProtocolCatalogue.English;

        var text = ProtocolText.Render(ProtocolDescription.Compose(resolved, gazetteer, "Republic of Armenia", "Republic of Azerbaijan"), english);

        Assert.Equal("Protocol-description of the boundary line: Sector M-07 (sample)", text.Title);
        Assert.Equal(resolved.Legs.Count, text.Legs.Count);
        for (var i = 0; i < resolved.Legs.Count; i++)
        {
            var leg = resolved.Legs[i];
            var azimuth = (leg.Azimuth + 360) % 360;
            Assert.StartsWith($"{i + 1}. From turning point {leg.Leg.From} the line runs ", text.Legs[i], StringComparison.Ordinal);
            Assert.Contains($"(azimuth {ProtocolText.Azimuth(azimuth)}) for {ProtocolText.Length(english, leg.Length)} ", text.Legs[i], StringComparison.Ordinal);
            Assert.Contains($" to turning point {leg.Leg.To}", text.Legs[i], StringComparison.Ordinal);
        }

        Assert.Equal(
            "4. From turning point TP4 the line runs south (azimuth 180°00′) for 3.33 km along the meridian of 45°24′00.0000″E "
            + "to turning point TP5, leaving the village of Westvale 800 m to the west.",
            text.Legs[3]);
        Assert.Contains("along river Aghstev median line (reference line “river Aghstev median line”, source osm)", text.Legs[4], StringComparison.Ordinal);
        Assert.Contains("in a straight line on the EPSG:28408 grid, as defined by sheet K-38-90, \"straight\" line,", text.Legs[1], StringComparison.Ordinal);
        Assert.Contains("in a straight line (the geodesic on the WGS 84 ellipsoid), as defined by Article 3 of the protocol,", text.Legs[0], StringComparison.Ordinal);
        Assert.Contains("along the parallel of 41°03′36.0000″N", text.Legs[2], StringComparison.Ordinal);
        Assert.Contains("the town of Eastborough", text.ToText(), StringComparison.Ordinal);
        Assert.Contains("the territory of Republic of Armenia lies on the left and the territory of Republic of Azerbaijan on the right", text.ToText(), StringComparison.Ordinal);
        Assert.Contains("The boundary line runs from turning point TP1 to turning point TP7 in 6 legs", text.Opening[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_Russian_protocol_is_grammatical_with_decimal_commas()
    {
        var (resolved, gazetteer) = ProtocolSamples.EveryLegKind();

        var text = ProtocolText.Render(ProtocolDescription.Compose(resolved, gazetteer), ProtocolCatalogue.For("ru")!);

        Assert.Equal("Протокол-описание линии границы: Sector M-07 (sample)", text.Title);
        Assert.Equal(
            "4. От поворотной точки TP4 линия границы проходит на юг (азимут 180°00′) на протяжении 3,33 км по меридиану 45°24′00.0000″E "
            + "до поворотной точки TP5, оставляя село Westvale в 800 м к западу.",
            text.Legs[3]);
        Assert.Contains("и состоит из 6 участков общей протяжённостью", text.Opening[0], StringComparison.Ordinal);
        Assert.Contains("Описание содержит 7 поворотных точек.", text.Opening, StringComparer.Ordinal);
        // Only the description's own words (its title, "Article 3 of the protocol") stay as written.
        Assert.DoesNotContain(text.Paragraphs, p => p.Contains("turning point", StringComparison.Ordinal) || p.Contains("leaving", StringComparison.Ordinal) || p.Contains('{', StringComparison.Ordinal));
    }

    [Fact]
    public void Headings_follow_the_compass_rose()
    {
        Assert.Equal(CompassPoint.North, ProtocolDescription.Compass(359));
        Assert.Equal(CompassPoint.NorthEast, ProtocolDescription.Compass(44));
        Assert.Equal(CompassPoint.East, ProtocolDescription.Compass(-270));
        Assert.Equal(CompassPoint.SouthWest, ProtocolDescription.Compass(225));
        Assert.Equal(CompassPoint.NorthWest, ProtocolDescription.Compass(-30));
    }

    [Fact]
    public void An_inconsistent_description_is_rendered_as_a_draft_with_its_problem_count()
    {
        var description = DescriptionSamples.EveryLegKind();
        var resolved = DescriptionSamples.Resolver(new Demarcate.Core.Delimitation.ReferenceLine("another river", [new GeoPoint(41, 45), new GeoPoint(41.1, 45.1)])).Resolve(description);

        var text = ProtocolText.Render(ProtocolDescription.Compose(resolved, []), ProtocolCatalogue.For("ru")!);

        Assert.False(resolved.IsConsistent);
        Assert.StartsWith("ПРОЕКТ: в описании 1 неустранённая проблема", text.Opening[0], StringComparison.Ordinal);
    }
}
