using System.Globalization;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Demarcation;

/// <summary>Where a pillar stands in its life on the ground.</summary>
public enum PillarStatus
{
    Planned,
    Emplaced,
    Verified,
    Damaged,
    Missing,
    Relocated,
}

/// <summary>
/// Where the survey teams measured a pillar: the position with the reference frame and epoch it is expressed in
/// (e.g. ITRF2014 at 2024.3, or a national realisation), the height and its system, how it was measured and to
/// what accuracy. The position is stored in WGS 84 degrees as given in that frame; the frame and epoch say which
/// realisation those degrees belong to, so centimetre comparisons are made like with like.
/// </summary>
public sealed record SurveyedPosition(GeoPoint Position, string Frame, double Epoch, string Method, double AccuracyMetres)
{
    /// <summary>Height of the pillar's mark, metres, in <see cref="HeightSystem"/>; null when not measured.</summary>
    public double? Height { get; init; }

    /// <summary>e.g. "ellipsoidal (WGS 84)", "Baltic 1977 normal heights", "EGM2008".</summary>
    public string HeightSystem { get; init; } = "";

    /// <summary>The day of the observation.</summary>
    public DateOnly? ObservedOn { get; init; }

    /// <summary>The survey file or campaign it came from.</summary>
    public string Survey { get; init; } = "";

    /// <summary>What is wrong with it as a register entry; empty when fine.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Frame))
        {
            problems.Add("the reference frame is required (e.g. ITRF2014)");
        }

        if (!(Epoch is >= 1900 and <= 2200))
        {
            problems.Add("the epoch is a decimal year such as 2024.3");
        }

        if (string.IsNullOrWhiteSpace(Method))
        {
            problems.Add("the survey method is required (e.g. GNSS RTK)");
        }

        if (!(AccuracyMetres > 0))
        {
            problems.Add("the accuracy is a positive number of metres");
        }

        if (!(Position.Latitude is >= -90 and <= 90) || !(Position.Longitude is >= -180 and <= 180))
        {
            problems.Add("the position is not on the earth");
        }

        return problems;
    }
}

/// <summary>
/// A boundary pillar in the commission's register: number, type, where the plan puts it, where the survey found it,
/// and its status. A delegation's planning drafts are its own until submitted (the trust model's publication);
/// writes carry the version they read.
/// </summary>
public sealed record Pillar(PillarNumber Number, string SectorId, PillarType Type, GeoPoint Planned)
{
    public PillarReason Reason { get; init; } = PillarReason.Spacing;

    /// <summary>Distance along the sector's agreed line from its start, metres.</summary>
    public double Chainage { get; init; }

    /// <summary>The crossed river, road or railway, for pillars that mark one.</summary>
    public string? Feature { get; init; }

    /// <summary>Ground height at the planned position from the terrain model, metres.</summary>
    public double? PlannedHeight { get; init; }

    public PillarStatus Status { get; init; } = PillarStatus.Planned;

    public SurveyedPosition? Surveyed { get; init; }

    /// <summary>The delegation whose planning it is (null: the commission's own, e.g. the joint survey).</summary>
    public PartyCode? Owner { get; init; }

    public Publication Publication { get; init; } = Publication.Draft;

    public int Version { get; init; } = 1;

    /// <summary>A pillar of a plan, not yet in the register.</summary>
    public static Pillar From(string sectorId, PlannedPillar planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return new Pillar(planned.Number, sectorId, planned.Type, planned.Position)
        {
            Reason = planned.Reason,
            Chainage = planned.Chainage,
            Feature = planned.Feature,
            PlannedHeight = planned.Height,
        };
    }

    /// <summary>Offset of the surveyed position from the planned one: east, north and horizontal distance, metres (geodesic).</summary>
    public (double East, double North, double Distance)? Offset() =>
        Surveyed is null ? null : PillarOffset.Between(Planned, Surveyed.Position);
}

/// <summary>An offset between two positions as east and north components of the geodesic from one to the other.</summary>
public static class PillarOffset
{
    public static (double East, double North, double Distance) Between(GeoPoint from, GeoPoint to)
    {
        var inverse = Geodesic.Wgs84.Inverse(from.Latitude, from.Longitude, to.Latitude, to.Longitude);
        var azimuth = inverse.InitialAzimuth * Math.PI / 180;
        return (inverse.Distance * Math.Sin(azimuth), inverse.Distance * Math.Cos(azimuth), inverse.Distance);
    }
}

/// <summary>A photo taken at an inspection, kept as its bytes.</summary>
public sealed record PillarPhoto(string Name, string ContentType, byte[] Content);

/// <summary>A visit to a pillar: when, by whom, what was found, notes and photos. Inspections are never changed.</summary>
public sealed record PillarInspection(string Number, DateOnly InspectedOn, PillarStatus Found, string Notes, IReadOnlyList<PillarPhoto> Photos)
{
    public string Inspector { get; init; } = "";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number} {InspectedOn:yyyy-MM-dd} {Found}");
}

/// <summary>One change in a pillar's life, as the append-only history keeps it: what was done, by whom, and the record after.</summary>
public sealed record PillarHistoryEntry(string Number, long Sequence, DateTimeOffset At, string Actor, string Action, string Snapshot);

/// <summary>What a survey team reports for one pillar: where they measured it and the status they found.</summary>
public sealed record SurveyObservation(PillarNumber Number, SurveyedPosition Position, PillarStatus Status);
