using Demarcate.Storage;

namespace Demarcate.Server.Endpoints;

/// <summary>Liveness of the server and its store, for monitors and load balancers.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", GetHealthAsync).WithName("Health").AllowAnonymous();
        return routes;
    }

    private static async Task<IResult> GetHealthAsync(ICommissionStore store, CancellationToken cancellationToken)
    {
        var empty = await store.IsEmptyAsync(cancellationToken);
        return TypedResults.Ok(new { status = "ok", store = empty ? "empty" : "ready" });
    }
}
