using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Ogc;

/// <summary>
/// One record of the commission as an OGC API feature: its id, its geometry on WGS 84 (x = longitude, y = latitude;
/// null for a record with no place, such as a source without sheets), its properties, and its time where it has one.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record OgcFeature(string Id, Geometry? Geometry, IReadOnlyDictionary<string, JsonElement> Properties)
{
    /// <summary>When the record holds (an edition year, the moment a version was proposed); null when it has no time.</summary>
    public OgcInterval? Time { get; init; }

    /// <summary>Properties from name/value pairs, in the order given (nulls are kept: every feature of a collection has the same fields).</summary>
    public static IReadOnlyDictionary<string, JsonElement> PropertiesOf(params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var properties = new Dictionary<string, JsonElement>(values.Length, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            properties[name] = JsonSerializer.SerializeToElement(value);
        }

        return properties;
    }
}

/// <summary>
/// A closed time interval in UTC, either end open (null); an instant has equal ends. The <c>datetime</c> parameter
/// of OGC API – Features selects the features whose interval meets the one asked for.
/// </summary>
public readonly record struct OgcInterval(DateTimeOffset? Start, DateTimeOffset? End)
{
    public static OgcInterval Instant(DateTimeOffset moment) => new(moment, moment);

    /// <summary>A whole calendar year in UTC (a map edition's year).</summary>
    public static OgcInterval Year(int year) => new(
        new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(year, 12, 31, 23, 59, 59, TimeSpan.Zero));

    public bool Meets(OgcInterval other) =>
        (End is null || other.Start is null || End.Value >= other.Start.Value)
        && (Start is null || other.End is null || Start.Value <= other.End.Value);

    /// <summary>The smallest interval holding both.</summary>
    public OgcInterval Union(OgcInterval other) => new(
        Start is null || other.Start is null ? null : Start < other.Start ? Start : other.Start,
        End is null || other.End is null ? null : End > other.End ? End : other.End);

    /// <summary>RFC 3339 text of one end, or null for an open end (as OGC API writes temporal extents).</summary>
    public static string? Text(DateTimeOffset? moment) =>
        moment?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
