using System.Globalization;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Demarcation;

/// <summary>The north a bearing was measured from: true (the meridian), grid (the map grid's) or magnetic (the compass's).</summary>
public enum AzimuthKind
{
    True,
    Grid,
    Magnetic,
}

/// <summary>
/// A witness mark: what the survey team records beside a pillar so it can be found again, or set again where it stood,
/// if it is damaged or moved — a cross cut in rock, an iron pin, a reference pillar, a blaze on a tree — with the bearing
/// and horizontal distance from the pillar to it. The bearing is kept from true north; a bearing measured from grid or
/// magnetic north keeps what was measured and the correction applied (<c>true = measured + correction</c>: the meridian
/// convergence γ, grid north's bearing from true north, for a grid bearing; the declination, east positive, for a
/// magnetic one). Immutable.
/// </summary>
public sealed record WitnessMark(int Number, string Kind, double Bearing, double Distance)
{
    /// <summary>A witness mark farther from its pillar than this (metres) is not a witness mark but another survey point.</summary>
    public const double MaximumDistance = 500;

    /// <summary>Largest convergence or declination accepted, degrees.</summary>
    public const double MaximumCorrection = 45;

    /// <summary>What the mark is and where, in words (e.g. "on the boulder 3 m left of the track").</summary>
    public string Description { get; init; } = "";

    /// <summary>The north the bearing was measured from; <see cref="Bearing"/> is always from true north.</summary>
    public AzimuthKind MeasuredFrom { get; init; } = AzimuthKind.True;

    /// <summary>The convergence (grid) or declination (magnetic) added to the measured bearing, degrees; 0 for a true bearing.</summary>
    public double Correction { get; init; }

    /// <summary>The slope distance measured, metres, when the mark is not level with the pillar.</summary>
    public double? SlopeDistance { get; init; }

    /// <summary>Height of the mark above the pillar's mark (negative: below), metres.</summary>
    public double? HeightDifference { get; init; }

    /// <summary>Where the survey found the mark (WGS 84), when it was surveyed itself.</summary>
    public GeoPoint? Surveyed { get; init; }

    /// <summary>The bearing as measured, from <see cref="MeasuredFrom"/>'s north, degrees in [0, 360).</summary>
    public double MeasuredBearing => Normalize(Bearing - Correction);

    /// <summary>
    /// A mark whose bearing was measured from <paramref name="from"/>'s north: the true bearing is the measured one plus
    /// <paramref name="correction"/> (convergence for grid, declination for magnetic; ignored for true), in [0, 360).
    /// </summary>
    public static WitnessMark Measured(int number, string kind, double measuredBearing, AzimuthKind from, double correction, double distance) =>
        new(number, kind, Normalize(measuredBearing + (from == AzimuthKind.True ? 0 : correction)), distance)
        {
            MeasuredFrom = from,
            Correction = from == AzimuthKind.True ? 0 : correction,
        };

    /// <summary>The meridian convergence of the pillar's UTM zone at <paramref name="pillar"/>, degrees: the correction of a UTM grid bearing there.</summary>
    public static double UtmConvergence(GeoPoint pillar, int zone) =>
        Utm.Projection(zone, pillar.Latitude >= 0).PointFactors(pillar.Latitude, pillar.Longitude).Convergence;

    /// <summary>Where the mark stands by its bearing and distance from the pillar: the geodesic direct problem on WGS 84.</summary>
    public GeoPoint PositionFrom(GeoPoint pillar) => Geodesic.Wgs84.Direct(pillar.Latitude, pillar.Longitude, Bearing, Distance).Point;

    /// <summary>What is wrong with the mark as a register entry, each problem naming it; empty when fine.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        var name = Number >= 1 ? string.Create(CultureInfo.InvariantCulture, $"witness mark {Number}") : "a witness mark";
        void Problem(string text) => problems.Add($"{name}: {text}");
        if (Number < 1)
        {
            Problem("the mark's number is a whole number from 1");
        }

        if (string.IsNullOrWhiteSpace(Kind))
        {
            Problem("the kind of mark is required (e.g. cross cut in rock, iron pin, reference pillar, tree blaze)");
        }

        if (!(Bearing is >= 0 and < 360))
        {
            Problem("the bearing is degrees from north, at least 0 and less than 360");
        }

        if (!Enum.IsDefined(MeasuredFrom))
        {
            Problem("the bearing is from true, grid or magnetic north");
        }
        else if (MeasuredFrom == AzimuthKind.True ? Correction != 0 : !(Math.Abs(Correction) <= MaximumCorrection))
        {
            Problem(MeasuredFrom == AzimuthKind.True
                ? "a true bearing takes no correction"
                : string.Create(CultureInfo.InvariantCulture, $"the {(MeasuredFrom == AzimuthKind.Grid ? "convergence" : "declination")} is at most {MaximumCorrection}° either way"));
        }

        if (!(Distance is > 0 and <= MaximumDistance))
        {
            Problem(string.Create(CultureInfo.InvariantCulture, $"the horizontal distance is more than 0 and at most {MaximumDistance} m"));
        }

        if (SlopeDistance is { } slope && !(slope >= Distance && slope <= MaximumDistance * 2))
        {
            Problem("the slope distance is at least the horizontal distance");
        }

        if (HeightDifference is { } rise && !(Math.Abs(rise) <= MaximumDistance))
        {
            Problem(string.Create(CultureInfo.InvariantCulture, $"the height difference is at most {MaximumDistance} m either way"));
        }

        if (SlopeDistance is { } s && HeightDifference is { } h && double.IsFinite(s) && double.IsFinite(h) && s >= Math.Abs(h)
            && Math.Abs(Math.Sqrt((s * s) - (h * h)) - Distance) > Math.Max(0.05, Distance * 1e-3))
        {
            Problem(string.Create(CultureInfo.InvariantCulture, $"the slope distance and height difference give a horizontal distance of {Math.Sqrt((s * s) - (h * h)):0.000} m, not {Distance:0.000} m"));
        }

        if (Surveyed is { } at && (!(at.Latitude is >= -90 and <= 90) || !(at.Longitude is >= -180 and <= 180)))
        {
            Problem("the surveyed position is not on the earth");
        }

        return problems;
    }

    /// <summary>What is wrong with a pillar's marks together: each mark's problems, and a number used twice.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<WitnessMark> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var problems = marks.SelectMany(m => m.Check()).ToList();
        foreach (var twice in marks.GroupBy(m => m.Number).Where(g => g.Count() > 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"witness mark {twice.Key}: the number is used {twice.Count()} times"));
        }

        return problems;
    }

    /// <summary>The bearing as surveyors write it, degrees, minutes and seconds (e.g. 47°12′30″).</summary>
    public static string Dms(double degrees)
    {
        var seconds = Math.Round(Normalize(degrees) * 3600);
        if (seconds >= 360 * 3600)
        {
            seconds -= 360 * 3600;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)}°{(int)(seconds % 3600 / 60):00}′{(int)(seconds % 60):00}″");
    }

    private static double Normalize(double degrees)
    {
        var d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }
}

/// <summary>A pillar's witness marks to record, with the pillar's version they were read at (a change meanwhile is a conflict).</summary>
public sealed record WitnessMarkSet(string Number, IReadOnlyList<WitnessMark> Marks, int ExpectedVersion);

/// <summary>
/// A witness mark as a survey team writes it down (a form, a row of a file), before its pillar's position is known: the
/// bearing as measured from <see cref="From"/>'s north and the correction to true, when stated. A grid bearing without one
/// is reduced by the meridian convergence of the pillar's UTM zone at the pillar; a magnetic bearing needs its declination.
/// </summary>
public sealed record WitnessMarkEntry(int Number, string Kind, double Bearing, AzimuthKind From, double Distance)
{
    public string Description { get; init; } = "";

    /// <summary>Convergence (grid) or declination (magnetic, east positive), degrees; null when not stated.</summary>
    public double? Correction { get; init; }

    public double? SlopeDistance { get; init; }

    public double? HeightDifference { get; init; }

    public GeoPoint? Surveyed { get; init; }

    /// <summary>The mark with its bearing reduced to true north at <paramref name="pillar"/>, and its problems (each naming it).</summary>
    public (WitnessMark Mark, IReadOnlyList<string> Problems) ToMark(GeoPoint pillar)
    {
        var correction = From switch
        {
            AzimuthKind.Grid => Correction ?? WitnessMark.UtmConvergence(pillar, Utm.Zone(pillar.Longitude)),
            AzimuthKind.Magnetic => Correction ?? double.NaN,
            _ => 0,
        };
        var mark = WitnessMark.Measured(Number, Kind ?? "", Bearing, From, double.IsNaN(correction) ? 0 : correction, Distance) with
        {
            Description = Description ?? "",
            SlopeDistance = SlopeDistance,
            HeightDifference = HeightDifference,
            Surveyed = Surveyed,
        };
        var problems = mark.Check().ToList();
        if (!(Bearing is >= 0 and < 360) && !problems.Any(p => p.Contains("the bearing", StringComparison.Ordinal)))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"witness mark {Number}: the bearing is degrees from north, at least 0 and less than 360"));
        }

        if (double.IsNaN(correction))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"witness mark {Number}: a magnetic bearing needs the declination applied (degrees, east positive)"));
        }

        return (mark, problems);
    }
}
