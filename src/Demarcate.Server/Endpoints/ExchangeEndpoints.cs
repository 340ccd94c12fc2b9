using System.Globalization;
using Demarcate.Core;
using Demarcate.Formats;
using Demarcate.Formats.Exchange;
using Demarcate.Formats.Import;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Http.Features;
using static Demarcate.Server.Endpoints.InputProblemResponse;

namespace Demarcate.Server.Endpoints;

/// <summary>The commission's dataset for QGIS, Google Earth and spreadsheets, and a delegation's lines back from them.</summary>
public static class ExchangeEndpoints
{
    /// <summary>The configuration key of the largest dataset import accepted, in bytes (default 256 MiB).</summary>
    public const string MaximumImportBytesKey = "Demarcate:MaximumImportBytes";

    public static IEndpointRouteBuilder MapExchange(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/export", ExportAsync).WithName("ExportDataset");
        api.MapPost("/import", ImportAsync).WithName("ImportDataset").RequireAuthorization().DisableAntiforgery();
        return routes;
    }

    /// <summary>
    /// Everything the caller may see (or one <c>section</c> or <c>sector</c>) as a download: <c>format</c> gpkg, geojson
    /// (the default), kml or csv (a zip of one CSV per layer).
    /// </summary>
    private static async Task<IResult> ExportAsync(HttpContext context, ICommissionStore store, string? format, string? section, string? sector, CancellationToken cancellationToken)
    {
        var chosen = FeatureFormats.Parse(format ?? "geojson");
        if (chosen is null || !DatasetWriter.Formats.Contains(chosen.Value))
        {
            return Problems("The dataset could not be exported", [new InputProblem("format", $"'{format}' is not a dataset format: write gpkg, geojson, kml or csv")]);
        }

        var dataset = await DatasetExchange.ExportAsync(store, Callers.Of(context), new DatasetScope(Blank(section), Blank(sector)), cancellationToken);
        if (!dataset.Success)
        {
            return Problems("The dataset could not be exported", dataset.Problems);
        }

        using var buffer = new MemoryStream();
        await DatasetWriter.WriteAsync(buffer, dataset.Value, chosen.Value, cancellationToken);
        var name = "demarcate" + (Blank(sector) is { } s ? "-" + s : Blank(section) is { } c ? "-" + c : "") + "." + DatasetWriter.Extension(chosen.Value);
        return TypedResults.File(buffer.ToArray(), DatasetWriter.MediaType(chosen.Value), name);
    }

    /// <summary>
    /// A delegation imports the lines of a dataset file as its drafts: a multipart form with the file in the field
    /// <c>file</c>, or the file as the body named by <c>?file=</c> (gpkg, geojson, kml or csv zip, told by its name or by
    /// <c>format</c>). All or nothing; a file over the limit is refused with 413.
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpContext context, ICommissionStore store, IConfiguration configuration, string? format, string? file, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var owner = caller.Account?.Party ?? throw new NotPermittedException("Sign in as a member of a delegation to import lines.");
        var limit = configuration.GetValue<long?>(MaximumImportBytesKey) ?? LineImportRequest.DefaultMaximumBytes;
        const string title = "The dataset could not be imported; nothing was written";
        if (context.Request.ContentLength > limit + (64 * 1024))
        {
            return Problems(title, [new InputProblem("file", TooLarge(limit))], StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit + (64 * 1024);
        }

        // A browser sends a form; a script may send the file itself as the body, naming it with ?file=.
        Stream body;
        string name;
        if (context.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
            }
            catch (InvalidDataException)
            {
                return Problems(title, [new InputProblem("file", TooLarge(limit))], StatusCodes.Status413PayloadTooLarge);
            }

            if (form.Files.GetFile("file") is not { } upload)
            {
                return Problems(title, [new InputProblem("file", "the form has no field 'file' with the dataset")]);
            }

            if (upload.Length > limit)
            {
                return Problems(title, [new InputProblem(upload.FileName, TooLarge(limit))], StatusCodes.Status413PayloadTooLarge);
            }

            name = Path.GetFileName(upload.FileName);
            body = upload.OpenReadStream();
        }
        else
        {
            name = string.IsNullOrWhiteSpace(file) ? "request body" : Path.GetFileName(file);
            body = context.Request.Body;
        }

        var chosen = format is not null ? FeatureFormats.Parse(format) : name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? FeatureFormat.Csv : FeatureFormats.FromPath(name);
        if (chosen is null)
        {
            await body.DisposeAsync();
            return Problems(title, [new InputProblem("format", "name the format: ?format=gpkg, geojson, kml or csv (a zip of CSV files)")]);
        }

        ParseResult<ExchangeDataset> read;
        await using (body)
        {
            read = await DatasetReader.ReadAsync(body, name, chosen.Value, limit, cancellationToken);
        }

        if (!read.Success && read.Problems[0].Message.StartsWith("the file is larger than the import limit", StringComparison.Ordinal))
        {
            return Problems(title, read.Problems, StatusCodes.Status413PayloadTooLarge);
        }

        if (!read.Success)
        {
            return Problems(title, read.Problems);
        }

        var result = await DatasetExchange.ImportAsync(store, caller, read.Value, name, owner, cancellationToken);
        if (!result.Success)
        {
            return Problems(title, result.Problems);
        }

        return TypedResults.Json(
            new { imported = result.Value.LineIds.Count, owner = owner.Value, lines = result.Value.LineIds, notImported = result.Value.NotImported },
            statusCode: StatusCodes.Status201Created);
    }

    private static string TooLarge(long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"the file is larger than the import limit of {limit / (1024.0 * 1024):0.##} MiB; nothing was imported. Export one section or sector instead");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
