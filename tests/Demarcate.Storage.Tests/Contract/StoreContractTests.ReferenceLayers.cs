using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Core.ReferenceLayers;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static readonly WKTReader LayerWkt = new();

    private static ReferenceLayer Rivers => new("rivers-test", "Test rivers", ReferenceLayerKind.Rivers)
    {
        Source = "hand-drawn for the contract suite",
        Licence = "CC0",
        ReceivedCrs = "EPSG:32638",
    };

    private static LayerFeature[] RiverFeatures(string suffix = "") =>
    [
        new("r1", "Akhuryan" + suffix, LayerWkt.Read("LINESTRING (45.1 41.0, 45.2 41.1, 45.25 41.3)")) { Properties = new Dictionary<string, string> { ["waterway"] = "river" } },
        new("r2", "Debed" + suffix, LayerWkt.Read("MULTILINESTRING ((44.6 41.1, 44.7 41.2), (44.7 41.2, 44.8 41.25))")),
        new("v1", "Tegh" + suffix, LayerWkt.Read("POINT (46.47 39.55)")),
        new("p1", "Lake" + suffix, LayerWkt.Read("POLYGON ((45 40, 45.1 40, 45.1 40.1, 45 40.1, 45 40))")),
    ];

    [Fact]
    public async Task A_loaded_reference_layer_reads_back_feature_by_feature_to_every_member_and_to_nobody_else()
    {
        var store = await DemoStoreAsync();

        var loaded = await store.LoadReferenceLayerAsync(AmCartographer, Rivers, RiverFeatures(), null, default);

        Assert.Equal(1, loaded.Version);
        Assert.Equal(4, loaded.FeatureCount);
        Assert.Equal("am.carto", loaded.LoadedBy);
        foreach (var member in new[] { AzCoChair, AmObserver, MediatorAdviser, AmCartographer })
        {
            Assert.Equal([loaded], await store.ListReferenceLayersAsync(member, default));
            Assert.Equal(loaded, await store.GetReferenceLayerAsync(member, "rivers-test", default));
        }

        var read = await store.ReadReferenceFeaturesAsync(AzCoChair, "rivers-test", null, default);
        Assert.Equal(RiverFeatures().Select(f => (f.Id, f.Name, f.Geometry.AsText())), read.Select(f => (f.Id, f.Name, f.Geometry.AsText())));
        Assert.Equal("river", read[0].Properties["waterway"]);
        Assert.Empty(read[1].Properties);
        Assert.Equal(["v1"], (await store.ReadReferenceFeaturesAsync(AzCoChair, "rivers-test", new Envelope(46, 47, 39, 40), default)).Select(f => f.Id));

        // Anonymous callers and monitors (not commission members) learn nothing, as of a layer that does not exist.
        foreach (var outsider in new[] { Caller.Anonymous, Monitor })
        {
            Assert.Empty(await store.ListReferenceLayersAsync(outsider, default));
            Assert.Null(await store.GetReferenceLayerAsync(outsider, "rivers-test", default));
            await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ReadReferenceFeaturesAsync(outsider, "rivers-test", null, default));
        }

        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ReadReferenceFeaturesAsync(AzCoChair, "no-such-layer", null, default));
    }

    [Fact]
    public async Task Editors_of_either_party_and_the_mediator_keep_reference_layers_observers_and_monitors_do_not()
    {
        var store = await DemoStoreAsync();
        await Assert.ThrowsAsync<NotPermittedException>(() => store.LoadReferenceLayerAsync(AmObserver, Rivers, RiverFeatures(), null, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.LoadReferenceLayerAsync(Monitor, Rivers, RiverFeatures(), null, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.LoadReferenceLayerAsync(Caller.Anonymous, Rivers, RiverFeatures(), null, default));
        Assert.Empty(await store.ListReferenceLayersAsync(AmCoChair, default));

        var first = await store.LoadReferenceLayerAsync(AzCartographer, Rivers, RiverFeatures(), null, default);
        var second = await store.LoadReferenceLayerAsync(MediatorAdviser, Rivers with { Title = "Rivers, revised" }, RiverFeatures(" (rev)").Take(2).ToList(), first.Version, default);
        Assert.Equal(2, second.Version);
        await Assert.ThrowsAsync<NotPermittedException>(() => store.DeleteReferenceLayerAsync(AmObserver, "rivers-test", 2, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.DeleteReferenceLayerAsync(Caller.Anonymous, "rivers-test", 2, default));
        Assert.True(await store.DeleteReferenceLayerAsync(AmCoChair, "rivers-test", 2, default));
        Assert.Empty(await store.ListReferenceLayersAsync(AmCoChair, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ReadReferenceFeaturesAsync(AmCoChair, "rivers-test", null, default));
    }

    [Fact]
    public async Task Replacing_a_reference_layer_is_all_or_nothing_and_names_the_version_it_replaces()
    {
        var store = await DemoStoreAsync();
        await store.LoadReferenceLayerAsync(AmCartographer, Rivers, RiverFeatures(), null, default);

        await Assert.ThrowsAsync<RuleViolationException>(() => store.LoadReferenceLayerAsync(AzCartographer, Rivers, RiverFeatures(), null, default));
        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => store.LoadReferenceLayerAsync(AzCartographer, Rivers, RiverFeatures(), 7, default));
        Assert.Equal(1, conflict.CurrentVersion);
        await Assert.ThrowsAsync<VersionConflictException>(() => store.DeleteReferenceLayerAsync(AzCartographer, "rivers-test", 3, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.LoadReferenceLayerAsync(AzCartographer, Rivers, [RiverFeatures()[0], RiverFeatures()[0]], 1, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.LoadReferenceLayerAsync(AzCartographer, Rivers with { Id = "Rivers!" }, RiverFeatures(), null, default));

        // The old features are deleted and the first new one written before the second fails in the database: all of it rolls back.
        LayerFeature[] broken = [RiverFeatures(" (new)")[0], new LayerFeature("r9", null!, LayerWkt.Read("POINT (45 41)"))];
        await Assert.ThrowsAnyAsync<Exception>(() => store.LoadReferenceLayerAsync(AzCartographer, Rivers, broken, 1, default));

        var layer = Assert.Single(await store.ListReferenceLayersAsync(AzCartographer, default));
        Assert.Equal((1, 4), (layer.Version, layer.FeatureCount));
        Assert.Equal(RiverFeatures().Select(f => f.Name), (await store.ReadReferenceFeaturesAsync(AzCartographer, "rivers-test", null, default)).Select(f => f.Name));
    }

    [Fact]
    public async Task Loading_replacing_and_deleting_a_reference_layer_are_journaled()
    {
        var store = await DemoStoreAsync();
        await store.LoadReferenceLayerAsync(AmCartographer, Rivers, RiverFeatures(), null, default);
        await store.LoadReferenceLayerAsync(AmCartographer, Rivers, RiverFeatures(), 1, default);
        await store.DeleteReferenceLayerAsync(AmCartographer, "rivers-test", 2, default);

        var actions = new List<string>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            if (entry.RecordType == "reference-layer")
            {
                actions.Add($"{entry.Action} {entry.RecordId}");
            }
        }

        Assert.Equal(["reference-layer.load rivers-test", "reference-layer.replace rivers-test", "reference-layer.delete rivers-test"], actions);
    }
}
