using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;

namespace Demarcate.Storage.Tests.Seeding;

public sealed class DemoCommissionTests : IClassFixture<DemoDatasetFixture>
{
    private readonly BoundaryDataset _demo;

    public DemoCommissionTests(DemoDatasetFixture demo) => _demo = demo.Dataset;

    [Fact]
    public void The_parties_come_from_the_configuration()
    {
        Assert.Equal(["AM", "AZ", "RU"], _demo.Commission.Parties.Select(p => p.Code.Value));
        Assert.Equal(PartyRole.Mediator, _demo.Commission.Mediator.Role);
        Assert.Equal("EPSG:15865", _demo.Commission.DatumTransformation); // one operation for the whole commission
    }

    [Fact]
    public void The_party_on_the_left_of_each_section_is_read_from_the_settlements()
    {
        // Walking the main section north to south, Azerbaijan lies to the east, on the left.
        var main = _demo.Sections.Single(s => s.Id == "main");
        Assert.Equal("AZ", main.PartyOnLeft.Value);
        Assert.Equal("AM", main.PartyOnRight.Value);

        // Walking the Nakhchivan section from the Turkish to the Iranian tripoint (west to south-east),
        // Armenia lies to the north-east, on the left.
        var nakhchivan = _demo.Sections.Single(s => s.Id == "nakhchivan");
        Assert.Equal("AM", nakhchivan.PartyOnLeft.Value);
        Assert.Equal("AZ", nakhchivan.PartyOnRight.Value);
    }

    [Fact]
    public void Sectors_are_about_25_km_numbered_from_the_start_of_each_section()
    {
        foreach (var section in _demo.Sections)
        {
            var sectors = _demo.Sectors.Where(s => s.Sector.SectionId == section.Id).ToList();
            Assert.Equal(Enumerable.Range(1, sectors.Count), sectors.Select(s => s.Sector.Number));
            Assert.Equal(sectors.Select(s => section.SectorId(s.Sector.Number)), sectors.Select(s => s.Sector.Id));
            Assert.All(sectors, s => Assert.InRange(s.LengthMetres + s.GapLengthMetres, 20_000, 30_000));
            Assert.All(sectors, s => Assert.True(s.Sector.IsPublished));
        }

        // M-01 starts at the Georgian tripoint end: the north end of the main section.
        var m01 = _demo.Sectors.Single(s => s.Sector.Id == "M-01").Geometry!;
        Assert.Equal(41.29647, m01.Coordinates[0].Y, 9);
        Assert.Equal("M-", _demo.Sectors[0].Sector.Id[..2]);
        Assert.Contains(_demo.Sectors, s => s.Sector.Id == "N-01");
    }

    [Fact]
    public void The_line_in_force_totals_match_the_published_lengths_and_gaps_are_flagged()
    {
        // The data's provenance note: OSM main 651.5 km of line, 656.1 km with its 4.6 km of gaps bridged.
        var main = _demo.Sectors.Where(s => s.Sector.SectionId == "main").ToList();
        Assert.Equal(651_486, main.Sum(s => s.LengthMetres), 0.5e3);
        Assert.Equal(4_600, main.Sum(s => s.GapLengthMetres), 0.1e3);
        Assert.Equal(4, GapCount("osm-main")); // the four voids of OSM's land-only layer
        Assert.Equal(1, GapCount("osm-nakhchivan")); // 64 m before the last 32 m piece
        var nakhchivan = _demo.Sectors.Where(s => s.Sector.SectionId == "nakhchivan").ToList();
        Assert.Equal(247_831.8, nakhchivan.Sum(s => s.LengthMetres), 0.5e3);
    }

    private int GapCount(string lineId)
    {
        var line = _demo.Lines.Single(l => l.Id == lineId);
        var path = SectionPath.Walk(line.Geometry, PlanarFrame.Utm(38));
        return Enumerable.Range(0, path.SegmentCount).Count(path.IsGap);
    }

    [Fact]
    public void Both_sources_cut_into_the_same_sector_ids_in_both_sections()
    {
        foreach (var section in _demo.Sections)
        {
            var sectors = _demo.Sectors.Where(s => s.Sector.SectionId == section.Id).Select(s => s.Sector).ToList();
            var frame = PlanarFrame.Utm(section.UtmZone);
            var cuts = _demo.Lines.Where(l => l.SectionId == section.Id)
                .Select(l => SectorCutting.Cut(section, sectors, _demo.BreakPoints, l, frame))
                .ToList();
            Assert.Equal(2, cuts.Count);
            Assert.All(cuts, c => Assert.Equal(sectors.Select(s => s.Id), c.Sectors.Select(x => x.Sector.Id)));

            // Natural Earth is generalised (~300 m, 24 % shorter in all): its sectors start within a few km
            // of OSM's, and are never empty.
            var osm = cuts.Single(c => c.LineId.StartsWith("osm", StringComparison.Ordinal));
            var ne = cuts.Single(c => c.LineId.StartsWith("naturalearth", StringComparison.Ordinal));
            Assert.DoesNotContain(osm.Warnings, w => w.Contains("km from", StringComparison.Ordinal));
            foreach (var (a, b) in osm.Sectors.Zip(ne.Sectors))
            {
                var startA = a.Stretch.Parts[0].Points[0];
                var startB = b.Stretch.Parts[0].Points[0];
                Assert.True(Geodesic.Wgs84.Distance(startA, startB) < 5_000, $"{a.Sector.Id}: {startA} vs {startB}, offsets {b.FromBreakOffset} {b.ToBreakOffset}");
                Assert.InRange(b.Stretch.TotalLength, 0.25 * a.Stretch.TotalLength, 1.2 * a.Stretch.TotalLength);
            }
        }
    }
}
