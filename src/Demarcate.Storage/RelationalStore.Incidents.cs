using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using Demarcate.Core.Trust;

namespace Demarcate.Storage;

/// <summary>One change of an incident record, as the append-only history keeps it.</summary>
public sealed record IncidentHistoryEntry(string IncidentId, long Sequence, DateTimeOffset At, string Actor, string Action, string Snapshot);

public abstract partial class RelationalStore
{
    private const string IncidentColumns =
        "incident_id, event_date, time_precision, date_from, date_to, incident_type, latitude, longitude, geo_precision, place, region, actor1, actor2, " +
        "reporting_party, fatalities, injuries, verification, notes, publication, merged_into, version, sector_id, distance_m, side_party, reference_line_id, attributed_at";

    private const string IncidentParameters = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26";

    /// <summary>The incidents the caller may see that meet the filter, oldest first.</summary>
    public async Task<IReadOnlyList<Incident>> ListIncidentsAsync(Caller caller, IncidentFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await ConnectAsync(cancellationToken);
        var incidents = await QueryIncidentsAsync(connection, null, caller, null, cancellationToken);
        return [.. incidents.Where(i => i.Matches(filter))];
    }

    public async Task<SectorDailyCounts> ListSectorDailyCountsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        var incidents = await QueryIncidentsAsync(connection, null, caller, null, cancellationToken);
        DateOnly? first = incidents.Count == 0 ? null : incidents.Min(i => i.Date.Date);
        return new SectorDailyCounts(IncidentEscalation.DailyCounts(incidents), first);
    }

    public async Task<Incident?> GetIncidentAsync(Caller caller, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return (await QueryIncidentsAsync(connection, null, caller, incidentId, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Records reports (entered by hand or imported), all in one transaction or none. Each gets a new id; the caller's
    /// party reports them (a delegation's start as its drafts, the monitors' and the mediator's are submitted). A report whose
    /// source reference the same party already recorded is refused as a duplicate.
    /// </summary>
    public async Task<IReadOnlyList<Incident>> ReportIncidentsAsync(Caller caller, IReadOnlyList<Incident> reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(reports);
        var recorded = await RecordReportsAsync(caller, reports, cancellationToken);

        // Attribution right after the reports are recorded (its own journaled write, by the commission itself: a delegation
        // reporting does not attribute), so every way in — API, page, CLI, import — leaves the incidents attributed.
        var ids = recorded.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0 || (await AttributeIncidentsAsync(Caller.CommissionSystem, null, AttributionDistanceMetres, ids, cancellationToken)).Attributed == 0)
        {
            return recorded;
        }

        await using var connection = await ConnectAsync(cancellationToken);
        var stored = (await QueryIncidentsAsync(connection, null, caller, null, cancellationToken)).Where(i => ids.Contains(i.Id)).ToDictionary(i => i.Id, StringComparer.Ordinal);
        return [.. recorded.Select(r => stored.GetValueOrDefault(r.Id) ?? r)];
    }

    /// <summary>The distance from the line in force within which incidents are attributed automatically (on entry, import and a new line in force).</summary>
    public double AttributionDistanceMetres { get; set; } = AttributionOptions.DefaultMaxDistanceMetres;

    private Task<IReadOnlyList<Incident>> RecordReportsAsync(Caller caller, IReadOnlyList<Incident> reports, CancellationToken cancellationToken)
    {
        return WriteAsync<IReadOnlyList<Incident>>(caller, async (connection, transaction) =>
        {
            var commission = await GetCommissionAsync(connection, transaction, cancellationToken);
            var party = caller.Account?.Party;
            if (!IncidentRules.MayReportFor(caller, party))
            {
                throw new NotPermittedException("Monitors, the mediator's team and a delegation's co-chairs, legal experts and cartographers report incidents.");
            }

            var publication = IncidentRules.InitialPublication(caller, commission);
            var added = new List<Incident>();
            var notes = new List<JournalNote>();
            var references = new HashSet<string>(StringComparer.Ordinal);
            foreach (var given in reports)
            {
                var owner = caller.IsCommissionSystem ? given.ReportingParty : party;
                foreach (var source in given.Sources.Where(s => s.Reference.Length > 0))
                {
                    if (!references.Add(source.Reference) || await ReferenceRecordedAsync(connection, transaction, source.Reference, owner, cancellationToken))
                    {
                        throw new RuleViolationException($"Report {source.Reference} is already in the record; a duplicate is not recorded twice.");
                    }
                }

                var incident = given with
                {
                    Id = NewIncidentId(),
                    ReportingParty = owner,
                    Sources = [.. given.Sources.Select(s => s with { Party = owner })],
                    Fatalities = given.Sources.Count > 0 ? IncidentMerging.Conservative(given.Sources.Select(s => s.Fatalities).Append(given.Fatalities)) : given.Fatalities,
                    Injuries = given.Sources.Count > 0 ? IncidentMerging.Conservative(given.Sources.Select(s => s.Injuries).Append(given.Injuries)) : given.Injuries,
                    Verification = given.Verification == VerificationStatus.VerifiedByMonitor && !IncidentRules.MayVerify(caller) ? VerificationStatus.Reported : given.Verification,
                    Publication = publication,
                    Version = 1,
                    MergedInto = null,
                    MergedFrom = [],
                    Attribution = null,
                };
                await InsertIncidentAsync(connection, transaction, caller, incident, cancellationToken);
                await AppendIncidentHistoryAsync(connection, transaction, caller, "incident.report", incident.Id, IncidentSnapshot(incident), cancellationToken);
                notes.Add(new JournalNote("incident.report", "incident", incident.Id, null, IncidentSnapshot(incident)));
                added.Add(incident);
            }

            return ((IReadOnlyList<Incident>)added, (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    /// <summary>Puts a delegation's draft before the commission: every member sees it from then on.</summary>
    public Task<Incident> SubmitIncidentAsync(Caller caller, string incidentId, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return ChangeIncidentAsync(caller, incidentId, expectedVersion, "incident.submit", current =>
        {
            if (!IncidentRules.MayReportFor(caller, current.ReportingParty))
            {
                throw new NotPermittedException("A delegation's co-chairs, legal experts and cartographers submit its incident reports.");
            }

            return current.Publication == Publication.Draft
                ? current with { Publication = Publication.Submitted }
                : throw new RuleViolationException($"Incident {incidentId} is already {current.Publication.ToString().ToLowerInvariant()}.");
        }, cancellationToken);
    }

    /// <summary>Records how far the commission trusts an incident (monitors and the mediator's advisers do).</summary>
    public Task<Incident> VerifyIncidentAsync(Caller caller, string incidentId, VerificationStatus status, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return ChangeIncidentAsync(caller, incidentId, expectedVersion, "incident.verify", current =>
            IncidentRules.MayVerify(caller)
                ? current with { Verification = status }
                : throw new NotPermittedException("Monitors and the mediator's advisers record verification."), cancellationToken);
    }

    /// <summary>
    /// Merges reports of one event into a new incident listing all their sources. The reports stay as they were, marked as
    /// merged, so <see cref="UnmergeIncidentAsync"/> restores them exactly.
    /// </summary>
    public async Task<Incident> MergeIncidentsAsync(Caller caller, IReadOnlyList<string> reportIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(reportIds);
        var merged = await RecordMergeAsync(caller, reportIds, cancellationToken);

        // The merged incident stands for its reports in the lists and in escalation, so it is attributed right after, like a new report.
        if ((await AttributeIncidentsAsync(Caller.CommissionSystem, null, AttributionDistanceMetres, [merged.Id], cancellationToken)).Attributed == 0)
        {
            return merged;
        }

        return await GetIncidentAsync(caller, merged.Id, cancellationToken) ?? merged;
    }

    private Task<Incident> RecordMergeAsync(Caller caller, IReadOnlyList<string> reportIds, CancellationToken cancellationToken)
    {
        return WriteAsync<Incident>(caller, async (connection, transaction) =>
        {
            var reports = new List<Incident>();
            foreach (var id in reportIds)
            {
                reports.Add((await QueryIncidentsAsync(connection, transaction, caller, id, cancellationToken)).SingleOrDefault()
                    ?? throw new RecordNotFoundException("incident", id));
            }

            if (!IncidentRules.MayMerge(caller, reports))
            {
                throw new NotPermittedException("Monitors and the mediator's advisers merge reports before the commission; a delegation merges its own drafts.");
            }

            if (IncidentMerging.Refusal(reports) is { } why)
            {
                throw new RuleViolationException("These reports are not one event: " + why + ".");
            }

            var drafts = reports.All(r => r.Publication == Publication.Draft);
            var merged = IncidentMerging.Merge(NewIncidentId(), reports) with
            {
                ReportingParty = drafts ? reports[0].ReportingParty : caller.Account?.Party,
                Publication = drafts ? Publication.Draft : Publication.Submitted,
                Version = 1,
            };
            await InsertIncidentAsync(connection, transaction, caller, merged, cancellationToken);
            for (var i = 0; i < reports.Count; i++)
            {
                await ExecuteAsync(connection, transaction, "INSERT INTO incident_merges (merged_id, report_id, position) VALUES ($1, $2, $3)", cancellationToken, merged.Id, reports[i].Id, i);
                await ExecuteAsync(connection, transaction, "UPDATE incidents SET merged_into = $1 WHERE incident_id = $2 AND merged_into IS NULL", cancellationToken, merged.Id, reports[i].Id);
                await AppendIncidentHistoryAsync(connection, transaction, caller, "incident.merged", reports[i].Id, new { into = merged.Id }, cancellationToken);
            }

            await AppendIncidentHistoryAsync(connection, transaction, caller, "incident.merge", merged.Id, IncidentSnapshot(merged), cancellationToken);
            return (merged, (IReadOnlyList<JournalNote>)[new JournalNote("incident.merge", "incident", merged.Id, null, IncidentSnapshot(merged))]);
        }, cancellationToken);
    }

    /// <summary>Undoes a merge: the merged incident is removed (its history stays) and its reports stand again exactly as they were.</summary>
    public Task<IReadOnlyList<Incident>> UnmergeIncidentAsync(Caller caller, string incidentId, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return WriteAsync<IReadOnlyList<Incident>>(caller, async (connection, transaction) =>
        {
            var merged = (await QueryIncidentsAsync(connection, transaction, caller, incidentId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("incident", incidentId);
            var reports = new List<Incident>();
            foreach (var id in merged.MergedFrom)
            {
                reports.Add((await QueryIncidentsAsync(connection, transaction, Caller.CommissionSystem, id, cancellationToken)).Single());
            }

            if (!IncidentRules.MayMerge(caller, [merged, .. reports]))
            {
                throw new NotPermittedException("Monitors and the mediator's advisers unmerge incidents before the commission; a delegation unmerges its own drafts.");
            }

            if (merged.MergedFrom.Count == 0)
            {
                throw new RuleViolationException($"Incident {incidentId} is a report, not a merge; there is nothing to unmerge.");
            }

            if (merged.Version != expectedVersion)
            {
                throw new VersionConflictException("incident", incidentId, expectedVersion, merged.Version);
            }

            if (merged.MergedInto is not null)
            {
                throw new RuleViolationException($"Incident {incidentId} is itself merged into {merged.MergedInto}; unmerge that first.");
            }

            if (await CountAsync(connection, transaction, "SELECT count(*) FROM incident_attachments WHERE incident_id = $1", incidentId, cancellationToken) > 0)
            {
                throw new RuleViolationException($"Incident {incidentId} has attachments of its own; they belong to the merged incident, which therefore stays.");
            }

            await ExecuteAsync(connection, transaction, "UPDATE incidents SET merged_into = NULL WHERE merged_into = $1", cancellationToken, incidentId);
            await ExecuteAsync(connection, transaction, "DELETE FROM incident_merges WHERE merged_id = $1", cancellationToken, incidentId);
            await ExecuteAsync(connection, transaction, "DELETE FROM incident_sources WHERE incident_id = $1", cancellationToken, incidentId);
            await ExecuteAsync(connection, transaction, "DELETE FROM incidents WHERE incident_id = $1", cancellationToken, incidentId);
            await AppendIncidentHistoryAsync(connection, transaction, caller, "incident.unmerge", incidentId, IncidentSnapshot(merged), cancellationToken);
            var restored = reports.Select(r => r with { MergedInto = null }).ToList();
            foreach (var report in restored)
            {
                await AppendIncidentHistoryAsync(connection, transaction, caller, "incident.unmerged", report.Id, new { from = incidentId }, cancellationToken);
            }

            return ((IReadOnlyList<Incident>)restored, (IReadOnlyList<JournalNote>)[new JournalNote("incident.unmerge", "incident", incidentId, IncidentSnapshot(merged), null)]);
        }, cancellationToken);
    }

    /// <summary>Attaches a file (a photo, a patrol report) to an incident; attachments are never changed afterwards.</summary>
    public Task AttachToIncidentAsync(Caller caller, string incidentId, IncidentAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(attachment);
        return WriteAsync<bool>(caller, async (connection, transaction) =>
        {
            var incident = (await QueryIncidentsAsync(connection, transaction, caller, incidentId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("incident", incidentId);
            if (!IncidentRules.MayReportFor(caller, incident.ReportingParty) && !IncidentRules.MayVerify(caller))
            {
                throw new NotPermittedException("The reporting party and the monitors attach files to an incident.");
            }

            if (await CountAsync(connection, transaction, "SELECT count(*) FROM incident_attachments WHERE incident_id = $1 AND name = $2", incidentId, cancellationToken, attachment.Name) > 0)
            {
                throw new RuleViolationException($"Incident {incidentId} already has an attachment named {attachment.Name}.");
            }

            await ExecuteAsync(
                connection, transaction, "INSERT INTO incident_attachments (incident_id, name, content_type, content, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6)", cancellationToken,
                incidentId, attachment.Name, attachment.ContentType, attachment.Content, caller.Account?.Id ?? Journal.SystemActor, Time(Clock.GetUtcNow()));
            var note = new { name = attachment.Name, contentType = attachment.ContentType, sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(attachment.Content)) };
            await AppendIncidentHistoryAsync(connection, transaction, caller, "incident.attach", incidentId, note, cancellationToken);
            return (true, (IReadOnlyList<JournalNote>)[new JournalNote("incident.attach", "incident", incidentId, null, note)]);
        }, cancellationToken);
    }

    /// <summary>An incident's attachments, with those of the reports it merges; empty when the caller may not see it.</summary>
    public async Task<IReadOnlyList<IncidentAttachment>> ListIncidentAttachmentsAsync(Caller caller, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        var incident = (await QueryIncidentsAsync(connection, null, caller, incidentId, cancellationToken)).SingleOrDefault();
        if (incident is null)
        {
            return [];
        }

        var attachments = new List<IncidentAttachment>();
        foreach (var id in incident.MergedFrom.Prepend(incident.Id))
        {
            await using var command = Command(connection, null, "SELECT name, content_type, content FROM incident_attachments WHERE incident_id = $1 ORDER BY fid", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                attachments.Add(new IncidentAttachment(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2)));
            }
        }

        return attachments;
    }

    /// <summary>Every change of an incident, oldest first; empty when the caller may not see it.</summary>
    public async Task<IReadOnlyList<IncidentHistoryEntry>> ListIncidentHistoryAsync(Caller caller, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        if ((await QueryIncidentsAsync(connection, null, caller, incidentId, cancellationToken)).Count == 0)
        {
            return [];
        }

        var entries = new List<IncidentHistoryEntry>();
        await using var command = Command(connection, null, "SELECT fid, at, actor, action, snapshot FROM incident_history WHERE incident_id = $1 ORDER BY fid", incidentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new IncidentHistoryEntry(incidentId, Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), ParseTime(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return entries;
    }

    /// <summary>
    /// Records what attribution found (sector, distance, side, reference line) for incidents the caller may see, all in one
    /// transaction; a row with no sector clears the incident's attribution. The incident's version is not changed: attribution
    /// is derived from the line, not an edit of the report. The rows are written as a set (<see cref="WriteAttributionRowsAsync"/>),
    /// not one query per incident; where an incident appears twice, its last row counts.
    /// </summary>
    public Task<int> RecordAttributionsAsync(Caller caller, IReadOnlyList<IncidentAttributionRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(rows);
        return WriteAsync<int>(caller, async (connection, transaction) =>
        {
            if (!IncidentRules.MayVerify(caller))
            {
                throw new NotPermittedException("Monitors, the mediator's advisers and the commission itself attribute incidents to sectors.");
            }

            var visible = await VisibleIncidentIdsAsync(connection, transaction, caller, cancellationToken);
            var last = new Dictionary<string, IncidentAttributionRow>(rows.Count, StringComparer.Ordinal);
            foreach (var row in rows)
            {
                last[visible.Contains(row.IncidentId) ? row.IncidentId : throw new RecordNotFoundException("incident", row.IncidentId)] = row;
            }

            await WriteAttributionRowsAsync(connection, transaction, [.. last.Values], Time(Clock.GetUtcNow()), cancellationToken);
            var note = new { incidents = rows.Count, attributed = rows.Count(r => r.SectorId is not null), referenceLines = rows.Select(r => r.ReferenceLineId).Distinct(StringComparer.Ordinal).ToArray() };
            return (rows.Count, (IReadOnlyList<JournalNote>)[new JournalNote("incident.attribute", "incidents", "attribution", null, note)]);
        }, cancellationToken);
    }

    /// <summary>
    /// Writes attribution rows (distinct incidents, all known to exist) inside the caller's transaction. This one reuses a single
    /// prepared UPDATE for every row, which is how SQLite is fastest (no round trips: it runs in-process); the PostgreSQL store
    /// sends the whole set in one statement instead.
    /// </summary>
    /// <param name="attributedAt">The time stamp recorded for rows that have a sector (rows without one clear it).</param>
    protected virtual async Task WriteAttributionRowsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<IncidentAttributionRow> rows, string attributedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var update = Command(
            connection, transaction,
            "UPDATE incidents SET sector_id = $2, distance_m = $3, side_party = $4, reference_line_id = $5, attributed_at = $6 WHERE incident_id = $1",
            null, null, null, null, null, null);
        await update.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            object?[] values = [row.IncidentId, row.SectorId, row.DistanceMetres, row.SideParty?.Value, row.ReferenceLineId, row.SectorId is null ? null : attributedAt];
            for (var i = 0; i < values.Length; i++)
            {
                update.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The ids of every incident the caller may see (merged reports included), from one read of the table.</summary>
    private static async Task<HashSet<string>> VisibleIncidentIdsAsync(DbConnection connection, DbTransaction transaction, Caller caller, CancellationToken cancellationToken)
    {
        var visible = new HashSet<string>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT incident_id, reporting_party, publication FROM incidents";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var party = reader.IsDBNull(1) ? (PartyCode?)null : new PartyCode(reader.GetString(1));
            if (IncidentRules.MaySee(caller, party, Enum.Parse<Publication>(reader.GetString(2))))
            {
                visible.Add(reader.GetString(0));
            }
        }

        return visible;
    }

    private Task<Incident> ChangeIncidentAsync(Caller caller, string incidentId, int expectedVersion, string action, Func<Incident, Incident> change, CancellationToken cancellationToken) =>
        WriteAsync<Incident>(caller, async (connection, transaction) =>
        {
            var current = (await QueryIncidentsAsync(connection, transaction, caller, incidentId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("incident", incidentId);
            var changed = change(current) with { Version = current.Version + 1 };
            if (current.Version != expectedVersion)
            {
                throw new VersionConflictException("incident", incidentId, expectedVersion, current.Version);
            }

            if (current.MergedInto is not null)
            {
                throw new RuleViolationException($"Report {incidentId} is merged into {current.MergedInto}; change that incident instead.");
            }

            await using (var update = Command(
                connection, transaction,
                "UPDATE incidents SET verification = $2, publication = $3, version = $4 WHERE incident_id = $1 AND version = $5",
                incidentId, changed.Verification.ToString(), changed.Publication.ToString(), changed.Version, expectedVersion))
            {
                if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw new VersionConflictException("incident", incidentId, expectedVersion, current.Version);
                }
            }

            await AppendIncidentHistoryAsync(connection, transaction, caller, action, incidentId, IncidentSnapshot(changed), cancellationToken);
            return (changed, (IReadOnlyList<JournalNote>)[new JournalNote(action, "incident", incidentId, IncidentSnapshot(current), IncidentSnapshot(changed))]);
        }, cancellationToken);

    private static string NewIncidentId() => "inc-" + Guid.NewGuid().ToString("n")[..12];

    private async Task<Commission> GetCommissionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var parties = new Dictionary<string, Party>(StringComparer.Ordinal);
        await using (var command = Command(connection, transaction, "SELECT code, name, role FROM parties"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                parties[reader.GetString(0)] = new Party(new PartyCode(reader.GetString(0)), reader.GetString(1), Enum.Parse<PartyRole>(reader.GetString(2)));
            }
        }

        await using (var command = Command(connection, transaction, "SELECT name, first_state, second_state, mediator FROM commission"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            return await reader.ReadAsync(cancellationToken)
                ? new Commission(reader.GetString(0), parties[reader.GetString(1)], parties[reader.GetString(2)], parties[reader.GetString(3)])
                : throw new RuleViolationException("The store has no commission yet; incidents are reported to a commission.");
        }
    }

    private async Task<bool> ReferenceRecordedAsync(DbConnection connection, DbTransaction transaction, string reference, PartyCode? party, CancellationToken cancellationToken) =>
        await CountAsync(
            connection, transaction, "SELECT count(*) FROM incident_sources WHERE reference = $1 AND coalesce(party, '') = $2", reference, cancellationToken, party?.Value ?? "") > 0;

    private async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, string sql, string key, CancellationToken cancellationToken, params object?[] more)
    {
        await using var command = Command(connection, transaction, sql, [key, .. more]);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task InsertIncidentAsync(DbConnection connection, DbTransaction transaction, Caller caller, Incident incident, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            connection, transaction, $"INSERT INTO incidents ({IncidentColumns}, created_by, created_at) VALUES ({IncidentParameters}, $27, $28)", cancellationToken,
            [.. IncidentValues(incident), caller.Account?.Id ?? Journal.SystemActor, Time(Clock.GetUtcNow())]);
        for (var i = 0; i < incident.Sources.Count; i++)
        {
            var s = incident.Sources[i];
            await ExecuteAsync(
                connection, transaction, "INSERT INTO incident_sources (incident_id, position, name, reference, party, fatalities, injuries) VALUES ($1, $2, $3, $4, $5, $6, $7)", cancellationToken,
                incident.Id, i, s.Name, s.Reference, s.Party?.Value, s.Fatalities, s.Injuries);
        }
    }

    private async Task AppendIncidentHistoryAsync(DbConnection connection, DbTransaction transaction, Caller caller, string action, string incidentId, object snapshot, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            connection, transaction, "INSERT INTO incident_history (incident_id, at, actor, action, snapshot) VALUES ($1, $2, $3, $4, $5)", cancellationToken,
            incidentId, Time(Clock.GetUtcNow()), caller.Account?.Id ?? Journal.SystemActor, action, JsonSerializer.Serialize(snapshot));

    /// <summary>Incidents (one, or all when <paramref name="incidentId"/> is null) with their sources and merges, as the caller may see them.</summary>
    private async Task<IReadOnlyList<Incident>> QueryIncidentsAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string? incidentId, CancellationToken cancellationToken)
    {
        var incidents = new List<Incident>();
        await using (var command = Command(connection, transaction, $"SELECT {IncidentColumns} FROM incidents WHERE incident_id = coalesce($1, incident_id) ORDER BY date_from, fid", incidentId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var incident = ReadIncident(reader);
                if (IncidentRules.MaySee(caller, incident.ReportingParty, incident.Publication))
                {
                    incidents.Add(incident);
                }
            }
        }

        if (incidents.Count == 0)
        {
            return incidents;
        }

        var sources = new Dictionary<string, List<IncidentSource>>(StringComparer.Ordinal);
        await using (var command = Command(
            connection, transaction, "SELECT incident_id, name, reference, party, fatalities, injuries FROM incident_sources WHERE incident_id = coalesce($1, incident_id) ORDER BY incident_id, position", incidentId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!sources.TryGetValue(id, out var list))
                {
                    sources[id] = list = [];
                }

                list.Add(new IncidentSource(
                    reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : new PartyCode(reader.GetString(3)),
                    reader.IsDBNull(4) ? null : Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
                    reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture)));
            }
        }

        var merges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = Command(
            connection, transaction, "SELECT merged_id, report_id FROM incident_merges WHERE merged_id = coalesce($1, merged_id) ORDER BY merged_id, position", incidentId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!merges.TryGetValue(id, out var list))
                {
                    merges[id] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        return [.. incidents.Select(i => i with
        {
            Sources = sources.TryGetValue(i.Id, out var s) ? s : [],
            MergedFrom = merges.TryGetValue(i.Id, out var m) ? m : [],
        })];
    }

    private static Incident ReadIncident(DbDataReader r)
    {
        double? Real(int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);
        int? Whole(int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var date = new IncidentDate(DateOnly.ParseExact(r.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture), (TimePrecision)Whole(2)!.Value);
        var location = new IncidentLocation(new GeoPoint(Real(6)!.Value, Real(7)!.Value), (GeoPrecision)Whole(8)!.Value, r.GetString(9), r.GetString(10));
        return new Incident(r.GetString(0), date, location, Enum.Parse<IncidentType>(r.GetString(5)))
        {
            Actor1 = r.GetString(11),
            Actor2 = r.GetString(12),
            ReportingParty = Text(13) is { } party ? new PartyCode(party) : null,
            Fatalities = Whole(14),
            Injuries = Whole(15),
            Verification = Enum.Parse<VerificationStatus>(r.GetString(16)),
            Notes = r.GetString(17),
            Publication = Enum.Parse<Publication>(r.GetString(18)),
            MergedInto = Text(19),
            Version = Whole(20)!.Value,
            Attribution = Text(25) is { } at
                ? new IncidentAttribution(Text(21), Real(22), Text(23) is { } side ? new PartyCode(side) : null, Text(24), ParseTime(at))
                : null,
        };
    }

    private static object?[] IncidentValues(Incident i) =>
    [
        i.Id, Day(i.Date.Date), (int)i.Date.Precision, Day(i.Date.From), Day(i.Date.To), i.Type.ToString(), i.Location.Point.Latitude, i.Location.Point.Longitude,
        (int)i.Location.Precision, i.Location.Place, i.Location.Region, i.Actor1, i.Actor2, i.ReportingParty?.Value, i.Fatalities, i.Injuries, i.Verification.ToString(),
        i.Notes, i.Publication.ToString(), i.MergedInto, i.Version, i.Attribution?.SectorId, i.Attribution?.DistanceMetres, i.Attribution?.SideParty?.Value,
        i.Attribution?.ReferenceLineId, i.Attribution is { } a ? Time(a.AttributedAt) : null,
    ];

    private static object IncidentSnapshot(Incident i) => new
    {
        id = i.Id,
        date = Day(i.Date.Date),
        timePrecision = (int)i.Date.Precision,
        type = i.Type.ToString(),
        position = new[] { i.Location.Point.Latitude, i.Location.Point.Longitude },
        geoPrecision = (int)i.Location.Precision,
        place = i.Location.Place,
        region = i.Location.Region,
        actor1 = i.Actor1,
        actor2 = i.Actor2,
        reportingParty = i.ReportingParty?.Value,
        sources = i.Sources.Select(s => new { name = s.Name, reference = s.Reference, party = s.Party?.Value, fatalities = s.Fatalities, injuries = s.Injuries }).ToArray(),
        fatalities = i.Fatalities,
        injuries = i.Injuries,
        verification = i.Verification.ToString(),
        notes = i.Notes,
        publication = i.Publication.ToString(),
        mergedFrom = i.MergedFrom,
        version = i.Version,
    };
}
