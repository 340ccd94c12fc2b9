using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Demarcate.Server.Localization;

/// <summary>A language of the workspace: its code (the catalogue's name) and its name in itself, for the language menu.</summary>
public sealed record Language(string Code, string NativeName, string Culture);

/// <summary>The commission's working languages and how a user's choice is kept (a cookie, for a year).</summary>
public static class Languages
{
    /// <summary>The cookie that keeps a user's choice of language.</summary>
    public const string CookieName = "demarcate.language";

    /// <summary>English, Russian (the commission's working languages), Armenian and Azerbaijani.</summary>
    public static IReadOnlyList<Language> All { get; } =
    [
        new("en", "English", "en"),
        new("ru", "Русский", "ru"),
        new("hy", "Հայերեն", "hy"),
        new("az", "Azərbaycan dili", "az"),
    ];

    /// <summary>The language of the current request (its UI culture), one of <see cref="All"/>.</summary>
    public static string Current
    {
        get
        {
            var name = CultureInfo.CurrentUICulture.Name;
            return All.FirstOrDefault(l => name.StartsWith(l.Code, StringComparison.Ordinal))?.Code ?? Catalogue.Fallback;
        }
    }

    public static Language? Find(string? code) => All.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.Ordinal));

    /// <summary>
    /// Request localization: the user's choice (cookie) first, then the browser's languages; numbers and
    /// dates follow the same culture as the words.
    /// </summary>
    public static RequestLocalizationOptions Options()
    {
        var cultures = All.Select(l => new CultureInfo(l.Culture)).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Catalogue.Fallback),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = CookieName },
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return options;
    }

    /// <summary>The cookie that keeps <paramref name="language"/> as the user's choice.</summary>
    public static (string Name, string Value, CookieOptions Options) Cookie(Language language) =>
        (CookieName,
         CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language.Culture)),
         new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
}
