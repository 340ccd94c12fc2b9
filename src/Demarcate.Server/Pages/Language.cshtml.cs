using Demarcate.Server.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The user's choice of language, kept in a cookie so that it follows them from page to page.</summary>
public sealed class LanguageModel : PageModel
{
    public void OnGet()
    {
    }

    public IActionResult OnPost(string? code, string? returnUrl)
    {
        if (Languages.Find(code) is { } language)
        {
            var (name, value, options) = Languages.Cookie(language);
            options.Secure = Request.IsHttps;
            Response.Cookies.Append(name, value, options);
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
