using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    /// <summary>Builds the planned position's point for the <c>geom</c> column (migration 11), x longitude, in WGS 84.</summary>
    private static readonly GeometryFactory PlannedPoint = new(new PrecisionModel(), 4326);

    private const string PillarColumns =
        "number, sector_id, pillar_type, reason, chainage_m, feature, planned_lat, planned_lon, planned_height, status, surveyed_lat, surveyed_lon, surveyed_height, " +
        "height_system, survey_frame, survey_epoch, survey_method, survey_accuracy_m, surveyed_on, survey, owner, publication, version";

    public async Task<IReadOnlyList<Pillar>> ListPillarsAsync(Caller caller, string? sectorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await QueryPillarsAsync(connection, null, caller, "sector_id = coalesce($1, sector_id)", sectorId, cancellationToken);
    }

    public async Task<IReadOnlyList<Pillar>> ListPillarsInBoxAsync(Caller caller, Envelope box, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(box);
        await using var connection = await ConnectAsync(cancellationToken);
        return await QueryPillarsAsync(
            connection, null, caller, "planned_lon BETWEEN $1 AND $2 AND planned_lat BETWEEN $3 AND $4", [box.MinX, box.MaxX, box.MinY, box.MaxY], cancellationToken);
    }

    /// <summary>The pillar a number stands for, for this caller (see <see cref="ResolvePillarAsync"/>).</summary>
    public async Task<Pillar?> GetPillarAsync(Caller caller, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return (await ResolvePillarAsync(connection, null, caller, number, cancellationToken))?.Pillar;
    }

    /// <summary>
    /// Finds the pillar a number stands for, as the caller sees the register: the caller's own delegation's draft of
    /// that number first, else the submitted or published one (a number is unique among those). Another delegation's
    /// draft is never found, so it answers exactly like a number nobody holds.
    /// </summary>
    private async Task<(long Fid, Pillar Pillar)?> ResolvePillarAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string number, CancellationToken cancellationToken)
    {
        var rows = await QueryPillarRowsAsync(connection, transaction, caller, "number = $1", [number], cancellationToken);
        var party = caller.Account?.Party;
        foreach (var row in rows)
        {
            if (party is not null && row.Pillar.Publication == Publication.Draft && row.Pillar.Owner == party)
            {
                return row;
            }
        }

        foreach (var row in rows)
        {
            if (row.Pillar.Publication != Publication.Draft)
            {
                return row;
            }
        }

        // A caller of no delegation who sees drafts (the commission itself) gets a draft only when it is the only one.
        return rows.Count == 1 ? rows[0] : null;
    }

    /// <summary>
    /// Registers a plan's pillars for their owner: a delegation's editors register their own party's plan as a draft
    /// (seen by that delegation only) or submitted; only the commission itself registers published pillars.
    /// </summary>
    public Task<IReadOnlyList<Pillar>> RegisterPillarsAsync(Caller caller, IReadOnlyList<Pillar> pillars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(pillars);
        return WriteAsync<IReadOnlyList<Pillar>>(caller, async (connection, transaction) =>
        {
            var notes = new List<JournalNote>();
            var added = new List<Pillar>();
            var numbers = new HashSet<string>(StringComparer.Ordinal);
            var sectors = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var given in pillars)
            {
                if (!Permissions.MayPlanPillarsFor(caller, given.Owner))
                {
                    throw new NotPermittedException("A delegation's co-chairs, legal experts, cartographers and advisers register their own party's pillar plans.");
                }

                if (!caller.IsCommissionSystem && given.Publication == Publication.Published)
                {
                    throw new RuleViolationException("Pillars are registered as a draft or submitted; the commission publishes them.");
                }

                if (!sectors.TryGetValue(given.SectorId, out var known))
                {
                    known = sectors[given.SectorId] = (await QuerySectorsAsync(connection, transaction, caller, "s.sector_id = $1", given.SectorId, cancellationToken)).Count == 1;
                }

                if (!known)
                {
                    throw new RecordNotFoundException("sector", given.SectorId);
                }

                var number = given.Number.ToString();
                if (!numbers.Add(number) || await PillarNumberTakenAsync(connection, transaction, number, given.Owner, cancellationToken))
                {
                    throw new RuleViolationException($"Pillar number {number} is already in the register; a new pillar takes a new number (e.g. one between its neighbours).");
                }

                if (given.Surveyed?.Check() is { Count: > 0 } problems)
                {
                    throw new RuleViolationException($"Pillar {number}: {string.Join("; ", problems)}");
                }

                var pillar = given with { Version = 1 };
                long fid;
                await using (var insert = Command(
                    connection, transaction,
                    $"INSERT INTO pillars ({PillarColumns}, geom) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, {GeometryValue(24)}) RETURNING fid",
                    [.. PillarValues(pillar), EncodeGeometry(PlannedPoint.CreatePoint(new Coordinate(pillar.Planned.Longitude, pillar.Planned.Latitude)))]))
                {
                    fid = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                }

                await AppendPillarHistoryAsync(connection, transaction, caller, "pillar.register", fid, pillar, cancellationToken);
                notes.Add(new JournalNote("pillar.register", "pillar", number, null, Snapshot(pillar)));
                added.Add(pillar);
            }

            return ((IReadOnlyList<Pillar>)added, (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    /// <summary>
    /// Changes a pillar's type, status, survey or publication. The number, sector and planned position never change:
    /// a survey never moves the plan, and a pillar set elsewhere is "relocated" with its new surveyed position.
    /// </summary>
    public Task<Pillar> ChangePillarAsync(Caller caller, Pillar pillar, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(pillar);
        return WriteAsync<Pillar>(caller, async (connection, transaction) =>
        {
            var number = pillar.Number.ToString();
            var current = await ResolvePillarAsync(connection, transaction, caller, number, cancellationToken) ?? throw new RecordNotFoundException("pillar", number);
            var changed = await ChangePillarAsync(connection, transaction, caller, current, pillar, expectedVersion, cancellationToken);
            return (changed.Pillar, (IReadOnlyList<JournalNote>)[changed.Note]);
        }, cancellationToken);
    }

    /// <summary>
    /// Submits the caller's delegation's draft pillars of a sector: the draft becomes the delegation's submission to the
    /// commission, seen by every member, and only the commission publishes it. Nothing to submit is a refusal, so a
    /// caller learns nothing of another delegation's drafts.
    /// </summary>
    public Task<IReadOnlyList<Pillar>> SubmitPillarsAsync(Caller caller, string sectorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectorId);
        return WriteAsync<IReadOnlyList<Pillar>>(caller, async (connection, transaction) =>
        {
            var party = caller.Account?.Party;
            if (party is null || !Permissions.MayPlanPillarsFor(caller, party))
            {
                throw new NotPermittedException("A delegation's co-chairs, legal experts, cartographers and advisers submit their own party's pillar plans.");
            }

            if ((await QuerySectorsAsync(connection, transaction, caller, "s.sector_id = $1", sectorId, cancellationToken)).Count != 1)
            {
                throw new RecordNotFoundException("sector", sectorId);
            }

            var drafts = (await QueryPillarRowsAsync(connection, transaction, caller, "sector_id = $1", [sectorId], cancellationToken))
                .Where(row => row.Pillar.Publication == Publication.Draft && row.Pillar.Owner == party)
                .ToList();
            if (drafts.Count == 0)
            {
                throw new RuleViolationException($"{party} has no draft pillars of sector {sectorId} to submit.");
            }

            var submitted = new List<Pillar>();
            var notes = new List<JournalNote>();
            foreach (var draft in drafts)
            {
                var changed = await ChangePillarAsync(connection, transaction, caller, draft, draft.Pillar with { Publication = Publication.Submitted }, draft.Pillar.Version, cancellationToken);
                submitted.Add(changed.Pillar);
                notes.Add(changed.Note);
            }

            return ((IReadOnlyList<Pillar>)submitted, (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    /// <summary>Records every observation of a survey in one transaction: all of them, or none when one is refused.</summary>
    public Task<IReadOnlyList<Pillar>> RecordSurveyAsync(Caller caller, IReadOnlyList<SurveyObservation> observations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(observations);
        return WriteAsync<IReadOnlyList<Pillar>>(caller, async (connection, transaction) =>
        {
            if (!Permissions.MayRecordSurvey(caller))
            {
                throw new NotPermittedException("The survey teams' cartographers and the mediator's advisers record surveys.");
            }

            var results = new List<Pillar>();
            var notes = new List<JournalNote>();
            foreach (var observation in observations)
            {
                var number = observation.Number.ToString();
                var found = await ResolvePillarAsync(connection, transaction, caller, number, cancellationToken) ?? throw new RecordNotFoundException("pillar", number);
                var current = found.Pillar;
                var changed = await ChangePillarAsync(
                    connection, transaction, caller, found, current with { Surveyed = observation.Position, Status = observation.Status }, current.Version, cancellationToken);
                results.Add(changed.Pillar);
                notes.Add(changed.Note);
            }

            return ((IReadOnlyList<Pillar>)results, (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    private async Task<(Pillar Pillar, JournalNote Note)> ChangePillarAsync(
        DbConnection connection, DbTransaction transaction, Caller caller, (long Fid, Pillar Pillar) found, Pillar pillar, int expectedVersion, CancellationToken cancellationToken)
    {
        var (fid, current) = found;
        var number = current.Number.ToString();
        if (pillar.Number != current.Number)
        {
            throw new RuleViolationException($"Pillar {number}: a pillar's number never changes.");
        }

        var surveying = pillar.Surveyed != current.Surveyed || pillar.Status != current.Status;
        var publishing = pillar.Publication != current.Publication;
        var replanning = pillar.Type != current.Type;
        if ((surveying && !Permissions.MayRecordSurvey(caller))
            || (replanning && !Permissions.MayPlanPillarsFor(caller, current.Owner))
            || (publishing && pillar.Publication == Publication.Published && !Permissions.MayPublishPillars(caller))
            || (publishing && pillar.Publication == Publication.Submitted && !Permissions.MayPlanPillarsFor(caller, current.Owner)))
        {
            throw new NotPermittedException("Survey teams record surveys and statuses; the owning delegation changes and submits its plan; co-chairs and the mediator's advisers publish.");
        }

        if (current.Version != expectedVersion)
        {
            throw new VersionConflictException("pillar", number, expectedVersion, current.Version);
        }

        if (pillar.SectorId != current.SectorId || pillar.Planned != current.Planned || pillar.Owner != current.Owner || pillar.Chainage != current.Chainage)
        {
            throw new RuleViolationException($"Pillar {number}: its sector, owner and planned position never change; a pillar set elsewhere is recorded as relocated, with where it now stands as its surveyed position.");
        }

        if (publishing && !caller.IsCommissionSystem && (int)pillar.Publication < (int)current.Publication)
        {
            throw new RuleViolationException($"Pillar {number}: a {current.Publication.ToString().ToLowerInvariant()} pillar cannot go back to {pillar.Publication.ToString().ToLowerInvariant()}.");
        }

        if (pillar.Surveyed?.Check() is { Count: > 0 } problems)
        {
            throw new RuleViolationException($"Pillar {number}: {string.Join("; ", problems)}");
        }

        if (current.Publication == Publication.Draft && pillar.Publication != Publication.Draft
            && await PillarNumberShownAsync(connection, transaction, number, fid, cancellationToken))
        {
            // The clashing pillar is submitted or published, so every member already sees it: saying so reveals nothing.
            throw new RuleViolationException($"Pillar {number}: a submitted or published pillar already has this number; renumber the draft (e.g. between its neighbours) before submitting it.");
        }

        var changed = pillar with { Version = current.Version + 1 };
        var values = PillarValues(changed);
        await using (var update = Command(
            connection, transaction,
            "UPDATE pillars SET pillar_type = $3, reason = $4, feature = $6, planned_height = $9, status = $10, surveyed_lat = $11, surveyed_lon = $12, surveyed_height = $13, " +
            "height_system = $14, survey_frame = $15, survey_epoch = $16, survey_method = $17, survey_accuracy_m = $18, surveyed_on = $19, survey = $20, publication = $22, version = $23 " +
            "WHERE fid = $25 AND number = $1 AND version = $24 AND sector_id = $2 AND chainage_m = $5 AND planned_lat = $7 AND planned_lon = $8 AND coalesce(owner, '') = coalesce($21, '')",
            [.. values, expectedVersion, fid]))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new VersionConflictException("pillar", number, expectedVersion, current.Version);
            }
        }

        var action = surveying ? "pillar.survey" : publishing ? "pillar.publication" : "pillar.change";
        await AppendPillarHistoryAsync(connection, transaction, caller, action, fid, changed, cancellationToken);
        return (changed, new JournalNote(action, "pillar", number, Snapshot(current), Snapshot(changed)));
    }

    /// <summary>Adds an inspection with its photos; what an inspection found is never changed afterwards.</summary>
    public Task<PillarInspection> AddInspectionAsync(Caller caller, PillarInspection inspection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(inspection);
        return WriteAsync<PillarInspection>(caller, async (connection, transaction) =>
        {
            if (!Permissions.MayRecordSurvey(caller))
            {
                throw new NotPermittedException("The survey teams' cartographers and the mediator's advisers record inspections.");
            }

            var (fid, pillar) = await ResolvePillarAsync(connection, transaction, caller, inspection.Number, cancellationToken)
                ?? throw new RecordNotFoundException("pillar", inspection.Number);
            if (inspection.Photos.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != inspection.Photos.Count)
            {
                throw new RuleViolationException("Two photos of one inspection have the same name.");
            }

            var id = Guid.NewGuid().ToString("n");
            var recorded = inspection with { Inspector = caller.Account?.Id ?? Journal.SystemActor };
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO pillar_inspections (inspection_id, pillar_fid, number, inspected_on, found, notes, inspector, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                cancellationToken, id, fid, pillar.Number.ToString(), inspection.InspectedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), inspection.Found.ToString(), inspection.Notes,
                recorded.Inspector, Time(Clock.GetUtcNow()));
            foreach (var photo in inspection.Photos)
            {
                await ExecuteAsync(
                    connection, transaction, "INSERT INTO pillar_photos (inspection_id, name, content_type, content) VALUES ($1, $2, $3, $4)", cancellationToken,
                    id, photo.Name, photo.ContentType, photo.Content);
            }

            var note = new
            {
                inspection = id,
                inspectedOn = inspection.InspectedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                found = inspection.Found.ToString(),
                notes = inspection.Notes,
                photos = inspection.Photos.Select(p => new { name = p.Name, sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(p.Content)) }).ToArray(),
            };
            await AppendPillarHistoryAsync(connection, transaction, caller, "pillar.inspect", note, fid, pillar.Number.ToString(), cancellationToken);
            return (recorded, (IReadOnlyList<JournalNote>)[new JournalNote("pillar.inspect", "pillar", inspection.Number, null, note)]);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<PillarInspection>> ListInspectionsAsync(Caller caller, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        if (await ResolvePillarAsync(connection, null, caller, number, cancellationToken) is not { } found)
        {
            return [];
        }

        var fid = found.Fid;

        var photos = new Dictionary<string, List<PillarPhoto>>(StringComparer.Ordinal);
        await using (var command = Command(
            connection, null,
            "SELECT p.inspection_id, p.name, p.content_type, p.content FROM pillar_photos p JOIN pillar_inspections i ON i.inspection_id = p.inspection_id WHERE i.pillar_fid = $1 ORDER BY p.fid",
            fid))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!photos.TryGetValue(id, out var list))
                {
                    photos[id] = list = [];
                }

                list.Add(new PillarPhoto(reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3)));
            }
        }

        var inspections = new List<PillarInspection>();
        await using (var command = Command(connection, null, "SELECT inspection_id, inspected_on, found, notes, inspector FROM pillar_inspections WHERE pillar_fid = $1 ORDER BY inspected_on, fid", fid))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inspections.Add(new PillarInspection(
                    number,
                    DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Enum.Parse<PillarStatus>(reader.GetString(2)),
                    reader.GetString(3),
                    photos.TryGetValue(reader.GetString(0), out var taken) ? taken : [])
                {
                    Inspector = reader.GetString(4),
                });
            }
        }

        return inspections;
    }

    public async Task<IReadOnlyList<PillarHistoryEntry>> ListPillarHistoryAsync(Caller caller, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        if (await ResolvePillarAsync(connection, null, caller, number, cancellationToken) is not { } found)
        {
            return [];
        }

        var fid = found.Fid;

        var entries = new List<PillarHistoryEntry>();
        await using var command = Command(connection, null, "SELECT fid, at, actor, action, snapshot FROM pillar_history WHERE pillar_fid = $1 ORDER BY fid", fid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new PillarHistoryEntry(number, Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), ParseTime(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return entries;
    }

    /// <summary>
    /// Whether registering <paramref name="number"/> for <paramref name="owner"/> would clash with a pillar the owner
    /// sees: its own draft of that number, or a submitted or published one. Other delegations' drafts do not count, so
    /// a refusal never reveals one.
    /// </summary>
    private async Task<bool> PillarNumberTakenAsync(DbConnection connection, DbTransaction transaction, string number, PartyCode? owner, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection, transaction,
            "SELECT count(*) FROM pillars WHERE number = $1 AND (publication <> 'Draft' OR coalesce(owner, '') = coalesce($2, ''))",
            number, owner?.Value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Whether a submitted or published pillar other than <paramref name="fid"/> has this number.</summary>
    private async Task<bool> PillarNumberShownAsync(DbConnection connection, DbTransaction transaction, string number, long fid, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT count(*) FROM pillars WHERE number = $1 AND publication <> 'Draft' AND fid <> $2", number, fid);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private Task AppendPillarHistoryAsync(DbConnection connection, DbTransaction transaction, Caller caller, string action, long fid, Pillar pillar, CancellationToken cancellationToken) =>
        AppendPillarHistoryAsync(connection, transaction, caller, action, Snapshot(pillar), fid, pillar.Number.ToString(), cancellationToken);

    private async Task AppendPillarHistoryAsync(DbConnection connection, DbTransaction transaction, Caller caller, string action, object snapshot, long fid, string number, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            connection, transaction, "INSERT INTO pillar_history (pillar_fid, number, at, actor, action, snapshot) VALUES ($1, $2, $3, $4, $5, $6)", cancellationToken,
            fid, number, Time(Clock.GetUtcNow()), caller.Account?.Id ?? Journal.SystemActor, action, JsonSerializer.Serialize(snapshot));

    private Task<IReadOnlyList<Pillar>> QueryPillarsAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string condition, string? key, CancellationToken cancellationToken) =>
        QueryPillarsAsync(connection, transaction, caller, condition, [key], cancellationToken);

    /// <summary>
    /// The pillars the caller may see, one per number as <see cref="ResolvePillarAsync"/> resolves it: where the caller's
    /// own draft shares its number with a submitted or published pillar, the draft stands for the number (so a list, a
    /// map tile and the OGC collection agree with a look-up by number, and a feature id names one pillar).
    /// </summary>
    private async Task<IReadOnlyList<Pillar>> QueryPillarsAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string condition, object?[] values, CancellationToken cancellationToken)
    {
        var pillars = (await QueryPillarRowsAsync(connection, transaction, caller, condition, values, cancellationToken)).Select(row => row.Pillar).ToList();
        var party = caller.Account?.Party;
        if (party is null)
        {
            return pillars;
        }

        var drafted = pillars.Where(p => p.Publication == Publication.Draft && p.Owner == party).Select(p => p.Number).ToHashSet();
        return [.. pillars.Where(p => p.Publication == Publication.Draft || !drafted.Contains(p.Number))];
    }

    /// <summary>The pillars the caller may see that meet the condition, each with its surrogate key, in register order.</summary>
    private async Task<List<(long Fid, Pillar Pillar)>> QueryPillarRowsAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string condition, object?[] values, CancellationToken cancellationToken)
    {
        var pillars = new List<(long Fid, Pillar Pillar)>();
        await using var command = Command(connection, transaction, $"SELECT {PillarColumns}, fid FROM pillars WHERE {condition}", values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var pillar = ReadPillar(reader);
            if (caller.MaySee(pillar.Owner, pillar.Publication))
            {
                pillars.Add((Convert.ToInt64(reader.GetValue(23), CultureInfo.InvariantCulture), pillar));
            }
        }

        // Register order; a number held both as the caller's draft and as a submitted pillar lists the draft first.
        pillars.Sort((a, b) => a.Pillar.SectorId != b.Pillar.SectorId ? string.CompareOrdinal(a.Pillar.SectorId, b.Pillar.SectorId)
            : a.Pillar.Number != b.Pillar.Number ? a.Pillar.Number.CompareTo(b.Pillar.Number)
            : a.Pillar.Publication.CompareTo(b.Pillar.Publication));
        return pillars;
    }

    private static Pillar ReadPillar(DbDataReader r)
    {
        double? Real(int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var number = PillarNumber.Parse(r.GetString(0)) ?? throw new StoreException($"the register holds a pillar numbered '{r.GetString(0)}', which is not a pillar number");
        SurveyedPosition? surveyed = null;
        if (Real(10) is { } lat && Real(11) is { } lon)
        {
            surveyed = new SurveyedPosition(new GeoPoint(lat, lon), Text(14) ?? "", Real(15) ?? 0, Text(16) ?? "", Real(17) ?? 0)
            {
                Height = Real(12),
                HeightSystem = Text(13) ?? "",
                ObservedOn = Text(18) is { } on ? DateOnly.ParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                Survey = Text(19) ?? "",
            };
        }

        return new Pillar(number, r.GetString(1), Enum.Parse<PillarType>(r.GetString(2)), new GeoPoint(Real(6)!.Value, Real(7)!.Value))
        {
            Reason = Enum.Parse<PillarReason>(r.GetString(3)),
            Chainage = Real(4)!.Value,
            Feature = Text(5),
            PlannedHeight = Real(8),
            Status = Enum.Parse<PillarStatus>(r.GetString(9)),
            Surveyed = surveyed,
            Owner = Text(20) is { } owner ? new PartyCode(owner) : null,
            Publication = Enum.Parse<Publication>(r.GetString(21)),
            Version = r.GetInt32(22),
        };
    }

    private static object?[] PillarValues(Pillar p)
    {
        var s = p.Surveyed;
        return
        [
            p.Number.ToString(), p.SectorId, p.Type.ToString(), p.Reason.ToString(), p.Chainage, p.Feature, p.Planned.Latitude, p.Planned.Longitude, p.PlannedHeight,
            p.Status.ToString(), s?.Position.Latitude, s?.Position.Longitude, s?.Height, s?.HeightSystem, s?.Frame, s?.Epoch, s?.Method, s?.AccuracyMetres,
            s?.ObservedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s?.Survey, p.Owner?.Value, p.Publication.ToString(), p.Version,
        ];
    }

    private static object Snapshot(Pillar p) => new
    {
        number = p.Number.ToString(),
        sector = p.SectorId,
        type = p.Type.ToString(),
        reason = p.Reason.ToString(),
        chainage = p.Chainage,
        feature = p.Feature,
        planned = new[] { p.Planned.Latitude, p.Planned.Longitude },
        plannedHeight = p.PlannedHeight,
        status = p.Status.ToString(),
        surveyed = p.Surveyed is { } s
            ? new
            {
                position = new[] { s.Position.Latitude, s.Position.Longitude },
                height = s.Height,
                heightSystem = s.HeightSystem,
                frame = s.Frame,
                epoch = s.Epoch,
                method = s.Method,
                accuracy = s.AccuracyMetres,
                observedOn = s.ObservedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                survey = s.Survey,
            }
            : null,
        owner = p.Owner?.Value,
        publication = p.Publication.ToString(),
        version = p.Version,
    };
}
