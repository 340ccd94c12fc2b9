using System.Globalization;

namespace Demarcate.Core.Demarcation;

/// <summary>One row of a field survey file: which pillar, what was measured, the status found, and where in the file it was.</summary>
/// <param name="Line">1-based line of the row (CSV) or 0-based feature index (GeoJSON) in <paramref name="Source"/>.</param>
public sealed record SurveyRow(string Source, long Line, string NumberText, SurveyedPosition Position, PillarStatus Status);

/// <summary>How far a surveyed pillar may stand from its planned position, per type, metres; and what is too far to be a survey at all.</summary>
public sealed record SurveyTolerances
{
    public double Primary { get; init; } = 0.05;

    public double Secondary { get; init; } = 0.10;

    public double Intermediate { get; init; } = 0.10;

    public double Reference { get; init; } = 0.05;

    /// <summary>An offset beyond this is not a setting-out error but coordinates in another CRS, datum or axis order.</summary>
    public double Implausible { get; init; } = 100;

    public double For(PillarType type) => type switch
    {
        PillarType.Primary => Primary,
        PillarType.Secondary => Secondary,
        PillarType.Intermediate => Intermediate,
        _ => Reference,
    };
}

/// <summary>A survey row matched to its pillar: the offset of what was measured from the plan, and whether it is within the type's tolerance.</summary>
public sealed record ReconciledObservation(SurveyRow Row, Pillar Pillar, double East, double North, double Distance, double Tolerance)
{
    public bool WithinTolerance => Distance <= Tolerance;

    public SurveyObservation Observation => new(Pillar.Number, Row.Position, Row.Status);
}

/// <summary>What a survey file amounts to against the register: the rows that can be applied, and each problem with its row.</summary>
public sealed record ReconciledSurvey(IReadOnlyList<ReconciledObservation> Valid, IReadOnlyList<InputProblem> Problems)
{
    public IEnumerable<ReconciledObservation> OutOfTolerance => Valid.Where(v => !v.WithinTolerance);
}

/// <summary>
/// Reconciles a field survey with the pillar register: every row must name a pillar the register holds, once; carry
/// its frame and epoch; and stand within a plausible distance of the plan (farther means the wrong CRS). Offsets are
/// east/north components of the geodesic from the planned to the surveyed position. Nothing here changes the plan or
/// the agreed line: the caller decides whether to record the valid rows.
/// </summary>
public static class SurveyReconciliation
{
    public static ReconciledSurvey Reconcile(IReadOnlyList<SurveyRow> rows, IReadOnlyList<Pillar> register, SurveyTolerances tolerances)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(tolerances);
        var byNumber = register.ToDictionary(p => p.Number.ToString(), StringComparer.Ordinal);
        var problems = new List<InputProblem>();
        var valid = new List<ReconciledObservation>();
        var duplicates = rows.GroupBy(r => PillarNumber.Parse(r.NumberText)?.ToString() ?? r.NumberText, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Line).ToList(), StringComparer.Ordinal);
        foreach (var row in rows)
        {
            InputProblem Problem(string message) => new(row.Source, message) { Line = row.Line };
            var number = PillarNumber.Parse(row.NumberText);
            if (number is null)
            {
                problems.Add(Problem($"'{row.NumberText}' is not a pillar number (e.g. M-04/12 or M-04/7A)"));
                continue;
            }

            var key = number.Value.ToString();
            if (duplicates.TryGetValue(key, out var lines))
            {
                problems.Add(Problem($"pillar {key} appears on more than one row (lines {string.Join(", ", lines)}); keep one observation per pillar"));
                continue;
            }

            if (!byNumber.TryGetValue(key, out var pillar))
            {
                problems.Add(Problem($"pillar {key} is not in the register"));
                continue;
            }

            if (row.Position.Check() is { Count: > 0 } wrong)
            {
                problems.Add(Problem($"pillar {key}: {string.Join("; ", wrong)}"));
                continue;
            }

            var (east, north, distance) = PillarOffset.Between(pillar.Planned, row.Position.Position);
            if (distance > tolerances.Implausible)
            {
                problems.Add(Problem(string.Create(
                    CultureInfo.InvariantCulture,
                    $"pillar {key} would stand {distance:0.###} m from its planned position (E {east:0.###}, N {north:0.###}): more than {tolerances.Implausible:0.###} m is not a setting-out error; check the CRS, the datum and the axis order")));
                continue;
            }

            valid.Add(new ReconciledObservation(row, pillar, east, north, distance, tolerances.For(pillar.Type)));
        }

        return new ReconciledSurvey(valid, problems);
    }
}
