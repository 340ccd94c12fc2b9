using System.Security.Cryptography;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using Demarcate.Storage.Postgres;
using Demarcate.Storage.Sqlite;
using Demarcate.Testing;

namespace Demarcate.Storage.Tests.Contract;

/// <summary>
/// <see cref="RelationalStore.CopyToAsync"/> between the backends: a GeoPackage with a history goes to
/// PostgreSQL and back to a new GeoPackage, and every record, account, key, token and journal entry
/// arrives unchanged, so the journal of the last copy still verifies.
/// </summary>
public sealed class StoreCopyTests(DemoDatasetFixture demo) : IClassFixture<DemoDatasetFixture>, IAsyncLifetime
{
    private static readonly PasswordHasher FastHasher = new(1_000);
    private static readonly PartyCode Am = new("AM");
    private static readonly PartyCode Az = new("AZ");
    private static readonly Caller Administrator = Caller.For(new Account("admin", "admin", "Administrator", null, Role.Administrator));
    private static readonly Caller AmCoChair = Caller.For(new Account("am-cochair", "am.cochair", "AM co-chair", Am, Role.CoChair));
    private static readonly Account AmCarto = new("am-carto", "am.carto", "AM cartographer", Am, Role.Cartographer);
    private static readonly Account AzCarto = new("az-carto", "az.carto", "AZ cartographer", Az, Role.Cartographer);

    private ScratchFolder Scratch { get; } = new();
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        Scratch.Dispose();
    }

    [Fact]
    public async Task A_geopackage_copied_to_postgresql_and_back_holds_the_same_record_and_its_journal_verifies()
    {
        var original = await GeoPackageAsync("original.gpkg");
        using var journalKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await original.UseJournalKeyAsync(journalKey, default);
        // A copy carries sealed cases and their wrapped keys; the key-encryption key travels beside it, never inside.
        var humanitarianKey = Scratch.File("copy.humanitarian-key");
        original.UseHumanitarianKeyFile(humanitarianKey);
        await WriteHistoryAsync(original);

        var server = await PostgresAsync();
        var serverRows = await original.CopyToAsync(server, default);
        var laptop = await GeoPackageAsync("copy.gpkg");
        var laptopRows = await server.CopyToAsync(laptop, default);

        Assert.Equal(RelationalStore.CopiedTableNames, serverRows.Select(r => r.Table));
        Assert.Equal(serverRows, laptopRows);
        Assert.All(serverRows, r => Assert.True(r.Rows > 0, $"{r.Table} copied no rows: the history should touch every table"));
        await AssertSameRecordAsync(original, server);
        await AssertSameRecordAsync(original, laptop);

        var keys = await laptop.ListJournalKeysAsync(default);
        var publicKeys = keys.ToDictionary(k => k.Key, k => PublicKey(k.Value), StringComparer.Ordinal);
        try
        {
            var report = await JournalVerifier.VerifyAsync(laptop.ReadJournalAsync(default), await laptop.ListSignedHeadsAsync(default), [], id => publicKeys.GetValueOrDefault(id));
            Assert.True(report.Ok, report.ToString());
            Assert.Equal((await original.GetJournalHeadAsync(default))!.Sequence, report.EntriesChecked);
            Assert.True(report.SignedHeadsMatched > 0, report.ToString());
        }
        finally
        {
            foreach (var key in publicKeys.Values)
            {
                key.Dispose();
            }
        }

        laptop.UseHumanitarianKeyFile(humanitarianKey);
        var officer = Caller.For(new Account("am-humanitarian", "am.humanitarian", "AM humanitarian officer", Am, Role.HumanitarianOfficer));
        var copied = (await laptop.ListHumanitarianCasesAsync(officer, default)).Single(c => !c.IsErased);
        Assert.Equal("Copyname", (await laptop.ReadHumanitarianCaseAsync(officer, copied.Id, default)).Person?.Surname);
    }

    [Fact]
    public async Task A_store_that_is_not_empty_is_refused_and_left_as_it_was()
    {
        var original = await GeoPackageAsync("original.gpkg");
        await original.ImportAsync(demo.Dataset, default);
        var server = await PostgresAsync();
        await server.ImportAsync(demo.Dataset with { Lines = [demo.Dataset.Lines[0]], Sectors = [], BreakPoints = [] }, default);
        var before = await server.GetJournalHeadAsync(default);

        var refused = await Assert.ThrowsAsync<StoreException>(() => original.CopyToAsync(server, default));

        Assert.Contains("not empty", refused.Message, StringComparison.Ordinal);
        Assert.Contains("commission (1)", refused.Message, StringComparison.Ordinal);
        Assert.Single(await server.ListLinesAsync(Caller.CommissionSystem, null, default));
        Assert.Empty(await server.ListSectorsAsync(Caller.CommissionSystem, null, default));
        Assert.Equal(before, await server.GetJournalHeadAsync(default));
    }

    /// <summary>A record with a little of everything: imported lines and sectors, a submitted claim, a draft, a status change, accounts, keys, a token, signed heads.</summary>
    private async Task WriteHistoryAsync(RelationalStore store)
    {
        await store.ImportAsync(demo.Dataset, default);
        foreach (var account in new[] { AmCarto, AzCarto, AmCoChair.Account! })
        {
            await store.CreateAccountAsync(Administrator, account, FastHasher.Hash("a long password here"), WrappedSigningKey.Create("a long password here", FastHasher, DateTimeOffset.UtcNow), default);
        }

        await store.ResetPasswordAsync(Administrator, AmCarto.Id, FastHasher.Hash("another long password"), WrappedSigningKey.Create("another long password", FastHasher, DateTimeOffset.UtcNow), default);
        var claim = demo.Dataset.Lines[0] with { Id = "am-claim", Kind = LineKind.PartyClaim, ClaimedBy = Am, Owner = Am, SourceId = null, Name = "AM claim" };
        await store.AddLineAsync(Caller.For(AmCarto), claim, default);
        await store.SubmitLineAsync(Caller.For(AmCarto), "am-claim", 1, default);
        await store.AddLineAsync(Caller.For(AzCarto), claim with { Id = "az-draft", ClaimedBy = Az, Owner = Az, Name = "AZ draft" }, default);
        await store.ChangeSectorStatusAsync(AmCoChair, "M-01", SectorStatus.UnderDiscussion, 1, default);
        var token = ApiToken.Create().ToStored(AmCarto.Id, "qgis", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30));
        await store.AddApiTokenAsync(Caller.For(AmCarto), token, default);
        await store.RecordSignInAsync(AzCarto.Id, succeeded: false, default);
        var source = new CartographicSource("am-100k", "Topographic map 1:100 000", "General Staff") { ScaleDenominator = 100_000, SheetIds = ["K-38-34"], ProvidedBy = Am, Publication = Publication.Draft };
        await store.AddSourceAsync(Caller.For(AmCarto), source, default);
        await store.AttachSourceFileAsync(Caller.For(AmCarto), "am-100k", "K-38-34.tif", "image/tiff", [1, 2, 3, 4], default);
        await store.AttachSourceFileAsync(Caller.For(AmCarto), "am-100k", "K-38-34.png", "image/png", TestScans.Png(40, 30, (c, r) => ((byte)c, (byte)r, 0)), default);
        await store.GeoreferenceScanAsync(Caller.For(AmCarto), new Demarcate.Core.Georeferencing.GeoreferencedScan("am-100k", "K-38-34.png", "EPSG:4284", 1,
            [new("NW", 0, 0, 45, 41), new("NE", 40, 0, 45.5, 41), new("SE", 40, 30, 45.5, 40.6667), new("SW", 0, 30, 45, 40.6667)]) { Sheet = "K-38-34" }, default);
        await store.AddCrsAsync(Caller.For(AmCarto), Demarcate.Core.Geodesy.CommissionCrs.Read("DEMARCATE:LOCAL", "Local grid", "+proj=tmerc +lon_0=44.5 +ellps=GRS80 +towgs84=0,0,0 +units=m").Value, default);

        // A proposed sector version with one co-chair's signature.
        var version = await store.ProposeSectorVersionAsync(AmCoChair, "M-02", demo.Dataset.Sectors[1].Geometry!, [new TurningPointRow("TP-1", new Demarcate.Core.Geodesy.GeoPoint(41.1, 45.1), "field")], "M-02 text", default);
        using var key = (await store.ListSigningKeysAsync(AmCoChair.Account!.Id, default))[0].Unwrap("a long password here").Value!;
        await store.SignSectorVersionAsync(AmCoChair, "M-02", version.Number, SectorVersionSignature.Sign(key, version.CanonicalHash(), AmCoChair.Account.Id, Am, DateTimeOffset.UtcNow), default);

        // Proceedings: a proposal thread, a held session with a decision, a document with two versions.
        var proposal = await store.DraftProposalAsync(Caller.For(AmCarto), new ProposalDraft("M-03", "Ridge", "Along the ridge.") { LineIds = ["am-claim"] }, default);
        proposal = await store.SubmitProposalAsync(Caller.For(AmCarto), proposal.Id, proposal.Version, default);
        await store.DraftProposalAsync(Caller.For(AzCarto), new ProposalDraft("M-03", "Valley", "Along the valley.") { AnswersId = proposal.Id, Geometry = demo.Dataset.Sectors[2].Geometry }, default);
        var session = await store.PlanSessionAsync(AmCoChair, new SessionDraft(new DateOnly(2026, 12, 3), "Gabala")
        {
            Status = SessionStatus.Held,
            Participants = [new Participant("AM co-chair", Am, AmCoChair.Account.Id)],
            Agenda = [new AgendaItem("Sector M-03", ["M-03"])],
        }, default);
        await store.RecordDecisionAsync(AmCoChair, new DecisionDraft(session.Id, ["M-03"], "Taken up.")
        {
            ProposalId = proposal.Id,
            NewStatus = SectorStatus.UnderDiscussion,
            SectorVersions = new Dictionary<string, int>(StringComparer.Ordinal) { ["M-03"] = 1 },
        }, default);
        var document = await store.AddDocumentAsync(AmCoChair, new DocumentDraft(DocumentKind.Minutes, "Minutes") { SessionId = session.Id }, DocumentContent.Text("Minutes, first draft"), default);
        await store.AddDocumentVersionAsync(AmCoChair, document.Id, document.Version, new DocumentContent("application/pdf", new byte[] { 0x25, 0x50, 0x44, 0x46 }), default);

        // A description saved as a draft with its problems (a leg along a line the store does not have).
        await store.SaveDescriptionAsync(Caller.For(AmCarto), new Demarcate.Core.Delimitation.DescriptionDraft(
            "M-04",
            "TURNING POINT A AT 41 N 45 E IN EPSG:4326, FIXED BY MAP\nTURNING POINT B AT 41.01 N 45 E IN EPSG:4326, FIXED BY MAP\nFROM A TO B ALONG REFERENCE \"no such line\"\n",
            0,
            AsDraft: true), default);
        // The pillar register: a submitted plan, a survey of one pillar, an inspection with a photo.
        var pillar = new Demarcate.Core.Demarcation.Pillar(Demarcate.Core.Demarcation.PillarNumber.Of("M-02", 1), "M-02", Demarcate.Core.Demarcation.PillarType.Primary, new Demarcate.Core.Geodesy.GeoPoint(41.1, 45.1))
        {
            Owner = Am,
            Publication = Publication.Submitted,
        };
        await store.RegisterPillarsAsync(Caller.For(AmCarto), [pillar], default);
        var surveyed = new Demarcate.Core.Demarcation.SurveyedPosition(new Demarcate.Core.Geodesy.GeoPoint(41.1000001, 45.1), "ITRF2014", 2024.3, "GNSS RTK", 0.02);
        await store.RecordSurveyAsync(Caller.For(AzCarto), [new Demarcate.Core.Demarcation.SurveyObservation(pillar.Number, surveyed, Demarcate.Core.Demarcation.PillarStatus.Emplaced)], default);
        await store.AddInspectionAsync(Caller.For(AzCarto), new Demarcate.Core.Demarcation.PillarInspection("M-02/1", new DateOnly(2025, 6, 1), Demarcate.Core.Demarcation.PillarStatus.Emplaced, "Sound", [new Demarcate.Core.Demarcation.PillarPhoto("a.jpg", "image/jpeg", [1, 2])]), default);
        await store.SetWitnessMarksAsync(Caller.For(AzCarto), [new Demarcate.Core.Demarcation.WitnessMarkSet("M-02/1", [
            new Demarcate.Core.Demarcation.WitnessMark(1, "iron pin", 47.5, 12.34) { Description = "in the concrete of the culvert", SlopeDistance = 12.5, HeightDifference = -1.98 },
            Demarcate.Core.Demarcation.WitnessMark.Measured(2, "tree blaze", 300, Demarcate.Core.Demarcation.AzimuthKind.Magnetic, 6.5, 20) with { Surveyed = new Demarcate.Core.Geodesy.GeoPoint(41.1001, 45.0998) },
        ], 2)], default);
        // Incidents: two reports merged, a draft with an attachment, an attribution.
        var monitor = Caller.For(new Account("monitor", "monitor", "Monitor", new PartyCode("RU"), Role.Monitor));
        var at = new Demarcate.Core.Monitoring.IncidentLocation(new Demarcate.Core.Geodesy.GeoPoint(40.88, 45.15), Demarcate.Core.Monitoring.GeoPrecision.Exact, "Ijevan", "Tavush");
        Demarcate.Core.Monitoring.Incident Report(string reference, int? fatalities) =>
            new("", new Demarcate.Core.Monitoring.IncidentDate(new DateOnly(2026, 3, 14), Demarcate.Core.Monitoring.TimePrecision.Day), at, Demarcate.Core.Monitoring.IncidentType.SniperFire)
            {
                Sources = [new Demarcate.Core.Monitoring.IncidentSource("patrol " + reference, reference, null, fatalities, null)],
            };
        var reports = await store.ReportIncidentsAsync(monitor, [Report("MON-1", 1), Report("MON-2", null)], default);
        var merged = await store.MergeIncidentsAsync(monitor, [.. reports.Select(r => r.Id)], default);
        await store.RecordAttributionsAsync(monitor, [new Demarcate.Core.Monitoring.IncidentAttributionRow(merged.Id, "M-02", 140.5, Am, null)], default);
        var draft = (await store.ReportIncidentsAsync(Caller.For(AmCarto), [Report("AM-1", 0)], default)).Single();
        await store.AttachToIncidentAsync(Caller.For(AmCarto), draft.Id, new Demarcate.Core.Monitoring.IncidentAttachment("photo.jpg", "image/jpeg", [0xFF, 0xD8]), default);
        await Demarcate.Storage.Seeding.DemoAgreements.EnsureAsync(store, default);
        var provision = (await store.GetAgreementAsync(AmCoChair, "TS-2021-01-11", default))!.Provisions.Single(p => p.Number == "2");
        await store.ReviseProvisionAsync(AmCoChair, "TS-2021-01-11", provision with { Text = "Revised before the copy." }, provision.Version, default);

        // Humanitarian cases: one exchanged, one erased.
        var officer = Caller.For(new Account("am-humanitarian", "am.humanitarian", "AM humanitarian officer", Am, Role.HumanitarianOfficer));
        var held = await store.AddHumanitarianCaseAsync(officer, Demarcate.Core.Humanitarian.CaseKind.PrisonerOfWar, Am, new DateOnly(2020, 11, 20), new Demarcate.Core.Humanitarian.PersonalParticulars { Surname = "Copyname" }, default);
        var gone = await store.AddHumanitarianCaseAsync(officer, Demarcate.Core.Humanitarian.CaseKind.Remains, Am, new DateOnly(2020, 11, 21), new Demarcate.Core.Humanitarian.PersonalParticulars { GraveLocation = "row 1" }, default);
        await store.RecordExchangeAsync(officer, new Demarcate.Core.Humanitarian.CaseExchange("", new DateOnly(2020, 12, 14), "Goris", "ICRC", [held.Id]), default);
        await store.EraseHumanitarianCaseAsync(officer, gone.Id, default);

        // A reference layer: the demo's settlements.
        await Demarcate.Storage.Seeding.DemoReferenceLayers.EnsureAsync(store, default);
    }

    /// <summary>Everything a caller can read through the store contract is the same in both stores.</summary>
    private static async Task AssertSameRecordAsync(RelationalStore expected, RelationalStore actual)
    {
        var system = Caller.CommissionSystem;
        Assert.Equal(await expected.GetCommissionAsync(default), await actual.GetCommissionAsync(default));
        Assert.Equal(await expected.ListAgreementsAsync(system, default), await actual.ListAgreementsAsync(system, default));
        Assert.Equal(await expected.ListAssessmentsAsync(system, null, default), await actual.ListAssessmentsAsync(system, null, default));
        Assert.Equal(await expected.ListProvisionRevisionsAsync(system, "TS-2021-01-11", default), await actual.ListProvisionRevisionsAsync(system, "TS-2021-01-11", default));
        Assert.Equal(
            (await expected.ListAgreementsAsync(system, default)).SelectMany(a => a.Provisions.Select(p => (a.Id, p.Number, p.Version))),
            (await actual.ListAgreementsAsync(system, default)).SelectMany(a => a.Provisions.Select(p => (a.Id, p.Number, p.Version))));
        Assert.Equal(await expected.ListActionsAsync(system, default), await actual.ListActionsAsync(system, default));
        var expectedVersions = await expected.ListSectorVersionsAsync(system, "M-02", default);
        var actualVersions = await actual.ListSectorVersionsAsync(system, "M-02", default);
        Assert.Equal(expectedVersions.Select(v => (v.Number, v.Description, Convert.ToHexString(v.CanonicalHash()), v.Signatures.Count)), actualVersions.Select(v => (v.Number, v.Description, Convert.ToHexString(v.CanonicalHash()), v.Signatures.Count)));
        Assert.Equal(expectedVersions.SelectMany(v => v.Signatures).Select(g => Convert.ToHexString(g.SignatureBytes)), actualVersions.SelectMany(v => v.Signatures).Select(g => Convert.ToHexString(g.SignatureBytes)));
        Assert.Equal(await expected.ListSectionsAsync(system, default), await actual.ListSectionsAsync(system, default));
        Assert.Equal(await expected.ListHumanitarianCasesAsync(system, default), await actual.ListHumanitarianCasesAsync(system, default));
        Assert.Equal(await expected.ListReferenceLayersAsync(system, default), await actual.ListReferenceLayersAsync(system, default));
        Assert.Equal(
            (await expected.ReadReferenceFeaturesAsync(system, "settlements-geonames", null, default)).Select(f => (f.Id, f.Name, f.Geometry.AsText(), string.Join(";", f.Properties))),
            (await actual.ReadReferenceFeaturesAsync(system, "settlements-geonames", null, default)).Select(f => (f.Id, f.Name, f.Geometry.AsText(), string.Join(";", f.Properties))));
        Assert.Equal(await expected.ListSourcesAsync(system, default), await actual.ListSourcesAsync(system, default));
        Assert.Equal((await expected.GetSourceFileAsync(system, "am-100k", "K-38-34.tif", default))!.Value.Content, (await actual.GetSourceFileAsync(system, "am-100k", "K-38-34.tif", default))!.Value.Content);
        Assert.Equal(await expected.ListCrsAsync(system, default), await actual.ListCrsAsync(system, default));
        Assert.Equal(await expected.ListScansAsync(system, "am-100k", default), await actual.ListScansAsync(system, "am-100k", default));
        Assert.Equal(await expected.ListBreakPointsAsync(system, null, default), await actual.ListBreakPointsAsync(system, null, default));
        Assert.Equal(await expected.ListPillarsAsync(system, null, default), await actual.ListPillarsAsync(system, null, default));
        Assert.Equal(
            (await expected.ListPillarHistoryAsync(system, "M-02/1", default)).Select(h => (h.Action, h.Actor, h.Snapshot, h.At)),
            (await actual.ListPillarHistoryAsync(system, "M-02/1", default)).Select(h => (h.Action, h.Actor, h.Snapshot, h.At)));
        Assert.Equal(await expected.ListWitnessMarksAsync(system, "M-02/1", default), await actual.ListWitnessMarksAsync(system, "M-02/1", default));
        Assert.Equal(2, (await actual.ListWitnessMarksAsync(system, "M-02/1", default)).Count);
        Assert.Equal(
            (await expected.ListInspectionsAsync(system, "M-02/1", default)).SelectMany(i => i.Photos).Select(p => Convert.ToHexString(p.Content)),
            (await actual.ListInspectionsAsync(system, "M-02/1", default)).SelectMany(i => i.Photos).Select(p => Convert.ToHexString(p.Content)));

        var expectedIncidents = await expected.ListIncidentsAsync(system, new Demarcate.Core.Monitoring.IncidentFilter { IncludeMerged = true }, default);
        Assert.Equal(4, expectedIncidents.Count);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expectedIncidents), System.Text.Json.JsonSerializer.Serialize(await actual.ListIncidentsAsync(system, new Demarcate.Core.Monitoring.IncidentFilter { IncludeMerged = true }, default)));
        foreach (var incident in expectedIncidents)
        {
            Assert.Equal(
                (await expected.ListIncidentHistoryAsync(system, incident.Id, default)).Select(h => (h.Action, h.Actor, h.Snapshot, h.At)),
                (await actual.ListIncidentHistoryAsync(system, incident.Id, default)).Select(h => (h.Action, h.Actor, h.Snapshot, h.At)));
            Assert.Equal(
                (await expected.ListIncidentAttachmentsAsync(system, incident.Id, default)).Select(a => Convert.ToHexString(a.Content)),
                (await actual.ListIncidentAttachmentsAsync(system, incident.Id, default)).Select(a => Convert.ToHexString(a.Content)));
        }

        foreach (var caller in new[] { system, Caller.Anonymous, Caller.For(AmCarto), Caller.For(AzCarto) })
        {
            var expectedLines = await expected.ListLinesAsync(caller, null, default);
            var actualLines = await actual.ListLinesAsync(caller, null, default);
            Assert.Equal(expectedLines.Count, actualLines.Count);
            foreach (var (e, a) in expectedLines.Zip(actualLines))
            {
                Assert.Equal(e with { Geometry = a.Geometry }, a);
                Assert.True(e.Geometry.EqualsExact(a.Geometry), $"geometry of line {e.Id} changed");
            }
        }

        var expectedSectors = await expected.ListSectorsAsync(system, null, default);
        var actualSectors = await actual.ListSectorsAsync(system, null, default);
        Assert.Equal(expectedSectors.Count, actualSectors.Count);
        foreach (var (e, a) in expectedSectors.Zip(actualSectors))
        {
            Assert.Equal(e with { Geometry = a.Geometry }, a);
            Assert.True(e.Geometry is null ? a.Geometry is null : e.Geometry.EqualsExact(a.Geometry), $"geometry of sector {e.Sector.Id} changed");
        }

        var accounts = await expected.ListAccountsAsync(Administrator, default);
        Assert.Equal(accounts, await actual.ListAccountsAsync(Administrator, default));
        foreach (var account in accounts)
        {
            Assert.Equal(await expected.GetAccountAsync(account.Id, default), await actual.GetAccountAsync(account.Id, default));
            var expectedKeys = await expected.ListSigningKeysAsync(account.Id, default);
            var actualKeys = await actual.ListSigningKeysAsync(account.Id, default);
            Assert.Equal(expectedKeys.Select(Fields), actualKeys.Select(Fields));
            var expectedTokens = await expected.ListApiTokensAsync(Caller.For(account), default);
            var actualTokens = await actual.ListApiTokensAsync(Caller.For(account), default);
            Assert.Equal(expectedTokens.Select(Fields), actualTokens.Select(Fields));
        }

        foreach (var caller in new[] { system, Caller.For(AmCarto), Caller.For(AzCarto) })
        {
            Assert.Equal(
                (await expected.ListDescriptionsAsync(caller, "M-04", default)).Select(d => (d.Id, d.Text, d.Status, d.Version, d.AuthoredAt, string.Join("|", d.Problems))),
                (await actual.ListDescriptionsAsync(caller, "M-04", default)).Select(d => (d.Id, d.Text, d.Status, d.Version, d.AuthoredAt, string.Join("|", d.Problems))));
            Assert.Equal(
                (await expected.ListProposalsAsync(caller, "M-03", default)).Select(p => (p.Id, p.AnswersId, p.Text, p.Version, p.Publication, p.CreatedAt, string.Join(",", p.LineIds), p.Geometry?.AsText())),
                (await actual.ListProposalsAsync(caller, "M-03", default)).Select(p => (p.Id, p.AnswersId, p.Text, p.Version, p.Publication, p.CreatedAt, string.Join(",", p.LineIds), p.Geometry?.AsText())));
        }

        var sessions = await expected.ListSessionsAsync(system, default);
        Assert.Equal(
            sessions.Select(s => (s.Id, s.Date, s.Place, s.Status, s.Version, s.Participants.Single(), s.Agenda.Single().Title)),
            (await actual.ListSessionsAsync(system, default)).Select(s => (s.Id, s.Date, s.Place, s.Status, s.Version, s.Participants.Single(), s.Agenda.Single().Title)));
        Assert.Equal(
            (await expected.ListDecisionsAsync(system, null, null, default)).Select(d => (d.Id, d.Text, d.NewStatus, d.ProposalId, d.DecidedAt)),
            (await actual.ListDecisionsAsync(system, null, null, default)).Select(d => (d.Id, d.Text, d.NewStatus, d.ProposalId, d.DecidedAt)));
        foreach (var document in await expected.ListDocumentsAsync(system, default))
        {
            var copied = (await actual.GetDocumentAsync(system, document.Id, default))!;
            Assert.Equal(document.Versions, copied.Versions);
            foreach (var version in document.Versions)
            {
                Assert.Equal(
                    (await expected.ReadDocumentVersionAsync(system, document.Id, version.Number, default))!.Bytes.ToArray(),
                    (await actual.ReadDocumentVersionAsync(system, document.Id, version.Number, default))!.Bytes.ToArray());
            }
        }

        Assert.Equal(await ReadAllAsync(expected), await ReadAllAsync(actual));
        var expectedHeads = await expected.ListSignedHeadsAsync(default);
        var actualHeads = await actual.ListSignedHeadsAsync(default);
        Assert.NotEmpty(expectedHeads);
        Assert.Equal(expectedHeads.Select(Fields), actualHeads.Select(Fields));
        var expectedJournalKeys = await expected.ListJournalKeysAsync(default);
        var actualJournalKeys = await actual.ListJournalKeysAsync(default);
        Assert.Equal(expectedJournalKeys.Keys.Order(StringComparer.Ordinal), actualJournalKeys.Keys.Order(StringComparer.Ordinal));
        Assert.All(expectedJournalKeys, k => Assert.Equal(k.Value, actualJournalKeys[k.Key]));
    }

    private static async Task<List<JournalEntry>> ReadAllAsync(RelationalStore store)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static string Fields(WrappedSigningKey k) =>
        $"{k.KeyId} {Hex(k.PublicKey)} {Hex(k.Salt)} {k.Iterations} {Hex(k.Nonce)} {Hex(k.Ciphertext)} {Hex(k.Tag)} {k.CreatedAt:O} {k.RetiredAt:O}";

    private static string Fields(StoredApiToken t) => $"{t.Id} {t.AccountId} {t.Name} {Hex(t.SecretHash)} {t.CreatedAt:O} {t.ExpiresAt:O} {t.RevokedAt:O}";

    private static string Fields(SignedHead h) => $"{h.Sequence} {h.Hash} {h.SignedAt:O} {h.SignerId} {Hex([.. h.Signature])}";

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    private static ECDsa PublicKey(byte[] subjectPublicKeyInfo)
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return key;
    }

    private async Task<RelationalStore> GeoPackageAsync(string name)
    {
        var store = await GeoPackageStore.OpenAsync(Scratch.File(name), default);
        _cleanup.Add(store);
        return store;
    }

    private async Task<RelationalStore> PostgresAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        _cleanup.Add(database);
        var store = await PostgresStore.OpenAsync(database.Uri, default);
        _cleanup.Add(store);
        return store;
    }
}
