using System.Text.Json;

namespace Demarcate.Formats.GeoJson;

/// <summary>How <see cref="GeoJsonWriter"/> lays out a FeatureCollection.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record GeoJsonWriteOptions
{
    /// <summary>The options used when none are given: compact output, no foreign members.</summary>
    public static GeoJsonWriteOptions Default { get; } = new();

    /// <summary>Indent the output for people to read; off by default (smaller files).</summary>
    public bool Indented { get; init; }

    /// <summary>
    /// Extra members written on the FeatureCollection before <c>features</c>, such as <c>name</c> or
    /// <c>attribution</c> (RFC 7946 §6.1 "foreign members"). The names <c>type</c>, <c>features</c>,
    /// <c>bbox</c> and <c>crs</c> are reserved.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> ForeignMembers { get; init; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    /// <summary>A copy of these options with one more text foreign member (e.g. <c>"attribution"</c>).</summary>
    public GeoJsonWriteOptions WithMember(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(name);
        var members = new Dictionary<string, JsonElement>(ForeignMembers, StringComparer.Ordinal)
        {
            [name] = JsonSerializer.SerializeToElement(text),
        };
        return this with { ForeignMembers = members };
    }
}
