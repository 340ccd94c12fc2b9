using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Csv;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.Kml;
using Demarcate.Formats.Wkt;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Formats.Import;

/// <summary>What a member states about a file of reference features (settlements, roads, rivers …) brought to the commission.</summary>
/// <remarks>Immutable.</remarks>
public sealed record ReferenceLayerImportRequest
{
    /// <summary>Reference files larger than this are refused (64 MiB): a layer along the boundary, not a country's whole network.</summary>
    public const long DefaultMaximumBytes = 64L * 1024 * 1024;

    /// <summary>The file name users see in messages.</summary>
    public required string SourceName { get; init; }

    public required FeatureFormat Format { get; init; }

    /// <summary>The CRS the coordinates are in (CSV, WKT; a GeoPackage states its own); GeoJSON and KML are always WGS 84.</summary>
    public string? Crs { get; init; }

    public AxisOrder? AxisOrder { get; init; }

    /// <summary>The datum transformation to WGS 84, when the CRS is on another datum.</summary>
    public string? Operation { get; init; }

    /// <summary>The commission's recorded datum transformation, used when <see cref="Operation"/> is not given.</summary>
    public string? CommissionOperation { get; init; }

    /// <summary>The feature table of a GeoPackage to read, when it has more than one.</summary>
    public string? Layer { get; init; }

    public long MaximumBytes { get; init; } = DefaultMaximumBytes;

    public CrsRegistry Registry { get; init; } = CrsRegistry.Standard;
}

/// <summary>A reference layer's features on WGS 84, ready to be written in one transaction.</summary>
/// <param name="Features">Every feature of the file, in its order, two-dimensional, x = longitude.</param>
/// <param name="ReceivedCrs">The CRS the file was in (e.g. "EPSG:32638").</param>
/// <param name="Operation">How the coordinates reached WGS 84.</param>
public sealed record ReferenceLayerImportPlan(IReadOnlyList<LayerFeature> Features, string ReceivedCrs, string Operation);

/// <summary>
/// Turns a file of reference features (GeoJSON, KML, GeoPackage; CSV and WKT too) into features on WGS 84, or into
/// every reason it cannot, each naming the file, the feature and its line. Points, lines and polygons are all taken;
/// an id comes from the feature (its id, <c>geonameid</c> or <c>id</c> property), else its place in the file, and must
/// be unique. Nothing is written here.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class ReferenceLayerImport
{
    private static readonly WKBWriter Flat = new(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);

    public static async Task<ParseResult<ReferenceLayerImportPlan>> PrepareAsync(Stream stream, ReferenceLayerImportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        var source = request.SourceName;
        if (stream.CanSeek && stream.Length - stream.Position > request.MaximumBytes)
        {
            return Failed([new InputProblem(source, LineImport.TooLarge(stream.Length - stream.Position, request.MaximumBytes))]);
        }

        ParseResult<IReadOnlyList<FileFeature>> read;
        CsvAxes? csvAxes = null;
        var limited = new SizeLimitedStream(stream, request.MaximumBytes);
        try
        {
            switch (request.Format)
            {
                case FeatureFormat.GeoJson:
                    read = LineImport.FromGeoJson(await GeoJsonReader.ReadAllAsync(limited, source, cancellationToken), source);
                    break;
                case FeatureFormat.Kml:
                    read = await KmlReader.ReadAllAsync(limited, source, cancellationToken);
                    break;
                case FeatureFormat.GeoPackage:
                    read = await LineImport.ReadGeoPackageAsync(limited, source, request.Layer, cancellationToken);
                    break;
                case FeatureFormat.Csv:
                    {
                        var csv = await CsvCoordinateReader.ReadAllAsync(limited, source, cancellationToken: cancellationToken);
                        read = csv.Success ? ParseResult<IReadOnlyList<FileFeature>>.Ok(csv.Value.Features) : ParseResult<IReadOnlyList<FileFeature>>.Failed(csv.Problems);
                        csvAxes = csv.Success ? csv.Value.Axes : null;
                        break;
                    }

                case FeatureFormat.Wkt:
                    read = await WktFeatureReader.ReadAllAsync(limited, source, cancellationToken);
                    break;
                default:
                    return Failed([new InputProblem(source, $"{request.Format} files are not read as reference layers; use GeoJSON, KML or GeoPackage")]);
            }
        }
        catch (SizeLimitedStream.LimitExceededException)
        {
            return Failed([new InputProblem(source, LineImport.TooLarge(limited.BytesRead, request.MaximumBytes))]);
        }

        if (!read.Success)
        {
            return Failed(read.Problems);
        }

        if (read.Value.Count == 0)
        {
            return Failed([new InputProblem(source, "the file holds no features")]);
        }

        var frame = LineImport.Frame(
            new LineImport.FileFrame(source, request.Format, request.Crs, request.AxisOrder, request.Operation, request.CommissionOperation, request.Registry),
            read.Value,
            csvAxes);
        if (!frame.Success)
        {
            return Failed(frame.Problems);
        }

        var (operation, axisOrder) = frame.Value;
        var problems = new List<InputProblem>();
        var features = new List<LayerFeature>(read.Value.Count);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var feature in read.Value)
        {
            cancellationToken.ThrowIfCancellationRequested();
            InputProblem Problem(string reason) => new(source, reason) { Feature = feature.Index, Line = feature.Line, Column = feature.Column };
            if (feature.Geometry.IsEmpty)
            {
                problems.Add(Problem("the feature's geometry is empty"));
                continue;
            }

            var id = (feature.Id ?? Property(feature, "geonameid") ?? Property(feature, "id") ?? (feature.Index + 1).ToString(CultureInfo.InvariantCulture)).Trim();
            if (!ids.TryAdd(id, feature.Index))
            {
                problems.Add(Problem($"the id '{id}' is already used by feature {ids[id]}; every feature of a layer needs its own id"));
                continue;
            }

            var geometry = LineImport.ToWgs84(feature, operation, axisOrder, out var invalid);
            if (invalid is not null)
            {
                problems.Add(Problem(invalid));
                continue;
            }

            if (geometry.Coordinates.FirstOrDefault(c => !(double.IsFinite(c.X) && double.IsFinite(c.Y) && Math.Abs(c.X) <= 180 && Math.Abs(c.Y) <= 90)) is { } outside)
            {
                problems.Add(Problem(string.Create(CultureInfo.InvariantCulture, $"({outside.X:R}, {outside.Y:R}) is not a longitude and latitude in {operation.Source}: check the CRS and the axis order")));
                continue;
            }

            var name = feature.Name ?? Property(feature, "name") ?? id;
            var properties = feature.Properties
                .Where(p => p.Key is not ("name" or "id" or "fid"))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            features.Add(new LayerFeature(id, name, TwoDimensional(geometry)) { Properties = properties });
        }

        return problems.Count > 0
            ? Failed(problems)
            : ParseResult<ReferenceLayerImportPlan>.Ok(new ReferenceLayerImportPlan(features, operation.Source.Code.ToString(), operation.Name));
    }

    private static string? Property(FileFeature feature, string key) =>
        feature.Properties.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>The geometry without heights, on WGS 84: a reference layer is a map, and PostGIS keeps a column's dimensions uniform.</summary>
    private static Geometry TwoDimensional(Geometry geometry)
    {
        var flat = new WKBReader().Read(Flat.Write(geometry));
        flat.SRID = 4326;
        return flat;
    }

    private static ParseResult<ReferenceLayerImportPlan> Failed(IReadOnlyList<InputProblem> problems) =>
        ParseResult<ReferenceLayerImportPlan>.Failed(problems.Count <= LineImport.MaximumProblems
            ? problems
            : [.. problems.Take(LineImport.MaximumProblems), new InputProblem(problems[0].Source, $"and {problems.Count - LineImport.MaximumProblems} more problems")]);
}
