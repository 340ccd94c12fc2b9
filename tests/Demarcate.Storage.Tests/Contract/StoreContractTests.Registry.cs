using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    /// <summary>A Transverse Mercator on GRS80 with a zero shift to WGS 84, as a state's own ITRF-based grid is written.</summary>
    private const string ArmenianTm = "+proj=tmerc +lat_0=0 +lon_0=44.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";

    private static CommissionCrs ArmenianGrid(bool published = false) =>
        CommissionCrs.Read("DEMARCATE:ARMREF02-TM", "ARMREF02 / Armenian TM", ArmenianTm).Value with { IsPublished = published };

    [Fact]
    public async Task A_stored_CRS_definition_reads_back_verbatim_with_who_added_it_and_is_journaled()
    {
        var store = await DemoStoreAsync();
        var given = ArmenianGrid() with { Definition = ArmenianTm + "\n" };

        var added = await store.AddCrsAsync(AmCartographer, given, default);

        var listed = Assert.Single(await store.ListCrsAsync(AmCoChair, default));
        Assert.Equal(new CrsCode("DEMARCATE", "ARMREF02-TM"), listed.Code);
        Assert.Equal(ArmenianTm + "\n", listed.Definition); // exactly as given, trailing newline and all
        Assert.Equal(CrsDefinitionFormat.Proj, listed.Format);
        Assert.Equal("am-carto", listed.AddedBy);
        Assert.Equal(1, listed.Version);
        Assert.Equal(added.AddedAt, listed.AddedAt);
        var registry = await store.CrsRegistryAsync(AmCoChair, default);
        var crs = registry.Find(listed.Code)!;
        Assert.Equal("ARMREF02 / Armenian TM", crs.Name);
        Assert.Equal(44.5, crs.Projection!.CentralMeridian);
        var journal = new List<JournalEntry>();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            journal.Add(entry);
        }

        var note = Assert.Single(journal, e => e.Action == "crs.define");
        Assert.Equal("DEMARCATE:ARMREF02-TM", note.RecordId);
        Assert.Equal("am-carto", note.Actor);
    }

    [Fact]
    public async Task Unpublished_CRS_definitions_are_for_members_and_administrators_and_published_ones_for_anyone()
    {
        var store = await DemoStoreAsync();
        await store.AddCrsAsync(Administrator, ArmenianGrid(), default);
        await store.AddCrsAsync(AzCartographer, CommissionCrs.Read("DEMARCATE:OPEN", "Open grid", "+proj=utm +zone=38 +ellps=WGS84 +units=m").Value with { IsPublished = true }, default);

        var code = new CrsCode("DEMARCATE", "ARMREF02-TM");
        Assert.Equal(["DEMARCATE:OPEN"], (await store.ListCrsAsync(Caller.Anonymous, default)).Select(c => c.Code.ToString()));
        Assert.Null((await store.CrsRegistryAsync(Caller.Anonymous, default)).Find(code));
        Assert.NotNull((await store.CrsRegistryAsync(AzCartographer, default)).Find(code));
        Assert.Equal(2, (await store.ListCrsAsync(Administrator, default)).Count);
        var monitor = Caller.For(new Account("mon", "monitor", "Monitor", null, Role.Monitor));
        Assert.Single(await store.ListCrsAsync(monitor, default));
    }

    [Fact]
    public async Task Only_cartographers_mediator_advisers_and_administrators_define_CRSs()
    {
        var store = await DemoStoreAsync();
        var observer = Caller.For(new Account("am-obs", "am.observer", "Observer", Am, Role.Observer));

        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddCrsAsync(AmCoChair, ArmenianGrid(), default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddCrsAsync(observer, ArmenianGrid(), default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddCrsAsync(Caller.Anonymous, ArmenianGrid(), default));
        Assert.Empty(await store.ListCrsAsync(Caller.CommissionSystem, default));
        var adviser = Caller.For(new Account("ru-adviser", "ru.adviser", "Adviser", new PartyCode("RU"), Role.MediatorAdviser));
        await store.AddCrsAsync(adviser, ArmenianGrid(), default);
        Assert.Single(await store.ListCrsAsync(Caller.CommissionSystem, default));
    }

    [Fact]
    public async Task Bad_definitions_duplicate_codes_and_EPSG_codes_are_refused_and_nothing_is_stored()
    {
        var store = await DemoStoreAsync();
        await store.AddCrsAsync(AmCartographer, ArmenianGrid(), default);

        var duplicate = await Assert.ThrowsAsync<RuleViolationException>(() => store.AddCrsAsync(AzCartographer, ArmenianGrid(), default));
        Assert.Contains("already defines DEMARCATE:ARMREF02-TM", duplicate.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<RuleViolationException>(() => store.AddCrsAsync(
            AmCartographer, new CommissionCrs(new CrsCode("DEMARCATE", "LCC"), "Lambert", CrsDefinitionFormat.Proj, "+proj=lcc +lat_1=40 +ellps=GRS80"), default));
        Assert.Contains("+proj=lcc is not supported", bad.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddCrsAsync(
            AmCartographer, ArmenianGrid() with { Code = CrsCode.Epsg(28408) }, default));
        Assert.Single(await store.ListCrsAsync(Caller.CommissionSystem, default));
    }

    [Fact]
    public async Task A_CRS_definition_changes_with_its_version_and_a_stale_change_is_a_conflict()
    {
        var store = await DemoStoreAsync();
        var added = await store.AddCrsAsync(AmCartographer, ArmenianGrid(), default);

        var wkt = "PROJCS[\"ARMREF02 / TM\",GEOGCS[\"ARMREF02\",DATUM[\"ARMREF02\",SPHEROID[\"GRS 1980\",6378137,298.257222101],TOWGS84[0,0,0,0,0,0,0]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",45],PARAMETER[\"scale_factor\",0.9999],PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]";
        var changed = await store.ChangeCrsAsync(AzCartographer, added with { Definition = wkt, Format = CrsDefinitionFormat.Wkt1, IsPublished = true }, added.Version, default);

        Assert.Equal(2, changed.Version);
        Assert.Equal(CrsDefinitionFormat.Wkt1, changed.Format);
        Assert.Equal(45, (await store.CrsRegistryAsync(Caller.Anonymous, default)).Find(added.Code)!.Projection!.CentralMeridian, 1e-12); // WKT1 degrees go through radians
        var stale = await Assert.ThrowsAsync<VersionConflictException>(() => store.ChangeCrsAsync(AmCartographer, added, added.Version, default));
        Assert.Equal(2, stale.CurrentVersion);
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.ChangeCrsAsync(AmCartographer, added with { Code = new CrsCode("DEMARCATE", "NONE") }, 1, default));
    }
}
