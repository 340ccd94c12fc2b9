using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Formats;
using Demarcate.Formats.Exchange;
using NetTopologySuite.IO;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    /// <summary>Every feature of a dataset as one line of text: layer, the non-null values with their types, and the geometry's exact WKB.</summary>
    internal static List<string> Canonical(ExchangeDataset dataset) =>
    [
        .. dataset.Layers.SelectMany(layer => layer.Features.Select(f =>
            layer.Schema.Name + " | " +
            string.Join("; ", f.Values.Where(v => v.Value is not null).OrderBy(v => v.Key, StringComparer.Ordinal)
                .Select(v => v.Key + "=" + v.Value switch
                {
                    double d => "r:" + d.ToString("R", CultureInfo.InvariantCulture),
                    long n => "i:" + n.ToString(CultureInfo.InvariantCulture),
                    bool b => "b:" + b,
                    var other => "t:" + other,
                })) +
            " | " + (f.Geometry is null ? "-" : Convert.ToHexString(new WKBWriter().Write(f.Geometry))))),
    ];

    private async Task<ICommissionStore> DemoStoreWithDraftsAsync()
    {
        var store = await DemoStoreAsync();
        await store.AddLinesAsync(AmCartographer, [Claim("am-exchange-draft", Am)], default);
        await store.AddLinesAsync(AzCartographer, [Claim("az-exchange-draft", Az)], default);
        await store.AddSourceAsync(AmCartographer, new CartographicSource("am-exchange-map", "Topographic map, with \"quotes\", commas\nand a line break", "AM survey")
        {
            EditionYear = 1976, ScaleDenominator = 100_000, SheetIds = ["K-38-34"], StatedAccuracyMetres = 12.5, ProvidedBy = Am, Publication = Publication.Draft,
        }, default);
        return store;
    }

    [Theory]
    [InlineData(FeatureFormat.GeoPackage)]
    [InlineData(FeatureFormat.GeoJson)]
    [InlineData(FeatureFormat.Csv)]
    [InlineData(FeatureFormat.Kml)]
    public async Task A_whole_dataset_written_in_a_format_loads_into_an_empty_store_and_exports_again_identically(FeatureFormat format)
    {
        var store = await DemoStoreWithDraftsAsync();
        var exported = await DatasetExchange.ExportAsync(store, Caller.CommissionSystem, DatasetScope.Everything, default);
        Assert.True(exported.Success);
        var original = Canonical(exported.Value);
        Assert.Contains(original, f => f.Contains("line_id=t:am-exchange-draft", StringComparison.Ordinal));
        Assert.Contains(original, f => f.Contains("stated_accuracy_m=r:12.5", StringComparison.Ordinal));

        using var file = new MemoryStream();
        await DatasetWriter.WriteAsync(file, exported.Value, format, default);
        file.Position = 0;
        var read = await DatasetReader.ReadAsync(file, "dataset." + DatasetWriter.Extension(format), format, cancellationToken: default);
        Assert.True(read.Success, string.Join("\n", read.Problems));
        // KML keeps a layer's features in a folder per section, so within a layer they come back grouped by section;
        // the store does not keep file order, which the export from the loaded store below shows.
        Assert.Equal(format == FeatureFormat.Kml ? [.. original.Order(StringComparer.Ordinal)] : original,
            format == FeatureFormat.Kml ? [.. Canonical(read.Value).Order(StringComparer.Ordinal)] : Canonical(read.Value));

        var empty = await NewStoreAsync();
        var imported = await DatasetExchange.ImportAsync(empty, Caller.CommissionSystem, read.Value, "dataset", asDraftsOf: null, default);
        Assert.True(imported.Success, string.Join("\n", imported.Problems));
        Assert.True(imported.Value.IntoEmptyStore);

        var again = await DatasetExchange.ExportAsync(empty, Caller.CommissionSystem, DatasetScope.Everything, default);
        Assert.Equal(original, Canonical(again.Value));
        Assert.Equal(await store.GetCommissionAsync(default), await empty.GetCommissionAsync(default));
        Assert.Equal(await store.ListSourcesAsync(Caller.CommissionSystem, default), await empty.ListSourcesAsync(Caller.CommissionSystem, default));
    }

    [Fact]
    public async Task An_export_holds_what_the_caller_may_see_and_never_another_delegations_drafts()
    {
        var store = await DemoStoreWithDraftsAsync();

        async Task<List<string>> LinesOf(Caller caller) =>
            [.. (await DatasetExchange.ExportAsync(store, caller, DatasetScope.Everything, default)).Value.Features(DatasetSchema.Lines).Select(f => f.Text("line_id")!)];

        Assert.Contains("am-exchange-draft", await LinesOf(AmCartographer));
        Assert.DoesNotContain("az-exchange-draft", await LinesOf(AmCartographer));
        Assert.Contains("az-exchange-draft", await LinesOf(AzCartographer));
        Assert.DoesNotContain("am-exchange-draft", await LinesOf(AzCartographer));
        Assert.DoesNotContain(await LinesOf(Caller.Anonymous), id => id.EndsWith("-exchange-draft", StringComparison.Ordinal));
        var azSources = (await DatasetExchange.ExportAsync(store, AzCartographer, DatasetScope.Everything, default)).Value.Features(DatasetSchema.Sources);
        Assert.DoesNotContain(azSources, s => s.Text("source_id") == "am-exchange-map");

        var withoutDrafts = await DatasetExchange.ExportAsync(store, Caller.CommissionSystem, new DatasetScope(WithoutDrafts: true), default);
        Assert.DoesNotContain(withoutDrafts.Value.Features(DatasetSchema.Lines), f => f.Text("publication") == "Draft");
    }

    [Fact]
    public async Task A_sector_export_holds_that_sector_its_break_points_and_its_sections_lines()
    {
        var store = await DemoStoreAsync();
        var sector = (await store.ListSectorsAsync(Caller.CommissionSystem, null, default)).First(s => s.Sector.FromBreakId is not null && s.Sector.ToBreakId is not null).Sector;

        var part = await DatasetExchange.ExportAsync(store, Caller.CommissionSystem, new DatasetScope(SectorId: sector.Id), default);

        Assert.Equal([sector.Id], part.Value.Features(DatasetSchema.Sectors).Select(f => f.Text("sector_id")));
        Assert.Equal(new[] { sector.FromBreakId, sector.ToBreakId }.Order(StringComparer.Ordinal), part.Value.Features(DatasetSchema.BreakPoints).Select(f => f.Text("break_id")).Order(StringComparer.Ordinal));
        Assert.All(part.Value.Features(DatasetSchema.Lines), f => Assert.Equal(sector.SectionId, f.Text("section_id")));
        Assert.Equal([sector.SectionId], part.Value.Features(DatasetSchema.Sections).Select(f => f.Text("section_id")));
        var missing = await DatasetExchange.ExportAsync(store, AmCartographer, new DatasetScope(SectorId: "no-such-sector"), default);
        Assert.False(missing.Success);
    }

    [Fact]
    public async Task A_datasets_lines_come_back_as_a_delegations_drafts_all_or_nothing()
    {
        var source = await DemoStoreWithDraftsAsync();
        var amView = (await DatasetExchange.ExportAsync(source, AmCartographer, DatasetScope.Everything, default)).Value;
        var draft = amView.Features(DatasetSchema.Lines).Single(f => f.Text("line_id") == "am-exchange-draft");
        var target = await DemoStoreAsync();
        var before = (await target.ListLinesAsync(Caller.CommissionSystem, null, default)).Count;

        var agreed = draft with { Index = 1, Values = new Dictionary<string, object?>(draft.Values, StringComparer.Ordinal) { ["line_id"] = "agreed-copy", ["kind"] = "AgreedLine" } };
        var refused = await DatasetExchange.ImportAsync(target, AzCartographer, amView with { Layers = [new ExchangeLayer(DatasetSchema.Lines, [draft, agreed])] }, "lines.gpkg", Az, default);
        Assert.False(refused.Success);
        Assert.Contains(refused.Problems, p => p.ToString().StartsWith("lines.gpkg: feature 1: layer boundary_lines: agreed-copy is an agreed line", StringComparison.Ordinal));
        Assert.Equal(before, (await target.ListLinesAsync(Caller.CommissionSystem, null, default)).Count);

        await Assert.ThrowsAsync<NotPermittedException>(() => DatasetExchange.ImportAsync(target, AmCartographer, amView, "lines.gpkg", Az, default));

        var imported = await DatasetExchange.ImportAsync(target, AzCartographer, amView with { Layers = [.. amView.Layers.Where(l => l.Schema != DatasetSchema.Lines), new ExchangeLayer(DatasetSchema.Lines, [draft])] }, "lines.gpkg", Az, default);
        Assert.True(imported.Success, string.Join("\n", imported.Problems));
        Assert.Equal(["am-exchange-draft"], imported.Value.LineIds);
        Assert.Contains(imported.Value.NotImported, n => n.StartsWith("sectors (", StringComparison.Ordinal));
        var line = await target.GetLineAsync(AzCartographer, "am-exchange-draft", default);
        Assert.Equal((Az, Az, Publication.Draft), (line!.Owner!.Value, line.ClaimedBy!.Value, line.Publication));
        Assert.True(line.Geometry.EqualsExact(draft.Geometry));
        Assert.Null(await target.GetLineAsync(AmCartographer, "am-exchange-draft", default));
    }

    [Fact]
    public async Task A_whole_dataset_loads_only_into_an_empty_store_and_a_broken_one_loads_nothing()
    {
        var store = await DemoStoreAsync();
        var dataset = (await DatasetExchange.ExportAsync(store, Caller.CommissionSystem, DatasetScope.Everything, default)).Value;

        await Assert.ThrowsAsync<RuleViolationException>(() => DatasetExchange.ImportAsync(store, Caller.CommissionSystem, dataset, "d.gpkg", null, default));
        var empty = await NewStoreAsync();
        await Assert.ThrowsAsync<NotPermittedException>(() => DatasetExchange.ImportAsync(empty, AmCoChair, dataset, "d.gpkg", null, default));

        var sectors = dataset.Features(DatasetSchema.Sectors);
        var orphan = sectors[0] with { Values = new Dictionary<string, object?>(sectors[0].Values, StringComparer.Ordinal) { ["line_id"] = "no-such-line" } };
        var broken = dataset with { Layers = [.. dataset.Layers.Where(l => l.Schema != DatasetSchema.Sectors), new ExchangeLayer(DatasetSchema.Sectors, [orphan, .. sectors.Skip(1)])] };
        var result = await DatasetExchange.ImportAsync(empty, Caller.CommissionSystem, broken, "d.gpkg", null, default);
        Assert.False(result.Success);
        Assert.Equal("d.gpkg: feature 0: layer sectors: line_id 'no-such-line' names no record of layer boundary_lines in the file", result.Problems.Single().ToString());
        Assert.True(await empty.IsEmptyAsync(default));
    }
}
