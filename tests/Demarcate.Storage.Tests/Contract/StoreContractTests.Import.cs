using System.Globalization;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Formats;
using Demarcate.Formats.Import;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_batch_of_lines_is_written_together_and_journaled_line_by_line()
    {
        var store = await DemoStoreAsync();
        var before = await CountJournalAsync(store);

        var written = await store.AddLinesAsync(AmCartographer, [Claim("am-1", Am), Claim("am-2", Am), Claim("am-3", Am)], default);

        Assert.Equal(["am-1", "am-2", "am-3"], written.Select(l => l.Id));
        Assert.All(written, l => Assert.Equal((Publication.Draft, 1), (l.Publication, l.Version)));
        Assert.Equal(3, (await store.ListLinesAsync(AmCartographer, null, default)).Count(l => l.Id.StartsWith("am-", StringComparison.Ordinal)));
        Assert.DoesNotContain(await store.ListLinesAsync(AzCartographer, null, default), l => l.Id.StartsWith("am-", StringComparison.Ordinal));
        Assert.Equal(before + 3, await CountJournalAsync(store));
    }

    [Fact]
    public async Task One_refused_line_refuses_the_whole_batch_and_nothing_is_written()
    {
        var store = await DemoStoreAsync();
        await store.AddLineAsync(AmCartographer, Claim("taken", Am), default);
        var before = await CountJournalAsync(store);

        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddLinesAsync(AmCartographer, [Claim("new-1", Am), Claim("new-2", Am), Claim("taken", Am)], default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddLinesAsync(AmCartographer, [Claim("new-1", Am), Claim("new-2", Am) with { SectionId = "no-such-section" }], default));
        await Assert.ThrowsAsync<RuleViolationException>(() => store.AddLinesAsync(AmCartographer, [Claim("new-1", Am), Claim("new-1", Am)], default));
        await Assert.ThrowsAsync<NotPermittedException>(() => store.AddLinesAsync(AmCartographer, [Claim("new-1", Am), Claim("new-2", Az)], default));

        Assert.Null(await store.GetLineAsync(Caller.CommissionSystem, "new-1", default));
        Assert.Null(await store.GetLineAsync(Caller.CommissionSystem, "new-2", default));
        Assert.Equal(before, await CountJournalAsync(store));
    }

    [Fact]
    public async Task A_file_import_writes_every_line_or_none()
    {
        var store = await DemoStoreAsync();
        var section = Demo.Lines[0].SectionId;
        var along = Demo.Lines[0].Geometry.GetGeometryN(0).Coordinates;
        var good = FeatureCollection(("imp-1", along.Take(20)), ("imp-2", along.Skip(20).Take(20)));

        var imported = await ImportAsync(store, good, section);

        Assert.True(imported.Success, imported.Success ? "" : imported.Problems[0].ToString());
        Assert.Equal(["imp-1", "imp-2"], imported.Value.Lines.Select(l => l.Id));
        var stored = await store.GetLineAsync(AmCartographer, "imp-2", default);
        Assert.Equal(Am, stored!.Owner);
        Assert.Equal(along[20].X, stored.Geometry.Coordinates[0].X, 12);

        // The second feature has a one-point line: the first, which is fine, is not written either.
        var bad = FeatureCollection(("imp-3", along.Take(20)), ("imp-4", along.Skip(30).Take(1)));
        var refused = await ImportAsync(store, bad, section);

        Assert.False(refused.Success);
        Assert.Contains(refused.Problems, p => p.Feature == 1);
        Assert.Null(await store.GetLineAsync(Caller.CommissionSystem, "imp-3", default));
    }

    [Fact]
    public async Task A_syntax_error_on_line_40000_is_named_and_nothing_is_imported()
    {
        var store = await DemoStoreAsync();
        var section = Demo.Lines[0].SectionId;
        var along = Demo.Lines[0].Geometry.GetGeometryN(0).Coordinates;
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
        var line = 2;
        var feature = 0;
        while (line < 40_100)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(feature > 0 ? "," : "")}{{\"type\":\"Feature\",\"id\":\"big-{feature}\",\"properties\":{{}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[\n");
            line++;
            for (var i = 0; i < 50; i++, line++)
            {
                var c = along[i % along.Length];
                // Line 40 000 of the file loses the comma between its two numbers.
                var separator = line == 40_000 ? " " : ",";
                text.Append(CultureInfo.InvariantCulture, $"[{c.X:R}{separator}{c.Y:R}]{(i < 49 ? "," : "")}\n");
            }

            text.Append("]}}\n");
            line++;
            feature++;
        }

        text.Append("]}\n");
        var result = await ImportAsync(store, text.ToString(), section, "border.geojson");

        Assert.False(result.Success);
        var problem = result.Problems[0];
        Assert.Equal(40_000, problem.Line);
        Assert.StartsWith("border.geojson:40000:", problem.ToString(), StringComparison.Ordinal);
        Assert.NotNull(problem.Feature);
        Assert.DoesNotContain(await store.ListLinesAsync(Caller.CommissionSystem, null, default), l => l.Id.StartsWith("big-", StringComparison.Ordinal));
    }

    private static Task<ParseResult<LineImportPlan>> ImportAsync(ICommissionStore store, string geoJson, string section, string name = "lines.geojson")
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(geoJson));
        return LineFileImport.ImportAsync(
            store,
            AmCartographer,
            stream,
            section,
            s => new LineImportRequest { SourceName = name, Format = FeatureFormat.GeoJson, Section = s, Owner = Am },
            default);
    }

    private static string FeatureCollection(params (string Id, IEnumerable<Coordinate> Points)[] lines) =>
        "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", lines.Select(l =>
            $"{{\"type\":\"Feature\",\"id\":\"{l.Id}\",\"properties\":{{}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[" +
            string.Join(",", l.Points.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.X:R},{c.Y:R}]"))) + "]}}")) + "]}";

    private static async Task<int> CountJournalAsync(ICommissionStore store)
    {
        var n = 0;
        await foreach (var _ in store.ReadJournalAsync(default))
        {
            n++;
        }

        return n;
    }
}
