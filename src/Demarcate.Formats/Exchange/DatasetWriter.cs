using System.Globalization;
using System.IO.Compression;
using System.Text;
using Demarcate.Core;
using Demarcate.Formats.GeoJson;
using Demarcate.Formats.GeoPackage;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Formats.Exchange;

/// <summary>
/// Writes an exchange dataset as a GeoPackage (one table per layer), one GeoJSON FeatureCollection (each feature
/// naming its <c>layer</c>), a KML document for Google Earth (styled per line kind, folders per layer and section) or a
/// zip of CSV files (one per layer, geometry as WKT).
/// </summary>
/// <remarks>Stateless and thread-safe. Geometries are on WGS 84 with x = longitude.</remarks>
public static class DatasetWriter
{
    /// <summary>The formats a dataset is written in.</summary>
    public static IReadOnlyList<FeatureFormat> Formats { get; } = [FeatureFormat.GeoPackage, FeatureFormat.GeoJson, FeatureFormat.Kml, FeatureFormat.Csv];

    /// <summary>The file name extension of a dataset written in <paramref name="format"/> (CSV is a zip of one file per layer).</summary>
    public static string Extension(FeatureFormat format) => format == FeatureFormat.Csv ? "csv.zip" : FeatureFormats.Extension(format);

    /// <summary>The media type of a dataset written in <paramref name="format"/>.</summary>
    public static string MediaType(FeatureFormat format) => format == FeatureFormat.Csv ? "application/zip" : FeatureFormats.MediaType(format);

    public static async Task WriteAsync(Stream stream, ExchangeDataset dataset, FeatureFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        switch (format)
        {
            case FeatureFormat.GeoPackage:
                {
                    // SQLite writes files, not streams: the package is built in a scratch file and then copied out.
                    var scratch = Path.Combine(Path.GetTempPath(), $"demarcate-export-{Guid.NewGuid():N}.gpkg");
                    try
                    {
                        await WriteGeoPackageAsync(scratch, dataset, cancellationToken);
                        await using var file = File.OpenRead(scratch);
                        await file.CopyToAsync(stream, cancellationToken);
                    }
                    finally
                    {
                        File.Delete(scratch);
                    }

                    break;
                }

            case FeatureFormat.GeoJson:
                await WriteGeoJsonAsync(stream, dataset, cancellationToken);
                break;
            case FeatureFormat.Kml:
                await DatasetKmlWriter.WriteAsync(stream, dataset, cancellationToken);
                break;
            case FeatureFormat.Csv:
                await WriteCsvZipAsync(stream, dataset, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "A dataset is written as gpkg, geojson, kml or csv.");
        }
    }

    private static async Task WriteGeoJsonAsync(Stream stream, ExchangeDataset dataset, CancellationToken cancellationToken)
    {
        var features = dataset.Layers.SelectMany(layer => layer.Features.Select(f => (layer.Schema, Feature: f)))
            .Select((x, i) =>
            {
                var properties = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal) { ["layer"] = ExchangeValues.Json(x.Schema.Name) };
                foreach (var field in x.Schema.Fields)
                {
                    properties[field.Name] = ExchangeValues.Json(x.Feature.Values.GetValueOrDefault(field.Name));
                }

                return new GeoJsonFeature(i, ExchangeValues.Text(x.Feature.Values.GetValueOrDefault(x.Schema.IdField.Name)), x.Feature.Geometry, properties);
            });
        await GeoJsonWriter.WriteAsync(stream, features, new GeoJsonWriteOptions().WithMember("name", dataset.Title), cancellationToken);
    }

    private static async Task WriteCsvZipAsync(Stream stream, ExchangeDataset dataset, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var wkt = new WKTWriter(2) { MaxCoordinatesPerLine = int.MaxValue };
        foreach (var layer in dataset.Layers)
        {
            // The .csvt beside each file tells GDAL the columns' types, so QGIS shows numbers as numbers.
            var types = zip.CreateEntry(layer.Schema.Name + ".csvt", CompressionLevel.Optimal);
            await using (var typesStream = await types.OpenAsync(cancellationToken))
            {
                var names = (layer.Schema.HasGeometry ? ["\"WKT\""] : Array.Empty<string>()).Concat(layer.Schema.Fields.Select(f => f.Type switch
                {
                    FieldType.WholeNumber => "\"Integer\"",
                    FieldType.RealNumber => "\"Real\"",
                    FieldType.Flag => "\"Integer(Boolean)\"",
                    _ => "\"String\"",
                }));
                await typesStream.WriteAsync(Encoding.UTF8.GetBytes(string.Join(',', names) + "\r\n"), cancellationToken);
            }

            var entry = zip.CreateEntry(layer.Schema.Name + ".csv", CompressionLevel.Optimal);
            await using var entryStream = await entry.OpenAsync(cancellationToken);
            await using var writer = new StreamWriter(entryStream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\r\n" };

            // GDAL's CSV driver takes a column named WKT as the geometry without being told.
            var header = (layer.Schema.HasGeometry ? ["WKT"] : Array.Empty<string>()).Concat(layer.Schema.Fields.Select(f => f.Name));
            await writer.WriteLineAsync(string.Join(',', header.Select(Quote)).AsMemory(), cancellationToken);
            foreach (var feature in layer.Features)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var cells = new List<string>();
                if (layer.Schema.HasGeometry)
                {
                    cells.Add(feature.Geometry is null ? "" : wkt.Write(feature.Geometry));
                }

                cells.AddRange(layer.Schema.Fields.Select(f => ExchangeValues.Text(feature.Values.GetValueOrDefault(f.Name)) ?? ""));
                await writer.WriteLineAsync(string.Join(',', cells.Select(Quote)).AsMemory(), cancellationToken);
            }
        }
    }

    /// <summary>RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private const string Wgs84Definition =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]," +
        "AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

    /// <summary>
    /// An OGC GeoPackage 1.3 at <paramref name="path"/> (replaced if it exists): one feature table per layer with
    /// geometry, one attributes table per layer without, each listed in <c>gpkg_contents</c> with its extent.
    /// </summary>
    public static async Task WriteGeoPackageAsync(string path, ExchangeDataset dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dataset);
        File.Delete(path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;", cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
              last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
              z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
            """, cancellationToken);
        await ExecuteAsync(
            connection, transaction,
            "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, $definition, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
            cancellationToken, ("$definition", Wgs84Definition));

        foreach (var layer in dataset.Layers)
        {
            await WriteTableAsync(connection, transaction, layer, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task WriteTableAsync(SqliteConnection connection, SqliteTransaction transaction, ExchangeLayer layer, CancellationToken cancellationToken)
    {
        var schema = layer.Schema;
        var columns = new List<string> { "fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL" };
        if (schema.HasGeometry)
        {
            columns.Add($"geom {schema.GeometryType}");
        }

        columns.AddRange(schema.Fields.Select(f => $"\"{f.Name}\" {SqlType(f.Type)}{(f.Required ? " NOT NULL" : "")}"));
        await ExecuteAsync(connection, transaction, $"CREATE TABLE \"{schema.Name}\" ({string.Join(", ", columns)})", cancellationToken);

        var names = (schema.HasGeometry ? ["geom"] : Array.Empty<string>()).Concat(schema.Fields.Select(f => $"\"{f.Name}\"")).ToList();
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO \"{schema.Name}\" ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
            var parameters = names.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null))).ToList();
            foreach (var feature in layer.Features)
            {
                var p = 0;
                if (schema.HasGeometry)
                {
                    parameters[p++].Value = feature.Geometry is null ? DBNull.Value : GeoPackageGeometry.Encode(feature.Geometry, 4326);
                }

                foreach (var field in schema.Fields)
                {
                    parameters[p++].Value = feature.Values.GetValueOrDefault(field.Name) switch
                    {
                        null => DBNull.Value,
                        bool b => b ? 1L : 0L,
                        var value => value,
                    };
                }

                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var envelope = new Envelope();
        foreach (var feature in layer.Features.Where(f => f.Geometry is { IsEmpty: false }))
        {
            envelope.ExpandToInclude(feature.Geometry!.EnvelopeInternal);
        }

        object Bound(double value) => envelope.IsNull ? DBNull.Value : value;
        await ExecuteAsync(
            connection, transaction,
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES ($name, $type, $name, $title, $minx, $miny, $maxx, $maxy, $srs)",
            cancellationToken,
            ("$name", schema.Name), ("$type", schema.HasGeometry ? "features" : "attributes"), ("$title", schema.Title),
            ("$minx", Bound(envelope.MinX)), ("$miny", Bound(envelope.MinY)), ("$maxx", Bound(envelope.MaxX)), ("$maxy", Bound(envelope.MaxY)),
            ("$srs", schema.HasGeometry ? 4326 : DBNull.Value));
        if (schema.HasGeometry)
        {
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES ($name, 'geom', $type, 4326, 0, 0)",
                cancellationToken, ("$name", schema.Name), ("$type", schema.GeometryType!));
        }
    }

    private static string SqlType(FieldType type) => type switch
    {
        FieldType.WholeNumber => "INTEGER",
        FieldType.RealNumber => "DOUBLE",
        FieldType.Flag => "BOOLEAN",
        _ => "TEXT",
    };

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
