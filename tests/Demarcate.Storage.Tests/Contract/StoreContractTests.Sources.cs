using System.Security.Cryptography;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static Caller AmObserver => Caller.For(new Account("am-obs", "am.observer", "AM observer", Am, Role.Observer));

    /// <summary>A General Staff sheet as a delegation registers it: Latin sheet letters, no stated accuracy.</summary>
    private static CartographicSource GeneralStaffSheet(string id = "gs-100k") => new(id, "Topographic map 1:100 000", "General Staff of the USSR")
    {
        EditionYear = 1985,
        Edition = "2nd edition",
        ScaleDenominator = 100_000,
        Crs = "EPSG:28408",
        SheetIds = ["K-38-34", "K-38-35-A"],
        Licence = "Commission use only",
        Notes = "Scanned at 400 dpi.",
        ProvidedBy = Am,
        Publication = Publication.Draft,
    };

    [Fact]
    public async Task A_source_reads_back_with_canonical_sheets_and_its_accuracy_derived_from_the_scale()
    {
        var store = await DemoStoreAsync();

        var added = await store.AddSourceAsync(AmCartographer, GeneralStaffSheet(), default);

        var read = await store.GetSourceAsync(AmCoChair, "gs-100k", default);
        Assert.Equal(added, read);
        Assert.Equal(["K-38-34", "K-38-35-А"], read!.SheetIds); // the Latin A written as the Cyrillic А printed on the sheet
        Assert.Null(read.StatedAccuracyMetres);
        Assert.Equal(50, read.AccuracyMetres); // 0.5 mm at 1:100 000
        Assert.True(read.AccuracyIsDerived);
        Assert.Equal(1, read.Version);
        Assert.Equal(Am, read.ProvidedBy);
        var demo = await store.GetSourceAsync(Caller.Anonymous, "naturalearth", default);
        Assert.Equal(new PartyCode("RU"), demo!.ProvidedBy);
        Assert.Equal(5000, demo.AccuracyMetres);
    }

    [Fact]
    public async Task A_draft_source_is_its_partys_until_submitted_and_published_sources_are_anyones()
    {
        var store = await DemoStoreAsync();
        var draft = await store.AddSourceAsync(AmCartographer, GeneralStaffSheet(), default);

        Assert.NotNull(await store.GetSourceAsync(AmObserver, draft.Id, default));
        Assert.Null(await store.GetSourceAsync(AzCartographer, draft.Id, default));
        Assert.Null(await store.GetSourceAsync(Caller.Anonymous, draft.Id, default));
        Assert.DoesNotContain(await store.ListSourcesAsync(AzCartographer, default), s => s.Id == draft.Id);
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ChangeSourceAsync(AzCartographer, draft, 1, default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.AttachSourceFileAsync(AzCartographer, draft.Id, "x.txt", "text/plain", [1], default));

        var submitted = await store.ChangeSourceAsync(AmCartographer, draft with { Publication = Publication.Submitted }, 1, default);

        Assert.Equal(2, submitted.Version);
        Assert.NotNull(await store.GetSourceAsync(AzCartographer, draft.Id, default));
        Assert.Null(await store.GetSourceAsync(Caller.Anonymous, draft.Id, default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.ChangeSourceAsync(AzCartographer, submitted, 2, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangeSourceAsync(AmCartographer, submitted with { Publication = Publication.Draft }, 2, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.ChangeSourceAsync(AmCartographer, submitted with { Publication = Publication.Published }, 2, default));
        Assert.Equal(2, (await store.ListSourcesAsync(Caller.Anonymous, default)).Count); // the demo's published sources
    }

    [Fact]
    public async Task Who_adds_sources_and_what_is_refused()
    {
        var store = await DemoStoreAsync();

        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddSourceAsync(AmObserver, GeneralStaffSheet(), default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddSourceAsync(AzCartographer, GeneralStaffSheet(), default)); // not for another party
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddSourceAsync(Administrator, GeneralStaffSheet() with { ProvidedBy = null }, default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddSourceAsync(AmCartographer, GeneralStaffSheet() with { Publication = Publication.Published }, default));
        var badSheet = await Assert.ThrowsAsync<RuleViolationException>(() => store.AddSourceAsync(AmCartographer, GeneralStaffSheet() with { SheetIds = ["K-38-145"] }, default));
        Assert.Contains("sheetIds[0]", badSheet.Message, StringComparison.Ordinal);
        var badCrs = await Assert.ThrowsAsync<RuleViolationException>(() => store.AddSourceAsync(AmCartographer, GeneralStaffSheet() with { Crs = "DEMARCATE:ARMREF02-TM" }, default));
        Assert.Contains("Unknown CRS DEMARCATE:ARMREF02-TM", badCrs.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddSourceAsync(AmCartographer, GeneralStaffSheet("osm"), default));
        Assert.Equal(2, (await store.ListSourcesAsync(Caller.CommissionSystem, default)).Count);

        // A CRS from the commission's registry is accepted like an EPSG code.
        await store.AddCrsAsync(AmCartographer, ArmenianGrid(), default);
        var onGrid = await store.AddSourceAsync(AmCartographer, GeneralStaffSheet() with { Crs = "DEMARCATE:ARMREF02-TM", StatedAccuracyMetres = 2.5 }, default);
        Assert.Equal(2.5, onGrid.AccuracyMetres);
        Assert.False(onGrid.AccuracyIsDerived);
    }

    [Fact]
    public async Task A_stale_source_change_is_a_conflict_with_the_current_version()
    {
        var store = await DemoStoreAsync();
        var added = await store.AddSourceAsync(AmCartographer, GeneralStaffSheet(), default);
        await store.ChangeSourceAsync(AmCoChair, added with { Notes = "Checked against the 1:50 000 sheets." }, 1, default);

        var stale = await Assert.ThrowsAsync<VersionConflictException>(() => store.ChangeSourceAsync(AmCartographer, added with { Notes = "Mine." }, 1, default));

        Assert.Equal(2, stale.CurrentVersion);
        Assert.Equal("Checked against the 1:50 000 sheets.", (await store.GetSourceAsync(AmCartographer, added.Id, default))!.Notes);
    }

    [Fact]
    public async Task Attached_files_keep_their_bytes_hash_and_size_never_change_and_everything_is_journaled()
    {
        var store = await DemoStoreAsync();
        var added = await store.AddSourceAsync(AmCartographer, GeneralStaffSheet(), default);
        var scan = new byte[300_000];
        new Random(34).NextBytes(scan);

        var file = await store.AttachSourceFileAsync(AmCartographer, added.Id, "K-38-34.tif", "image/tiff", scan, default);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(scan)), file.Sha256);
        Assert.Equal(scan.Length, file.Size);
        var read = await store.GetSourceFileAsync(AmObserver, added.Id, "K-38-34.tif", default);
        Assert.Equal(scan, read!.Value.Content);
        Assert.Equal(file, read.Value.File);
        Assert.Equal([file], (await store.GetSourceAsync(AmCoChair, added.Id, default))!.Files);
        Assert.Null(await store.GetSourceFileAsync(AzCartographer, added.Id, "K-38-34.tif", default));
        Assert.Null(await store.GetSourceFileAsync(AmCoChair, added.Id, "other.tif", default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AttachSourceFileAsync(AmCartographer, added.Id, "K-38-34.tif", "image/tiff", [1, 2], default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AttachSourceFileAsync(AmCartographer, added.Id, "../x", "image/tiff", [1, 2], default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AttachSourceFileAsync(AmObserver, added.Id, "y.tif", "image/tiff", [1, 2], default));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "UPDATE source_files SET name = 'renamed'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "DELETE FROM source_files"));
        Assert.Equal(scan, (await store.GetSourceFileAsync(AmObserver, added.Id, "K-38-34.tif", default))!.Value.Content);

        var actions = new List<string>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            if (entry.RecordType == "source")
            {
                actions.Add(entry.Action);
                Assert.Equal("am-carto", entry.Actor);
            }
        }

        Assert.Equal(["source.add", "source.attach"], actions);
        var journal = new StringBuilder();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            journal.Append(entry.After);
        }

        Assert.Contains(file.Sha256, journal.ToString(), StringComparison.Ordinal);
    }
}
