namespace Demarcate.Formats.VectorTiles;

/// <summary>How a vector tile is laid out: its grid, the margin kept around it, and how far lines are simplified.</summary>
/// <param name="Extent">Tile units along each side (the Mapbox Vector Tile default, 4096).</param>
/// <param name="Buffer">Tile units kept beyond each edge, so that lines and symbols drawn across the edge join up.</param>
/// <param name="Tolerance">
/// Douglas–Peucker tolerance for lines and polygons, in tile units; being in tile units, it simplifies more on the
/// ground at low zoom and less at high zoom (one unit at zoom 6 is about 38 m, at zoom 12 about 0.6 m). 0 keeps every vertex.
/// </param>
public sealed record VectorTileOptions(int Extent = 4096, int Buffer = 64, double Tolerance = 1.0)
{
    public static VectorTileOptions Default { get; } = new();
}
