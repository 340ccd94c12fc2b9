using System.Security.Claims;
using Demarcate.Core.Trust;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Demarcate.Server.Endpoints;

/// <summary>Sessions, the signed-in account, its API tokens, and the journal's head.</summary>
public static class TrustEndpoints
{
    public sealed record SignInRequest(string? UserName, string? Password);

    public sealed record NewTokenRequest(string? Name, int? Days);

    public static IEndpointRouteBuilder MapTrust(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapPost("/session", SignInAsync).WithName("SignIn").AllowAnonymous().DisableAntiforgery();
        api.MapDelete("/session", SignOutAsync).WithName("SignOut").RequireAuthorization();
        api.MapGet("/me", Me).WithName("Me").RequireAuthorization();
        api.MapGet("/accounts", ListAccountsAsync).WithName("ListAccounts").RequireAuthorization();
        api.MapGet("/tokens", ListTokensAsync).WithName("ListTokens").RequireAuthorization();
        api.MapPost("/tokens", CreateTokenAsync).WithName("CreateToken").RequireAuthorization();
        api.MapDelete("/tokens/{id}", RevokeTokenAsync).WithName("RevokeToken").RequireAuthorization();
        api.MapGet("/journal/head", JournalHeadAsync).WithName("JournalHead").RequireAuthorization();
        return routes;
    }

    /// <summary>Signs in for a cookie session (the web UI signs in through its form; scripts use tokens).</summary>
    private static async Task<IResult> SignInAsync(HttpContext context, SignIn signIn, SignInRequest request, CancellationToken cancellationToken)
    {
        var result = await signIn.AttemptAsync(request.UserName, request.Password, cancellationToken);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(result.Account!));
                return TypedResults.Ok(Describe(result.Account!));
            case SignInOutcome.LockedOut:
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins", detail: "The account is locked for a while after repeated failures; try again later.");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong user name or password");
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static IResult Me(HttpContext context) =>
        Callers.Of(context).Account is { } account ? TypedResults.Ok(Describe(account)) : TypedResults.Unauthorized();

    private static async Task<IResult> ListAccountsAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAccountsAsync(Callers.Of(context), cancellationToken)).Select(Describe));

    private static async Task<IResult> ListTokensAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListApiTokensAsync(Callers.Of(context), cancellationToken)).Select(t => new
        {
            id = t.Id,
            name = t.Name,
            createdAt = t.CreatedAt,
            expiresAt = t.ExpiresAt,
            revokedAt = t.RevokedAt,
        }));

    /// <summary>Issues a token; its secret is shown in this answer only, and stored as a hash.</summary>
    private static async Task<IResult> CreateTokenAsync(HttpContext context, ICommissionStore store, TimeProvider clock, NewTokenRequest request, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var name = string.IsNullOrWhiteSpace(request.Name) ? "token" : request.Name.Trim();
        if (name.Length > 100 || request.Days is < 1 or > 366)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad token request", detail: "A token name has at most 100 characters and a token lasts 1 to 366 days.");
        }

        var token = ApiToken.Create();
        var now = clock.GetUtcNow();
        var stored = token.ToStored(caller.Account!.Id, name, now, now.AddDays(request.Days ?? 90));
        await store.AddApiTokenAsync(caller, stored, cancellationToken);
        return TypedResults.Created($"/api/tokens/{stored.Id}", new { id = stored.Id, name, token = token.Token, expiresAt = stored.ExpiresAt });
    }

    private static async Task<IResult> RevokeTokenAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        await store.RevokeApiTokenAsync(Callers.Of(context), id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> JournalHeadAsync(ICommissionStore store, CancellationToken cancellationToken)
    {
        var head = await store.GetJournalHeadAsync(cancellationToken);
        return TypedResults.Ok(new { sequence = head?.Sequence ?? 0, hash = head?.Hash.ToHex(), at = head?.At });
    }

    internal static ClaimsPrincipal Principal(Account account) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, account.Id), new Claim(ClaimTypes.Name, account.UserName)], CookieAuthenticationDefaults.AuthenticationScheme));

    private static object Describe(Account a) => new
    {
        id = a.Id,
        userName = a.UserName,
        displayName = a.DisplayName,
        party = a.Party?.Value,
        role = a.Role.ToString(),
    };
}
