using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Formats.Survey;

namespace Demarcate.Storage;

/// <summary>What a witness-mark file would record: each pillar's marks as they would become, the valid rows, and every problem with its line.</summary>
public sealed record WitnessMarkImportPlan(IReadOnlyList<WitnessMarkSet> Sets, IReadOnlyList<(WitnessMarkRow Row, WitnessMark Mark)> Valid, IReadOnlyList<InputProblem> Problems);

/// <summary>
/// Turns a witness-mark file into what the store records, as one caller sees the register: a row naming a pillar the
/// caller may not see is a problem like a number nobody holds; a mark given twice for one pillar is a problem on its
/// second row; a mark in the file replaces the pillar's mark of that number and the pillar's other marks stay. The CLI
/// and the server share it, so both refuse the same rows.
/// </summary>
public static class WitnessMarkImport
{
    public static async Task<WitnessMarkImportPlan> PrepareAsync(
        this ICommissionStore store, Caller caller, string source, WitnessMarkFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(file);
        var problems = file.Problems.ToList();
        var valid = new List<(WitnessMarkRow Row, WitnessMark Mark)>();
        var pillars = new Dictionary<string, Pillar?>(StringComparer.Ordinal);
        var seen = new Dictionary<(string, int), long>();
        foreach (var row in file.Rows)
        {
            var number = PillarNumber.Parse(row.Pillar)?.ToString() ?? row.Pillar;
            if (!pillars.TryGetValue(number, out var pillar))
            {
                pillar = pillars[number] = await store.GetPillarAsync(caller, number, cancellationToken);
            }

            if (pillar is null)
            {
                problems.Add(new InputProblem(source, $"pillar {number} is not in the register") { Line = row.Line });
                continue;
            }

            if (seen.TryGetValue((number, row.Entry.Number), out var first))
            {
                problems.Add(new InputProblem(source, $"pillar {number}, witness mark {row.Entry.Number}: already given on line {first}") { Line = row.Line });
                continue;
            }

            seen[(number, row.Entry.Number)] = row.Line;
            var (mark, markProblems) = row.Entry.ToMark(pillar.Surveyed?.Position ?? pillar.Planned);
            if (markProblems.Count > 0)
            {
                problems.Add(new InputProblem(source, $"pillar {number}, {string.Join("; ", markProblems)}") { Line = row.Line });
                continue;
            }

            valid.Add((row with { Pillar = number }, mark));
        }

        var sets = new List<WitnessMarkSet>();
        foreach (var group in valid.GroupBy(v => v.Row.Pillar, StringComparer.Ordinal))
        {
            var pillar = pillars[group.Key]!;
            var marks = (await store.ListWitnessMarksAsync(caller, group.Key, cancellationToken)).ToDictionary(m => m.Number);
            foreach (var (_, mark) in group)
            {
                marks[mark.Number] = mark;
            }

            sets.Add(new WitnessMarkSet(group.Key, [.. marks.Values.OrderBy(m => m.Number)], pillar.Version));
        }

        return new WitnessMarkImportPlan(sets, valid, problems);
    }
}
