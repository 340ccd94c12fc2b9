using Demarcate.Core.Delimitation.Protocol;
using Xunit.Abstractions;

namespace Demarcate.Core.Tests.Delimitation.Protocol;

/// <summary>The protocol's message catalogues: complete in English and Russian, consistent placeholders, CLDR plurals.</summary>
public sealed class ProtocolCatalogueTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, PluralCategory.One)]
    [InlineData(21, PluralCategory.One)]
    [InlineData(101, PluralCategory.One)]
    [InlineData(2, PluralCategory.Few)]
    [InlineData(4, PluralCategory.Few)]
    [InlineData(22, PluralCategory.Few)]
    [InlineData(104, PluralCategory.Few)]
    [InlineData(0, PluralCategory.Many)]
    [InlineData(5, PluralCategory.Many)]
    [InlineData(11, PluralCategory.Many)]
    [InlineData(12, PluralCategory.Many)]
    [InlineData(14, PluralCategory.Many)]
    [InlineData(25, PluralCategory.Many)]
    [InlineData(111, PluralCategory.Many)]
    public void Russian_counts_take_the_CLDR_plural_category(int count, PluralCategory expected) =>
        Assert.Equal(expected, ProtocolCatalogue.Category("ru", count));

    [Theory]
    [InlineData(1, "Описание содержит 1 поворотную точку.")]
    [InlineData(3, "Описание содержит 3 поворотные точки.")]
    [InlineData(5, "Описание содержит 5 поворотных точек.")]
    [InlineData(11, "Описание содержит 11 поворотных точек.")]
    [InlineData(21, "Описание содержит 21 поворотную точку.")]
    [InlineData(24, "Описание содержит 24 поворотные точки.")]
    public void Russian_sentences_agree_with_their_number(int count, string expected) =>
        Assert.Equal(expected, ProtocolCatalogue.For("ru")!.Plural("points", count));

    [Theory]
    [InlineData(1, "The description has 1 turning point.")]
    [InlineData(2, "The description has 2 turning points.")]
    public void English_sentences_agree_with_their_number(int count, string expected) =>
        Assert.Equal(expected, ProtocolCatalogue.English.Plural("points", count));

    [Fact]
    public void Russian_has_every_key_English_has() =>
        Assert.Empty(ProtocolCatalogue.For("ru")!.MissingKeys);

    [Theory]
    [InlineData("hy")]
    [InlineData("az")]
    public void Armenian_and_Azerbaijani_fall_back_to_English_for_the_keys_they_lack_which_are_listed(string language)
    {
        var catalogue = ProtocolCatalogue.For(language)!;
        output.WriteLine($"{language}: {catalogue.MissingKeys.Count} of {ProtocolCatalogue.English.Keys.Count()} keys in English: {string.Join(", ", catalogue.MissingKeys)}");

        Assert.DoesNotContain("title", catalogue.MissingKeys); // their own words where translated
        Assert.NotEqual(ProtocolCatalogue.English.Text("title"), catalogue.Text("title"));
        Assert.All(catalogue.MissingKeys, key => Assert.Equal(ProtocolCatalogue.English.Templates(key), catalogue.Templates(key)));
    }

    [Fact]
    public void Every_language_uses_the_placeholders_English_uses_and_no_others()
    {
        foreach (var language in ProtocolCatalogue.Languages)
        {
            var catalogue = ProtocolCatalogue.For(language)!;
            Assert.Equal(ProtocolCatalogue.English.Keys.Order(StringComparer.Ordinal), catalogue.Keys.Order(StringComparer.Ordinal));
            foreach (var key in ProtocolCatalogue.English.Keys)
            {
                var expected = ProtocolCatalogue.English.Templates(key).SelectMany(ProtocolCatalogue.Placeholders).ToHashSet(StringComparer.Ordinal);
                foreach (var template in catalogue.Templates(key))
                {
                    var used = ProtocolCatalogue.Placeholders(template);
                    Assert.True(used.All(expected.Contains), $"{language} \"{key}\" uses {string.Join(", ", used)}; English offers {string.Join(", ", expected)}");
                }
            }
        }
    }

    [Fact]
    public void Numbers_are_written_the_way_each_language_writes_them()
    {
        Assert.Equal("2.44 km", ProtocolText.Length(ProtocolCatalogue.English, 2437.4));
        Assert.Equal("2,44 км", ProtocolText.Length(ProtocolCatalogue.For("ru")!, 2437.4));
        Assert.Equal("812 m", ProtocolText.Length(ProtocolCatalogue.English, 812.3));
        Assert.Equal("800 м", ProtocolText.Distance(ProtocolCatalogue.For("ru")!, 803));
        Assert.Equal("1,2 км", ProtocolText.Distance(ProtocolCatalogue.For("ru")!, 1234));
        Assert.Equal("359°59′", ProtocolText.Azimuth(-0.01));
        Assert.Equal("0°00′", ProtocolText.Azimuth(359.999));
    }
}
