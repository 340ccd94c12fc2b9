using System.Security.Claims;
using Demarcate.Core;
using Demarcate.Storage;

namespace Demarcate.Server.Trust;

/// <summary>
/// Turns the authenticated principal into the commission's <see cref="Caller"/> once per request;
/// everything after asks <see cref="Of"/>. A disabled account, or one deleted since its cookie was
/// issued, is anonymous.
/// </summary>
public static class Callers
{
    private const string ItemKey = "Demarcate.Caller";

    public static Caller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var caller) && caller is Caller c ? c : Caller.Anonymous;
    }

    public static IApplicationBuilder UseCallers(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var id = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
            if (id is not null)
            {
                var store = context.RequestServices.GetRequiredService<ICommissionStore>();
                var account = await store.GetAccountAsync(id, context.RequestAborted);
                if (account is { Disabled: false })
                {
                    context.Items[ItemKey] = Caller.For(account.Account);
                }
            }

            await next(context);
        });
}
