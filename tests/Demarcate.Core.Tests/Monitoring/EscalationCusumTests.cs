using Demarcate.Core.Monitoring;

namespace Demarcate.Core.Tests.Monitoring;

/// <summary>The CUSUM's arithmetic and its Markov chain, against series and chains worked by hand.</summary>
public sealed class EscalationCusumTests
{
    [Fact]
    public void The_statistic_climbs_by_count_minus_k_floors_at_zero_and_resets_after_an_alarm()
    {
        // k = 1.5 and h = 4 counts, held in half-counts (m = 2, K = 3, N = 8).
        var design = new EscalationCusumDesign(EscalationCountModel.Poisson(1), 2, 3, 8, double.NaN, double.NaN, null);
        Assert.Equal(1.5, design.ReferenceValue);
        Assert.Equal(4.0, design.DecisionInterval);

        int[] counts = [3, 0, 4, 2, 5, 0, 1, 6, 1];
        // By hand: 0+3−1.5 = 1.5; 1.5+0−1.5 = 0; 0+4−1.5 = 2.5; 2.5+2−1.5 = 3; 3+5−1.5 = 6.5 ≥ 4 alarm, reset;
        // 0; max(0, 1−1.5) = 0; 6−1.5 = 4.5 ≥ 4 alarm, reset; max(0, 1−1.5) = 0.
        double[] expected = [1.5, 0, 2.5, 3, 6.5, 0, 0, 4.5, 0];
        bool[] alarms = [false, false, false, false, true, false, false, true, false];
        var statistic = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var (next, alarm) = design.Step(statistic, counts[i]);
            Assert.Equal(expected[i], (double)next / design.Resolution);
            Assert.Equal(alarms[i], alarm);
            statistic = alarm ? 0 : next;
        }
    }

    [Fact]
    public void The_chain_run_length_and_alarm_probabilities_match_a_two_state_chain_solved_by_hand()
    {
        // m = 2, K = 1, N = 2; counts 0, 1, 2 with probabilities a, b, c. From 0: 0 → 0, 1 → 1, 2 → alarm.
        // From 1: 0 → 0, 1 → alarm. L0 = 1 + a·L0 + b·L1, L1 = 1 + a·L0, so L0 = (1 + b) / (1 − a − a·b).
        double[] pmf = [0.5, 0.3, 0.2];
        Assert.Equal(1.3 / 0.35, EscalationCalibration.RunLength(pmf, 2, 1, 2), 12);

        // Day 1: c = 0.2. Day 2 adds a·c (from 0) + b·(b + c) (from 1) = 0.1 + 0.15.
        var alarmed = EscalationCalibration.AlarmProbabilityByDay(pmf, 2, 1, 2, 2);
        Assert.Equal(0.2, alarmed[1], 12);
        Assert.Equal(0.45, alarmed[2], 12);
    }

    [Fact]
    public void The_reference_value_is_where_one_day_favours_neither_rate()
    {
        // Poisson: x·ln 2 − μ0 = 0 at x = μ0 / ln 2.
        Assert.Equal(3 / Math.Log(2), EscalationCalibration.ReferenceValue(EscalationCountModel.Poisson(3)), 12);

        // Negative binomial (μ0 = 3, r = 2): the log-likelihood ratio of 6 against 3 vanishes at k.
        var k = EscalationCalibration.ReferenceValue(EscalationCountModel.NegativeBinomial(3, 2));
        static double LogPmf(double x, double mu, double r) => (r * Math.Log(r / (r + mu))) + (x * Math.Log(mu / (r + mu)));
        Assert.Equal(0, LogPmf(k, 6, 2) - LogPmf(k, 3, 2), 12);
        Assert.InRange(k, 3, 6);
    }

    [Fact]
    public void Count_models_sum_to_one_and_have_their_stated_mean_and_variance()
    {
        foreach (var model in new[] { EscalationCountModel.Poisson(0.05), EscalationCountModel.Poisson(40), EscalationCountModel.NegativeBinomial(3, 2), EscalationCountModel.NegativeBinomial(0.5, 0.3) })
        {
            var p = model.Probabilities();
            var mean = p.Select((q, x) => q * x).Sum();
            var variance = p.Select((q, x) => q * (x - mean) * (x - mean)).Sum();
            Assert.Equal(1, p.Sum(), 11);
            Assert.Equal(model.Mean, mean, 9);
            Assert.Equal(model.Variance, variance, 7);
        }

        // Poisson(2): P(X ≤ 1) = 3·e⁻².
        Assert.Equal(3 * Math.Exp(-2), EscalationCountModel.Poisson(2).CumulativeProbability(1), 14);
    }

    [Fact]
    public void Severity_is_the_type_weight_plus_three_per_fatality_and_one_per_injury()
    {
        Assert.Equal(3 + 6 + 1, EscalationSeverity.Score(IncidentType.ArmedClash, 2, 1));
        Assert.Equal(1, EscalationSeverity.Score(IncidentType.ConstructionOfFortifications, 0, 0));
        Assert.Equal(2 + 3, EscalationSeverity.Score(IncidentType.DetentionAbduction, 1, null));
        Assert.Equal(1, EscalationSeverity.Score(IncidentType.DamageToCivilianProperty, null, null));
    }

    [Fact]
    public void Every_incident_type_of_the_record_has_its_own_weight()
    {
        foreach (var type in Enum.GetValues<IncidentType>())
        {
            Assert.True(EscalationSeverity.TypeWeights.ContainsKey(type), type.ToString());
        }

        Assert.Equal(3, EscalationSeverity.TypeWeights[IncidentType.ShellingArtilleryMissile]);
        Assert.Equal(2, EscalationSeverity.TypeWeights[IncidentType.SniperFire]);
    }
}
