using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Demarcate.Core.Analysis;

/// <summary>A feature of a layer (a settlement, a road, a field) by id and name, in WGS 84 (x = longitude).</summary>
public sealed record LayerFeature(string Id, string Name, Geometry Geometry)
{
    private static readonly IReadOnlyDictionary<string, string> NoProperties = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The feature's other attributes as text (a stored reference layer keeps them; a comparison does not need them).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = NoProperties;
}

/// <summary>A feature that lies, at least in part, in a discrepancy polygon.</summary>
public sealed record AffectedFeature(int PolygonNumber, LayerFeature Feature, PartyCode HolderUnderA, PartyCode HolderUnderB);

/// <summary>How a linear feature meets a boundary line: how often it crosses it and how much of it lies on each side.</summary>
/// <param name="Crossings">Number of points where it passes from one side to the other.</param>
/// <param name="LengthLeft">Geodesic length of the feature on the line's left, metres.</param>
/// <param name="LengthRight">Geodesic length on the line's right, metres.</param>
public sealed record Crossing(LayerFeature Feature, string LineId, int Crossings, double LengthLeft, double LengthRight);

/// <summary>What a layer's features have to do with a comparison: which lie in which polygon, and which cross which line.</summary>
/// <param name="InPolygons">Every feature that lies at least in part in a discrepancy polygon, once per polygon.</param>
/// <param name="Crossings">Every linear feature that crosses one of the two lines, once per line it crosses.</param>
public sealed record FeatureReport(IReadOnlyList<AffectedFeature> InPolygons, IReadOnlyList<Crossing> Crossings);

/// <summary>
/// What the commission's lines touch: which features of a layer lie in which discrepancy polygon, and how
/// linear features cross a line. Computed in the section's UTM zone; lengths on the ellipsoid.
/// </summary>
public static class AffectedFeatures
{
    private static readonly GeometryFactory Plane = new();

    /// <summary>Every feature that intersects a discrepancy polygon, with the polygon's holders under each line.</summary>
    public static IReadOnlyList<AffectedFeature> InPolygons(Section section, LineComparisonResult comparison, IEnumerable<LayerFeature> features)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(features);
        var projection = Utm.Projection(section.UtmZone);
        var polygons = comparison.Polygons
            .Select(p => (Polygon: p, Prepared: PreparedGeometryFactory.Prepare(Plane.CreatePolygon([.. p.Ring.Select(g => projection.ToPlane(g))]))))
            .ToList();
        var found = new List<AffectedFeature>();
        foreach (var feature in features)
        {
            var planar = projection.ToPlane(feature.Geometry);
            foreach (var (polygon, prepared) in polygons)
            {
                if (prepared.Intersects(planar))
                {
                    found.Add(new AffectedFeature(polygon.Number, feature, polygon.HolderUnderA, polygon.HolderUnderB));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The whole story of a layer against a comparison of <paramref name="lines"/>: features in each polygon, and
    /// the linear features (roads, canals, pipelines) that each line crosses at least once.
    /// </summary>
    public static FeatureReport Report(Section section, LineComparisonResult comparison, IReadOnlyList<ComparedLine> lines, IReadOnlyList<LayerFeature> features)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(features);
        var inPolygons = InPolygons(section, comparison, features);
        var crossings = features
            .Where(f => f.Geometry is ILineal)
            .SelectMany(f => lines.Select(line => Cross(section, line, f)))
            .Where(c => c.Crossings > 0)
            .ToList();
        return new FeatureReport(inPolygons, crossings);
    }

    /// <summary>How a linear feature crosses <paramref name="line"/>: crossings counted, and its length split by side.</summary>
    public static Crossing Cross(Section section, ComparedLine line, LayerFeature feature)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(feature);
        var projection = Utm.Projection(section.UtmZone);
        var boundary = projection.ToPlaneLine(line.Vertices);
        var pieces = projection.ToPlane(feature.Geometry).Difference(boundary);
        var (x, y) = LineComparison.Project(projection, line.Vertices);
        var index = new PolylineIndex(x, y);
        double left = 0, right = 0;
        var sides = new List<Side>();
        for (var i = 0; i < pieces.NumGeometries; i++)
        {
            if (pieces.GetGeometryN(i) is not LineString piece || piece.NumPoints < 2)
            {
                continue;
            }

            var middle = piece.Interpolated(0.5);
            var segment = 0;
            index.Distance(middle.X, middle.Y, ref segment);
            var cross = ((x[segment + 1] - x[segment]) * (middle.Y - y[segment])) - ((y[segment + 1] - y[segment]) * (middle.X - x[segment]));
            var side = cross >= 0 ? Side.Left : Side.Right;
            var length = Geodesic.Wgs84.Length([.. piece.Coordinates.Select(c => projection.Reverse(c.X, c.Y))]);
            if (side == Side.Left)
            {
                left += length;
            }
            else
            {
                right += length;
            }

            sides.Add(side);
        }

        // Pieces come out in the feature's order, so a crossing is a change of side between consecutive pieces.
        var crossings = sides.Zip(sides.Skip(1)).Count(p => p.First != p.Second);
        return new Crossing(feature, line.Id, crossings, left, right);
    }
}

/// <summary>Where a point of a line lies at a fraction of its length.</summary>
internal static class LineStringPosition
{
    public static Coordinate Interpolated(this LineString line, double fraction)
    {
        var target = line.Length * fraction;
        var walked = 0.0;
        for (var i = 1; i < line.NumPoints; i++)
        {
            var a = line.GetCoordinateN(i - 1);
            var b = line.GetCoordinateN(i);
            var step = a.Distance(b);
            if (walked + step >= target && step > 0)
            {
                var t = (target - walked) / step;
                return new Coordinate(a.X + (t * (b.X - a.X)), a.Y + (t * (b.Y - a.Y)));
            }

            walked += step;
        }

        return line.GetCoordinateN(line.NumPoints - 1);
    }
}
