using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Formats.GeoJson;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Endpoints;

/// <summary>The boundary as the commission records it: sections, lines, break points and sectors (sources: <see cref="SourceEndpoints"/>).</summary>
public static class BoundaryEndpoints
{
    private const string GeoJsonType = "application/geo+json";

    public static IEndpointRouteBuilder MapBoundary(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/commission", GetCommissionAsync).WithName("GetCommission");
        api.MapGet("/sections", ListSectionsAsync).WithName("ListSections");
        api.MapGet("/sectors", ListSectorsAsync).WithName("ListSectors");
        api.MapGet("/sectors/{id}", GetSectorAsync).WithName("GetSector");
        api.MapGet("/layers/lines", LinesLayerAsync).WithName("LinesLayer");
        api.MapGet("/layers/breaks", BreaksLayerAsync).WithName("BreaksLayer");
        api.MapGet("/layers/sectors", SectorsLayerAsync).WithName("SectorsLayer");
        api.MapGet("/layers/settlements", SettlementsLayerAsync).WithName("SettlementsLayer");
        return routes;
    }

    private static async Task<IResult> GetCommissionAsync(ICommissionStore store, CancellationToken cancellationToken)
    {
        var commission = await store.GetCommissionAsync(cancellationToken);
        return commission is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The store holds no commission yet.")
            : TypedResults.Ok(new
            {
                name = commission.Name,
                datumTransformation = commission.DatumTransformation,
                parties = commission.Parties.Select(p => new { code = p.Code.Value, name = p.Name, role = p.Role.ToString() }),
            });
    }

    private static async Task<IResult> ListSectionsAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListSectionsAsync(Callers.Of(context), cancellationToken)).Select(s => new
        {
            id = s.Id,
            name = s.Name,
            direction = s.Direction,
            partyOnLeft = s.PartyOnLeft.Value,
            partyOnRight = s.PartyOnRight.Value,
            sectorPrefix = s.SectorPrefix,
            utmZone = s.UtmZone,
            designatedLineId = s.DesignatedLineId,
        }));

    private static async Task<IResult> ListSectorsAsync(HttpContext context, ICommissionStore store, string? section, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListSectorsAsync(Callers.Of(context), section, cancellationToken)).Select(Described));

    private static async Task<IResult> GetSectorAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var sector = await store.GetSectorAsync(Callers.Of(context), id, cancellationToken);
        return sector is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no sector with that id.")
            : TypedResults.Ok(Described(sector));
    }

    /// <summary>
    /// A sector as the API lists it: its summary and <c>bbox</c>, the box its stretch of the line in force covers
    /// (west, south, east, north in WGS 84 degrees; null without a stretch), which the map fits its view to.
    /// </summary>
    private static Dictionary<string, JsonElement> Described(SectorOnLine s)
    {
        var values = Properties(Summary(s));
        var box = s.Geometry is { IsEmpty: false } geometry ? geometry.EnvelopeInternal : null;
        values["bbox"] = JsonSerializer.SerializeToElement(box is null ? null : new[] { box.MinX, box.MinY, box.MaxX, box.MaxY });
        return values;
    }

    private static object Summary(SectorOnLine s) => new
    {
        id = s.Sector.Id,
        section = s.Sector.SectionId,
        number = s.Sector.Number,
        status = s.Sector.Status.ToString(),
        fromBreak = s.Sector.FromBreakId,
        toBreak = s.Sector.ToBreakId,
        lineId = s.LineId,
        lengthMetres = Math.Round(s.LengthMetres, 3),
        gapLengthMetres = Math.Round(s.GapLengthMetres, 3),
        version = s.Sector.Version,
    };

    private static async Task<IResult> LinesLayerAsync(HttpContext context, ICommissionStore store, string? section, string? bbox, CancellationToken cancellationToken)
    {
        if (!TryParseBox(bbox, out var box))
        {
            return BadBox();
        }

        var lines = box is null
            ? await store.ListLinesAsync(Callers.Of(context), section, cancellationToken)
            : [.. (await store.ListLinesInBoxAsync(Callers.Of(context), box, cancellationToken)).Where(l => section is null || l.SectionId == section)];
        var sources = (await store.ListSourcesAsync(Callers.Of(context), cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var features = lines.Select((l, i) => new GeoJsonFeature(i, l.Id, l.Geometry, Properties(new
        {
            section = l.SectionId,
            kind = l.Kind.ToString(),
            name = l.Name,
            source = l.SourceId,
            attribution = l.SourceId is not null && sources.TryGetValue(l.SourceId, out var s) ? s.Attribution : null,
            version = l.Version,
        })));
        await WriteGeoJsonAsync(context, features, cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task BreaksLayerAsync(HttpContext context, ICommissionStore store, string? section, CancellationToken cancellationToken)
    {
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var breaks = await store.ListBreakPointsAsync(Callers.Of(context), section, cancellationToken);
        var features = breaks.Select((b, i) => new GeoJsonFeature(
            i,
            b.Id,
            factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(b.Position.Longitude, b.Position.Latitude)),
            Properties(new { section = b.SectionId, sequence = b.Sequence })));
        await WriteGeoJsonAsync(context, features, cancellationToken);
    }

    private static async Task<IResult> SectorsLayerAsync(HttpContext context, ICommissionStore store, string? section, string? bbox, CancellationToken cancellationToken)
    {
        if (!TryParseBox(bbox, out var box))
        {
            return BadBox();
        }

        var sectors = box is null
            ? await store.ListSectorsAsync(Callers.Of(context), section, cancellationToken)
            : [.. (await store.ListSectorsInBoxAsync(Callers.Of(context), box, cancellationToken)).Where(s => section is null || s.Sector.SectionId == section)];
        var features = sectors.Where(s => s.Geometry is not null).Select((s, i) => new GeoJsonFeature(i, s.Sector.Id, s.Geometry, Properties(Summary(s))));
        await WriteGeoJsonAsync(context, features, cancellationToken);
        return TypedResults.Empty;
    }

    /// <summary>The basemap's places (the demo's GeoNames settlements): public reference data, not the commission's record.</summary>
    private static async Task SettlementsLayerAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.ContentType = GeoJsonType;
        await using var settlements = DemoCommission.OpenSettlements();
        await settlements.CopyToAsync(context.Response.Body, cancellationToken);
    }

    /// <summary>Reads <c>bbox=minLon,minLat,maxLon,maxLat</c> (WGS 84 degrees); absent is no box, anything malformed is false.</summary>
    private static bool TryParseBox(string? bbox, out Envelope? box)
    {
        box = null;
        if (bbox is null)
        {
            return true;
        }

        var parts = bbox.Split(',');
        var values = new double[4];
        if (parts.Length != 4
            || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).All(ok => ok))
        {
            return false;
        }

        var (west, south, east, north) = (values[0], values[1], values[2], values[3]);
        if (west < -180 || east > 180 || south < -90 || north > 90 || west > east || south > north)
        {
            return false;
        }

        box = new Envelope(west, east, south, north);
        return true;
    }

    private static ProblemHttpResult BadBox() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Bad bounding box",
        detail: "bbox must be minLon,minLat,maxLon,maxLat in WGS 84 degrees, with min no greater than max (longitudes within ±180, latitudes within ±90).");

    private static Dictionary<string, JsonElement> Properties(object values) =>
        JsonSerializer.SerializeToElement(values).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);

    private static async Task WriteGeoJsonAsync(HttpContext context, IEnumerable<GeoJsonFeature> features, CancellationToken cancellationToken)
    {
        context.Response.ContentType = GeoJsonType;
        await GeoJsonWriter.WriteAsync(context.Response.Body, features, null, cancellationToken);
    }
}
