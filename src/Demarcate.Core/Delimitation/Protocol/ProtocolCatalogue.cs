using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Demarcate.Core.Delimitation.Protocol;

/// <summary>The plural category a count takes in a language (CLDR's cardinal categories).</summary>
public enum PluralCategory
{
    One,
    Few,
    Many,
    Other,
}

/// <summary>
/// The words of the protocol-description and its annexes in one language: a flat catalogue of message templates
/// (<c>{name}</c> placeholders, plural forms by CLDR category), embedded as JSON files per language. English defines
/// every key and stands in, key by key, for whatever another language lacks; <see cref="MissingKeys"/> lists those.
/// </summary>
/// <remarks>Immutable and thread-safe once loaded.</remarks>
public sealed partial class ProtocolCatalogue
{
    /// <summary>The languages with a catalogue file, English first.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "ru", "hy", "az"];

    private static readonly Lazy<FrozenDictionary<string, ProtocolCatalogue>> Loaded = new(LoadAll);

    private readonly FrozenDictionary<string, JsonElement> _messages;

    private ProtocolCatalogue(string language, FrozenDictionary<string, JsonElement> messages, IReadOnlyList<string> missingKeys)
    {
        Language = language;
        _messages = messages;
        MissingKeys = missingKeys;
        Culture = CultureInfo.GetCultureInfo(_messages["culture"].GetString()!);
    }

    /// <summary>The language code (en, ru, hy, az).</summary>
    public string Language { get; }

    /// <summary>The culture numbers are written in (decimal comma in Russian, and so on).</summary>
    public CultureInfo Culture { get; }

    /// <summary>Keys English has and this language lacks: they are written in English.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Every key of the catalogue (English's).</summary>
    public IEnumerable<string> Keys => _messages.Keys;

    /// <summary>The catalogue of <paramref name="language"/>, or null when there is none.</summary>
    public static ProtocolCatalogue? For(string language) =>
        Loaded.Value.GetValueOrDefault(language.ToLowerInvariant());

    /// <summary>English, which defines every key.</summary>
    public static ProtocolCatalogue English => Loaded.Value["en"];

    /// <summary>The message <paramref name="key"/> with its placeholders filled.</summary>
    public string Text(string key, params (string Name, string Value)[] values) => Fill(key, Template(key, null), values);

    /// <summary>The plural form of <paramref name="key"/> that <paramref name="count"/> takes, filled; <c>{count}</c> is the count.</summary>
    public string Plural(string key, int count, params (string Name, string Value)[] values) =>
        Fill(key, Template(key, Category(Language, count)), [("count", count.ToString("N0", Culture)), .. values]);

    /// <summary>A number in this language's way of writing it, with <paramref name="decimals"/> places.</summary>
    public string Number(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);

    /// <summary>The CLDR cardinal plural category of a whole number in <paramref name="language"/>.</summary>
    public static PluralCategory Category(string language, long count)
    {
        var n = Math.Abs(count);
        return language switch
        {
            // Russian: 1, 21, 101 take "one"; 2–4, 22–24 "few"; 0, 5–20, 11–14, 25–30 "many".
            "ru" => n % 10 == 1 && n % 100 != 11 ? PluralCategory.One
                : n % 10 is >= 2 and <= 4 && n % 100 is < 12 or > 14 ? PluralCategory.Few
                : PluralCategory.Many,
            // Armenian counts 0 and 1 alike.
            "hy" => n is 0 or 1 ? PluralCategory.One : PluralCategory.Other,
            _ => n == 1 ? PluralCategory.One : PluralCategory.Other,
        };
    }

    /// <summary>The placeholders a template uses, for checking catalogues against one another.</summary>
    public static IReadOnlyList<string> Placeholders(string template) =>
        [.. PlaceholderPattern().Matches(template).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Every template of a key: the string itself, or each plural form.</summary>
    public IReadOnlyList<string> Templates(string key)
    {
        var value = _messages[key];
        return value.ValueKind == JsonValueKind.Object
            ? [.. value.EnumerateObject().Select(p => p.Value.GetString()!)]
            : [value.GetString()!];
    }

    private string Template(string key, PluralCategory? category)
    {
        if (!_messages.TryGetValue(key, out var value))
        {
            throw new KeyNotFoundException($"The protocol catalogue has no key \"{key}\" (English defines every key).");
        }

        if (category is null)
        {
            return value.GetString()!;
        }

        // A form the language does not define falls back to "other", then to "many" (Russian's general form).
        foreach (var name in new[] { category.Value.ToString().ToLowerInvariant(), "other", "many" })
        {
            if (value.TryGetProperty(name, out var form))
            {
                return form.GetString()!;
            }
        }

        throw new KeyNotFoundException($"The protocol catalogue's \"{key}\" has no plural form for {category}.");
    }

    private static string Fill(string key, string template, (string Name, string Value)[] values) =>
        PlaceholderPattern().Replace(template, m =>
        {
            foreach (var (name, value) in values)
            {
                if (string.Equals(name, m.Groups["name"].Value, StringComparison.Ordinal))
                {
                    return value;
                }
            }

            throw new InvalidOperationException($"The protocol catalogue's \"{key}\" uses {{{m.Groups["name"].Value}}}, which the renderer does not supply.");
        });

    private static FrozenDictionary<string, ProtocolCatalogue> LoadAll()
    {
        var english = Read("en");
        var catalogues = new Dictionary<string, ProtocolCatalogue>(StringComparer.Ordinal)
        {
            ["en"] = new("en", english.ToFrozenDictionary(StringComparer.Ordinal), []),
        };
        foreach (var language in Languages.Skip(1))
        {
            var own = Read(language);
            var merged = new Dictionary<string, JsonElement>(english, StringComparer.Ordinal);
            foreach (var (key, value) in own)
            {
                merged[key] = value;
            }

            var missing = english.Keys.Where(k => !own.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            catalogues[language] = new(language, merged.ToFrozenDictionary(StringComparer.Ordinal), missing);
        }

        return catalogues.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Dictionary<string, JsonElement> Read(string language)
    {
        // The catalogues are this assembly's own files: one that does not read is a fault of the build, not input.
        using var stream = typeof(ProtocolCatalogue).Assembly.GetManifestResourceStream("Demarcate.Protocol." + language + ".json")
            ?? throw new FileNotFoundException("Protocol catalogue not embedded: " + language);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\{(?<name>[a-zA-Z]+)\}", RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PlaceholderPattern();
}
