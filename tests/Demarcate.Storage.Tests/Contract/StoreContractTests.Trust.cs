using System.Security.Cryptography;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static readonly PasswordHasher FastHasher = new(1_000);
    private static readonly PartyCode Am = new("AM");
    private static readonly PartyCode Az = new("AZ");

    protected static Caller AmCartographer { get; } = Caller.For(new Account("am-carto", "am.carto", "AM cartographer", Am, Role.Cartographer));

    protected static Caller AzCartographer { get; } = Caller.For(new Account("az-carto", "az.carto", "AZ cartographer", Az, Role.Cartographer));

    protected static Caller AmCoChair { get; } = Caller.For(new Account("am-cochair", "am.cochair", "AM co-chair", Am, Role.CoChair));

    protected static Caller Administrator { get; } = Caller.For(new Account("admin", "admin", "Administrator", null, Role.Administrator));

    /// <summary>Runs raw SQL on the backend behind the application's back (to tamper with the journal).</summary>
    protected abstract Task ExecuteBehindTheBackAsync(ICommissionStore store, string sql);

    private async Task<ICommissionStore> DemoStoreAsync()
    {
        var store = await NewStoreAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await store.UseJournalKeyAsync(ECDsa.Create(key.ExportParameters(includePrivateParameters: true)), default);
        await store.ImportAsync(Demo, default);
        return store;
    }

    private BoundaryLine Claim(string id, PartyCode party) =>
        Demo.Lines[0] with { Id = id, Kind = LineKind.PartyClaim, ClaimedBy = party, Owner = party, SourceId = null, Name = $"{party} claim" };

    [Fact]
    public async Task Only_administrators_create_accounts_and_user_names_are_unique()
    {
        var store = await DemoStoreAsync();
        var account = new Account("u1", "az.legal", "AZ legal expert", Az, Role.LegalExpert);
        var key = WrappedSigningKey.Create("correct horse battery", FastHasher, DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<NotPermittedException>(() => store.CreateAccountAsync(AmCoChair, account, FastHasher.Hash("correct horse battery"), key, default));
        await store.CreateAccountAsync(Administrator, account, FastHasher.Hash("correct horse battery"), key, default);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.CreateAccountAsync(Administrator, account with { Id = "u2" }, FastHasher.Hash("x"), key, default));

        var stored = await store.FindAccountAsync("az.legal", default);
        Assert.Equal(account, stored!.Account);
        Assert.Equal(PasswordCheck.Succeeded, FastHasher.Verify("correct horse battery", stored.PasswordHash));
        Assert.Equal(key.KeyId, Assert.Single(await store.ListSigningKeysAsync("u1", default)).KeyId);
    }

    [Fact]
    public async Task Failed_sign_ins_are_counted_and_a_success_clears_them()
    {
        var store = await DemoStoreAsync();
        var account = new Account("u1", "ru.adviser", "Adviser", new PartyCode("RU"), Role.MediatorAdviser);
        await store.CreateAccountAsync(Administrator, account, FastHasher.Hash("a long password here"), WrappedSigningKey.Create("a long password here", FastHasher, DateTimeOffset.UtcNow), default);

        await store.RecordSignInAsync("u1", succeeded: false, default);
        await store.RecordSignInAsync("u1", succeeded: false, default);
        var failed = await store.GetAccountAsync("u1", default);
        Assert.Equal(2, failed!.FailedSignIns);
        Assert.NotNull(failed.LastFailureAt);

        await store.RecordSignInAsync("u1", succeeded: true, default);
        Assert.Equal(0, (await store.GetAccountAsync("u1", default))!.FailedSignIns);
    }

    [Fact]
    public async Task A_password_reset_retires_the_old_key_and_keeps_its_public_half()
    {
        var store = await DemoStoreAsync();
        var account = new Account("u1", "am.cochair2", "AM co-chair", Am, Role.CoChair);
        var first = WrappedSigningKey.Create("first password!!", FastHasher, DateTimeOffset.UtcNow);
        await store.CreateAccountAsync(Administrator, account, FastHasher.Hash("first password!!"), first, default);

        var second = WrappedSigningKey.Create("second password!", FastHasher, DateTimeOffset.UtcNow);
        await store.ResetPasswordAsync(Administrator, "u1", FastHasher.Hash("second password!"), second, default);

        var keys = await store.ListSigningKeysAsync("u1", default);
        Assert.Equal([second.KeyId, first.KeyId], keys.Select(k => k.KeyId));
        Assert.NotNull(keys[1].RetiredAt);
        Assert.Equal(first.PublicKey, keys[1].PublicKey);
        Assert.False(keys[1].Unwrap("first password!!").Success);
        Assert.True(keys[0].Unwrap("second password!").Success);
    }

    [Fact]
    public async Task Tokens_belong_to_their_account_and_revoking_another_accounts_token_answers_like_a_missing_one()
    {
        var store = await DemoStoreAsync();
        foreach (var caller in new[] { AmCartographer, AzCartographer })
        {
            await store.CreateAccountAsync(Administrator, caller.Account!, FastHasher.Hash("long enough password"), WrappedSigningKey.Create("long enough password", FastHasher, DateTimeOffset.UtcNow), default);
        }

        var token = ApiToken.Create();
        var stored = token.ToStored(AmCartographer.Account!.Id, "qgis", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddApiTokenAsync(AzCartographer, stored, default));
        await store.AddApiTokenAsync(AmCartographer, stored, default);

        var found = (await store.FindApiTokenAsync(token.Id, default))!;
        Assert.Equal((stored.Id, stored.AccountId, stored.Name), (found.Id, found.AccountId, found.Name));
        Assert.Equal(stored.SecretHash, found.SecretHash);
        Assert.Equal(Journal.ToJournalTime(stored.ExpiresAt), found.ExpiresAt); // kept to the millisecond
        Assert.True(found.Accepts(token.SecretHash, DateTimeOffset.UtcNow));
        Assert.Empty(await store.ListApiTokensAsync(AzCartographer, default));
        var missing = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.RevokeApiTokenAsync(AzCartographer, token.Id, default));
        var reallyMissing = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.RevokeApiTokenAsync(AzCartographer, "nosuchid", default));
        Assert.Equal(missing.Message.Replace(token.Id, "X", StringComparison.Ordinal), reallyMissing.Message.Replace("nosuchid", "X", StringComparison.Ordinal));

        await store.RevokeApiTokenAsync(AmCartographer, token.Id, default);
        Assert.False((await store.FindApiTokenAsync(token.Id, default))!.IsUsableAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_delegation_draws_and_submits_its_own_lines_only()
    {
        var store = await DemoStoreAsync();

        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddLineAsync(AzCartographer, Claim("am-claim", Am), default));
        var draft = await store.AddLineAsync(AmCartographer, Claim("am-claim", Am), default);
        Assert.Equal(Publication.Draft, draft.Publication);
        Assert.Null(await store.GetLineAsync(AzCartographer, "am-claim", default));

        // The other delegation cannot even tell the draft exists.
        var hidden = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SubmitLineAsync(AzCartographer, "am-claim", 1, default));
        var missing = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SubmitLineAsync(AzCartographer, "no-such-line", 1, default));
        Assert.Equal(hidden.Message.Replace("am-claim", "X", StringComparison.Ordinal), missing.Message.Replace("no-such-line", "X", StringComparison.Ordinal));

        var submitted = await store.SubmitLineAsync(AmCartographer, "am-claim", 1, default);
        Assert.Equal((Publication.Submitted, 2), (submitted.Publication, submitted.Version));
        Assert.NotNull(await store.GetLineAsync(AzCartographer, "am-claim", default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SubmitLineAsync(AmCartographer, "am-claim", 2, default));
        await Assert.ThrowsAsync<VersionConflictException>(() => store.SubmitLineAsync(AmCartographer, "am-claim", 1, default));
        Assert.True((await store.GetLineAsync(AmCartographer, "am-claim", default))!.Geometry.EqualsExact(Demo.Lines[0].Geometry));
    }

    [Fact]
    public async Task Ten_writers_on_one_version_one_succeeds_nine_get_a_conflict_with_the_current_version()
    {
        var store = await DemoStoreAsync();
        var sector = (await store.GetSectorAsync(AmCoChair, "M-05", default))!.Sector;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                await store.ChangeSectorStatusAsync(AmCoChair, "M-05", SectorStatus.UnderDiscussion, sector.Version, default);
                return (Ok: true, Current: 0);
            }
            catch (VersionConflictException e)
            {
                return (Ok: false, Current: e.CurrentVersion);
            }
        }));

        Assert.Equal(1, attempts.Count(a => a.Ok));
        Assert.Equal(9, attempts.Count(a => !a.Ok));
        Assert.All(attempts.Where(a => !a.Ok), a => Assert.Equal(sector.Version + 1, a.Current)); // each 409 carries the current version
        var after = (await store.GetSectorAsync(AmCoChair, "M-05", default))!.Sector;
        Assert.Equal((SectorStatus.UnderDiscussion, sector.Version + 1), (after.Status, after.Version));
        Assert.Equal(1, await CountJournalAsync(store, "sector.status"));
    }

    [Fact]
    public async Task Ten_writers_submitting_one_draft_no_update_is_lost()
    {
        var store = await DemoStoreAsync();
        await store.AddLineAsync(AmCartographer, Claim("am-claim", Am), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                await store.SubmitLineAsync(AmCartographer, "am-claim", 1, default);
                return "ok";
            }
            catch (VersionConflictException e)
            {
                return "409@" + e.CurrentVersion;
            }
        }));

        Assert.Equal(1, results.Count(r => r == "ok"));
        Assert.Equal(9, results.Count(r => r == "409@2"));
        Assert.Equal(2, (await store.GetLineAsync(AmCartographer, "am-claim", default))!.Version);
    }

    [Fact]
    public async Task Sector_status_follows_the_workflow_and_only_co_chairs_and_mediator_advisers_move_it()
    {
        var store = await DemoStoreAsync();

        await Assert.ThrowsAsync<NotPermittedException>(() => store.ChangeSectorStatusAsync(AmCartographer, "M-01", SectorStatus.UnderDiscussion, 1, default));
        var delimited = await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangeSectorStatusAsync(AmCoChair, "M-01", SectorStatus.Delimited, 1, default));
        Assert.Contains("both co-chairs", delimited.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<VersionConflictException>(() => store.ChangeSectorStatusAsync(AmCoChair, "M-01", SectorStatus.UnderDiscussion, 7, default));
        var moved = await store.ChangeSectorStatusAsync(AmCoChair, "M-01", SectorStatus.UnderDiscussion, 1, default);
        Assert.Equal(2, moved.Sector.Version);
    }

    [Fact]
    public async Task Every_write_is_journaled_with_a_signed_head_and_the_chain_verifies()
    {
        var store = await DemoStoreAsync();
        await store.AddLineAsync(AmCartographer, Claim("am-claim", Am), default);
        await store.SubmitLineAsync(AmCartographer, "am-claim", 1, default);
        await store.ChangeSectorStatusAsync(AmCoChair, "M-02", SectorStatus.UnderDiscussion, 1, default);

        var entries = await ReadAllAsync(store);
        Assert.Equal(["commission.import", "line.import", "line.import", "line.import", "line.import", "line.draw", "line.submit", "sector.status"], entries.Select(e => e.Action));
        Assert.Equal("am-carto", entries[^2].Actor);
        Assert.Contains("\"publication\":\"Draft\"", entries[^2].Before, StringComparison.Ordinal);
        Assert.Contains("\"publication\":\"Submitted\"", entries[^2].After, StringComparison.Ordinal);

        var verification = await VerifyAsync(store, []);
        Assert.True(verification.Ok, verification.ToString());
        Assert.Equal(4, verification.SignedHeadsMatched); // one signed head per write
    }

    [Fact]
    public async Task Verify_names_a_journal_row_edited_behind_the_applications_back()
    {
        var store = await DemoStoreAsync();
        await store.ChangeSectorStatusAsync(AmCoChair, "M-02", SectorStatus.UnderDiscussion, 1, default);

        await ExecuteBehindTheBackAsync(store, "UPDATE journal SET actor = 'someone-else' WHERE sequence = 3");

        var verification = await VerifyAsync(store, []);
        Assert.False(verification.Ok);
        Assert.Equal(JournalFindingKind.EntryEdited, verification.FirstBrokenLink!.Kind);
        Assert.Equal(3, verification.FirstBrokenLink.FirstEntry);
    }

    [Fact]
    public async Task Verify_notices_rows_deleted_from_the_end()
    {
        var store = await DemoStoreAsync();
        await store.ChangeSectorStatusAsync(AmCoChair, "M-02", SectorStatus.UnderDiscussion, 1, default);
        await store.ChangeSectorStatusAsync(AmCoChair, "M-03", SectorStatus.UnderDiscussion, 1, default);
        var receipt = await ReceiptAsync(store);

        await ExecuteBehindTheBackAsync(store, "DELETE FROM journal WHERE sequence >= 6");
        await ExecuteBehindTheBackAsync(store, "DELETE FROM journal_heads WHERE sequence >= 6");

        var verification = await VerifyAsync(store, [receipt.Receipt], receipt.Keys);
        Assert.False(verification.Ok);
        Assert.Contains(verification.Findings, f => f.Kind == JournalFindingKind.EntriesDeletedFromEnd);
    }

    [Fact]
    public async Task Verify_notices_a_chain_rewritten_consistently_from_some_row_on()
    {
        var store = await DemoStoreAsync();
        await store.ChangeSectorStatusAsync(AmCoChair, "M-02", SectorStatus.UnderDiscussion, 1, default);
        var receipt = await ReceiptAsync(store); // the delegation keeps this outside the system
        var entries = await ReadAllAsync(store);

        // Rewrite entry 6 onward and recompute every hash after it, so the chain itself is consistent.
        var forged = new List<JournalEntry>(entries.Take(5));
        foreach (var e in entries.Skip(5))
        {
            forged.Add(Journal.Next(forged[^1], e.At, "mallory", e.Action, e.RecordType, e.RecordId, e.Before, e.After));
        }

        await ExecuteBehindTheBackAsync(store, "DELETE FROM journal WHERE sequence >= 6");
        foreach (var e in forged.Skip(5))
        {
            await ExecuteBehindTheBackAsync(
                store,
                $"INSERT INTO journal (sequence, at, actor, action, record_type, record_id, before, after, previous_hash, hash) VALUES ({e.Sequence}, '{e.At:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}', '{e.Actor}', '{e.Action}', '{e.RecordType}', '{e.RecordId}', {Literal(e.Before)}, {Literal(e.After)}, {Bytes(e.PreviousHash.ToArray())}, {Bytes(e.Hash.ToArray())})");
        }

        var chainOnly = await VerifyAsync(store, []);
        Assert.Contains(chainOnly.Findings, f => f.Kind == JournalFindingKind.ChainRewritten); // the signed heads no longer match
        var withReceipt = await VerifyAsync(store, [receipt.Receipt], receipt.Keys);
        Assert.Contains(withReceipt.Findings, f => f.Kind == JournalFindingKind.ChainRewritten && f.Message.Contains("receipt", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>How the backend writes a blob literal in SQL.</summary>
    protected abstract string Bytes(byte[] bytes);

    private static string Literal(string? text) => text is null ? "NULL" : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task<List<JournalEntry>> ReadAllAsync(ICommissionStore store)
    {
        var entries = new List<JournalEntry>();
        await foreach (var e in store.ReadJournalAsync(default))
        {
            entries.Add(e);
        }

        return entries;
    }

    private static async Task<int> CountJournalAsync(ICommissionStore store, string action) =>
        (await ReadAllAsync(store)).Count(e => e.Action == action);

    private static async Task<(Receipt Receipt, Dictionary<string, ECDsa> Keys)> ReceiptAsync(ICommissionStore store)
    {
        var head = (await store.GetJournalHeadAsync(default))!;
        var memberKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var receipt = JournalSigner.SignReceipt(head, Az, "az-cochair", memberKey, DateTimeOffset.UtcNow);
        return (receipt, new Dictionary<string, ECDsa>(StringComparer.Ordinal) { ["az-cochair"] = memberKey });
    }

    private static async Task<JournalVerification> VerifyAsync(ICommissionStore store, IReadOnlyList<Receipt> receipts, Dictionary<string, ECDsa>? memberKeys = null)
    {
        var journalKeys = await store.ListJournalKeysAsync(default);
        return await JournalVerifier.VerifyAsync(
            store.ReadJournalAsync(default),
            await store.ListSignedHeadsAsync(default),
            receipts,
            id =>
            {
                if (memberKeys is not null && memberKeys.TryGetValue(id, out var member))
                {
                    return member;
                }

                return journalKeys.TryGetValue(id, out var spki) && SigningKey.TryImportPublicKey(spki, out var key) ? key : null;
            },
            default);
    }
}
