using System.Text.RegularExpressions;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Server.Localization;
using Demarcate.Testing;

namespace Demarcate.Server.Tests.Localization;

/// <summary>The workspace's catalogues: English complete, Russian as complete as English, the others partial but present.</summary>
public sealed class CatalogueTests
{
    private static readonly Catalogue Texts = new();

    private static readonly Regex Placeholder = new(@"\{\d+\}", RegexOptions.None, TimeSpan.FromSeconds(1));

    [Fact]
    public void Every_English_key_is_in_the_Russian_catalogue()
    {
        var missing = Texts.KeysOf("en").Except(Texts.KeysOf("ru"), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Keys missing from ru.json: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("hy")]
    [InlineData("az")]
    public void No_catalogue_holds_a_key_English_does_not_know_and_every_translation_keeps_the_placeholders(string language)
    {
        var stray = Texts.KeysOf(language).Except(Texts.KeysOf("en"), StringComparer.Ordinal).ToList();
        Assert.True(stray.Count == 0, $"Keys in {language}.json that en.json lacks: " + string.Join(", ", stray));
        foreach (var key in Texts.KeysOf(language))
        {
            Assert.Equal(Placeholders(Texts.Text("en", key)), Placeholders(Texts.Text(language, key)));
        }
    }

    [Theory]
    [InlineData("hy", "layout.nav.map", "Քարտեզ")]
    [InlineData("az", "layout.nav.map", "Xəritə")]
    public void Armenian_and_Azerbaijani_are_present_and_fall_back_to_English_where_not_yet_translated(string language, string key, string translated)
    {
        Assert.Equal(translated, Texts.Text(language, key));
        Assert.Contains("sector.versions", Texts.KeysOf("en"));
        Assert.DoesNotContain("sector.versions", Texts.KeysOf(language));
        Assert.Equal(Texts.Text("en", "sector.versions"), Texts.Text(language, "sector.versions"));
    }

    [Fact]
    public void Every_key_the_pages_and_the_map_use_is_in_the_English_catalogue()
    {
        var server = Path.Combine(RepositoryPaths.Root, "src", "Demarcate.Server");
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in Directory.EnumerateFiles(Path.Combine(server, "Pages"), "*.cs*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(page);
            used.UnionWith(Regex.Matches(text, "(?:T|texts)\\[\"(?<key>[a-z0-9.]+)\"", RegexOptions.None, TimeSpan.FromSeconds(1)).Select(m => m.Groups["key"].Value));
        }

        var script = File.ReadAllText(Path.Combine(server, "wwwroot", "js", "map.js"));
        used.UnionWith(Regex.Matches(script, "\\bt\\('(?<key>[a-z0-9.]+)'", RegexOptions.None, TimeSpan.FromSeconds(1)).Select(m => m.Groups["key"].Value));
        // Keys built from the domain's enumerations.
        used.UnionWith(Enum.GetNames<SectorStatus>().Select(n => "status." + n));
        used.UnionWith(Enum.GetNames<Role>().Select(n => "role." + n));
        used.UnionWith(Enum.GetNames<LineKind>().Select(n => "line." + n));
        used.UnionWith(Enum.GetNames<Publication>().Select(n => "publication." + n));

        used.UnionWith(new[] { "comparison", "description", "pillars", "incidents" }.Select(n => "sector.slot." + n));

        // A key ending in a dot is a prefix the page completes (T["status." + status]); its keys are listed above.
        var prefixes = used.Where(k => k.EndsWith('.')).ToList();
        used.ExceptWith(prefixes);
        Assert.All(prefixes, p => Assert.Contains(Texts.KeysOf("en"), k => k.StartsWith(p, StringComparison.Ordinal)));
        Assert.True(used.Count > 100, $"the scan found the keys ({used.Count})");
        var missing = used.Except(Texts.KeysOf("en"), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Keys used but not in en.json: " + string.Join(", ", missing));
    }

    private static string[] Placeholders(string text) => [.. Placeholder.Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];
}
