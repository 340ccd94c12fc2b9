using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Agreements;
using Demarcate.Core.Geodesy;
using Demarcate.Core.TransportLinks;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    private const string DateFormat = "yyyy-MM-dd";

    // ---- The agreements register ----

    public async Task<IReadOnlyList<Agreement>> ListAgreementsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Permissions.MaySeeAgreements(caller))
        {
            return [];
        }

        await using var connection = await ConnectAsync(cancellationToken);
        return await QueryAgreementsAsync(connection, null, null, cancellationToken);
    }

    public async Task<Agreement?> GetAgreementAsync(Caller caller, string agreementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Permissions.MaySeeAgreements(caller))
        {
            return null;
        }

        await using var connection = await ConnectAsync(cancellationToken);
        return (await QueryAgreementsAsync(connection, null, agreementId, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Enters an agreement with its provisions in the register: the co-chairs' and the mediator's advisers' act.</summary>
    public Task<Agreement> AddAgreementAsync(Caller caller, Agreement agreement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agreement);
        return WriteAsync<Agreement>(caller, async (connection, transaction) =>
        {
            if (!Permissions.MayKeepAgreements(caller))
            {
                throw new NotPermittedException("The co-chairs and the mediator's advisers keep the agreements register.");
            }

            if (agreement.Check() is { Count: > 0 } problems)
            {
                throw new RuleViolationException($"Agreement {agreement.Id}: {string.Join("; ", problems)}");
            }

            if ((await QueryAgreementsAsync(connection, transaction, agreement.Id, cancellationToken)).Count > 0)
            {
                throw new RuleViolationException($"Agreement {agreement.Id} is already in the register.");
            }

            await ExecuteAsync(
                connection, transaction, "INSERT INTO agreements (agreement_id, title, signed_on, kind, signatories, notes) VALUES ($1, $2, $3, $4, $5, $6)", cancellationToken,
                agreement.Id, agreement.Title, Day(agreement.SignedOn), agreement.Kind.ToString(), JsonSerializer.Serialize(agreement.Signatories), agreement.Notes);
            var position = 0;
            foreach (var p in agreement.Provisions)
            {
                await ExecuteAsync(
                    connection, transaction,
                    "INSERT INTO provisions (agreement_id, number, position, body, theme, responsible, deadline, links) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", cancellationToken,
                    agreement.Id, p.Number, position++, p.Text, p.Theme.ToString(), JsonSerializer.Serialize(p.ResponsibleParties), p.Deadline.ToString(),
                    JsonSerializer.Serialize(p.Links.Select(l => l.ToString())));
            }

            return (agreement, (IReadOnlyList<JournalNote>)[new JournalNote("agreement.add", "agreement", agreement.Id, null, Snapshot(agreement))]);
        }, cancellationToken);
    }

    /// <summary>
    /// Records an assessment of a provision's implementation. Assessments are only ever appended: the provision's
    /// status is its latest, and the earlier ones stay as its history.
    /// </summary>
    public Task<StatusAssessment> RecordAssessmentAsync(Caller caller, StatusAssessment assessment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(assessment);
        return WriteAsync<StatusAssessment>(caller, async (connection, transaction) =>
        {
            var agreement = Permissions.MaySeeAgreements(caller)
                ? (await QueryAgreementsAsync(connection, transaction, assessment.AgreementId, cancellationToken)).SingleOrDefault()
                : null;
            if (agreement?.Provisions.Any(p => p.Number == assessment.ProvisionNumber) != true)
            {
                throw new RecordNotFoundException("provision", assessment.AgreementId + "/" + assessment.ProvisionNumber);
            }

            if (!Permissions.MayKeepAgreements(caller))
            {
                throw new NotPermittedException("The co-chairs and the mediator's advisers record how far a provision is implemented.");
            }

            if (assessment.Check() is { Count: > 0 } problems)
            {
                throw new RuleViolationException($"Provision {assessment.AgreementId}/{assessment.ProvisionNumber}: {string.Join("; ", problems)}");
            }

            if (assessment.AssessedOn < agreement.SignedOn)
            {
                throw new RuleViolationException($"Provision {assessment.AgreementId}/{assessment.ProvisionNumber}: an assessment cannot predate the agreement ({Day(agreement.SignedOn)}).");
            }

            var recorded = assessment with { Assessor = caller.Account?.Id ?? Journal.SystemActor, RecordedAt = Journal.ToJournalTime(Clock.GetUtcNow()) };
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO provision_assessments (agreement_id, number, level, assessed_on, evidence, document_link, assessor, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                cancellationToken, recorded.AgreementId, recorded.ProvisionNumber, (int)recorded.Level, Day(recorded.AssessedOn), recorded.Evidence, recorded.DocumentLink,
                recorded.Assessor, Time(recorded.RecordedAt));
            var note = new { level = (int)recorded.Level, assessedOn = Day(recorded.AssessedOn), evidence = recorded.Evidence, document = recorded.DocumentLink };
            return (recorded, (IReadOnlyList<JournalNote>)[new JournalNote("provision.assess", "provision", recorded.AgreementId + "/" + recorded.ProvisionNumber, null, note)]);
        }, cancellationToken);
    }

    /// <summary>
    /// Revises a provision's summary, theme, responsible parties, deadline and links, at the version the caller read
    /// (stale: <see cref="VersionConflictException"/>). The text it replaces is appended to <c>provision_revisions</c>, so
    /// every earlier text stays readable; the assessments stay with the provision. The co-chairs' and mediator's advisers' act.
    /// </summary>
    public Task<Provision> ReviseProvisionAsync(Caller caller, string agreementId, Provision revised, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agreementId);
        ArgumentNullException.ThrowIfNull(revised);
        return WriteAsync<Provision>(caller, async (connection, transaction) =>
        {
            var key = agreementId + "/" + revised.Number;
            var agreement = Permissions.MaySeeAgreements(caller)
                ? (await QueryAgreementsAsync(connection, transaction, agreementId, cancellationToken)).SingleOrDefault()
                : null;
            var current = agreement?.Provisions.SingleOrDefault(p => p.Number == revised.Number) ?? throw new RecordNotFoundException("provision", key);
            if (!Permissions.MayKeepAgreements(caller))
            {
                throw new NotPermittedException("The co-chairs and the mediator's advisers revise the agreements register.");
            }

            if (current.Version != expectedVersion)
            {
                throw new VersionConflictException("provision", key, expectedVersion, current.Version);
            }

            var next = revised with { Version = current.Version + 1 };
            var changed = agreement! with { Provisions = [.. agreement.Provisions.Select(p => p.Number == next.Number ? next : p)] };
            if (changed.Check() is { Count: > 0 } problems)
            {
                throw new RuleViolationException($"Provision {key}: {string.Join("; ", problems)}");
            }

            if (next.Equals(current))
            {
                throw new RuleViolationException($"Provision {key}: the revision changes nothing.");
            }

            var actor = caller.Account?.Id ?? Journal.SystemActor;
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO provision_revisions (agreement_id, number, version, body, theme, responsible, deadline, links, revised_by, revised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                cancellationToken, agreementId, current.Number, current.Version, current.Text, current.Theme.ToString(), JsonSerializer.Serialize(current.ResponsibleParties),
                current.Deadline.ToString(), JsonSerializer.Serialize(current.Links.Select(l => l.ToString())), actor, Time(Clock.GetUtcNow()));
            if (await ExecuteAsync(
                    connection, transaction,
                    "UPDATE provisions SET body = $3, theme = $4, responsible = $5, deadline = $6, links = $7, version = $8 WHERE agreement_id = $1 AND number = $2 AND version = $9",
                    cancellationToken, agreementId, next.Number, next.Text, next.Theme.ToString(), JsonSerializer.Serialize(next.ResponsibleParties), next.Deadline.ToString(),
                    JsonSerializer.Serialize(next.Links.Select(l => l.ToString())), next.Version, current.Version) != 1)
            {
                throw new VersionConflictException("provision", key, expectedVersion, current.Version + 1);
            }

            var note = new JournalNote("provision.revise", "provision", key, Snapshot(current), Snapshot(next));
            return (next, (IReadOnlyList<JournalNote>)[note]);
        }, cancellationToken);
    }

    /// <summary>
    /// The earlier texts of one agreement's provisions, oldest first per provision; empty for a caller who may not read
    /// the register (as the agreement itself answers like a missing one).
    /// </summary>
    public async Task<IReadOnlyList<ProvisionRevision>> ListProvisionRevisionsAsync(Caller caller, string agreementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agreementId);
        if (!Permissions.MaySeeAgreements(caller))
        {
            return [];
        }

        await using var connection = await ConnectAsync(cancellationToken);
        var found = new List<ProvisionRevision>();
        await using var command = Command(
            connection, null,
            "SELECT number, version, body, theme, responsible, deadline, links, revised_by, revised_at FROM provision_revisions WHERE agreement_id = $1 ORDER BY number, version",
            agreementId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var provision = ReadProvision(agreementId, reader.GetString(0), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)) with
            {
                Version = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
            };
            found.Add(new ProvisionRevision(agreementId, provision, reader.GetString(7), ParseTime(reader.GetString(8))));
        }

        return found;
    }

    private static Provision ReadProvision(string agreementId, string number, string body, string theme, string responsible, string deadline, string links)
    {
        var parsed = ProvisionDeadline.Parse(deadline, "provisions");
        return new Provision(number, body, Enum.Parse<ProvisionTheme>(theme))
        {
            ResponsibleParties = Strings(responsible),
            Deadline = parsed.Success ? parsed.Value : throw new StoreException($"provision {agreementId}/{number} holds a deadline that is not one"),
            Links = [.. Strings(links).Select(RecordLink.Parse).OfType<RecordLink>()],
        };
    }

    private static object Snapshot(Provision p) => new
    {
        number = p.Number,
        version = p.Version,
        text = p.Text,
        theme = p.Theme.ToString(),
        responsible = p.ResponsibleParties,
        deadline = p.Deadline.ToString(),
        links = p.Links.Select(l => l.ToString()).ToArray(),
    };

    /// <summary>The assessments of one agreement's provisions (or all), in the order recorded; empty for a caller who may not read the register.</summary>
    public async Task<IReadOnlyList<StatusAssessment>> ListAssessmentsAsync(Caller caller, string? agreementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Permissions.MaySeeAgreements(caller))
        {
            return [];
        }

        await using var connection = await ConnectAsync(cancellationToken);
        var found = new List<StatusAssessment>();
        await using var command = Command(
            connection, null,
            "SELECT agreement_id, number, level, assessed_on, evidence, document_link, assessor, recorded_at FROM provision_assessments WHERE agreement_id = coalesce($1, agreement_id) ORDER BY fid",
            agreementId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new StatusAssessment(reader.GetString(0), reader.GetString(1), (ImplementationLevel)Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), ParseDay(reader.GetString(3)), reader.GetString(4))
            {
                DocumentLink = reader.GetString(5),
                Assessor = reader.GetString(6),
                RecordedAt = ParseTime(reader.GetString(7)),
            });
        }

        return found;
    }

    private async Task<IReadOnlyList<Agreement>> QueryAgreementsAsync(DbConnection connection, DbTransaction? transaction, string? agreementId, CancellationToken cancellationToken)
    {
        var provisions = new Dictionary<string, List<Provision>>(StringComparer.Ordinal);
        await using (var command = Command(
            connection, transaction,
            "SELECT agreement_id, number, body, theme, responsible, deadline, links, version FROM provisions WHERE agreement_id = coalesce($1, agreement_id) ORDER BY agreement_id, position",
            agreementId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!provisions.TryGetValue(id, out var list))
                {
                    provisions[id] = list = [];
                }

                list.Add(ReadProvision(id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)) with
                {
                    Version = Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
                });
            }
        }

        var agreements = new List<Agreement>();
        await using (var command = Command(
            connection, transaction, "SELECT agreement_id, title, signed_on, kind, signatories, notes FROM agreements WHERE agreement_id = coalesce($1, agreement_id) ORDER BY signed_on, agreement_id",
            agreementId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                agreements.Add(new Agreement(id, reader.GetString(1), ParseDay(reader.GetString(2)), Enum.Parse<AgreementKind>(reader.GetString(3)))
                {
                    Signatories = Strings(reader.GetString(4)),
                    Notes = reader.GetString(5),
                    Provisions = provisions.TryGetValue(id, out var list) ? list : [],
                });
            }
        }

        return agreements;
    }

    private static object Snapshot(Agreement a) => new
    {
        id = a.Id,
        title = a.Title,
        signedOn = Day(a.SignedOn),
        kind = a.Kind.ToString(),
        signatories = a.Signatories,
        provisions = a.Provisions.Select(p => new
        {
            number = p.Number,
            text = p.Text,
            theme = p.Theme.ToString(),
            responsible = p.ResponsibleParties,
            deadline = p.Deadline.ToString(),
            links = p.Links.Select(l => l.ToString()).ToArray(),
        }).ToArray(),
    };

    // ---- The transport-links task force ----

    private string ActionColumns => $"action_id, title, subgroup, responsible, status, deadline, checkpoints, notes, owner, publication, version, {GeometryColumn("geom")}";

    /// <summary>The task-force actions the caller may see, by id.</summary>
    public async Task<IReadOnlyList<TaskForceAction>> ListActionsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await QueryActionsAsync(connection, null, caller, null, cancellationToken);
    }

    public async Task<TaskForceAction?> GetActionAsync(Caller caller, string actionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return (await QueryActionsAsync(connection, null, caller, actionId, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Adds a task-force action for its owner: a delegation's editors propose for their own party, as a draft (seen by
    /// that delegation only) or submitted; only the commission itself enters an action already published or past "proposed".
    /// </summary>
    public Task<TaskForceAction> AddActionAsync(Caller caller, TaskForceAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(action);
        return WriteAsync<TaskForceAction>(caller, async (connection, transaction) =>
        {
            if (!Permissions.MayProposeActionFor(caller, action.Owner))
            {
                throw new NotPermittedException("A delegation's co-chairs, legal experts, cartographers and the mediator's team propose task-force actions for their own party.");
            }

            if (!caller.IsCommissionSystem && (action.Publication == Publication.Published || action.Status != ActionStatus.Proposed))
            {
                throw new RuleViolationException("A task-force action starts as a proposal, drafted or submitted; the co-chairs move it on.");
            }

            if (action.Check() is { Count: > 0 } problems)
            {
                throw new RuleViolationException($"Action {action.Id}: {string.Join("; ", problems)}");
            }

            await using (var exists = Command(connection, transaction, "SELECT count(*) FROM taskforce_actions WHERE action_id = $1", action.Id))
            {
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
                {
                    throw new RuleViolationException($"Action {action.Id} is already in the register; a new action takes a new id.");
                }
            }

            var added = action with { Version = 1 };
            await ExecuteAsync(
                connection, transaction,
                $"INSERT INTO taskforce_actions (action_id, title, subgroup, responsible, status, deadline, checkpoints, notes, owner, publication, version, geom) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, {GeometryValue(12)})",
                cancellationToken, ActionValues(added));
            await AppendActionHistoryAsync(connection, transaction, caller, "action.propose", added, cancellationToken);
            return (added, (IReadOnlyList<JournalNote>)[new JournalNote("action.propose", "taskforce-action", added.Id, null, Snapshot(added))]);
        }, cancellationToken);
    }

    /// <summary>
    /// Changes an action: its owner's editors revise and submit their draft; the co-chairs and the mediator's advisers
    /// move a submitted action's status, revise it and publish it. Id and owner never change.
    /// </summary>
    public Task<TaskForceAction> ChangeActionAsync(Caller caller, TaskForceAction action, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(action);
        return WriteAsync<TaskForceAction>(caller, async (connection, transaction) =>
        {
            var current = (await QueryActionsAsync(connection, transaction, caller, action.Id, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("taskforce-action", action.Id);
            var moving = action.Status != current.Status;
            var publishing = action.Publication != current.Publication;
            var revising = action with { Status = current.Status, Publication = current.Publication, Version = current.Version } != current;
            var ownerEditor = Permissions.MayProposeActionFor(caller, current.Owner);
            var chair = Permissions.MayChangeActionStatus(caller);
            if ((moving && !chair)
                || (publishing && action.Publication == Publication.Published && !chair)
                || (publishing && action.Publication == Publication.Submitted && !ownerEditor)
                || (revising && !(chair || (ownerEditor && current.Publication == Publication.Draft))))
            {
                throw new NotPermittedException("The owning delegation revises and submits its draft; the co-chairs and the mediator's advisers move an action's status and publish it.");
            }

            if (current.Version != expectedVersion)
            {
                throw new VersionConflictException("taskforce-action", action.Id, expectedVersion, current.Version);
            }

            if (action.Owner != current.Owner)
            {
                throw new RuleViolationException($"Action {action.Id}: its owner never changes.");
            }

            if (moving && current.Publication == Publication.Draft)
            {
                throw new RuleViolationException($"Action {action.Id}: a draft is submitted before its status moves.");
            }

            if (publishing && !caller.IsCommissionSystem && (int)action.Publication < (int)current.Publication)
            {
                throw new RuleViolationException($"Action {action.Id}: a {current.Publication.ToString().ToLowerInvariant()} action cannot go back to {action.Publication.ToString().ToLowerInvariant()}.");
            }

            if (action.Check() is { Count: > 0 } problems)
            {
                throw new RuleViolationException($"Action {action.Id}: {string.Join("; ", problems)}");
            }

            var changed = action with { Version = current.Version + 1 };
            var values = ActionValues(changed);
            await using (var update = Command(
                connection, transaction,
                $"UPDATE taskforce_actions SET title = $2, subgroup = $3, responsible = $4, status = $5, deadline = $6, checkpoints = $7, notes = $8, publication = $10, version = $11, geom = {GeometryValue(12)} " +
                "WHERE action_id = $1 AND version = $13 AND coalesce(owner, '') = coalesce($9, '')",
                [.. values, expectedVersion]))
            {
                if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw new VersionConflictException("taskforce-action", action.Id, expectedVersion, current.Version);
                }
            }

            var kind = moving ? "action.status" : publishing ? "action.publication" : "action.revise";
            await AppendActionHistoryAsync(connection, transaction, caller, kind, changed, cancellationToken);
            return (changed, (IReadOnlyList<JournalNote>)[new JournalNote(kind, "taskforce-action", action.Id, Snapshot(current), Snapshot(changed))]);
        }, cancellationToken);
    }

    /// <summary>Every change of an action, oldest first; empty when the caller may not see the action.</summary>
    public async Task<IReadOnlyList<ActionHistoryEntry>> ListActionHistoryAsync(Caller caller, string actionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        if ((await QueryActionsAsync(connection, null, caller, actionId, cancellationToken)).Count == 0)
        {
            return [];
        }

        var entries = new List<ActionHistoryEntry>();
        await using var command = Command(connection, null, "SELECT at, actor, action, status, snapshot FROM taskforce_history WHERE action_id = $1 ORDER BY fid", actionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ActionHistoryEntry(actionId, ParseTime(reader.GetString(0)), reader.GetString(1), reader.GetString(2), Enum.Parse<ActionStatus>(reader.GetString(3)), reader.GetString(4)));
        }

        return entries;
    }

    private async Task AppendActionHistoryAsync(DbConnection connection, DbTransaction transaction, Caller caller, string kind, TaskForceAction action, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            connection, transaction, "INSERT INTO taskforce_history (action_id, at, actor, action, status, snapshot) VALUES ($1, $2, $3, $4, $5, $6)", cancellationToken,
            action.Id, Time(Clock.GetUtcNow()), caller.Account?.Id ?? Journal.SystemActor, kind, action.Status.ToString(), JsonSerializer.Serialize(Snapshot(action)));

    private async Task<IReadOnlyList<TaskForceAction>> QueryActionsAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string? actionId, CancellationToken cancellationToken)
    {
        var actions = new List<TaskForceAction>();
        await using var command = Command(connection, transaction, $"SELECT {ActionColumns} FROM taskforce_actions WHERE action_id = coalesce($1, action_id) ORDER BY action_id", actionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var route = DecodeGeometry((byte[])reader.GetValue(11)) as LineString
                ?? throw new StoreException($"task-force action {reader.GetString(0)} has a route that is not a LineString");
            var action = new TaskForceAction(reader.GetString(0), reader.GetString(1), Enum.Parse<Subgroup>(reader.GetString(2)), route)
            {
                ResponsibleParties = Strings(reader.GetString(3)),
                Status = Enum.Parse<ActionStatus>(reader.GetString(4)),
                Deadline = reader.IsDBNull(5) ? null : ParseDay(reader.GetString(5)),
                Checkpoints = JsonSerializer.Deserialize<List<StoredCheckpoint>>(reader.GetString(6))!.Select(c => new Checkpoint(c.Name, Enum.Parse<CheckpointKind>(c.Kind), new GeoPoint(c.Lat, c.Lon))).ToList(),
                Notes = reader.GetString(7),
                Owner = reader.IsDBNull(8) ? null : new PartyCode(reader.GetString(8)),
                Publication = Enum.Parse<Publication>(reader.GetString(9)),
                Version = Convert.ToInt32(reader.GetValue(10), CultureInfo.InvariantCulture),
            };
            if (caller.MaySee(action.Owner, action.Publication) && (action.Publication == Publication.Published || Permissions.MaySeeAgreements(caller)))
            {
                actions.Add(action);
            }
        }

        return actions;
    }

    private sealed record StoredCheckpoint(string Name, string Kind, double Lat, double Lon);

    private object?[] ActionValues(TaskForceAction a) =>
    [
        a.Id, a.Title, a.Subgroup.ToString(), JsonSerializer.Serialize(a.ResponsibleParties), a.Status.ToString(), a.Deadline is { } d ? Day(d) : null,
        JsonSerializer.Serialize(a.Checkpoints.Select(c => new StoredCheckpoint(c.Name, c.Kind.ToString(), c.Position.Latitude, c.Position.Longitude))),
        a.Notes, a.Owner?.Value, a.Publication.ToString(), a.Version, EncodeGeometry(Factory.CreateLineString(a.Route.Coordinates)),
    ];

    private static object Snapshot(TaskForceAction a) => new
    {
        id = a.Id,
        title = a.Title,
        subgroup = a.Subgroup.ToString(),
        route = a.Route.AsText(),
        responsible = a.ResponsibleParties,
        status = a.Status.ToString(),
        deadline = a.Deadline is { } d ? Day(d) : null,
        checkpoints = a.Checkpoints.Select(c => new { name = c.Name, kind = c.Kind.ToString(), position = new[] { c.Position.Latitude, c.Position.Longitude } }).ToArray(),
        notes = a.Notes,
        owner = a.Owner?.Value,
        publication = a.Publication.ToString(),
        version = a.Version,
    };

    private static string Day(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);

    private static List<string> Strings(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
