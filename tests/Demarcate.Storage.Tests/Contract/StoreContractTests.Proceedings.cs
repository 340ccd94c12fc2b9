using System.Text;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using NetTopologySuite;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    // Party codes are spelled out here: static initialisers in different parts of a partial class run in no guaranteed order.
    private static readonly PartyCode Ru = new("RU");

    protected static Caller AzCoChair { get; } = Caller.For(new Account("az-cochair", "az.cochair", "AZ co-chair", new PartyCode("AZ"), Role.CoChair));

    protected static Caller MediatorAdviser { get; } = Caller.For(new Account("ru-adviser", "ru.adviser", "Mediator's adviser", new PartyCode("RU"), Role.MediatorAdviser));

    protected static Caller Monitor { get; } = Caller.For(new Account("monitor", "monitor", "Monitor", new PartyCode("RU"), Role.Monitor));

    private static ProposalDraft DraftFor(string sectorId, string title, params string[] lines) =>
        new(sectorId, title, "Rationale: the 1976 sheet K-38-34 shows the ridge line.") { LineIds = lines };

    private ProposalDraft DrawnDraft(string sectorId, string title)
    {
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var geometry = Demo.Sectors.Single(s => s.Sector.Id == sectorId).Geometry!;
        return new ProposalDraft(sectorId, title, "Follow the watershed.") { Geometry = factory.CreateMultiLineString([.. geometry.Geometries.Cast<NetTopologySuite.Geometries.LineString>()]) };
    }

    [Fact]
    public async Task A_proposal_is_its_delegations_draft_until_submitted_then_every_member_sees_it()
    {
        var store = await DemoStoreAsync();
        await store.AddLineAsync(AmCartographer, Claim("am-claim", Am), default);

        var draft = await store.DraftProposalAsync(AmCartographer, DraftFor("M-01", "Ridge line", "am-claim"), default);
        Assert.Equal((Publication.Draft, 1, Am), (draft.Publication, draft.Version, draft.Owner));
        var seen = (await store.GetProposalAsync(AmObserver, draft.Id, default))!;
        Assert.Equal((draft.Id, draft.Title, draft.Text, draft.CreatedAt), (seen.Id, seen.Title, seen.Text, seen.CreatedAt));
        Assert.Equal(["am-claim"], seen.LineIds);
        foreach (var outsider in new[] { AzCartographer, AzCoChair, MediatorAdviser, Monitor, Administrator, Caller.Anonymous })
        {
            Assert.Null(await store.GetProposalAsync(outsider, draft.Id, default));
            Assert.Empty(await store.ListProposalsAsync(outsider, "M-01", default));
        }

        // The other delegation cannot tell the draft exists, not even by trying to submit or answer it.
        var hidden = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SubmitProposalAsync(AzCoChair, draft.Id, 1, default));
        var missing = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SubmitProposalAsync(AzCoChair, "p-000000000000", 1, default));
        Assert.Equal(hidden.Message, missing.Message);
        var answerHidden = await Assert.ThrowsAsync<RuleViolationException>(() => store.DraftProposalAsync(AzCartographer, DrawnDraft("M-01", "Counter") with { AnswersId = draft.Id }, default));
        var answerMissing = await Assert.ThrowsAsync<RuleViolationException>(() => store.DraftProposalAsync(AzCartographer, DrawnDraft("M-01", "Counter") with { AnswersId = "p-000000000000" }, default));
        Assert.Equal(answerHidden.Message.Replace(draft.Id, "X", StringComparison.Ordinal), answerMissing.Message.Replace("p-000000000000", "X", StringComparison.Ordinal));

        await Assert.ThrowsAsync<NotPermittedException>(() => store.SubmitProposalAsync(AmObserver, draft.Id, 1, default));
        await Assert.ThrowsAsync<VersionConflictException>(() => store.SubmitProposalAsync(AmCartographer, draft.Id, 7, default));
        var submitted = await store.SubmitProposalAsync(AmCartographer, draft.Id, 1, default);
        Assert.Equal((Publication.Submitted, 2), (submitted.Publication, submitted.Version));
        Assert.NotNull(submitted.SubmittedAt);
        foreach (var member in new[] { AzCartographer, AzCoChair, MediatorAdviser })
        {
            Assert.Equal([draft.Id], (await store.ListProposalsAsync(member, "M-01", default)).Select(p => p.Id));
        }

        Assert.Empty(await store.ListProposalsAsync(Monitor, "M-01", default));

        // A submitted proposal never points at a line only its owner sees: its draft line went with it.
        Assert.Equal(Publication.Submitted, (await store.GetLineAsync(AzCartographer, "am-claim", default))!.Publication);
        Assert.Equal(1, await CountJournalAsync(store, "proposal.submit"));
        Assert.Equal(1, await CountJournalAsync(store, "line.submit"));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SubmitProposalAsync(AmCartographer, draft.Id, 2, default));
    }

    [Fact]
    public async Task A_counter_proposal_answers_a_submitted_proposal_on_the_same_sector_and_the_thread_keeps_order()
    {
        var store = await DemoStoreAsync();
        var am = await store.DraftProposalAsync(AmCoChair, DrawnDraft("M-02", "Along the river"), default);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.DraftProposalAsync(AmCartographer, DrawnDraft("M-02", "Own draft answered") with { AnswersId = am.Id }, default));
        am = await store.SubmitProposalAsync(AmCoChair, am.Id, am.Version, default);

        await Assert.ThrowsAsync<RuleViolationException>(() => store.DraftProposalAsync(AzCartographer, DrawnDraft("M-03", "Wrong sector") with { AnswersId = am.Id }, default));
        var az = await store.DraftProposalAsync(AzCartographer, DrawnDraft("M-02", "Along the road") with { AnswersId = am.Id }, default);
        az = await store.SubmitProposalAsync(AzCartographer, az.Id, az.Version, default);
        var ru = await store.DraftProposalAsync(MediatorAdviser, DrawnDraft("M-02", "Split the difference") with { AnswersId = az.Id }, default);

        // The mediator's draft is the mediator's own until submitted.
        Assert.Equal([am.Id, az.Id], (await store.ListProposalsAsync(AmCoChair, "M-02", default)).Select(p => p.Id));
        var thread = await store.ListProposalsAsync(MediatorAdviser, "M-02", default);
        Assert.Equal([am.Id, az.Id, ru.Id], thread.Select(p => p.Id));
        Assert.Equal([null, am.Id, az.Id], thread.Select(p => p.AnswersId));
        Assert.True(thread[1].Geometry!.EqualsExact(DrawnDraft("M-02", "x").Geometry!));

        await Assert.ThrowsAsync<NotPermittedException>(() => store.WithdrawProposalAsync(AzCoChair, am.Id, am.Version, default));
        var withdrawn = await store.WithdrawProposalAsync(AmCoChair, am.Id, am.Version, default);
        Assert.True(withdrawn.IsWithdrawn);
        await Assert.ThrowsAsync<VersionConflictException>(() => store.WithdrawProposalAsync(AmCoChair, am.Id, am.Version, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.WithdrawProposalAsync(AmCoChair, am.Id, withdrawn.Version, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.DraftProposalAsync(AzCartographer, DrawnDraft("M-02", "Late answer") with { AnswersId = am.Id }, default));
        Assert.True((await store.GetProposalAsync(AzCoChair, am.Id, default))!.IsWithdrawn);
    }

    [Fact]
    public async Task Ten_writers_on_one_document_version_one_adds_a_version_nine_get_a_conflict_with_the_current_version()
    {
        var store = await DemoStoreAsync();
        var document = await store.AddDocumentAsync(AmCartographer, new DocumentDraft(DocumentKind.Minutes, "Minutes"), DocumentContent.Text("v1"), default);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await store.AddDocumentVersionAsync(AmCartographer, document.Id, 1, DocumentContent.Text($"writer {i}"), default);
                return "ok";
            }
            catch (VersionConflictException e)
            {
                return "409@" + e.CurrentVersion;
            }
        }));

        Assert.Equal(1, attempts.Count(a => a == "ok"));
        Assert.Equal(9, attempts.Count(a => a == "409@2"));
        var after = (await store.GetDocumentAsync(AmCartographer, document.Id, default))!;
        Assert.Equal((2, 2), (after.Version, after.Versions.Count));
    }

    [Fact]
    public async Task A_proposal_needs_text_and_a_line_or_geometry_and_names_only_lines_the_delegation_may_see()
    {
        var store = await DemoStoreAsync();
        await store.AddLineAsync(AzCartographer, Claim("az-claim", Az), default);

        await Assert.ThrowsAsync<RuleViolationException>(() => store.DraftProposalAsync(AmCartographer, new ProposalDraft("M-01", "Empty", "text"), default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.DraftProposalAsync(AmCartographer, DraftFor("M-01", " ", Demo.Lines[0].Id), default));
        var hidden = await Assert.ThrowsAsync<RuleViolationException>(() => store.DraftProposalAsync(AmCartographer, DraftFor("M-01", "Theirs", "az-claim"), default));
        var missing = await Assert.ThrowsAsync<RuleViolationException>(() => store.DraftProposalAsync(AmCartographer, DraftFor("M-01", "Theirs", "no-such"), default));
        Assert.Equal(hidden.Message.Replace("az-claim", "X", StringComparison.Ordinal), missing.Message.Replace("no-such", "X", StringComparison.Ordinal));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.DraftProposalAsync(AmCartographer, DraftFor("Q-99", "Nowhere", Demo.Lines[0].Id), default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.DraftProposalAsync(AmObserver, DraftFor("M-01", "Observer", Demo.Lines[0].Id), default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.DraftProposalAsync(Administrator, DraftFor("M-01", "Admin", Demo.Lines[0].Id), default));

        var published = await store.DraftProposalAsync(AmCartographer, DraftFor("M-01", "The published line", Demo.Lines[0].Id), default);
        Assert.Equal([Demo.Lines[0].Id], published.LineIds);
        Assert.Null(published.Geometry);
    }

    [Fact]
    public async Task Sessions_are_planned_by_co_chairs_and_the_mediator_seen_by_members_and_revised_with_their_version()
    {
        var store = await DemoStoreAsync();
        await store.CreateAccountAsync(Administrator, AmCoChair.Account!, FastHasher.Hash("long enough password"), WrappedSigningKey.Create("long enough password", FastHasher, DateTimeOffset.UtcNow), default);
        var draft = new SessionDraft(new DateOnly(2026, 12, 3), "Gabala")
        {
            Participants = [new Participant("AM co-chair", Am, "am-cochair"), new Participant("Expert witness", null, null)],
            Agenda = [new AgendaItem("Opening", []), new AgendaItem("Sectors M-01 and M-02", ["M-01", "M-02"])],
        };

        await Assert.ThrowsAsync<NotPermittedException>(() => store.PlanSessionAsync(AmCartographer, draft, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.PlanSessionAsync(AmCoChair, draft with { Agenda = [new AgendaItem("Nowhere", ["Q-99"])] }, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.PlanSessionAsync(AmCoChair, draft with { Participants = [new Participant("Ghost", Am, "no-such-account")] }, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.PlanSessionAsync(AmCoChair, draft with { Place = "" }, default));
        var session = await store.PlanSessionAsync(MediatorAdviser, draft, default);

        var read = (await store.GetSessionAsync(AzCartographer, session.Id, default))!;
        Assert.Equal((draft.Date, "Gabala", SessionStatus.Planned, 1), (read.Date, read.Place, read.Status, read.Version));
        Assert.Equal(draft.Participants, read.Participants);
        Assert.Equal(["Opening", "Sectors M-01 and M-02"], read.Agenda.Select(a => a.Title));
        Assert.Equal(["M-01", "M-02"], read.Agenda[1].SectorIds);
        Assert.Single(await store.ListSessionsAsync(AmObserver, default));
        Assert.Empty(await store.ListSessionsAsync(Monitor, default));
        Assert.Empty(await store.ListSessionsAsync(Caller.Anonymous, default));
        Assert.Null(await store.GetSessionAsync(Administrator, session.Id, default));

        var held = await store.ReviseSessionAsync(AzCoChair, session.Id, 1, draft with { Status = SessionStatus.Held, Place = "Gabala, hotel Qafqaz" }, default);
        Assert.Equal((SessionStatus.Held, 2), (held.Status, held.Version));
        await Assert.ThrowsAsync<VersionConflictException>(() => store.ReviseSessionAsync(AmCoChair, session.Id, 1, draft, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ReviseSessionAsync(AmCoChair, session.Id, 2, draft, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ReviseSessionAsync(Monitor, session.Id, 2, draft, default));
        Assert.Equal("Gabala, hotel Qafqaz", (await store.GetSessionAsync(AmCoChair, session.Id, default))!.Place);
    }

    [Fact]
    public async Task A_decision_moves_its_sectors_through_the_workflow_in_the_same_write_or_not_at_all()
    {
        var store = await DemoStoreAsync();
        var session = await store.PlanSessionAsync(AmCoChair, new SessionDraft(new DateOnly(2026, 12, 3), "Yerevan"), default);
        var proposal = await store.DraftProposalAsync(AzCartographer, DrawnDraft("M-04", "Ridge"), default);
        proposal = await store.SubmitProposalAsync(AzCartographer, proposal.Id, 1, default);
        var decide = new DecisionDraft(session.Id, ["M-04", "M-05"], "The commission takes up sectors M-04 and M-05.")
        {
            ProposalId = proposal.Id,
            NewStatus = SectorStatus.UnderDiscussion,
            SectorVersions = new Dictionary<string, int>(StringComparer.Ordinal) { ["M-04"] = 1, ["M-05"] = 1 },
        };

        var planned = await Assert.ThrowsAsync<RuleViolationException>(() => store.RecordDecisionAsync(AmCoChair, decide, default));
        Assert.Contains("held", planned.Message, StringComparison.Ordinal);
        session = await store.ReviseSessionAsync(AmCoChair, session.Id, 1, new SessionDraft(session.Date, session.Place) { Status = SessionStatus.Held }, default);
        await Assert.ThrowsAsync<NotPermittedException>(() => store.RecordDecisionAsync(AzCartographer, decide, default));

        // A step the workflow refuses on one sector leaves every sector and the decisions as they were.
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => store.RecordDecisionAsync(AmCoChair, decide with { NewStatus = SectorStatus.AgreedInPrinciple }, default));
        Assert.Contains("cannot go from not started", refused.Message, StringComparison.Ordinal);
        var stale = await Assert.ThrowsAsync<VersionConflictException>(() => store.RecordDecisionAsync(
            AmCoChair, decide with { SectorVersions = new Dictionary<string, int>(StringComparer.Ordinal) { ["M-04"] = 1, ["M-05"] = 9 } }, default));
        Assert.Equal(1, stale.CurrentVersion);
        Assert.Equal(SectorStatus.NotStarted, (await store.GetSectorAsync(AmCoChair, "M-04", default))!.Sector.Status);
        Assert.Empty(await store.ListDecisionsAsync(AmCoChair, session.Id, null, default));

        var decision = await store.RecordDecisionAsync(MediatorAdviser, decide, default);
        Assert.Equal((SectorStatus.UnderDiscussion, 2), ((await store.GetSectorAsync(AmCoChair, "M-04", default))!.Sector.Status, (await store.GetSectorAsync(AmCoChair, "M-04", default))!.Sector.Version));
        Assert.Equal(SectorStatus.UnderDiscussion, (await store.GetSectorAsync(AmCoChair, "M-05", default))!.Sector.Status);
        var listed = Assert.Single(await store.ListDecisionsAsync(AzCartographer, null, "M-05", default));
        Assert.Equal((decision.Id, proposal.Id, SectorStatus.UnderDiscussion), (listed.Id, listed.ProposalId, listed.NewStatus));
        Assert.Equal(["M-04", "M-05"], listed.SectorIds);
        Assert.Empty(await store.ListDecisionsAsync(AzCartographer, null, "M-06", default));
        Assert.Empty(await store.ListDecisionsAsync(Monitor, session.Id, null, default));
        Assert.Equal(2, await CountJournalAsync(store, "sector.status"));

        // Without a status change a decision only records; a draft proposal cannot be decided upon.
        var ownDraft = await store.DraftProposalAsync(MediatorAdviser, DrawnDraft("M-06", "Draft"), default);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.RecordDecisionAsync(MediatorAdviser, new DecisionDraft(session.Id, ["M-06"], "Noted.") { ProposalId = ownDraft.Id }, default));
        await store.RecordDecisionAsync(MediatorAdviser, new DecisionDraft(session.Id, ["M-06"], "Noted."), default);
        Assert.Equal(SectorStatus.NotStarted, (await store.GetSectorAsync(AmCoChair, "M-06", default))!.Sector.Status);
        Assert.Equal(2, (await store.ListDecisionsAsync(AmCoChair, session.Id, null, default)).Count);

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "UPDATE decisions SET body = 'rewritten'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "DELETE FROM decisions"));
        var verification = await VerifyAsync(store, []);
        Assert.True(verification.Ok, verification.ToString());
    }

    [Fact]
    public async Task A_document_keeps_every_version_with_its_hash_and_is_seen_as_draft_then_submitted_then_published()
    {
        var store = await DemoStoreAsync();
        var first = DocumentContent.Text("Minutes of the 12th meeting. <script>alert(1)</script>'; DROP TABLE documents; --");
        var document = await store.AddDocumentAsync(AmCartographer, new DocumentDraft(DocumentKind.Minutes, "Minutes, 12th meeting") { SectorIds = ["M-01"] }, first, default);
        Assert.Equal((Publication.Draft, 1, 1), (document.Publication, document.Version, document.Versions.Count));
        Assert.Equal(first.Sha256(), document.Versions[0].Sha256);
        Assert.Null(await store.GetDocumentAsync(AzCoChair, document.Id, default));
        Assert.Null(await store.ReadDocumentVersionAsync(AzCoChair, document.Id, 1, default));
        Assert.Empty(await store.ListDocumentsAsync(MediatorAdviser, default));

        var pdf = new DocumentContent("application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n% protocol, signed copy\n"));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.AddDocumentVersionAsync(AzCoChair, document.Id, 1, pdf, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddDocumentVersionAsync(AmObserver, document.Id, 1, pdf, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddDocumentVersionAsync(AmCartographer, document.Id, 1, new DocumentContent("application/pdf", Array.Empty<byte>()), default));
        document = await store.AddDocumentVersionAsync(AmCartographer, document.Id, 1, pdf, default);
        await Assert.ThrowsAsync<VersionConflictException>(() => store.AddDocumentVersionAsync(AmCartographer, document.Id, 1, pdf, default));
        Assert.Equal([1, 2], document.Versions.Select(v => v.Number));

        var one = (await store.ReadDocumentVersionAsync(AmObserver, document.Id, 1, default))!;
        Assert.Equal(first.Bytes.ToArray(), one.Bytes.ToArray());
        Assert.Equal("text/plain; charset=utf-8", one.Version.ContentType);
        var two = (await store.ReadDocumentVersionAsync(AmObserver, document.Id, 2, default))!;
        Assert.Equal(pdf.Bytes.ToArray(), two.Bytes.ToArray());
        Assert.Equal((pdf.Bytes.Length, pdf.Sha256()), (two.Version.Length, two.Version.Sha256));
        Assert.Null(await store.ReadDocumentVersionAsync(AmObserver, document.Id, 3, default));

        await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangeDocumentPublicationAsync(AmCoChair, document.Id, Publication.Published, 2, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.ChangeDocumentPublicationAsync(AmObserver, document.Id, Publication.Submitted, 2, default));
        document = await store.ChangeDocumentPublicationAsync(AmCartographer, document.Id, Publication.Submitted, 2, default);
        Assert.NotNull(await store.GetDocumentAsync(AzCoChair, document.Id, default));
        Assert.Null(await store.GetDocumentAsync(Caller.Anonymous, document.Id, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.ChangeDocumentPublicationAsync(AzCartographer, document.Id, Publication.Published, 3, default));
        await Assert.ThrowsAsync<VersionConflictException>(() => store.ChangeDocumentPublicationAsync(AzCoChair, document.Id, Publication.Published, 2, default));
        document = await store.ChangeDocumentPublicationAsync(AzCoChair, document.Id, Publication.Published, 3, default);
        Assert.Equal(first.Bytes.ToArray(), (await store.ReadDocumentVersionAsync(Caller.Anonymous, document.Id, 1, default))!.Bytes.ToArray());
        Assert.Single(await store.ListDocumentsAsync(Caller.Anonymous, default));

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "UPDATE document_versions SET sha256 = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "DELETE FROM document_versions"));
        Assert.Equal(1, await CountJournalAsync(store, "document.add"));
        Assert.Equal(1, await CountJournalAsync(store, "document.version"));
        Assert.Equal(2, await CountJournalAsync(store, "document.publication"));
    }

    [Fact]
    public async Task A_document_names_only_existing_sessions_and_sectors()
    {
        var store = await DemoStoreAsync();
        var text = DocumentContent.Text("Protocol");
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddDocumentAsync(AmCoChair, new DocumentDraft(DocumentKind.Protocol, "P") { SessionId = "s-000000000000" }, text, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddDocumentAsync(AmCoChair, new DocumentDraft(DocumentKind.Protocol, "P") { SectorIds = ["Q-99"] }, text, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddDocumentAsync(AmCoChair, new DocumentDraft(DocumentKind.Protocol, ""), text, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddDocumentAsync(Monitor, new DocumentDraft(DocumentKind.Protocol, "P"), text, default));
        var session = await store.PlanSessionAsync(AmCoChair, new SessionDraft(new DateOnly(2026, 12, 3), "Yerevan"), default);

        var document = await store.AddDocumentAsync(MediatorAdviser, new DocumentDraft(DocumentKind.Protocol, "Protocol") { SessionId = session.Id }, text, default);
        Assert.Equal((session.Id, Ru), (document.SessionId, document.Owner));
        var read = (await store.GetDocumentAsync(MediatorAdviser, document.Id, default))!;
        Assert.Equal((document.Id, DocumentKind.Protocol, "Protocol", session.Id, document.CreatedAt), (read.Id, read.Kind, read.Title, read.SessionId, read.CreatedAt));
        Assert.Equal(document.Versions, read.Versions);
    }
}
