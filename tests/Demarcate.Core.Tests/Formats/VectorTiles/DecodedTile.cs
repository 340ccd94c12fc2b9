using System.Text.RegularExpressions;
using Demarcate.Testing;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Formats.VectorTiles;

/// <summary>A feature of a vector tile as GDAL's MVT driver decodes it: geometry in tile units (y down), attributes as text.</summary>
internal sealed record DecodedFeature(string Layer, IReadOnlyDictionary<string, string> Attributes, Geometry Geometry);

/// <summary>
/// Decodes a vector tile with an independent decoder: GDAL's MVT driver (ogrinfo). A lone .mvt file that is not
/// under a z/x/y path is reported in tile units, which is the grid both encoders are compared on; CLIP=NO keeps the
/// buffer beyond the tile edges that GDAL would otherwise cut off.
/// </summary>
internal static partial class DecodedTile
{
    public static async Task<IReadOnlyList<DecodedFeature>> ReadAsync(byte[] tile, ScratchFolder scratch, string name, int extent = 4096)
    {
        // A file named like "6-40-24.mvt" would be read as tile z-x-y and georeferenced; the prefix keeps tile units.
        var path = scratch.File("tile-" + name + ".mvt");
        await File.WriteAllBytesAsync(path, tile);
        var run = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-al", "-q", "-oo", "CLIP=NO", path]);
        Assert.True(run.ExitCode == 0, $"ogrinfo failed on {name}: {run.StandardError}");
        var reader = new WKTReader();
        var features = new List<DecodedFeature>();
        string? layer = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in run.StandardOutput.Split('\n'))
        {
            if (FeatureLine().Match(line) is { Success: true } start)
            {
                layer = start.Groups["layer"].Value;
                attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            else if (AttributeLine().Match(line) is { Success: true } attribute)
            {
                attributes[attribute.Groups["key"].Value] = attribute.Groups["value"].Value;
            }
            else if (GeometryLine().IsMatch(line) && layer is not null)
            {
                features.Add(new DecodedFeature(layer, attributes, DownwardY(reader.Read(line.Trim()), extent)));
            }
        }

        return features;
    }

    /// <summary>GDAL reports tile units with y growing northwards (extent − row); the tile grid counts rows downwards.</summary>
    private static Geometry DownwardY(Geometry geometry, int extent)
    {
        geometry.Apply(new NetTopologySuite.Geometries.Utilities.AffineTransformation(1, 0, 0, 0, -1, extent));
        geometry.GeometryChanged();
        return geometry;
    }

    /// <summary>The largest distance between the two shapes, both ways, by densified discrete Hausdorff.</summary>
    public static double Distance(Geometry a, Geometry b) =>
        NetTopologySuite.Algorithm.Distance.DiscreteHausdorffDistance.Distance(a, b, 0.05);

    /// <summary>How far the farthest vertex of <paramref name="from"/> lies from <paramref name="to"/> (0 when <paramref name="from"/> is empty).</summary>
    public static double Directed(Geometry from, Geometry to)
    {
        var index = new NetTopologySuite.Operation.Distance.IndexedFacetDistance(to);
        return from.Coordinates.Select(c => index.Distance(from.Factory.CreatePoint(c))).DefaultIfEmpty(0).Max();
    }

    [GeneratedRegex(@"^OGRFeature\((?<layer>[^)]+)\):\d+$", RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex FeatureLine();

    [GeneratedRegex(@"^  (?<key>[A-Za-z_][A-Za-z0-9_]*) \([A-Za-z0-9]+\) = (?<value>.*)$", RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex AttributeLine();

    [GeneratedRegex(@"^  (POINT|MULTIPOINT|LINESTRING|MULTILINESTRING|POLYGON|MULTIPOLYGON) ", RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex GeometryLine();
}
