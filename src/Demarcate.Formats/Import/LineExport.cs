using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Csv;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.Kml;
using Demarcate.Formats.Wkt;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Import;

/// <summary>How lines leave the record: the format and, for CSV and WKT, the CRS and axis order to write.</summary>
/// <remarks>Immutable.</remarks>
public sealed record LineExportRequest
{
    public required FeatureFormat Format { get; init; }

    /// <summary>The CRS to write (CSV, WKT); GeoJSON and KML are always WGS 84 longitude, latitude.</summary>
    public string? Crs { get; init; }

    public AxisOrder? AxisOrder { get; init; }

    public string? Operation { get; init; }

    /// <summary>The commission's recorded datum transformation, used when the target CRS is on another datum and no operation is named.</summary>
    public string? CommissionOperation { get; init; }

    /// <summary>The document's name (KML) or collection name (GeoJSON).</summary>
    public string Title { get; init; } = "Demarcate lines";

    public CrsRegistry Registry { get; init; } = CrsRegistry.Standard;
}

/// <summary>Writes the commission's lines in the formats users take them away in, each line with its id, name, section, kind and owner.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class LineExport
{
    /// <summary>Writes <paramref name="lines"/>; returns how many, or the problem with the request (unknown CRS, a CRS GeoJSON cannot carry …) before anything is written.</summary>
    public static async Task<ParseResult<int>> WriteAsync(Stream stream, IReadOnlyList<BoundaryLine> lines, LineExportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(request);
        var where = "--crs";
        if (request.Format is FeatureFormat.GeoJson or FeatureFormat.Kml)
        {
            if (request.Crs is { } crs && !string.Equals(crs.Trim(), "EPSG:4326", StringComparison.OrdinalIgnoreCase) && !string.Equals(crs.Trim(), "OGC:CRS84", StringComparison.OrdinalIgnoreCase))
            {
                return ParseResult<int>.Failed(new InputProblem(where, $"{request.Format} is always WGS 84 longitude, latitude; export CSV or WKT to get {crs}"));
            }

            if (request.Format == FeatureFormat.GeoJson)
            {
                var features = lines.Select((l, i) => new GeoJsonFeature(i, l.Id, l.Geometry, Properties(l).ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal)));
                await GeoJsonWriter.WriteAsync(stream, features, new GeoJsonWriteOptions().WithMember("name", request.Title), cancellationToken);
            }
            else
            {
                await KmlWriter.WriteAsync(stream, lines.Select((l, i) => Feature(l, i, l.Geometry)), request.Title, cancellationToken);
            }

            return ParseResult<int>.Ok(lines.Count);
        }

        if (request.Format is not (FeatureFormat.Csv or FeatureFormat.Wkt))
        {
            return ParseResult<int>.Failed(new InputProblem("--format", $"lines are exported as GeoJSON, KML, CSV or WKT, not {request.Format}"));
        }

        var target = request.Registry.Resolve(request.Crs ?? "EPSG:4326", where);
        if (!target.Success)
        {
            return ParseResult<int>.Failed(target.Problems);
        }

        var system = target.Value;
        var named = request.Operation ?? TransformationChoice.DefaultCode(CrsRegistry.Wgs84, system, request.CommissionOperation);
        var operation = TransformationChoice.Choose(CrsRegistry.Wgs84, system, named, "--operation");
        if (!operation.Success)
        {
            return ParseResult<int>.Failed(operation.Problems);
        }

        // CSV names its axes in the header, so it follows the CRS's own order; WKT is written x first by convention.
        var order = request.AxisOrder ?? (request.Format == FeatureFormat.Csv
            ? system.AxisOrder
            : system.IsProjected ? AxisOrder.EastingNorthing : AxisOrder.LongitudeLatitude);
        if ((order is AxisOrder.LatitudeLongitude or AxisOrder.LongitudeLatitude) == system.IsProjected)
        {
            return ParseResult<int>.Failed(new InputProblem("--axis-order", $"{system.Code} is {(system.IsProjected ? "projected (easting, northing)" : "geographic (latitude, longitude)")}; that axis order does not fit it"));
        }

        var swap = order != system.AxisOrder;
        var converted = lines.Select((l, i) => Feature(l, i, Transform(l.Geometry, operation.Value, swap))).ToList();
        if (request.Format == FeatureFormat.Csv)
        {
            var (first, second) = order switch
            {
                AxisOrder.LatitudeLongitude => ("lat", "lon"),
                AxisOrder.LongitudeLatitude => ("lon", "lat"),
                AxisOrder.EastingNorthing => ("easting", "northing"),
                _ => ("northing", "easting"),
            };
            await CsvCoordinateWriter.WriteAsync(stream, converted, first, second, cancellationToken);
        }
        else
        {
            await WktFeatureWriter.WriteAsync(stream, converted, cancellationToken);
        }

        return ParseResult<int>.Ok(lines.Count);
    }

    private static IEnumerable<KeyValuePair<string, string>> Properties(BoundaryLine line)
    {
        yield return new("id", line.Id);
        yield return new("name", line.Name);
        yield return new("section", line.SectionId);
        yield return new("kind", line.Kind.ToString());
        yield return new("publication", line.Publication.ToString());
        yield return new("version", line.Version.ToString(CultureInfo.InvariantCulture));
        if (line.Owner is { } owner)
        {
            yield return new("owner", owner.Value);
        }

        if (line.ClaimedBy is { } claimant)
        {
            yield return new("claimedBy", claimant.Value);
        }

        if (line.SourceId is { } source)
        {
            yield return new("source", source);
        }
    }

    private static FileFeature Feature(BoundaryLine line, int index, Geometry geometry) =>
        new(index, line.Id, line.Name, geometry) { Properties = Properties(line).Where(p => p.Key is not ("id" or "name")).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) };

    private static Geometry Transform(Geometry geometry, CoordinateOperation operation, bool swap)
    {
        var copy = geometry.Copy();
        copy.Apply(new Reprojection(operation, swap));
        copy.GeometryChanged();
        copy.SRID = 0;
        return copy;
    }

    private sealed class Reprojection(CoordinateOperation operation, bool swap) : ICoordinateFilter
    {
        public void Filter(Coordinate coord)
        {
            // Stored as x = longitude; the operation starts from EPSG:4326, latitude first.
            var result = operation.Transform(coord.Y, coord.X);
            (coord.X, coord.Y) = swap ? (result.Second, result.First) : (result.First, result.Second);
        }
    }
}
