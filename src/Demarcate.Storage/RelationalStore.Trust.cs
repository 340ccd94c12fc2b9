using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using NetTopologySuite.IO;

namespace Demarcate.Storage;

/// <summary>An account as the store keeps it, with what sign-in needs.</summary>
public sealed record StoredAccount(Account Account, string PasswordHash, int FailedSignIns, DateTimeOffset? LastFailureAt, bool Disabled, int Version);

/// <summary>One change, as it goes into the journal: what happened to which record, before and after.</summary>
public sealed record JournalNote(string Action, string RecordType, string RecordId, object? Before, object? After);

public abstract partial class RelationalStore
{
    private ECDsa? _journalKey;
    private string? _journalSignerId;

    /// <summary>The clock the store stamps records and journal entries with.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The id of the key that signs the journal head after every write (null until a key is set).</summary>
    public string? JournalSignerId => _journalSignerId;

    /// <summary>
    /// Sets the key that signs the journal head after every write. It is kept outside the store (a key
    /// file); its public half is recorded in the store so that <c>verify</c> can name it.
    /// </summary>
    public async Task UseJournalKeyAsync(ECDsa key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var publicKey = key.ExportSubjectPublicKeyInfo();
        var keyId = SigningKey.KeyIdOf(publicKey);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var exists = Command(connection, null, "SELECT count(*) FROM journal_keys WHERE key_id = $1", keyId);
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            await ExecuteAsync(connection, null, "INSERT INTO journal_keys (key_id, public_key, created_at) VALUES ($1, $2, $3)", cancellationToken, keyId, publicKey, Time(Clock.GetUtcNow()));
        }

        _journalKey = key;
        _journalSignerId = keyId;
    }

    /// <summary>The serialisation point of every write: the backend takes its write lock here.</summary>
    protected virtual Task LockForWriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs one write: a transaction holding the write lock, the change itself, its journal entries,
    /// and a signed journal head, all committed together or not at all.
    /// </summary>
    protected async Task<T> WriteAsync<T>(
        Caller caller,
        Func<DbConnection, DbTransaction, Task<(T Result, IReadOnlyList<JournalNote> Notes)>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockForWriteAsync(connection, transaction, cancellationToken);
        var (result, notes) = await work(connection, transaction);
        await AppendJournalAsync(connection, transaction, caller, notes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task AppendJournalAsync(DbConnection connection, DbTransaction transaction, Caller caller, IReadOnlyList<JournalNote> notes, CancellationToken cancellationToken)
    {
        if (notes.Count == 0)
        {
            return;
        }

        var head = await ReadJournalHeadAsync(connection, transaction, cancellationToken);
        var actor = caller.Account?.Id ?? Journal.SystemActor;
        var now = Clock.GetUtcNow();
        foreach (var note in notes)
        {
            head = Journal.Next(
                head, now, actor, note.Action, note.RecordType, note.RecordId,
                note.Before is null ? null : CanonicalJson.Serialize(note.Before),
                note.After is null ? null : CanonicalJson.Serialize(note.After));
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO journal (sequence, at, actor, action, record_type, record_id, before, after, previous_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                cancellationToken,
                head.Sequence, Time(head.At), head.Actor, head.Action, head.RecordType, head.RecordId, head.Before, head.After, head.PreviousHash.ToArray(), head.Hash.ToArray());
        }

        if (_journalKey is not null && head is not null)
        {
            var signed = JournalSigner.SignHead(head, _journalKey, _journalSignerId!, now);
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO journal_heads (sequence, hash, signed_at, signer_id, signature) VALUES ($1, $2, $3, $4, $5)",
                cancellationToken, signed.Sequence, signed.Hash.ToArray(), Time(signed.SignedAt), signed.SignerId, signed.Signature.ToArray());
        }
    }

    private async Task<JournalEntry?> ReadJournalHeadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, JournalSelect + " ORDER BY sequence DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEntry(reader) : null;
    }

    private const string JournalSelect = "SELECT sequence, at, actor, action, record_type, record_id, before, after, previous_hash, hash FROM journal";

    /// <summary>The whole journal, oldest first, streamed.</summary>
    public async IAsyncEnumerable<JournalEntry> ReadJournalAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, JournalSelect + " ORDER BY sequence");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    public async Task<JournalEntry?> GetJournalHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await ReadJournalHeadAsync(connection, null, cancellationToken);
    }

    public async Task<IReadOnlyList<SignedHead>> ListSignedHeadsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT sequence, hash, signed_at, signer_id, signature FROM journal_heads ORDER BY sequence");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var heads = new List<SignedHead>();
        while (await reader.ReadAsync(cancellationToken))
        {
            heads.Add(new SignedHead(
                reader.GetInt64(0),
                HashOf((byte[])reader.GetValue(1)),
                ParseTime(reader.GetString(2)),
                reader.GetString(3),
                ImmutableArray.Create((byte[])reader.GetValue(4))));
        }

        return heads;
    }

    /// <summary>Every public key the journal's heads may be signed with, by key id.</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> ListJournalKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT key_id, public_key FROM journal_keys");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys[reader.GetString(0)] = (byte[])reader.GetValue(1);
        }

        return keys;
    }

    private static JournalEntry ReadEntry(DbDataReader reader) => new(
        reader.GetInt64(0),
        ParseTime(reader.GetString(1)),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        HashOf((byte[])reader.GetValue(8)),
        HashOf((byte[])reader.GetValue(9)));

    /// <summary>A stored hash of the wrong length reads as all zeros, which verify reports as a broken row.</summary>
    private static JournalHash HashOf(byte[] bytes) => bytes.Length == JournalHash.Length ? JournalHash.FromBytes(bytes) : JournalHash.Zero;

    // ---- accounts ----

    private const string AccountSelect =
        "SELECT account_id, user_name, display_name, party, role, password_hash, failed_sign_ins, last_failure_at, disabled, version FROM accounts";

    /// <summary>The account a user signs in as, with its credentials (for sign-in only; never shown).</summary>
    public async Task<StoredAccount?> FindAccountAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, AccountSelect + " WHERE user_name = $1", userName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAccount(reader) : null;
    }

    public async Task<StoredAccount?> GetAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, AccountSelect + " WHERE account_id = $1", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAccount(reader) : null;
    }

    public async Task<IReadOnlyList<Account>> ListAccountsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, AccountSelect + " ORDER BY user_name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var account = ReadAccount(reader).Account;
            // Administrators see every account; a member sees their own delegation's and the co-chairs of all.
            if (Permissions.MayManageAccounts(caller) || account.Id == caller.Account?.Id
                || (caller.Account is { IsCommissionMember: true } me && (account.Party == me.Party || account.Role == Role.CoChair)))
            {
                accounts.Add(account);
            }
        }

        return accounts;
    }

    /// <summary>Creates an account with its password hash and its first signing key.</summary>
    public Task CreateAccountAsync(Caller caller, Account account, string passwordHash, WrappedSigningKey signingKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(signingKey);
        if (!Permissions.MayManageAccounts(caller))
        {
            throw new NotPermittedException("Only administrators create accounts.");
        }

        return WriteAsync<bool>(caller, async (connection, transaction) =>
        {
            await using (var taken = Command(connection, transaction, "SELECT count(*) FROM accounts WHERE user_name = $1 OR account_id = $2", account.UserName, account.Id))
            {
                if (Convert.ToInt64(await taken.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
                {
                    throw new RuleViolationException($"An account named '{account.UserName}' already exists.");
                }
            }

            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO accounts (account_id, user_name, display_name, party, role, password_hash, failed_sign_ins, last_failure_at, disabled, created_at, version) VALUES ($1, $2, $3, $4, $5, $6, 0, NULL, $7, $8, 1)",
                cancellationToken, account.Id, account.UserName, account.DisplayName, account.Party?.Value, account.Role.ToString(), passwordHash, false, Time(Clock.GetUtcNow()));
            await InsertSigningKeyAsync(connection, transaction, account.Id, signingKey, cancellationToken);
            return (true, [new JournalNote("account.create", "account", account.Id, null, Snapshot(account))]);
        }, cancellationToken);
    }

    /// <summary>Records a sign-in attempt: failures count toward the lockout, a success clears them.</summary>
    public Task RecordSignInAsync(string accountId, bool succeeded, CancellationToken cancellationToken) =>
        WriteAsync<bool>(Caller.CommissionSystem, async (connection, transaction) =>
        {
            if (succeeded)
            {
                await ExecuteAsync(connection, transaction, "UPDATE accounts SET failed_sign_ins = 0, last_failure_at = NULL WHERE account_id = $1", cancellationToken, accountId);
            }
            else
            {
                await ExecuteAsync(
                    connection, transaction, "UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1, last_failure_at = $2 WHERE account_id = $1", cancellationToken,
                    accountId, Time(Clock.GetUtcNow()));
            }

            return (true, []);
        }, cancellationToken);

    /// <summary>An administrator's password reset: a new password hash and a new signing key; the old key is retired, so old signatures stay valid but cannot be repeated.</summary>
    public Task ResetPasswordAsync(Caller caller, string accountId, string passwordHash, WrappedSigningKey newKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newKey);
        if (!Permissions.MayManageAccounts(caller))
        {
            throw new NotPermittedException("Only administrators reset passwords.");
        }

        return WriteAsync<bool>(caller, async (connection, transaction) =>
        {
            var changed = await ExecuteAsync(
                connection, transaction, "UPDATE accounts SET password_hash = $2, failed_sign_ins = 0, last_failure_at = NULL, version = version + 1 WHERE account_id = $1",
                cancellationToken, accountId, passwordHash);
            if (changed == 0)
            {
                throw new RecordNotFoundException("account", accountId);
            }

            var now = Time(Clock.GetUtcNow());
            await ExecuteAsync(
                connection, transaction, "UPDATE signing_keys SET retired_at = $2, salt = $3, nonce = $3, ciphertext = $3, tag = $3 WHERE account_id = $1 AND retired_at IS NULL",
                cancellationToken, accountId, now, Array.Empty<byte>());
            await InsertSigningKeyAsync(connection, transaction, accountId, newKey, cancellationToken);
            return (true, [new JournalNote("account.reset-password", "account", accountId, null, new { newKeyId = newKey.KeyId })]);
        }, cancellationToken);
    }

    private async Task InsertSigningKeyAsync(DbConnection connection, DbTransaction transaction, string accountId, WrappedSigningKey key, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            connection, transaction,
            "INSERT INTO signing_keys (key_id, account_id, public_key, salt, iterations, nonce, ciphertext, tag, created_at, retired_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            cancellationToken, key.KeyId, accountId, key.PublicKey, key.Salt, key.Iterations, key.Nonce, key.Ciphertext, key.Tag, Time(key.CreatedAt),
            key.RetiredAt is { } retired ? Time(retired) : null);

    /// <summary>All of an account's signing keys, the current one first; retired ones keep only their public half.</summary>
    public async Task<IReadOnlyList<WrappedSigningKey>> ListSigningKeysAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(
            connection, null,
            "SELECT key_id, public_key, salt, iterations, nonce, ciphertext, tag, created_at, retired_at FROM signing_keys WHERE account_id = $1 ORDER BY created_at DESC, key_id",
            accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<WrappedSigningKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new WrappedSigningKey(
                reader.GetString(0),
                (byte[])reader.GetValue(1),
                (byte[])reader.GetValue(2),
                reader.GetInt32(3),
                (byte[])reader.GetValue(4),
                (byte[])reader.GetValue(5),
                (byte[])reader.GetValue(6),
                ParseTime(reader.GetString(7)),
                reader.IsDBNull(8) ? null : ParseTime(reader.GetString(8))));
        }

        return keys.OrderBy(k => k.RetiredAt is null ? 0 : 1).ToList();
    }

    // ---- API tokens ----

    public Task AddApiTokenAsync(Caller caller, StoredApiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!Permissions.MayHoldTokens(caller) || caller.Account!.Id != token.AccountId)
        {
            throw new NotPermittedException("Tokens are issued to the signed-in account only.");
        }

        return WriteAsync<bool>(caller, async (connection, transaction) =>
        {
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO api_tokens (token_id, account_id, name, secret_hash, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)",
                cancellationToken, token.Id, token.AccountId, token.Name, token.SecretHash, Time(token.CreatedAt), Time(token.ExpiresAt));
            return (true, [new JournalNote("token.create", "api-token", token.Id, null, new { token.AccountId, token.Name, expiresAt = Time(token.ExpiresAt) })]);
        }, cancellationToken);
    }

    public async Task<StoredApiToken?> FindApiTokenAsync(string tokenId, CancellationToken cancellationToken) =>
        (await QueryTokensAsync("token_id = $1", tokenId, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<StoredApiToken>> ListApiTokensAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Account is null ? [] : await QueryTokensAsync("account_id = $1", caller.Account.Id, cancellationToken);
    }

    public Task RevokeApiTokenAsync(Caller caller, string tokenId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return WriteAsync<bool>(caller, async (connection, transaction) =>
        {
            // Another account's token answers exactly like a missing one.
            var changed = await ExecuteAsync(
                connection, transaction, "UPDATE api_tokens SET revoked_at = $3 WHERE token_id = $1 AND account_id = $2 AND revoked_at IS NULL",
                cancellationToken, tokenId, caller.Account?.Id ?? "", Time(Clock.GetUtcNow()));
            return changed == 0
                ? throw new RecordNotFoundException("API token", tokenId)
                : (true, [new JournalNote("token.revoke", "api-token", tokenId, null, null)]);
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<StoredApiToken>> QueryTokensAsync(string condition, string key, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(
            connection, null, $"SELECT token_id, account_id, name, secret_hash, created_at, expires_at, revoked_at FROM api_tokens WHERE {condition} ORDER BY created_at", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<StoredApiToken>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(new StoredApiToken(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                (byte[])reader.GetValue(3),
                ParseTime(reader.GetString(4)),
                ParseTime(reader.GetString(5)),
                reader.IsDBNull(6) ? null : ParseTime(reader.GetString(6))));
        }

        return tokens;
    }

    // ---- lines and sectors ----

    /// <summary>A delegation draws a line: it starts as that delegation's draft.</summary>
    public async Task<BoundaryLine> AddLineAsync(Caller caller, BoundaryLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        return (await AddLinesAsync(caller, [line], cancellationToken))[0];
    }

    /// <summary>
    /// A delegation's draft lines, written all together in one transaction or not at all: one refused line
    /// (permission, unknown section, an id already taken) refuses the whole batch.
    /// </summary>
    public Task<IReadOnlyList<BoundaryLine>> AddLinesAsync(Caller caller, IReadOnlyList<BoundaryLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new RuleViolationException("There are no lines to add.");
        }

        if (lines.Any(l => l is null))
        {
            throw new ArgumentException("A batch of lines holds no nulls.", nameof(lines));
        }

        foreach (var line in lines)
        {
            if (line.Owner is not { } owner || !Permissions.MayDrawLineFor(caller, owner))
            {
                throw new NotPermittedException("A line is drawn by a delegation for itself: cartographers, legal experts and co-chairs of that party.");
            }
        }

        var repeated = lines.GroupBy(l => l.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new RuleViolationException($"The id '{repeated.Key}' is given to more than one line; every line needs its own id.");
        }

        var drafts = lines.Select(l => l with { Version = 1, Publication = Publication.Draft }).ToList();
        return WriteAsync<IReadOnlyList<BoundaryLine>>(caller, async (connection, transaction) =>
        {
            var notes = new List<JournalNote>(drafts.Count);
            foreach (var sectionId in drafts.Select(d => d.SectionId).Distinct(StringComparer.Ordinal))
            {
                await using var section = Command(connection, transaction, "SELECT count(*) FROM sections WHERE section_id = $1", sectionId);
                if (Convert.ToInt64(await section.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
                {
                    throw new RuleViolationException($"There is no section '{sectionId}'.");
                }
            }

            foreach (var draft in drafts)
            {
                await using (var taken = Command(connection, transaction, "SELECT count(*) FROM boundary_lines WHERE line_id = $1", draft.Id))
                {
                    if (Convert.ToInt64(await taken.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
                    {
                        throw new RuleViolationException($"A line with the id '{draft.Id}' already exists; choose another id.");
                    }
                }

                await ExecuteAsync(
                    connection, transaction,
                    $"INSERT INTO boundary_lines (line_id, section_id, kind, name, source_id, claimed_by, version, owner, publication, geom) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, {GeometryValue(10)})",
                    cancellationToken, draft.Id, draft.SectionId, draft.Kind.ToString(), draft.Name, draft.SourceId, draft.ClaimedBy?.Value, draft.Version, draft.Owner!.Value.Value, draft.Publication.ToString(), EncodeGeometry(draft.Geometry));
                notes.Add(new JournalNote("line.draw", "line", draft.Id, null, Snapshot(draft)));
            }

            return ((IReadOnlyList<BoundaryLine>)drafts, (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    /// <summary>The delegation puts its draft before the commission. Writes carry the version they read.</summary>
    public async Task<BoundaryLine> SubmitLineAsync(Caller caller, string lineId, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await WriteAsync<BoundaryLine>(caller, async (connection, transaction) =>
        {
            var line = (await QueryLinesAsync(connection, transaction, caller, "line_id = $1", lineId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("line", lineId);
            if (!Permissions.MaySubmitLineOf(caller, line.Owner))
            {
                throw new NotPermittedException("Only the delegation that drew a line submits it.");
            }

            // A stale version is a conflict first of all: the caller must reload before anything else is judged.
            if (line.Version != expectedVersion)
            {
                throw new VersionConflictException("line", lineId, expectedVersion, line.Version);
            }

            if (line.Publication != Publication.Draft)
            {
                throw new RuleViolationException($"Line '{lineId}' is already {line.Publication.ToString().ToLowerInvariant()}.");
            }

            var changed = await ExecuteAsync(
                connection, transaction, "UPDATE boundary_lines SET publication = $3, version = version + 1 WHERE line_id = $1 AND version = $2",
                cancellationToken, lineId, expectedVersion, Publication.Submitted.ToString());
            if (changed == 0)
            {
                throw new VersionConflictException("line", lineId, expectedVersion, line.Version);
            }

            var submitted = line with { Publication = Publication.Submitted, Version = line.Version + 1 };
            return (submitted, (IReadOnlyList<JournalNote>)[new JournalNote("line.submit", "line", lineId, Snapshot(line), Snapshot(submitted))]);
        }, cancellationToken);
    }

    /// <summary>Moves a sector along the commission's workflow (not to delimited: that takes both co-chairs' signatures).</summary>
    public async Task<SectorOnLine> ChangeSectorStatusAsync(Caller caller, string sectorId, SectorStatus status, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await WriteAsync<SectorOnLine>(caller, async (connection, transaction) =>
        {
            var (moved, note) = await MoveSectorAsync(connection, transaction, caller, sectorId, status, expectedVersion, cancellationToken);
            return (moved, (IReadOnlyList<JournalNote>)[note]);
        }, cancellationToken);
    }

    /// <summary>One sector's workflow step inside a write (a status change on its own, or a decision's).</summary>
    private async Task<(SectorOnLine Moved, JournalNote Note)> MoveSectorAsync(
        DbConnection connection, DbTransaction transaction, Caller caller, string sectorId, SectorStatus status, int expectedVersion, CancellationToken cancellationToken)
    {
        var sector = (await QuerySectorsAsync(connection, transaction, caller, "s.sector_id = $1", sectorId, cancellationToken)).SingleOrDefault()
            ?? throw new RecordNotFoundException("sector", sectorId);
        if (!Permissions.MayChangeSectorStatus(caller))
        {
            throw new NotPermittedException("Only co-chairs and the mediator's advisers move sectors through the commission's work.");
        }

        if (sector.Sector.Version != expectedVersion)
        {
            throw new VersionConflictException("sector", sectorId, expectedVersion, sector.Sector.Version);
        }

        if (SectorWorkflow.Refusal(sector.Sector.Status, status) is { } refusal)
        {
            throw new RuleViolationException($"Sector {sectorId}: {refusal}.");
        }

        var changed = await ExecuteAsync(
            connection, transaction, "UPDATE sectors SET status = $3, version = version + 1 WHERE sector_id = $1 AND version = $2",
            cancellationToken, sectorId, expectedVersion, status.ToString());
        if (changed == 0)
        {
            throw new VersionConflictException("sector", sectorId, expectedVersion, sector.Sector.Version);
        }

        var moved = sector with { Sector = sector.Sector with { Status = status, Version = sector.Sector.Version + 1 } };
        return (moved, new JournalNote("sector.status", "sector", sectorId, new { status = sector.Sector.Status.ToString(), version = sector.Sector.Version }, new { status = status.ToString(), version = moved.Sector.Version }));
    }

    /// <summary>
    /// Replaces a password hash made at fewer iterations than today's with one at today's count, after a
    /// successful sign-in (the only moment the password is at hand). Nothing changes when the stored hash
    /// is no longer <paramref name="oldHash"/> (a reset got there first).
    /// </summary>
    public Task UpgradePasswordHashAsync(string accountId, string oldHash, string newHash, CancellationToken cancellationToken) =>
        WriteAsync<bool>(Caller.CommissionSystem, async (connection, transaction) =>
        {
            var changed = await ExecuteAsync(
                connection, transaction, "UPDATE accounts SET password_hash = $3 WHERE account_id = $1 AND password_hash = $2",
                cancellationToken, accountId, oldHash, newHash);
            return (changed > 0, changed == 0 ? [] : [new JournalNote("account.rehash", "account", accountId, null, new { scheme = newHash.Split('$')[0], iterations = newHash.Split('$')[1] })]);
        }, cancellationToken);

    // ---- snapshots for the journal: enough to show what changed, never a password or a private key ----

    private static object Snapshot(Account account) => new
    {
        id = account.Id,
        userName = account.UserName,
        displayName = account.DisplayName,
        party = account.Party?.Value,
        role = account.Role.ToString(),
    };

    /// <summary>A line in the journal: its attributes and a fingerprint of its geometry (the geometry itself may be millions of vertices).</summary>
    protected static object Snapshot(BoundaryLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false).Write(line.Geometry);
        return new
        {
            id = line.Id,
            section = line.SectionId,
            kind = line.Kind.ToString(),
            name = line.Name,
            owner = line.Owner?.Value,
            claimedBy = line.ClaimedBy?.Value,
            source = line.SourceId,
            publication = line.Publication.ToString(),
            version = line.Version,
            vertices = line.Geometry.NumPoints,
            geometrySha256 = Convert.ToHexStringLower(SHA256.HashData(wkb)),
        };
    }

    private static StoredAccount ReadAccount(DbDataReader reader) => new(
        new Account(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : new PartyCode(reader.GetString(3)),
            Enum.Parse<Role>(reader.GetString(4))),
        reader.GetString(5),
        reader.GetInt32(6),
        reader.IsDBNull(7) ? null : ParseTime(reader.GetString(7)),
        reader.GetBoolean(8),
        reader.GetInt32(9));

    /// <summary>Times are stored as ISO 8601 UTC text to the millisecond in both backends, so a round trip is exact.</summary>
    protected static string Time(DateTimeOffset time) => Journal.ToJournalTime(time).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    protected static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
