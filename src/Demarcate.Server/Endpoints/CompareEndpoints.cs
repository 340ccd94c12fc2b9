using System.Text.Json;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Core.ReferenceLayers;
using Demarcate.Formats;
using Demarcate.Formats.Comparison;
using Demarcate.Server.Trust;
using Demarcate.Storage;

namespace Demarcate.Server.Endpoints;

/// <summary>Comparison of two lines of a section, as the caller may see them.</summary>
public static class CompareEndpoints
{
    public static IEndpointRouteBuilder MapCompare(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api").MapGet("/compare", CompareAsync).WithName("CompareLines");
        return routes;
    }

    /// <summary>
    /// GET /api/compare?a=LINE&amp;b=LINE[&amp;sectors=true][&amp;from=X&amp;to=Y][&amp;format=geojson|json|gpkg][&amp;features=settlements]: the discrepancy polygons between two
    /// lines with their areas, holders and significance (GeoJSON, one feature per polygon), or the summary and
    /// per-sector table (JSON), or a GeoPackage attachment of the polygons, summaries and both lines (gpkg); with features, the settlements in each polygon; with from/to (break or turning point ids,
    /// or km along line A), only the stretch between them. A line the caller may not see answers 404, as a missing one does.
    /// </summary>
    private static async Task<IResult> CompareAsync(
        HttpContext context,
        ICommissionStore store,
        string? a,
        string? b,
        bool? sectors,
        string? format,
        string? features,
        string? from,
        string? to,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b))
        {
            return TypedResults.Problem(
                detail: "Name the two lines to compare: /api/compare?a=LINE&b=LINE (optionally &sectors=true, &format=json).",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Two lines are needed");
        }

        if (features is not null && features != "settlements" && !ReferenceLayer.IsValidId(features))
        {
            return TypedResults.Problem(
                detail: "features=settlements reports on the commission's stored settlements and roads layers (else the demo's GeoNames places); features=LAYER on one stored reference layer.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Unknown feature layer");
        }

        if ((from is not null || to is not null) && sectors == true)
        {
            return TypedResults.Problem(
                detail: "sectors=true compares whole sectors; leave out from and to, or compare the stretch alone.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "A stretch or sectors, not both");
        }

        var caller = Callers.Of(context);
        if (features is not null && features != "settlements" && await store.GetReferenceLayerAsync(caller, features, cancellationToken) is null)
        {
            // A layer the caller does not see answers like one that does not exist.
            return TypedResults.Problem(
                detail: $"There is no reference layer '{features}'; features=settlements reports on the commission's stored settlements and roads layers (else the demo's GeoNames places).",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Unknown feature layer");
        }

        var result = from is null && to is null
            ? await StoredLineComparison.CompareAsync(store, caller, a, b, null, sectors ?? false, cancellationToken)
            : await StoredLineComparison.CompareStretchAsync(
                store,
                caller,
                await store.GetLineAsync(caller, a, cancellationToken) ?? throw new RecordNotFoundException("line", a),
                await store.GetLineAsync(caller, b, cancellationToken) ?? throw new RecordNotFoundException("line", b),
                from,
                to,
                cancellationToken);
        FeatureReport? report = null;
        if (features is not null)
        {
            report = result.Features(result.Whole, features == "settlements"
                ? await SettlementsLayer.FeaturesAsync(store, caller, cancellationToken)
                : await store.ReadReferenceFeaturesAsync(caller, features, null, cancellationToken));
        }

        using var buffer = new MemoryStream();
        if (string.Equals(format, "gpkg", StringComparison.OrdinalIgnoreCase))
        {
            // Only the lines the caller could see reach the file: the comparison read them as this caller.
            IReadOnlyList<BoundaryLine> lines = [.. new[] { result.LineA, result.LineB }.OfType<BoundaryLine>()];
            await ComparisonGeoPackage.WriteAsync(buffer, result.Section, result.Whole, result.Sectors, lines, cancellationToken);
            return TypedResults.File(buffer.ToArray(), FeatureFormats.MediaType(FeatureFormat.GeoPackage), $"compare-{result.Whole.LineA}-{result.Whole.LineB}.gpkg");
        }

        await using (var writer = new Utf8JsonWriter(buffer))
        {
            if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            {
                ComparisonWriter.WriteJson(writer, result.Section, result.Whole, result.Sectors, report);
            }
            else
            {
                ComparisonWriter.WriteGeoJson(writer, result.Section, result.Whole, result.Sectors, report);
            }
        }

        var contentType = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/geo+json";
        return TypedResults.Bytes(buffer.ToArray(), contentType);
    }
}
