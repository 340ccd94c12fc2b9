using System.Diagnostics;
using System.Globalization;
using System.Text;
using Demarcate.Core.Boundaries;
using Demarcate.Formats;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.Import;
using Demarcate.Testing;
using Xunit.Abstractions;

namespace Demarcate.Core.Tests.Formats.Import;

/// <summary>A file of several hundred megabytes: refused at once over the limit, and read streaming in flat memory; slow, so run with <c>--filter Category=Slow</c>.</summary>
[Trait("Category", "Slow")]
public sealed class HugeFileTests(ITestOutputHelper output)
{
    private const int Features = 9000;

    [Fact]
    public async Task A_file_over_the_limit_is_refused_before_reading_and_a_huge_file_streams_in_flat_memory()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("huge.geojson");
        await WriteHugeAsync(path);
        var size = new FileInfo(path).Length;
        Assert.True(size > 256L * 1024 * 1024, $"only {size} bytes");

        var clock = Stopwatch.StartNew();
        await using (var stream = File.OpenRead(path))
        {
            var refused = await LineImport.PrepareAsync(stream, new LineImportRequest
            {
                SourceName = "huge.geojson",
                Format = FeatureFormat.GeoJson,
                Section = new Section("main", "Main", "north to south", new PartyCode("AM"), new PartyCode("AZ"), "M", 38),
                Owner = new PartyCode("AM"),
            });
            Assert.Contains("larger than the import limit of 256 MiB", Assert.Single(refused.Problems).Message, StringComparison.Ordinal);
            Assert.Equal(0, stream.Position);
        }

        var refusal = clock.Elapsed;
        clock.Restart();
        long peak = 0;
        long count = 0;
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        await using (var stream = File.OpenRead(path))
        {
            await foreach (var feature in GeoJsonReader.ReadFeaturesAsync(stream, "huge.geojson"))
            {
                count++;
                if (count % 500 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size / 1e6:F0} MB: refused in {refusal.TotalMilliseconds:F1} ms; streamed {count} features in {clock.Elapsed.TotalSeconds:F1} s, live heap at most {peak / 1e6:F1} MB above the start"));
        Assert.Equal(Features, count);
        Assert.True(refusal < TimeSpan.FromSeconds(1), $"refusing took {refusal}");
        Assert.True(peak < 64_000_000, $"the reader held {peak} bytes");
    }

    private static async Task WriteHugeAsync(string path)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteAsync("{\"type\":\"FeatureCollection\",\"features\":[\n");
        var line = new StringBuilder();
        for (var f = 0; f < Features; f++)
        {
            line.Clear().Append(CultureInfo.InvariantCulture, $"{(f == 0 ? "" : ",")}{{\"type\":\"Feature\",\"id\":\"huge-{f}\",\"properties\":{{}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[");
            for (var i = 0; i < 1000; i++)
            {
                line.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{45.123456789 + (i * 1.1e-6) + (f * 1e-9):R},{40.123456789 + (i * 1.3e-6):R}]");
            }

            await writer.WriteLineAsync(line.Append("]}}"));
        }

        await writer.WriteAsync("]}\n");
    }
}
