using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Analysis;

/// <summary>
/// A piece of land enclosed between two lines of a section: whose it is under each line, how large it is, where
/// it lies along the boundary, and whether it is wider than the two sources can tell apart.
/// </summary>
/// <param name="Number">Its place along line A, from 1.</param>
/// <param name="Ring">The boundary, counter-clockwise, first point repeated at the end.</param>
/// <param name="PlanarArea">Area in the section's UTM plane, m².</param>
/// <param name="EllipsoidalArea">Area on the WGS 84 ellipsoid (edges as geodesics, Karney 2013), m².</param>
/// <param name="SideOfA">Which side of line A it lies on, walking the section's direction.</param>
/// <param name="SideOfB">Which side of line B it lies on.</param>
/// <param name="HolderUnderA">The party it belongs to if line A is the boundary.</param>
/// <param name="HolderUnderB">The party it belongs to if line B is the boundary.</param>
/// <param name="FromMetres">Where it begins along line A, geodesic metres from A's start.</param>
/// <param name="ToMetres">Where it ends along line A.</param>
/// <param name="GreatestWidth">The greatest distance from a vertex of its boundary on one line to the other line, metres.</param>
/// <param name="IsSignificant">Whether <paramref name="GreatestWidth"/> exceeds the combined accuracy of the two sources.</param>
/// <param name="BridgesGap">Whether part of its boundary is a bridged gap of either line rather than the line itself.</param>
/// <param name="ClosedByJoin">Whether part of its boundary is a segment joining the lines' starts or ends, not a line.</param>
public sealed record DiscrepancyPolygon(
    int Number,
    IReadOnlyList<GeoPoint> Ring,
    double PlanarArea,
    double EllipsoidalArea,
    Side SideOfA,
    Side SideOfB,
    PartyCode HolderUnderA,
    PartyCode HolderUnderB,
    double FromMetres,
    double ToMetres,
    double GreatestWidth,
    bool IsSignificant,
    bool BridgesGap,
    bool ClosedByJoin)
{
    /// <summary>Length of boundary along line A that the polygon spans, metres.</summary>
    public double Extent => ToMetres - FromMetres;

    /// <summary>Whether the land changes hands between the two lines (otherwise both put it on the same side).</summary>
    public bool ChangesHands => HolderUnderA != HolderUnderB;
}
