using System.Globalization;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Analysis;

/// <summary>
/// One end of the stretch of a section to compare: a named point of the boundary (a break point or turning point,
/// projected onto each line), or a distance along line A from its start.
/// </summary>
public readonly record struct StretchEnd(string Name, GeoPoint? Point, double? DistanceMetres)
{
    /// <summary>
    /// Reads <paramref name="text"/> as a distance along line A in kilometres ("12.5", "12.5 km") or as the id of one of
    /// <paramref name="points"/>; anything else is a problem naming <paramref name="source"/>.
    /// </summary>
    public static ParseResult<StretchEnd> Parse(string text, IReadOnlyDictionary<string, GeoPoint> points, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(points);
        var trimmed = text.Trim();
        var number = trimmed.EndsWith("km", StringComparison.OrdinalIgnoreCase) ? trimmed[..^2].TrimEnd() : trimmed;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var km) && double.IsFinite(km))
        {
            return km < 0
                ? ParseResult<StretchEnd>.Failed(new InputProblem(source, $"{text}: a distance along line A cannot be negative"))
                : ParseResult<StretchEnd>.Ok(new StretchEnd(string.Create(CultureInfo.InvariantCulture, $"km {km:0.###}"), null, km * 1000));
        }

        return points.TryGetValue(trimmed, out var point)
            ? ParseResult<StretchEnd>.Ok(new StretchEnd(trimmed, point, null))
            : ParseResult<StretchEnd>.Failed(new InputProblem(source, $"'{text}' is neither a distance along line A in km nor a break or turning point of the section"));
    }
}

/// <summary>
/// Compares two lines between two places on the boundary only: each line is cut where the ends fall on it (a named
/// point projected onto each line in the section's UTM zone; a distance walked along line A, its point projected onto
/// line B), and the stretches are compared as whole lines are, extents measured from the stretch's start on line A.
/// </summary>
public static class ComparisonStretch
{
    /// <summary>The comparison between <paramref name="from"/> and <paramref name="to"/> (null: the line's start or end).</summary>
    public static ParseResult<LineComparisonResult> Compare(
        Section section, ComparedPath a, ComparedPath b, StretchEnd? from, StretchEnd? to, string source = "stretch")
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var problems = new List<InputProblem>();
        (PathPosition A, PathPosition B)? Place(StretchEnd? end, bool isEnd, string option)
        {
            if (end is not { } e)
            {
                return isEnd ? (a.Path.End, b.Path.End) : (SectionPath.Start, SectionPath.Start);
            }

            if (e.DistanceMetres is { } metres)
            {
                if (metres > a.Path.GeodesicLength + 0.001)
                {
                    problems.Add(new InputProblem(source, string.Create(CultureInfo.InvariantCulture,
                        $"{option} {e.Name}: line {a.Id} is only {a.Path.GeodesicLength / 1000:0.###} km long")));
                    return null;
                }

                var onA = a.Path.PositionAtDistance(metres);
                return (onA, b.Path.Project(a.Path.PointAt(onA)));
            }

            return (a.Path.Project(e.Point!.Value), b.Path.Project(e.Point.Value));
        }

        var start = Place(from, isEnd: false, "from");
        var finish = Place(to, isEnd: true, "to");
        if (start is { } s && finish is { } f)
        {
            if (f.A.Measure <= s.A.Measure)
            {
                problems.Add(new InputProblem(source, $"to {Name(to, "the end")} does not lie after from {Name(from, "the start")} along line {a.Id} in the section's direction"));
            }
            else if (f.B.Measure <= s.B.Measure)
            {
                problems.Add(new InputProblem(source, $"to {Name(to, "the end")} does not lie after from {Name(from, "the start")} along line {b.Id} (is it drawn the other way?)"));
            }
        }

        if (problems.Count > 0)
        {
            return ParseResult<LineComparisonResult>.Failed(problems);
        }

        var (startA, startB) = start!.Value;
        var (endA, endB) = finish!.Value;
        var result = LineComparison.Compare(
            section,
            ComparedLine.From(a.Id, a.Path.Extract(startA, endA), a.AccuracyMetres),
            ComparedLine.From(b.Id, b.Path.Extract(startB, endB), b.AccuracyMetres));
        var note = string.Create(CultureInfo.InvariantCulture,
            $"compared from {Name(from, "the start")} to {Name(to, "the end")}: {a.Path.PositionMetres(startA) / 1000:0.###}–{a.Path.PositionMetres(endA) / 1000:0.###} km along line {a.Id}; extents are measured from the stretch's start");
        return ParseResult<LineComparisonResult>.Ok(result with { Notes = [.. result.Notes, note] });
    }

    private static string Name(StretchEnd? end, string absent) => end?.Name ?? absent;
}

/// <summary>A walked line with its id and its source's accuracy, ready to be cut into a stretch.</summary>
public sealed record ComparedPath(string Id, SectionPath Path, double? AccuracyMetres);
