using Demarcate.Core.Monitoring;
using Xunit.Abstractions;

namespace Demarcate.Core.Tests.Monitoring;

/// <summary>The monitor end to end: series, ISO weeks, missing days, history rules, levels and alerts.</summary>
public sealed class EscalationMonitorTests(ITestOutputHelper output)
{
    private static readonly EscalationMonitor Monitor = new(new EscalationSettings());

    /// <summary>Sunday 10 January 2027; the recent window is 14 Dec 2026 – 10 Jan 2027, training the 180 days before.</summary>
    private static readonly DateOnly AsOf = new(2027, 1, 10);

    private static readonly DateOnly RecentFrom = AsOf.AddDays(-27);

    /// <summary>A steady sector: 1, 2, 3, 1, 2, 3, … (mean 2, variance 0.67: not over-dispersed).</summary>
    private static IEnumerable<SectorDailyCount> Steady(string sector, DateOnly from, DateOnly to) =>
        Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(i => new SectorDailyCount(sector, from.AddDays(i), 1 + (i % 3), 1.5 * (1 + (i % 3))));

    [Fact]
    public void Missing_days_count_zero_and_iso_weeks_run_monday_to_sunday_across_the_year_end()
    {
        // Rows on three days only; duplicate rows of one day add up; a row after the as-of day is ignored.
        SectorDailyCount[] rows =
        [
            new("S-01", new DateOnly(2026, 7, 1), 0, 0),
            new("S-01", new DateOnly(2026, 12, 31), 2, 5),
            new("S-01", new DateOnly(2026, 12, 31), 1, 3),
            new("S-01", new DateOnly(2027, 1, 3), 4, 4),
            new("S-01", new DateOnly(2027, 1, 4), 1, 1),
            new("S-01", new DateOnly(2027, 1, 11), 9, 9),
        ];
        var sector = Assert.Single(Monitor.Assess(rows, AsOf).Sectors);

        // Training is capped at 180 days before the recent window: the span starts 16 Jun 2026… but the history starts 1 Jul.
        Assert.Equal(new DateOnly(2026, 7, 1), sector.Daily[0].Day);
        Assert.Equal(AsOf, sector.Daily[^1].Day);
        Assert.Equal(AsOf.DayNumber - new DateOnly(2026, 7, 1).DayNumber + 1, sector.Daily.Count);
        Assert.Equal(8, sector.Daily.Sum(d => d.Count));
        Assert.Equal(3, sector.Daily.Single(d => d.Day == new DateOnly(2026, 12, 31)).Count);
        Assert.Equal(8, sector.Daily.Single(d => d.Day == new DateOnly(2026, 12, 31)).Severity);
        Assert.All(sector.Daily.Where(d => d.Day.Day is not (31 or 3 or 4)), d => Assert.Equal(0, d.Count));

        // 1 Jul 2026 is a Wednesday in 2026-W27; 2026 has 53 ISO weeks; Sunday 3 Jan 2027 still belongs to 2026-W53.
        Assert.Equal(("2026-W27", new DateOnly(2026, 6, 29), 5), (sector.Weekly[0].Label, sector.Weekly[0].Monday, sector.Weekly[0].Days));
        var w53 = sector.Weekly.Single(w => w.Label == "2026-W53");
        Assert.Equal((new DateOnly(2026, 12, 28), 7, 7, 12.0), (w53.Monday, w53.Days, w53.Count, w53.Severity));
        var w01 = sector.Weekly.Single(w => w.Label == "2027-W01");
        Assert.Equal((new DateOnly(2027, 1, 4), 7, 1), (w01.Monday, w01.Days, w01.Count));
        Assert.Equal(sector.Daily.Count, sector.Weekly.Sum(w => w.Days));
        Assert.Equal(sector.Daily.Sum(d => d.Count), sector.Weekly.Sum(w => w.Count));
        Assert.All(sector.Weekly.Skip(1), w => Assert.Equal(DayOfWeek.Monday, w.Monday.DayOfWeek));

        // The missing days really are zeros to the baseline: 0 events in the training window but for none at all.
        Assert.NotNull(sector.Baseline);
        Assert.Equal(0, sector.Baseline.Mean);
        Assert.Equal(0.01, sector.Baseline.Monitored.Mean, 2);
        Assert.False(sector.DetectsDoublingWithin14Days);
    }

    [Fact]
    public void A_sector_with_too_short_a_history_is_not_assessed_unless_recording_began_earlier()
    {
        // First row 100 days before the as-of day: 72 training days, fewer than 90.
        var rows = Steady("S-02", AsOf.AddDays(-99), AsOf).ToList();
        var sector = Assert.Single(Monitor.Assess(rows, AsOf).Sectors);
        Assert.Equal(EscalationLevel.NotAssessed, sector.Level);
        Assert.False(sector.Assessed);
        Assert.Null(sector.Cusum);
        Assert.Equal(100, sector.Daily.Count);
        Assert.All(sector.Daily, d => Assert.Null(d.Cusum));

        // Recording began a year ago: the quiet months before the first row are zeros, and there is a baseline.
        var observed = Assert.Single(Monitor.Assess(rows, AsOf, observedFrom: AsOf.AddDays(-365)).Sectors);
        Assert.True(observed.Assessed);
        Assert.Equal(180, observed.Baseline!.Days);
        Assert.Equal(RecentFrom.AddDays(-180), observed.Baseline.From);
        Assert.Equal(RecentFrom.AddDays(-1), observed.Baseline.To);
    }

    [Fact]
    public void A_steady_sector_is_usual_a_silent_one_calm_and_a_surge_raises_an_alert_with_its_run()
    {
        var steady = Steady("A", AsOf.AddDays(-400), AsOf);
        var silent = Steady("B", AsOf.AddDays(-400), AsOf.AddDays(-14)).Append(new SectorDailyCount("B", AsOf, 0, 0));
        // C: steady, then from 4 January 8 incidents a day.
        var surgeFrom = new DateOnly(2027, 1, 4);
        var surge = Steady("C", AsOf.AddDays(-400), surgeFrom.AddDays(-1))
            .Concat(Enumerable.Range(0, 7).Select(i => new SectorDailyCount("C", surgeFrom.AddDays(i), 8, 8)));
        var report = Monitor.Assess(steady.Concat(silent).Concat(surge), AsOf);

        Assert.Equal(["A", "B", "C"], report.Sectors.Select(s => s.SectorId));
        var a = report.Sectors[0];
        Assert.Equal(2, a.Baseline!.Mean, 2);
        Assert.False(a.Baseline.OverDispersed);
        Assert.True(a.Baseline.Monitored.IsPoisson);
        Assert.InRange(a.Baseline.Monitored.Mean, 2, 2 * 1.02);
        Assert.True(a.DetectsDoublingWithin14Days);
        Assert.Equal(EscalationLevel.Usual, a.Level);
        Assert.Equal(0, a.Cusum); // counts never exceed 3 < k = μ0 / ln 2 ≈ 2.9 … 3 adds at most 0.1 and 1 takes it back.
        Assert.Equal(3, a.Baseline.SeverityPerDay, 2);

        Assert.Equal(EscalationLevel.Calm, report.Sectors[1].Level);

        var c = report.Sectors[2];
        Assert.Equal(EscalationLevel.High, c.Level);
        var first = report.Alerts.First(x => x.SectorId == "C");
        Assert.All(report.Alerts, x => Assert.Equal("C", x.SectorId));
        Assert.Equal(surgeFrom, first.RunStart);
        Assert.Equal(8, first.RecentRate);
        Assert.True(first.Statistic >= first.DecisionInterval);
        // Each surge day adds 8 − k ≈ 5.1; the first alarm comes on the day the sum reaches h.
        var k = c.Design!.ReferenceValue;
        var days = (int)Math.Ceiling(c.Design.DecisionInterval / (8 - k));
        Assert.Equal(surgeFrom.AddDays(days - 1), first.Raised);
        Assert.Equal(first.Raised, c.Daily.First(d => d.Alarm).Day);
        Assert.Equal(0, c.Daily.First(d => d.Alarm).Cusum);
    }

    [Fact]
    public void A_sector_half_way_to_its_decision_interval_is_elevated()
    {
        var history = Steady("D", AsOf.AddDays(-400), RecentFrom.AddDays(-1)).Concat(Enumerable.Range(0, 28).Select(i => new SectorDailyCount("D", RecentFrom.AddDays(i), 0, 0))).ToList();
        var design = Monitor.Assess(history, AsOf).Sectors[0].Design!;

        // One day on the as-of day that takes S from 0 to at least h/2 but below h.
        var count = (int)Math.Ceiling(((design.ThresholdSteps / 2.0) + design.ReferenceSteps) / design.Resolution);
        Assert.True((count * design.Resolution) - design.ReferenceSteps < design.ThresholdSteps);
        history.Add(new SectorDailyCount("D", AsOf, count, 0));
        var sector = Monitor.Assess(history, AsOf).Sectors[0];
        Assert.Equal(EscalationLevel.Elevated, sector.Level);
        Assert.Empty(Monitor.Assess(history, AsOf).Alerts);
        Assert.Equal(count - design.ReferenceValue, sector.Cusum!.Value, 9);
    }

    [Fact]
    public void Stationary_sectors_with_estimated_baselines_stay_near_one_false_alarm_a_year()
    {
        // 300 sectors at 2 per day, each assessed once over its 28-day recent window with a baseline from 180 days.
        var simulation = new EscalationSimulation(51);
        var rows = new List<SectorDailyCount>();
        for (var sector = 0; sector < 300; sector++)
        {
            var id = $"S-{sector:000}";
            for (var day = 0; day < 208; day++)
            {
                rows.Add(new SectorDailyCount(id, AsOf.AddDays(day - 207), simulation.Poisson(2), 0));
            }
        }

        var report = Monitor.Assess(rows, AsOf);
        Assert.All(report.Sectors, s => Assert.True(s.Assessed));
        var perSectorYear = report.Alerts.Count / (300 * 28 / 365.0);
        output.WriteLine($"{report.Alerts.Count} alerts in {300 * 28} sector-days = {perSectorYear:0.00} per sector-year");
        Assert.True(perSectorYear <= 1.5, $"{perSectorYear:0.00} false alarms per sector-year with estimated baselines");
    }

    [Fact]
    public void Bad_rows_and_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Monitor.Assess([new SectorDailyCount("S", AsOf, -1, 0)], AsOf));
        Assert.Throws<ArgumentException>(() => Monitor.Assess([new SectorDailyCount(" ", AsOf, 1, 0)], AsOf));
        Assert.Throws<ArgumentException>(() => new EscalationMonitor(new EscalationSettings { MinimumTrainingDays = 200 }));
    }
}
