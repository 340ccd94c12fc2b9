using System.Diagnostics;
using System.Globalization;
using System.Text;
using Demarcate.Formats.GeoJson;
using Demarcate.Testing;
using Xunit.Abstractions;

namespace Demarcate.Core.Tests.Formats.GeoJson;

/// <summary>Reading and writing a million positions; slow, so run with <c>--filter Category=Slow</c>.</summary>
[Trait("Category", "Slow")]
public sealed class GeoJsonThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_million_positions_read_and_write_in_seconds()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("million.geojson");
        await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            await writer.WriteAsync("""{"type":"FeatureCollection","features":[""");
            for (var f = 0; f < 1000; f++)
            {
                var line = new StringBuilder(f == 0 ? "" : ",\n");
                line.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"Feature\",\"properties\":{{\"f\":{f}}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[");
                for (var i = 0; i < 1000; i++)
                {
                    line.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{44 + (f * 0.002) + (i * 1e-6):R},{39 + (i * 1e-6):R}]");
                }

                await writer.WriteAsync(line.Append("]}}").ToString());
            }

            await writer.WriteAsync("]}\n");
        }

        var clock = Stopwatch.StartNew();
        var features = new List<GeoJsonFeature>();
        await using (var stream = File.OpenRead(path))
        {
            await foreach (var feature in GeoJsonReader.ReadFeaturesAsync(stream, "million.geojson"))
            {
                features.Add(feature);
            }
        }

        var read = clock.Elapsed;
        clock.Restart();
        await using (var stream = File.Create(scratch.File("copy.geojson")))
        {
            await GeoJsonWriter.WriteAsync(stream, features);
        }

        var written = clock.Elapsed;
        output.WriteLine($"{new FileInfo(path).Length / 1e6:F1} MB: read {read.TotalMilliseconds:F0} ms, write {written.TotalMilliseconds:F0} ms");
        Assert.Equal(1_000_000, features.Sum(f => f.Geometry!.NumPoints));
        Assert.True(read < TimeSpan.FromSeconds(10), $"reading took {read}");
    }
}
