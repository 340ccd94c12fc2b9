using System.Diagnostics;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using Demarcate.Storage;

namespace Demarcate.Benchmarks;

/// <summary>
/// The store's half of attribution: <see cref="ICommissionStore.RecordAttributionsAsync"/> writing N attributions (one
/// journaled write) into a store holding N incidents, on a GeoPackage file and on PostgreSQL. Run by
/// bench/attribution-write.sh; the incidents are recorded once into a commission without sectors (so nothing is
/// attributed on entry), then the write is timed <c>Repeats</c> times, each with other sectors and distances.
/// </summary>
internal static class AttributionWrite
{
    private const int Repeats = 3;

    /// <summary>args: attribution-write N GPKG_PATH [POSTGRES_CONNECTION_STRING]</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var n = int.Parse(args[1], CultureInfo.InvariantCulture);
        var locations = args.Skip(2).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $".NET {Environment.Version}, {Environment.ProcessorCount} cores; {n:N0} incidents, {Repeats} timed writes each"));
        foreach (var location in locations)
        {
            await using var store = await CommissionStores.OpenAsync(location, default);
            await store.ImportAsync(Commission(), default);
            var clock = Stopwatch.StartNew();
            var recorded = new List<Incident>(n);
            for (var first = 0; first < n; first += 10_000)
            {
                recorded.AddRange(await store.ReportIncidentsAsync(Caller.CommissionSystem, [.. Enumerable.Range(first, Math.Min(10_000, n - first)).Select(Report)], default));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{store.Description}: {recorded.Count:N0} incidents recorded in {clock.Elapsed.TotalSeconds:F1} s (not timed)"));
            var times = new List<double>();
            for (var repeat = 0; repeat < Repeats; repeat++)
            {
                var rows = recorded.Select((r, i) => (i + repeat) % 10 == 0
                    ? new IncidentAttributionRow(r.Id, null, null, null, null)
                    : new IncidentAttributionRow(r.Id, $"S-{(i + repeat) % 1000:D4}", 10.0 * i + repeat, new PartyCode(i % 2 == 0 ? "AM" : "AZ"), null)).ToList();
                clock.Restart();
                await store.RecordAttributionsAsync(Caller.CommissionSystem, rows, default);
                times.Add(clock.Elapsed.TotalSeconds);
            }

            var last = (await store.ListIncidentsAsync(Caller.CommissionSystem, new IncidentFilter { IncludeMerged = true }, default)).ToDictionary(i => i.Id, StringComparer.Ordinal);
            var expected = $"S-{(1 + Repeats - 1) % 1000:D4}";
            if (last[recorded[1].Id].Attribution?.SectorId != expected || last[recorded[10 - Repeats + 1].Id].Attribution is not null)
            {
                Console.Error.WriteLine($"{store.Description}: the last write is not what the store holds");
                return 1;
            }

            times.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT backend={(location.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "GeoPackage")} incidents={n} best={times[0]:F3}s median={times[times.Count / 2]:F3}s"));
        }

        return 0;
    }

    private static BoundaryDataset Commission()
    {
        var am = new Party(new PartyCode("AM"), "Republic of Armenia", PartyRole.State);
        var az = new Party(new PartyCode("AZ"), "Republic of Azerbaijan", PartyRole.State);
        var ru = new Party(new PartyCode("RU"), "Russian Federation", PartyRole.Mediator);
        return new BoundaryDataset(new Commission("Synthetic commission (attribution write benchmark)", am, az, ru), [], [], [], [], []);
    }

    private static Incident Report(int i) =>
        new(string.Empty, new IncidentDate(new DateOnly(2025, 1, 1).AddDays(i % 600), TimePrecision.Day), new IncidentLocation(new GeoPoint(40 + (i % 1000) * 1e-3, 45 + (i / 1000) * 1e-3), GeoPrecision.Exact, "", ""), IncidentType.SniperFire)
        {
            Notes = "synthetic, benchmark",
            ReportingParty = new PartyCode("RU"),
        };
}
