using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats.GeoJson;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Endpoints;

/// <summary>Versions of a sector's agreed line and the co-chairs' signatures on them.</summary>
public static class DelimitationEndpoints
{
    public sealed record SignRequest(string? Password);

    public static IEndpointRouteBuilder MapDelimitation(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/sectors/{id}");
        api.MapGet("/versions", ListVersionsAsync).WithName("ListSectorVersions");
        api.MapPost("/versions", ProposeVersionAsync).WithName("ProposeSectorVersion").RequireAuthorization();
        api.MapPost("/versions/{number:int}/signatures", SignVersionAsync).WithName("SignSectorVersion").RequireAuthorization();
        return routes;
    }

    private static async Task<IResult> ListVersionsAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListSectorVersionsAsync(Callers.Of(context), id, cancellationToken)).Select(v => new
        {
            sector = v.SectorId,
            number = v.Number,
            description = v.Description,
            turningPoints = v.TurningPoints.Select(t => new { id = t.Id, lat = t.Position.Latitude, lon = t.Position.Longitude, howFixed = t.HowFixed }),
            canonicalHash = Convert.ToHexStringLower(v.CanonicalHash()),
            proposedBy = v.ProposedBy,
            proposedAt = v.ProposedAt,
            signatures = v.Signatures.Select(s => new { account = s.AccountId, party = s.Party.Value, keyId = s.KeyId, signedAt = s.SignedAt }),
            signedByBoth = v.IsSignedByBoth,
        }));

    /// <summary>
    /// Proposes a version: a GeoJSON Feature with the agreed (Multi)LineString and properties
    /// <c>description</c> and <c>turningPoints</c> ([{id, lat, lon, howFixed}]).
    /// </summary>
    private static async Task<IResult> ProposeVersionAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var read = await GeoJsonReader.ReadAllAsync(context.Request.Body, "request body", cancellationToken);
        if (!read.Success || read.Value.Count != 1)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The version could not be read", detail: read.Success ? "send exactly one Feature" : read.Problems[0].ToString());
        }

        var feature = read.Value[0];
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var geometry = feature.Geometry switch
        {
            MultiLineString m => m,
            LineString l => factory.CreateMultiLineString([l]),
            _ => null,
        };
        var description = feature.Properties.TryGetValue("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : null;
        if (geometry is null || description is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The version could not be read", detail: "a version needs a LineString or MultiLineString geometry and a \"description\" property");
        }

        var turningPoints = new List<TurningPointRow>();
        if (feature.Properties.TryGetValue("turningPoints", out var points) && points.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in points.EnumerateArray())
            {
                turningPoints.Add(new TurningPointRow(
                    p.GetProperty("id").GetString() ?? "",
                    new GeoPoint(p.GetProperty("lat").GetDouble(), p.GetProperty("lon").GetDouble()),
                    p.TryGetProperty("howFixed", out var how) ? how.GetString() ?? "" : ""));
            }
        }

        var version = await store.ProposeSectorVersionAsync(Callers.Of(context), id, geometry, turningPoints, description, cancellationToken);
        return TypedResults.Created($"/api/sectors/{id}/versions/{version.Number}", new { sector = id, number = version.Number, canonicalHash = Convert.ToHexStringLower(version.CanonicalHash()) });
    }

    /// <summary>
    /// A co-chair signs a version. The private key is unwrapped with the co-chair's own password for
    /// this one signature and never stored in the clear; an administrator cannot sign in their name.
    /// </summary>
    private static async Task<IResult> SignVersionAsync(HttpContext context, ICommissionStore store, PasswordHasher hasher, TimeProvider clock, string id, int number, SignRequest request, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var account = caller.Account!;
        var commission = await store.GetCommissionAsync(cancellationToken);
        if (commission is null || !Permissions.MaySignSectorVersion(caller, commission))
        {
            throw new NotPermittedException("Only a state's co-chair signs a sector version.");
        }

        var stored = await store.GetAccountAsync(account.Id, cancellationToken);
        if (stored is null || hasher.Verify(request.Password, stored.PasswordHash) == PasswordCheck.Failed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not permitted", detail: "Signing needs your own password.");
        }

        var version = (await store.ListSectorVersionsAsync(caller, id, cancellationToken)).SingleOrDefault(v => v.Number == number)
            ?? throw new RecordNotFoundException("sector version", $"{id}@{number}");
        var wrapped = (await store.ListSigningKeysAsync(account.Id, cancellationToken)).FirstOrDefault(k => k.RetiredAt is null)
            ?? throw new NotPermittedException("You have no signing key.");
        var unwrapped = wrapped.Unwrap(request.Password);
        if (!unwrapped.Success || account.Party is not { } party)
        {
            throw new NotPermittedException("Your signing key could not be opened with this password.");
        }

        using var key = unwrapped.Value!;
        var signature = SectorVersionSignature.Sign(key, version.CanonicalHash(), account.Id, party, clock.GetUtcNow());
        var signed = await store.SignSectorVersionAsync(caller, id, number, signature, cancellationToken);
        return TypedResults.Ok(new { sector = id, number, signatures = signed.Signatures.Count, signedByBoth = signed.IsSignedByBoth });
    }
}
