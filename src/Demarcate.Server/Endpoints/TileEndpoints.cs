using System.Text.Json;
using Demarcate.Core.Monitoring;
using Demarcate.Core.Tiles;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.VectorTiles;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// The map's heavy layers as Mapbox Vector Tiles (<c>/tiles/{layer}/{z}/{x}/{y}.mvt</c>, Web Mercator XYZ): the
/// boundary lines, sectors, pillars and incidents the caller may see, and the basemap's settlements.
/// </summary>
/// <remarks>
/// Each tile is built per request from the store's spatial index, as that caller sees the data; nothing is cached on
/// the server, and the answer tells shared caches not to keep it, since two callers may see different lines in it.
/// </remarks>
public static class TileEndpoints
{
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    /// <summary>The layers served as tiles; each tile holds one layer of that name.</summary>
    public static readonly IReadOnlyList<string> Layers = ["lines", "sectors", "pillars", "incidents", "settlements"];

    private static readonly Lazy<Task<IReadOnlyList<GeoJsonFeature>>> Settlements = new(LoadSettlementsAsync);

    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/tiles/{layer}/{z:int}/{x:int}/{y:int}.mvt", GetTileAsync).WithName("GetVectorTile");
        return routes;
    }

    private static async Task<IResult> GetTileAsync(HttpContext context, ICommissionStore store, string layer, int z, int x, int y, CancellationToken cancellationToken)
    {
        if (!Layers.Contains(layer, StringComparer.Ordinal) || !TileId.TryCreate(z, x, y, out var tile))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found",
                detail: $"There is no such tile: layers are {string.Join(", ", Layers)}, zoom 0–{TileId.MaxZoom}, x and y within the grid at that zoom.");
        }

        // Incidents take the incident list's filters (?sector=&type=&from=&to=&verification=), so a map shows what its table does.
        var incidentFilter = layer == "incidents"
            ? IncidentFilter.Parse(context.Request.Query["sector"], context.Request.Query["type"], context.Request.Query["from"], context.Request.Query["to"], context.Request.Query["verification"], null)
            : null;
        if (incidentFilter is { Success: false })
        {
            return InputProblemResponse.Problems("The filter is not understood", incidentFilter.Problems, StatusCodes.Status400BadRequest);
        }

        var vectorTile = new VectorTile(tile);
        var features = vectorTile.AddLayer(layer);

        // The box the tile and its buffer cover, in degrees, for the store's spatial index.
        var bounds = tile.Bounds;
        var (west, south, east, north) = WebMercator.ToDegrees(bounds.Grow(bounds.Width * vectorTile.Options.Buffer / vectorTile.Options.Extent));
        var box = new Envelope(west, east, south, north);
        var caller = Callers.Of(context);
        switch (layer)
        {
            case "lines":
                foreach (var line in await store.ListLinesInBoxAsync(caller, box, cancellationToken))
                {
                    features.AddFeature(line.Geometry, Properties(
                        ("id", line.Id), ("section", line.SectionId), ("kind", line.Kind.ToString()), ("name", line.Name), ("source", line.SourceId),
                        ("claimedBy", line.ClaimedBy?.Value), ("version", (long)line.Version)));
                }

                break;
            case "sectors":
                foreach (var sector in await store.ListSectorsInBoxAsync(caller, box, cancellationToken))
                {
                    if (sector.Geometry is { IsEmpty: false } geometry)
                    {
                        var label = LabelPoint(geometry);
                        features.AddFeature(geometry, Properties(
                            ("id", sector.Sector.Id), ("section", sector.Sector.SectionId), ("number", (long)sector.Sector.Number),
                            ("status", sector.Sector.Status.ToString()), ("lineId", sector.LineId), ("version", (long)sector.Sector.Version),
                            ("labelLon", label.X), ("labelLat", label.Y)));
                    }
                }

                break;
            case "pillars":
                // At the planned position, as the pillar register and the OGC collection place it.
                foreach (var pillar in await store.ListPillarsInBoxAsync(caller, box, cancellationToken))
                {
                    features.AddFeature(PointAt(pillar.Planned.Longitude, pillar.Planned.Latitude), Properties(
                        ("id", pillar.Number.ToString()), ("sector", pillar.SectorId), ("type", pillar.Type.ToString()), ("status", pillar.Status.ToString()),
                        ("surveyed", pillar.Surveyed is not null), ("owner", pillar.Owner?.Value), ("publication", pillar.Publication.ToString()),
                        ("version", (long)pillar.Version), ("link", Pages.PillarsModel.Link(pillar))));
                }

                break;
            case "incidents":
                // Merged reports are left out (their merged incident stands for them), as in the list; a delegation's draft
                // reaches only that delegation, since the store answers as the caller sees the record.
                foreach (var incident in await store.ListIncidentsAsync(caller, incidentFilter!.Value, cancellationToken))
                {
                    var at = incident.Location.Point;
                    if (box.Contains(at.Longitude, at.Latitude))
                    {
                        features.AddFeature(PointAt(at.Longitude, at.Latitude), Properties(
                            ("id", incident.Id), ("type", incident.Type.ToString()), ("date", incident.Date.ToString()),
                            ("verification", incident.Verification.ToString()), ("publication", incident.Publication.ToString()),
                            ("sector", incident.Attribution?.SectorId), ("fatalities", (long?)incident.Fatalities), ("injuries", (long?)incident.Injuries)));
                    }
                }

                break;
            default:
                foreach (var settlement in await Settlements.Value)
                {
                    if (settlement.Geometry is { } point && box.Intersects(point.EnvelopeInternal))
                    {
                        features.AddFeature(point, [.. settlement.Properties.Select(p => new KeyValuePair<string, TileValue>(p.Key, Value(p.Value))).Where(p => p.Value.Kind != TileValueKind.Text || p.Value.Text!.Length > 0)]);
                    }
                }

                break;
        }

        context.Response.Headers.CacheControl = "private, no-cache";
        context.Response.Headers.Vary = "Cookie, Authorization";
        return TypedResults.Bytes(vectorTile.ToArray(), ContentType);
    }

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private static Point PointAt(double longitude, double latitude) => Wgs84.CreatePoint(new Coordinate(longitude, latitude));

    private static List<KeyValuePair<string, TileValue>> Properties(params (string Key, object? Value)[] values) =>
        [.. values.Where(v => v.Value is not null).Select(v => new KeyValuePair<string, TileValue>(v.Key, v.Value switch
        {
            long number => TileValue.Of(number),
            bool flag => TileValue.Of(flag),
            double real => TileValue.Of(real),
            _ => TileValue.Of((string)v.Value!),
        }))];

    /// <summary>
    /// Where a sector's label sits: halfway along its longest part. Every piece of the sector, in whichever tile, carries
    /// this one point, so a map labels the sector once however the tiles cut it.
    /// </summary>
    public static Coordinate LabelPoint(MultiLineString sector)
    {
        var longest = sector.Geometries.Cast<LineString>().MaxBy(part => part.Length)!;
        return new NetTopologySuite.LinearReferencing.LengthIndexedLine(longest).ExtractPoint(longest.Length / 2);
    }

    private static TileValue Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) => TileValue.Of(number),
        JsonValueKind.Number => TileValue.Of(value.GetDouble()),
        JsonValueKind.True or JsonValueKind.False => TileValue.Of(value.GetBoolean()),
        JsonValueKind.String => TileValue.Of(value.GetString()!),
        _ => TileValue.Of(value.GetRawText()),
    };

    private static async Task<IReadOnlyList<GeoJsonFeature>> LoadSettlementsAsync()
    {
        await using var stream = DemoCommission.OpenSettlements();
        return (await GeoJsonReader.ReadAllAsync(stream, "settlements", CancellationToken.None)).Value; // the server's own file: a problem is a fault
    }
}
