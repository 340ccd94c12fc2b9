using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.ReferenceLayers;
using Demarcate.Core.Trust;
using Demarcate.Formats;
using Demarcate.Formats.Import;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Http.Features;
using NetTopologySuite.Geometries;
using static Demarcate.Server.Endpoints.InputProblemResponse;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// The reference layers (settlements, roads, railways, rivers) the commission keeps: list, read, load or replace from
/// an uploaded file, and delete. Thin: reading the file is <see cref="ReferenceLayerImport"/>, every write a store
/// operation with the trust model's checks; a hidden layer answers 404 like a missing one.
/// </summary>
public static class LayerEndpoints
{
    /// <summary>The configuration key of the largest reference-layer upload, in bytes.</summary>
    public const string MaximumLayerBytesKey = "Demarcate:MaximumLayerBytes";

    public static IEndpointRouteBuilder MapLayers(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/layers").RequireAuthorization();
        api.MapGet("", ListAsync).WithName("ListReferenceLayers");
        api.MapGet("/{id}", GetAsync).WithName("GetReferenceLayer");
        api.MapGet("/{id}/features", FeaturesAsync).WithName("GetReferenceLayerFeatures");
        api.MapPost("/{id}", LoadAsync).WithName("LoadReferenceLayer").DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ReferenceLayerImportRequest.DefaultMaximumBytes + (64 * 1024)));
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteReferenceLayer");
        return routes;
    }

    /// <summary>The map's own GeoJSON layers under /api/layers/ (LineEndpoints), which a reference layer may not be named after.</summary>
    private static readonly HashSet<string> ReservedIds = new(["lines", "breaks", "sectors", "settlements"], StringComparer.Ordinal);

    /// <summary>A layer as the API shows it.</summary>
    public sealed record LayerView(string Id, string Title, string Kind, string Source, string Licence, string ReceivedCrs, int Features, int Version, string LoadedBy, DateTimeOffset LoadedAt);

    private static LayerView View(ReferenceLayer l) =>
        new(l.Id, l.Title, l.Kind.ToString().ToLowerInvariant(), l.Source, l.Licence, l.ReceivedCrs, l.FeatureCount, l.Version, l.LoadedBy, l.LoadedAt);

    /// <summary>GET /api/layers: every reference layer the caller sees (commission members see all; others none).</summary>
    private static async Task<IResult> ListAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListReferenceLayersAsync(Callers.Of(context), cancellationToken)).Select(View).ToArray());

    /// <summary>GET /api/layers/{id}: one layer's description.</summary>
    private static async Task<IResult> GetAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await store.GetReferenceLayerAsync(Callers.Of(context), id, cancellationToken) ?? throw new RecordNotFoundException("reference-layer", id)));

    /// <summary>GET /api/layers/{id}/features[?format=geojson|kml][&amp;bbox=minLon,minLat,maxLon,maxLat]: the layer's features on WGS 84.</summary>
    private static async Task<IResult> FeaturesAsync(HttpContext context, ICommissionStore store, string id, string? format, string? bbox, CancellationToken cancellationToken)
    {
        var chosen = format is null ? FeatureFormat.GeoJson : FeatureFormats.Parse(format);
        if (chosen is not { } fileFormat || !ReferenceLayerExport.Formats.Contains(fileFormat))
        {
            return Problems("Unknown format", [new InputProblem("format", $"'{format}' is not geojson or kml")]);
        }

        Envelope? box = null;
        if (bbox is not null)
        {
            var parts = bbox.Split(',');
            var numbers = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
            if (numbers.Length != 4 || numbers.Any(n => !double.IsFinite(n)) || numbers[0] > numbers[2] || numbers[1] > numbers[3])
            {
                return Problems("Bad bbox", [new InputProblem("bbox", $"'{bbox}' is not minLon,minLat,maxLon,maxLat")]);
            }

            box = new Envelope(numbers[0], numbers[2], numbers[1], numbers[3]);
        }

        var features = await store.ReadReferenceFeaturesAsync(Callers.Of(context), id, box, cancellationToken);
        var buffer = new MemoryStream();
        await ReferenceLayerExport.WriteAsync(buffer, fileFormat, id, features, cancellationToken);
        return TypedResults.File(buffer.ToArray(), FeatureFormats.MediaType(fileFormat), $"{id}.{FeatureFormats.Extension(fileFormat)}");
    }

    /// <summary>
    /// POST /api/layers/{id}: loads a reference layer from a multipart form: <c>file</c> (GeoJSON, KML or GeoPackage),
    /// <c>kind</c>, <c>title</c>, <c>source</c>, <c>licence</c>, and optionally <c>crs</c>, <c>axisOrder</c>,
    /// <c>operation</c>, <c>layer</c> (a GeoPackage table) and <c>replace</c> (the version replaced). All or nothing;
    /// bad features are 400 with each problem by file, feature and line; a file over the limit is 413.
    /// </summary>
    private static async Task<IResult> LoadAsync(HttpContext context, ICommissionStore store, IConfiguration configuration, string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        if (!Permissions.MayKeepReferenceLayers(caller))
        {
            throw new NotPermittedException("Reference layers are loaded, replaced and deleted by the editors of a delegation (co-chairs, legal experts, cartographers) and the mediator's advisers.");
        }

        const string title = "The reference layer could not be loaded; nothing was written";
        var limit = configuration.GetValue<long?>(MaximumLayerBytesKey) ?? ReferenceLayerImportRequest.DefaultMaximumBytes;
        if (context.Request.ContentLength > limit + (64 * 1024))
        {
            return Problems(title, [new InputProblem("file", TooLarge(limit))], StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit + (64 * 1024);
        }

        if (!context.Request.HasFormContentType)
        {
            return Problems(title, [new InputProblem("file", "send a multipart form with the file in the field 'file'")]);
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return Problems(title, [new InputProblem("file", TooLarge(limit))], StatusCodes.Status413PayloadTooLarge);
        }

        var read = Describe(id, form);
        if (!read.Success)
        {
            return Problems(title, read.Problems);
        }

        if (form.Files.GetFile("file") is not { } upload)
        {
            return Problems(title, [new InputProblem("file", "the form has no field 'file' with the layer")]);
        }

        var name = Path.GetFileName(upload.FileName);
        var format = Blank(form["format"]) is { } named ? FeatureFormats.Parse(named) : FeatureFormats.FromPath(name);
        if (format is null)
        {
            return Problems(title, [new InputProblem("format", $"{name}: name the format (geojson, kml or gpkg)")]);
        }

        var (layer, axisOrder, replacing) = read.Value;
        ParseResult<(ReferenceLayer Layer, ReferenceLayerImportPlan Plan)> imported;
        await using (var stream = upload.OpenReadStream())
        {
            imported = await ReferenceLayerFileImport.ImportAsync(
                store,
                caller,
                stream,
                layer,
                new ReferenceLayerImportRequest
                {
                    SourceName = name,
                    Format = format.Value,
                    Crs = Blank(form["crs"]),
                    AxisOrder = axisOrder,
                    Operation = Blank(form["operation"]),
                    Layer = Blank(form["layer"]),
                    MaximumBytes = limit,
                },
                replacing,
                cancellationToken);
        }

        if (!imported.Success)
        {
            var status = imported.Problems[0].Message.StartsWith("the file is larger than", StringComparison.Ordinal) ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            return Problems(title, imported.Problems, status);
        }

        return TypedResults.Json(View(imported.Value.Layer), statusCode: replacing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>The layer's description from the form's fields, or what is wrong with them.</summary>
    internal static ParseResult<(ReferenceLayer Layer, AxisOrder? AxisOrder, int? Replacing)> Describe(string id, IFormCollection form)
    {
        var problems = new List<InputProblem>();
        if (!ReferenceLayer.IsValidId(id))
        {
            problems.Add(new InputProblem("id", $"'{id}' cannot name a reference layer: use 1–64 lower-case letters, digits, '-' or '_'"));
        }
        else if (ReservedIds.Contains(id))
        {
            problems.Add(new InputProblem("id", $"'{id}' is the name of the map's own layer at /api/layers/{id}; choose another, e.g. {id}-osm"));
        }

        var kind = ReferenceLayer.ParseKind(form["kind"]);
        if (kind is null)
        {
            problems.Add(new InputProblem("kind", $"'{form["kind"]}' is not settlements, roads, railways, rivers or other"));
        }

        var source = Blank(form["source"]);
        var licence = Blank(form["licence"]);
        if (source is null)
        {
            problems.Add(new InputProblem("source", "say where the data came from"));
        }

        if (licence is null)
        {
            problems.Add(new InputProblem("licence", "state the data's licence and attribution"));
        }

        AxisOrder? order = null;
        if (Blank(form["axisOrder"]) is { } axes)
        {
            var parsed = LineImportRequest.ParseAxisOrder(axes, "axisOrder");
            if (parsed.Success)
            {
                order = parsed.Value;
            }
            else
            {
                problems.AddRange(parsed.Problems);
            }
        }

        int? replacing = null;
        if (Blank(form["replace"]) is { } replace)
        {
            if (int.TryParse(replace, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
            {
                replacing = version;
            }
            else
            {
                problems.Add(new InputProblem("replace", $"'{replace}' is not the version of the layer being replaced"));
            }
        }

        if (problems.Count > 0)
        {
            return ParseResult<(ReferenceLayer, AxisOrder?, int?)>.Failed(problems);
        }

        var layer = new ReferenceLayer(id, Blank(form["title"]) ?? id, kind!.Value) { Source = source!, Licence = licence! };
        return ParseResult<(ReferenceLayer, AxisOrder?, int?)>.Ok((layer, order, replacing));
    }

    /// <summary>DELETE /api/layers/{id}?version=N: deletes the layer at that version (409 when it has moved on).</summary>
    private static async Task<IResult> DeleteAsync(HttpContext context, ICommissionStore store, string id, int? version, CancellationToken cancellationToken)
    {
        if (version is null)
        {
            return Problems("The version is needed", [new InputProblem("version", "name the version being deleted: ?version=N")]);
        }

        await store.DeleteReferenceLayerAsync(Callers.Of(context), id, version.Value, cancellationToken);
        return TypedResults.NoContent();
    }

    private static string TooLarge(long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"the file is larger than the limit of {limit / (1024.0 * 1024):0.##} MiB for a reference layer; nothing was loaded. Cut it to the border region");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
