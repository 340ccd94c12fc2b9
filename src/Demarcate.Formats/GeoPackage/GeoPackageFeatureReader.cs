using System.Globalization;
using Demarcate.Core;
using Microsoft.Data.Sqlite;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.GeoPackage;

/// <summary>
/// Reads the features of one feature table of an OGC GeoPackage file (as QGIS or ogr2ogr write it): the
/// geometry blob, an id (an <c>id</c> or <c>line_id</c> column, else the row's primary key), a <c>name</c>,
/// the other columns as text, and the table's CRS from <c>gpkg_spatial_ref_sys</c>.
/// </summary>
/// <remarks>The file is opened read-only and never changed. Coordinates stay as stored: x = longitude or easting.</remarks>
public static class GeoPackageFeatureReader
{
    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(0);

    /// <param name="layer">The feature table to read; may be null when the file has only one.</param>
    public static async Task<ParseResult<IReadOnlyList<FileFeature>>> ReadAllAsync(string path, string sourceName, string? layer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            var tables = new List<(string Table, string Column, string? Crs)>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText =
                    "SELECT g.table_name, g.column_name, s.organization, s.organization_coordsys_id FROM gpkg_geometry_columns g " +
                    "LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id ORDER BY g.table_name";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var crs = reader.IsDBNull(2) || reader.IsDBNull(3) ? null : $"{reader.GetString(2).ToUpperInvariant()}:{reader.GetInt64(3).ToString(CultureInfo.InvariantCulture)}";
                    tables.Add((reader.GetString(0), reader.GetString(1), crs));
                }
            }

            var chosen = layer is null ? (tables.Count == 1 ? tables[0] : default) : tables.FirstOrDefault(t => string.Equals(t.Table, layer, StringComparison.OrdinalIgnoreCase));
            if (chosen.Table is null)
            {
                var names = string.Join(", ", tables.Select(t => t.Table));
                return Failed(new InputProblem(sourceName, tables.Count == 0
                    ? "the GeoPackage holds no feature table"
                    : layer is null
                        ? $"the GeoPackage holds {tables.Count} feature tables ({names}); name one with --layer"
                        : $"the GeoPackage has no feature table '{layer}'; it has: {names}"));
            }

            return await ReadTableAsync(connection, chosen.Table, chosen.Column, chosen.Crs, sourceName, cancellationToken);
        }
        catch (SqliteException exception)
        {
            return Failed(new InputProblem(sourceName, $"not a readable GeoPackage: {exception.Message.TrimEnd('.')}"));
        }
    }

    private static async Task<ParseResult<IReadOnlyList<FileFeature>>> ReadTableAsync(
        SqliteConnection connection, string table, string geometryColumn, string? crs, string sourceName, CancellationToken cancellationToken)
    {
        var features = new List<FileFeature>();
        var problems = new List<InputProblem>();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var geometryOrdinal = reader.GetOrdinal(geometryColumn);
        long index = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            string? key = null;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i == geometryOrdinal || reader.IsDBNull(i))
                {
                    continue;
                }

                var value = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                if (i == 0)
                {
                    key = value;
                }

                properties[reader.GetName(i)] = value;
            }

            if (reader.IsDBNull(geometryOrdinal))
            {
                problems.Add(new InputProblem(sourceName, $"row {key} of {table} has no geometry") { Feature = index++ });
                continue;
            }

            try
            {
                var geometry = GeoPackageGeometry.Decode((byte[])reader.GetValue(geometryOrdinal), Factory);
                var id = properties.GetValueOrDefault("id") ?? properties.GetValueOrDefault("line_id") ?? key;
                features.Add(new FileFeature(index, id, properties.GetValueOrDefault("name"), geometry) { Properties = properties, Crs = crs });
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException or NetTopologySuite.IO.ParseException)
            {
                problems.Add(new InputProblem(sourceName, $"row {key} of {table}: the geometry cannot be read: {exception.Message}") { Feature = index });
            }

            index++;
        }

        return problems.Count == 0 ? ParseResult<IReadOnlyList<FileFeature>>.Ok(features) : ParseResult<IReadOnlyList<FileFeature>>.Failed(problems);
    }

    private static ParseResult<IReadOnlyList<FileFeature>> Failed(InputProblem problem) => ParseResult<IReadOnlyList<FileFeature>>.Failed(problem);
}
