using System.Globalization;

namespace Demarcate.Core.Monitoring;

/// <summary>
/// Turns per-sector daily incident counts into the escalation picture on an as-of day: each sector's baseline from
/// its own history, a CUSUM over the recent window calibrated to at most one false alarm per sector per year, a
/// level for the strip of the border, alerts, and the daily and ISO-weekly series. See docs/incidents.md, "Escalation".
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class EscalationMonitor
{
    private readonly EscalationSettings _settings;

    public EscalationMonitor(EscalationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Check() is { Count: > 0 } problems)
        {
            throw new ArgumentException("Escalation settings: " + string.Join("; ", problems), nameof(settings));
        }

        _settings = settings;
    }

    /// <summary>The settings in use.</summary>
    public EscalationSettings Settings => _settings;

    /// <summary>Assesses every sector that has a row in <paramref name="counts"/>; rows after <paramref name="asOf"/> are ignored.</summary>
    /// <param name="observedFrom">
    /// The day recording began. A sector's history starts on it, or on its first row if that is earlier; without it,
    /// on the sector's first row (so a sector whose first incident is recent has not enough history yet).
    /// </param>
    public EscalationReport Assess(IEnumerable<SectorDailyCount> counts, DateOnly asOf, DateOnly? observedFrom = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var bySector = new Dictionary<string, Dictionary<DateOnly, (int Count, double Severity)>>(StringComparer.Ordinal);
        foreach (var row in counts)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(counts));
            if (string.IsNullOrWhiteSpace(row.SectorId) || row.Count < 0 || !double.IsFinite(row.Severity) || row.Severity < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Sector '{row.SectorId}', {row.Day:yyyy-MM-dd}: a row names its sector, and its count and severity are finite and not negative."), nameof(counts));
            }

            if (row.Day > asOf)
            {
                continue;
            }

            if (!bySector.TryGetValue(row.SectorId, out var days))
            {
                days = [];
                bySector.Add(row.SectorId, days);
            }

            days[row.Day] = days.TryGetValue(row.Day, out var sum) ? (sum.Count + row.Count, sum.Severity + row.Severity) : (row.Count, row.Severity);
        }

        var sectors = new List<SectorEscalation>();
        var alerts = new List<EscalationAlert>();
        foreach (var (sectorId, days) in bySector.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var first = days.Keys.Min();
            var historyStart = observedFrom is { } from && from < first ? from : first;
            sectors.Add(AssessSector(sectorId, days, historyStart, asOf, alerts));
        }

        return new EscalationReport(asOf, sectors, [.. alerts.OrderBy(a => a.Raised).ThenBy(a => a.SectorId, StringComparer.Ordinal)]);
    }

    private SectorEscalation AssessSector(
        string sectorId, Dictionary<DateOnly, (int Count, double Severity)> rows, DateOnly historyStart, DateOnly asOf, List<EscalationAlert> alerts)
    {
        var s = _settings;
        var recentFrom = asOf.AddDays(-(s.RecentDays - 1));
        var trainingTo = recentFrom.AddDays(-1);
        var spanFrom = Later(historyStart, trainingTo.AddDays(-(s.TrainingDays - 1)));
        var length = asOf.DayNumber - spanFrom.DayNumber + 1;
        var count = new int[length];
        var severity = new double[length];
        foreach (var (day, value) in rows)
        {
            if (day >= spanFrom)
            {
                count[day.DayNumber - spanFrom.DayNumber] = value.Count;
                severity[day.DayNumber - spanFrom.DayNumber] = value.Severity;
            }
        }

        var recentStart = Math.Max(0, recentFrom.DayNumber - spanFrom.DayNumber);
        var recentPerDay = (double)count.Skip(recentStart).Sum() / (length - recentStart);
        var trainingDays = Math.Max(0, trainingTo.DayNumber - spanFrom.DayNumber + 1);
        var weekly = Weeks(spanFrom, count, severity);
        if (trainingDays < s.MinimumTrainingDays)
        {
            var plain = Enumerable.Range(0, length).Select(i => new EscalationDay(spanFrom.AddDays(i), count[i], severity[i], null, Alarm: false)).ToList();
            return new SectorEscalation(sectorId, EscalationLevel.NotAssessed, null, null, false, null, recentPerDay, plain, weekly);
        }

        var baseline = Estimate(count.AsSpan(0, trainingDays), severity.AsSpan(0, trainingDays), spanFrom, trainingTo);
        var design = EscalationCalibration.Design(baseline.Monitored, s.InControlRunLength);

        var daily = new List<EscalationDay>(length);
        for (var i = 0; i < recentStart; i++)
        {
            daily.Add(new EscalationDay(spanFrom.AddDays(i), count[i], severity[i], null, Alarm: false));
        }

        var statistic = 0;
        var runStart = recentStart;
        DateOnly? lastAlarm = null;
        for (var i = recentStart; i < length; i++)
        {
            var day = spanFrom.AddDays(i);
            var (next, alarm) = design.Step(statistic, count[i]);
            if (alarm)
            {
                var runCounts = count.AsSpan(runStart, i - runStart + 1);
                var runSum = 0;
                foreach (var c in runCounts)
                {
                    runSum += c;
                }

                alerts.Add(new EscalationAlert(
                    sectorId, day, (double)next / design.Resolution, design.DecisionInterval, baseline.Monitored.Mean,
                    (double)runSum / runCounts.Length, spanFrom.AddDays(runStart)));
                lastAlarm = day;
                next = 0;
            }

            statistic = next;
            if (statistic == 0)
            {
                runStart = i + 1;
            }

            daily.Add(new EscalationDay(day, count[i], severity[i], (double)statistic / design.Resolution, alarm));
        }

        var level = Level(design, statistic, lastAlarm, asOf, count);
        return new SectorEscalation(
            sectorId, level, baseline, design, design.DetectionWithin14Days >= 0.9, (double)statistic / design.Resolution,
            recentPerDay, daily, weekly);
    }

    private EscalationLevel Level(EscalationCusumDesign design, int statistic, DateOnly? lastAlarm, DateOnly asOf, int[] count)
    {
        var s = _settings;
        if (lastAlarm is { } raised && asOf.DayNumber - raised.DayNumber < s.HighAfterAlarmDays)
        {
            return EscalationLevel.High;
        }

        if (statistic >= s.ElevatedFraction * design.ThresholdSteps)
        {
            return EscalationLevel.Elevated;
        }

        var window = Math.Min(s.CalmWindowDays, count.Length);
        var latest = count.AsSpan(count.Length - window).ToArray().Sum();
        return design.InControl.OverDays(window).CumulativeProbability(latest) <= s.CalmTailProbability
            ? EscalationLevel.Calm
            : EscalationLevel.Usual;
    }

    /// <summary>The baseline of one training window: mean, variance, a χ² test of dispersion, and the monitored model.</summary>
    internal EscalationBaseline Estimate(ReadOnlySpan<int> counts, ReadOnlySpan<double> severities, DateOnly from, DateOnly to)
    {
        var s = _settings;
        var n = counts.Length;
        var mean = 0.0;
        var severityPerDay = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += counts[i];
            severityPerDay += severities[i];
        }

        mean /= n;
        severityPerDay /= n;
        var squares = 0.0;
        foreach (var c in counts)
        {
            squares += (c - mean) * (c - mean);
        }

        var variance = squares / (n - 1);
        var index = mean > 0 ? variance / mean : double.NaN;

        // Under Poisson, (n−1)·s²/x̄ is close to χ² with n−1 degrees of freedom.
        var overDispersed = mean > 0 && (n - 1) * index > ChiSquareQuantile(n - 1, s.DispersionTestLevel) && variance > mean;
        var monitoredMean = SnapUp(Math.Max(mean, s.MinimumBaseline));
        var size = overDispersed ? mean * mean / (variance - mean) : double.PositiveInfinity;
        var monitored = size <= s.LargestSize
            ? EscalationCountModel.NegativeBinomial(monitoredMean, SnapDown(size))
            : EscalationCountModel.Poisson(monitoredMean);
        return new EscalationBaseline(from, to, n, mean, variance, index, overDispersed && monitored.Size is not null, monitored, severityPerDay);
    }

    private double SnapUp(double value)
    {
        var step = Math.Log(_settings.BaselineGridRatio);
        return Math.Exp(Math.Ceiling((Math.Log(value) / step) - 1e-9) * step);
    }

    private double SnapDown(double value)
    {
        var step = Math.Log(_settings.BaselineGridRatio);
        return Math.Exp(Math.Floor((Math.Log(value) / step) + 1e-9) * step);
    }

    /// <summary>The χ² quantile by Wilson and Hilferty's cube-root normal approximation (good to a few per mille for the degrees of freedom of a training window).</summary>
    internal static double ChiSquareQuantile(int degrees, double level)
    {
        var z = NormalQuantile(level);
        var c = 2.0 / (9.0 * degrees);
        var root = 1 - c + (z * Math.Sqrt(c));
        return degrees * root * root * root;
    }

    /// <summary>The standard normal quantile for a level above 0.5 (Abramowitz &amp; Stegun 26.2.23, error below 4.5·10⁻⁴).</summary>
    internal static double NormalQuantile(double level)
    {
        var t = Math.Sqrt(-2 * Math.Log(1 - level));
        return t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t)));
    }

    private static List<EscalationWeek> Weeks(DateOnly from, int[] count, double[] severity)
    {
        var weeks = new List<EscalationWeek>();
        for (var i = 0; i < count.Length;)
        {
            var day = from.AddDays(i);
            var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
            var dateTime = monday.ToDateTime(TimeOnly.MinValue);
            var end = Math.Min(count.Length, monday.DayNumber + 7 - from.DayNumber);
            var weekCount = 0;
            var weekSeverity = 0.0;
            for (var j = i; j < end; j++)
            {
                weekCount += count[j];
                weekSeverity += severity[j];
            }

            weeks.Add(new EscalationWeek(ISOWeek.GetYear(dateTime), ISOWeek.GetWeekOfYear(dateTime), monday, end - i, weekCount, weekSeverity));
            i = end;
        }

        return weeks;
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
