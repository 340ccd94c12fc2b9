using Demarcate.Core.Tiles;
using Google.Protobuf;

namespace Demarcate.Formats.VectorTiles;

/// <summary>
/// One Mapbox Vector Tile (specification 2.1) being built: its layers of features, encoded on the tile's grid and
/// written as the protobuf message <c>Tile</c> by <see cref="ToArray"/>.
/// </summary>
/// <remarks>
/// The messages of vector_tile.proto are written by hand on <see cref="CodedOutputStream"/> (field numbers as in the
/// specification: Tile.layers 3; Layer.version 15, name 1, features 2, keys 3, values 4, extent 5; Feature.id 1,
/// tags 2, type 3, geometry 4; Value.string 1, double 3, uint64 5, sint64 6, bool 7). Not thread-safe: one request
/// builds one tile.
/// </remarks>
public sealed class VectorTile
{
    private readonly List<VectorTileLayer> layers = [];

    public VectorTile(TileId tile, VectorTileOptions? options = null)
    {
        Tile = tile;
        Options = options ?? VectorTileOptions.Default;
        if (Options.Extent <= 0 || Options.Buffer < 0 || Options.Tolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The extent must be positive, the buffer and tolerance not negative.");
        }
    }

    public TileId Tile { get; }

    public VectorTileOptions Options { get; }

    /// <summary>The features kept so far in all layers.</summary>
    public int FeatureCount => layers.Sum(l => l.FeatureCount);

    /// <summary>A new, empty layer of this tile; layer names must be unique within a tile.</summary>
    public VectorTileLayer AddLayer(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (layers.Exists(l => l.Name == name))
        {
            throw new ArgumentException($"The tile already has a layer named '{name}'.", nameof(name));
        }

        var layer = new VectorTileLayer(name, Tile, Options);
        layers.Add(layer);
        return layer;
    }

    /// <summary>The tile as protobuf bytes. Layers without features are left out; a tile with none is empty (zero bytes).</summary>
    public byte[] ToArray()
    {
        var written = layers.Where(l => l.FeatureCount > 0).ToList();
        var sizes = written.Select(l => l.ComputeSize()).ToList();
        var total = 0;
        foreach (var size in sizes)
        {
            total += 1 + CodedOutputStream.ComputeLengthSize(size) + size;
        }

        var bytes = new byte[total];
        var output = new CodedOutputStream(bytes);
        for (var i = 0; i < written.Count; i++)
        {
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteLength(sizes[i]);
            written[i].WriteTo(output);
        }

        output.CheckNoSpaceLeft();
        return bytes;
    }
}
