using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Demarcate.Server.Localization;

/// <summary>
/// The workspace's words in the commission's languages, from one JSON catalogue per language
/// (Localization/Texts/xx.json, embedded). English is complete and the fallback: a key a catalogue
/// lacks is shown in English, so a partial catalogue (Armenian, Azerbaijani) never shows a bare key.
/// Immutable and thread-safe; the language is the request's UI culture.
/// </summary>
public sealed class Catalogue : IStringLocalizer
{
    /// <summary>The fallback language, whose catalogue defines every key.</summary>
    public const string Fallback = "en";

    private static readonly JsonSerializerOptions Json = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _texts;

    public Catalogue()
    {
        _texts = Languages.All.ToFrozenDictionary(l => l.Code, l => Load(l.Code), StringComparer.Ordinal);
    }

    /// <summary>The keys a language's own catalogue holds (without fallbacks).</summary>
    public IReadOnlyCollection<string> KeysOf(string language) => _texts[language].Keys;

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/>, or in English when that catalogue lacks it.</summary>
    public string Text(string language, string key) =>
        _texts.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var text) ? text
        : _texts[Fallback].TryGetValue(key, out var english) ? english
        : key;

    /// <summary>Every text whose key starts with <paramref name="prefix"/>, in the current language (for the map's script).</summary>
    public IReadOnlyDictionary<string, string> WithPrefix(string prefix) =>
        _texts[Fallback].Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(k => k, k => Text(Languages.Current, k), StringComparer.Ordinal);

    public LocalizedString this[string name]
    {
        get
        {
            var found = _texts[Fallback].ContainsKey(name);
            return new LocalizedString(name, Text(Languages.Current, name), resourceNotFound: !found);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var text = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, text.Value, arguments), text.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _texts[Fallback].Keys.Select(k => this[k]);

    private static FrozenDictionary<string, string> Load(string language)
    {
        using var stream = typeof(Catalogue).Assembly.GetManifestResourceStream($"Demarcate.Texts.{language}.json")
            ?? throw new InvalidOperationException($"The {language} catalogue is not embedded in the server.");
        return (JsonSerializer.Deserialize<Dictionary<string, string>>(stream, Json) ?? []).ToFrozenDictionary(StringComparer.Ordinal);
    }
}
