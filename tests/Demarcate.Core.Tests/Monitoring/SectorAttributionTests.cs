using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;

namespace Demarcate.Core.Tests.Monitoring;

/// <summary>
/// Attribution on small lines drawn in the UTM 38N plane, where the nearest point, the distance and the side can be
/// worked out by hand: plain sides, the outer angle of sharp bends (inside one sector and across two), ties, the free
/// end of the line, a point on the line and one too far away.
/// </summary>
public sealed class SectorAttributionTests
{
    private static readonly TransverseMercator Plane = Utm.Projection(38);
    private static readonly PartyCode Am = new("AM");
    private static readonly PartyCode Az = new("AZ");

    // Local plane metres from an origin near Yerevan's latitude on the zone's central meridian.
    private static GeoPoint At(double x, double y) => Plane.Reverse(500_000 + x, 4_450_000 + y);

    private static AttributionSector Sector(string id, params (double X, double Y)[] line) =>
        new(id, [.. line.Select(p => At(p.X, p.Y))], Am, Az);

    private static SectorAttribution Attribution(params AttributionSector[] sectors) =>
        new(sectors, AttributionOptions.Default);

    [Fact]
    public void A_point_left_of_a_straight_sector_is_in_the_left_party_s_territory_at_its_perpendicular_distance()
    {
        var attribution = Attribution(Sector("M-01", (0, 0), (1000, 0)));

        var north = attribution.Place(At(400, 250));
        var south = attribution.Place(At(600, -125));

        Assert.Equal(0, north.SectorIndex);
        Assert.Equal(Side.Left, north.SideOfLine);
        Assert.Equal(Am, north.Side);
        Assert.Equal(250, north.PlaneDistanceMetres, 1e-6);
        Assert.Equal(Side.Right, south.SideOfLine);
        Assert.Equal(Az, south.Side);
        Assert.Equal(125, south.PlaneDistanceMetres, 1e-6);
        AssertGeodesicToFoot(south, At(600, -125), At(600, 0));
    }

    [Fact]
    public void The_reported_distance_is_the_geodesic_to_the_foot_not_the_grid_distance()
    {
        var attribution = Attribution(Sector("M-01", (0, 0), (0, 10_000)));
        var incident = At(-8_000, 5_000);

        var placement = attribution.Place(incident);

        // On the central meridian the grid shrinks lengths by k0 = 0.9996: the ground distance is longer.
        Assert.Equal(8_000, placement.PlaneDistanceMetres, 1e-6);
        Assert.Equal(8_000 / 0.9996, placement.DistanceMetres, 0.01);
        AssertGeodesicToFoot(placement, incident, At(0, 5_000));
    }

    [Fact]
    public void A_point_in_the_outer_angle_of_a_sharp_left_bend_is_on_the_right()
    {
        // The line runs east, then turns sharply back west-north-west: the left is the narrow wedge inside the bend.
        var attribution = Attribution(Sector("M-01", (0, 0), (1000, 0), (0, 100)));
        var beyondTheTip = attribution.Place(At(1500, 50));
        var inside = attribution.Place(At(500, 30));

        // Seen from the first segment alone, (1500, 50) is to its left; it lies outside the wedge, so it is right.
        Assert.Equal(Side.Right, beyondTheTip.SideOfLine);
        Assert.Equal(Math.Sqrt((500 * 500) + (50 * 50)), beyondTheTip.PlaneDistanceMetres, 1e-6);
        Assert.Equal(Side.Left, inside.SideOfLine);
    }

    [Fact]
    public void A_point_in_the_outer_angle_of_a_sharp_right_bend_is_on_the_left()
    {
        var attribution = Attribution(Sector("M-01", (0, 0), (1000, 0), (0, -100)));

        Assert.Equal(Side.Left, attribution.Place(At(1500, -50)).SideOfLine);
        Assert.Equal(Side.Right, attribution.Place(At(500, -30)).SideOfLine);
    }

    [Fact]
    public void A_bend_where_one_sector_ends_and_the_next_begins_is_judged_as_one_line()
    {
        var attribution = Attribution(Sector("M-01", (0, 0), (1000, 0)), Sector("M-02", (1000, 0), (0, 100)));

        var placement = attribution.Place(At(1500, 50));

        Assert.Equal(Side.Right, placement.SideOfLine);
        Assert.Equal(Az, placement.Side);
    }

    [Fact]
    public void Of_two_sectors_equally_near_the_first_in_the_list_wins()
    {
        var attribution = Attribution(Sector("M-01", (0, 0), (1000, 0)), Sector("M-02", (1000, 0), (2000, 0)));

        var atTheBreak = attribution.Place(At(1000, 300));
        var pastIt = attribution.Place(At(1001, 300));

        Assert.Equal(0, atTheBreak.SectorIndex);
        Assert.Equal(300, atTheBreak.PlaneDistanceMetres, 1e-6);
        Assert.Equal(1, pastIt.SectorIndex);
    }

    [Fact]
    public void A_point_beyond_the_free_end_is_measured_to_the_end_and_sided_by_the_last_segment()
    {
        var attribution = Attribution(Sector("M-01", (0, 0), (1000, 0)));

        var placement = attribution.Place(At(1500, 200));

        Assert.Equal(Math.Sqrt((500 * 500) + (200 * 200)), placement.PlaneDistanceMetres, 1e-6);
        Assert.Equal(Side.Left, placement.SideOfLine);
        AssertGeodesicToFoot(placement, At(1500, 200), At(1000, 0));
    }

    [Fact]
    public void A_point_on_the_line_gets_its_sector_and_no_side()
    {
        var attribution = Attribution(Sector("M-01", (0, 0), (1000, 0), (1000, 1000)));

        var onSegment = attribution.Place(At(250, 0));
        var onVertex = attribution.Place(At(1000, 0));

        Assert.True(onSegment.IsAttributed);
        Assert.True(onSegment.PlaneDistanceMetres < 1e-6);
        Assert.Null(onSegment.SideOfLine);
        Assert.Null(onSegment.Side);
        Assert.True(onVertex.IsAttributed);
        Assert.Null(onVertex.Side);
    }

    [Fact]
    public void An_incident_beyond_the_distance_limit_is_unattributed()
    {
        var attribution = new SectorAttribution([Sector("M-01", (0, 0), (10_000, 0))], new AttributionOptions { MaxDistanceMetres = 1_000 });

        var far = attribution.Place(At(5_000, 1_100));
        var near = attribution.Place(At(5_000, 900));

        Assert.False(far.IsAttributed);
        Assert.Equal(-1, far.SectorIndex);
        Assert.Null(far.Side);
        Assert.True(near.IsAttributed);
    }

    [Fact]
    public void The_nearest_of_many_sectors_is_found_as_a_search_of_every_segment_finds_it()
    {
        // A zigzag border of 200 sectors, 5 vertices each; every point compared with a scan of all segments.
        var random = new Random(11);
        var sectors = new List<AttributionSector>();
        var y = 0.0;
        for (var k = 0; k < 200; k++)
        {
            var line = new List<(double, double)>();
            for (var i = 0; i <= 5; i++)
            {
                line.Add(((k * 500) + (i * 100), i == 0 ? y : y = (random.NextDouble() - 0.5) * 400));
            }

            sectors.Add(Sector(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"M-{k:000}"), [.. line]));
        }

        var attribution = Attribution([.. sectors]);
        var segments = sectors.SelectMany((s, k) => s.Line.Zip(s.Line.Skip(1), (a, b) => (k, A: Plane.Forward(a.Latitude, a.Longitude), B: Plane.Forward(b.Latitude, b.Longitude)))).ToList();
        for (var n = 0; n < 2_000; n++)
        {
            var x = (random.NextDouble() * 110_000) - 5_000;
            var py = (random.NextDouble() - 0.5) * 30_000;
            var placement = attribution.Place(At(x, py));
            var grid = Plane.Forward(At(x, py).Latitude, At(x, py).Longitude);
            var nearest = segments.Min(s => PlaneDistance(grid, s.A, s.B));
            Assert.Equal(nearest, placement.PlaneDistanceMetres, 1e-6);
            Assert.Contains(segments, s => s.k == placement.SectorIndex && Math.Abs(PlaneDistance(grid, s.A, s.B) - nearest) < 1e-6);
        }
    }

    [Fact]
    public void Placing_all_at_once_over_all_cores_gives_what_placing_one_by_one_gives()
    {
        var attribution = Attribution(Sector("M-01", (0, 0), (1000, 0), (2000, 800)), Sector("M-02", (2000, 800), (5000, -300)));
        var random = new Random(5);
        var incidents = Enumerable.Range(0, 10_000).Select(_ => At((random.NextDouble() * 8_000) - 1_000, (random.NextDouble() - 0.5) * 50_000)).ToArray();
        var placements = new IncidentPlacement[incidents.Length];

        attribution.PlaceAll(incidents, placements);

        Assert.Contains(placements, p => !p.IsAttributed);
        for (var i = 0; i < incidents.Length; i++)
        {
            Assert.Equal(attribution.Place(incidents[i]), placements[i]);
        }
    }

    private static double PlaneDistance(GridPoint p, GridPoint a, GridPoint b)
    {
        double dx = b.Easting - a.Easting, dy = b.Northing - a.Northing;
        var t = Math.Clamp((((p.Easting - a.Easting) * dx) + ((p.Northing - a.Northing) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
        return Math.Sqrt(Math.Pow(a.Easting + (t * dx) - p.Easting, 2) + Math.Pow(a.Northing + (t * dy) - p.Northing, 2));
    }

    private static void AssertGeodesicToFoot(IncidentPlacement placement, GeoPoint incident, GeoPoint foot)
    {
        Assert.Equal(foot.Latitude, placement.NearestPoint.Latitude, 1e-9);
        Assert.Equal(foot.Longitude, placement.NearestPoint.Longitude, 1e-9);
        Assert.Equal(Geodesic.Wgs84.Distance(incident, foot), placement.DistanceMetres, 1e-6);
    }
}
