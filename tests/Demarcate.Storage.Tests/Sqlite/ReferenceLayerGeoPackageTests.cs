using System.Globalization;
using Demarcate.Core;
using Demarcate.Storage.Seeding;
using Demarcate.Storage.Sqlite;
using Demarcate.Testing;

namespace Demarcate.Storage.Tests.Sqlite;

/// <summary>GDAL, the oracle, reads a stored reference layer in the GeoPackage file: the feature table, its CRS, count and every settlement.</summary>
public sealed class ReferenceLayerGeoPackageTests : IClassFixture<DemoDatasetFixture>
{
    private readonly DemoDatasetFixture _demo;

    public ReferenceLayerGeoPackageTests(DemoDatasetFixture demo) => _demo = demo;

    [Fact]
    public async Task Ogrinfo_reads_the_stored_settlements_layer_with_its_crs_count_and_positions()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("layers.gpkg");
        IReadOnlyList<Core.Analysis.LayerFeature> features;
        await using (var store = await GeoPackageStore.OpenAsync(path, default))
        {
            await store.ImportAsync(_demo.Dataset, default);
            await DemoReferenceLayers.EnsureAsync(store, default);
            features = await store.ReadReferenceFeaturesAsync(Caller.CommissionSystem, DemoReferenceLayers.SettlementsId, null, default);
        }

        Assert.Equal(214, features.Count);
        var summary = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-so", path, "reference_features"]);
        Assert.Equal(0, summary.ExitCode);
        Assert.DoesNotContain("ERROR", summary.StandardError, StringComparison.Ordinal);
        Assert.Contains("Feature Count: 214", summary.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ID[\"EPSG\",4326]", summary.StandardOutput, StringComparison.Ordinal);

        // Every settlement as GDAL reads it: the same id, name and point (x the longitude) as the store gives back.
        var all = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT feature_id, name, ST_X(geom) AS x, ST_Y(geom) AS y FROM reference_features WHERE layer_id = 'settlements-geonames' ORDER BY position"]);
        Assert.Equal(0, all.ExitCode);
        foreach (var feature in features)
        {
            var point = (NetTopologySuite.Geometries.Point)feature.Geometry;
            Assert.Contains($"feature_id (String) = {feature.Id}\n", all.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"name (String) = {feature.Name}\n", all.StandardOutput, StringComparison.Ordinal);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"x (Real) = {point.X:0.######}"), all.StandardOutput, StringComparison.Ordinal);
        }

        // The R-tree holds a row per feature, as QGIS relies on.
        var rtree = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-q", path, "-sql", "SELECT count(*) AS n FROM rtree_reference_features_geom"]);
        Assert.Contains("n (Integer) = 214", rtree.StandardOutput, StringComparison.Ordinal);
    }
}
