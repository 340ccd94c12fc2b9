using Demarcate.Core;
using Demarcate.Core.Georeferencing;
using Demarcate.Core.Trust;
using Demarcate.Testing;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    /// <summary>Five points on a 10 m/pixel Gauss–Krüger zone 8 grid (EPSG:28408); the last is 3 m off in easting.</summary>
    private static GeoreferencedScan ScanFit(string sourceId, int order = 1) => new(sourceId, "K-38-34.png", "EPSG:28408", order,
    [
        new("A", 0, 0, 8_500_000, 4_450_000),
        new("B", 200, 0, 8_502_000, 4_450_000),
        new("C", 200, 100, 8_502_000, 4_449_000),
        new("D", 0, 100, 8_500_000, 4_449_000),
        new("E", 100, 50, 8_501_003, 4_449_500),
    ]);

    [Fact]
    public async Task A_scan_fit_is_kept_with_its_points_and_image_size_numbered_and_seen_like_its_source()
    {
        var store = await DemoStoreAsync();
        var source = await store.AddSourceAsync(AmCartographer, GeneralStaffSheet(), default);
        await store.AttachSourceFileAsync(AmCartographer, source.Id, "K-38-34.png", "image/png", TestScans.Png(200, 100, (_, _) => (200, 30, 30)), default);

        var first = await store.GeoreferenceScanAsync(AmCartographer, ScanFit(source.Id), default);
        var second = await store.GeoreferenceScanAsync(AmCoChair, ScanFit(source.Id) with { ControlPoints = ScanFit(source.Id).ControlPoints.Take(4).ToList() }, default);

        Assert.Equal((1, 200, 100, "am-carto"), (first.Number, first.Width, first.Height, first.FittedBy));
        Assert.Equal(2, second.Number);
        var read = await store.ListScansAsync(AmObserver, source.Id, default);
        Assert.Equal([first, second], read);
        Assert.Equal(ScanFit(source.Id).ControlPoints, read[0].ControlPoints);
        Assert.Empty(await store.ListScansAsync(AzCartographer, source.Id, default)); // a draft source's scans are its party's
        Assert.Empty(await store.ListScansAsync(Caller.Anonymous, source.Id, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.GeoreferenceScanAsync(AzCartographer, ScanFit(source.Id), default));

        await store.ChangeSourceAsync(AmCartographer, source with { Publication = Publication.Submitted }, 1, default);
        Assert.Equal(2, (await store.ListScansAsync(AzCartographer, source.Id, default)).Count);
        Assert.Empty(await store.ListScansAsync(Caller.Anonymous, source.Id, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.GeoreferenceScanAsync(AzCartographer, ScanFit(source.Id), default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.GeoreferenceScanAsync(AmObserver, ScanFit(source.Id), default));

        // Fits are a record of how the scan was placed: never rewritten, journaled with their RMSE.
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "UPDATE source_scans SET fit_order = 2"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "DELETE FROM source_scans"));
        var georeferenced = new List<string>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            if (entry.Action == "source.georeference")
            {
                georeferenced.Add(entry.After!);
            }
        }

        Assert.Equal(2, georeferenced.Count);
        Assert.Contains("\"rmseMetres\":", georeferenced[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scan_fit_refuses_missing_files_non_images_too_few_or_collinear_points_and_unknown_crs()
    {
        var store = await DemoStoreAsync();
        var source = await store.AddSourceAsync(AmCartographer, GeneralStaffSheet(), default);
        await store.AttachSourceFileAsync(AmCartographer, source.Id, "K-38-34.png", "image/png", TestScans.Png(200, 100, (_, _) => (0, 0, 0)), default);
        await store.AttachSourceFileAsync(AmCartographer, source.Id, "K-38-34.tif", "image/tiff", [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0], default);

        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.GeoreferenceScanAsync(AmCartographer, ScanFit(source.Id) with { FileName = "K-38-35.png" }, default));
        var tiff = await Assert.ThrowsAsync<RuleViolationException>(() => store.GeoreferenceScanAsync(AmCartographer, ScanFit(source.Id) with { FileName = "K-38-34.tif" }, default));
        Assert.Contains("PNG or JPEG", tiff.Message, StringComparison.Ordinal);
        var few = await Assert.ThrowsAsync<RuleViolationException>(() => store.GeoreferenceScanAsync(AmCartographer, ScanFit(source.Id, order: 2), default));
        Assert.Contains("at least 6 control points, got 5", few.Message, StringComparison.Ordinal);
        var collinear = ScanFit(source.Id) with
        {
            ControlPoints = [new("A", 0, 0, 8_500_000, 4_450_000), new("B", 100, 50, 8_501_000, 4_449_500), new("C", 200, 100, 8_502_000, 4_449_000)],
        };
        var degenerate = await Assert.ThrowsAsync<RuleViolationException>(() => store.GeoreferenceScanAsync(AmCartographer, collinear, default));
        Assert.Contains("collinear", degenerate.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.GeoreferenceScanAsync(AmCartographer, ScanFit(source.Id) with { Crs = "EPSG:99999" }, default));
        Assert.Empty(await store.ListScansAsync(AmCartographer, source.Id, default));
    }
}
