using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using Demarcate.Formats.GeoJson;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Endpoints;

/// <summary>The commission's proceedings: proposals per sector, sessions and their decisions, documents with versions.</summary>
public static class ProceedingsEndpoints
{
    public sealed record VersionRequest(int Version);

    public sealed record ParticipantRequest(string? Name, string? Party, string? Account);

    public sealed record AgendaItemRequest(string? Title, string[]? Sectors);

    public sealed record SessionRequest(DateOnly Date, string? Place, string? Status, ParticipantRequest[]? Participants, AgendaItemRequest[]? Agenda, int? Version);

    public sealed record DecisionRequest(string[]? Sectors, string? Text, string? Proposal, string? Status, IReadOnlyDictionary<string, int>? SectorVersions);

    public sealed record DocumentRequest(string? Kind, string? Title, string? Session, string[]? Sectors, string? ContentType, string? Text, string? ContentBase64);

    public sealed record PublicationRequest(string? Publication, int Version);

    public static IEndpointRouteBuilder MapProceedings(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/sectors/{id}/proposals", ListProposalsAsync).WithName("ListProposals");
        api.MapPost("/sectors/{id}/proposals", DraftProposalAsync).WithName("DraftProposal").RequireAuthorization();
        api.MapGet("/proposals/{id}", GetProposalAsync).WithName("GetProposal");
        api.MapPost("/proposals/{id}/submit", SubmitProposalAsync).WithName("SubmitProposal").RequireAuthorization();
        api.MapPost("/proposals/{id}/withdraw", WithdrawProposalAsync).WithName("WithdrawProposal").RequireAuthorization();
        api.MapGet("/sectors/{id}/decisions", ListSectorDecisionsAsync).WithName("ListSectorDecisions");

        api.MapGet("/sessions", ListSessionsAsync).WithName("ListSessions");
        api.MapPost("/sessions", PlanSessionAsync).WithName("PlanSession").RequireAuthorization();
        api.MapGet("/sessions/{id}", GetSessionAsync).WithName("GetSession");
        api.MapPut("/sessions/{id}", ReviseSessionAsync).WithName("ReviseSession").RequireAuthorization();
        api.MapPost("/sessions/{id}/decisions", RecordDecisionAsync).WithName("RecordDecision").RequireAuthorization();

        api.MapGet("/documents", ListDocumentsAsync).WithName("ListDocuments");
        api.MapPost("/documents", AddDocumentAsync).WithName("AddDocument").RequireAuthorization();
        api.MapGet("/documents/{id}", GetDocumentAsync).WithName("GetDocument");
        api.MapPost("/documents/{id}/versions", AddDocumentVersionAsync).WithName("AddDocumentVersion").RequireAuthorization();
        api.MapGet("/documents/{id}/versions/{number:int}", DownloadDocumentVersionAsync).WithName("DownloadDocumentVersion");
        api.MapPost("/documents/{id}/publication", ChangeDocumentPublicationAsync).WithName("ChangeDocumentPublication").RequireAuthorization();
        return routes;
    }

    // ---- proposals ----

    private static async Task<IResult> ListProposalsAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListProposalsAsync(Callers.Of(context), id, cancellationToken)).Select(Describe));

    private static async Task<IResult> GetProposalAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await store.GetProposalAsync(Callers.Of(context), id, cancellationToken) ?? throw new RecordNotFoundException("proposal", id)));

    /// <summary>
    /// Drafts a proposal: a GeoJSON Feature with properties <c>title</c>, <c>text</c>, optional <c>lines</c>
    /// (ids of lines put forward) and <c>answers</c> (the proposal it counters); its geometry, a (Multi)LineString
    /// in WGS 84, or null when the proposal puts forward lines only.
    /// </summary>
    private static async Task<IResult> DraftProposalAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var read = await GeoJsonReader.ReadAllAsync(context.Request.Body, "request body", cancellationToken);
        if (!read.Success || read.Value.Count != 1)
        {
            return Unreadable("The proposal could not be read", read.Success ? "send exactly one Feature" : read.Problems[0].ToString());
        }

        var feature = read.Value[0];
        string? Text(string name) => feature.Properties.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        MultiLineString? geometry = feature.Geometry switch
        {
            null => null,
            MultiLineString m => m,
            LineString l => factory.CreateMultiLineString([l]),
            _ => null,
        };
        if (feature.Geometry is not null && geometry is null)
        {
            return Unreadable("The proposal could not be read", "a proposal's geometry is a LineString or MultiLineString, or null");
        }

        var lines = new List<string>();
        if (feature.Properties.TryGetValue("lines", out var named))
        {
            if (named.ValueKind != JsonValueKind.Array || named.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                return Unreadable("The proposal could not be read", "\"lines\" is an array of line ids");
            }

            lines.AddRange(named.EnumerateArray().Select(e => e.GetString()!));
        }

        var draft = new ProposalDraft(id, Text("title") ?? "", Text("text") ?? "") { AnswersId = Text("answers"), LineIds = lines, Geometry = geometry };
        var proposal = await store.DraftProposalAsync(Callers.Of(context), draft, cancellationToken);
        return TypedResults.Created($"/api/proposals/{proposal.Id}", Describe(proposal));
    }

    private static async Task<IResult> SubmitProposalAsync(HttpContext context, ICommissionStore store, string id, VersionRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await store.SubmitProposalAsync(Callers.Of(context), id, request.Version, cancellationToken)));

    private static async Task<IResult> WithdrawProposalAsync(HttpContext context, ICommissionStore store, string id, VersionRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await store.WithdrawProposalAsync(Callers.Of(context), id, request.Version, cancellationToken)));

    private static object Describe(Proposal p) => new
    {
        id = p.Id,
        sector = p.SectorId,
        owner = p.Owner.Value,
        answers = p.AnswersId,
        title = p.Title,
        text = p.Text,
        lines = p.LineIds,
        geometry = p.Geometry is null ? (JsonElement?)null : JsonDocument.Parse(GeoJsonWriter.WriteGeometry(p.Geometry)).RootElement,
        publication = p.Publication.ToString(),
        withdrawn = p.IsWithdrawn,
        version = p.Version,
        proposedBy = p.ProposedBy,
        createdAt = p.CreatedAt,
        submittedAt = p.SubmittedAt,
    };

    // ---- sessions and decisions ----

    private static async Task<IResult> ListSessionsAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListSessionsAsync(Callers.Of(context), cancellationToken)).Select(s => Describe(s, null)));

    private static async Task<IResult> GetSessionAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        var session = await store.GetSessionAsync(caller, id, cancellationToken) ?? throw new RecordNotFoundException("session", id);
        return TypedResults.Ok(Describe(session, await store.ListDecisionsAsync(caller, id, null, cancellationToken)));
    }

    /// <summary>Plans a session: <c>{date, place, status?, participants: [{name, party?, account?}], agenda: [{title, sectors?}]}</c>.</summary>
    private static async Task<IResult> PlanSessionAsync(HttpContext context, ICommissionStore store, SessionRequest request, CancellationToken cancellationToken)
    {
        if (ReadSession(request) is not { } draft)
        {
            return UnknownStatus<SessionStatus>();
        }

        var session = await store.PlanSessionAsync(Callers.Of(context), draft, cancellationToken);
        return TypedResults.Created($"/api/sessions/{session.Id}", Describe(session, []));
    }

    /// <summary>Revises a session as a whole (the same body as planning it, with the <c>version</c> read).</summary>
    private static async Task<IResult> ReviseSessionAsync(HttpContext context, ICommissionStore store, string id, SessionRequest request, CancellationToken cancellationToken)
    {
        if (ReadSession(request) is not { } draft)
        {
            return UnknownStatus<SessionStatus>();
        }

        if (request.Version is not { } version)
        {
            return Unreadable("The session could not be read", "give the \"version\" of the session you read");
        }

        return TypedResults.Ok(Describe(await store.ReviseSessionAsync(Callers.Of(context), id, version, draft, cancellationToken), null));
    }

    /// <summary>
    /// Records a decision at a held session: <c>{sectors, text, proposal?, status?, sectorVersions?}</c>; with
    /// <c>status</c>, every sector moves there through the workflow, each at the version given in <c>sectorVersions</c>.
    /// </summary>
    private static async Task<IResult> RecordDecisionAsync(HttpContext context, ICommissionStore store, string id, DecisionRequest request, CancellationToken cancellationToken)
    {
        SectorStatus? status = null;
        if (request.Status is not null)
        {
            if (!Enum.TryParse<SectorStatus>(request.Status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return UnknownStatus<SectorStatus>();
            }

            status = parsed;
        }

        var draft = new DecisionDraft(id, request.Sectors ?? [], request.Text ?? "")
        {
            ProposalId = request.Proposal,
            NewStatus = status,
            SectorVersions = request.SectorVersions ?? new Dictionary<string, int>(StringComparer.Ordinal),
        };
        var decision = await store.RecordDecisionAsync(Callers.Of(context), draft, cancellationToken);
        return TypedResults.Created($"/api/sessions/{id}", Describe(decision));
    }

    private static async Task<IResult> ListSectorDecisionsAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListDecisionsAsync(Callers.Of(context), null, id, cancellationToken)).Select(Describe));

    private static SessionDraft? ReadSession(SessionRequest request)
    {
        var status = SessionStatus.Planned;
        if (request.Status is not null && (!Enum.TryParse(request.Status, ignoreCase: true, out status) || !Enum.IsDefined(status)))
        {
            return null;
        }

        return new SessionDraft(request.Date, request.Place ?? "")
        {
            Status = status,
            Participants = [.. (request.Participants ?? []).Select(p => new Participant(p.Name ?? "", string.IsNullOrWhiteSpace(p.Party) ? null : new PartyCode(p.Party.Trim()), p.Account))],
            Agenda = [.. (request.Agenda ?? []).Select(a => new AgendaItem(a.Title ?? "", a.Sectors ?? []))],
        };
    }

    private static object Describe(CommissionSession s, IReadOnlyList<Decision>? decisions) => new
    {
        id = s.Id,
        date = s.Date,
        place = s.Place,
        status = s.Status.ToString(),
        participants = s.Participants.Select(p => new { name = p.Name, party = p.Party?.Value, account = p.AccountId }),
        agenda = s.Agenda.Select((a, i) => new { position = i + 1, title = a.Title, sectors = a.SectorIds }),
        version = s.Version,
        createdBy = s.CreatedBy,
        createdAt = s.CreatedAt,
        decisions = decisions?.Select(Describe),
    };

    private static object Describe(Decision d) => new
    {
        id = d.Id,
        session = d.SessionId,
        sectors = d.SectorIds,
        proposal = d.ProposalId,
        text = d.Text,
        newStatus = d.NewStatus?.ToString(),
        decidedBy = d.DecidedBy,
        decidedAt = d.DecidedAt,
    };

    // ---- documents ----

    private static async Task<IResult> ListDocumentsAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListDocumentsAsync(Callers.Of(context), cancellationToken)).Select(Describe));

    private static async Task<IResult> GetDocumentAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await store.GetDocumentAsync(Callers.Of(context), id, cancellationToken) ?? throw new RecordNotFoundException("document", id)));

    /// <summary>
    /// Adds a document with its first version: <c>{kind, title, session?, sectors?, contentType?, text | contentBase64}</c>.
    /// Later versions (any file) are posted as they are to <c>/api/documents/{id}/versions</c>.
    /// </summary>
    private static async Task<IResult> AddDocumentAsync(HttpContext context, ICommissionStore store, DocumentRequest request, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<DocumentKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return Unreadable("Unknown document kind", $"Kind must be one of: {string.Join(", ", Enum.GetNames<DocumentKind>())}.");
        }

        DocumentContent content;
        if (request.ContentBase64 is { } base64)
        {
            var bytes = new byte[base64.Length];
            if (!Convert.TryFromBase64String(base64, bytes, out var written))
            {
                return Unreadable("The document could not be read", "\"contentBase64\" is not base64");
            }

            content = new DocumentContent(request.ContentType ?? "application/octet-stream", bytes.AsMemory(0, written));
        }
        else
        {
            content = new DocumentContent(request.ContentType ?? "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(request.Text ?? ""));
        }

        var draft = new DocumentDraft(kind, request.Title ?? "") { SessionId = request.Session, SectorIds = request.Sectors ?? [] };
        var document = await store.AddDocumentAsync(Callers.Of(context), draft, content, cancellationToken);
        return TypedResults.Created($"/api/documents/{document.Id}", Describe(document));
    }

    /// <summary>A new version: the request body is the file as it is, its Content-Type the version's; <c>?version=</c> the document version read.</summary>
    private static async Task<IResult> AddDocumentVersionAsync(HttpContext context, ICommissionStore store, string id, int version, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        var content = new DocumentContent(context.Request.ContentType ?? "", buffer.ToArray());
        var document = await store.AddDocumentVersionAsync(Callers.Of(context), id, version, content, cancellationToken);
        return TypedResults.Created($"/api/documents/{id}/versions/{document.Versions[^1].Number}", Describe(document));
    }

    /// <summary>
    /// Downloads one version as an attachment, never rendered in the page's origin (a stored HTML file
    /// cannot run script here); its SHA-256 travels in <c>Repr-Digest</c> (RFC 9530) for checking.
    /// </summary>
    private static async Task<IResult> DownloadDocumentVersionAsync(HttpContext context, ICommissionStore store, string id, int number, CancellationToken cancellationToken)
    {
        var file = await store.ReadDocumentVersionAsync(Callers.Of(context), id, number, cancellationToken)
            ?? throw new RecordNotFoundException("document version", $"{id}@{number}");
        context.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(file.Version.Sha256))}:";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "sandbox";
        return TypedResults.File(file.Bytes.ToArray(), file.Version.ContentType, $"{id}-v{number}");
    }

    private static async Task<IResult> ChangeDocumentPublicationAsync(HttpContext context, ICommissionStore store, string id, PublicationRequest request, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<Publication>(request.Publication, ignoreCase: true, out var publication) || !Enum.IsDefined(publication))
        {
            return Unreadable("Unknown publication", $"Publication must be one of: {string.Join(", ", Enum.GetNames<Publication>())}.");
        }

        return TypedResults.Ok(Describe(await store.ChangeDocumentPublicationAsync(Callers.Of(context), id, publication, request.Version, cancellationToken)));
    }

    private static object Describe(CommissionDocument d) => new
    {
        id = d.Id,
        kind = d.Kind.ToString(),
        title = d.Title,
        owner = d.Owner.Value,
        session = d.SessionId,
        sectors = d.SectorIds,
        publication = d.Publication.ToString(),
        version = d.Version,
        createdBy = d.CreatedBy,
        createdAt = d.CreatedAt,
        versions = d.Versions.Select(v => new
        {
            number = v.Number,
            contentType = v.ContentType,
            length = v.Length,
            sha256 = v.Sha256,
            addedBy = v.AddedBy,
            addedAt = v.AddedAt,
            href = $"/api/documents/{d.Id}/versions/{v.Number}",
        }),
    };

    private static ProblemHttpResult Unreadable(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    private static ProblemHttpResult UnknownStatus<TStatus>()
        where TStatus : struct, Enum =>
        Unreadable("Unknown status", $"Status must be one of: {string.Join(", ", Enum.GetNames<TStatus>())}.");
}
