using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Validation;
using Demarcate.Formats.Csv;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.Kml;
using Demarcate.Formats.Wkt;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Import;

/// <summary>
/// Turns a file of lines into lines the commission can record, or into every reason it cannot: reads the
/// file, checks that it is in one CRS, brings it to WGS 84, validates (and on request repairs) each
/// geometry, and checks that each line runs along the section. Nothing is written here; the caller writes
/// the whole plan in one transaction, so an import is all or nothing.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class LineImport
{
    /// <summary>How many problems are reported before the rest are counted.</summary>
    public const int MaximumProblems = 100;

    private static readonly GeometryFactory Wgs84 = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    public static async Task<ParseResult<LineImportPlan>> PrepareAsync(Stream stream, LineImportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        var source = request.SourceName;
        if (stream.CanSeek && stream.Length - stream.Position > request.MaximumBytes)
        {
            return Failed(new InputProblem(source, TooLarge(stream.Length - stream.Position, request.MaximumBytes)));
        }

        ParseResult<IReadOnlyList<FileFeature>> read;
        CsvAxes? csvAxes = null;
        var limited = new SizeLimitedStream(stream, request.MaximumBytes);
        try
        {
            switch (request.Format)
            {
                case FeatureFormat.GeoJson:
                    read = FromGeoJson(await GeoJsonReader.ReadAllAsync(limited, source, cancellationToken), source);
                    break;
                case FeatureFormat.Kml:
                    read = await KmlReader.ReadAllAsync(limited, source, cancellationToken);
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
                case FeatureFormat.GeoPackage:
                    read = await ReadGeoPackageAsync(limited, request.SourceName, request.Layer, cancellationToken);
                    break;
                default:
                    return Failed(new InputProblem(source, $"{request.Format} files are not imported; export the lines as GeoJSON, KML, GeoPackage, CSV or WKT"));
            }
        }
        catch (SizeLimitedStream.LimitExceededException)
        {
            return Failed(new InputProblem(source, TooLarge(limited.BytesRead, request.MaximumBytes)));
        }

        if (!read.Success)
        {
            return Failed(read.Problems);
        }

        var features = read.Value;
        if (features.Count == 0)
        {
            return Failed(new InputProblem(source, "the file holds no lines"));
        }

        var frame = Frame(request, features, csvAxes);
        if (!frame.Success)
        {
            return Failed(frame.Problems);
        }

        var (operation, axisOrder) = frame.Value;
        var rules = new ValidationRules
        {
            SpikeAngleDegrees = request.SpikeAngleDegrees,
            AreaOfUse = operation.Source.AreaOfUse,
            AreaName = operation.Source.ToString(),
        };
        var reference = request.SectionLine is { IsEmpty: false } line ? new SectionReach(request.Section, line) : null;
        var problems = new List<InputProblem>();
        var changes = new List<GeometryChange>();
        var lines = new List<BoundaryLine>();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        var stem = Path.GetFileNameWithoutExtension(source);
        foreach (var feature in features)
        {
            cancellationToken.ThrowIfCancellationRequested();
            InputProblem Problem(string reason) => new(source, reason) { Feature = feature.Index, Line = feature.Line, Column = feature.Column };
            if (feature.Geometry is not (LineString or MultiLineString))
            {
                problems.Add(Problem($"a {feature.Geometry.GeometryType} is not a line; boundary lines are LineStrings or MultiLineStrings"));
                continue;
            }

            var id = (feature.Id ?? string.Create(CultureInfo.InvariantCulture, $"{stem}-{feature.Index + 1}")).Trim();
            if (ids.TryGetValue(id, out var first))
            {
                problems.Add(Problem($"the id '{id}' is already used by feature {first}; every line needs its own id"));
                continue;
            }

            ids[id] = feature.Index;
            var geometry = ToWgs84(feature, operation, axisOrder, out var invalid);
            if (invalid is not null)
            {
                problems.Add(Problem(invalid));
                continue;
            }

            var findings = new List<GeometryFinding>();
            if (request.Repair)
            {
                changes.AddRange(feature.ReadFindings.Select(f => new GeometryChange(f.Feature, f.Kind, "closed: " + f.Reason)));
                var repair = GeometryValidator.Repair(geometry, feature.Index, rules);
                geometry = repair.Geometry;
                changes.AddRange(repair.Changes);
                findings.AddRange(repair.Remaining);
            }
            else
            {
                findings.AddRange(feature.ReadFindings);
                findings.AddRange(GeometryValidator.Validate(geometry, feature.Index, rules));
            }

            if (findings.Count > 0)
            {
                problems.AddRange(findings.Select(f => Problem(f.Reason + (f.IsRepairable ? " (--repair fixes this)" : ""))));
                continue;
            }

            if (reference?.Distance(geometry) is { } distance && distance > request.MaximumDistanceMetres)
            {
                problems.Add(Problem(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the line never meets section '{request.Section.Id}' ({request.Section.Name}): it comes no closer than {distance / 1000:0.###} km to the section's line (the limit is {request.MaximumDistanceMetres / 1000:0.###} km); is it the right section, CRS ({operation.Source.Code}) and axis order?")));
                continue;
            }

            var lines2d = geometry is MultiLineString m ? m : Wgs84.CreateMultiLineString([(LineString)geometry]);
            var name = feature.Name ?? (feature.Properties.TryGetValue("name", out var n) ? n : null) ?? id;
            lines.Add(new BoundaryLine(id, request.Section.Id, request.Kind, name, Flat(lines2d))
            {
                Owner = request.Owner,
                ClaimedBy = request.Kind == LineKind.PartyClaim ? request.Owner : null,
            });
        }

        if (problems.Count > 0)
        {
            return Failed(problems);
        }

        return ParseResult<LineImportPlan>.Ok(new LineImportPlan(lines, changes, operation.Name));
    }

    /// <summary>The operation to WGS 84 and the file's axis order, from the request, the file's own CRS statements and a CSV header.</summary>
    private static ParseResult<(CoordinateOperation Operation, AxisOrder Axes)> Frame(LineImportRequest request, IReadOnlyList<FileFeature> features, CsvAxes? csvAxes) =>
        Frame(new FileFrame(request.SourceName, request.Format, request.Crs, request.AxisOrder, request.Operation, request.CommissionOperation, request.Registry), features, csvAxes);

    /// <summary>What a user states about a file's coordinates: its format, CRS, axis order and datum transformation.</summary>
    internal sealed record FileFrame(string SourceName, FeatureFormat Format, string? Crs, AxisOrder? AxisOrder, string? Operation, string? CommissionOperation, CrsRegistry Registry);

    /// <summary>The operation to WGS 84 and the file's axis order, from what the user states, the file's own CRS statements and a CSV header.</summary>
    internal static ParseResult<(CoordinateOperation Operation, AxisOrder Axes)> Frame(FileFrame request, IReadOnlyList<FileFeature> features, CsvAxes? csvAxes)
    {
        var source = request.SourceName;
        var stated = features.Where(f => f.Crs is not null).Select(f => (f.Index, Crs: f.Crs!)).ToList();
        var distinct = stated.Select(s => s.Crs.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            var firstCrs = stated[0].Crs;
            var other = stated.First(s => !string.Equals(s.Crs, firstCrs, StringComparison.OrdinalIgnoreCase));
            return FrameFailed(new InputProblem(source, $"mixed CRSs in one file: feature {stated[0].Index} is in {firstCrs}, feature {other.Index} in {other.Crs}; one import is in one CRS, so split the file")
            {
                Feature = other.Index,
                Line = features[(int)other.Index].Line,
            });
        }

        if (request.Format is FeatureFormat.GeoJson or FeatureFormat.Kml)
        {
            if (request.Crs is { } crs && !IsWgs84LongitudeLatitude(crs))
            {
                return FrameFailed(new InputProblem(source, $"{request.Format} positions are always WGS 84 longitude, latitude; --crs {crs} does not apply (reproject the file, or export it as CSV or WKT in {crs})"));
            }

            if (request.AxisOrder is { } axes && axes != AxisOrder.LongitudeLatitude)
            {
                return FrameFailed(new InputProblem(source, $"{request.Format} positions are always longitude first; --axis-order does not apply"));
            }

            return FrameOk(CoordinateOperation.Create(CrsRegistry.Wgs84, CrsRegistry.Wgs84).Value, AxisOrder.LongitudeLatitude);
        }

        var fileCrs = stated.Count > 0 ? stated[0].Crs : null;
        if (fileCrs is not null && request.Crs is not null && !SameCode(fileCrs, request.Crs))
        {
            return FrameFailed(new InputProblem(source, $"the file says its coordinates are in {fileCrs}, but --crs says {request.Crs}"));
        }

        var resolved = request.Registry.Resolve(request.Crs ?? fileCrs ?? "EPSG:4326", "--crs");
        if (!resolved.Success)
        {
            return FrameFailed(resolved.Problems);
        }

        var system = resolved.Value;
        AxisOrder order;
        if (request.AxisOrder is { } statedOrder)
        {
            if (csvAxes?.Order is { } headerOrder && headerOrder != statedOrder)
            {
                return FrameFailed(new InputProblem(source, $"the header names the columns {csvAxes.First}, {csvAxes.Second}, but --axis-order says {Describe(statedOrder)}") { Line = 1 });
            }

            order = statedOrder;
        }
        else
        {
            // A header that names its axes is the file's own statement; WKT is written x first (easting, longitude) by
            // convention and GeoPackage WKB always is; a bare CSV follows its CRS's definition.
            order = csvAxes?.Order ?? (request.Format is FeatureFormat.Wkt or FeatureFormat.GeoPackage
                ? system.IsProjected ? AxisOrder.EastingNorthing : AxisOrder.LongitudeLatitude
                : system.AxisOrder);
        }

        var geographicOrder = order is AxisOrder.LatitudeLongitude or AxisOrder.LongitudeLatitude;
        if (geographicOrder == system.IsProjected)
        {
            return FrameFailed(new InputProblem(source, $"{system.Code} is {(system.IsProjected ? "a projected CRS (easting, northing)" : "a geographic CRS (latitude, longitude)")}; the axis order {Describe(order)} does not fit it"));
        }

        // The commission records one datum transformation for all its work; it applies only where the datums differ.
        var named = request.Operation ?? TransformationChoice.DefaultCode(system, CrsRegistry.Wgs84, request.CommissionOperation);
        var operation = TransformationChoice.Choose(system, CrsRegistry.Wgs84, named, "--operation");
        return operation.Success ? FrameOk(operation.Value, order) : FrameFailed(operation.Problems);
    }

    private static string Describe(AxisOrder order) => order switch
    {
        AxisOrder.LatitudeLongitude => "latitude first",
        AxisOrder.LongitudeLatitude => "longitude first",
        AxisOrder.EastingNorthing => "easting first",
        _ => "northing first",
    };

    private static ParseResult<(CoordinateOperation, AxisOrder)> FrameOk(CoordinateOperation operation, AxisOrder order) => ParseResult<(CoordinateOperation, AxisOrder)>.Ok((operation, order));

    private static ParseResult<(CoordinateOperation, AxisOrder)> FrameFailed(InputProblem problem) => ParseResult<(CoordinateOperation, AxisOrder)>.Failed(problem);

    private static ParseResult<(CoordinateOperation, AxisOrder)> FrameFailed(IReadOnlyList<InputProblem> problems) => ParseResult<(CoordinateOperation, AxisOrder)>.Failed(problems);

    private static bool IsWgs84LongitudeLatitude(string crs) =>
        crs.Trim().ToUpperInvariant() is "EPSG:4326" or "OGC:CRS84" or "CRS84" or "WGS84" or "URN:OGC:DEF:CRS:OGC:1.3:CRS84" or "URN:OGC:DEF:CRS:EPSG::4326";

    private static bool SameCode(string a, string b)
    {
        var x = CrsCode.Parse(a);
        var y = CrsCode.Parse(b);
        return x.Success && y.Success ? x.Value == y.Value : string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The feature's geometry on WGS 84 (x = longitude), or the reason a position is not one in its CRS.</summary>
    internal static Geometry ToWgs84(FileFeature feature, CoordinateOperation operation, AxisOrder fileOrder, out string? invalid)
    {
        string? problem = null;
        var swap = fileOrder != operation.Source.AxisOrder;
        var identity = operation.Source.Code == CrsRegistry.Wgs84.Code;
        var geometry = feature.Geometry.Copy();
        var index = 0;
        geometry.Apply(new CoordinateFilter(c =>
        {
            var (first, second) = swap ? (c.Y, c.X) : (c.X, c.Y);
            if (identity)
            {
                // Latitude first in EPSG:4326; the validator judges the values, including swapped axes.
                (c.X, c.Y) = (second, first);
            }
            else
            {
                var result = operation.Transform(first, second);
                if (result.Issues.HasFlag(TransformIssues.InvalidCoordinate) && problem is null)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"vertex {index} ({c.X:R}, {c.Y:R}) is not a position in {operation.Source}: check the CRS (--crs) and the axis order (--axis-order)");
                }

                (c.X, c.Y) = (result.Second, result.First);
            }

            index++;
        }));
        geometry.GeometryChanged();
        geometry.SRID = 4326;
        invalid = problem;
        return geometry;
    }

    /// <summary>Two-dimensional copies: the record keeps longitude and latitude; heights of a source line are not part of a boundary.</summary>
    private static MultiLineString Flat(MultiLineString lines) =>
        Wgs84.CreateMultiLineString([.. Enumerable.Range(0, lines.NumGeometries).Select(i =>
            Wgs84.CreateLineString([.. lines.GetGeometryN(i).Coordinates.Select(c => new Coordinate(c.X, c.Y))]))]);

    internal static ParseResult<IReadOnlyList<FileFeature>> FromGeoJson(ParseResult<IReadOnlyList<GeoJsonFeature>> read, string source)
    {
        if (!read.Success)
        {
            return ParseResult<IReadOnlyList<FileFeature>>.Failed(read.Problems);
        }

        var features = new List<FileFeature>(read.Value.Count);
        var problems = new List<InputProblem>();
        foreach (var f in read.Value)
        {
            var properties = f.Properties
                .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                .ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
            if (f.Geometry is null)
            {
                problems.Add(new InputProblem(source, "the feature has no geometry (\"geometry\": null)") { Feature = f.Index, Line = f.Line });
                continue;
            }

            properties.TryGetValue("id", out var propertyId);
            properties.TryGetValue("name", out var name);
            features.Add(new FileFeature(f.Index, f.Id ?? propertyId, name, f.Geometry) { Line = f.Line, Properties = properties });
        }

        return problems.Count == 0 ? ParseResult<IReadOnlyList<FileFeature>>.Ok(features) : ParseResult<IReadOnlyList<FileFeature>>.Failed(problems);
    }

    /// <summary>SQLite reads files, not streams: the GeoPackage is copied to a temporary file (within the size limit) and read from there.</summary>
    internal static async Task<ParseResult<IReadOnlyList<FileFeature>>> ReadGeoPackageAsync(Stream stream, string sourceName, string? layer, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "demarcate-import-" + Guid.NewGuid().ToString("N") + ".gpkg");
        try
        {
            await using (var copy = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await stream.CopyToAsync(copy, cancellationToken);
            }

            return await GeoPackage.GeoPackageFeatureReader.ReadAllAsync(path, sourceName, layer, cancellationToken);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    internal static string TooLarge(long size, long limit) => string.Create(
        CultureInfo.InvariantCulture,
        $"the file is larger than the import limit of {limit / (1024.0 * 1024):0.#} MiB ({(size > limit ? $"{size / (1024.0 * 1024):0.#} MiB" : "read so far: over the limit")}); nothing was imported. Split it by section or sector, or raise the limit (--max-size)");

    private static ParseResult<LineImportPlan> Failed(InputProblem problem) => ParseResult<LineImportPlan>.Failed(problem);

    private static ParseResult<LineImportPlan> Failed(IReadOnlyList<InputProblem> problems) =>
        ParseResult<LineImportPlan>.Failed(problems.Count <= MaximumProblems
            ? problems
            : [.. problems.Take(MaximumProblems), new InputProblem(problems[0].Source, $"and {problems.Count - MaximumProblems} more problems")]);

    /// <summary>How far a line stays from the section's line, measured in the section's UTM plane.</summary>
    private sealed class SectionReach
    {
        private readonly PlanarFrame _frame;
        private readonly Geometry _section;
        private readonly GeometryFactory _plane = NtsGeometryServices.Instance.CreateGeometryFactory(0);

        public SectionReach(Section section, Geometry line)
        {
            _frame = PlanarFrame.Utm(section.UtmZone);
            _section = Project(line);
        }

        public double Distance(Geometry line) => _section.Distance(Project(line));

        private Geometry Project(Geometry geometry)
        {
            var copy = _plane.CreateGeometry(geometry);
            copy.Apply(new CoordinateFilter(c => (c.X, c.Y) = _frame.ToPlane(new GeoPoint(c.Y, c.X))));
            copy.GeometryChanged();
            return copy;
        }
    }

    private sealed class CoordinateFilter(Action<Coordinate> change) : ICoordinateFilter
    {
        public void Filter(Coordinate coord) => change(coord);
    }
}
