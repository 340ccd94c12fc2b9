using Demarcate.Server.Endpoints;
using Demarcate.Server.Localization;
using Demarcate.Server.Trust;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Demarcate.Server.Pages;

/// <summary>The sign-in form (with an anti-forgery token, as every form).</summary>
public sealed class SignInModel(SignIn signIn, Catalogue texts) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await signIn.AttemptAsync(UserName, Password, cancellationToken);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, TrustEndpoints.Principal(result.Account!));
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.LockedOut:
                Message = texts["signin.locked", Math.Ceiling(result.RetryAfter!.Value.TotalMinutes)];
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                Message = texts["signin.wrong"];
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }
}
