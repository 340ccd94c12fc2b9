using System.Collections.Concurrent;

namespace Demarcate.Core.Monitoring;

/// <summary>
/// A one-sided CUSUM of a sector's daily counts for a shift of the mean from μ0 to 2·μ0:
/// S(t) = max(0, S(t−1) + x(t) − k), an alarm when S(t) ≥ h, then S back to 0. For the Poisson and the negative
/// binomial (fixed size) models the log-likelihood ratio of one day is linear in the count, so this is the
/// log-likelihood-ratio CUSUM in count units. k and h are held as whole multiples of 1/m of a count
/// (<see cref="Resolution"/> m), so the statistic is exact integer arithmetic and the Markov chain of
/// Brook &amp; Evans over its values is the detector itself, not an approximation of it.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record EscalationCusumDesign
{
    internal EscalationCusumDesign(
        EscalationCountModel inControl, int resolution, int referenceSteps, int thresholdSteps,
        double inControlRunLength, double detectionWithin14Days, int? daysToDetectDoubling)
    {
        InControl = inControl;
        Resolution = resolution;
        ReferenceSteps = referenceSteps;
        ThresholdSteps = thresholdSteps;
        InControlRunLength = inControlRunLength;
        DetectionWithin14Days = detectionWithin14Days;
        DaysToDetectDoubling = daysToDetectDoubling;
    }

    /// <summary>The in-control model the design is for (its mean is the baseline used).</summary>
    public EscalationCountModel InControl { get; }

    /// <summary>m: the statistic moves in steps of 1/m of a count.</summary>
    public int Resolution { get; }

    /// <summary>k·m.</summary>
    public int ReferenceSteps { get; }

    /// <summary>h·m.</summary>
    public int ThresholdSteps { get; }

    /// <summary>The reference value k in counts per day.</summary>
    public double ReferenceValue => (double)ReferenceSteps / Resolution;

    /// <summary>The decision interval h in counts.</summary>
    public double DecisionInterval => (double)ThresholdSteps / Resolution;

    /// <summary>ARL0: the mean number of days to a (false) alarm when the sector stays at its baseline, from S = 0.</summary>
    public double InControlRunLength { get; }

    /// <summary>The probability that a doubling of the mean, starting when S = 0, is alarmed within 14 days.</summary>
    public double DetectionWithin14Days { get; }

    /// <summary>Days after which a doubling starting at S = 0 has been alarmed with probability 0.9; null beyond a year.</summary>
    public int? DaysToDetectDoubling { get; }

    /// <summary>One day's step of the statistic (in steps of 1/m), and whether it raises an alarm (after which it is 0).</summary>
    public (int Statistic, bool Alarm) Step(int statistic, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var next = Math.Max(0, statistic + (Resolution * (long)count) - ReferenceSteps);
        return next >= ThresholdSteps ? ((int)Math.Min(next, int.MaxValue), true) : ((int)next, false);
    }
}

/// <summary>
/// Chooses the CUSUM decision interval for a baseline: the smallest h whose in-control average run length
/// (Brook &amp; Evans Markov chain, exact for the discretised statistic) reaches the target, and reports how
/// quickly that design detects a doubling of the rate. Designs are remembered per model.
/// </summary>
public static class EscalationCalibration
{
    private static readonly ConcurrentDictionary<(double Mean, double? Size, double Target), EscalationCusumDesign> Designs = new();

    /// <summary>The longest run length followed when looking for the 90 % detection day.</summary>
    private const int LongestFollowedRun = 365;

    /// <summary>The design for <paramref name="inControl"/> with ARL0 at least <paramref name="inControlRunLength"/> days.</summary>
    public static EscalationCusumDesign Design(EscalationCountModel inControl, double inControlRunLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inControlRunLength, 2.0);
        return Designs.GetOrAdd((inControl.Mean, inControl.Size, inControlRunLength), key => Calibrate(inControl, key.Target));
    }

    /// <summary>k for a doubling: the count at which one day's log-likelihood ratio of 2·μ0 against μ0 is zero.</summary>
    public static double ReferenceValue(EscalationCountModel inControl)
    {
        var mu0 = inControl.Mean;
        var mu1 = 2 * mu0;
        if (inControl.Size is not { } r)
        {
            return (mu1 - mu0) / Math.Log(mu1 / mu0);
        }

        return r * Math.Log((r + mu1) / (r + mu0)) / Math.Log(mu1 * (r + mu0) / (mu0 * (r + mu1)));
    }

    private static EscalationCusumDesign Calibrate(EscalationCountModel inControl, double target)
    {
        var k = ReferenceValue(inControl);

        // Enough steps per k that rounding moves k by at most about 2 %. Below 0.1 a day the chain would be thousands of
        // states long, so k is held to about 12 %: h is still calibrated exactly for the k used, and a doubling cannot be
        // seen within 14 days at those rates whatever k is.
        var stepsPerK = inControl.Mean >= 0.1 ? 24 : 4;
        var m = Math.Max(1, (int)Math.Round(stepsPerK / k));
        var referenceSteps = Math.Max(1, (int)Math.Round(k * m));
        var inControlPmf = inControl.Probabilities();

        // Smallest N with ARL0(N) ≥ target: ARL0 grows with N, so double then bisect.
        var high = m;
        while (RunLength(inControlPmf, m, referenceSteps, high) < target)
        {
            high *= 2;
            if (high > 1 << 16)
            {
                throw new InvalidOperationException($"No decision interval reaches ARL0 {target} for mean {inControl.Mean}.");
            }
        }

        var low = high / 2;
        while (low + 1 < high)
        {
            var middle = (low + high) / 2;
            if (RunLength(inControlPmf, m, referenceSteps, middle) >= target)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        var arl0 = RunLength(inControlPmf, m, referenceSteps, high);
        var alarmed = AlarmProbabilityByDay(inControl.WithMeanTimes(2).Probabilities(), m, referenceSteps, high, LongestFollowedRun);
        int? day90 = null;
        for (var day = 1; day <= LongestFollowedRun; day++)
        {
            if (alarmed[day] >= 0.9)
            {
                day90 = day;
                break;
            }
        }

        return new EscalationCusumDesign(inControl, m, referenceSteps, high, arl0, alarmed[14], day90);
    }

    /// <summary>
    /// The average run length from S = 0 with threshold <paramref name="threshold"/> (steps) when a day's count has
    /// probabilities <paramref name="pmf"/>: L = (I − P)⁻¹·1 over the transient states 0 … N−1 (Brook &amp; Evans).
    /// </summary>
    internal static double RunLength(double[] pmf, int m, int referenceSteps, int threshold)
    {
        // States are numbered in reverse (row i is state N−1−i). The statistic falls by at most K steps a day, so the
        // matrix then has at most K entries right of its diagonal apart from the last column (state 0): elimination
        // without pivoting (I − P is an M-matrix) fills nothing else and costs O(N²·K).
        var n = threshold;
        var a = new double[n, n];
        var b = new double[n];
        for (var state = 0; state < n; state++)
        {
            var row = n - 1 - state;
            a[row, row] += 1;
            b[row] = 1;
            for (var x = 0; x < pmf.Length; x++)
            {
                var next = state + (m * x) - referenceSteps;
                if (next >= n)
                {
                    break;
                }

                a[row, n - 1 - Math.Max(0, next)] -= pmf[x];
            }
        }

        var last = n - 1;
        for (var p = 0; p < n; p++)
        {
            var pivot = a[p, p];
            var bandEnd = Math.Min(p + referenceSteps, last);
            for (var r = p + 1; r < n; r++)
            {
                var f = a[r, p] / pivot;
                if (f == 0)
                {
                    continue;
                }

                for (var c = p + 1; c <= bandEnd; c++)
                {
                    a[r, c] -= f * a[p, c];
                }

                if (last > bandEnd)
                {
                    a[r, last] -= f * a[p, last];
                }

                b[r] -= f * b[p];
            }
        }

        var solution = new double[n];
        for (var p = last; p >= 0; p--)
        {
            var sum = b[p];
            var bandEnd = Math.Min(p + referenceSteps, last);
            for (var c = p + 1; c <= bandEnd; c++)
            {
                sum -= a[p, c] * solution[c];
            }

            if (last > bandEnd)
            {
                sum -= a[p, last] * solution[last];
            }

            solution[p] = sum / a[p, p];
        }

        return solution[last];
    }

    /// <summary>P(alarm on or before day d) for d = 0 … <paramref name="days"/>, from S = 0.</summary>
    internal static double[] AlarmProbabilityByDay(double[] pmf, int m, int referenceSteps, int threshold, int days)
    {
        var alarmed = new double[days + 1];
        var distribution = new double[threshold];
        distribution[0] = 1;
        var next = new double[threshold];
        var cumulative = 0.0;
        for (var day = 1; day <= days; day++)
        {
            Array.Clear(next);
            for (var state = 0; state < threshold; state++)
            {
                var p = distribution[state];
                if (p == 0)
                {
                    continue;
                }

                var stayed = 0.0;
                for (var x = 0; x < pmf.Length; x++)
                {
                    var to = state + (m * x) - referenceSteps;
                    if (to >= threshold)
                    {
                        break;
                    }

                    next[Math.Max(0, to)] += p * pmf[x];
                    stayed += pmf[x];
                }

                cumulative += p * Math.Max(0, 1 - stayed);
            }

            (distribution, next) = (next, distribution);
            alarmed[day] = Math.Min(1, cumulative);
        }

        return alarmed;
    }
}
