using System.Globalization;

namespace Demarcate.Core.Delimitation;

/// <summary>
/// A description's canonical text read and resolved, with every problem placed on the line of the text it concerns: a
/// syntax error where it is, a leg's problem on that leg's line, a turning point's on the line defining it.
/// </summary>
/// <param name="Text">The text checked.</param>
/// <param name="Resolved">The resolved description (geometry even when it has problems); null when the text did not parse.</param>
/// <param name="Problems">Every problem, each with its line when the text has one for it.</param>
/// <remarks>Immutable.</remarks>
public sealed record CheckedDescription(string Text, ResolvedDescription? Resolved, IReadOnlyList<InputProblem> Problems)
{
    /// <summary>True when the text parsed and resolved without any problem: only then may it be saved as consistent.</summary>
    public bool IsConsistent => Resolved is not null && Problems.Count == 0;
}

/// <summary>Checks a description's text the way the store does before saving it and the editor does as the author types.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class DescriptionCheck
{
    private const string LegPrefix = "leg ";

    private const string PointPrefix = "turning point ";

    /// <summary>Parses <paramref name="text"/> and resolves it with <paramref name="resolver"/>; problems carry their line.</summary>
    public static CheckedDescription Run(string text, DescriptionResolver resolver, string source = "description")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(resolver);
        var parsed = DescriptionText.Parse(text, source);
        if (!parsed.Success)
        {
            return new CheckedDescription(text, null, parsed.Problems);
        }

        var resolved = resolver.Resolve(parsed.Value);
        var (legLines, pointLines) = StatementLines(text);
        var problems = resolved.Problems.Select(p =>
        {
            long? line = null;
            // The resolver names places "leg 5 (TP5 → TP6)" and "turning point TP5".
            if (p.Source.StartsWith(LegPrefix, StringComparison.Ordinal)
                && p.Source.IndexOf(' ', LegPrefix.Length) is var space and > 0
                && int.TryParse(p.Source.AsSpan(LegPrefix.Length, space - LegPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index >= 1 && index <= legLines.Count)
            {
                line = legLines[index - 1];
            }
            else if (p.Source.StartsWith(PointPrefix, StringComparison.Ordinal) && pointLines.TryGetValue(p.Source[PointPrefix.Length..], out var at))
            {
                line = at;
            }

            return new InputProblem(source, p.Source + ": " + p.Message) { Line = line };
        }).ToList();
        return new CheckedDescription(text, resolved, problems);
    }

    /// <summary>
    /// The line of each leg, in order, and of each turning point's definition. Only called on text that parsed, so
    /// every statement is well formed and the first words say what it is.
    /// </summary>
    private static (List<long> Legs, Dictionary<string, long> Points) StatementLines(string text)
    {
        var legs = new List<long>();
        var points = new Dictionary<string, long>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var words = lines[i].Trim().Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && string.Equals(words[0], "FROM", StringComparison.OrdinalIgnoreCase))
            {
                legs.Add(i + 1);
            }
            else if (words.Length >= 3 && string.Equals(words[0], "TURNING", StringComparison.OrdinalIgnoreCase))
            {
                points.TryAdd(words[2], i + 1);
            }
        }

        return (legs, points);
    }
}
