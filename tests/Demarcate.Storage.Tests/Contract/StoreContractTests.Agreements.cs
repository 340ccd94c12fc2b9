using Demarcate.Core;
using Demarcate.Core.Agreements;
using Demarcate.Core.TransportLinks;
using Demarcate.Core.Trust;
using Demarcate.Storage.Seeding;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static readonly GeometryFactory Wgs84Lines = new(new PrecisionModel(), 4326);

    private static TaskForceAction AmRoadDraft() =>
        new("TF-TEST", "Test road across the line", Subgroup.Road, Wgs84Lines.CreateLineString([new Coordinate(45.10, 41.00), new Coordinate(45.20, 41.02), new Coordinate(45.30, 41.05)]))
        {
            ResponsibleParties = ["AM", "AZ"],
            Deadline = new DateOnly(2027, 5, 1),
            Checkpoints = [new Checkpoint("Crossing", CheckpointKind.BorderCrossing, new Demarcate.Core.Geodesy.GeoPoint(41.02, 45.20))],
            Owner = new PartyCode("AM"),
        };

    [Fact]
    public async Task The_demo_register_reads_back_provision_by_provision_and_only_for_commission_members()
    {
        var store = await DemoStoreAsync();
        await DemoAgreements.EnsureAsync(store, default);

        var read = await store.ListAgreementsAsync(AzCoChair, default);

        Assert.Equal(DemoAgreements.Agreements, read);
        Assert.Equal(DemoAgreements.Agreements[1], await store.GetAgreementAsync(MediatorAdviser, "TS-2021-01-11", default));
        Assert.Empty(await store.ListAgreementsAsync(Caller.Anonymous, default));
        Assert.Null(await store.GetAgreementAsync(Caller.Anonymous, "TS-2021-01-11", default));
        Assert.Empty(await store.ListAssessmentsAsync(Caller.Anonymous, null, default));
        var assessments = await store.ListAssessmentsAsync(AmCartographer, null, default);
        Assert.Equal(DemoAgreements.Assessments.Select(a => (a.AgreementId, a.ProvisionNumber, a.Level, a.AssessedOn, a.Evidence)), assessments.Select(a => (a.AgreementId, a.ProvisionNumber, a.Level, a.AssessedOn, a.Evidence)));
        Assert.All(assessments, a => Assert.StartsWith(DemoAgreements.DemoMark, a.Evidence, StringComparison.Ordinal));
        Assert.Equal(3, (await store.ListActionsAsync(AzCartographer, default)).Count);
        Assert.Equal(["TF-RAIL-ARAKS", "TF-ROAD-IJEVAN"], (await store.ListActionsAsync(Caller.Anonymous, default)).Select(a => a.Id));
    }

    [Fact]
    public async Task An_assessment_is_appended_the_latest_is_the_status_and_only_co_chairs_and_advisers_record_one()
    {
        var store = await DemoStoreAsync();
        await DemoAgreements.EnsureAsync(store, default);
        var assessment = new StatusAssessment("TS-2021-01-11", "4", ImplementationLevel.Full, new DateOnly(2021, 6, 1), "Schedule delivered to the leaders.") { DocumentLink = "doc:WG-2021-06" };

        await Assert.ThrowsAsync<NotPermittedException>(() => store.RecordAssessmentAsync(AmCartographer, assessment, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.RecordAssessmentAsync(Caller.Anonymous, assessment, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.RecordAssessmentAsync(AmCoChair, assessment with { ProvisionNumber = "99" }, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.RecordAssessmentAsync(AmCoChair, assessment with { Evidence = " " }, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.RecordAssessmentAsync(AmCoChair, assessment with { AssessedOn = new DateOnly(2020, 1, 1) }, default));
        var today = new DateOnly(2026, 11, 24);
        var before = Implementation.Standings(await store.ListAgreementsAsync(AmCoChair, default), await store.ListAssessmentsAsync(AmCoChair, null, default), today)
            .Single(s => s.Agreement.Id == "TS-2021-01-11" && s.Provision.Number == "4");
        Assert.Equal((ImplementationLevel.Minimal, DeadlineState.Overdue), (before.Level, before.State));

        var recorded = await store.RecordAssessmentAsync(MediatorAdviser, assessment, default);

        Assert.Equal("ru-adviser", recorded.Assessor);
        var history = (await store.ListAssessmentsAsync(AzCartographer, "TS-2021-01-11", default)).Where(a => a.ProvisionNumber == "4").ToList();
        Assert.Equal([ImplementationLevel.Minimal, ImplementationLevel.Full], history.Select(a => a.Level));
        Assert.Equal("doc:WG-2021-06", history[^1].DocumentLink);
        var after = Implementation.Standings(await store.ListAgreementsAsync(AmCoChair, default), await store.ListAssessmentsAsync(AmCoChair, null, default), today)
            .Single(s => s.Agreement.Id == "TS-2021-01-11" && s.Provision.Number == "4");
        Assert.Equal((ImplementationLevel.Full, DeadlineState.None), (after.Level, after.State));
        var journal = new List<JournalEntry>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            journal.Add(entry);
        }

        Assert.Contains(journal, e => e.Action == "provision.assess" && e.RecordId == "TS-2021-01-11/4" && e.Actor == "ru-adviser");
        Assert.Contains(journal, e => e.Action == "agreement.add" && e.RecordId == "TS-2020-11-10");
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddAgreementAsync(AmCartographer, new Agreement("X-1", "X", new DateOnly(2023, 1, 1), AgreementKind.BilateralDecision), default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddAgreementAsync(AmCoChair, DemoAgreements.Agreements[0], default));
    }

    [Fact]
    public async Task A_provision_is_revised_at_the_version_read_and_its_earlier_text_stays_readable()
    {
        var store = await DemoStoreAsync();
        await DemoAgreements.EnsureAsync(store, default);
        var entered = (await store.GetAgreementAsync(AmCoChair, "TS-2021-01-11", default))!.Provisions.Single(p => p.Number == "4");
        Assert.Equal(1, entered.Version);
        var revised = entered with
        {
            Text = "The working group reports on the railway schedule to the leaders.",
            Theme = ProvisionTheme.Transport,
            ResponsibleParties = ["AM", "AZ", "RU"],
            Deadline = ProvisionDeadline.By(new DateOnly(2021, 3, 1)),
            Links = [new RecordLink("action", "TF-RAIL-ARAKS")],
        };

        // Only the co-chairs and the mediator's advisers revise; outsiders meet the missing provision; nothing changes on refusal.
        await Assert.ThrowsAsync<NotPermittedException>(() => store.ReviseProvisionAsync(AmCartographer, "TS-2021-01-11", revised, 1, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ReviseProvisionAsync(Caller.Anonymous, "TS-2021-01-11", revised, 1, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ReviseProvisionAsync(AmCoChair, "TS-2021-01-11", revised with { Number = "99" }, 1, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ReviseProvisionAsync(AmCoChair, "TS-2021-01-11", revised with { Text = " " }, 1, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ReviseProvisionAsync(AmCoChair, "TS-2021-01-11", entered, 1, default));
        Assert.Empty(await store.ListProvisionRevisionsAsync(AmCoChair, "TS-2021-01-11", default));

        var second = await store.ReviseProvisionAsync(MediatorAdviser, "TS-2021-01-11", revised, 1, default);
        Assert.Equal(2, second.Version);

        // A form read before that revision is stale: 409, and the provision stays as the adviser left it.
        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => store.ReviseProvisionAsync(AmCoChair, "TS-2021-01-11", revised with { Text = "Stale edit." }, 1, default));
        Assert.Contains("TS-2021-01-11/4", conflict.Message, StringComparison.Ordinal);
        var now = (await store.GetAgreementAsync(AzCartographer, "TS-2021-01-11", default))!.Provisions.Single(p => p.Number == "4");
        Assert.Equal(revised with { Version = 2 }, now);
        Assert.Equal(2, now.Version);
        Assert.Equal(["AM", "AZ", "RU"], now.ResponsibleParties);
        Assert.Equal(new DateOnly(2021, 3, 1), now.Deadline.On);

        await store.ReviseProvisionAsync(AmCoChair, "TS-2021-01-11", now with { Text = "Third text." }, 2, default);

        // Every earlier text, oldest first, as it stood, with who replaced it; readable by members, by nobody else.
        var earlier = await store.ListProvisionRevisionsAsync(AzCartographer, "TS-2021-01-11", default);
        Assert.Equal([1, 2], earlier.Select(r => r.Version));
        Assert.Equal(entered, earlier[0].Provision);
        Assert.Equal(revised, earlier[1].Provision);
        Assert.Equal(["ru-adviser", "am-cochair"], earlier.Select(r => r.RevisedBy));
        Assert.Empty(await store.ListProvisionRevisionsAsync(Caller.Anonymous, "TS-2021-01-11", default));
        Assert.Empty(await store.ListProvisionRevisionsAsync(Administrator, "TS-2021-01-11", default));

        // The assessments stay with the provision, and the journal holds each revision's before and after.
        Assert.Contains(await store.ListAssessmentsAsync(AmCoChair, "TS-2021-01-11", default), a => a.ProvisionNumber == "4");
        var journal = new List<JournalEntry>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            journal.Add(entry);
        }

        var revisions = journal.Where(e => e.Action == "provision.revise" && e.RecordId == "TS-2021-01-11/4").ToList();
        Assert.Equal(2, revisions.Count);
        Assert.Contains("working group reports", revisions[0].After!, StringComparison.Ordinal);
        Assert.Contains(entered.Text, revisions[0].Before!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delegations_draft_action_is_its_own_until_submitted_and_its_status_is_moved_by_the_co_chairs()
    {
        var store = await DemoStoreAsync();
        var draft = await store.AddActionAsync(AmCartographer, AmRoadDraft(), default);

        Assert.Equal(draft, await store.GetActionAsync(AmCoChair, "TF-TEST", default));
        Assert.Equal(AmRoadDraft().Route.Coordinates, draft.Route.Coordinates);
        foreach (var outsider in new[] { AzCartographer, AzCoChair, MediatorAdviser, Monitor, Administrator, Caller.Anonymous })
        {
            Assert.Null(await store.GetActionAsync(outsider, "TF-TEST", default));
            Assert.Empty(await store.ListActionHistoryAsync(outsider, "TF-TEST", default));
        }

        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ChangeActionAsync(AzCoChair, draft with { Status = ActionStatus.Agreed }, 1, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddActionAsync(AzCartographer, AmRoadDraft() with { Id = "TF-TEST-2" }, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddActionAsync(AmCartographer, AmRoadDraft() with { Id = "TF-TEST-3", Status = ActionStatus.Done }, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddActionAsync(AmCartographer, AmRoadDraft(), default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangeActionAsync(AmCoChair, draft with { Status = ActionStatus.Agreed }, 1, default));

        var submitted = await store.ChangeActionAsync(AmCartographer, draft with { Publication = Publication.Submitted }, 1, default);
        Assert.NotNull(await store.GetActionAsync(AzCartographer, "TF-TEST", default));
        Assert.Null(await store.GetActionAsync(Caller.Anonymous, "TF-TEST", default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.ChangeActionAsync(AmCartographer, submitted with { Status = ActionStatus.Agreed }, 2, default));
        await Assert.ThrowsAsync<VersionConflictException>(() => store.ChangeActionAsync(AzCoChair, submitted with { Status = ActionStatus.Agreed }, 1, default));

        var agreed = await store.ChangeActionAsync(AzCoChair, submitted with { Status = ActionStatus.Agreed }, 2, default);
        await store.ChangeActionAsync(MediatorAdviser, agreed with { Status = ActionStatus.InProgress, Publication = Publication.Published }, 3, default);

        Assert.Equal(ActionStatus.InProgress, (await store.GetActionAsync(Caller.Anonymous, "TF-TEST", default))!.Status);
        var history = await store.ListActionHistoryAsync(AzCartographer, "TF-TEST", default);
        Assert.Equal(["action.propose", "action.publication", "action.status", "action.status"], history.Select(h => h.Action));
        Assert.Equal([ActionStatus.Proposed, ActionStatus.Proposed, ActionStatus.Agreed, ActionStatus.InProgress], history.Select(h => h.Status));
        Assert.Equal(["am-carto", "am-carto", "az-cochair", "ru-adviser"], history.Select(h => h.Actor));
    }
}
