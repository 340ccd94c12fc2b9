using System.Globalization;

namespace Demarcate.Core.Tiles;

/// <summary>
/// One tile of the Web Mercator tile pyramid the web map asks for (the XYZ scheme: tile 0/0/0 is the whole
/// world, <see cref="X"/> grows eastwards and <see cref="Y"/> southwards from the north-west corner).
/// </summary>
/// <remarks>Immutable. Build it with <see cref="TryCreate"/>, which refuses tiles outside the pyramid.</remarks>
public readonly record struct TileId
{
    /// <summary>The deepest zoom served; at 24 a tile is about 2.4 m across at the equator.</summary>
    public const int MaxZoom = 24;

    private TileId(int zoom, int x, int y) => (Zoom, X, Y) = (zoom, x, y);

    public int Zoom { get; }

    public int X { get; }

    public int Y { get; }

    /// <summary>The tile, or false when the zoom is outside 0–<see cref="MaxZoom"/> or x or y is off the grid at that zoom.</summary>
    public static bool TryCreate(int zoom, int x, int y, out TileId tile)
    {
        tile = default;
        if (zoom is < 0 or > MaxZoom)
        {
            return false;
        }

        var count = 1L << zoom;
        if (x < 0 || y < 0 || x >= count || y >= count)
        {
            return false;
        }

        tile = new TileId(zoom, x, y);
        return true;
    }

    /// <summary>The tile at <paramref name="zoom"/>; throws for a tile off the grid (a fault in the caller).</summary>
    public static TileId Of(int zoom, int x, int y) =>
        TryCreate(zoom, x, y, out var tile) ? tile : throw new ArgumentOutOfRangeException(nameof(zoom), $"{zoom}/{x}/{y} is not a tile of the Web Mercator grid.");

    /// <summary>The tile's extent in Web Mercator metres (EPSG:3857).</summary>
    public MercatorBox Bounds
    {
        get
        {
            var size = WebMercator.WorldSize / (1L << Zoom);
            var west = -WebMercator.HalfWorld + (X * size);
            var north = WebMercator.HalfWorld - (Y * size);
            return new MercatorBox(west, north - size, west + size, north);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Zoom}/{X}/{Y}");
}

/// <summary>A rectangle in Web Mercator metres (EPSG:3857), west/south/east/north.</summary>
public readonly record struct MercatorBox(double West, double South, double East, double North)
{
    public double Width => East - West;

    /// <summary>This box grown by <paramref name="margin"/> metres on every side.</summary>
    public MercatorBox Grow(double margin) => new(West - margin, South - margin, East + margin, North + margin);
}
