using Demarcate.Core.Validation;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats;

/// <summary>
/// One feature read from a file in any of the formats we import (KML, CSV, WKT, GeoJSON, GeoPackage): its
/// geometry with the coordinates as the file wrote them (x = the file's first axis), its name and
/// attributes, and where in the file it was.
/// </summary>
/// <param name="Index">0-based position of the feature in the file.</param>
/// <param name="Id">The feature's identifier in the file, or null.</param>
/// <param name="Name">The feature's name in the file, or null.</param>
/// <param name="Geometry">The geometry, in the file's CRS and axis order.</param>
/// <remarks>Immutable.</remarks>
public sealed record FileFeature(long Index, string? Id, string? Name, Geometry Geometry)
{
    /// <summary>The feature's other attributes as text (KML ExtendedData, CSV columns, GeoJSON string properties).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>1-based line where the feature starts in the file, when the format has lines.</summary>
    public long? Line { get; init; }

    /// <summary>1-based column where the feature starts, when known.</summary>
    public long? Column { get; init; }

    /// <summary>The CRS the file states for this feature (an EWKT SRID, a CSV crs column), or null when it states none.</summary>
    public string? Crs { get; init; }

    /// <summary>
    /// Faults the reader found and had to mend to build the geometry at all (an unclosed ring is closed by
    /// repeating its first position); an import refuses them unless asked to repair.
    /// </summary>
    public IReadOnlyList<GeometryFinding> ReadFindings { get; init; } = [];
}
