using Demarcate.Core.Boundaries;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Tests.Delimitation;
using Demarcate.Formats.Delimitation;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Formats.Delimitation;

/// <summary>
/// The second 25 km of the real OSM line, described with a turning point about every 2 km and reference legs along the
/// source, turned into its protocol (English, Russian) with the GeoNames settlements, and into its map annex.
/// </summary>
public sealed class ProtocolRealDataTests
{
    private const string Reference = "Armenia–Azerbaijan line, OSM";

    internal static async Task<(ResolvedDescription Resolved, IReadOnlyList<NamedFeature> Gazetteer)> SecondSectorAsync()
    {
        // The second 25 km of the longest OSM part (Syunik / Lachin), where settlements lie within 3 km on both sides.
        var osm = await DescriptionRealDataTests.OsmMainLineAsync();
        var start = 0;
        for (var walked = 0.0; walked < 25_000; start++)
        {
            walked += Geodesic.Wgs84.Distance(osm[start], osm[start + 1]);
        }

        var stretch = DescriptionRealDataTests.FirstStretch(osm.Skip(start).ToList(), 25_000);
        var points = new List<TurningPoint> { DescriptionRealDataTests.TurningPointAt(stretch, 0) };
        var since = 0.0;
        for (var i = 1; i < stretch.Count; i++)
        {
            since += Geodesic.Wgs84.Distance(stretch[i - 1], stretch[i]);
            if (since >= 2_000 || i == stretch.Count - 1)
            {
                points.Add(DescriptionRealDataTests.TurningPointAt(stretch, i));
                since = 0;
            }
        }

        var legs = points.Zip(points.Skip(1), (a, b) => new Leg(a.Id, b.Id, LegKind.Reference) { Reference = Reference, Source = "osm", DefinedBy = "the boundary line of the OSM source" }).ToList();
        var description = DescriptionText.Parse(DescriptionText.Write(new BoundaryDescription("M-02 (OSM sample)", false, points, legs))).Value;
        var resolved = new DescriptionResolver(CrsRegistry.Standard, [new ReferenceLine(Reference, osm) { Source = "osm" }]).Resolve(description);
        await using var settlements = File.OpenRead(RepositoryPaths.DemoData("settlements-am-az.geojson"));
        var gazetteer = (await GazetteerFile.ReadAsync(settlements, "settlements-am-az.geojson", default)).Value;
        return (resolved, gazetteer);
    }

    [Fact]
    public async Task A_real_sector_reads_leg_by_leg_in_English_and_Russian_naming_the_settlements_on_their_own_side()
    {
        var (resolved, gazetteer) = await SecondSectorAsync();
        Assert.True(resolved.IsConsistent, string.Join("\n", resolved.Problems));

        // The main section runs from the Georgian tripoint southwards with Armenia to the west: on its right.
        var sides = ProtocolDescription.CountriesOnSides(resolved, gazetteer);
        Assert.Equal(("AZ", "AM"), sides);
        var protocol = ProtocolDescription.Compose(resolved, gazetteer, "Republic of Azerbaijan", "Republic of Armenia");
        var named = protocol.Legs.SelectMany(l => l.Nearby).ToList();
        Assert.Contains(named, n => n.Feature.Name == "Tegh" && n.Feature.Country == "AM");
        Assert.Contains(named, n => n.Feature.Name == "Laçın" && n.Feature.Country == "AZ");
        Assert.All(named, n => Assert.InRange(n.Distance, 0, ProtocolOptions.Default.NearbyRadius));
        Assert.All(named, n => Assert.Equal(n.Feature.Country == "AM" ? Side.Right : Side.Left, n.Side));

        var english = ProtocolText.Render(protocol, ProtocolCatalogue.English);
        var russian = ProtocolText.Render(protocol, ProtocolCatalogue.For("ru")!);

        Assert.Equal(resolved.Legs.Count, english.Legs.Count);
        Assert.InRange(english.Legs.Count, 25_000 / 2_000 - 1, 25_000 / 2_000 + 1);
        Assert.All(english.Legs, p => Assert.Contains("along the boundary line of the OSM source (reference line “Armenia–Azerbaijan line, OSM”, source osm)", p, StringComparison.Ordinal));
        Assert.All(russian.Legs, p => Assert.Contains("по линии «the boundary line of the OSM source» (опорная линия «Armenia–Azerbaijan line, OSM», источник osm)", p, StringComparison.Ordinal));
        var first = named[0];
        Assert.Contains($"{(first.Feature.Class == FeatureClass.Town ? "the town of" : "the village of")} {first.Feature.Name} {ProtocolText.Distance(english.Catalogue, first.Distance)} to the ", english.ToText(), StringComparison.Ordinal);
        Assert.Contains($"{(first.Feature.Class == FeatureClass.Town ? "город" : "село")} {first.Feature.Name} в {ProtocolText.Distance(russian.Catalogue, first.Distance)} к ", russian.ToText(), StringComparison.Ordinal);
        Assert.Contains($"{english.Legs.Count} legs, {ProtocolText.Length(english.Catalogue, resolved.Legs.Sum(l => l.Length))} in all", english.Opening[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_sector_map_annex_shows_its_turning_points_and_both_parties_at_1_to_50_000()
    {
        var (resolved, gazetteer) = await SecondSectorAsync();
        var sheets = MapAnnex.Sheets(resolved.Line(), 50_000);
        using var stream = new MemoryStream();

        await MapAnnex.WriteAsync(resolved, gazetteer, ProtocolCatalogue.English, 50_000, ("Republic of Azerbaijan", "Republic of Armenia"), stream, default);

        var pdf = stream.ToArray();
        Assert.Equal(sheets.Count, await PdfOracle.PagesAsync(pdf));
        var text = await PdfOracle.TextAsync(pdf);
        Assert.Contains("REPUBLIC OF ARMENIA", text, StringComparison.Ordinal);
        Assert.Contains("REPUBLIC OF AZERBAIJAN", text, StringComparison.Ordinal);
        Assert.Contains("Scale 1:50,000", text, StringComparison.Ordinal);
        Assert.Contains($"Sheet 1 of {sheets.Count}", text, StringComparison.Ordinal);
        Assert.All(resolved.Description.TurningPoints, p => Assert.Contains(p.Id, text, StringComparison.Ordinal));
        Assert.Contains("Legend", text, StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("DEMARCATE_README_SCREENSHOTS") == "1")
        {
            using var scratch = new ScratchFolder();
            await File.WriteAllBytesAsync(scratch.File("annex.pdf"), pdf);
            var target = Path.Combine(RepositoryPaths.Root, "docs", "screenshots", "map-annex");
            var run = await ExternalTool.RunAsync("pdftoppm", ["-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", scratch.File("annex.pdf"), target]);
            Assert.True(run.ExitCode == 0, run.StandardError);
        }
    }

    [Theory]
    [InlineData(25_000)]
    [InlineData(50_000)]
    [InlineData(200_000)]
    public async Task The_sheets_cover_every_point_of_the_line_and_fewer_are_needed_at_smaller_scales(int scale)
    {
        var (resolved, _) = await SecondSectorAsync();
        var line = resolved.Line();
        var frame = PlanarFrame.Utm(38);

        var sheets = MapAnnex.Sheets(line, scale);

        Assert.All(line.Select(frame.ToPlane), p => Assert.Contains(sheets, s => p.X >= s.MinEasting && p.X <= s.MaxEasting && p.Y >= s.MinNorthing && p.Y <= s.MaxNorthing));
        Assert.All(sheets, s =>
        {
            Assert.Equal(200.0 / 1000 * scale, s.MaxEasting - s.MinEasting, 6); // the frame is 200 × 180 mm of paper
            Assert.Equal(180.0 / 1000 * scale, s.MaxNorthing - s.MinNorthing, 6);
        });
        Assert.Equal(Enumerable.Range(1, sheets.Count), sheets.Select(s => s.Number));
        Assert.True(scale < 200_000 ? sheets.Count > MapAnnex.Sheets(line, 200_000).Count : sheets.Count == 1, $"{sheets.Count} sheets at 1:{scale}");
    }
}
