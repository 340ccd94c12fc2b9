using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private const double TurningPointSpacing = 2_000;

    // Line 3 names a reference line nobody has: a draft with one problem, on that line.
    private const string BrokenText =
        "BOUNDARY DESCRIPTION \"M-02 draft\"\n" +
        "TURNING POINT A AT 41 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
        "TURNING POINT B AT 41.01 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
        "FROM A TO B ALONG REFERENCE \"no such line\"\n";

    private const string GeodesicText =
        "TURNING POINT A AT 41 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
        "TURNING POINT B AT 41.01 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
        "FROM A TO B ALONG GEODESIC\n";

    [Fact]
    public async Task A_description_is_its_delegations_draft_with_its_problems_until_a_consistent_version_is_submitted()
    {
        var store = await DemoStoreAsync();

        var draft = await store.SaveDescriptionAsync(AmCartographer, new DescriptionDraft("M-02", BrokenText, 0, AsDraft: true), default);

        Assert.Equal(("AM-1", DescriptionStatus.Draft, Publication.Draft, 1), (draft.Id, draft.Status, draft.Publication, draft.Version));
        var problem = Assert.Single(draft.Problems);
        Assert.Equal(4, problem.Line);
        Assert.Contains("no such line", problem.Message, StringComparison.Ordinal);
        var seen = (await store.GetDescriptionAsync(AmObserver, "M-02", "AM-1", default))!;
        Assert.Equal((BrokenText, DescriptionStatus.Draft, draft.AuthoredAt, "am-carto"), (seen.Text, seen.Status, seen.AuthoredAt, seen.AuthoredBy));
        Assert.Equal(draft.Problems, seen.Problems);
        foreach (var outsider in new[] { AzCartographer, AzCoChair, MediatorAdviser, Monitor, Administrator, Caller.Anonymous })
        {
            Assert.Null(await store.GetDescriptionAsync(outsider, "M-02", "AM-1", default));
            Assert.Empty(await store.ListDescriptionsAsync(outsider, "M-02", default));
        }

        // The other delegation cannot tell the draft exists: submitting it answers as for a version that never was.
        var hidden = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SubmitDescriptionAsync(AzCoChair, "M-02", "AM-1", 1, default));
        var missing = await Assert.ThrowsAsync<RecordNotFoundException>(() => store.SubmitDescriptionAsync(AzCoChair, "M-02", "AM-9", 1, default));
        Assert.Equal(hidden.Message, missing.Message);

        // Nothing is saved as consistent with problems; the refusal lists them with their lines.
        var refused = await Assert.ThrowsAsync<DescriptionInconsistentException>(() => store.SaveDescriptionAsync(AmCartographer, new DescriptionDraft("M-02", BrokenText, 1, AsDraft: false), default));
        Assert.Equal([4L], refused.Problems.Select(p => p.Line ?? 0));
        Assert.Single(await store.ListDescriptionsAsync(AmCartographer, "M-02", default));

        await Assert.ThrowsAsync<NotPermittedException>(() => store.SaveDescriptionAsync(AmObserver, new DescriptionDraft("M-02", GeodesicText, 1, AsDraft: false), default));
        var stale = await Assert.ThrowsAsync<VersionConflictException>(() => store.SaveDescriptionAsync(AmCartographer, new DescriptionDraft("M-02", GeodesicText, 0, AsDraft: false), default));
        Assert.Equal(1, stale.CurrentVersion);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SubmitDescriptionAsync(AmCartographer, "M-02", "AM-1", 1, default));

        var precedence = DescriptionPrecedence.Parse("map > text > coordinates").Value;
        var consistent = await store.SaveDescriptionAsync(AmCartographer, new DescriptionDraft("M-02", GeodesicText, 1, AsDraft: false) { Precedence = precedence }, default);
        Assert.Equal(("AM-2", DescriptionStatus.Consistent), (consistent.Id, consistent.Status));
        Assert.Empty(consistent.Problems);

        // AZ keeps its own chain, unaware of AM's.
        var azFirst = await store.SaveDescriptionAsync(AzCartographer, new DescriptionDraft("M-02", GeodesicText, 0, AsDraft: false), default);
        Assert.Equal("AZ-1", azFirst.Id);
        Assert.Equal(["AZ-1"], (await store.ListDescriptionsAsync(AzCoChair, "M-02", default)).Select(d => d.Id));

        await Assert.ThrowsAsync<NotPermittedException>(() => store.SubmitDescriptionAsync(AmObserver, "M-02", "AM-2", 1, default));
        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => store.SubmitDescriptionAsync(AmCoChair, "M-02", "AM-2", 7, default));
        Assert.Equal(1, conflict.CurrentVersion);
        var submitted = await store.SubmitDescriptionAsync(AmCoChair, "M-02", "AM-2", 1, default);
        Assert.Equal((Publication.Submitted, 2), (submitted.Publication, submitted.Version));

        var read = (await store.GetDescriptionAsync(AzCoChair, "M-02", "AM-2", default))!;
        Assert.Equal((GeodesicText, Publication.Submitted, "map > text > coordinates"), (read.Text, read.Publication, read.Precedence.ToString()));
        Assert.Equal(["AM-2", "AZ-1"], (await store.ListDescriptionsAsync(AzCoChair, "M-02", default)).Select(d => d.Id));
        Assert.Empty(await store.ListDescriptionsAsync(Caller.Anonymous, "M-02", default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SubmitDescriptionAsync(AmCoChair, "M-02", "AM-2", 2, default));

        // What was saved is never rewritten nor deleted; only publication moves.
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "UPDATE sector_descriptions SET body = 'rewritten'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "DELETE FROM sector_descriptions"));
        Assert.Equal(3, await CountJournalAsync(store, "description.save"));
        Assert.Equal(1, await CountJournalAsync(store, "description.submit"));
        var verification = await VerifyAsync(store, []);
        Assert.True(verification.Ok, verification.ToString());
    }

    [Fact]
    public async Task A_demo_sector_described_with_a_turning_point_per_2_km_along_its_osm_line_resolves_back_onto_it_within_a_metre()
    {
        var store = await DemoStoreAsync();
        var (sector, reference) = await OsmSectorAsync(store);
        var stretch = sector.Geometry!.Geometries.Cast<LineString>().Single().Coordinates.Select(c => new GeoPoint(c.Y, c.X)).ToList();
        var text = DescriptionAlong(sector.Sector.Id, stretch, reference.Name);

        var saved = await store.SaveDescriptionAsync(AmCartographer, new DescriptionDraft(sector.Sector.Id, text, 0, AsDraft: false), default);

        Assert.Equal(DescriptionStatus.Consistent, saved.Status);
        var description = DescriptionText.Parse(saved.Text).Value;
        var length = Geodesic.Wgs84.Length(stretch.ToArray());
        Assert.True(length > 3 * TurningPointSpacing, $"sector {sector.Sector.Id} is only {length:0} m");
        Assert.InRange(description.TurningPoints.Count, 2, length / TurningPointSpacing + 1);
        Assert.All(description.Legs, l => Assert.Equal(LegKind.Reference, l.Kind));

        var resolver = new DescriptionResolver(CrsRegistry.Standard, await store.ListReferenceLinesAsync(AmCartographer, sector.Sector.Id, default));
        var resolved = resolver.Resolve(description);
        Assert.True(resolved.IsConsistent, string.Join("\n", resolved.Problems));
        Assert.Equal(length, Geodesic.Wgs84.Length(resolved.Line().ToArray()), 0);

        // Against the sector's own line in force: no leg departs by more than a metre, either way.
        var report = ContradictionReport.Build(resolved, [stretch], saved.Precedence, tolerance: 1.0);
        Assert.Empty(report.Contradictions);
        Assert.Equal(description.Legs.Count, report.Legs.Count);
        Assert.All(report.Legs, l => Assert.InRange(l.Departure, 0, 1));

        // Checked independently in the plane: every resolved vertex on the sector's line and every vertex of it on the resolved line.
        var frame = PlanarFrame.Utm(Utm.Zone(stretch[0].Longitude));
        var map = Planar(frame, stretch);
        var line = Planar(frame, resolved.Line());
        Assert.All(line.Coordinates, c => Assert.InRange(map.Distance(new Point(c)), 0, 1));
        Assert.All(map.Coordinates, c => Assert.InRange(line.Distance(new Point(c)), 0, 1));
    }

    [Fact]
    public async Task A_leg_cut_straight_across_the_sectors_line_is_reported_against_the_map_with_the_precedence_deciding()
    {
        var store = await DemoStoreAsync();
        var (sector, reference) = await OsmSectorAsync(store);
        var stretch = sector.Geometry!.Geometries.Cast<LineString>().Single().Coordinates.Select(c => new GeoPoint(c.Y, c.X)).ToList();
        var description = DescriptionText.Parse(DescriptionAlong(sector.Sector.Id, stretch, reference.Name)).Value;

        // The second leg as a geodesic: the text now cuts the bends of the line the map shows.
        var legs = description.Legs.Select((l, i) => i == 1 ? new Leg(l.From, l.To, LegKind.Geodesic) : l).ToList();
        var cut = description with { Legs = legs };
        var resolved = new DescriptionResolver(CrsRegistry.Standard, await store.ListReferenceLinesAsync(AmCartographer, sector.Sector.Id, default)).Resolve(cut);
        Assert.True(resolved.IsConsistent, string.Join("\n", resolved.Problems));

        var textFirst = ContradictionReport.Build(resolved, [stretch], DescriptionPrecedence.Default, tolerance: 1.0);
        var mapFirst = ContradictionReport.Build(resolved, [stretch], DescriptionPrecedence.Parse("map > coordinates > text").Value, tolerance: 1.0);

        var contradiction = Assert.Single(textFirst.Contradictions);
        Assert.Equal((LineAuthority.Text, LineAuthority.MapLine, LineAuthority.Text), (contradiction.First, contradiction.Second, contradiction.Prevails));
        Assert.StartsWith("leg 2 (", contradiction.Where, StringComparison.Ordinal);
        Assert.True(contradiction.Distance > 1, contradiction.Message);
        Assert.Equal(LineAuthority.MapLine, Assert.Single(mapFirst.Contradictions).Prevails);

        // The departure is the greatest distance of the map's vertices on that stretch from the straight leg.
        var frame = PlanarFrame.Utm(Utm.Zone(stretch[0].Longitude));
        var chord = Planar(frame, resolved.Legs[1].Points);
        var between = stretch.SkipWhile(p => p != resolved.TurningPoints[legs[1].From]).TakeWhile(p => p != resolved.TurningPoints[legs[1].To]).ToList();
        var greatest = between.Max(p => chord.Distance(new Point(frame.ToPlane(p).X, frame.ToPlane(p).Y)));
        Assert.Equal(greatest, contradiction.Distance!.Value, greatest * 0.002 + 0.05);
    }

    /// <summary>A single-part sector of the main section on the OSM line, and the part of the OSM line it lies on, as the store offers it.</summary>
    private static async Task<(SectorOnLine Sector, ReferenceLine Reference)> OsmSectorAsync(ICommissionStore store)
    {
        var sectors = await store.ListSectorsAsync(AmCartographer, "main", default);
        var sector = sectors.First(s => s.Geometry is { NumGeometries: 1 } && s.GapLengthMetres == 0 && s.LengthMetres > 8_000 && s.LineId is not null);
        var references = await store.ListReferenceLinesAsync(AmCartographer, sector.Sector.Id, default);
        var start = sector.Geometry!.Coordinates[0];
        var reference = references
            .Where(r => r.Name.StartsWith(sector.LineId!, StringComparison.Ordinal))
            .MinBy(r => r.Points.Min(p => Geodesic.Wgs84.Distance(p, new GeoPoint(start.Y, start.X))))!;
        return (sector, reference);
    }

    /// <summary>Turning points at the first vertex at least 2 km along from the previous one and at the end, joined by reference legs.</summary>
    private static string DescriptionAlong(string sectorId, List<GeoPoint> stretch, string reference)
    {
        var points = new List<TurningPoint> { PointAt(stretch, 0) };
        var since = 0.0;
        for (var i = 1; i < stretch.Count; i++)
        {
            since += Geodesic.Wgs84.Distance(stretch[i - 1], stretch[i]);
            if ((since >= TurningPointSpacing && stretch.Count - i > 1) || i == stretch.Count - 1)
            {
                points.Add(PointAt(stretch, i));
                since = 0;
            }
        }

        var legs = points.Zip(points.Skip(1), (a, b) => new Leg(a.Id, b.Id, LegKind.Reference) { Reference = reference, Source = "osm" }).ToList();
        return DescriptionText.Write(new BoundaryDescription($"Sector {sectorId}", false, points, legs));
    }

    private static TurningPoint PointAt(List<GeoPoint> stretch, int index) =>
        new("TP" + index.ToString(CultureInfo.InvariantCulture), StatedPosition.Wgs84(stretch[index]), PointFixing.Map);

    private static LineString Planar(PlanarFrame frame, IEnumerable<GeoPoint> points) =>
        new([.. points.Select(p =>
        {
            var (x, y) = frame.ToPlane(p);
            return new Coordinate(x, y);
        })]);
}
