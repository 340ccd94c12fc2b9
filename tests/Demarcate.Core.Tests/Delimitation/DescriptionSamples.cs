using Demarcate.Core.Delimitation;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Tests.Delimitation;

/// <summary>A description near Tavush using every leg kind, with the river line its reference leg follows.</summary>
internal static class DescriptionSamples
{
    public const string River = "river Aghstev median line";

    public static readonly ReferenceLine RiverLine = new(River,
        [new(41.03, 45.40), new(41.02, 45.405), new(41.015, 45.41), new(41.005, 45.415), new(41.00, 45.42), new(40.99, 45.43)])
    { Source = "osm" };

    /// <summary>TP2 is stated on the Pulkovo 1942 Gauss–Krüger grid, the others on WGS 84.</summary>
    public static BoundaryDescription EveryLegKind()
    {
        var toGk = CoordinateOperation.Create(CrsRegistry.Wgs84, CrsRegistry.Standard.Find(CrsCode.Epsg(28408))!).Value;
        var tp2 = toGk.Transform(41.08, 45.33); // X (northing), Y (easting) on the Soviet grid
        return new BoundaryDescription("Sector M-07 (sample)", false,
        [
            Point("TP1", 41.10, 45.30, PointFixing.Survey),
            new TurningPoint("TP2", new StatedPosition(CrsCode.Epsg(28408), true, Math.Round(tp2.Second, 3), Math.Round(tp2.First, 3)), PointFixing.Map),
            Point("TP3", 41.06, 45.36, PointFixing.Survey),
            Point("TP4", 41.06, 45.40, PointFixing.Computation),
            Point("TP5", 41.03, 45.40, PointFixing.Survey),
            Point("TP6", 41.00, 45.42, PointFixing.Survey),
            Point("TP7", 40.98, 45.45, PointFixing.Agreement),
        ],
        [
            new Leg("TP1", "TP2", LegKind.Geodesic) { DefinedBy = "Article 3 of the protocol" },
            new Leg("TP2", "TP3", LegKind.GridStraight) { Grid = CrsCode.Epsg(28408), DefinedBy = "sheet K-38-90, \"straight\" line" },
            new Leg("TP3", "TP4", LegKind.Parallel),
            new Leg("TP4", "TP5", LegKind.Meridian),
            new Leg("TP5", "TP6", LegKind.Reference) { Reference = River, Source = "osm" },
            new Leg("TP6", "TP7", LegKind.GridStraight) { Grid = CrsCode.Epsg(32638) },
        ]);
    }

    public static TurningPoint Point(string id, double latitude, double longitude, PointFixing fixedBy = PointFixing.Survey) =>
        new(id, StatedPosition.Wgs84(new GeoPoint(latitude, longitude)), fixedBy);

    public static DescriptionResolver Resolver(params ReferenceLine[] references) =>
        new(CrsRegistry.Standard, references.Length == 0 ? [RiverLine] : references);
}
