using System.Globalization;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.ReferenceLayers;
using Demarcate.Formats;
using Demarcate.Formats.Comparison;
using Demarcate.Formats.Import;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_stored_river_layer_yields_the_same_bank_pair_as_the_same_river_given_as_a_file()
    {
        var store = await DemoStoreAsync();
        var sector = await store.GetSectorAsync(Caller.CommissionSystem, "M-02", default);
        var section = (await store.ListSectionsAsync(Caller.CommissionSystem, default)).Single(s => s.Id == sector!.Sector.SectionId);
        var line = sector!.Geometry!.Geometries.SelectMany(g => g.Coordinates).Select(c => new GeoPoint(c.Y, c.X)).ToList();

        // A river across the middle of the sector's line, square to it, 2 km long, plus a road far away (not a river).
        var (a, b) = (line[(line.Count / 2) - 1], line[line.Count / 2]);
        var (midLat, midLon) = ((a.Latitude + b.Latitude) / 2, (a.Longitude + b.Longitude) / 2);
        var (dLat, dLon) = (b.Latitude - a.Latitude, b.Longitude - a.Longitude);
        var scale = 0.01 / Math.Sqrt((dLat * dLat) + (dLon * dLon));
        var coordinates = string.Create(
            CultureInfo.InvariantCulture,
            $"[[{midLon - (dLat * scale):R},{midLat + (dLon * scale):R}],[{midLon + (dLat * scale):R},{midLat - (dLon * scale):R}]]");
        var river = """{"type":"FeatureCollection","features":[{"type":"Feature","id":"r1","properties":{"name":"Test river"},"geometry":{"type":"LineString","coordinates":"""
            + coordinates + "}}]}";

        var fromFile = await FeatureLayer.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(river)), "river.geojson", default);
        var filePlan = PillarPlanning.Plan("M-02", line, section.UtmZone, new PillarPlanRules(), [.. fromFile.Value.Select(f => new CrossingFeature(f, CrossingKind.River))]);

        var loaded = await ReferenceLayerFileImport.ImportAsync(
            store,
            AmCartographer,
            new MemoryStream(Encoding.UTF8.GetBytes(river)),
            new ReferenceLayer("rivers-test", "Test rivers", ReferenceLayerKind.Rivers) { Source = "contract suite", Licence = "CC0" },
            new ReferenceLayerImportRequest { SourceName = "river.geojson", Format = FeatureFormat.GeoJson },
            null,
            default);
        Assert.True(loaded.Success, string.Join("; ", loaded.Problems));
        var stored = await ReferenceCrossings.ReadAsync(store, AzCoChair, sector.Geometry, [CrossingKind.River, CrossingKind.Road, CrossingKind.Railway], default);
        var storedPlan = PillarPlanning.Plan("M-02", line, section.UtmZone, new PillarPlanRules(), stored);

        var banks = filePlan.Pillars.Where(p => p.Reason == PillarReason.RiverBank).ToList();
        Assert.Equal(2, banks.Count);
        Assert.All(banks, p => Assert.Equal("Test river", p.Feature));
        Assert.Equal(filePlan.Pillars, storedPlan.Pillars);

        // Not asked for rivers: the stored layer stays out of the plan.
        Assert.Empty(await ReferenceCrossings.ReadAsync(store, AzCoChair, sector.Geometry, [CrossingKind.Road], default));
    }
}
