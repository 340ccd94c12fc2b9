using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Analysis;

/// <summary>
/// One of the two lines of a comparison, walked in the section's direction: its vertices, which of its
/// segments bridge gaps, and the positional accuracy its source states.
/// </summary>
/// <remarks>Immutable; repeated consecutive vertices are dropped on construction.</remarks>
public sealed class ComparedLine
{
    public ComparedLine(string id, IReadOnlyList<GeoPoint> vertices, IReadOnlyList<bool> gapAfter, double? accuracyMetres)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(vertices);
        ArgumentNullException.ThrowIfNull(gapAfter);
        if (gapAfter.Count != Math.Max(0, vertices.Count - 1))
        {
            throw new ArgumentException("A line has one gap flag per segment.", nameof(gapAfter));
        }

        var kept = new List<GeoPoint>(vertices.Count);
        var gaps = new List<bool>(vertices.Count);
        for (var i = 0; i < vertices.Count; i++)
        {
            if (kept.Count > 0 && kept[^1] == vertices[i])
            {
                gaps[^1] |= gapAfter[i - 1];
                continue;
            }

            if (kept.Count > 0)
            {
                gaps.Add(gapAfter[i - 1]);
            }

            kept.Add(vertices[i]);
        }

        if (kept.Count < 2)
        {
            throw new ArgumentException($"Line {id} needs at least two distinct points to be compared.", nameof(vertices));
        }

        Id = id;
        Vertices = kept;
        GapAfter = gaps;
        AccuracyMetres = accuracyMetres;
    }

    public string Id { get; }

    public IReadOnlyList<GeoPoint> Vertices { get; }

    /// <summary>One flag per segment: whether it bridges a gap between pieces of the line.</summary>
    public IReadOnlyList<bool> GapAfter { get; }

    /// <summary>The positional accuracy its source states, metres; null when the source states none.</summary>
    public double? AccuracyMetres { get; }

    /// <summary>The whole of a walked line.</summary>
    public static ComparedLine From(string id, SectionPath path, double? accuracyMetres)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new ComparedLine(id, path.Vertices, [.. Enumerable.Range(0, path.SegmentCount).Select(path.IsGap)], accuracyMetres);
    }

    /// <summary>A stretch of a walked line, e.g. one sector of it.</summary>
    public static ComparedLine From(string id, PathStretch stretch, double? accuracyMetres)
    {
        ArgumentNullException.ThrowIfNull(stretch);
        var vertices = new List<GeoPoint>();
        var gaps = new List<bool>();
        foreach (var part in stretch.Parts)
        {
            for (var i = 0; i < part.Points.Count; i++)
            {
                if (vertices.Count > 0 && i == 0)
                {
                    continue; // a part begins where the previous one ended
                }

                if (vertices.Count > 0)
                {
                    gaps.Add(part.IsGap);
                }

                vertices.Add(part.Points[i]);
            }
        }

        return new ComparedLine(id, vertices, gaps, accuracyMetres);
    }

    /// <summary>The same line walked the other way.</summary>
    public ComparedLine Reversed() =>
        new(Id, [.. Vertices.Reverse()], [.. GapAfter.Reverse()], AccuracyMetres);
}
