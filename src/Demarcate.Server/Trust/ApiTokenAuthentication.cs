using System.Security.Claims;
using System.Text.Encodings.Web;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Demarcate.Server.Trust;

/// <summary>
/// Authenticates scripts, QGIS and GDAL by an API token sent as an HTTP header:
/// <c>Authorization: Bearer dmk_…</c> or <c>X-Api-Key: dmk_…</c>.
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ICommissionStore store,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    public const string KeyHeader = "X-Api-Key";

    /// <summary>The token a request carries, if any.</summary>
    public static string? PresentedToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(KeyHeader, out var key) && key.Count > 0)
        {
            return key[0];
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedToken(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiToken.TryParse(presented, out var id, out var secretHash))
        {
            return AuthenticateResult.Fail("The API token is malformed.");
        }

        var stored = await store.FindApiTokenAsync(id!, Context.RequestAborted);
        if (stored is null || !stored.Accepts(secretHash, clock.GetUtcNow()))
        {
            Log.TokenRefused(Logger, id!);
            return AuthenticateResult.Fail("The API token is unknown, expired or revoked.");
        }

        var account = await store.GetAccountAsync(stored.AccountId, Context.RequestAborted);
        if (account is null || account.Disabled)
        {
            return AuthenticateResult.Fail("The API token's account is disabled.");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, account.Account.Id), new Claim(ClaimTypes.Name, account.Account.UserName)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
