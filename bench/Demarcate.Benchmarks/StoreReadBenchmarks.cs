using BenchmarkDotNet.Attributes;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Storage;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Benchmarks;

/// <summary>
/// The store's main read paths on 100 000 sectors (ten synthetic sections of 10 000 sectors across the
/// Caucasus), on each backend: the whole sector list, one map view by bounding box, the nearest sector.
/// The stores are named by DEMARCATE_BENCH_GPKG and DEMARCATE_BENCH_POSTGRES (bench/store-read.sh sets
/// both) and are filled once, by the first benchmark process that finds them empty.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class StoreReadBenchmarks
{
    public const int Sections = 10;
    public const int SectorsPerSection = 10_000;

    /// <summary>A map view of about 0.2° × 0.1° on section 5: some 330 sectors.</summary>
    private static readonly Envelope View = new(44.9, 45.1, 39.95, 40.05);

    private static readonly GeoPoint Point = new(40.02, 45.0);

    private ICommissionStore _store = null!;

    [Params("GeoPackage", "PostgreSQL")]
    public string Backend { get; set; } = "";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var location = Backend == "GeoPackage"
            ? Environment.GetEnvironmentVariable("DEMARCATE_BENCH_GPKG") ?? Path.Combine(Path.GetTempPath(), "demarcate-bench-100k.gpkg")
            : Environment.GetEnvironmentVariable("DEMARCATE_BENCH_POSTGRES") ?? throw new InvalidOperationException("DEMARCATE_BENCH_POSTGRES is not set: run bench/store-read.sh");
        _store = await CommissionStores.OpenAsync(location, default);
        if (await _store.IsEmptyAsync(default))
        {
            await _store.ImportAsync(Dataset(), default);
        }

        var count = (await _store.ListSectorsAsync(Caller.Anonymous, null, default)).Count;
        if (count != Sections * SectorsPerSection)
        {
            throw new InvalidOperationException($"{_store.Description} holds {count} sectors, not {Sections * SectorsPerSection}: remove it and run again");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "sector list (100 000)")]
    public Task<IReadOnlyList<SectorOnLine>> SectorList() => _store.ListSectorsAsync(Caller.Anonymous, null, default);

    [Benchmark(Description = "map view by bounding box (~330 sectors)")]
    public Task<IReadOnlyList<SectorOnLine>> SectorsInBox() => _store.ListSectorsInBoxAsync(Caller.Anonymous, View, default);

    [Benchmark(Description = "nearest sector")]
    public Task<SectorOnLine?> NearestSector() => _store.NearestSectorAsync(Caller.Anonymous, Point, default);

    /// <summary>Ten sections west to east, 0.5° apart in latitude, each cut into 10 000 gently wavy five-vertex sectors.</summary>
    public static BoundaryDataset Dataset()
    {
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var am = new Party(new PartyCode("AM"), "Republic of Armenia", PartyRole.State);
        var az = new Party(new PartyCode("AZ"), "Republic of Azerbaijan", PartyRole.State);
        var ru = new Party(new PartyCode("RU"), "Russian Federation", PartyRole.Mediator);
        var sections = new List<Section>();
        var sectors = new List<SectorOnLine>();
        const double west = 42.0;
        const double step = 6.0 / SectorsPerSection;
        for (var k = 0; k < Sections; k++)
        {
            var prefix = ((char)('A' + k)).ToString();
            var section = new Section($"synthetic-{k}", $"Synthetic section {k}", "west to east", am.Code, az.Code, prefix, 38) { Order = k };
            sections.Add(section);
            for (var n = 0; n < SectorsPerSection; n++)
            {
                var coordinates = new Coordinate[5];
                for (var v = 0; v < 5; v++)
                {
                    var lon = west + (n + v / 4.0) * step;
                    coordinates[v] = new Coordinate(lon, 38 + 0.5 * k + 0.02 * Math.Sin(lon * 40));
                }

                var geometry = factory.CreateMultiLineString([factory.CreateLineString(coordinates)]);
                var sector = new Sector($"{prefix}-{n + 1:D5}", section.Id, n + 1, null, null) { IsPublished = true };
                sectors.Add(new SectorOnLine(sector, null, geometry, 50, 0));
            }
        }

        return new BoundaryDataset(new Commission("Synthetic commission (benchmark)", am, az, ru), sections, [], [], [], sectors);
    }
}
