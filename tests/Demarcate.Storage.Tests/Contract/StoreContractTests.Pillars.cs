using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static SurveyedPosition Gnss(GeoPoint at) => new(at, "ITRF2014", 2024.3, "GNSS RTK", 0.02)
    {
        Height = 1012.345,
        HeightSystem = "ellipsoidal (WGS 84)",
        ObservedOn = new DateOnly(2024, 4, 17),
        Survey = "campaign-1.csv",
    };

    /// <summary>A small AM plan on M-02: three pillars 500 m apart along 45°E (positions need not lie on the demo line for the register).</summary>
    private static Pillar[] AmPlan(Publication publication = Publication.Draft) =>
    [
        .. Enumerable.Range(1, 3).Select(i => new Pillar(PillarNumber.Of("M-02", i), "M-02", i == 2 ? PillarType.Secondary : PillarType.Primary, new GeoPoint(41.0 + (i * 0.0045), 45.0))
        {
            Reason = i == 2 ? PillarReason.Spacing : PillarReason.SectorEnd,
            Chainage = (i - 1) * 500,
            PlannedHeight = 1000 + i,
            Owner = Am,
            Publication = publication,
        }),
    ];

    [Fact]
    public async Task A_registered_plan_reads_back_field_by_field_in_number_order()
    {
        var store = await DemoStoreAsync();
        var plan = AmPlan();

        var registered = await store.RegisterPillarsAsync(AmCartographer, [plan[2], plan[0], plan[1]], default);

        var read = await store.ListPillarsAsync(AmCoChair, "M-02", default);
        Assert.Equal(["M-02/1", "M-02/2", "M-02/3"], read.Select(p => p.Number.ToString()));
        Assert.Equal(plan, read);
        Assert.Equal(plan[1], await store.GetPillarAsync(AmCoChair, "M-02/2", default));
        Assert.Equal(3, registered.Count);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.RegisterPillarsAsync(AmCartographer, [plan[0]], default));
    }

    [Fact]
    public async Task Submitting_a_sector_submits_the_callers_delegations_drafts_there_and_nothing_else()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(), default);
        var azDraft = AmPlan()[0] with { Number = PillarNumber.Of("M-02", 7), Owner = Az };
        await store.RegisterPillarsAsync(AzCartographer, [azDraft], default);

        // AZ submits its one draft of M-02; AM's three stay AM's drafts, unseen by AZ.
        var azSubmitted = await store.SubmitPillarsAsync(AzCoChair, "M-02", default);
        Assert.Equal(["M-02/7"], azSubmitted.Select(p => p.Number.ToString()));
        Assert.Equal(["M-02/7"], (await store.ListPillarsAsync(AzCartographer, "M-02", default)).Select(p => p.Number.ToString()));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SubmitPillarsAsync(AzCoChair, "M-02", default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SubmitPillarsAsync(AmCartographer, "M-03", default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SubmitPillarsAsync(AmCartographer, "NOPE-1", default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.SubmitPillarsAsync(Caller.Anonymous, "M-02", default));

        var amSubmitted = await store.SubmitPillarsAsync(AmCartographer, "M-02", default);

        Assert.Equal(3, amSubmitted.Count);
        Assert.All(amSubmitted, p => Assert.Equal((Publication.Submitted, 2), (p.Publication, p.Version)));
        var seen = await store.ListPillarsAsync(AzCartographer, "M-02", default);
        Assert.Equal(["M-02/1", "M-02/2", "M-02/3", "M-02/7"], seen.Select(p => p.Number.ToString()));
        Assert.Equal(["pillar.register", "pillar.publication"], (await store.ListPillarHistoryAsync(AzCartographer, "M-02/2", default)).Select(h => h.Action));
        Assert.Empty(await store.ListPillarsAsync(Caller.Anonymous, "M-02", default));
    }

    [Fact]
    public async Task The_pillars_in_a_box_are_those_planned_inside_it_edges_included_as_the_caller_may_see_them()
    {
        var store = await DemoStoreAsync();
        var plan = AmPlan();
        await store.RegisterPillarsAsync(AmCartographer, plan, default);
        await store.RegisterPillarsAsync(Caller.CommissionSystem, [plan[0] with { Number = PillarNumber.Of("M-02", 10), Owner = null, Publication = Publication.Published, Planned = new GeoPoint(41.02, 45.01) }], default);

        // From 41.0045 (M-02/1, on the edge) to 41.0100: M-02/1 and M-02/2 of AM's plan, and the published M-02/10 beyond it.
        async Task<List<string>> In(Caller caller, Envelope box) => [.. (await store.ListPillarsInBoxAsync(caller, box, default)).Select(p => p.Number.ToString())];
        var box = new Envelope(44.99, 45.0, 41.0 + (1 * 0.0045), 41.01);
        Assert.Equal(["M-02/1", "M-02/2"], await In(AmCartographer, box));
        Assert.Equal(["M-02/1", "M-02/2"], await In(AmCoChair, box));
        Assert.Empty(await In(AzCartographer, box));
        Assert.Empty(await In(Caller.Anonymous, box));
        var wide = new Envelope(44.9, 45.1, 40.9, 41.1);
        Assert.Equal(["M-02/1", "M-02/2", "M-02/3", "M-02/10"], await In(AmCartographer, wide));
        Assert.Equal(["M-02/10"], await In(AzCartographer, wide));
        Assert.Equal(["M-02/10"], await In(Caller.Anonymous, wide));
        Assert.Empty(await In(AmCartographer, new Envelope(45.02, 45.1, 40.9, 41.1)));
    }

    [Fact]
    public async Task A_delegations_draft_plan_is_its_own_until_submitted_and_anyones_once_published()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(), default);

        Assert.Null(await store.GetPillarAsync(AzCartographer, "M-02/1", default));
        Assert.Empty(await store.ListPillarsAsync(AzCartographer, null, default));
        Assert.Empty(await store.ListPillarsAsync(Caller.Anonymous, null, default));
        Assert.Empty(await store.ListPillarHistoryAsync(AzCartographer, "M-02/1", default));
        var pillar = (await store.GetPillarAsync(AmCartographer, "M-02/1", default))!;
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ChangePillarAsync(AzCartographer, pillar with { Status = PillarStatus.Emplaced }, 1, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.RegisterPillarsAsync(AzCartographer, [AmPlan()[0] with { Number = PillarNumber.Of("M-02", 9) }], default));

        var submitted = await store.ChangePillarAsync(AmCartographer, pillar with { Publication = Publication.Submitted }, 1, default);
        Assert.NotNull(await store.GetPillarAsync(AzCartographer, "M-02/1", default));
        Assert.Null(await store.GetPillarAsync(Caller.Anonymous, "M-02/1", default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.ChangePillarAsync(AmCartographer, submitted with { Publication = Publication.Published }, 2, default));

        await store.ChangePillarAsync(AzCoChair, submitted with { Publication = Publication.Published }, 2, default);
        Assert.NotNull(await store.GetPillarAsync(Caller.Anonymous, "M-02/1", default));
    }

    [Fact]
    public async Task A_survey_is_recorded_all_or_nothing_and_never_moves_the_planned_position()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(Publication.Submitted), default);
        var first = (await store.GetPillarAsync(AzCartographer, "M-02/1", default))!;
        var measured = Gnss(new GeoPoint(first.Planned.Latitude + 0.000001, first.Planned.Longitude));

        // One unknown number refuses the whole survey.
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.RecordSurveyAsync(
            AzCartographer,
            [new SurveyObservation(first.Number, measured, PillarStatus.Emplaced), new SurveyObservation(PillarNumber.Of("M-02", 77), measured, PillarStatus.Emplaced)],
            default));
        Assert.Null((await store.GetPillarAsync(AzCartographer, "M-02/1", default))!.Surveyed);

        var recorded = await store.RecordSurveyAsync(AzCartographer, [new SurveyObservation(first.Number, measured, PillarStatus.Emplaced)], default);

        var read = (await store.GetPillarAsync(AmCoChair, "M-02/1", default))!;
        Assert.Equal(recorded[0], read);
        Assert.Equal(measured, read.Surveyed);
        Assert.Equal(PillarStatus.Emplaced, read.Status);
        Assert.Equal(first.Planned, read.Planned);
        Assert.Equal(2, read.Version);
        Assert.Equal(0.111, read.Offset()!.Value.North, 0.001);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangePillarAsync(AzCartographer, read with { Planned = measured.Position }, 2, default));
        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => store.ChangePillarAsync(AzCartographer, read with { Status = PillarStatus.Verified }, 1, default));
        Assert.Equal(2, conflict.CurrentVersion);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangePillarAsync(AzCartographer, read with { Surveyed = measured with { Frame = "" } }, 2, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.RecordSurveyAsync(AmCoChair, [new SurveyObservation(first.Number, measured, PillarStatus.Verified)], default));

        var history = await store.ListPillarHistoryAsync(AmCoChair, "M-02/1", default);
        Assert.Equal(["pillar.register", "pillar.survey"], history.Select(h => h.Action));
        Assert.Equal(["am-carto", "az-carto"], history.Select(h => h.Actor));
        Assert.Contains("ITRF2014", history[1].Snapshot, StringComparison.Ordinal);
        var journal = new List<JournalEntry>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            journal.Add(entry);
        }

        Assert.Contains(journal, e => e.Action == "pillar.survey" && e.RecordId == "M-02/1");
    }

    [Fact]
    public async Task An_inspection_keeps_its_photos_and_the_history_cannot_be_rewritten()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(Publication.Submitted), default);
        byte[] photo = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];

        await store.AddInspectionAsync(AzCartographer, new PillarInspection("M-02/2", new DateOnly(2025, 6, 1), PillarStatus.Damaged, "Top broken off", [new PillarPhoto("north.png", "image/png", photo)]), default);

        var inspection = Assert.Single(await store.ListInspectionsAsync(AmCoChair, "M-02/2", default));
        Assert.Equal(PillarStatus.Damaged, inspection.Found);
        Assert.Equal("az-carto", inspection.Inspector);
        Assert.Equal(photo, Assert.Single(inspection.Photos).Content);
        Assert.Empty(await store.ListInspectionsAsync(Caller.Anonymous, "M-02/2", default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.AddInspectionAsync(AzCartographer, inspection with { Number = "M-02/99" }, default));

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "UPDATE pillar_history SET action = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "DELETE FROM pillar_inspections"));
        Assert.Equal(["pillar.register", "pillar.inspect"], (await store.ListPillarHistoryAsync(AmCoChair, "M-02/2", default)).Select(h => h.Action));
    }

    [Fact]
    public async Task Two_delegations_may_each_draft_the_same_number_and_neither_learns_of_the_others()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(), default);
        var azPlan = AmPlan().Select(p => p with { Owner = Az, PlannedHeight = 2000 }).ToArray();

        // AM holds a hidden draft M-02/1; AZ registering M-02/1 is not refused, so AM's draft stays hidden.
        await store.RegisterPillarsAsync(AzCartographer, [azPlan[0]], default);

        Assert.Equal(Am, (await store.GetPillarAsync(AmCartographer, "M-02/1", default))!.Owner);
        Assert.Equal(Az, (await store.GetPillarAsync(AzCartographer, "M-02/1", default))!.Owner);
        Assert.Equal(2000, (await store.GetPillarAsync(AzCartographer, "M-02/1", default))!.PlannedHeight);
        Assert.Equal(["M-02/1"], (await store.ListPillarsAsync(AzCartographer, null, default)).Select(p => p.Number.ToString()));
        Assert.Equal(["M-02/1", "M-02/2", "M-02/3"], (await store.ListPillarsAsync(AmCoChair, null, default)).Select(p => p.Number.ToString()));
        Assert.Null(await store.GetPillarAsync(MediatorAdviser, "M-02/1", default));
        Assert.Null(await store.GetPillarAsync(Caller.Anonymous, "M-02/1", default));
        Assert.Empty(await store.ListPillarsAsync(Monitor, null, default));

        // Each history is its own pillar's.
        Assert.Equal(["am-carto"], (await store.ListPillarHistoryAsync(AmCoChair, "M-02/1", default)).Select(h => h.Actor));
        Assert.Equal(["az-carto"], (await store.ListPillarHistoryAsync(AzCoChair, "M-02/1", default)).Select(h => h.Actor));
        Assert.Empty(await store.ListPillarHistoryAsync(MediatorAdviser, "M-02/1", default));

        // Its own draft's number is still refused to a delegation (it sees it): the refusal is unchanged.
        await Assert.ThrowsAsync<RuleViolationException>(() => store.RegisterPillarsAsync(AzCartographer, [azPlan[0]], default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.RegisterPillarsAsync(AmCartographer, [AmPlan()[0]], default));
    }

    [Fact]
    public async Task A_submitted_number_is_unique_and_a_clashing_draft_is_refused_at_submission_with_a_reason()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(), default);
        var azPlan = AmPlan().Select(p => p with { Owner = Az }).ToArray();
        await store.RegisterPillarsAsync(AzCartographer, [azPlan[0]], default);

        // AZ submits first: AM's draft M-02/1 was hidden from it, so its submission goes through.
        await store.SubmitPillarsAsync(AzCoChair, "M-02", default);

        // For AM its own draft stands for M-02/1, in a list as by number; the others see AZ's submitted M-02/1.
        Assert.All(await store.ListPillarsAsync(AmCartographer, "M-02", default), p => Assert.Equal((Am, Publication.Draft), (p.Owner!.Value, p.Publication)));
        Assert.Equal(["M-02/1"], (await store.ListPillarsAsync(MediatorAdviser, "M-02", default)).Select(p => p.Number.ToString()));
        var own = (await store.GetPillarAsync(AmCartographer, "M-02/1", default))!;
        Assert.Equal(Am, own.Owner);
        Assert.Equal(Publication.Draft, own.Publication);
        var shown = (await store.GetPillarAsync(MediatorAdviser, "M-02/1", default))!;
        Assert.Equal(Az, shown.Owner);
        Assert.Equal(Publication.Submitted, shown.Publication);

        // A visible clash is refused, with a reason, and nothing of AM's plan is submitted.
        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => store.SubmitPillarsAsync(AmCoChair, "M-02", default));
        Assert.Contains("M-02/1", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("submitted or published", refusal.Message, StringComparison.Ordinal);
        Assert.All(await store.ListPillarsAsync(AmCoChair, "M-02", default), p => Assert.Equal(p.Owner == Am ? Publication.Draft : Publication.Submitted, p.Publication));

        // Registering a number a submitted pillar holds is refused as before, for anyone who sees it.
        await Assert.ThrowsAsync<RuleViolationException>(() => store.RegisterPillarsAsync(AmCartographer, [AmPlan(Publication.Submitted)[0]], default));
    }

    [Fact]
    public async Task A_survey_and_an_inspection_by_number_touch_the_callers_own_view_only()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(), default);
        await store.RegisterPillarsAsync(AzCartographer, [AmPlan()[0] with { Owner = Az }], default);
        var az = (await store.GetPillarAsync(AzCartographer, "M-02/1", default))!;
        var measured = Gnss(new GeoPoint(az.Planned.Latitude + 0.000001, az.Planned.Longitude));

        await store.RecordSurveyAsync(AzCartographer, [new SurveyObservation(az.Number, measured, PillarStatus.Emplaced)], default);
        await store.AddInspectionAsync(AzCartographer, new PillarInspection("M-02/1", new DateOnly(2025, 6, 1), PillarStatus.Emplaced, "Found in place", []), default);

        var azRead = (await store.GetPillarAsync(AzCartographer, "M-02/1", default))!;
        Assert.Equal(measured, azRead.Surveyed);
        Assert.Equal((PillarStatus.Emplaced, 2), (azRead.Status, azRead.Version));
        var amRead = (await store.GetPillarAsync(AmCartographer, "M-02/1", default))!;
        Assert.Null(amRead.Surveyed);
        Assert.Equal((PillarStatus.Planned, 1), (amRead.Status, amRead.Version));
        Assert.Single(await store.ListInspectionsAsync(AzCoChair, "M-02/1", default));
        Assert.Empty(await store.ListInspectionsAsync(AmCoChair, "M-02/1", default));
        Assert.Equal(["pillar.register"], (await store.ListPillarHistoryAsync(AmCoChair, "M-02/1", default)).Select(h => h.Action));
        Assert.Equal(["pillar.register", "pillar.survey", "pillar.inspect"], (await store.ListPillarHistoryAsync(AzCoChair, "M-02/1", default)).Select(h => h.Action));

        // A number only another delegation's draft holds is unknown to the caller, like a number nobody holds.
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.RecordSurveyAsync(AzCartographer, [new SurveyObservation(PillarNumber.Of("M-02", 2), measured, PillarStatus.Emplaced)], default));
    }
}
