using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Demarcate.Core;
using Demarcate.Core.Humanitarian;
using Demarcate.Core.Trust;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    private const string CaseColumns = "case_id, kind, party, status, reported_on, version, erased_at, key_id, wrapped_key";

    private readonly Lock _humanitarianKeyLock = new();
    private string? _humanitarianKeyFile;
    private byte[]? _humanitarianKey;

    /// <summary>
    /// Names the file of the key-encryption key of humanitarian cases. The file is read (or created, mode 0600) the
    /// first time a case is opened or read, so a store that never holds a case never needs it.
    /// </summary>
    public void UseHumanitarianKeyFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        lock (_humanitarianKeyLock)
        {
            _humanitarianKeyFile = path;
            _humanitarianKey = null;
        }
    }

    private byte[] HumanitarianKey()
    {
        lock (_humanitarianKeyLock)
        {
            return _humanitarianKey ??= HumanitarianKeyFile.LoadOrCreate(
                _humanitarianKeyFile ?? throw new StoreException($"{Description}: no humanitarian key file is configured, so humanitarian cases can be neither sealed nor opened"));
        }
    }

    public Task<CaseRecord> AddHumanitarianCaseAsync(Caller caller, CaseKind kind, PartyCode party, DateOnly reportedOn, PersonalParticulars person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(person);
        return WriteAsync<CaseRecord>(caller, async (connection, transaction) =>
        {
            var commission = await CommissionPartiesAsync(connection, transaction, cancellationToken);
            if (!commission.States.Contains(party))
            {
                throw new RuleViolationException($"A case belongs to one of the commission's two states ({string.Join(", ", commission.States)}), whose national the person is; {party} is not one of them.");
            }

            if (!HumanitarianAccess.MaySeeCase(caller, party, commission.Mediator) || !(caller.IsCommissionSystem || HumanitarianAccess.IsOfficer(caller)))
            {
                throw new NotPermittedException("The humanitarian officers of the person's party and of the mediator open humanitarian cases.");
            }

            var kek = HumanitarianKey();
            var id = "hc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var caseKey = CaseSeal.NewCaseKey();
            var record = new CaseRecord(id, kind, party, CaseStatus.Reported, reportedOn);
            var now = Clock.GetUtcNow();
            var actor = caller.Account?.Id ?? Journal.SystemActor;
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO humanitarian_cases (case_id, kind, party, status, reported_on, key_id, wrapped_key, created_by, created_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)",
                cancellationToken, id, kind.ToString(), party.Value, record.Status.ToString(), Day(reportedOn), CaseSeal.KeyIdOf(kek), CaseSeal.WrapCaseKey(kek, id, caseKey), actor, Time(now));
            var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (field, value) in person.Fields())
            {
                var sealedValue = CaseSeal.SealField(caseKey, id, field, value);
                await ExecuteAsync(connection, transaction, "INSERT INTO humanitarian_fields (case_id, field, sealed) VALUES ($1, $2, $3)", cancellationToken, id, field, sealedValue);
                hashes[field] = Convert.ToHexStringLower(SHA256.HashData(sealedValue));
            }

            CryptographicOperations.ZeroMemory(caseKey);
            await AppendCaseHistoryAsync(connection, transaction, id, now, actor, record.Status, null, cancellationToken);
            // The journal holds what was sealed (field names and hashes of the ciphertext), never a personal value.
            var note = new JournalNote("humanitarian.add", "humanitarian-case", id, null, new
            {
                kind = kind.ToString(),
                party = party.Value,
                status = record.Status.ToString(),
                reportedOn = Day(reportedOn),
                keyId = CaseSeal.KeyIdOf(kek),
                sealedFields = hashes,
            });
            return (record, (IReadOnlyList<JournalNote>)[note]);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<CaseRecord>> ListHumanitarianCasesAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        var mediator = (await CommissionPartiesAsync(connection, null, cancellationToken)).Mediator;
        var cases = await QueryCasesAsync(connection, null, "case_id = coalesce($1, case_id)", null, cancellationToken);
        return [.. cases.Select(c => c.Record).Where(c => HumanitarianAccess.MaySeeCase(caller, c.Party, mediator)).OrderBy(c => c.ReportedOn).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    public Task<HumanitarianCase> ReadHumanitarianCaseAsync(Caller caller, string caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(caseId);
        return WriteAsync<HumanitarianCase>(caller, async (connection, transaction) =>
        {
            var found = await VisibleCaseAsync(connection, transaction, caller, caseId, cancellationToken);
            PersonalParticulars? person = null;
            var fields = new List<string>();
            if (found.WrappedKey is { } wrapped)
            {
                var caseKey = UnwrapCaseKey(found, wrapped);
                var opened = new List<KeyValuePair<string, string?>>();
                await using (var command = Command(connection, transaction, "SELECT field, sealed FROM humanitarian_fields WHERE case_id = $1 ORDER BY fid", caseId))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        var field = reader.GetString(0);
                        opened.Add(new(field, CaseSeal.OpenField(caseKey, caseId, field, (byte[])reader.GetValue(1))));
                        fields.Add(field);
                    }
                }

                CryptographicOperations.ZeroMemory(caseKey);
                var parsed = PersonalParticulars.FromFields(opened, caseId);
                person = parsed.Success ? parsed.Value : throw new StoreException($"{Description}: case {caseId} holds a field that is not one of a humanitarian case");
            }

            var history = await CaseHistoryAsync(connection, transaction, caseId, cancellationToken);
            // Every opening of a case is on the record: who read which case, when, and which fields were decrypted.
            var note = new JournalNote("humanitarian.read", "humanitarian-case", caseId, null, new { fields, erased = found.Record.IsErased });
            return (new HumanitarianCase(found.Record, person, history), (IReadOnlyList<JournalNote>)[note]);
        }, cancellationToken);
    }

    public Task<CaseRecord> ChangeHumanitarianStatusAsync(Caller caller, string caseId, CaseStatus status, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(caseId);
        return WriteAsync<CaseRecord>(caller, async (connection, transaction) =>
        {
            var current = (await VisibleCaseAsync(connection, transaction, caller, caseId, cancellationToken)).Record;
            if (current.Version != expectedVersion)
            {
                throw new VersionConflictException("humanitarian case", caseId, expectedVersion, current.Version);
            }

            var (changed, note) = await MoveCaseAsync(connection, transaction, caller, current, status, null, cancellationToken);
            return (changed, (IReadOnlyList<JournalNote>)[note]);
        }, cancellationToken);
    }

    public Task<CaseExchange> RecordExchangeAsync(Caller caller, CaseExchange exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(exchange);
        return WriteAsync<CaseExchange>(caller, async (connection, transaction) =>
        {
            if (!(caller.IsCommissionSystem || HumanitarianAccess.IsOfficer(caller)))
            {
                throw new NotPermittedException("Humanitarian officers record exchanges.");
            }

            if (exchange.CaseIds.Count == 0 || exchange.CaseIds.Distinct(StringComparer.Ordinal).Count() != exchange.CaseIds.Count)
            {
                throw new RuleViolationException("An exchange settles at least one case, each named once.");
            }

            if (string.IsNullOrWhiteSpace(exchange.Place) || string.IsNullOrWhiteSpace(exchange.Intermediary))
            {
                throw new RuleViolationException("An exchange names its place and its intermediary (e.g. the ICRC).");
            }

            var id = "hx-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var recorded = exchange with { Id = id, Place = exchange.Place.Trim(), Intermediary = exchange.Intermediary.Trim() };
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO humanitarian_exchanges (exchange_id, held_on, place, intermediary, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
                cancellationToken, id, Day(recorded.HeldOn), recorded.Place, recorded.Intermediary, caller.Account?.Id ?? Journal.SystemActor, Time(Clock.GetUtcNow()));
            var notes = new List<JournalNote> { new("humanitarian.exchange", "humanitarian-exchange", id, null, new { heldOn = Day(recorded.HeldOn), place = recorded.Place, intermediary = recorded.Intermediary, cases = recorded.CaseIds }) };
            foreach (var caseId in recorded.CaseIds)
            {
                var current = (await VisibleCaseAsync(connection, transaction, caller, caseId, cancellationToken)).Record;
                await ExecuteAsync(connection, transaction, "INSERT INTO humanitarian_exchange_cases (exchange_id, case_id) VALUES ($1, $2)", cancellationToken, id, caseId);
                notes.Add((await MoveCaseAsync(connection, transaction, caller, current, CaseStatuses.AfterExchange(current.Kind), id, cancellationToken)).Note);
            }

            return (recorded, (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    public async Task<CaseFigures> SummariseHumanitarianCasesAsync(Caller caller, int disclosureThreshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!HumanitarianAccess.MaySeeFigures(caller))
        {
            throw new NotPermittedException("The humanitarian figures are for signed-in members of the commission's staff.");
        }

        if (!FigureDisclosure.IsValidThreshold(disclosureThreshold))
        {
            throw new RuleViolationException($"The disclosure threshold of the humanitarian figures is at least 1 (1 withholds nothing); {disclosureThreshold} is not.");
        }

        await using var connection = await ConnectAsync(cancellationToken);
        var mediator = (await CommissionPartiesAsync(connection, null, cancellationToken)).Mediator;
        var counts = new List<CaseCount>();
        await using (var command = Command(connection, null, "SELECT kind, party, status, count(*) FROM humanitarian_cases GROUP BY kind, party, status ORDER BY kind, party, status"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add(new CaseCount(
                    Enum.Parse<CaseKind>(reader.GetString(0)), new PartyCode(reader.GetString(1)), Enum.Parse<CaseStatus>(reader.GetString(2)),
                    Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture)));
            }
        }

        await using var exchanges = Command(connection, null, "SELECT count(*) FROM humanitarian_exchanges");
        var exact = new CaseFigures(counts, Convert.ToInt32(await exchanges.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture));
        // Small counts are withheld here, in the store, so that no page, endpoint or command can forget to.
        return FigureDisclosure.Disclose(exact, disclosureThreshold, party => HumanitarianAccess.MaySeeCase(caller, party, mediator));
    }

    public async Task<IReadOnlyList<CaseExchange>> ListHumanitarianExchangesAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await VisibleExchangesAsync(connection, caller, null, cancellationToken);
    }

    public async Task<CaseExchange> GetHumanitarianExchangeAsync(Caller caller, string exchangeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(exchangeId);
        await using var connection = await ConnectAsync(cancellationToken);
        return (await VisibleExchangesAsync(connection, caller, exchangeId, cancellationToken)).SingleOrDefault()
            ?? throw new RecordNotFoundException("humanitarian exchange", exchangeId);
    }

    /// <summary>
    /// Exchanges as the caller may see them: each names only the cases the caller may see, and an exchange with none of
    /// them is left out, so that an exchange of the other party's cases answers like one never recorded.
    /// </summary>
    private async Task<IReadOnlyList<CaseExchange>> VisibleExchangesAsync(DbConnection connection, Caller caller, string? exchangeId, CancellationToken cancellationToken)
    {
        var mediator = (await CommissionPartiesAsync(connection, null, cancellationToken)).Mediator;
        var rows = new List<(string Id, DateOnly HeldOn, string Place, string Intermediary, string CaseId)>();
        await using (var command = Command(
            connection, null,
            """
            SELECT e.exchange_id, e.held_on, e.place, e.intermediary, c.case_id, c.party
            FROM humanitarian_exchanges e
            JOIN humanitarian_exchange_cases x ON x.exchange_id = e.exchange_id
            JOIN humanitarian_cases c ON c.case_id = x.case_id
            WHERE e.exchange_id = coalesce($1, e.exchange_id)
            ORDER BY e.held_on, e.exchange_id, x.fid
            """,
            exchangeId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (HumanitarianAccess.MaySeeCase(caller, new PartyCode(reader.GetString(5)), mediator))
                {
                    rows.Add((reader.GetString(0), DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
                }
            }
        }

        return [.. rows.GroupBy(r => r.Id, StringComparer.Ordinal).Select(g =>
        {
            var first = g.First();
            return new CaseExchange(first.Id, first.HeldOn, first.Place, first.Intermediary, [.. g.Select(r => r.CaseId)]);
        })];
    }

    public Task<CaseRecord> EraseHumanitarianCaseAsync(Caller caller, string caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(caseId);
        return WriteAsync<CaseRecord>(caller, async (connection, transaction) =>
        {
            var found = await VisibleCaseAsync(connection, transaction, caller, caseId, cancellationToken);
            if (!(caller.IsCommissionSystem || HumanitarianAccess.IsOfficer(caller)))
            {
                throw new NotPermittedException("The humanitarian officers of the person's party and of the mediator erase a case.");
            }

            if (found.Record.IsErased)
            {
                throw new RuleViolationException($"Case {caseId} is already erased.");
            }

            var now = Clock.GetUtcNow();
            var erased = found.Record with { ErasedAt = Journal.ToJournalTime(now), Version = found.Record.Version + 1 };
            var changed = await ExecuteAsync(
                connection, transaction,
                "UPDATE humanitarian_cases SET wrapped_key = NULL, erased_at = $2, erased_by = $3, version = $4 WHERE case_id = $1 AND version = $5",
                cancellationToken, caseId, Time(now), caller.Account?.Id ?? Journal.SystemActor, erased.Version, found.Record.Version);
            if (changed != 1)
            {
                throw new VersionConflictException("humanitarian case", caseId, found.Record.Version, found.Record.Version + 1);
            }

            var note = new JournalNote("humanitarian.erase", "humanitarian-case", caseId, new { keyId = found.KeyId, version = found.Record.Version }, new { erased = true, version = erased.Version });
            return (erased, (IReadOnlyList<JournalNote>)[note]);
        }, cancellationToken);
    }

    private sealed record StoredCase(CaseRecord Record, string KeyId, byte[]? WrappedKey);

    private byte[] UnwrapCaseKey(StoredCase found, byte[] wrapped)
    {
        var kek = HumanitarianKey();
        if (CaseSeal.KeyIdOf(kek) != found.KeyId)
        {
            throw new StoreException($"{Description}: case {found.Record.Id} was sealed under humanitarian key {found.KeyId}, not the configured key {CaseSeal.KeyIdOf(kek)}");
        }

        return CaseSeal.UnwrapCaseKey(kek, found.Record.Id, wrapped);
    }

    private async Task<(CaseRecord Record, JournalNote Note)> MoveCaseAsync(
        DbConnection connection, DbTransaction transaction, Caller caller, CaseRecord current, CaseStatus status, string? exchangeId, CancellationToken cancellationToken)
    {
        if (!(caller.IsCommissionSystem || HumanitarianAccess.IsOfficer(caller)))
        {
            throw new NotPermittedException("The humanitarian officers of the person's party and of the mediator change a case's status.");
        }

        if (CaseStatuses.RefusalOfMove(current.Kind, current.Status, status) is { } refusal)
        {
            throw new RuleViolationException($"Case {current.Id}: {refusal}.");
        }

        var changed = current with { Status = status, Version = current.Version + 1 };
        if (await ExecuteAsync(
                connection, transaction, "UPDATE humanitarian_cases SET status = $2, version = $3 WHERE case_id = $1 AND version = $4", cancellationToken,
                current.Id, status.ToString(), changed.Version, current.Version) != 1)
        {
            throw new VersionConflictException("humanitarian case", current.Id, current.Version, current.Version + 1);
        }

        var actor = caller.Account?.Id ?? Journal.SystemActor;
        await AppendCaseHistoryAsync(connection, transaction, current.Id, Clock.GetUtcNow(), actor, status, exchangeId, cancellationToken);
        return (changed, new JournalNote(
            "humanitarian.status", "humanitarian-case", current.Id,
            new { status = current.Status.ToString(), version = current.Version },
            new { status = status.ToString(), version = changed.Version, exchange = exchangeId }));
    }

    private async Task<StoredCase> VisibleCaseAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string caseId, CancellationToken cancellationToken)
    {
        var mediator = (await CommissionPartiesAsync(connection, transaction, cancellationToken)).Mediator;
        var found = (await QueryCasesAsync(connection, transaction, "case_id = $1", caseId, cancellationToken)).SingleOrDefault();
        return found is not null && HumanitarianAccess.MaySeeCase(caller, found.Record.Party, mediator)
            ? found
            : throw new RecordNotFoundException("humanitarian case", caseId);
    }

    private async Task<IReadOnlyList<StoredCase>> QueryCasesAsync(DbConnection connection, DbTransaction? transaction, string condition, string? key, CancellationToken cancellationToken)
    {
        var cases = new List<StoredCase>();
        await using var command = Command(connection, transaction, $"SELECT {CaseColumns} FROM humanitarian_cases WHERE {condition}", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = new CaseRecord(
                reader.GetString(0), Enum.Parse<CaseKind>(reader.GetString(1)), new PartyCode(reader.GetString(2)), Enum.Parse<CaseStatus>(reader.GetString(3)),
                DateOnly.ParseExact(reader.GetString(4), "yyyy-MM-dd", CultureInfo.InvariantCulture))
            {
                Version = reader.GetInt32(5),
                ErasedAt = reader.IsDBNull(6) ? null : ParseTime(reader.GetString(6)),
            };
            cases.Add(new StoredCase(record, reader.GetString(7), reader.IsDBNull(8) ? null : (byte[])reader.GetValue(8)));
        }

        return cases;
    }

    private async Task<IReadOnlyList<CaseStatusChange>> CaseHistoryAsync(DbConnection connection, DbTransaction? transaction, string caseId, CancellationToken cancellationToken)
    {
        var history = new List<CaseStatusChange>();
        await using var command = Command(connection, transaction, "SELECT at, actor, status, exchange_id FROM humanitarian_history WHERE case_id = $1 ORDER BY fid", caseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new CaseStatusChange(ParseTime(reader.GetString(0)), reader.GetString(1), Enum.Parse<CaseStatus>(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return history;
    }

    private async Task AppendCaseHistoryAsync(DbConnection connection, DbTransaction transaction, string caseId, DateTimeOffset at, string actor, CaseStatus status, string? exchangeId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            connection, transaction, "INSERT INTO humanitarian_history (case_id, at, actor, status, exchange_id) VALUES ($1, $2, $3, $4, $5)", cancellationToken,
            caseId, Time(at), actor, status.ToString(), exchangeId);

    private async Task<(PartyCode[] States, PartyCode Mediator)> CommissionPartiesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT first_state, second_state, mediator FROM commission");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? ([new PartyCode(reader.GetString(0)), new PartyCode(reader.GetString(1))], new PartyCode(reader.GetString(2)))
            : throw new StoreException($"{Description}: the store holds no commission");
    }

}
