using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using Demarcate.Core.Trust;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static readonly GeoPoint Ijevan = new(40.8756, 45.1492);

    /// <summary>A report as a party makes it: one source with its own figures.</summary>
    private static Incident Report(string reference, GeoPoint at, DateOnly day, TimePrecision precision = TimePrecision.Day, IncidentType type = IncidentType.ShellingArtilleryMissile, int? fatalities = null) =>
        new("", new IncidentDate(day, precision), new IncidentLocation(at, GeoPrecision.Exact, "near Ijevan", "Tavush"), type)
        {
            Actor1 = "Unidentified armed group",
            Sources = [new IncidentSource("patrol report " + reference, reference, null, fatalities, null)],
            Fatalities = fatalities,
            Notes = "Report " + reference,
        };

    private static GeoPoint Away(GeoPoint from, double metres)
    {
        var to = Geodesic.Wgs84.Direct(from.Latitude, from.Longitude, 90, metres);
        return new GeoPoint(to.Latitude, to.Longitude);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [Fact]
    public async Task A_delegations_incident_report_is_its_own_until_submitted_and_a_monitors_is_every_members_at_once()
    {
        var store = await DemoStoreAsync();
        var day = new DateOnly(2026, 3, 14);

        var draft = (await store.ReportIncidentsAsync(AmCartographer, [Report("AM-1", Ijevan, day)], default)).Single();
        var monitored = (await store.ReportIncidentsAsync(Monitor, [Report("MON-1", Ijevan, day)], default)).Single();

        Assert.Equal(Publication.Draft, draft.Publication);
        Assert.Equal(Am, draft.ReportingParty);
        Assert.Equal(Publication.Submitted, monitored.Publication);
        Assert.Null(await store.GetIncidentAsync(AzCartographer, draft.Id, default));
        Assert.Null(await store.GetIncidentAsync(Monitor, draft.Id, default));
        Assert.Empty(await store.ListIncidentHistoryAsync(AzCartographer, draft.Id, default));
        Assert.Equal([monitored.Id], (await store.ListIncidentsAsync(AzCartographer, IncidentFilter.All, default)).Select(i => i.Id));
        Assert.NotNull(await store.GetIncidentAsync(Monitor, monitored.Id, default));
        Assert.Empty(await store.ListIncidentsAsync(Caller.Anonymous, IncidentFilter.All, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SubmitIncidentAsync(AzCartographer, draft.Id, 1, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.ReportIncidentsAsync(Caller.Anonymous, [Report("X", Ijevan, day)], default));

        await Assert.ThrowsAsync<VersionConflictException>(() => store.SubmitIncidentAsync(AmCartographer, draft.Id, 7, default));
        var submitted = await store.SubmitIncidentAsync(AmCartographer, draft.Id, 1, default);
        Assert.Equal(2, submitted.Version);
        Assert.Equal(Json(submitted), Json((await store.GetIncidentAsync(AzCartographer, draft.Id, default))!));
        Assert.Equal(["incident.report", "incident.submit"], (await store.ListIncidentHistoryAsync(AzCartographer, draft.Id, default)).Select(h => h.Action));
    }

    [Fact]
    public async Task A_report_reads_back_field_by_field_and_a_repeated_source_reference_is_refused()
    {
        var store = await DemoStoreAsync();
        var given = Report("MON-7", Ijevan, new DateOnly(2026, 2, 1), TimePrecision.Month, IncidentType.ConstructionOfFortifications, fatalities: 0) with
        {
            Actor2 = "Border guard",
            Injuries = 2,
            Location = new IncidentLocation(Ijevan, GeoPrecision.NearPlace, "Ijevan", "Tavush"),
        };

        var added = (await store.ReportIncidentsAsync(Monitor, [given], default)).Single();
        var read = (await store.GetIncidentAsync(AzCartographer, added.Id, default))!;

        Assert.Equal(Json(added), Json(read));
        Assert.Equal(new DateOnly(2026, 2, 1), read.Date.From);
        Assert.Equal(new DateOnly(2026, 2, 28), read.Date.To);
        Assert.Equal(GeoPrecision.NearPlace, read.Location.Precision);
        Assert.Equal("Border guard", read.Actor2);
        Assert.Equal(2, read.Injuries);
        Assert.Equal(new PartyCode("RU"), read.Sources.Single().Party);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ReportIncidentsAsync(Monitor, [Report("MON-9", Ijevan, new DateOnly(2026, 2, 2)), given], default));
        Assert.Single(await store.ListIncidentsAsync(Monitor, IncidentFilter.All, default)); // the whole batch was refused
    }

    [Fact]
    public async Task Reports_of_one_event_merge_into_one_incident_with_all_sources_and_the_lowest_figures_and_unmerge_restores_them()
    {
        var store = await DemoStoreAsync();
        var day = new DateOnly(2026, 3, 14);
        var reports = await store.ReportIncidentsAsync(Monitor, [Report("MON-1", Ijevan, day, fatalities: 3), Report("MON-2", Away(Ijevan, 1_900), day, fatalities: 1)], default);
        var week = (await store.ReportIncidentsAsync(MediatorAdviser, [Report("RU-1", Away(Ijevan, 500), day.AddDays(2), TimePrecision.Week)], default)).Single();
        var before = Json((await store.ListIncidentsAsync(Monitor, IncidentFilter.All, default)).ToList());

        var merged = await store.MergeIncidentsAsync(Monitor, [reports[0].Id, reports[1].Id, week.Id], default);

        Assert.Equal([reports[0].Id, reports[1].Id, week.Id], merged.MergedFrom);
        Assert.Equal(["MON-1", "MON-2", "RU-1"], merged.Sources.Select(s => s.Reference));
        Assert.Equal(1, merged.Fatalities);
        Assert.Equal(new IncidentDate(day, TimePrecision.Day), merged.Date);
        Assert.Equal([merged.Id], (await store.ListIncidentsAsync(AzCartographer, IncidentFilter.All, default)).Select(i => i.Id));
        Assert.All(
            (await store.ListIncidentsAsync(AzCartographer, new IncidentFilter { IncludeMerged = true }, default)).Where(i => i.Id != merged.Id),
            r => Assert.Equal(merged.Id, r.MergedInto));
        Assert.Equal(Json(merged), Json((await store.GetIncidentAsync(AmCartographer, merged.Id, default))!));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SubmitIncidentAsync(Monitor, reports[0].Id, 1, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.UnmergeIncidentAsync(AzCartographer, merged.Id, 1, default));

        var restored = await store.UnmergeIncidentAsync(Monitor, merged.Id, 1, default);

        Assert.Equal(3, restored.Count);
        Assert.Null(await store.GetIncidentAsync(Monitor, merged.Id, default));
        Assert.Equal(before, Json((await store.ListIncidentsAsync(Monitor, IncidentFilter.All, default)).ToList()));
        var journal = new List<string>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            journal.Add(entry.Action);
        }

        Assert.Equal(["incident.merge", "incident.unmerge"], journal.Where(a => a is "incident.merge" or "incident.unmerge"));
    }

    [Fact]
    public async Task Reports_of_different_types_days_or_more_than_2_km_apart_are_not_merged()
    {
        var store = await DemoStoreAsync();
        var day = new DateOnly(2026, 3, 14);
        var r = await store.ReportIncidentsAsync(
            Monitor,
            [
                Report("A", Ijevan, day),
                Report("B", Away(Ijevan, 2_100), day),
                Report("C", Ijevan, day.AddDays(1)),
                Report("D", Ijevan, day, type: IncidentType.SniperFire),
                Report("E", Ijevan, new DateOnly(2026, 4, 2), TimePrecision.Month),
            ],
            default);

        foreach (var other in r.Skip(1))
        {
            await Assert.ThrowsAsync<RuleViolationException>(() => store.MergeIncidentsAsync(Monitor, [r[0].Id, other.Id], default));
        }

        Assert.Equal(5, (await store.ListIncidentsAsync(Monitor, IncidentFilter.All, default)).Count);

        // A report known to the week around 12 March overlaps the 14th; one known to March overlaps both.
        var week = (await store.ReportIncidentsAsync(Monitor, [Report("F", Ijevan, day.AddDays(-2), TimePrecision.Week), Report("G", Ijevan, day, TimePrecision.Month)], default)).ToList();
        var merged = await store.MergeIncidentsAsync(Monitor, [r[0].Id, week[0].Id, week[1].Id], default);
        Assert.Equal(new IncidentDate(day, TimePrecision.Day), merged.Date);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.MergeIncidentsAsync(Monitor, [r[0].Id, r[2].Id], default));
    }

    [Fact]
    public async Task Attribution_is_recorded_for_visible_incidents_and_filters_by_sector()
    {
        var store = await DemoStoreAsync();
        var day = new DateOnly(2026, 3, 14);
        var r = await store.ReportIncidentsAsync(Monitor, [Report("A", Ijevan, day), Report("B", Away(Ijevan, 30_000), day)], default);
        var draft = (await store.ReportIncidentsAsync(AmCartographer, [Report("AM-1", Ijevan, day)], default)).Single();

        await Assert.ThrowsAsync<NotPermittedException>(() => store.RecordAttributionsAsync(AmCartographer, [new IncidentAttributionRow(r[0].Id, "M-02", 12.5, Am, null)], default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.RecordAttributionsAsync(Monitor, [new IncidentAttributionRow(draft.Id, "M-02", 12.5, Am, null)], default));
        await store.RecordAttributionsAsync(Monitor, [new IncidentAttributionRow(r[0].Id, "M-02", 812.25, Am, null), new IncidentAttributionRow(r[1].Id, null, null, null, null)], default);

        var attributed = (await store.GetIncidentAsync(AzCartographer, r[0].Id, default))!.Attribution!;
        Assert.Equal(("M-02", (double?)812.25, (PartyCode?)Am), (attributed.SectorId, attributed.DistanceMetres, attributed.SideParty));
        Assert.Null((await store.GetIncidentAsync(AzCartographer, r[1].Id, default))!.Attribution);
        Assert.Equal([r[0].Id], (await store.ListIncidentsAsync(Monitor, new IncidentFilter { SectorId = "M-02" }, default)).Select(i => i.Id));
        Assert.Equal(1, (await store.GetIncidentAsync(Monitor, r[0].Id, default))!.Version);
    }

    [Fact]
    public async Task A_batch_of_attributions_is_one_journaled_write_where_an_incidents_last_row_counts_and_a_hidden_one_writes_nothing()
    {
        var store = await DemoStoreAsync();
        var day = new DateOnly(2026, 3, 14);
        var reports = await store.ReportIncidentsAsync(Monitor, [.. Enumerable.Range(0, 600).Select(i => Report($"B-{i}", Away(Ijevan, 10 * i), day))], default);
        var draft = (await store.ReportIncidentsAsync(AmCartographer, [Report("AM-1", Ijevan, day)], default)).Single();
        var before = (await store.ListIncidentsAsync(Monitor, IncidentFilter.All, default)).ToDictionary(i => i.Id, i => Json(i), StringComparer.Ordinal);
        var attributeWrites = await CountJournalAsync(store, "incident.attribute");

        IncidentAttributionRow Row(int i) => i % 3 == 0
            ? new IncidentAttributionRow(reports[i].Id, null, null, null, null)
            : new IncidentAttributionRow(reports[i].Id, $"M-{i % 7:D2}", 1000.5 + i, i % 2 == 0 ? Am : Az, i % 5 == 0 ? "reference-line" : null);

        // A hidden incident anywhere in the batch: refused as missing, and not one row of the batch is written.
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.RecordAttributionsAsync(
            Monitor, [.. Enumerable.Range(1, 599).Select(Row), new IncidentAttributionRow(draft.Id, "M-02", 5, Am, null)], default));
        Assert.Equal(before, (await store.ListIncidentsAsync(Monitor, IncidentFilter.All, default)).ToDictionary(i => i.Id, i => Json(i), StringComparer.Ordinal));

        // The first incident twice: its last row is what the store keeps.
        var written = await store.RecordAttributionsAsync(
            Monitor, [new IncidentAttributionRow(reports[0].Id, "M-09", 1, Az, null), .. Enumerable.Range(0, 600).Select(Row)], default);

        Assert.Equal(601, written);
        Assert.Equal(attributeWrites + 1, await CountJournalAsync(store, "incident.attribute"));
        var stored = (await store.ListIncidentsAsync(AzCartographer, IncidentFilter.All, default)).ToDictionary(i => i.Id, StringComparer.Ordinal);
        for (var i = 0; i < 600; i++)
        {
            var row = Row(i);
            var attribution = stored[reports[i].Id].Attribution;
            Assert.Equal(
                (row.SectorId, row.DistanceMetres, row.SideParty, row.ReferenceLineId),
                (attribution?.SectorId, attribution?.DistanceMetres, attribution?.SideParty, attribution?.ReferenceLineId));
            Assert.Equal(1, stored[reports[i].Id].Version);
        }
    }

    [Fact]
    public async Task Attachments_are_kept_with_the_incident_and_reach_only_who_sees_it()
    {
        var store = await DemoStoreAsync();
        var draft = (await store.ReportIncidentsAsync(AmCartographer, [Report("AM-1", Ijevan, new DateOnly(2026, 3, 14))], default)).Single();

        await store.AttachToIncidentAsync(AmCartographer, draft.Id, new IncidentAttachment("crater.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF]), default);

        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, (await store.ListIncidentAttachmentsAsync(AmCoChair, draft.Id, default)).Single().Content);
        Assert.Empty(await store.ListIncidentAttachmentsAsync(AzCartographer, draft.Id, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.AttachToIncidentAsync(AzCartographer, draft.Id, new IncidentAttachment("x.jpg", "image/jpeg", [1]), default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AttachToIncidentAsync(AmCartographer, draft.Id, new IncidentAttachment("crater.jpg", "image/jpeg", [1]), default));
    }
}
