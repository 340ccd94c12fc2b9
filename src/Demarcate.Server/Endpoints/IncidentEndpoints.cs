using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Monitoring;
using Demarcate.Formats.Incidents;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using static Demarcate.Server.Endpoints.InputProblemResponse;

namespace Demarcate.Server.Endpoints;

/// <summary>Border incidents: the list the caller may see with filters, one incident, manual entry, ACLED imports, merges, submission, export.</summary>
public static class IncidentEndpoints
{
    /// <summary>The largest incident file or attachment accepted in one request.</summary>
    public const long MaximumFileBytes = 16L * 1024 * 1024;

    /// <summary>A report entered by hand (the web form's map click gives latitude and longitude).</summary>
    public sealed record ReportRequest(
        string? Date,
        int? TimePrecision,
        string? Type,
        double? Latitude,
        double? Longitude,
        int? GeoPrecision,
        string? Place,
        string? Region,
        string? Actor1,
        string? Actor2,
        string? Source,
        string? Reference,
        int? Fatalities,
        int? Injuries,
        string? Notes);

    public sealed record MergeRequest(string[]? Ids);

    /// <summary>An attribution run: against the line in force, or a named reference line; within a distance (default 20 km).</summary>
    public sealed record AttributeRequest(string? ReferenceLineId, double? MaxDistanceMetres);

    public sealed record VersionRequest(int Version);

    public sealed record VerifyRequest(string? Status, int Version);

    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/incidents");
        api.MapGet("", ListAsync).WithName("ListIncidents");
        api.MapGet("/export", ExportAsync).WithName("ExportIncidents");
        api.MapGet("/escalation", EscalationAsync).WithName("IncidentEscalation");
        api.MapGet("/{id}", GetAsync).WithName("GetIncident");
        api.MapGet("/{id}/attachments/{name}", GetAttachmentAsync).WithName("GetIncidentAttachment");
        api.MapPost("", ReportAsync).WithName("ReportIncident").RequireAuthorization();
        api.MapPost("/import", ImportAsync).WithName("ImportIncidents").RequireAuthorization()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaximumFileBytes));
        api.MapPost("/attribute", AttributeAsync).WithName("AttributeIncidents").RequireAuthorization();
        api.MapPost("/merge", MergeAsync).WithName("MergeIncidents").RequireAuthorization();
        api.MapPost("/{id}/unmerge", UnmergeAsync).WithName("UnmergeIncident").RequireAuthorization();
        api.MapPost("/{id}/submit", SubmitAsync).WithName("SubmitIncident").RequireAuthorization();
        api.MapPost("/{id}/verify", VerifyAsync).WithName("VerifyIncident").RequireAuthorization();
        api.MapPost("/{id}/attachments", AttachAsync).WithName("AttachToIncident").RequireAuthorization()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaximumFileBytes));
        return routes;
    }

    /// <summary>GET /api/incidents[?sector=&amp;type=&amp;from=&amp;to=&amp;verification=&amp;party=&amp;merged=true]: the incidents the caller may see, oldest first.</summary>
    private static async Task<IResult> ListAsync(
        HttpContext context, ICommissionStore store, string? sector, string? type, string? from, string? to, string? verification, string? party, bool? merged, CancellationToken cancellationToken)
    {
        var filter = IncidentFilter.Parse(sector, type, from, to, verification, party, merged == true);
        if (!filter.Success)
        {
            return Problems("The filter is not understood", filter.Problems, StatusCodes.Status400BadRequest);
        }

        var incidents = await store.ListIncidentsAsync(Callers.Of(context), filter.Value, cancellationToken);
        return TypedResults.Ok(incidents.Select(Describe));
    }

    /// <summary>GET /api/incidents/{id}: one incident with its history and attachment names.</summary>
    private static async Task<IResult> GetAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var incident = await store.GetIncidentAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("incident", id);
        var history = await store.ListIncidentHistoryAsync(caller, id, cancellationToken);
        var attachments = await store.ListIncidentAttachmentsAsync(caller, id, cancellationToken);
        return TypedResults.Ok(new
        {
            incident = Describe(incident),
            history = history.Select(h => new { h.Sequence, h.At, h.Actor, h.Action, h.Snapshot }),
            attachments = attachments.Select(a => new { a.Name, a.ContentType, length = a.Content.Length }),
        });
    }

    private static async Task<IResult> GetAttachmentAsync(HttpContext context, ICommissionStore store, string id, string name, CancellationToken cancellationToken)
    {
        var attachment = (await store.ListIncidentAttachmentsAsync(Callers.Of(context), id, cancellationToken)).FirstOrDefault(a => a.Name == name)
            ?? throw new RecordNotFoundException("incident attachment", id + "/" + name);
        return TypedResults.File(attachment.Content, attachment.ContentType, attachment.Name);
    }

    /// <summary>GET /api/incidents/export?format=csv|geojson (and the list's filters): ACLED's columns, or GeoJSON points with the same properties.</summary>
    private static async Task<IResult> ExportAsync(
        HttpContext context, ICommissionStore store, string? format, string? sector, string? type, string? from, string? to, string? verification, string? party, CancellationToken cancellationToken)
    {
        var filter = IncidentFilter.Parse(sector, type, from, to, verification, party);
        if (!filter.Success)
        {
            return Problems("The filter is not understood", filter.Problems, StatusCodes.Status400BadRequest);
        }

        var geoJson = string.Equals(format, "geojson", StringComparison.OrdinalIgnoreCase);
        if (!geoJson && format is not null && !string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return Problems("Unknown export format", [new InputProblem("format", $"'{format}' is not csv or geojson")], StatusCodes.Status400BadRequest);
        }

        var incidents = await store.ListIncidentsAsync(Callers.Of(context), filter.Value, cancellationToken);
        var buffer = new MemoryStream();
        if (geoJson)
        {
            await IncidentFileWriter.WriteGeoJsonAsync(buffer, incidents, cancellationToken);
        }
        else
        {
            await IncidentFileWriter.WriteCsvAsync(buffer, incidents, cancellationToken);
        }

        return TypedResults.File(buffer.ToArray(), geoJson ? "application/geo+json" : "text/csv; charset=utf-8", geoJson ? "incidents.geojson" : "incidents.csv");
    }

    /// <summary>
    /// GET /api/incidents/escalation[?asOf=yyyy-mm-dd&amp;sector=]: every sector's level, baseline, CUSUM design, daily and weekly
    /// series, and the alerts, from the incidents the caller sees; as of today (UTC) unless asOf is given.
    /// </summary>
    private static async Task<IResult> EscalationAsync(
        HttpContext context, ICommissionStore store, TimeProvider clock, string? asOf, string? sector, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!string.IsNullOrWhiteSpace(asOf) && !DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Problems("The as-of day is not understood", [new InputProblem("asOf", $"'{asOf}' is not a date yyyy-mm-dd")], StatusCodes.Status400BadRequest);
        }

        var report = await store.AssessEscalationAsync(Callers.Of(context), day, cancellationToken);
        if (sector is not null && report.Sectors.All(s => s.SectorId != sector))
        {
            throw new RecordNotFoundException("sector", sector);
        }

        return TypedResults.Ok(IncidentEscalationReading.Describe(report, sector));
    }

    /// <summary>
    /// POST /api/incidents/attribute {"referenceLineId"?, "maxDistanceMetres"?}: attributes every incident the caller sees to its nearest
    /// sector with distance and side (monitors, the mediator's advisers); answers how many were attributed.
    /// </summary>
    private static async Task<IResult> AttributeAsync(HttpContext context, ICommissionStore store, AttributeRequest? request, CancellationToken cancellationToken)
    {
        var distance = request?.MaxDistanceMetres ?? AttributionOptions.DefaultMaxDistanceMetres;
        if (!double.IsFinite(distance) || distance <= 0)
        {
            return Problems("The attribution distance is not understood", [new InputProblem("maxDistanceMetres", $"{distance} is not a positive number of metres")], StatusCodes.Status400BadRequest);
        }

        var run = await store.AttributeIncidentsAsync(Callers.Of(context), string.IsNullOrWhiteSpace(request?.ReferenceLineId) ? null : request.ReferenceLineId, distance, null, cancellationToken);
        return TypedResults.Ok(new { incidents = run.Incidents, attributed = run.Attributed, referenceLineId = run.ReferenceLineId, maxDistanceMetres = run.MaxDistanceMetres });
    }

    /// <summary>POST /api/incidents: one report entered by hand; 201 with the recorded incident, 422 naming every bad field.</summary>
    private static async Task<IResult> ReportAsync(HttpContext context, ICommissionStore store, ReportRequest request, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var report = await ReadReportAsync(store, caller, request, cancellationToken);
        if (!report.Success)
        {
            return Problems("The report has problems; nothing was recorded", report.Problems, StatusCodes.Status422UnprocessableEntity);
        }

        var added = (await store.ReportIncidentsAsync(caller, [report.Value], cancellationToken)).Single();
        return TypedResults.Created($"/api/incidents/{added.Id}", Describe(added));
    }

    /// <summary>Reads a hand-entered report into the record's terms, with the same checks as a file's rows.</summary>
    public static async Task<ParseResult<Incident>> ReadReportAsync(ICommissionStore store, Caller caller, ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        string Text(object? value) => value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        var cells = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["event_id_cnty"] = Text(request.Reference),
            ["event_date"] = Text(request.Date),
            ["time_precision"] = Text(request.TimePrecision),
            ["sub_event_type"] = Text(request.Type),
            ["latitude"] = Text(request.Latitude),
            ["longitude"] = Text(request.Longitude),
            ["geo_precision"] = Text(request.GeoPrecision),
            ["location"] = Text(request.Place),
            ["admin1"] = Text(request.Region),
            ["actor1"] = Text(request.Actor1),
            ["actor2"] = Text(request.Actor2),
            ["source"] = Text(request.Source),
            ["fatalities"] = Text(request.Fatalities),
            ["injuries"] = Text(request.Injuries),
            ["notes"] = Text(request.Notes),
        };
        var options = new IncidentReadOptions(await IncidentImport.AreaAsync(store, caller, cancellationToken), caller.Account?.Party, DateOnly.FromDateTime(DateTime.UtcNow));
        return IncidentFileReader.ReadOne(cells, "report", options);
    }

    /// <summary>
    /// POST /api/incidents/import?format=csv|geojson[&amp;accept=valid][&amp;dryRun=true] with the file as the body. Rows with problems
    /// answer 422 with every problem and nothing recorded, unless <c>accept=valid</c> records the valid rows (in one transaction).
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpContext context, ICommissionStore store, string? format, string? file, string? accept, bool? dryRun, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        if (!IncidentRules.MayReportFor(caller, caller.Account?.Party))
        {
            throw new NotPermittedException("Monitors, the mediator's team and a delegation's co-chairs, legal experts and cartographers import incident reports.");
        }

        var geoJson = string.Equals(format, "geojson", StringComparison.OrdinalIgnoreCase)
            || (format is null && context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);
        var outcome = await IncidentImport.ImportAsync(
            store, caller, context.Request.Body, file ?? "request body", geoJson, string.Equals(accept, "valid", StringComparison.OrdinalIgnoreCase), dryRun == true, cancellationToken);
        if (outcome.Refused)
        {
            return Problems("The file has rows with problems; nothing was recorded (accept=valid records the valid rows)", outcome.Problems, StatusCodes.Status422UnprocessableEntity);
        }

        return TypedResults.Ok(new
        {
            rows = outcome.RowsRead,
            valid = outcome.ValidRows,
            recorded = outcome.Recorded.Count,
            incidents = outcome.Recorded.Select(i => i.Id),
            skipped = outcome.Problems.Select(p => new { line = p.Line, feature = p.Feature, reason = p.Message }),
        });
    }

    private static async Task<IResult> MergeAsync(HttpContext context, ICommissionStore store, MergeRequest request, CancellationToken cancellationToken)
    {
        var merged = await store.MergeIncidentsAsync(Callers.Of(context), request.Ids ?? [], cancellationToken);
        return TypedResults.Ok(Describe(merged));
    }

    private static async Task<IResult> UnmergeAsync(HttpContext context, ICommissionStore store, string id, VersionRequest request, CancellationToken cancellationToken)
    {
        var restored = await store.UnmergeIncidentAsync(Callers.Of(context), id, request.Version, cancellationToken);
        return TypedResults.Ok(restored.Select(Describe));
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, ICommissionStore store, string id, VersionRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await store.SubmitIncidentAsync(Callers.Of(context), id, request.Version, cancellationToken)));

    private static async Task<IResult> VerifyAsync(HttpContext context, ICommissionStore store, string id, VerifyRequest request, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<VerificationStatus>(request.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status))
        {
            return Problems("Unknown verification status", [new InputProblem("status", $"'{request.Status}' is not one of {string.Join(", ", Enum.GetNames<VerificationStatus>())}")], StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(Describe(await store.VerifyIncidentAsync(Callers.Of(context), id, status, request.Version, cancellationToken)));
    }

    /// <summary>POST /api/incidents/{id}/attachments?name=photo.jpg with the file as the body (its Content-Type kept).</summary>
    private static async Task<IResult> AttachAsync(HttpContext context, ICommissionStore store, string id, string? name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0)
        {
            return Problems("An attachment needs a file name", [new InputProblem("name", "give ?name=file.ext (no folders)")], StatusCodes.Status400BadRequest);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        await store.AttachToIncidentAsync(Callers.Of(context), id, new IncidentAttachment(name, context.Request.ContentType ?? "application/octet-stream", buffer.ToArray()), cancellationToken);
        return TypedResults.Created($"/api/incidents/{id}/attachments/{Uri.EscapeDataString(name)}", new { name });
    }

    /// <summary>An incident as the API shows it.</summary>
    public static object Describe(Incident i) => new
    {
        id = i.Id,
        date = i.Date.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        timePrecision = i.Date.Precision.ToString(),
        from = i.Date.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        to = i.Date.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        type = i.Type.ToString(),
        eventType = i.TypeName.EventType,
        subEventType = i.TypeName.SubEventType,
        latitude = i.Location.Point.Latitude,
        longitude = i.Location.Point.Longitude,
        geoPrecision = i.Location.Precision.ToString(),
        place = i.Location.Place,
        region = i.Location.Region,
        actor1 = i.Actor1,
        actor2 = i.Actor2,
        reportingParty = i.ReportingParty?.Value,
        sources = i.Sources.Select(s => new { name = s.Name, reference = s.Reference, party = s.Party?.Value, fatalities = s.Fatalities, injuries = s.Injuries }),
        fatalities = i.Fatalities,
        injuries = i.Injuries,
        verification = i.Verification.ToString(),
        notes = i.Notes,
        publication = i.Publication.ToString(),
        version = i.Version,
        mergedInto = i.MergedInto,
        mergedFrom = i.MergedFrom,
        attribution = i.Attribution is { } a
            ? new { sector = a.SectorId, distance = a.DistanceMetres, side = a.SideParty?.Value, referenceLine = a.ReferenceLineId, at = a.AttributedAt }
            : null,
    };
}
