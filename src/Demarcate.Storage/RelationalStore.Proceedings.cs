using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    // ---- proposals ----

    /// <summary>
    /// A delegation (or the mediator's team) drafts a proposal for a sector: its own draft until submitted.
    /// Lines it names must be ones the caller may see on the sector's section; a counter-proposal answers a
    /// submitted proposal on the same sector.
    /// </summary>
    public Task<Proposal> DraftProposalAsync(Caller caller, ProposalDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(draft);
        return WriteAsync<Proposal>(caller, async (connection, transaction) =>
        {
            var sector = (await QuerySectorsAsync(connection, transaction, caller, "s.sector_id = $1", draft.SectorId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("sector", draft.SectorId);
            if (caller.Account?.Party is not { } owner || !Permissions.MayDraftFor(caller, owner))
            {
                throw new NotPermittedException("A proposal is drafted by a delegation (or the mediator's team) for itself: its co-chair, legal experts or cartographers.");
            }

            if (draft.Problem() is { } problem)
            {
                throw new RuleViolationException($"The proposal cannot be drafted: {problem}.");
            }

            if (draft.AnswersId is { } answers)
            {
                var answered = await ReadProposalAsync(connection, transaction, caller, answers, cancellationToken);
                if (answered is null || answered.Publication == Publication.Draft || answered.SectorId != draft.SectorId)
                {
                    // A hidden draft and a missing proposal are refused alike.
                    throw new RuleViolationException($"There is no submitted proposal '{answers}' on sector {draft.SectorId} to answer.");
                }

                if (answered.IsWithdrawn)
                {
                    throw new RuleViolationException($"Proposal '{answers}' was withdrawn; answer a proposal that stands.");
                }
            }

            foreach (var lineId in draft.LineIds)
            {
                var line = (await QueryLinesAsync(connection, transaction, caller, "line_id = $1", lineId, cancellationToken)).SingleOrDefault()
                    ?? throw new RuleViolationException($"There is no line '{lineId}' to put forward.");
                if (line.SectionId != sector.Sector.SectionId)
                {
                    throw new RuleViolationException($"Line '{lineId}' lies on section {line.SectionId}, not on sector {draft.SectorId}'s section {sector.Sector.SectionId}.");
                }
            }

            var proposal = new Proposal(NewId("p"), draft.SectorId, owner, draft.Title.Trim(), draft.Text)
            {
                AnswersId = draft.AnswersId,
                LineIds = draft.LineIds,
                Geometry = draft.Geometry is { IsEmpty: false } g ? g : null,
                ProposedBy = caller.Account.Id,
                CreatedAt = Journal.ToJournalTime(Clock.GetUtcNow()),
            };
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO proposals (proposal_id, position, sector_id, answers, owner, title, body, line_ids, geom_wkb, publication, withdrawn, version, proposed_by, created_at, submitted_at) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL)",
                cancellationToken,
                proposal.Id, await NextPositionAsync(connection, transaction, "proposals", cancellationToken), proposal.SectorId, proposal.AnswersId, owner.Value, proposal.Title, proposal.Text,
                CanonicalJson.Serialize(proposal.LineIds), proposal.Geometry is null ? null : Wkb(proposal.Geometry), proposal.Publication.ToString(), false, proposal.Version,
                proposal.ProposedBy, Time(proposal.CreatedAt));
            return (proposal, (IReadOnlyList<JournalNote>)[new JournalNote("proposal.draft", "proposal", proposal.Id, null, Snapshot(proposal))]);
        }, cancellationToken);
    }

    public async Task<Proposal?> GetProposalAsync(Caller caller, string proposalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await ReadProposalAsync(connection, null, caller, proposalId, cancellationToken);
    }

    public async Task<IReadOnlyList<Proposal>> ListProposalsAsync(Caller caller, string sectorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await QueryProposalsAsync(connection, null, caller, "sector_id = $1", sectorId, cancellationToken);
    }

    /// <summary>The owning delegation puts its draft before the commission; its own draft lines named in it are submitted with it.</summary>
    public Task<Proposal> SubmitProposalAsync(Caller caller, string proposalId, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return WriteAsync<Proposal>(caller, async (connection, transaction) =>
        {
            var proposal = await EditableProposalAsync(connection, transaction, caller, proposalId, expectedVersion, "submits", cancellationToken);
            if (proposal.Publication != Publication.Draft)
            {
                throw new RuleViolationException($"Proposal '{proposalId}' is already {proposal.Publication.ToString().ToLowerInvariant()}.");
            }

            var notes = new List<JournalNote>();

            // A submitted proposal must not point at a line only its owner can see: its draft lines go before the commission with it.
            foreach (var lineId in proposal.LineIds)
            {
                var line = (await QueryLinesAsync(connection, transaction, Caller.CommissionSystem, "line_id = $1", lineId, cancellationToken)).Single();
                if (line.Publication == Publication.Draft)
                {
                    await ExecuteAsync(
                        connection, transaction, "UPDATE boundary_lines SET publication = $2, version = version + 1 WHERE line_id = $1",
                        cancellationToken, lineId, Publication.Submitted.ToString());
                    notes.Add(new JournalNote("line.submit", "line", lineId, Snapshot(line), Snapshot(line with { Publication = Publication.Submitted, Version = line.Version + 1 })));
                }
            }

            var submitted = proposal with { Publication = Publication.Submitted, Version = proposal.Version + 1, SubmittedAt = Journal.ToJournalTime(Clock.GetUtcNow()) };
            await UpdateProposalAsync(connection, transaction, submitted, expectedVersion, cancellationToken);
            notes.Add(new JournalNote("proposal.submit", "proposal", proposalId, Snapshot(proposal), Snapshot(submitted)));
            return (submitted, (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    /// <summary>The owning delegation withdraws its proposal; it stays in the thread, marked withdrawn.</summary>
    public Task<Proposal> WithdrawProposalAsync(Caller caller, string proposalId, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return WriteAsync<Proposal>(caller, async (connection, transaction) =>
        {
            var proposal = await EditableProposalAsync(connection, transaction, caller, proposalId, expectedVersion, "withdraws", cancellationToken);
            var withdrawn = proposal with { IsWithdrawn = true, Version = proposal.Version + 1 };
            await UpdateProposalAsync(connection, transaction, withdrawn, expectedVersion, cancellationToken);
            return (withdrawn, (IReadOnlyList<JournalNote>)[new JournalNote("proposal.withdraw", "proposal", proposalId, Snapshot(proposal), Snapshot(withdrawn))]);
        }, cancellationToken);
    }

    /// <summary>A proposal the caller's delegation owns, at the version the caller read, still standing.</summary>
    private async Task<Proposal> EditableProposalAsync(
        DbConnection connection, DbTransaction transaction, Caller caller, string proposalId, int expectedVersion, string act, CancellationToken cancellationToken)
    {
        var proposal = await ReadProposalAsync(connection, transaction, caller, proposalId, cancellationToken)
            ?? throw new RecordNotFoundException("proposal", proposalId);
        if (!Permissions.MayDraftFor(caller, proposal.Owner))
        {
            throw new NotPermittedException($"Only the delegation that drafted a proposal {act} it.");
        }

        if (proposal.Version != expectedVersion)
        {
            throw new VersionConflictException("proposal", proposalId, expectedVersion, proposal.Version);
        }

        return proposal.IsWithdrawn ? throw new RuleViolationException($"Proposal '{proposalId}' was withdrawn.") : proposal;
    }

    private async Task UpdateProposalAsync(DbConnection connection, DbTransaction transaction, Proposal proposal, int expectedVersion, CancellationToken cancellationToken)
    {
        var changed = await ExecuteAsync(
            connection, transaction,
            "UPDATE proposals SET publication = $3, withdrawn = $4, version = $5, submitted_at = $6 WHERE proposal_id = $1 AND version = $2",
            cancellationToken, proposal.Id, expectedVersion, proposal.Publication.ToString(), proposal.IsWithdrawn, proposal.Version,
            proposal.SubmittedAt is { } at ? Time(at) : null);
        if (changed == 0)
        {
            throw new VersionConflictException("proposal", proposal.Id, expectedVersion, proposal.Version - 1);
        }
    }

    private async Task<Proposal?> ReadProposalAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string proposalId, CancellationToken cancellationToken) =>
        (await QueryProposalsAsync(connection, transaction, caller, "proposal_id = $1", proposalId, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<Proposal>> QueryProposalsAsync(
        DbConnection connection, DbTransaction? transaction, Caller caller, string condition, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection, transaction,
            "SELECT proposal_id, sector_id, answers, owner, title, body, line_ids, geom_wkb, publication, withdrawn, version, proposed_by, created_at, submitted_at " +
            $"FROM proposals WHERE {condition} ORDER BY position",
            key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var proposals = new List<Proposal>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var proposal = new Proposal(reader.GetString(0), reader.GetString(1), new PartyCode(reader.GetString(3)), reader.GetString(4), reader.GetString(5))
            {
                AnswersId = reader.IsDBNull(2) ? null : reader.GetString(2),
                LineIds = ParseList(reader.GetString(6)),
                Geometry = reader.IsDBNull(7) ? null : ReadWkb((byte[])reader.GetValue(7)),
                Publication = Enum.Parse<Publication>(reader.GetString(8)),
                IsWithdrawn = reader.GetBoolean(9),
                Version = reader.GetInt32(10),
                ProposedBy = reader.GetString(11),
                CreatedAt = ParseTime(reader.GetString(12)),
                SubmittedAt = reader.IsDBNull(13) ? null : ParseTime(reader.GetString(13)),
            };
            if (caller.MaySee(proposal.Owner, proposal.Publication))
            {
                proposals.Add(proposal);
            }
        }

        return proposals;
    }

    // ---- sessions and decisions ----

    /// <summary>Co-chairs and the mediator's advisers plan a session of the commission.</summary>
    public Task<CommissionSession> PlanSessionAsync(Caller caller, SessionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(draft);
        if (!Permissions.MayConveneSessions(caller))
        {
            throw new NotPermittedException("Co-chairs and the mediator's advisers plan the commission's sessions.");
        }

        return WriteAsync<CommissionSession>(caller, async (connection, transaction) =>
        {
            await CheckSessionDraftAsync(connection, transaction, caller, draft, cancellationToken);
            var session = new CommissionSession(NewId("s"), draft.Date, draft.Place.Trim())
            {
                Status = draft.Status,
                Participants = draft.Participants,
                Agenda = draft.Agenda,
                CreatedBy = caller.Account?.Id ?? Journal.SystemActor,
                CreatedAt = Journal.ToJournalTime(Clock.GetUtcNow()),
            };
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO commission_sessions (session_id, held_on, place, status, participants, agenda, version, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                cancellationToken, session.Id, Date(session.Date), session.Place, session.Status.ToString(), ParticipantsJson(session.Participants), AgendaJson(session.Agenda),
                session.Version, session.CreatedBy, Time(session.CreatedAt));
            return (session, (IReadOnlyList<JournalNote>)[new JournalNote("session.plan", "session", session.Id, null, Snapshot(session))]);
        }, cancellationToken);
    }

    /// <summary>Revises a session (date, place, participants, agenda, held): carries the version read; a held session stays held.</summary>
    public Task<CommissionSession> ReviseSessionAsync(Caller caller, string sessionId, int expectedVersion, SessionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(draft);
        return WriteAsync<CommissionSession>(caller, async (connection, transaction) =>
        {
            var session = (await QuerySessionsAsync(connection, transaction, caller, "session_id = $1", sessionId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("session", sessionId);
            if (!Permissions.MayConveneSessions(caller))
            {
                throw new NotPermittedException("Co-chairs and the mediator's advisers revise the commission's sessions.");
            }

            if (session.Version != expectedVersion)
            {
                throw new VersionConflictException("session", sessionId, expectedVersion, session.Version);
            }

            if (session.Status == SessionStatus.Held && draft.Status == SessionStatus.Planned)
            {
                throw new RuleViolationException($"Session '{sessionId}' was held; it cannot be planned again.");
            }

            await CheckSessionDraftAsync(connection, transaction, caller, draft, cancellationToken);
            var revised = session with
            {
                Date = draft.Date,
                Place = draft.Place.Trim(),
                Status = draft.Status,
                Participants = draft.Participants,
                Agenda = draft.Agenda,
                Version = session.Version + 1,
            };
            var changed = await ExecuteAsync(
                connection, transaction,
                "UPDATE commission_sessions SET held_on = $3, place = $4, status = $5, participants = $6, agenda = $7, version = version + 1 WHERE session_id = $1 AND version = $2",
                cancellationToken, sessionId, expectedVersion, Date(revised.Date), revised.Place, revised.Status.ToString(), ParticipantsJson(revised.Participants), AgendaJson(revised.Agenda));
            if (changed == 0)
            {
                throw new VersionConflictException("session", sessionId, expectedVersion, session.Version);
            }

            return (revised, (IReadOnlyList<JournalNote>)[new JournalNote("session.revise", "session", sessionId, Snapshot(session), Snapshot(revised))]);
        }, cancellationToken);
    }

    public async Task<CommissionSession?> GetSessionAsync(Caller caller, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return (await QuerySessionsAsync(connection, null, caller, "session_id = $1", sessionId, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<CommissionSession>> ListSessionsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await QuerySessionsAsync(connection, null, caller, "session_id = coalesce($1, session_id)", null, cancellationToken);
    }

    /// <summary>
    /// Records a decision taken at a held session. When it moves its sectors along the workflow, each
    /// move follows the workflow's rules and carries the sector version read; the moves and the decision
    /// are one write.
    /// </summary>
    public Task<Decision> RecordDecisionAsync(Caller caller, DecisionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(draft);
        return WriteAsync<Decision>(caller, async (connection, transaction) =>
        {
            var session = (await QuerySessionsAsync(connection, transaction, caller, "session_id = $1", draft.SessionId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("session", draft.SessionId);
            if (!Permissions.MayConveneSessions(caller))
            {
                throw new NotPermittedException("Co-chairs and the mediator's advisers record the commission's decisions.");
            }

            if (draft.Problem() is { } problem)
            {
                throw new RuleViolationException($"The decision cannot be recorded: {problem}.");
            }

            if (session.Status != SessionStatus.Held)
            {
                throw new RuleViolationException($"Session '{session.Id}' is still planned; decisions are recorded at a session once it is held.");
            }

            await CheckSectorsAsync(connection, transaction, caller, draft.SectorIds, cancellationToken);
            if (draft.ProposalId is { } proposalId)
            {
                var proposal = await ReadProposalAsync(connection, transaction, caller, proposalId, cancellationToken);
                if (proposal is null || proposal.Publication == Publication.Draft || !draft.SectorIds.Contains(proposal.SectorId, StringComparer.Ordinal))
                {
                    throw new RuleViolationException($"There is no submitted proposal '{proposalId}' on the decision's sectors.");
                }
            }

            var notes = new List<JournalNote>();
            if (draft.NewStatus is { } status)
            {
                foreach (var sectorId in draft.SectorIds)
                {
                    var (_, note) = await MoveSectorAsync(connection, transaction, caller, sectorId, status, draft.SectorVersions[sectorId], cancellationToken);
                    notes.Add(note);
                }
            }

            var decision = new Decision(NewId("d"), session.Id, draft.SectorIds, draft.Text)
            {
                ProposalId = draft.ProposalId,
                NewStatus = draft.NewStatus,
                DecidedBy = caller.Account?.Id ?? Journal.SystemActor,
                DecidedAt = Journal.ToJournalTime(Clock.GetUtcNow()),
            };
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO decisions (decision_id, position, session_id, sector_ids, proposal_id, body, new_status, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                cancellationToken, decision.Id, await NextPositionAsync(connection, transaction, "decisions", cancellationToken), decision.SessionId, CanonicalJson.Serialize(decision.SectorIds),
                decision.ProposalId, decision.Text, decision.NewStatus?.ToString(), decision.DecidedBy, Time(decision.DecidedAt));
            notes.Insert(0, new JournalNote("decision.record", "decision", decision.Id, null, new
            {
                session = decision.SessionId,
                sectors = decision.SectorIds,
                proposal = decision.ProposalId,
                newStatus = decision.NewStatus?.ToString(),
                textSha256 = Sha256Hex(decision.Text),
            }));
            return (decision, (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Decision>> ListDecisionsAsync(Caller caller, string? sessionId, string? sectorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Permissions.MaySeeSessions(caller))
        {
            return [];
        }

        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(
            connection, null,
            "SELECT decision_id, session_id, sector_ids, proposal_id, body, new_status, decided_by, decided_at FROM decisions WHERE session_id = coalesce($1, session_id) ORDER BY position",
            sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var decisions = new List<Decision>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var decision = new Decision(reader.GetString(0), reader.GetString(1), ParseList(reader.GetString(2)), reader.GetString(4))
            {
                ProposalId = reader.IsDBNull(3) ? null : reader.GetString(3),
                NewStatus = reader.IsDBNull(5) ? null : Enum.Parse<SectorStatus>(reader.GetString(5)),
                DecidedBy = reader.GetString(6),
                DecidedAt = ParseTime(reader.GetString(7)),
            };
            if (sectorId is null || decision.SectorIds.Contains(sectorId, StringComparer.Ordinal))
            {
                decisions.Add(decision);
            }
        }

        return decisions;
    }

    private async Task CheckSessionDraftAsync(DbConnection connection, DbTransaction transaction, Caller caller, SessionDraft draft, CancellationToken cancellationToken)
    {
        if (draft.Problem() is { } problem)
        {
            throw new RuleViolationException($"The session cannot be written: {problem}.");
        }

        var commission = await GetCommissionAsync(cancellationToken) ?? throw new RuleViolationException("The store has no commission.");
        foreach (var participant in draft.Participants)
        {
            if (participant.Party is { } party && !commission.Parties.Any(p => p.Code == party))
            {
                throw new RuleViolationException($"Participant {participant.Name}: '{party}' is not a party of the commission.");
            }

            if (participant.AccountId is { } accountId)
            {
                await using var exists = Command(connection, transaction, "SELECT count(*) FROM accounts WHERE account_id = $1", accountId);
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
                {
                    throw new RuleViolationException($"Participant {participant.Name}: there is no account '{accountId}'.");
                }
            }
        }

        await CheckSectorsAsync(connection, transaction, caller, [.. draft.Agenda.SelectMany(a => a.SectorIds).Distinct(StringComparer.Ordinal)], cancellationToken);
    }

    private async Task CheckSectorsAsync(DbConnection connection, DbTransaction transaction, Caller caller, IReadOnlyList<string> sectorIds, CancellationToken cancellationToken)
    {
        foreach (var sectorId in sectorIds)
        {
            if ((await QuerySectorsAsync(connection, transaction, caller, "s.sector_id = $1", sectorId, cancellationToken)).Count == 0)
            {
                throw new RuleViolationException($"There is no sector '{sectorId}'.");
            }
        }
    }

    private async Task<IReadOnlyList<CommissionSession>> QuerySessionsAsync(
        DbConnection connection, DbTransaction? transaction, Caller caller, string condition, string? key, CancellationToken cancellationToken)
    {
        if (!Permissions.MaySeeSessions(caller))
        {
            return [];
        }

        await using var command = Command(
            connection, transaction,
            $"SELECT session_id, held_on, place, status, participants, agenda, version, created_by, created_at FROM commission_sessions WHERE {condition} ORDER BY held_on, session_id",
            key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<CommissionSession>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(new CommissionSession(reader.GetString(0), DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(2))
            {
                Status = Enum.Parse<SessionStatus>(reader.GetString(3)),
                Participants = [.. (JsonSerializer.Deserialize<ParticipantJson[]>(reader.GetString(4), ProceedingsJson) ?? [])
                    .Select(p => new Participant(p.Name, p.Party is null ? null : new PartyCode(p.Party), p.Account))],
                Agenda = [.. (JsonSerializer.Deserialize<AgendaJsonItem[]>(reader.GetString(5), ProceedingsJson) ?? []).Select(a => new AgendaItem(a.Title, a.Sectors ?? []))],
                Version = reader.GetInt32(6),
                CreatedBy = reader.GetString(7),
                CreatedAt = ParseTime(reader.GetString(8)),
            });
        }

        return sessions;
    }

    // ---- documents ----

    /// <summary>A delegation (or the mediator's team) adds a document with its first version: its own draft until submitted.</summary>
    public Task<CommissionDocument> AddDocumentAsync(Caller caller, DocumentDraft draft, DocumentContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(content);
        if (caller.Account?.Party is not { } owner || !Permissions.MayDraftFor(caller, owner))
        {
            throw new NotPermittedException("A document is added by a delegation (or the mediator's team) for itself: its co-chair, legal experts or cartographers.");
        }

        return WriteAsync<CommissionDocument>(caller, async (connection, transaction) =>
        {
            if ((draft.Problem() ?? ContentProblem(content)) is { } problem)
            {
                throw new RuleViolationException($"The document cannot be added: {problem}.");
            }

            if (draft.SessionId is { } sessionId && (await QuerySessionsAsync(connection, transaction, caller, "session_id = $1", sessionId, cancellationToken)).Count == 0)
            {
                throw new RuleViolationException($"There is no session '{sessionId}'.");
            }

            await CheckSectorsAsync(connection, transaction, caller, draft.SectorIds, cancellationToken);
            var document = new CommissionDocument(NewId("doc"), draft.Kind, draft.Title.Trim(), owner)
            {
                SessionId = draft.SessionId,
                SectorIds = draft.SectorIds,
                CreatedBy = caller.Account.Id,
                CreatedAt = Journal.ToJournalTime(Clock.GetUtcNow()),
            };
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO documents (document_id, kind, title, owner, session_id, sector_ids, publication, version, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                cancellationToken, document.Id, document.Kind.ToString(), document.Title, owner.Value, document.SessionId, CanonicalJson.Serialize(document.SectorIds),
                document.Publication.ToString(), document.Version, document.CreatedBy, Time(document.CreatedAt));
            var version = await InsertDocumentVersionAsync(connection, transaction, caller, document.Id, 1, content, cancellationToken);
            document = document with { Versions = [version] };
            return (document, (IReadOnlyList<JournalNote>)[new JournalNote("document.add", "document", document.Id, null, Snapshot(document))]);
        }, cancellationToken);
    }

    /// <summary>The owning party adds a new version of a document's content; earlier versions stay as they were.</summary>
    public Task<CommissionDocument> AddDocumentVersionAsync(Caller caller, string documentId, int expectedVersion, DocumentContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(content);
        return WriteAsync<CommissionDocument>(caller, async (connection, transaction) =>
        {
            var document = await ReadDocumentAsync(connection, transaction, caller, documentId, cancellationToken)
                ?? throw new RecordNotFoundException("document", documentId);
            if (!Permissions.MayDraftFor(caller, document.Owner))
            {
                throw new NotPermittedException("Only the party that added a document adds versions of it.");
            }

            if (document.Version != expectedVersion)
            {
                throw new VersionConflictException("document", documentId, expectedVersion, document.Version);
            }

            if (ContentProblem(content) is { } problem)
            {
                throw new RuleViolationException($"The version cannot be added: {problem}.");
            }

            var version = await InsertDocumentVersionAsync(connection, transaction, caller, documentId, document.Versions.Count + 1, content, cancellationToken);
            await BumpDocumentAsync(connection, transaction, documentId, expectedVersion, document.Version, null, cancellationToken);
            var updated = document with { Version = document.Version + 1, Versions = [.. document.Versions, version] };
            return (updated, (IReadOnlyList<JournalNote>)[new JournalNote("document.version", "document", documentId, Snapshot(document), Snapshot(updated))]);
        }, cancellationToken);
    }

    /// <summary>
    /// Moves a document one step: the owning party submits its draft to the commission; co-chairs and the
    /// mediator's advisers publish a submitted document to anyone.
    /// </summary>
    public Task<CommissionDocument> ChangeDocumentPublicationAsync(Caller caller, string documentId, Publication publication, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return WriteAsync<CommissionDocument>(caller, async (connection, transaction) =>
        {
            var document = await ReadDocumentAsync(connection, transaction, caller, documentId, cancellationToken)
                ?? throw new RecordNotFoundException("document", documentId);
            var permitted = publication switch
            {
                Publication.Submitted => Permissions.MayDraftFor(caller, document.Owner),
                Publication.Published => Permissions.MayPublishDocuments(caller),
                _ => true,
            };
            if (!permitted)
            {
                throw new NotPermittedException(publication == Publication.Submitted
                    ? "Only the party that added a document submits it."
                    : "Co-chairs and the mediator's advisers publish the commission's documents.");
            }

            if (document.Version != expectedVersion)
            {
                throw new VersionConflictException("document", documentId, expectedVersion, document.Version);
            }

            var allowed = (document.Publication, publication) is (Publication.Draft, Publication.Submitted) or (Publication.Submitted, Publication.Published);
            if (!allowed)
            {
                throw new RuleViolationException(
                    $"Document '{documentId}' is {document.Publication.ToString().ToLowerInvariant()}; it cannot become {publication.ToString().ToLowerInvariant()} (draft → submitted → published).");
            }

            await BumpDocumentAsync(connection, transaction, documentId, expectedVersion, document.Version, publication, cancellationToken);
            var moved = document with { Publication = publication, Version = document.Version + 1 };
            return (moved, (IReadOnlyList<JournalNote>)[new JournalNote("document.publication", "document", documentId, Snapshot(document), Snapshot(moved))]);
        }, cancellationToken);
    }

    public async Task<CommissionDocument?> GetDocumentAsync(Caller caller, string documentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await ReadDocumentAsync(connection, null, caller, documentId, cancellationToken);
    }

    public async Task<IReadOnlyList<CommissionDocument>> ListDocumentsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await QueryDocumentsAsync(connection, null, caller, null, cancellationToken);
    }

    public async Task<DocumentFile?> ReadDocumentVersionAsync(Caller caller, string documentId, int number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        var document = await ReadDocumentAsync(connection, null, caller, documentId, cancellationToken);
        var version = document?.Versions.SingleOrDefault(v => v.Number == number);
        if (version is null)
        {
            return null;
        }

        await using var command = Command(connection, null, "SELECT content FROM document_versions WHERE document_id = $1 AND number = $2", documentId, number);
        return new DocumentFile(version, (byte[])(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    private async Task<DocumentVersion> InsertDocumentVersionAsync(
        DbConnection connection, DbTransaction transaction, Caller caller, string documentId, int number, DocumentContent content, CancellationToken cancellationToken)
    {
        var version = new DocumentVersion(
            documentId, number, content.ContentType.Trim(), content.Bytes.Length, content.Sha256(), caller.Account?.Id ?? Journal.SystemActor, Journal.ToJournalTime(Clock.GetUtcNow()));
        await ExecuteAsync(
            connection, transaction,
            "INSERT INTO document_versions (document_id, number, content_type, content, length, sha256, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            cancellationToken, documentId, number, version.ContentType, content.Bytes.ToArray(), version.Length, version.Sha256, version.AddedBy, Time(version.AddedAt));
        return version;
    }

    private async Task BumpDocumentAsync(
        DbConnection connection, DbTransaction transaction, string documentId, int expectedVersion, int currentVersion, Publication? publication, CancellationToken cancellationToken)
    {
        var changed = await ExecuteAsync(
            connection, transaction, "UPDATE documents SET version = version + 1, publication = coalesce($3, publication) WHERE document_id = $1 AND version = $2",
            cancellationToken, documentId, expectedVersion, publication?.ToString());
        if (changed == 0)
        {
            throw new VersionConflictException("document", documentId, expectedVersion, currentVersion);
        }
    }

    private async Task<CommissionDocument?> ReadDocumentAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string documentId, CancellationToken cancellationToken) =>
        (await QueryDocumentsAsync(connection, transaction, caller, documentId, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<CommissionDocument>> QueryDocumentsAsync(
        DbConnection connection, DbTransaction? transaction, Caller caller, string? documentId, CancellationToken cancellationToken)
    {
        var documents = new List<CommissionDocument>();
        await using (var command = Command(
            connection, transaction,
            "SELECT document_id, kind, title, owner, session_id, sector_ids, publication, version, created_by, created_at FROM documents " +
            "WHERE document_id = coalesce($1, document_id) ORDER BY created_at, document_id",
            documentId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var document = new CommissionDocument(reader.GetString(0), Enum.Parse<DocumentKind>(reader.GetString(1)), reader.GetString(2), new PartyCode(reader.GetString(3)))
                {
                    SessionId = reader.IsDBNull(4) ? null : reader.GetString(4),
                    SectorIds = ParseList(reader.GetString(5)),
                    Publication = Enum.Parse<Publication>(reader.GetString(6)),
                    Version = reader.GetInt32(7),
                    CreatedBy = reader.GetString(8),
                    CreatedAt = ParseTime(reader.GetString(9)),
                };
                if (caller.MaySee(document.Owner, document.Publication))
                {
                    documents.Add(document);
                }
            }
        }

        if (documents.Count == 0)
        {
            return documents;
        }

        var versions = new List<DocumentVersion>();
        await using (var command = Command(
            connection, transaction,
            "SELECT document_id, number, content_type, length, sha256, added_by, added_at FROM document_versions WHERE document_id = coalesce($1, document_id) ORDER BY document_id, number",
            documentId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(new DocumentVersion(
                    reader.GetString(0), reader.GetInt32(1), reader.GetString(2), Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture),
                    reader.GetString(4), reader.GetString(5), ParseTime(reader.GetString(6))));
            }
        }

        return [.. documents.Select(d => d with { Versions = [.. versions.Where(v => v.DocumentId == d.Id)] })];
    }

    private static string? ContentProblem(DocumentContent content) =>
        content.Bytes.IsEmpty ? "the content is empty"
        : string.IsNullOrWhiteSpace(content.ContentType) || content.ContentType.Length > 200 || content.ContentType.Any(char.IsControl) ? "give the content's media type (e.g. application/pdf)"
        : null;

    // ---- shared ----

    /// <summary>WKB carries no SRID; the store's geometries are all WGS 84, so it is set on the way in.</summary>
    private static MultiLineString ReadWkb(byte[] wkb)
    {
        var geometry = (MultiLineString)new WKBReader(Factory.GeometryServices).Read(wkb);
        geometry.SRID = Wgs84;
        return geometry;
    }

    /// <summary>A new record id: a prefix and 12 random hex digits, never derived from anything a caller sent, so an id reveals nothing.</summary>
    private static string NewId(string prefix) => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    /// <summary>The next position in an append order (taken under the write lock, so it is unique and gapless).</summary>
    private async Task<long> NextPositionAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT coalesce(max(position), 0) FROM {table}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) + 1;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static readonly JsonSerializerOptions ProceedingsJson = new() { PropertyNameCaseInsensitive = true };

    private sealed record ParticipantJson(string Name, string? Party, string? Account);

    private sealed record AgendaJsonItem(string Title, string[]? Sectors);

    private static string ParticipantsJson(IReadOnlyList<Participant> participants) =>
        CanonicalJson.Serialize(participants.Select(p => new ParticipantJson(p.Name, p.Party?.Value, p.AccountId)).ToArray());

    private static string AgendaJson(IReadOnlyList<AgendaItem> agenda) =>
        CanonicalJson.Serialize(agenda.Select(a => new AgendaJsonItem(a.Title, [.. a.SectorIds])).ToArray());

    private static string[] ParseList(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static object Snapshot(Proposal p) => new
    {
        id = p.Id,
        sector = p.SectorId,
        owner = p.Owner.Value,
        answers = p.AnswersId,
        lines = p.LineIds,
        publication = p.Publication.ToString(),
        withdrawn = p.IsWithdrawn,
        version = p.Version,
        titleSha256 = Sha256Hex(p.Title),
        textSha256 = Sha256Hex(p.Text),
        geometrySha256 = p.Geometry is null ? null : Convert.ToHexStringLower(SHA256.HashData(Wkb(p.Geometry))),
    };

    private static object Snapshot(CommissionSession s) => new
    {
        id = s.Id,
        date = Date(s.Date),
        place = s.Place,
        status = s.Status.ToString(),
        participants = s.Participants.Count,
        agenda = s.Agenda.Count,
        version = s.Version,
    };

    private static object Snapshot(CommissionDocument d) => new
    {
        id = d.Id,
        kind = d.Kind.ToString(),
        owner = d.Owner.Value,
        session = d.SessionId,
        sectors = d.SectorIds,
        publication = d.Publication.ToString(),
        version = d.Version,
        titleSha256 = Sha256Hex(d.Title),
        versions = d.Versions.Select(v => new { number = v.Number, contentType = v.ContentType, length = v.Length, sha256 = v.Sha256 }).ToArray(),
    };
}
