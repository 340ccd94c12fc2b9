using Demarcate.Core.Boundaries;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.GeoJson;
using Demarcate.Testing;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.Tests.Delimitation;

/// <summary>A sector of the real OSM line described with sparse turning points and reference legs, resolved back onto it.</summary>
public sealed class DescriptionRealDataTests
{
    private const double SectorLength = 25_000; // the demo commission's sector length (commission.json)
    private const double TurningPointSpacing = 2_000;

    [Fact]
    public async Task A_sector_described_by_reference_legs_every_2_km_resolves_back_onto_the_osm_line_within_a_metre()
    {
        var osm = await OsmMainLineAsync();
        var stretch = FirstStretch(osm, SectorLength);
        var reference = new ReferenceLine("Armenia–Azerbaijan line, OSM", osm) { Source = "osm" };

        // Turning points at the first vertex at least 2 km along from the previous one, and at the sector's end.
        var points = new List<TurningPoint> { TurningPointAt(stretch, 0) };
        var since = 0.0;
        for (var i = 1; i < stretch.Count; i++)
        {
            since += Geodesic.Wgs84.Distance(stretch[i - 1], stretch[i]);
            if (since >= TurningPointSpacing || i == stretch.Count - 1)
            {
                points.Add(TurningPointAt(stretch, i));
                since = 0;
            }
        }

        var legs = points.Zip(points.Skip(1), (a, b) => new Leg(a.Id, b.Id, LegKind.Reference) { Reference = reference.Name, Source = "osm" }).ToList();
        var description = DescriptionText.Parse(DescriptionText.Write(new BoundaryDescription("M-01 (OSM sample)", false, points, legs))).Value;

        var resolved = new DescriptionResolver(CrsRegistry.Standard, [reference]).Resolve(description);

        Assert.True(resolved.IsConsistent, string.Join("\n", resolved.Problems));
        var length = Geodesic.Wgs84.Length(stretch.ToArray());
        Assert.InRange(points.Count, 2, length / TurningPointSpacing + 1);
        var line = resolved.Line();
        Assert.Equal(length, Geodesic.Wgs84.Length(line.ToArray()), 0);

        // Both ways within a metre: every resolved vertex on the OSM stretch, every OSM vertex on the resolved line.
        var frame = PlanarFrame.Utm(38);
        var osmLine = Planar(frame, stretch);
        var resolvedLine = Planar(frame, line);
        Assert.All(resolvedLine.Coordinates, c => Assert.InRange(osmLine.Distance(new Point(c)), 0, 1));
        Assert.All(osmLine.Coordinates, c => Assert.InRange(resolvedLine.Distance(new Point(c)), 0, 1));
    }

    internal static TurningPoint TurningPointAt(List<GeoPoint> stretch, int index) =>
        new("TP" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), StatedPosition.Wgs84(stretch[index]), PointFixing.Map);

    private static LineString Planar(PlanarFrame frame, IEnumerable<GeoPoint> points) =>
        new(points.Select(p =>
        {
            var (x, y) = frame.ToPlane(p);
            return new Coordinate(x, y);
        }).ToArray());

    internal static List<GeoPoint> FirstStretch(IReadOnlyList<GeoPoint> line, double length)
    {
        var stretch = new List<GeoPoint> { line[0] };
        var walked = 0.0;
        for (var i = 1; i < line.Count && walked < length; i++)
        {
            walked += Geodesic.Wgs84.Distance(line[i - 1], line[i]);
            stretch.Add(line[i]);
        }

        return stretch;
    }

    /// <summary>The longest part of the main section's OSM line, as WGS 84 points.</summary>
    internal static async Task<IReadOnlyList<GeoPoint>> OsmMainLineAsync()
    {
        await using var file = File.OpenRead(RepositoryPaths.DemoData("am-az-osm.geojson"));
        var features = await GeoJsonReader.ReadAllAsync(file, "am-az-osm.geojson");
        var main = features.Value.Single(f => f.Properties["section"].GetString() == "main");
        var longest = ((MultiLineString)main.Geometry!).Geometries.Cast<LineString>().MaxBy(l => l.NumPoints)!;
        return longest.Coordinates.Select(c => new GeoPoint(c.Y, c.X)).ToList();
    }
}
