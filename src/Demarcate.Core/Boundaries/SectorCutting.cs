using System.Globalization;

namespace Demarcate.Core.Boundaries;

/// <summary>One sector cut from one line: its stretch and how far its break points lay from that line.</summary>
public sealed record SectorCut(Sector Sector, PathStretch Stretch, double FromBreakOffset, double ToBreakOffset);

/// <summary>The sectors of a section cut from one of its lines, with anything the commission should look at.</summary>
public sealed record SectionCut(string SectionId, string LineId, IReadOnlyList<SectorCut> Sectors, IReadOnlyList<string> Warnings);

/// <summary>
/// Cuts any line of a section into the section's sectors where its break points project onto it.
/// Sector ids come from the sectors, never from the line, so they are the same for every line.
/// </summary>
public static class SectorCutting
{
    /// <summary>A break point farther than this from a line is reported: the line may not belong to the section.</summary>
    public const double FarBreakMetres = 5_000;

    public static SectionCut Cut(
        Section section,
        IReadOnlyList<Sector> sectors,
        IReadOnlyList<BreakPoint> breaks,
        BoundaryLine line,
        PlanarFrame frame)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(sectors);
        ArgumentNullException.ThrowIfNull(breaks);
        ArgumentNullException.ThrowIfNull(line);
        if (line.SectionId != section.Id)
        {
            throw new ArgumentException($"Line {line.Id} belongs to section {line.SectionId}, not {section.Id}.", nameof(line));
        }

        var path = SectionPath.Walk(line.Geometry, frame);
        var warnings = new List<string>(path.Notes.Select(n => $"line {line.Id}: {n}"));
        var positions = new Dictionary<string, PathPosition>(StringComparer.Ordinal);
        var previous = SectionPath.Start;
        foreach (var breakPoint in breaks.Where(b => b.SectionId == section.Id).OrderBy(b => b.Sequence))
        {
            var position = path.Project(breakPoint.Position);
            if (position.Offset > FarBreakMetres)
            {
                warnings.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"break point {breakPoint.Id} lies {position.Offset / 1000:0.0} km from line {line.Id}"));
            }

            if (position.Measure < previous.Measure)
            {
                warnings.Add($"break point {breakPoint.Id} projects onto line {line.Id} before the previous break point; its sector is empty on this line");
                position = previous;
            }

            positions[breakPoint.Id] = position;
            previous = position;
        }

        var cuts = new List<SectorCut>();
        foreach (var sector in sectors.Where(s => s.SectionId == section.Id).OrderBy(s => s.Number))
        {
            var from = sector.FromBreakId is null ? SectionPath.Start : Position(sector.FromBreakId);
            var to = sector.ToBreakId is null ? path.End : Position(sector.ToBreakId);
            cuts.Add(new SectorCut(sector, path.Extract(from, to), from.Offset, to.Offset));
        }

        return new SectionCut(section.Id, line.Id, cuts, warnings);

        PathPosition Position(string breakId) =>
            positions.TryGetValue(breakId, out var p)
                ? p
                : throw new InvalidOperationException($"Sector refers to break point {breakId}, which section {section.Id} does not have.");
    }
}
