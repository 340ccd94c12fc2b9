using System.Globalization;
using System.IO.Compression;
using System.Text;
using Demarcate.Core;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.GeoPackage;
using Demarcate.Formats.Import;
using Microsoft.Data.Sqlite;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Formats.Exchange;

/// <summary>
/// Reads an exchange dataset back: what <see cref="DatasetWriter"/> wrote, and what GDAL makes of it (a GeoPackage that
/// <c>ogr2ogr</c> copied from our GeoJSON holds one table with a <c>layer</c> column; one made from a shapefile cuts
/// column names to ten characters). Every problem names the file, the layer, the feature and, where the format has
/// lines, the line; nothing is returned unless every feature reads.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class DatasetReader
{
    private static readonly GeometryFactory Wgs84 = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    public static async Task<ParseResult<ExchangeDataset>> ReadAsync(
        Stream stream, string sourceName, FeatureFormat format, long maximumBytes = LineImportRequest.DefaultMaximumBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        var limited = new SizeLimitedStream(stream, maximumBytes);
        try
        {
            return format switch
            {
                FeatureFormat.GeoJson => await ReadGeoJsonAsync(limited, sourceName, cancellationToken),
                FeatureFormat.GeoPackage => await ReadGeoPackageStreamAsync(limited, sourceName, cancellationToken),
                FeatureFormat.Csv => await ReadCsvZipAsync(limited, sourceName, cancellationToken),
                FeatureFormat.Kml => await ReadKmlAsync(limited, sourceName, cancellationToken),
                _ => Failed(new InputProblem(sourceName, $"a dataset is imported from a GeoPackage, GeoJSON, KML or a zip of CSV files, not {format}")),
            };
        }
        catch (SizeLimitedStream.LimitExceededException)
        {
            return Failed(new InputProblem(sourceName, string.Create(CultureInfo.InvariantCulture, $"the file is larger than the import limit of {maximumBytes / (1024 * 1024)} MiB; nothing was imported")));
        }
    }

    private static async Task<ParseResult<ExchangeDataset>> ReadGeoJsonAsync(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        var read = await GeoJsonReader.ReadAllAsync(stream, sourceName, cancellationToken);
        if (!read.Success)
        {
            return Failed(read.Problems);
        }

        var builder = new Builder(sourceName);
        foreach (var feature in read.Value)
        {
            var layerName = feature.Properties.TryGetValue("layer", out var l) && l.ValueKind == System.Text.Json.JsonValueKind.String ? l.GetString() : null;
            builder.Add(layerName, feature.Index, feature.Line, feature.Geometry, feature.Properties.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.OrdinalIgnoreCase));
        }

        return builder.Build();
    }

    /// <summary>
    /// What <see cref="DatasetKmlWriter"/> wrote (Data items) or GDAL's KML driver (SchemaData): each Placemark's
    /// <c>layer</c> item names its layer, whatever folder it is in; a Placemark without a geometry is a record of
    /// attributes only. GDAL writes a <c>name</c> field as the Placemark's own name, so that is taken when no item
    /// carries it and it is not just the record's id (which our writer puts there for unnamed records).
    /// </summary>
    private static async Task<ParseResult<ExchangeDataset>> ReadKmlAsync(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        var read = await Kml.KmlReader.ReadAllAsync(stream, sourceName, recordsWithoutGeometry: true, cancellationToken);
        if (!read.Success)
        {
            return Failed(read.Problems);
        }

        var builder = new Builder(sourceName);
        foreach (var feature in read.Value)
        {
            var values = feature.Properties.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.OrdinalIgnoreCase);
            var layerName = values.GetValueOrDefault("layer") as string;
            if (feature.Name is { Length: > 0 } name && !values.ContainsKey("name")
                && DatasetSchema.Find(layerName) is { } schema && schema.FieldFor("name") is not null
                && !string.Equals(name, values.GetValueOrDefault(schema.IdField.Name) as string, StringComparison.Ordinal))
            {
                values["name"] = name;
            }

            var geometry = feature.Geometry.IsEmpty ? null : feature.Geometry;
            builder.Add(layerName, feature.Index, feature.Line, geometry, values);
        }

        return builder.Build();
    }

    private static async Task<ParseResult<ExchangeDataset>> ReadGeoPackageStreamAsync(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"demarcate-import-{Guid.NewGuid():N}.gpkg");
        try
        {
            await using (var file = File.Create(scratch))
            {
                await stream.CopyToAsync(file, cancellationToken);
            }

            return await ReadGeoPackageAsync(scratch, sourceName, cancellationToken);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    /// <summary>Reads the dataset layers of the GeoPackage at <paramref name="path"/> (opened read-only); tables that are no layer of ours are passed over.</summary>
    public static async Task<ParseResult<ExchangeDataset>> ReadGeoPackageAsync(string path, string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        var builder = new Builder(sourceName);
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            var tables = new List<(string Table, string? Column, long? Srs)>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText =
                    "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name " +
                    "WHERE c.data_type IN ('features', 'attributes') ORDER BY c.table_name";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    tables.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));
                }
            }

            var read = 0;
            foreach (var (table, geometryColumn, srs) in tables)
            {
                var columns = await ColumnsAsync(connection, table, cancellationToken);
                var byColumn = columns.Any(c => string.Equals(c, "layer", StringComparison.OrdinalIgnoreCase));
                if (!byColumn && DatasetSchema.Find(table) is null)
                {
                    continue;
                }

                read++;
                if (geometryColumn is not null && srs is not (4326 or 0 or -1) && !await IsWgs84Async(connection, srs, cancellationToken))
                {
                    builder.Problem(new InputProblem(sourceName, string.Create(CultureInfo.InvariantCulture, $"layer {table}: the geometries are in SRS {srs}, not WGS 84 longitude/latitude; reproject first (ogr2ogr -t_srs EPSG:4326)")));
                    continue;
                }

                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var geometryOrdinal = geometryColumn is null ? -1 : reader.GetOrdinal(geometryColumn);
                long index = 0;
                while (await reader.ReadAsync(cancellationToken))
                {
                    var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (i != geometryOrdinal)
                        {
                            values[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                        }
                    }

                    Geometry? geometry = null;
                    if (geometryOrdinal >= 0 && !reader.IsDBNull(geometryOrdinal))
                    {
                        try
                        {
                            geometry = GeoPackageGeometry.Decode((byte[])reader.GetValue(geometryOrdinal), Wgs84);
                            geometry.SRID = 4326;
                        }
                        catch (Exception exception) when (exception is FormatException or ArgumentException or ParseException)
                        {
                            builder.Problem(new InputProblem(sourceName, $"layer {table}: the geometry cannot be read: {exception.Message}") { Feature = index });
                            index++;
                            continue;
                        }
                    }

                    var layerName = byColumn ? values.GetValueOrDefault("layer") as string : table;
                    builder.Add(layerName, index++, null, geometry, values);
                }
            }

            if (read == 0)
            {
                return Failed(new InputProblem(sourceName, $"the GeoPackage holds none of the dataset's layers ({string.Join(", ", DatasetSchema.Layers.Select(l => l.Name))}); its tables are: {string.Join(", ", tables.Select(t => t.Table))}"));
            }
        }
        catch (SqliteException exception)
        {
            return Failed(new InputProblem(sourceName, $"not a readable GeoPackage: {exception.Message.TrimEnd('.')}"));
        }

        return builder.Build();
    }

    private static async Task<List<string>> ColumnsAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    /// <summary>GDAL sometimes registers WGS 84 under its own srs_id; what counts is the organisation's code.</summary>
    private static async Task<bool> IsWgs84Async(SqliteConnection connection, long? srs, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT upper(organization), organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = $srs";
        command.Parameters.AddWithValue("$srs", srs ?? 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.GetString(0) == "EPSG" && reader.GetInt64(1) == 4326;
    }

    private static async Task<ParseResult<ExchangeDataset>> ReadCsvZipAsync(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        // A zip is read from its central directory at the end, so it is buffered first (the stream is already size-limited).
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        }
        catch (InvalidDataException exception)
        {
            return Failed(new InputProblem(sourceName, $"not a zip of CSV files: {exception.Message}"));
        }

        using (zip)
        {
            var builder = new Builder(sourceName);
            var wkt = new WKTReader(NtsGeometryServices.Instance);
            var read = 0;
            foreach (var entry in zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var schema = entry.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? DatasetSchema.Find(Path.GetFileNameWithoutExtension(entry.Name)) : null;
                if (schema is null)
                {
                    continue;
                }

                read++;
                var where = $"{sourceName}/{entry.FullName}";
                await using var entryStream = await entry.OpenAsync(cancellationToken);
                using var reader = new StreamReader(entryStream, Encoding.UTF8);
                var rows = CsvRows.Read(await reader.ReadToEndAsync(cancellationToken));
                if (rows.Count == 0)
                {
                    continue;
                }

                var header = rows[0].Fields;
                var wktColumn = header.FindIndex(h => string.Equals(h, "WKT", StringComparison.OrdinalIgnoreCase));
                long index = 0;
                foreach (var row in rows.Skip(1))
                {
                    if (row.Fields.Count != header.Count)
                    {
                        builder.Problem(new InputProblem(where, string.Create(CultureInfo.InvariantCulture, $"layer {schema.Name}: the row has {row.Fields.Count} fields, the header {header.Count}")) { Feature = index++, Line = row.Line });
                        continue;
                    }

                    Geometry? geometry = null;
                    if (wktColumn >= 0 && row.Fields[wktColumn].Length > 0)
                    {
                        try
                        {
                            geometry = wkt.Read(row.Fields[wktColumn]);
                            geometry.SRID = 4326;
                        }
                        catch (ParseException exception)
                        {
                            builder.Problem(new InputProblem(where, $"layer {schema.Name}: the WKT cannot be read: {exception.Message}") { Feature = index++, Line = row.Line });
                            continue;
                        }
                    }

                    var values = header.Select((h, i) => (h, i)).Where(x => x.i != wktColumn).ToDictionary(x => x.h, x => (object?)row.Fields[x.i], StringComparer.OrdinalIgnoreCase);
                    builder.Add(schema.Name, index++, row.Line, geometry, values, where);
                }
            }

            if (read == 0)
            {
                return Failed(new InputProblem(sourceName, $"the zip holds none of the dataset's layers as CSV ({string.Join(", ", DatasetSchema.Layers.Select(l => l.Name + ".csv"))})"));
            }

            return builder.Build();
        }
    }

    private static ParseResult<ExchangeDataset> Failed(InputProblem problem) => ParseResult<ExchangeDataset>.Failed(problem);

    private static ParseResult<ExchangeDataset> Failed(IReadOnlyList<InputProblem> problems) => ParseResult<ExchangeDataset>.Failed(problems);

    /// <summary>Collects features layer by layer, typing each value by its field and noting every problem.</summary>
    private sealed class Builder(string sourceName)
    {
        private static readonly string[] PartyFields = ["first_state", "second_state", "mediator"];

        private readonly Dictionary<LayerSchema, List<ExchangeFeature>> layers = [];
        private readonly List<InputProblem> problems = [];
        private string title = Path.GetFileNameWithoutExtension(sourceName);

        public void Problem(InputProblem problem)
        {
            if (problems.Count < Import.LineImport.MaximumProblems)
            {
                problems.Add(problem);
            }
        }

        public void Add(string? layerName, long index, long? line, Geometry? geometry, IReadOnlyDictionary<string, object?> raw, string? where = null)
        {
            where ??= sourceName;
            var schema = DatasetSchema.Find(layerName);
            InputProblem At(string message) => new(where, message) { Feature = index, Line = line is > 0 ? line : null };
            if (schema is null)
            {
                Problem(At(layerName is null
                    ? "the feature names no layer (a \"layer\" property such as boundary_lines)"
                    : $"'{layerName}' is not a layer of the dataset; the layers are {string.Join(", ", DatasetSchema.Layers.Select(l => l.Name))}"));
                return;
            }

            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (column, value) in raw)
            {
                if (schema.FieldFor(column) is not { } field)
                {
                    continue;
                }

                if (!ExchangeValues.TryConvert(value, field.Type, out var typed, out var reason))
                {
                    Problem(At($"layer {schema.Name}: {field.Name}: {reason}"));
                    return;
                }

                values[field.Name] = typed;
            }

            if (schema.Fields.FirstOrDefault(f => f.Required && values.GetValueOrDefault(f.Name) is null) is { } missing)
            {
                Problem(At($"layer {schema.Name}: {missing.Name} is required"));
                return;
            }

            if (schema.HasGeometry)
            {
                var shaped = Shape(schema, geometry, out var reason);
                if (reason is not null)
                {
                    Problem(At($"layer {schema.Name}: {reason}"));
                    return;
                }

                geometry = shaped;
            }
            else if (geometry is not null)
            {
                Problem(At($"layer {schema.Name}: its records have no geometry, but this one has a {geometry.GeometryType}"));
                return;
            }

            if (!layers.TryGetValue(schema, out var list))
            {
                layers[schema] = list = [];
            }

            if (schema == DatasetSchema.Commission && values.GetValueOrDefault("name") is string name)
            {
                title = name;
            }

            list.Add(new ExchangeFeature(index, geometry, values) { Line = line });
        }

        /// <summary>The geometry as the layer keeps it: lines as MultiLineStrings (a shapefile gives single LineStrings), break points as Points.</summary>
        private static Geometry? Shape(LayerSchema schema, Geometry? geometry, out string? reason)
        {
            reason = null;
            if (geometry is null)
            {
                if (schema != DatasetSchema.Sectors)
                {
                    reason = "the feature has no geometry";
                }

                return null;
            }

            Geometry? shaped = (schema.GeometryType, geometry) switch
            {
                ("POINT", Point p) => p,
                ("MULTILINESTRING", MultiLineString m) => m,
                ("MULTILINESTRING", LineString l) => Wgs84.CreateMultiLineString([l]),
                _ => null,
            };
            if (shaped is null)
            {
                reason = $"a {geometry.GeometryType} where the layer holds {(schema.GeometryType == "POINT" ? "Points" : "lines")}";
                return null;
            }

            shaped.SRID = 4326;
            return shaped;
        }

        public ParseResult<ExchangeDataset> Build()
        {
            if (problems.Count > 0)
            {
                return ParseResult<ExchangeDataset>.Failed(problems);
            }

            var ordered = DatasetSchema.Layers.Where(layers.ContainsKey).Select(s => new ExchangeLayer(s, layers[s])).ToList();
            var parties = layers.TryGetValue(DatasetSchema.Commission, out var commission) && commission.Count > 0
                ? PartyFields.Select(f => commission[0].Text(f)).OfType<string>().ToList()
                : [];
            return ParseResult<ExchangeDataset>.Ok(new ExchangeDataset(title, ordered, parties));
        }
    }
}

/// <summary>RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks; each row knows the line it starts on.</summary>
internal static class CsvRows
{
    public sealed record Row(long Line, List<string> Fields);

    public static List<Row> Read(string text)
    {
        var rows = new List<Row>();
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1;
        long rowLine = 1;
        var quoted = false;
        var i = 0;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    rows.Add(new Row(rowLine, fields));
                    fields = [];
                    line++;
                    rowLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add(new Row(rowLine, fields));
        }

        return rows;
    }
}
