using System.Text;
using Demarcate.Core;
using Demarcate.Formats.GeoJson;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Formats.GeoJson;

/// <summary>Reading GeoJSON from literal text and from the shared real data in tests.</summary>
internal static class GeoJsonTestText
{
    public static async Task<List<GeoJsonFeature>> ReadAsync(string json, string source = "test.geojson")
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await ReadAsync(stream, source);
    }

    public static async Task<List<GeoJsonFeature>> ReadAsync(Stream stream, string source)
    {
        var features = new List<GeoJsonFeature>();
        await foreach (var feature in GeoJsonReader.ReadFeaturesAsync(stream, source))
        {
            features.Add(feature);
        }

        return features;
    }

    /// <summary>The problem reading <paramref name="json"/> throws; fails when it reads cleanly.</summary>
    public static async Task<InputProblem> ProblemAsync(string json, string source = "test.geojson")
    {
        var exception = await Assert.ThrowsAsync<GeoJsonFormatException>(() => ReadAsync(json, source));
        return exception.Problem;
    }

    /// <summary>A file of the real border data; the repository copy when present, else the shared one.</summary>
    public static string RealData(string fileName)
    {
        var inRepository = RepositoryPaths.DemoData(fileName);
        var path = File.Exists(inRepository) ? inRepository : Path.Combine("/work/shared/data", fileName);
        Assert.True(File.Exists(path), $"Real data file {fileName} is missing (looked in data/demo and /work/shared/data).");
        return path;
    }

    /// <summary>Lines joined with "\n", the way the line/column assertions count them.</summary>
    public static string Lines(params string[] lines) => string.Join('\n', lines);

    /// <summary>1-based column of the first character of <paramref name="marker"/> in <paramref name="line"/>, plus <paramref name="shift"/>.</summary>
    public static long ColumnOf(string line, string marker, int shift = 0)
    {
        var index = line.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{marker}' not in '{line}'");
        return index + 1 + shift;
    }
}
