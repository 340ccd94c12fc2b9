using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static WitnessMark[] TwoMarks() =>
    [
        new WitnessMark(1, "cross cut in rock", 47.25, 12.345) { Description = "on the boulder left of the track", SlopeDistance = 12.5, HeightDifference = -1.97 },
        WitnessMark.Measured(2, "iron pin", 350, AzimuthKind.Magnetic, 6.5, 25) with { Surveyed = new GeoPoint(41.0047, 44.9999) },
    ];

    [Fact]
    public async Task Witness_marks_read_back_field_by_field_and_raise_the_pillars_version_with_a_history_row()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(Publication.Submitted), default);

        var changed = Assert.Single(await store.SetWitnessMarksAsync(AzCartographer, [new WitnessMarkSet("M-02/1", TwoMarks(), 1)], default));

        Assert.Equal(2, changed.Version);
        Assert.Equal(2, (await store.GetPillarAsync(AmCoChair, "M-02/1", default))!.Version);
        var read = await store.ListWitnessMarksAsync(AmCoChair, "M-02/1", default);
        Assert.Equal(TwoMarks(), read);
        Assert.Equal(AzimuthKind.Magnetic, read[1].MeasuredFrom);
        Assert.Equal(356.5, read[1].Bearing, 9);
        Assert.Equal(350, read[1].MeasuredBearing, 9);
        Assert.Empty(await store.ListWitnessMarksAsync(AmCoChair, "M-02/2", default));
        var history = await store.ListPillarHistoryAsync(AmCoChair, "M-02/1", default);
        Assert.Equal(["pillar.register", "pillar.witness-marks"], history.Select(h => h.Action));
        Assert.Contains("cross cut in rock", history[1].Snapshot, StringComparison.Ordinal);
        var journal = new List<JournalEntry>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            journal.Add(entry);
        }

        Assert.Contains(journal, e => e.Action == "pillar.witness-marks" && e.RecordId == "M-02/1");

        // A second set replaces the first; the history keeps both.
        await store.SetWitnessMarksAsync(AzCartographer, [new WitnessMarkSet("M-02/1", [TwoMarks()[1]], 2)], default);
        Assert.Equal([2], (await store.ListWitnessMarksAsync(AmCoChair, "M-02/1", default)).Select(m => m.Number));
        Assert.Equal(3, (await store.ListPillarHistoryAsync(AmCoChair, "M-02/1", default)).Count);
    }

    [Fact]
    public async Task Witness_marks_read_at_a_stale_version_are_a_conflict_and_nothing_is_written()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(Publication.Submitted), default);
        await store.SetWitnessMarksAsync(AzCartographer, [new WitnessMarkSet("M-02/1", TwoMarks(), 1)], default);

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() =>
            store.SetWitnessMarksAsync(AmCartographer, [new WitnessMarkSet("M-02/2", TwoMarks(), 1), new WitnessMarkSet("M-02/1", [], 1)], default));

        Assert.Equal(2, conflict.CurrentVersion);
        Assert.Empty(await store.ListWitnessMarksAsync(AmCoChair, "M-02/2", default));
        Assert.Equal(2, (await store.ListWitnessMarksAsync(AmCoChair, "M-02/1", default)).Count);
        Assert.Equal(1, (await store.GetPillarAsync(AmCoChair, "M-02/2", default))!.Version);
    }

    [Fact]
    public async Task Bad_witness_marks_are_refused_naming_the_mark_and_only_survey_teams_record_them()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(Publication.Submitted), default);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => store.SetWitnessMarksAsync(
            AmCartographer, [new WitnessMarkSet("M-02/1", [new WitnessMark(3, "iron pin", 360, 12), new WitnessMark(4, "iron pin", 10, 501)], 1)], default));
        Assert.Contains("witness mark 3: the bearing", refused.Message, StringComparison.Ordinal);
        Assert.Contains("witness mark 4: the horizontal distance", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SetWitnessMarksAsync(
            AmCartographer, [new WitnessMarkSet("M-02/1", [new WitnessMark(1, "iron pin", 10, 12), new WitnessMark(1, "tree blaze", 20, 12)], 1)], default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.SetWitnessMarksAsync(AmCoChair, [new WitnessMarkSet("M-02/1", TwoMarks(), 1)], default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SetWitnessMarksAsync(AmCartographer, [new WitnessMarkSet("M-02/99", TwoMarks(), 1)], default));
        Assert.Empty(await store.ListWitnessMarksAsync(AmCoChair, "M-02/1", default));
        Assert.Equal(1, (await store.GetPillarAsync(AmCoChair, "M-02/1", default))!.Version);
    }

    [Fact]
    public async Task A_draft_pillars_witness_marks_are_as_private_as_the_pillar()
    {
        var store = await DemoStoreAsync();
        await store.RegisterPillarsAsync(AmCartographer, AmPlan(), default);
        await store.SetWitnessMarksAsync(AmCartographer, [new WitnessMarkSet("M-02/1", TwoMarks(), 1)], default);

        Assert.Equal(2, (await store.ListWitnessMarksAsync(AmCoChair, "M-02/1", default)).Count);
        Assert.Empty(await store.ListWitnessMarksAsync(AzCartographer, "M-02/1", default));
        Assert.Empty(await store.ListWitnessMarksAsync(Caller.Anonymous, "M-02/1", default));

        // AZ cannot reach AM's draft by its number: like a number nobody holds.
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SetWitnessMarksAsync(AzCartographer, [new WitnessMarkSet("M-02/1", [], 2)], default));

        // AZ's own draft of the same number gets its own marks; AM's are untouched.
        await store.RegisterPillarsAsync(AzCartographer, [AmPlan()[0] with { Owner = Az }], default);
        await store.SetWitnessMarksAsync(AzCartographer, [new WitnessMarkSet("M-02/1", [new WitnessMark(9, "tree blaze", 100, 30)], 1)], default);
        Assert.Equal([9], (await store.ListWitnessMarksAsync(AzCartographer, "M-02/1", default)).Select(m => m.Number));
        Assert.Equal([1, 2], (await store.ListWitnessMarksAsync(AmCartographer, "M-02/1", default)).Select(m => m.Number));
    }
}
