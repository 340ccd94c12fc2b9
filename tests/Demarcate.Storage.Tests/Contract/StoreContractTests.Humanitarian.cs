using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Humanitarian;
using Demarcate.Core.Trust;
using Demarcate.Formats;
using Demarcate.Formats.Exchange;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private const string CanarySurname = "Canaryname";

    private const string CanaryFirstNames = "Zyxwvut";

    private static readonly DateOnly CanaryBirth = new(1987, 3, 14);

    private static readonly Caller AmOfficer = Caller.For(new Account("am-humanitarian", "am.humanitarian", "AM humanitarian officer", new PartyCode("AM"), Role.HumanitarianOfficer));

    private static readonly Caller AzOfficer = Caller.For(new Account("az-humanitarian", "az.humanitarian", "AZ humanitarian officer", new PartyCode("AZ"), Role.HumanitarianOfficer));

    private static readonly Caller MediatorOfficer = Caller.For(new Account("ru-humanitarian", "ru.humanitarian", "RU humanitarian officer", new PartyCode("RU"), Role.HumanitarianOfficer));

    private static PersonalParticulars Canary => new()
    {
        Surname = CanarySurname,
        FirstNames = CanaryFirstNames,
        Rank = "Sergeant",
        ServiceNumber = "SN-40417",
        DateOfBirth = CanaryBirth,
        PlaceOfBirth = "Qwertyvale",
        FatherFirstName = "Fatherqwerty",
        MotherMaidenName = "Mothermaidenqwerty",
        PersonToInform = "Informqwerty, 12 Canary Street",
        EventDate = new DateOnly(2020, 11, 2),
        EventPlace = "Hill 1021",
        Condition = "wounded, stable",
    };

    /// <summary>Every textual form of the canary person that might be written somewhere: names and the birth date however it is spelt.</summary>
    private static readonly string[] CanaryTexts =
    [
        CanarySurname, CanaryFirstNames, "Canaryname Zyxwvut", "Zyxwvut Canaryname", "Mothermaidenqwerty", "Fatherqwerty", "Informqwerty",
        "1987-03-14", "14.03.1987", "14/03/1987", "03/14/1987", "1987/03/14", "19870314", "14 March 1987", "March 14, 1987", "1987-03-14T00:00:00",
    ];

    /// <summary>The store's own bytes on disk or in a dump: the GeoPackage with its WAL and shared memory, or a pg_dump of the database.</summary>
    protected abstract Task<IReadOnlyList<(string Name, byte[] Bytes)>> StoreBytesAsync(ICommissionStore store);

    private async Task<ICommissionStore> HumanitarianStoreAsync()
    {
        var store = await DemoStoreAsync();
        store.UseHumanitarianKeyFile(Scratch.File(Guid.NewGuid().ToString("N") + ".humanitarian-key"));
        return store;
    }

    [Fact]
    public async Task A_case_reads_back_only_to_its_partys_and_the_mediators_officers_and_every_read_is_journaled()
    {
        var store = await HumanitarianStoreAsync();
        var added = await store.AddHumanitarianCaseAsync(AmOfficer, CaseKind.PrisonerOfWar, new PartyCode("AM"), new DateOnly(2020, 11, 20), Canary, default);

        var read = await store.ReadHumanitarianCaseAsync(MediatorOfficer, added.Id, default);
        Assert.Equal(Canary, read.Person);
        Assert.Equal(CaseStatus.Reported, read.Record.Status);
        Assert.Equal([CaseStatus.Reported], read.History.Select(h => h.Status));
        Assert.Equal([added.Id], (await store.ListHumanitarianCasesAsync(AmOfficer, default)).Select(c => c.Id));

        foreach (var outsider in new[] { AzOfficer, AmCoChair, AmCartographer, Administrator, Caller.Anonymous })
        {
            Assert.Empty(await store.ListHumanitarianCasesAsync(outsider, default));
            var hidden = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ReadHumanitarianCaseAsync(outsider, added.Id, default));
            var missing = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ReadHumanitarianCaseAsync(outsider, "hc-000000000000", default));
            Assert.Equal(missing.Message, hidden.Message);
        }

        // Nobody outside may open, move or erase a case for a party; the other state's officer cannot open one for AM.
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddHumanitarianCaseAsync(AzOfficer, CaseKind.Detainee, new PartyCode("AM"), new DateOnly(2021, 1, 1), Canary, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ChangeHumanitarianStatusAsync(AzOfficer, added.Id, CaseStatus.Confirmed, 1, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.EraseHumanitarianCaseAsync(AmCoChair, added.Id, default));

        var reads = new List<JournalEntry>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            if (entry.Action == "humanitarian.read")
            {
                reads.Add(entry);
            }
        }

        var only = Assert.Single(reads);
        Assert.Equal("ru-humanitarian", only.Actor);
        Assert.Equal(added.Id, only.RecordId);
        Assert.Contains("\"surname\"", only.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statuses_move_forward_with_history_and_an_exchange_settles_its_cases_in_one_transaction()
    {
        var store = await HumanitarianStoreAsync();
        var prisoner = await store.AddHumanitarianCaseAsync(AmOfficer, CaseKind.PrisonerOfWar, new PartyCode("AM"), new DateOnly(2020, 11, 20), Canary, default);
        var remains = await store.AddHumanitarianCaseAsync(AzOfficer, CaseKind.Remains, new PartyCode("AZ"), new DateOnly(2020, 12, 1), new PersonalParticulars { IdentityDisc = "disc 7781", GraveLocation = "row 3" }, default);

        var confirmed = await store.ChangeHumanitarianStatusAsync(AmOfficer, prisoner.Id, CaseStatus.Confirmed, 1, default);
        Assert.Equal(2, confirmed.Version);
        await Assert.ThrowsAsync<VersionConflictException>(() => store.ChangeHumanitarianStatusAsync(AmOfficer, prisoner.Id, CaseStatus.Repatriated, 1, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangeHumanitarianStatusAsync(AmOfficer, prisoner.Id, CaseStatus.Reported, 2, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangeHumanitarianStatusAsync(AzOfficer, remains.Id, CaseStatus.Confirmed, 1, default));
        await store.ChangeHumanitarianStatusAsync(AzOfficer, remains.Id, CaseStatus.Identified, 1, default);

        // An exchange naming a case its recorder may not see fails as a whole: nothing moves.
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.RecordExchangeAsync(AmOfficer, new CaseExchange("", new DateOnly(2020, 12, 14), "Goris", "ICRC", [prisoner.Id, remains.Id]), default));
        Assert.Equal(CaseStatus.Confirmed, (await store.ListHumanitarianCasesAsync(AmOfficer, default)).Single().Status);

        var exchange = await store.RecordExchangeAsync(MediatorOfficer, new CaseExchange("", new DateOnly(2020, 12, 14), "Goris", "ICRC", [prisoner.Id, remains.Id]), default);

        var cases = await store.ListHumanitarianCasesAsync(MediatorOfficer, default);
        Assert.Equal(CaseStatus.Exchanged, cases.Single(c => c.Id == prisoner.Id).Status);
        Assert.Equal(CaseStatus.HandedOver, cases.Single(c => c.Id == remains.Id).Status);
        var history = (await store.ReadHumanitarianCaseAsync(AmOfficer, prisoner.Id, default)).History;
        Assert.Equal([CaseStatus.Reported, CaseStatus.Confirmed, CaseStatus.Exchanged], history.Select(h => h.Status));
        Assert.Equal(exchange.Id, history[^1].ExchangeId);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangeHumanitarianStatusAsync(AmOfficer, prisoner.Id, CaseStatus.Repatriated, 3, default));

        // With no threshold every count is exact.
        var figures = await store.SummariseHumanitarianCasesAsync(AmCoChair, 1, default);
        Assert.Equal(2, figures.Total);
        Assert.Equal(1, figures.Exchanges);
        Assert.Contains(new CaseCount(CaseKind.Remains, new PartyCode("AZ"), CaseStatus.HandedOver, 1), figures.Counts);
        await Assert.ThrowsAsync<NotPermittedException>(() => store.SummariseHumanitarianCasesAsync(Caller.Anonymous, 1, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SummariseHumanitarianCasesAsync(AmCoChair, 0, default));

        // Each party's officer sees in the exchange only their own party's case; the mediator's officer sees both.
        Assert.Equal([prisoner.Id, remains.Id], (await store.GetHumanitarianExchangeAsync(MediatorOfficer, exchange.Id, default)).CaseIds);
        var amView = Assert.Single(await store.ListHumanitarianExchangesAsync(AmOfficer, default));
        Assert.Equal((exchange.Id, new DateOnly(2020, 12, 14), "Goris", "ICRC"), (amView.Id, amView.HeldOn, amView.Place, amView.Intermediary));
        Assert.Equal([prisoner.Id], amView.CaseIds);
        Assert.Equal([remains.Id], (await store.GetHumanitarianExchangeAsync(AzOfficer, exchange.Id, default)).CaseIds);
        foreach (var outsider in new[] { AmCoChair, AmCartographer, Administrator, Caller.Anonymous })
        {
            Assert.Empty(await store.ListHumanitarianExchangesAsync(outsider, default));
            var hidden = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.GetHumanitarianExchangeAsync(outsider, exchange.Id, default));
            var missing = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.GetHumanitarianExchangeAsync(outsider, "hx-000000000000", default));
            Assert.Equal(missing.Message.Replace("hx-000000000000", exchange.Id, StringComparison.Ordinal), hidden.Message);
        }
    }

    [Fact]
    public async Task Small_counts_are_withheld_from_readers_who_may_not_see_the_cases()
    {
        var store = await HumanitarianStoreAsync();
        // AM: 5 prisoners reported (at the threshold, shown); AZ: 2 detainees reported (below it, withheld from outsiders).
        for (var i = 0; i < 5; i++)
        {
            await store.AddHumanitarianCaseAsync(AmOfficer, CaseKind.PrisonerOfWar, new PartyCode("AM"), new DateOnly(2021, 1, 1 + i), Canary, default);
        }

        for (var i = 0; i < 2; i++)
        {
            await store.AddHumanitarianCaseAsync(AzOfficer, CaseKind.Detainee, new PartyCode("AZ"), new DateOnly(2021, 2, 1 + i), Canary, default);
        }

        var amPrisoners = new CaseCount(CaseKind.PrisonerOfWar, new PartyCode("AM"), CaseStatus.Reported, 5);
        var azDetainees = new CaseCount(CaseKind.Detainee, new PartyCode("AZ"), CaseStatus.Reported, 2);
        var azWithheld = azDetainees with { Count = null };

        // The co-chair and the AM officer may not see AZ's cases: "fewer than 5", no total, and a lower bound of 6.
        foreach (var reader in new[] { AmCoChair, AmOfficer })
        {
            var shown = await store.SummariseHumanitarianCasesAsync(reader, 5, default);
            Assert.Equal([amPrisoners, azWithheld], shown.Counts.OrderBy(c => c.Party.Value, StringComparer.Ordinal));
            Assert.Null(shown.Total);
            Assert.Equal(6, shown.TotalAtLeast);
            Assert.Equal(5, shown.DisclosureThreshold);
        }

        // AZ's officer and the mediator's see AZ's count exactly; with a threshold of 1 nothing is withheld for anyone.
        foreach (var (reader, threshold) in new[] { (AzOfficer, 5), (MediatorOfficer, 5), (AmCoChair, 1) })
        {
            var shown = await store.SummariseHumanitarianCasesAsync(reader, threshold, default);
            Assert.Equal([amPrisoners, azDetainees], shown.Counts.OrderBy(c => c.Party.Value, StringComparer.Ordinal));
            Assert.Equal(7, shown.Total);
        }

        // A threshold of 6 withholds AM's five from the co-chair too.
        Assert.All((await store.SummariseHumanitarianCasesAsync(AmCoChair, 6, default)).Counts, c => Assert.True(c.IsWithheld));
    }

    [Fact]
    public async Task After_erasure_the_person_cannot_be_decrypted_while_record_history_and_journal_remain()
    {
        var store = await HumanitarianStoreAsync();
        var added = await store.AddHumanitarianCaseAsync(AmOfficer, CaseKind.Detainee, new PartyCode("AM"), new DateOnly(2021, 3, 1), Canary, default);
        var other = await store.AddHumanitarianCaseAsync(AmOfficer, CaseKind.Detainee, new PartyCode("AM"), new DateOnly(2021, 3, 2), Canary with { Surname = "Other" }, default);
        await store.ChangeHumanitarianStatusAsync(AmOfficer, added.Id, CaseStatus.Confirmed, 1, default);

        var erased = await store.EraseHumanitarianCaseAsync(AmOfficer, added.Id, default);

        Assert.True(erased.IsErased);
        var read = await store.ReadHumanitarianCaseAsync(AmOfficer, added.Id, default);
        Assert.Null(read.Person);
        Assert.True(read.Record.IsErased);
        Assert.Equal(CaseStatus.Confirmed, read.Record.Status);
        Assert.Equal([CaseStatus.Reported, CaseStatus.Confirmed], read.History.Select(h => h.Status));
        Assert.Equal("Other", (await store.ReadHumanitarianCaseAsync(AmOfficer, other.Id, default)).Person?.Surname);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.EraseHumanitarianCaseAsync(AmOfficer, added.Id, default));

        // The ciphertext is still in the store, and no key the store and its key file hold opens it: the case's own
        // key is gone, and every other case's key (unwrapped with the key file) is refused by the authentication tag.
        var kek = HumanitarianKeyFile.LoadOrCreate(Directory.GetFiles(Scratch.Path, "*.humanitarian-key").Single());
        var sealedSurname = await ScalarBytesAsync(store, $"SELECT sealed FROM humanitarian_fields WHERE case_id = '{added.Id}' AND field = 'surname'");
        Assert.Null(await ScalarBytesAsync(store, $"SELECT wrapped_key FROM humanitarian_cases WHERE case_id = '{added.Id}'"));
        var otherWrapped = await ScalarBytesAsync(store, $"SELECT wrapped_key FROM humanitarian_cases WHERE case_id = '{other.Id}'");
        var otherKey = CaseSeal.UnwrapCaseKey(kek, other.Id, otherWrapped!);
        Assert.NotNull(sealedSurname);
        Assert.ThrowsAny<CryptographicException>(() => CaseSeal.OpenField(otherKey, added.Id, "surname", sealedSurname));

        var actions = new List<string>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            if (entry.RecordId == added.Id)
            {
                actions.Add(entry.Action);
            }
        }

        Assert.Equal(["humanitarian.add", "humanitarian.status", "humanitarian.erase", "humanitarian.read"], actions);
    }

    [Fact]
    public async Task The_canary_persons_name_and_birth_date_are_nowhere_in_the_store_its_journal_backup_or_exports()
    {
        var store = await HumanitarianStoreAsync();
        var added = await store.AddHumanitarianCaseAsync(AmOfficer, CaseKind.PrisonerOfWar, new PartyCode("AM"), new DateOnly(2020, 11, 20), Canary, default);
        await store.ChangeHumanitarianStatusAsync(AmOfficer, added.Id, CaseStatus.Confirmed, 1, default);
        Assert.Equal(CanarySurname, (await store.ReadHumanitarianCaseAsync(AmOfficer, added.Id, default)).Person?.Surname);

        var places = new List<(string Name, byte[] Bytes)>();
        places.AddRange(await StoreBytesAsync(store));
        var journal = new StringBuilder();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            journal.AppendLine(string.Join('\t', entry.Action, entry.RecordType, entry.RecordId, entry.Actor, entry.Before, entry.After));
        }

        places.Add(("journal", Encoding.UTF8.GetBytes(journal.ToString())));
        var backup = Scratch.File("canary-backup");
        await store.BackupAsync(backup, default);
        places.Add(("backup", await File.ReadAllBytesAsync(backup)));
        var exported = await DatasetExchange.ExportAsync(store, Caller.CommissionSystem, DatasetScope.Everything, default);
        Assert.True(exported.Success);
        foreach (var format in DatasetWriter.Formats)
        {
            using var file = new MemoryStream();
            await DatasetWriter.WriteAsync(file, exported.Value, format, default);
            places.Add(("export." + DatasetWriter.Extension(format), file.ToArray()));
            if (format == FeatureFormat.Csv)
            {
                file.Position = 0;
                using var zip = new ZipArchive(file, ZipArchiveMode.Read);
                foreach (var member in zip.Entries)
                {
                    using var content = new MemoryStream();
                    await using (var stream = member.Open())
                    {
                        await stream.CopyToAsync(content);
                    }

                    places.Add(("export.csv.zip/" + member.FullName, content.ToArray()));
                }
            }
        }

        Assert.Contains(places, p => p.Bytes.Length > 0 && Contains(p.Bytes, Encoding.UTF8.GetBytes(added.Id)));
        var leaks = places.SelectMany(p => CanaryTexts
                .SelectMany(t => new[] { ("UTF-8", Encoding.UTF8.GetBytes(t)), ("UTF-16", Encoding.Unicode.GetBytes(t)) })
                .Where(t => Contains(p.Bytes, t.Item2))
                .Select(t => $"{p.Name} holds a canary in {t.Item1}"))
            .ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>One bytes value read behind the store's back (null for SQL NULL).</summary>
    protected abstract Task<byte[]?> ScalarBytesAsync(ICommissionStore store, string sql);
}
