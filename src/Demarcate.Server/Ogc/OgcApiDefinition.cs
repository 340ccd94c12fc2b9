using System.Text.Json.Nodes;

namespace Demarcate.Server.Ogc;

/// <summary>
/// The OpenAPI 3.0 definition of the OGC API – Features service, written from the collections themselves: each
/// collection's items path lists its own filters, and <c>limit</c> states its default and maximum (GDAL reads them to
/// choose its page size).
/// </summary>
public static class OgcApiDefinition
{
    public static JsonObject Build(string root, IReadOnlyList<CollectionDefinition> collections)
    {
        ArgumentNullException.ThrowIfNull(collections);
        var paths = new JsonObject
        {
            ["/"] = Get("Landing page", "The links to the API definition, the conformance declaration and the collections.", "getLandingPage", [Format()], "application/json"),
            ["/conformance"] = Get("Conformance declaration", "The conformance classes this service implements.", "getConformanceDeclaration", [Format()], "application/json"),
            ["/api"] = Get("API definition", "This document.", "getApiDefinition", [Format()], "application/vnd.oai.openapi+json;version=3.0"),
            ["/collections"] = Get("Collections", "Every collection, with its extent, CRSs and links.", "getCollections", [Format()], "application/json"),
        };
        foreach (var c in collections)
        {
            paths[$"/collections/{c.Id}"] = Get($"{c.Title}: description", c.Description, $"describe-{c.Id}", [Format()], "application/json");
            JsonNode[] parameters =
            [
                Query("limit", "The most features on one page.", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = OgcItemsQuery.MaxLimit, ["default"] = OgcItemsQuery.DefaultLimit }),
                Query("offset", "How many matching features to skip (the next and prev links carry it).", new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["default"] = 0 }),
                new JsonObject
                {
                    ["name"] = "bbox", ["in"] = "query", ["required"] = false, ["style"] = "form", ["explode"] = false,
                    ["description"] = "Only features whose geometry meets this box: lower corner then upper corner, in the axis order of bbox-crs (CRS84: longitude, latitude).",
                    ["schema"] = new JsonObject { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 6, ["items"] = new JsonObject { ["type"] = "number" } },
                },
                Query("bbox-crs", "The CRS of bbox (a URI from the collection's crs list); default CRS84.", new JsonObject { ["type"] = "string", ["format"] = "uri" }),
                Query("crs", "The CRS of the response's coordinates (a URI from the collection's crs list); default CRS84.", new JsonObject { ["type"] = "string", ["format"] = "uri" }),
                Query("datetime", "Only features whose time meets this date-time or interval (RFC 3339; '..' for an open end). Ignored by collections without time.", new JsonObject { ["type"] = "string" }),
                Format(),
                .. c.Queryables.Select(q => Query(q.Name, $"Only features whose {q.Name} equals this ({q.Title}).", new JsonObject { ["type"] = q.Type })),
            ];
            paths[$"/collections/{c.Id}/items"] = Get($"{c.Title}: features", c.Description, $"getFeatures-{c.Id}", parameters, "application/geo+json");
            paths[$"/collections/{c.Id}/items/{{featureId}}"] = Get($"{c.Title}: one feature", "One feature by its id.", $"getFeature-{c.Id}",
                [new JsonObject { ["name"] = "featureId", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } },
                 Query("crs", "The CRS of the response's coordinates.", new JsonObject { ["type"] = "string", ["format"] = "uri" }), Format()],
                "application/geo+json");
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Demarcate — OGC API – Features",
                ["version"] = "1.0.0",
                ["description"] = "The joint border commission's record as OGC API – Features (Part 1 and Part 2). Send an API token as 'Authorization: Bearer dmk_…' or 'X-Api-Key: dmk_…' to see what your account may see; without one, published records only.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = root }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" },
                },
            },
            ["security"] = new JsonArray(new JsonObject(), new JsonObject { ["bearer"] = new JsonArray() }, new JsonObject { ["apiKey"] = new JsonArray() }),
        };
    }

    private static JsonObject Get(string summary, string description, string operationId, IEnumerable<JsonNode> parameters, string mediaType) => new()
    {
        ["get"] = new JsonObject
        {
            ["summary"] = summary,
            ["description"] = description,
            ["operationId"] = operationId,
            ["parameters"] = new JsonArray([.. parameters]),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "The resource.",
                    ["content"] = new JsonObject { [mediaType] = new JsonObject(), ["text/html"] = new JsonObject() },
                },
                ["400"] = Problem("A parameter is wrong; the problem names it."),
                ["404"] = Problem("No such collection or feature (or none the caller may see)."),
            },
        },
    };

    private static JsonObject Problem(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject() },
    };

    private static JsonObject Query(string name, string description, JsonObject schema) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["required"] = false,
        ["description"] = description,
        ["schema"] = schema,
    };

    private static JsonObject Format() => Query("f", "The format: json or html (else by the Accept header).", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "html") });
}
