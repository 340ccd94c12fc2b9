using Demarcate.Core.Monitoring;
using Xunit.Abstractions;

namespace Demarcate.Core.Tests.Monitoring;

/// <summary>
/// The calibration proof on simulated series: at most one false alarm per sector per year on stationary Poisson
/// series, a doubling detected within 14 days in at least 90 % of cases over the stated range of baselines, and the
/// negative binomial design for over-dispersed sectors. Simulation and Markov chain are checked against each other.
/// </summary>
public sealed class EscalationCalibrationTests(ITestOutputHelper output)
{
    private static readonly EscalationSettings Defaults = new();

    /// <summary>The lowest baseline (per day) from which both properties hold; stated in docs/incidents.md.</summary>
    private const double LowestDetectableBaseline = 1.46;

    private const int Sectors = 200;
    private const int Years = 5;

    [Theory]
    [InlineData(0.05, 11)]
    [InlineData(0.5, 12)]
    [InlineData(1.0, 13)]
    [InlineData(2.0, 14)]
    [InlineData(5.0, 15)]
    [InlineData(10.0, 16)]
    public void A_stationary_Poisson_sector_raises_at_most_one_false_alarm_a_year(double baseline, int seed)
    {
        var design = EscalationCalibration.Design(EscalationCountModel.Poisson(baseline), Defaults.InControlRunLength);
        Assert.True(design.InControlRunLength >= Defaults.InControlRunLength);

        var simulation = new EscalationSimulation(seed);
        var alarms = CountAlarms(design, () => simulation.Poisson(baseline));

        // 200 sectors × 5 years: at most one false alarm per sector per year …
        Assert.True(alarms <= Sectors * Years, $"{alarms} false alarms in {Sectors * Years} sector-years at {baseline}/day");

        // … and as many as the chain's ARL0 predicts (alarms renew the statistic at 0), within four standard deviations.
        AssertNearChain(alarms, design);
        output.WriteLine($"λ0 {baseline}: k {design.ReferenceValue:0.000} h {design.DecisionInterval:0.000} ARL0 {design.InControlRunLength:0.0} chain P14 {design.DetectionWithin14Days:0.0000} 90% by day {design.DaysToDetectDoubling}; {alarms} false alarms in {Sectors * Years} sector-years = {(double)alarms / (Sectors * Years):0.000}/sector/year");
    }

    [Theory]
    [InlineData(1.6, 21)]
    [InlineData(2.0, 22)]
    [InlineData(3.0, 23)]
    [InlineData(5.0, 24)]
    [InlineData(10.0, 25)]
    public void A_doubling_is_detected_within_14_days_in_at_least_90_percent_of_cases(double baseline, int seed)
    {
        var design = EscalationCalibration.Design(EscalationCountModel.Poisson(baseline), Defaults.InControlRunLength);
        var simulation = new EscalationSimulation(seed);
        const int Doublings = 1000;
        var detected = 0;
        var random = new Random(seed);
        for (var run = 0; run < Doublings; run++)
        {
            // A stationary stretch of 30 to 120 days (false alarms there reset and are not counted), then the doubling.
            var before = random.Next(30, 121);
            var statistic = 0;
            for (var day = 0; day < before; day++)
            {
                var (next, alarm) = design.Step(statistic, simulation.Poisson(baseline));
                statistic = alarm ? 0 : next;
            }

            for (var day = 0; day < 14; day++)
            {
                var (next, alarm) = design.Step(statistic, simulation.Poisson(2 * baseline));
                if (alarm)
                {
                    detected++;
                    break;
                }

                statistic = next;
            }
        }

        var rate = (double)detected / Doublings;
        output.WriteLine($"λ0 {baseline}: {detected} of {Doublings} doublings detected within 14 days = {rate:0.000}; chain from S = 0 {design.DetectionWithin14Days:0.0000}; k {design.ReferenceValue:0.000} h {design.DecisionInterval:0.000} ARL0 {design.InControlRunLength:0.0} 90% by day {design.DaysToDetectDoubling}");
        Assert.True(rate >= 0.9, $"{rate:P1} of doublings detected within 14 days at {baseline}/day");

        // From S = 0 (the chain's figure) detection is slower than after a stationary stretch, never faster.
        Assert.True(design.DetectionWithin14Days >= 0.9);
        Assert.True(rate >= design.DetectionWithin14Days - (3 * Math.Sqrt(0.09 / Doublings)));
    }

    [Fact]
    public void Both_properties_hold_from_the_stated_baseline_up_and_detection_fails_below_it()
    {
        // Every grid baseline around the boundary, every tenth one above it up to 50 a day (the slow test checks them all).
        var grid = Grid(1.0, 50);
        var around = grid.Where(b => b <= 3).Concat(grid.Where(b => b > 3).Where((_, i) => i % 10 == 0)).ToList();
        AssertRange(around);

        // At 0.05/day 14 days hold 0.7 events on average: a doubling to 1.4 gives no event at all with probability e^−1.4.
        var rare = EscalationCalibration.Design(EscalationCountModel.Poisson(0.05), Defaults.InControlRunLength);
        Assert.True(rare.DetectionWithin14Days < 1 - Math.Exp(-1.4));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Both_properties_hold_at_every_grid_baseline_from_the_stated_one_to_50_a_day() => AssertRange(Grid(0.5, 50));

    /// <summary>The baselines the monitor can use (the 2 % grid) between two rates.</summary>
    private static List<double> Grid(double from, double to)
    {
        var step = Math.Log(Defaults.BaselineGridRatio);
        return [.. Enumerable.Range((int)Math.Ceiling(Math.Log(from) / step), (int)Math.Floor(Math.Log(to) / step) - (int)Math.Ceiling(Math.Log(from) / step) + 1).Select(j => Math.Exp(j * step))];
    }

    private void AssertRange(List<double> baselines)
    {
        var holds = new List<(double Baseline, bool Holds)>();
        foreach (var baseline in baselines)
        {
            var design = EscalationCalibration.Design(EscalationCountModel.Poisson(baseline), Defaults.InControlRunLength);
            Assert.True(design.InControlRunLength >= Defaults.InControlRunLength);
            holds.Add((baseline, design.DetectionWithin14Days >= 0.9));
        }

        var lowest = holds.Last(h => !h.Holds).Baseline;
        output.WriteLine($"last failing {lowest}, first of the holding run {holds.First(h => h.Baseline > lowest).Baseline}");
        Assert.All(holds.Where(h => h.Baseline >= LowestDetectableBaseline), h => Assert.True(h.Holds, $"{h.Baseline}/day"));
        Assert.True(lowest < LowestDetectableBaseline && lowest * Defaults.BaselineGridRatio * Defaults.BaselineGridRatio > LowestDetectableBaseline, $"the last baseline failing is {lowest}/day");
    }

    [Fact]
    public void An_over_dispersed_sector_gets_a_negative_binomial_design_that_keeps_its_false_alarm_rate()
    {
        const double Mean = 3;
        const double Size = 2;
        var negativeBinomial = EscalationCalibration.Design(EscalationCountModel.NegativeBinomial(Mean, Size), Defaults.InControlRunLength);
        var poisson = EscalationCalibration.Design(EscalationCountModel.Poisson(Mean), Defaults.InControlRunLength);
        Assert.True(negativeBinomial.DecisionInterval > poisson.DecisionInterval);

        var simulation = new EscalationSimulation(31);
        var alarms = CountAlarms(negativeBinomial, () => simulation.NegativeBinomial(Mean, Size));
        Assert.True(alarms <= Sectors * Years, $"{alarms} false alarms in {Sectors * Years} sector-years");
        AssertNearChain(alarms, negativeBinomial);
        output.WriteLine($"NB(3, 2): k {negativeBinomial.ReferenceValue:0.000} h {negativeBinomial.DecisionInterval:0.000} ARL0 {negativeBinomial.InControlRunLength:0.0} P14 {negativeBinomial.DetectionWithin14Days:0.0000} 90% by day {negativeBinomial.DaysToDetectDoubling}; {alarms} false alarms; Poisson(3) h {poisson.DecisionInterval:0.000}");

        // The Poisson design on the same kind of series would cry wolf many times a year.
        var wrong = new EscalationSimulation(32);
        var poissonAlarms = CountAlarms(poisson, () => wrong.NegativeBinomial(Mean, Size));
        output.WriteLine($"Poisson design on NB series: {poissonAlarms} alarms");
        Assert.True(poissonAlarms > 5 * Sectors * Years, $"{poissonAlarms} alarms of a Poisson design on negative binomial series");

        // The monitor finds the over-dispersion from 180 training days and estimates the size.
        var monitor = new EscalationMonitor(Defaults);
        var estimates = new EscalationSimulation(33);
        var found = 0;
        var sizes = new List<double>();
        for (var sector = 0; sector < 100; sector++)
        {
            var counts = Enumerable.Range(0, 180).Select(_ => estimates.NegativeBinomial(Mean, Size)).ToArray();
            var baseline = monitor.Estimate(counts, new double[180], new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 29));
            if (baseline.OverDispersed)
            {
                found++;
                sizes.Add(baseline.Monitored.Size!.Value);
            }
        }

        output.WriteLine($"over-dispersion found in {found} of 100; sizes {string.Join(' ', sizes.Order().Select(x => x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(found >= 99, $"over-dispersion found in {found} of 100 sectors");
        var median = sizes.Order().ElementAt(sizes.Count / 2);
        Assert.InRange(median, 1.5, 2.5);
    }

    [Fact]
    public void A_Poisson_sector_is_rarely_taken_for_over_dispersed()
    {
        var monitor = new EscalationMonitor(Defaults);
        var simulation = new EscalationSimulation(41);
        var flagged = 0;
        for (var sector = 0; sector < 200; sector++)
        {
            var counts = Enumerable.Range(0, 180).Select(_ => simulation.Poisson(2)).ToArray();
            var baseline = monitor.Estimate(counts, new double[180], new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 29));
            Assert.InRange(baseline.Mean, 1.6, 2.4);
            flagged += baseline.OverDispersed ? 1 : 0;
        }

        output.WriteLine($"{flagged} of 200 Poisson sectors flagged over-dispersed");
        // The test's level is 1 %: about 2 of 200.
        Assert.InRange(flagged, 0, 7);
    }

    /// <summary>Alarms of <paramref name="design"/> over 200 sectors × 5 years of a stationary series, resetting after each.</summary>
    private static int CountAlarms(EscalationCusumDesign design, Func<int> draw)
    {
        var alarms = 0;
        for (var sector = 0; sector < Sectors; sector++)
        {
            var statistic = 0;
            for (var day = 0; day < Years * 365; day++)
            {
                var (next, alarm) = design.Step(statistic, draw());
                alarms += alarm ? 1 : 0;
                statistic = alarm ? 0 : next;
            }
        }

        return alarms;
    }

    private static void AssertNearChain(int alarms, EscalationCusumDesign design)
    {
        var expected = Sectors * Years * 365 / design.InControlRunLength;
        Assert.True(Math.Abs(alarms - expected) <= (4 * Math.Sqrt(expected)) + 2, $"{alarms} alarms, the chain expects {expected:0.0}");
    }
}
