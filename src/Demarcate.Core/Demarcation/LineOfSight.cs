namespace Demarcate.Core.Demarcation;

/// <summary>Whether one pillar's sighting mark can be seen from the next, and where the terrain comes closest to the sight line.</summary>
/// <param name="Visible">True when no ground point rises to the sight line.</param>
/// <param name="Clearance">Least height of the sight line above the (curvature-corrected) ground, metres; negative when blocked.</param>
/// <param name="WorstFraction">Where along the way (0 at the first pillar, 1 at the second) the clearance is least.</param>
/// <param name="Covered">False when the terrain model has no height for some point of the way: then nothing is claimed.</param>
public sealed record SightLine(bool Visible, double Clearance, double WorstFraction, bool Covered);

/// <summary>
/// Line of sight over terrain between two pillars, with the earth's curvature and terrestrial refraction: a
/// ground point at distances d₁ and d₂ from the two ends stands d₁·d₂·(1 − k)/(2R) higher relative to the
/// straight chord between the ends than a flat earth would put it (R the earth's radius, k the refraction
/// coefficient; light bends with the earth by k of its curvature).
/// </summary>
public static class LineOfSight
{
    /// <summary>Mean radius of the earth (IUGG R₁ of WGS 84), metres; the curvature correction needs no better.</summary>
    public const double EarthRadius = 6_371_008.8;

    /// <summary>
    /// The sight line between two marks over ground heights sampled at <paramref name="samples"/>.Length evenly
    /// spaced points from the first end to the second (both ends included).
    /// </summary>
    /// <param name="samples">Ground heights along the way; NaN where unknown.</param>
    /// <param name="distance">Length of the way, metres.</param>
    /// <param name="sightingHeight">Height of each mark above its ground, metres.</param>
    /// <param name="refraction">Refraction coefficient k (e.g. 0.13).</param>
    public static SightLine Check(ReadOnlySpan<double> samples, double distance, double sightingHeight, double refraction)
    {
        if (samples.Length < 2)
        {
            throw new ArgumentException("A sight line needs the heights at both ends.", nameof(samples));
        }

        foreach (var h in samples)
        {
            if (double.IsNaN(h))
            {
                return new SightLine(false, double.NaN, 0, Covered: false);
            }
        }

        var eyeA = samples[0] + sightingHeight;
        var eyeB = samples[^1] + sightingHeight;
        var last = samples.Length - 1;
        var clearance = double.PositiveInfinity;
        var worst = 0.5;
        var bulgeScale = (1 - refraction) / (2 * EarthRadius);
        for (var i = 1; i < last; i++)
        {
            var t = (double)i / last;
            var d1 = t * distance;
            var d2 = distance - d1;
            var ground = samples[i] + (d1 * d2 * bulgeScale);
            var sight = eyeA + (t * (eyeB - eyeA));
            var gap = sight - ground;
            if (gap < clearance)
            {
                clearance = gap;
                worst = t;
            }
        }

        if (double.IsPositiveInfinity(clearance))
        {
            clearance = Math.Min(eyeA - samples[0], eyeB - samples[^1]);
        }

        return new SightLine(clearance > 0, clearance, worst, Covered: true);
    }
}
