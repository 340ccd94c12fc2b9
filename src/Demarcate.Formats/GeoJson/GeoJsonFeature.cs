using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.GeoJson;

/// <summary>
/// One feature of a GeoJSON file: a boundary line, a settlement, a pillar … with its geometry on
/// WGS 84 (x = longitude, y = latitude, SRID 4326) and its properties exactly as the file gave them.
/// </summary>
/// <param name="Index">0-based position of the feature in its collection.</param>
/// <param name="Id">The feature's <c>id</c>, or null; a numeric id is kept as its JSON text (see <see cref="IdIsNumber"/>).</param>
/// <param name="Geometry">The geometry, or null for a feature with <c>"geometry": null</c>.</param>
/// <param name="Properties">The <c>properties</c> members in file order; empty when the file had none or null.</param>
/// <remarks>Immutable once read; the <see cref="JsonElement"/> values do not need disposing.</remarks>
public sealed record GeoJsonFeature(
    long Index,
    string? Id,
    Geometry? Geometry,
    IReadOnlyDictionary<string, JsonElement> Properties)
{
    /// <summary>1-based line of the feature's opening brace in the file it was read from (0 when not read from a file).</summary>
    public long Line { get; init; }

    /// <summary>True when the file wrote <see cref="Id"/> as a JSON number; the writer then writes it back as a number.</summary>
    public bool IdIsNumber { get; init; }
}
