using Demarcate.Core.Analysis;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Demarcation;

/// <summary>What a pillar is in the commission's scheme of marks.</summary>
public enum PillarType
{
    /// <summary>A main pillar: sector ends, turning points, river banks, and at most the primary spacing apart.</summary>
    Primary,

    /// <summary>A lesser pillar between primaries, at most the secondary spacing apart; also at road and railway crossings.</summary>
    Secondary,

    /// <summary>A mark added so that each pillar is visible from the next.</summary>
    Intermediate,

    /// <summary>A witness or reference mark off the line (placed by the survey teams, never planned here).</summary>
    Reference,
}

/// <summary>Why the plan puts a pillar where it does.</summary>
public enum PillarReason
{
    SectorEnd,
    TurningPoint,
    RiverBank,
    RoadCrossing,
    RailwayCrossing,
    Spacing,
    Intervisibility,

    /// <summary>Already in the register, kept where it stands.</summary>
    Registered,
}

/// <summary>What kind of linear feature the line crosses, which decides the pillars at the crossing.</summary>
public enum CrossingKind
{
    /// <summary>A pair of pillars, one on each bank.</summary>
    River,

    /// <summary>One pillar set back from the road.</summary>
    Road,

    /// <summary>One pillar set back from the railway.</summary>
    Railway,
}

/// <summary>A linear feature of a layer (river, road, railway) the planner looks for crossings with, in WGS 84.</summary>
public sealed record CrossingFeature(LayerFeature Feature, CrossingKind Kind);

/// <summary>
/// The commission's rules for placing pillars. Distances are metres along the line (geodesic);
/// heights are metres above the ground mark.
/// </summary>
public sealed record PillarPlanRules
{
    /// <summary>Consecutive primary pillars are at most this far apart (Cameroon–Nigeria: 5 km).</summary>
    public double PrimarySpacing { get; init; } = 5000;

    /// <summary>Consecutive pillars of any kind are at most this far apart (Cameroon–Nigeria: 500 m).</summary>
    public double SecondarySpacing { get; init; } = 500;

    /// <summary>How far before and after a river crossing the two bank pillars stand.</summary>
    public double RiverBankOffset { get; init; } = 30;

    /// <summary>How far before a road or railway crossing its pillar stands.</summary>
    public double RoadSetback { get; init; } = 10;

    /// <summary>A vertex of the line is a turning point (and gets a pillar) when the line turns there by at least this many degrees; 0: every vertex.</summary>
    public double TurningPointMinimumDeflection { get; init; }

    /// <summary>Height of the sighting mark above the ground at each pillar (pillar top or a target on it).</summary>
    public double SightingHeight { get; init; } = 1.5;

    /// <summary>Coefficient of terrestrial refraction; 0.13 is the usual value for daytime sightings over land.</summary>
    public double RefractionCoefficient { get; init; } = 0.13;

    /// <summary>Intervisibility never adds pillars closer than this to one another.</summary>
    public double MinimumSpacing { get; init; } = 20;

    /// <summary>
    /// Where a sight line is blocked, a movable pillar (a secondary or intermediate placed for spacing or sight, not yet
    /// registered) may be moved along the line by at most this many metres either way to restore sight to both its
    /// neighbours before an intermediate pillar is added; 0: never move, only add.
    /// </summary>
    public double MoveWindow { get; init; } = 100;

    /// <summary>The rules checked: spacings positive and ordered, offsets sensible. Empty when valid.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (!(SecondarySpacing > 0) || !(PrimarySpacing >= SecondarySpacing))
        {
            problems.Add("spacings must be positive, the primary spacing at least the secondary one");
        }

        if (!(RiverBankOffset > 0) || !(RoadSetback >= 0))
        {
            problems.Add("the river bank offset must be positive and the road setback not negative");
        }

        if (!(SightingHeight >= 0) || !(RefractionCoefficient is >= 0 and < 1) || !(MinimumSpacing > 0))
        {
            problems.Add("sighting height must not be negative, refraction lie in [0, 1), minimum spacing be positive");
        }

        if (!(MoveWindow >= 0))
        {
            problems.Add("the window for moving pillars for sight must not be negative");
        }

        if (!(TurningPointMinimumDeflection is >= 0 and < 180))
        {
            problems.Add("the turning point deflection lies in [0°, 180°)");
        }

        return problems;
    }
}

/// <summary>One pillar of a plan: its number, type, why it is there, where, and how far along the line.</summary>
/// <param name="Chainage">Geodesic distance along the line from its start, metres.</param>
/// <param name="Feature">The crossed feature's name for river, road and railway pillars.</param>
public sealed record PlannedPillar(PillarNumber Number, PillarType Type, PillarReason Reason, GeoPoint Position, double Chainage, string? Feature)
{
    /// <summary>Ground height from the elevation model, metres; null when planned without one.</summary>
    public double? Height { get; init; }

    /// <summary>How far (metres along the line, negative back towards the start) intervisibility moved this pillar from where its reason put it; 0 when not moved.</summary>
    public double Moved { get; init; }

    /// <summary>Why the pillar stands exactly here when intervisibility moved it, e.g. "moved 38 m for sight to M-04/13"; null when not moved.</summary>
    public string? MovedFor { get; init; }
}

/// <summary>A pillar already in the register, and where it stands, so a new plan keeps it and its number.</summary>
public sealed record RegisteredPillar(PillarNumber Number, PillarType Type, GeoPoint Position);

/// <summary>
/// The pillars planned along one line, in order, with what the planner noticed (crossings that gave pillars,
/// sight lines it could not fix, terrain that does not cover the line).
/// </summary>
public sealed record PillarPlan(string Prefix, double LineLength, IReadOnlyList<PlannedPillar> Pillars, IReadOnlyList<string> Notes)
{
    /// <summary>Pairs of consecutive pillars that still cannot see each other (terrain too broken even at the minimum spacing).</summary>
    public IReadOnlyList<(PillarNumber From, PillarNumber To)> Unsighted { get; init; } = [];
}
