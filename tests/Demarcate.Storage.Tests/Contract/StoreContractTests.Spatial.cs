using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Demarcate.Storage.Tests.Contract;

/// <summary>The map by bounding box and the nearest sector, answered from each backend's spatial index, checked against brute force.</summary>
public abstract partial class StoreContractTests
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    /// <summary>The demo with sector M-05 withdrawn from the public and a draft AM claim.</summary>
    private async Task<ICommissionStore> SpatialStoreAsync()
    {
        var store = await NewStoreAsync();
        var sectors = Demo.Sectors.Select(s => s.Sector.Id == "M-05" ? s with { Sector = s.Sector with { IsPublished = false } } : s).ToList();
        var draft = Demo.Lines[0] with { Id = "am-draft", Kind = LineKind.PartyClaim, ClaimedBy = Am, Owner = Am, Publication = Publication.Draft, SourceId = null };
        await store.ImportAsync(Demo with { Sectors = sectors, Lines = [.. Demo.Lines, draft] }, default);
        return store;
    }

    private static IEnumerable<Envelope> Boxes(IEnumerable<SectorOnLine> sectors)
    {
        var some = sectors.Where(s => s.Geometry is not null).ToList();
        foreach (var s in some.Where((_, i) => i % 5 == 0))
        {
            yield return s.Geometry!.EnvelopeInternal; // exactly one sector's box, touching its neighbours
        }

        var middle = some[some.Count / 2].Geometry!.Centroid.Coordinate;
        yield return new Envelope(middle.X - 0.05, middle.X + 0.05, middle.Y - 0.05, middle.Y + 0.05);
        yield return new Envelope(middle.X, middle.X, middle.Y, middle.Y); // a point
        yield return new Envelope(-10, -9, -10, -9); // nowhere near the boundary
        yield return new Envelope(-180, 180, -90, 90);
    }

    [Fact]
    public async Task Sectors_in_a_box_are_exactly_those_the_caller_sees_that_meet_it()
    {
        var store = await SpatialStoreAsync();

        foreach (var caller in new[] { Caller.CommissionSystem, Caller.Anonymous, AmCartographer })
        {
            var all = await store.ListSectorsAsync(caller, null, default);
            foreach (var box in Boxes(all))
            {
                var area = Wgs84.ToGeometry(box);
                var expected = all.Where(s => s.Geometry is not null && s.Geometry.Intersects(area)).Select(s => s.Sector.Id);

                var found = await store.ListSectorsInBoxAsync(caller, box, default);

                Assert.Equal(expected, found.Select(s => s.Sector.Id));
            }
        }

        var world = new Envelope(-180, 180, -90, 90);
        Assert.Contains("M-05", (await store.ListSectorsInBoxAsync(Caller.CommissionSystem, world, default)).Select(s => s.Sector.Id));
        Assert.DoesNotContain("M-05", (await store.ListSectorsInBoxAsync(Caller.Anonymous, world, default)).Select(s => s.Sector.Id));
        var m07 = (await store.GetSectorAsync(Caller.Anonymous, "M-07", default))!;
        var inBox = await store.ListSectorsInBoxAsync(Caller.Anonymous, m07.Geometry!.EnvelopeInternal, default);
        var same = Assert.Single(inBox, s => s.Sector.Id == "M-07");
        Assert.True(m07.Geometry.EqualsExact(same.Geometry), "the box query returns the whole geometry");
        Assert.Equal(m07 with { Geometry = same.Geometry }, same);
    }

    [Fact]
    public async Task Lines_in_a_box_are_exactly_those_the_caller_sees_that_meet_it()
    {
        var store = await SpatialStoreAsync();

        foreach (var caller in new[] { Caller.CommissionSystem, Caller.Anonymous, AmCartographer, AzCartographer })
        {
            var all = await store.ListLinesAsync(caller, null, default);
            foreach (var box in Boxes(await store.ListSectorsAsync(Caller.CommissionSystem, null, default)))
            {
                var area = Wgs84.ToGeometry(box);
                var expected = all.Where(l => l.Geometry.Intersects(area)).Select(l => l.Id);

                var found = await store.ListLinesInBoxAsync(caller, box, default);

                Assert.Equal(expected, found.Select(l => l.Id));
            }
        }

        var world = new Envelope(-180, 180, -90, 90);
        Assert.Contains("am-draft", (await store.ListLinesInBoxAsync(AmCartographer, world, default)).Select(l => l.Id));
        Assert.DoesNotContain("am-draft", (await store.ListLinesInBoxAsync(AzCartographer, world, default)).Select(l => l.Id));
        Assert.Empty(await store.ListLinesInBoxAsync(Caller.Anonymous, new Envelope(-10, -9, -10, -9), default));
    }

    [Fact]
    public async Task The_nearest_sector_is_the_nearest_the_caller_may_see()
    {
        var store = await SpatialStoreAsync();
        var everything = (await store.ListSectorsAsync(Caller.CommissionSystem, null, default)).Where(s => s.Geometry is not null).ToList();
        var points = new List<GeoPoint>();
        foreach (var s in everything.Where((_, i) => i % 3 == 0))
        {
            var c = s.Geometry!.InteriorPoint.Coordinate;
            points.Add(new GeoPoint(c.Y + 0.013, c.X - 0.021)); // a little off the line
        }

        var m05 = everything.Single(s => s.Sector.Id == "M-05").Geometry!.InteriorPoint.Coordinate;
        points.Add(new GeoPoint(m05.Y, m05.X));
        points.Add(new GeoPoint(0, 0)); // far from everything: the search must widen to find it
        points.Add(new GeoPoint(60, 80));

        foreach (var caller in new[] { Caller.CommissionSystem, Caller.Anonymous })
        {
            var visible = everything.Where(s => caller.MaySee(s.Sector.IsPublished)).ToList();
            foreach (var point in points)
            {
                var expected = visible.MinBy(s => LocalDistance(s.Geometry!, point))!;

                var nearest = await store.NearestSectorAsync(caller, point, default);

                Assert.Equal(expected.Sector.Id, nearest?.Sector.Id);
            }
        }

        Assert.Equal("M-05", (await store.NearestSectorAsync(Caller.CommissionSystem, new GeoPoint(m05.Y, m05.X), default))!.Sector.Id);
        Assert.NotEqual("M-05", (await store.NearestSectorAsync(Caller.Anonymous, new GeoPoint(m05.Y, m05.X), default))!.Sector.Id);
    }

    [Fact]
    public async Task An_empty_store_has_no_nearest_sector_and_nothing_in_any_box()
    {
        var store = await NewStoreAsync();

        Assert.Null(await store.NearestSectorAsync(Caller.CommissionSystem, new GeoPoint(40, 45), default));
        Assert.Empty(await store.ListSectorsInBoxAsync(Caller.CommissionSystem, new Envelope(-180, 180, -90, 90), default));
        Assert.Empty(await store.ListLinesInBoxAsync(Caller.CommissionSystem, new Envelope(-180, 180, -90, 90), default));
    }

    /// <summary>The brute-force oracle: distance on the local plane at the point (longitude scaled by the cosine of latitude).</summary>
    private static double LocalDistance(Geometry geometry, GeoPoint point)
    {
        var local = AffineTransformation.ScaleInstance(Math.Cos(point.Latitude * Math.PI / 180), 1);
        return local.Transform(geometry).Distance(local.Transform(Wgs84.CreatePoint(new Coordinate(point.Longitude, point.Latitude))));
    }
}
