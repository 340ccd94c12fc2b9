using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Formats.GeoJson;
using Demarcate.Server.Ogc;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// OGC API – Features (Part 1 Core, GeoJSON, HTML, OpenAPI 3.0; Part 2 CRS by reference) under <c>/ogc</c>, for QGIS,
/// GDAL and any other client of the standard. Every collection is read through the store as the caller, so each sees
/// only what it may; an API token works as QGIS and GDAL send it (<c>Authorization: Bearer …</c> or <c>X-Api-Key</c>).
/// </summary>
public static class OgcFeaturesEndpoints
{
    public const string Root = "/ogc";

    public const string GeoJsonType = "application/geo+json";

    private const string JsonType = "application/json";

    private const string HtmlType = "text/html";

    private const string OpenApiType = "application/vnd.oai.openapi+json;version=3.0";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The conformance classes this service implements.</summary>
    public static IReadOnlyList<string> ConformsTo { get; } =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    ];

    public static IEndpointRouteBuilder MapOgcFeatures(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Root, LandingAsync).WithName("OgcLanding").AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(Root + "/conformance", ConformanceAsync).WithName("OgcConformance").AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(Root + "/api", ApiDefinitionAsync).WithName("OgcApiDefinition").AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(Root + "/collections", CollectionsAsync).WithName("PublishedCollections").AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(Root + "/collections/{collectionId}", CollectionAsync).WithName("CollectionDefinition").AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(Root + "/collections/{collectionId}/items", ItemsAsync).WithName("OgcItems").AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(Root + "/collections/{collectionId}/items/{featureId}", ItemAsync).WithName("OgcItem").AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    /// <summary>A link of an OGC API document.</summary>
    public sealed record Link(string Href, string Rel, string Type, string Title);

    private static async Task<IResult> LandingAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Format(context) is { Problem: { } bad })
        {
            return bad;
        }

        var root = RootUrl(context.Request);
        var links = new List<Link>
        {
            new(root + "?f=json", "self", JsonType, "This document"),
            new(root + "?f=html", "alternate", HtmlType, "This document as HTML"),
            new(root + "/api", "service-desc", OpenApiType, "The API definition (OpenAPI 3.0)"),
            new(root + "/api?f=html", "service-doc", HtmlType, "The API documentation"),
            new(root + "/conformance", "conformance", JsonType, "Conformance classes implemented"),
            new(root + "/collections", "data", JsonType, "The collections"),
        };
        const string title = "Demarcate — OGC API – Features";
        const string description = "The joint border commission's record as OGC API – Features: sources, lines, sectors, break points, turning points and settlements.";
        if (WantsHtml(context))
        {
            return await OgcHtml.RenderAsync(context, new OgcPage("ogc.landing.title", title, description) { Links = links });
        }

        return Document(new { title, description, links });
    }

    private static async Task<IResult> ConformanceAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Format(context) is { Problem: { } bad })
        {
            return bad;
        }

        if (WantsHtml(context))
        {
            return await OgcHtml.RenderAsync(context, new OgcPage("ogc.conformance.title", "Conformance", "")
            {
                Columns = ["ogc.conformance.class"],
                Rows = [.. ConformsTo.Select(c => new OgcRow(c, [c]))],
                Links = [new(RootUrl(context.Request), "up", HtmlType, "Landing page")],
            });
        }

        return Document(new { conformsTo = ConformsTo });
    }

    private static async Task<IResult> ApiDefinitionAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Format(context) is { Problem: { } bad })
        {
            return bad;
        }

        var root = RootUrl(context.Request);
        var definition = OgcApiDefinition.Build(root, PublishedCollections.All);
        if (WantsHtml(context))
        {
            var paths = definition["paths"]!.AsObject();
            return await OgcHtml.RenderAsync(context, new OgcPage("ogc.api.title", "API definition", "OpenAPI 3.0")
            {
                Columns = ["ogc.api.path", "ogc.api.summary"],
                Rows = [.. paths.Select(p => new OgcRow(null, [p.Key, p.Value!["get"]!["summary"]!.GetValue<string>()]))],
                Links = [new(root + "/api?f=json", "service-desc", OpenApiType, "The API definition (OpenAPI 3.0)"), new(root, "up", HtmlType, "Landing page")],
            });
        }

        return TypedResults.Text(definition.ToJsonString(Json), OpenApiType);
    }

    private static async Task<IResult> CollectionsAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken)
    {
        if (Format(context) is { Problem: { } bad })
        {
            return bad;
        }

        var (reading, catalogue) = await ReadingAsync(context, store, cancellationToken);
        var root = RootUrl(context.Request);
        var described = new List<object>();
        var rows = new List<OgcRow>();
        foreach (var collection in PublishedCollections.All)
        {
            var features = await collection.ReadAsync(reading, cancellationToken);
            described.Add(Describe(root, collection, features, catalogue));
            rows.Add(new OgcRow($"{root}/collections/{collection.Id}?f=html", [collection.Id, collection.Title, features.Count.ToString(CultureInfo.InvariantCulture)]));
        }

        var links = new List<Link>
        {
            new(root + "/collections?f=json", "self", JsonType, "This document"),
            new(root + "/collections?f=html", "alternate", HtmlType, "This document as HTML"),
        };
        if (WantsHtml(context))
        {
            return await OgcHtml.RenderAsync(context, new OgcPage("ogc.collections.title", "Collections", "")
            {
                Columns = ["ogc.collection.id", "ogc.collection.title", "ogc.collection.count"],
                Rows = rows,
                Links = [.. links, new(root, "up", HtmlType, "Landing page")],
            });
        }

        return Document(new { links, collections = described, crs = catalogue.Offered.Select(c => c.Uri) });
    }

    private static async Task<IResult> CollectionAsync(HttpContext context, ICommissionStore store, string collectionId, CancellationToken cancellationToken)
    {
        if (Format(context) is { Problem: { } bad })
        {
            return bad;
        }

        if (PublishedCollections.Find(collectionId) is not { } collection)
        {
            return NoCollection(collectionId);
        }

        var (reading, catalogue) = await ReadingAsync(context, store, cancellationToken);
        var features = await collection.ReadAsync(reading, cancellationToken);
        var root = RootUrl(context.Request);
        if (WantsHtml(context))
        {
            return await OgcHtml.RenderAsync(context, new OgcPage("ogc.collection.heading", collection.Title, collection.Description)
            {
                Facts =
                [
                    ("ogc.collection.id", collection.Id),
                    ("ogc.collection.geometry", collection.GeometryType),
                    ("ogc.collection.count", features.Count.ToString(CultureInfo.InvariantCulture)),
                    ("ogc.collection.queryables", string.Join(", ", collection.Queryables.Select(q => q.Name))),
                    ("ogc.collection.storageCrs", OgcCrsCatalogue.Crs84Uri),
                ],
                Columns = ["ogc.crs.uri", "ogc.crs.name"],
                Rows = [.. catalogue.Offered.Select(c => new OgcRow(null, [c.Uri, c.System.Name]))],
                Links =
                [
                    new($"{root}/collections/{collection.Id}/items?f=html", "items", HtmlType, "The features"),
                    new($"{root}/collections/{collection.Id}/items?f=json", "items", GeoJsonType, "The features as GeoJSON"),
                    new($"{root}/collections?f=html", "up", HtmlType, "Collections"),
                ],
            });
        }

        return Document(Describe(root, collection, features, catalogue));
    }

    private static async Task<IResult> ItemsAsync(HttpContext context, ICommissionStore store, string collectionId, CancellationToken cancellationToken)
    {
        if (Format(context) is { Problem: { } bad })
        {
            return bad;
        }

        if (PublishedCollections.Find(collectionId) is not { } collection)
        {
            return NoCollection(collectionId);
        }

        var (reading, catalogue) = await ReadingAsync(context, store, cancellationToken);
        var query = OgcItemsQuery.Read(context.Request.Query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())), collection, catalogue);
        if (!query.Success)
        {
            return InputProblems(query.Problems);
        }

        var q = query.Value;
        var matched = (await collection.ReadAsync(reading, cancellationToken)).Where(q.Selects).ToList();
        var page = matched.Skip(q.Offset).Take(q.Limit).ToList();
        var items = $"{RootUrl(context.Request)}/collections/{collection.Id}/items";
        var html = WantsHtml(context);
        var links = new List<Link>
        {
            new(PageUrl(context.Request, items, q.Offset, "json"), "self", GeoJsonType, "This page"),
            new(PageUrl(context.Request, items, q.Offset, "html"), "alternate", HtmlType, "This page as HTML"),
            new($"{RootUrl(context.Request)}/collections/{collection.Id}", "collection", JsonType, collection.Title),
        };
        if (q.Offset + page.Count < matched.Count)
        {
            links.Add(new(PageUrl(context.Request, items, q.Offset + q.Limit, html ? "html" : "json"), "next", html ? HtmlType : GeoJsonType, "Next page"));
        }

        if (q.Offset > 0)
        {
            links.Add(new(PageUrl(context.Request, items, Math.Max(0, q.Offset - q.Limit), html ? "html" : "json"), "prev", html ? HtmlType : GeoJsonType, "Previous page"));
        }

        context.Response.Headers["Content-Crs"] = "<" + q.Crs.Uri + ">";
        if (html)
        {
            var columns = page.SelectMany(f => f.Properties.Keys).Distinct(StringComparer.Ordinal).ToList();
            return await OgcHtml.RenderAsync(context, new OgcPage("ogc.items.heading", collection.Title, collection.Description)
            {
                Facts =
                [
                    ("ogc.items.matched", matched.Count.ToString(CultureInfo.InvariantCulture)),
                    ("ogc.items.returned", page.Count.ToString(CultureInfo.InvariantCulture)),
                    ("ogc.items.crs", q.Crs.Uri),
                ],
                Columns = ["ogc.items.id", "ogc.items.geometry", .. columns],
                RawColumns = columns.Count,
                Rows = [.. page.Select(f => new OgcRow(
                    $"{items}/{Uri.EscapeDataString(f.Id)}?f=html",
                    [f.Id, f.Geometry?.GeometryType ?? "", .. columns.Select(c => f.Properties.TryGetValue(c, out var v) ? Cell(v) : "")]))],
                Links = [.. links.Where(l => l.Rel is "next" or "prev"), new(PageUrl(context.Request, items, q.Offset, "json"), "alternate", GeoJsonType, "This page as GeoJSON"),
                    new($"{RootUrl(context.Request)}/collections/{collection.Id}?f=html", "collection", HtmlType, collection.Title)],
            });
        }

        var options = new GeoJsonWriteOptions
        {
            ForeignMembers = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                ["links"] = JsonSerializer.SerializeToElement(links, Json),
                ["timeStamp"] = JsonSerializer.SerializeToElement(OgcInterval.Text(DateTimeOffset.UtcNow)),
                ["numberMatched"] = JsonSerializer.SerializeToElement(matched.Count),
                ["numberReturned"] = JsonSerializer.SerializeToElement(page.Count),
            },
        };
        context.Response.ContentType = GeoJsonType;
        await GeoJsonWriter.WriteAsync(
            context.Response.Body,
            page.Select((f, i) => new GeoJsonFeature(i, f.Id, f.Geometry is null ? null : q.Crs.FromStored(f.Geometry), f.Properties)),
            options,
            cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<IResult> ItemAsync(HttpContext context, ICommissionStore store, string collectionId, string featureId, CancellationToken cancellationToken)
    {
        if (Format(context) is { Problem: { } bad })
        {
            return bad;
        }

        if (PublishedCollections.Find(collectionId) is not { } collection)
        {
            return NoCollection(collectionId);
        }

        var (reading, catalogue) = await ReadingAsync(context, store, cancellationToken);
        var crs = context.Request.Query["crs"] is { Count: > 0 } asked ? catalogue.Resolve(asked.ToString(), "crs") : ParseResult<OgcCrs>.Ok(catalogue.Default);
        if (!crs.Success)
        {
            return InputProblems(crs.Problems);
        }

        // A feature the caller may not see answers exactly like one that does not exist.
        if (await collection.FindAsync(reading, featureId, cancellationToken) is not { } feature)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"featureId: there is no feature '{featureId}' in the collection '{collection.Id}'.",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["parameter"] = "featureId" });
        }

        var root = RootUrl(context.Request);
        var self = $"{root}/collections/{collection.Id}/items/{Uri.EscapeDataString(feature.Id)}";
        context.Response.Headers["Content-Crs"] = "<" + crs.Value.Uri + ">";
        if (WantsHtml(context))
        {
            return await OgcHtml.RenderAsync(context, new OgcPage("ogc.item.heading", feature.Id, collection.Title)
            {
                Facts = [("ogc.items.geometry", feature.Geometry?.GeometryType ?? ""), ("ogc.items.crs", crs.Value.Uri)],
                Columns = ["ogc.item.property", "ogc.item.value"],
                Rows = [.. feature.Properties.Select(p => new OgcRow(null, [p.Key, Cell(p.Value)]))],
                Links = [new(self + "?f=json", "alternate", GeoJsonType, "This feature as GeoJSON"), new($"{root}/collections/{collection.Id}/items?f=html", "collection", HtmlType, collection.Title)],
            });
        }

        var geometry = feature.Geometry is null ? null : crs.Value.FromStored(feature.Geometry);
        var links = new[]
        {
            new Link(self + "?f=json", "self", GeoJsonType, "This feature"),
            new Link(self + "?f=html", "alternate", HtmlType, "This feature as HTML"),
            new Link($"{root}/collections/{collection.Id}", "collection", JsonType, collection.Title),
        };
        // Written to memory first: one feature is small, and the response body only takes asynchronous writes.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WriteString("id", feature.Id);
            writer.WritePropertyName("geometry");
            GeoJsonWriter.WriteGeometry(writer, geometry);
            writer.WritePropertyName("properties");
            writer.WriteStartObject();
            foreach (var (name, value) in feature.Properties)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WritePropertyName("links");
            JsonSerializer.Serialize(writer, links, Json);
            writer.WriteEndObject();
        }

        return TypedResults.Bytes(buffer.WrittenMemory.ToArray(), GeoJsonType);
    }

    /// <summary>A collection as /collections and /collections/{id} describe it: extent of what the caller sees, links, CRSs.</summary>
    private static object Describe(string root, CollectionDefinition collection, IReadOnlyList<OgcFeature> features, OgcCrsCatalogue catalogue)
    {
        var envelope = new Envelope();
        foreach (var f in features.Where(f => f.Geometry is { IsEmpty: false }))
        {
            envelope.ExpandToInclude(f.Geometry!.EnvelopeInternal);
        }

        var times = features.Where(f => f.Time is not null).Select(f => f.Time!.Value).ToList();
        var time = times.Count == 0 ? (OgcInterval?)null : times.Aggregate((a, b) => a.Union(b));
        var extent = new Dictionary<string, object>(StringComparer.Ordinal);
        if (!envelope.IsNull)
        {
            extent["spatial"] = new { bbox = new[] { new[] { envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY } }, crs = OgcCrsCatalogue.Crs84Uri };
        }

        if (time is { } t)
        {
            extent["temporal"] = new { interval = new[] { new[] { OgcInterval.Text(t.Start), OgcInterval.Text(t.End) } }, trs = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" };
        }

        var self = $"{root}/collections/{collection.Id}";
        return new
        {
            id = collection.Id,
            title = collection.Title,
            description = collection.Description,
            itemType = "feature",
            extent,
            crs = catalogue.Offered.Select(c => c.Uri),
            storageCrs = OgcCrsCatalogue.Crs84Uri,
            links = new[]
            {
                new Link(self + "?f=json", "self", JsonType, collection.Title),
                new Link(self + "?f=html", "alternate", HtmlType, collection.Title + " as HTML"),
                new Link(self + "/items?f=json", "items", GeoJsonType, "The features as GeoJSON"),
                new Link(self + "/items?f=html", "items", HtmlType, "The features as HTML"),
            },
        };
    }

    private static JsonHttpResult<object> Document(object value) => TypedResults.Json(value, Json, JsonType);

    private static async Task<(OgcReading Reading, OgcCrsCatalogue Catalogue)> ReadingAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var commission = await store.GetCommissionAsync(cancellationToken);
        var registry = await store.CrsRegistryAsync(caller, cancellationToken);
        var request = context.Request;
        var catalogue = OgcCrsCatalogue.For(registry, commission?.DatumTransformation, $"{request.Scheme}://{request.Host}{request.PathBase}/api/crs/");
        return (new OgcReading(store, caller, commission?.DatumTransformation), catalogue);
    }

    private static string RootUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{Root}";

    /// <summary>The same request at another offset and format, every other parameter kept.</summary>
    private static string PageUrl(HttpRequest request, string items, int offset, string format)
    {
        var parameters = request.Query.Where(q => q.Key is not ("offset" or "f"))
            .Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value.ToString()))
            .Append("offset=" + offset.ToString(CultureInfo.InvariantCulture))
            .Append("f=" + format);
        return items + "?" + string.Join("&", parameters);
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    /// <summary>The format asked by <c>f</c>: json (or geojson) and html; anything else is a problem naming <c>f</c>.</summary>
    private static (string? Format, IResult? Problem) Format(HttpContext context)
    {
        var f = context.Request.Query["f"];
        if (f.Count == 0)
        {
            return (null, null);
        }

        return f.ToString() is "json" or "geojson" or "html"
            ? (f.ToString(), null)
            : (null, InputProblems([new InputProblem("f", $"'{f}' is not a format of this service; use f=json or f=html.")]));
    }

    /// <summary>HTML when <c>f=html</c>, or without <c>f</c> when the client accepts text/html (a browser); JSON otherwise (GDAL, QGIS, scripts).</summary>
    private static bool WantsHtml(HttpContext context)
    {
        var f = context.Request.Query["f"];
        if (f.Count > 0)
        {
            return f.ToString() == "html";
        }

        return context.Request.Headers.Accept.Any(a => a is not null && a.Contains(HtmlType, StringComparison.OrdinalIgnoreCase));
    }

    private static ProblemHttpResult NoCollection(string collectionId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not found",
        detail: $"collectionId: there is no collection '{collectionId}'; the collections are {string.Join(", ", PublishedCollections.All.Select(c => c.Id))}.",
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["parameter"] = "collectionId" });

    /// <summary>400 naming the first parameter at fault, with every problem listed.</summary>
    private static ProblemHttpResult InputProblems(IReadOnlyList<InputProblem> problems) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Bad request",
        detail: problems[0].ToString(),
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["parameter"] = problems[0].Source,
            ["problems"] = problems.Select(p => new { parameter = p.Source, message = p.Message }).ToArray(),
        });
}
