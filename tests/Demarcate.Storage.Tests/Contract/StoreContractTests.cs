using System.Data.Common;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Testing;

namespace Demarcate.Storage.Tests.Contract;

/// <summary>
/// The one storage contract suite: every backend runs exactly these tests (see the subclasses), so the
/// GeoPackage file and PostgreSQL behave alike.
/// </summary>
public abstract partial class StoreContractTests : IClassFixture<DemoDatasetFixture>, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];

    protected StoreContractTests(DemoDatasetFixture demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        Demo = demo.Dataset;
    }

    protected BoundaryDataset Demo { get; }

    protected ScratchFolder Scratch { get; } = new();

    /// <summary>A new, empty store of the backend under test.</summary>
    protected abstract Task<ICommissionStore> CreateStoreAsync();

    /// <summary>Restores a backup written by <see cref="ICommissionStore.BackupAsync"/> into a new store.</summary>
    protected abstract Task<ICommissionStore> RestoreAsync(string backupFile);

    protected async Task<ICommissionStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync();
        _cleanup.Add(store);
        return store;
    }

    protected void OnCleanup(IAsyncDisposable disposable) => _cleanup.Add(disposable);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        Scratch.Dispose();
    }

    [Fact]
    public async Task A_new_store_is_empty()
    {
        var store = await NewStoreAsync();

        Assert.True(await store.IsEmptyAsync(default));
        Assert.Null(await store.GetCommissionAsync(default));
        Assert.Empty(await store.ListSectorsAsync(Caller.CommissionSystem, null, default));
    }

    [Fact]
    public async Task What_is_written_reads_back_equal_field_by_field_and_geometry_by_geometry()
    {
        var store = await NewStoreAsync();
        await store.ImportAsync(Demo, default);

        await AssertHoldsAsync(store, Demo);
    }

    [Fact]
    public async Task A_delegation_draft_is_seen_by_that_delegation_only_until_submitted()
    {
        var store = await NewStoreAsync();
        var am = new PartyCode("AM");
        var draft = Demo.Lines[0] with { Id = "am-claim", Kind = LineKind.PartyClaim, ClaimedBy = am, Owner = am, Publication = Publication.Draft, SourceId = null };
        var submitted = draft with { Id = "am-submitted", Publication = Publication.Submitted };
        await store.ImportAsync(Demo with { Lines = [.. Demo.Lines, draft, submitted] }, default);

        var amCartographer = Caller.For(new Account("a1", "am.carto", "AM cartographer", am, Role.Cartographer));
        var azCartographer = Caller.For(new Account("z1", "az.carto", "AZ cartographer", new PartyCode("AZ"), Role.Cartographer));
        var mediator = Caller.For(new Account("r1", "ru.adviser", "Adviser", new PartyCode("RU"), Role.MediatorAdviser));
        var monitor = Caller.For(new Account("m1", "monitor", "Monitor", new PartyCode("RU"), Role.Monitor));
        var admin = Caller.For(new Account("x1", "admin", "Administrator", null, Role.Administrator));

        async Task<string[]> Seen(Caller caller) =>
            [.. (await store.ListLinesAsync(caller, null, default)).Select(l => l.Id).Where(id => id.StartsWith("am-", StringComparison.Ordinal))];

        Assert.Equal(["am-claim", "am-submitted"], await Seen(amCartographer));
        Assert.Equal(["am-submitted"], await Seen(azCartographer));
        Assert.Equal(["am-submitted"], await Seen(mediator));
        Assert.Empty(await Seen(monitor));
        Assert.Empty(await Seen(admin));
        Assert.Empty(await Seen(Caller.Anonymous));
        Assert.Null(await store.GetLineAsync(azCartographer, "am-claim", default));
        Assert.NotNull(await store.GetLineAsync(amCartographer, "am-claim", default));
        Assert.Equal(Demo.Lines.Count, (await store.ListLinesAsync(Caller.Anonymous, null, default)).Count);
    }

    [Fact]
    public async Task A_failed_import_writes_nothing()
    {
        var store = await NewStoreAsync();
        var broken = Demo with { BreakPoints = [.. Demo.BreakPoints, Demo.BreakPoints[0]] }; // a duplicate id, last of all

        await Assert.ThrowsAnyAsync<DbException>(() => store.ImportAsync(broken, default));

        Assert.True(await store.IsEmptyAsync(default));
        Assert.Empty(await store.ListLinesAsync(Caller.CommissionSystem, null, default));
    }

    [Fact]
    public async Task A_backup_restores_to_the_same_record()
    {
        var store = await NewStoreAsync();
        await store.ImportAsync(Demo, default);
        var backup = Scratch.File("backup");

        await store.BackupAsync(backup, default);

        var restored = await RestoreAsync(backup);
        _cleanup.Add(restored);
        await AssertHoldsAsync(restored, Demo);
        await Assert.ThrowsAsync<StoreException>(() => store.BackupAsync(backup, default));
    }

    [Fact]
    public async Task Sectors_of_one_section_come_in_order_and_an_unknown_sector_is_null()
    {
        var store = await NewStoreAsync();
        await store.ImportAsync(Demo, default);

        var nakhchivan = await store.ListSectorsAsync(Caller.Anonymous, "nakhchivan", default);

        Assert.Equal(Enumerable.Range(1, nakhchivan.Count), nakhchivan.Select(s => s.Sector.Number));
        Assert.All(nakhchivan, s => Assert.Equal("nakhchivan", s.Sector.SectionId));
        Assert.Null(await store.GetSectorAsync(Caller.Anonymous, "Z-99", default));
        Assert.Equal("M-07", (await store.GetSectorAsync(Caller.Anonymous, "M-07", default))!.Sector.Id);
    }

    /// <summary>The store holds exactly <paramref name="dataset"/>: every field, every coordinate.</summary>
    protected static async Task AssertHoldsAsync(ICommissionStore store, BoundaryDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dataset);
        var caller = Caller.CommissionSystem;
        Assert.Equal(dataset.Commission, await store.GetCommissionAsync(default));
        Assert.Equal(dataset.Sections, await store.ListSectionsAsync(caller, default));
        Assert.Equal(dataset.Sources.OrderBy(s => s.Id, StringComparer.Ordinal), await store.ListSourcesAsync(caller, default));

        var lines = await store.ListLinesAsync(caller, null, default);
        Assert.Equal(dataset.Lines.Count, lines.Count);
        foreach (var expected in dataset.Lines)
        {
            var actual = Assert.Single(lines, l => l.Id == expected.Id);
            Assert.Equal(expected with { Geometry = actual.Geometry }, actual);
            Assert.True(expected.Geometry.EqualsExact(actual.Geometry), $"geometry of {expected.Id} changed");
        }

        Assert.Equal(dataset.BreakPoints, await store.ListBreakPointsAsync(caller, null, default));

        var sectors = await store.ListSectorsAsync(caller, null, default);
        Assert.Equal(dataset.Sectors.Select(s => s.Sector), sectors.Select(s => s.Sector));
        foreach (var (expected, actual) in dataset.Sectors.Zip(sectors))
        {
            Assert.Equal(expected.LengthMetres, actual.LengthMetres);
            Assert.Equal(expected.GapLengthMetres, actual.GapLengthMetres);
            Assert.Equal(expected.LineId, actual.LineId);
            Assert.True(expected.Geometry!.EqualsExact(actual.Geometry), $"geometry of {expected.Sector.Id} changed");
        }
    }
}
