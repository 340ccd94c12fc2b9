using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Delimitation;

/// <summary>
/// A named line that reference legs follow (a river's median line, a road's centreline, a ridge, a line from a
/// cartographic source), on WGS 84.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ReferenceLine(string Name, IReadOnlyList<GeoPoint> Points)
{
    /// <summary>The source register id the line comes from, when known.</summary>
    public string? Source { get; init; }
}
