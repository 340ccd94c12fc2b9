using System.Globalization;
using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats.Comparison;
using Demarcate.Formats.Elevation;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using static Demarcate.Server.Endpoints.InputProblemResponse;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// Planning and field work on the pillar register: a sector's plan (a dry run, or registered as the caller's
/// delegation's draft), submitting that draft, inspections with photos, and status changes. Thin: the planning is
/// <see cref="PillarPlanning"/>, every write a store operation with the trust model's checks.
/// </summary>
public static class PillarFieldworkEndpoints
{
    /// <summary>The largest terrain model accepted with a plan request.</summary>
    public const long MaximumTerrainBytes = 64L * 1024 * 1024;

    /// <summary>The largest photo of an inspection.</summary>
    public const long MaximumPhotoBytes = 8L * 1024 * 1024;

    /// <summary>The largest inspection form (notes and every photo).</summary>
    public const long MaximumInspectionBytes = 32L * 1024 * 1024;

    public static IEndpointRouteBuilder MapPillarFieldwork(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapPost("/sectors/{id}/pillars/plan", PlanAsync).WithName("PlanSectorPillars").RequireAuthorization().DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaximumTerrainBytes + (4L * 1024 * 1024)));
        api.MapPost("/pillars/submit", SubmitAsync).WithName("SubmitPillars").RequireAuthorization();
        api.MapPost("/pillars/{prefix}/{sequence}/inspections", InspectAsync).WithName("AddPillarInspection").RequireAuthorization()
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaximumInspectionBytes + (64 * 1024)));
        api.MapPost("/pillars/{prefix}/{sequence}/status", ChangeStatusAsync).WithName("ChangePillarStatus").RequireAuthorization();
        return routes;
    }

    /// <summary>What a plan request may set; every field optional (the commission's defaults otherwise).</summary>
    public sealed record PlanOptions
    {
        public double? MinTurn { get; init; }

        public double? PrimarySpacing { get; init; }

        public double? SecondarySpacing { get; init; }

        public double? Refraction { get; init; }

        public double? MoveWindow { get; init; }

        /// <summary>GeoJSON (FeatureCollection) of rivers, roads and railways whose crossings get pillars.</summary>
        public JsonElement? Rivers { get; init; }

        public JsonElement? Roads { get; init; }

        public JsonElement? Railways { get; init; }

        /// <summary>Whether the commission's stored rivers, roads and railways layers stand in for the kinds not given here (default true).</summary>
        public bool? UseStoredLayers { get; init; }

        /// <summary>The terrain model's CRS (EPSG:4326 or EPSG:326zz), required for an ASCII grid.</summary>
        public string? TerrainCrs { get; init; }
    }

    /// <summary>A status change: the new status and the version it was read at.</summary>
    public sealed record StatusChange(string? Status, int? Version);

    /// <summary>What a plan request found: the planned pillars with their reasons, and what was registered.</summary>
    public sealed record PlanAnswer(string Sector, double Length, IReadOnlyList<PlanAnswer.Planned> Pillars, IReadOnlyList<string> Notes, IReadOnlyList<string[]> Unsighted, int Registered)
    {
        /// <summary>One planned pillar as the API and the page show it.</summary>
        public sealed record Planned(string Number, string Type, string Reason, double Latitude, double Longitude, double Chainage, double? Height, string? Feature, double Moved, string? MovedFor, bool Known);
    }

    /// <summary>
    /// POST /api/sectors/M-04/pillars/plan[?register=true]: plans the sector's pillars on its line in force with the
    /// options (JSON body, or a multipart form with <c>options</c> as JSON and <c>terrain</c> a GeoTIFF or ASCII grid).
    /// A dry run by default; <c>register=true</c> registers the new pillars as the caller's delegation's draft.
    /// </summary>
    private static async Task<IResult> PlanAsync(HttpContext context, ICommissionStore store, string id, bool? register, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var party = caller.Account?.Party;
        if (party is null || !Permissions.MayPlanPillarsFor(caller, party))
        {
            throw new NotPermittedException("A delegation's co-chairs, legal experts, cartographers and advisers plan their own party's pillars.");
        }

        var read = await ReadPlanRequestAsync(context, cancellationToken);
        if (!read.Success)
        {
            return Problems("The plan request has problems; nothing was planned", read.Problems, read.Problems[0].Message.Contains("larger than", StringComparison.Ordinal) ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
        }

        var (options, terrainUpload) = read.Value;
        var onLine = await store.GetSectorAsync(caller, id, cancellationToken);
        if (onLine?.Geometry is null)
        {
            throw new RecordNotFoundException("sector", id);
        }

        var section = (await store.ListSectionsAsync(caller, cancellationToken)).Single(s => s.Id == onLine.Sector.SectionId);
        var problems = new List<InputProblem>();
        var rules = new PillarPlanRules();
        rules = rules with
        {
            TurningPointMinimumDeflection = options.MinTurn ?? rules.TurningPointMinimumDeflection,
            PrimarySpacing = options.PrimarySpacing ?? rules.PrimarySpacing,
            SecondarySpacing = options.SecondarySpacing ?? rules.SecondarySpacing,
            RefractionCoefficient = options.Refraction ?? rules.RefractionCoefficient,
            MoveWindow = options.MoveWindow ?? rules.MoveWindow,
        };
        problems.AddRange(rules.Check().Select(p => new InputProblem("options", p)));
        var crossings = new List<CrossingFeature>();
        foreach (var (name, layer, kind) in new[] { ("rivers", options.Rivers, CrossingKind.River), ("roads", options.Roads, CrossingKind.Road), ("railways", options.Railways, CrossingKind.Railway) })
        {
            if (layer is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json)
            {
                continue;
            }

            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json.GetRawText()));
            var features = await FeatureLayer.ReadAsync(stream, name, cancellationToken);
            if (!features.Success)
            {
                problems.AddRange(features.Problems);
                continue;
            }

            crossings.AddRange(features.Value.Where(f => f.Geometry is NetTopologySuite.Geometries.ILineal).Select(f => new CrossingFeature(f, kind)));
        }

        if (options.UseStoredLayers != false)
        {
            var fromStore = new[] { (options.Rivers, CrossingKind.River), (options.Roads, CrossingKind.Road), (options.Railways, CrossingKind.Railway) }
                .Where(k => k.Item1 is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined }).Select(k => k.Item2).ToList();
            crossings.AddRange(await ReferenceCrossings.ReadAsync(store, caller, onLine.Geometry, fromStore, cancellationToken));
        }

        ElevationGrid? terrain = null;
        if (terrainUpload is not null)
        {
            int? epsg = null;
            if (options.TerrainCrs is { } code)
            {
                var parsed = CrsCode.Parse(code);
                if (parsed.Success && parsed.Value.Authority == "EPSG" && int.TryParse(parsed.Value.Code, NumberStyles.None, CultureInfo.InvariantCulture, out var e))
                {
                    epsg = e;
                }
                else
                {
                    problems.Add(new InputProblem("terrainCrs", $"'{code}' is not an EPSG code such as EPSG:32638"));
                }
            }

            await using (terrainUpload.Value.Content)
            {
                var grid = await ElevationGridReader.ReadAsync(terrainUpload.Value.Content, terrainUpload.Value.Name, epsg, cancellationToken);
                if (grid.Success)
                {
                    terrain = grid.Value;
                }
                else
                {
                    problems.AddRange(grid.Problems);
                }
            }
        }

        if (problems.Count > 0)
        {
            return Problems("The plan request has problems; nothing was planned", problems, StatusCodes.Status400BadRequest);
        }

        var existing = await store.ListPillarsAsync(caller, id, cancellationToken);
        var line = onLine.Geometry.Geometries.SelectMany(g => g.Coordinates).Select(c => new GeoPoint(c.Y, c.X)).ToList();
        var plan = PillarPlanning.Plan(id, line, section.UtmZone, rules, crossings, terrain, [.. existing.Select(p => new RegisteredPillar(p.Number, p.Type, p.Planned))]);
        var known = existing.Select(p => p.Number).ToHashSet();
        var registered = 0;
        if (register == true)
        {
            var added = plan.Pillars.Where(p => !known.Contains(p.Number))
                .Select(p => Pillar.From(id, p) with { Owner = party, Publication = Publication.Draft })
                .ToList();
            registered = (await store.RegisterPillarsAsync(caller, added, cancellationToken)).Count;
        }

        return TypedResults.Ok(new PlanAnswer(
            id,
            plan.LineLength,
            [.. plan.Pillars.Select(p => new PlanAnswer.Planned(
                p.Number.ToString(), p.Type.ToString(), p.Reason.ToString(), p.Position.Latitude, p.Position.Longitude, p.Chainage, p.Height, p.Feature, p.Moved, p.MovedFor, known.Contains(p.Number)))],
            plan.Notes,
            [.. plan.Unsighted.Select(u => new[] { u.From.ToString(), u.To.ToString() })],
            registered));
    }

    /// <summary>The options and the terrain upload of a plan request, JSON or multipart; problems name the field.</summary>
    private static async Task<ParseResult<(PlanOptions Options, (string Name, Stream Content)? Terrain)>> ReadPlanRequestAsync(HttpContext context, CancellationToken cancellationToken)
    {
        static ParseResult<(PlanOptions, (string, Stream)?)> Failed(string where, string message) => ParseResult<(PlanOptions, (string, Stream)?)>.Failed(new InputProblem(where, message));

        string? json;
        (string, Stream)? terrain = null;
        if (context.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaximumTerrainBytes + (4L * 1024 * 1024) }, cancellationToken);
            }
            catch (InvalidDataException)
            {
                return Failed("terrain", TooLarge("terrain model", MaximumTerrainBytes));
            }

            json = form["options"].FirstOrDefault();
            if (form.Files.GetFile("terrain") is { } upload)
            {
                if (upload.Length > MaximumTerrainBytes)
                {
                    return Failed(upload.FileName, TooLarge("terrain model", MaximumTerrainBytes));
                }

                var copy = new MemoryStream();
                await using (var s = upload.OpenReadStream())
                {
                    await s.CopyToAsync(copy, cancellationToken);
                }

                copy.Position = 0;
                terrain = (Path.GetFileName(upload.FileName), copy);
            }
        }
        else
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            json = await reader.ReadToEndAsync(cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            return ParseResult<(PlanOptions, (string, Stream)?)>.Ok((new PlanOptions(), terrain));
        }

        try
        {
            var options = JsonSerializer.Deserialize<PlanOptions>(json, JsonSerializerOptions.Web) ?? new PlanOptions();
            return ParseResult<(PlanOptions, (string, Stream)?)>.Ok((options, terrain));
        }
        catch (JsonException e)
        {
            return ParseResult<(PlanOptions, (string, Stream)?)>.Failed(new InputProblem("options", "not the plan options as JSON: " + e.Message) { Line = e.LineNumber + 1, Column = e.BytePositionInLine + 1 });
        }
    }

    /// <summary>POST /api/pillars/submit?sector=M-04: the caller's delegation's draft pillars of the sector become its submission.</summary>
    private static async Task<IResult> SubmitAsync(HttpContext context, ICommissionStore store, string? sector, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sector))
        {
            return Problems("Name the sector whose draft pillars are submitted", [new InputProblem("sector", "the query names the sector: ?sector=M-04")], StatusCodes.Status400BadRequest);
        }

        var submitted = await store.SubmitPillarsAsync(Callers.Of(context), sector, cancellationToken);
        return TypedResults.Ok(new { sector, submitted = submitted.Select(p => p.Number.ToString()) });
    }

    /// <summary>
    /// POST /api/pillars/M-04/12/inspections, a multipart form: <c>inspectedOn</c> (yyyy-MM-dd), <c>found</c> (a status),
    /// <c>notes</c>, and any number of <c>photos</c> (JPEG or PNG, each at most 8 MiB).
    /// </summary>
    private static async Task<IResult> InspectAsync(HttpContext context, ICommissionStore store, string prefix, string sequence, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        if (!Permissions.MayRecordSurvey(caller))
        {
            throw new NotPermittedException("The survey teams' cartographers and the mediator's advisers record inspections.");
        }

        const string title = "The inspection has problems; nothing was recorded";
        var number = prefix + "/" + sequence;
        _ = await store.GetPillarAsync(caller, number, cancellationToken) ?? throw new RecordNotFoundException("pillar", number);
        if (!context.Request.HasFormContentType)
        {
            return Problems(title, [new InputProblem("request", "send the inspection as a multipart form (inspectedOn, found, notes, photos)")], StatusCodes.Status400BadRequest);
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaximumInspectionBytes }, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return Problems(title, [new InputProblem("photos", TooLarge("inspection", MaximumInspectionBytes))], StatusCodes.Status413PayloadTooLarge);
        }

        var problems = new List<InputProblem>();
        var date = form["inspectedOn"].FirstOrDefault();
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var inspectedOn))
        {
            problems.Add(new InputProblem("inspectedOn", $"'{date}' is not a date such as 2026-11-24"));
        }

        var found = form["found"].FirstOrDefault();
        if (!Enum.TryParse<PillarStatus>(found, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(found, CultureInfo.InvariantCulture, out _))
        {
            problems.Add(new InputProblem("found", $"'{found}' is not a pillar status ({string.Join(", ", Enum.GetNames<PillarStatus>())})"));
        }

        var photos = new List<PillarPhoto>();
        var index = 0;
        foreach (var file in form.Files.GetFiles("photos"))
        {
            var name = Path.GetFileName(file.FileName);
            if (file.Length > MaximumPhotoBytes)
            {
                problems.Add(new InputProblem(name, TooLarge("photo", MaximumPhotoBytes)) { Feature = index++ });
                continue;
            }

            using var content = new MemoryStream();
            await using (var s = file.OpenReadStream())
            {
                await s.CopyToAsync(content, cancellationToken);
            }

            var bytes = content.ToArray();
            if (PhotoType(bytes) is { } type)
            {
                photos.Add(new PillarPhoto(name, type, bytes));
            }
            else
            {
                problems.Add(new InputProblem(name, "a photo is a JPEG or PNG image; this file is neither") { Feature = index });
            }

            index++;
        }

        if (problems.Count > 0)
        {
            return Problems(title, problems, StatusCodes.Status400BadRequest);
        }

        var recorded = await store.AddInspectionAsync(caller, new PillarInspection(number, inspectedOn, status, form["notes"].FirstOrDefault() ?? "", photos), cancellationToken);
        return TypedResults.Json(
            new { number, inspectedOn = recorded.InspectedOn, found = recorded.Found.ToString(), recorded.Notes, recorded.Inspector, photos = recorded.Photos.Select(p => p.Name) },
            statusCode: StatusCodes.Status201Created);
    }

    /// <summary>POST /api/pillars/M-04/12/status with <c>{"status":"Damaged","version":3}</c>: 409 when the pillar changed since that version.</summary>
    private static async Task<IResult> ChangeStatusAsync(HttpContext context, ICommissionStore store, string prefix, string sequence, StatusChange? change, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var number = prefix + "/" + sequence;
        var problems = new List<InputProblem>();
        if (change?.Status is not { } name || !Enum.TryParse<PillarStatus>(name, ignoreCase: true, out var status) || int.TryParse(name, CultureInfo.InvariantCulture, out _))
        {
            problems.Add(new InputProblem("status", $"'{change?.Status}' is not a pillar status ({string.Join(", ", Enum.GetNames<PillarStatus>())})"));
            status = default;
        }

        if (change?.Version is not { } version)
        {
            problems.Add(new InputProblem("version", "the version the pillar was read at is required"));
            version = 0;
        }

        var pillar = await store.GetPillarAsync(caller, number, cancellationToken) ?? throw new RecordNotFoundException("pillar", number);
        if (!Permissions.MayRecordSurvey(caller))
        {
            throw new NotPermittedException("Survey teams record the statuses they find.");
        }

        if (problems.Count > 0)
        {
            return Problems("The status change has problems; nothing was changed", problems, StatusCodes.Status400BadRequest);
        }

        var changed = await store.ChangePillarAsync(caller, pillar with { Status = status }, version, cancellationToken);
        return TypedResults.Ok(new { number, status = changed.Status.ToString(), version = changed.Version });
    }

    /// <summary>The content type a photo's first bytes show, JPEG or PNG; null for anything else.</summary>
    private static string? PhotoType(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;

    private static string TooLarge(string what, long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"the {what} is larger than the limit of {limit / (1024.0 * 1024):0.##} MiB");
}
