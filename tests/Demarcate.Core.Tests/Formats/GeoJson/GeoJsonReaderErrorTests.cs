using System.Globalization;
using System.Text;
using Demarcate.Formats.GeoJson;
using Demarcate.Testing;
using static Demarcate.Core.Tests.Formats.GeoJson.GeoJsonTestText;

namespace Demarcate.Core.Tests.Formats.GeoJson;

/// <summary>Every error says the file, line, column and feature, and what to do about it.</summary>
public sealed class GeoJsonReaderErrorTests
{
    private const string Header = """{"type": "FeatureCollection", "features": [""";
    private const string GoodFeature = """  {"type": "Feature", "properties": {"name": "Երևան"}, "geometry": {"type": "Point", "coordinates": [44.5, 40.2]}},""";

    /// <summary>A collection whose third line (feature 1) is <paramref name="badLine"/>.</summary>
    private static string WithSecondFeature(string badLine) => Lines(Header, GoodFeature, badLine, "]}");

    [Fact]
    public async Task A_syntax_error_deep_in_a_large_file_is_reported_at_its_absolute_line_and_column()
    {
        // 50 000 features, one per line after the header; feature 41 234 (line 41 236) has a doubled comma.
        const int count = 50_000;
        const int broken = 41_234;
        using var scratch = new ScratchFolder();
        var path = scratch.File("large.geojson");
        string? brokenLine = null;
        await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            await writer.WriteAsync("{\"type\": \"FeatureCollection\",\n\"features\": [\n");
            for (var i = 0; i < count; i++)
            {
                var line = "{\"type\": \"Feature\", \"id\": " + i.ToString(CultureInfo.InvariantCulture)
                    + ", \"properties\": {\"name\": \"Ծաղկաձոր " + i.ToString(CultureInfo.InvariantCulture)
                    + "\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [45.123456, 40.654321]}}" + (i < count - 1 ? "," : "");
                if (i == broken)
                {
                    line = line.Replace("[45.123456, 40.654321]", "[45.123456,, 40.654321]", StringComparison.Ordinal);
                    brokenLine = line;
                }

                await writer.WriteAsync(line + "\n");
            }

            await writer.WriteAsync("]}\n");
        }

        await using var stream = File.OpenRead(path);
        var exception = await Assert.ThrowsAsync<GeoJsonFormatException>(() => ReadAsync(stream, "large.geojson"));

        var column = ColumnOf(brokenLine!, ",,", shift: 1);
        Assert.Equal(broken + 3, exception.Problem.Line);
        Assert.Equal(column, exception.Problem.Column);
        Assert.Equal(broken, exception.Problem.Feature);
        Assert.StartsWith($"large.geojson:41237:{column}: feature 41234: invalid JSON: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_structural_error_deep_in_a_large_file_with_crlf_line_ends_is_reported_exactly()
    {
        var text = new StringBuilder(Header).Append("\r\n");
        for (var i = 0; i < 30_000; i++)
        {
            var latitude = i == 29_876 ? "140.5" : "40.25";
            text.Append(CultureInfo.InvariantCulture, $$$"""  {"type": "Feature", "properties": {"i": {{{i}}}}, "geometry": {"type": "Point", "coordinates": [45.5, {{{latitude}}}]}}""")
                .Append(i < 29_999 ? ",\r\n" : "\r\n");
        }

        text.Append("]}");

        var problem = await ProblemAsync(text.ToString(), "crlf.geojson");

        Assert.Equal(29_878, problem.Line);
        Assert.Equal(ColumnOf("""  {"type": "Feature", "properties": {"i": 29876}, "geometry": {"type": "Point", "coordinates": [45.5, 140.5]}}""", "[45.5"), problem.Column);
        Assert.Equal(29_876, problem.Feature);
        Assert.Equal("latitude 140.5 is outside -90..90 in position [45.5, 140.5]: the axes look swapped; GeoJSON positions are [longitude, latitude]", problem.Message);
    }

    [Fact]
    public async Task Columns_count_characters_not_bytes()
    {
        // The Armenian name takes two bytes a letter; the column is what an editor shows.
        var line = """  {"type": "Feature", "properties": {"name": "Ծաղկաձոր"}, "geometry": {"type": "Point", "coordinates": [45.1, "40.2"]}}""";

        var problem = await ProblemAsync(WithSecondFeature(line));

        Assert.Equal("test.geojson:3:" + ColumnOf(line, "\"40.2\"") + ": feature 1: a coordinate must be a number, found a string", problem.ToString());
    }

    [Fact]
    public async Task A_truncated_file_is_reported_at_its_end()
    {
        var json = WithSecondFeature(GoodFeature);
        var cut = json[..json.IndexOf("[44.5, 40.2]}},\n]", StringComparison.Ordinal)];

        var problem = await ProblemAsync(cut, "cut.geojson");

        Assert.Equal(3, problem.Line);
        Assert.Equal(ColumnOf(GoodFeature, "[44.5"), problem.Column);
        Assert.Equal(1, problem.Feature);
        Assert.Equal("the file ends before the GeoJSON is complete (is it truncated?)", problem.Message);
    }

    [Fact]
    public async Task An_empty_file_is_reported()
    {
        var problem = await ProblemAsync("  \n");

        Assert.Equal("test.geojson:2:1: the file is empty: expected a GeoJSON FeatureCollection, Feature or geometry", problem.ToString());
    }

    [Fact]
    public async Task Text_after_the_document_is_reported()
    {
        var problem = await ProblemAsync("""{"type":"Point","coordinates":[45,40]} {"type":"Point","coordinates":[46,41]}""");

        Assert.Equal((1L, 40L), (problem.Line!.Value, problem.Column!.Value));
        Assert.StartsWith("invalid JSON: ", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Polyline", "coordinates": [[45, 40], [46, 41]]}}""", "\"Polyline\"",
        "unknown type \"Polyline\": expected FeatureCollection, Feature, Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "linestring", "coordinates": [[45, 40], [46, 41]]}}""", "\"linestring\"",
        "unknown type \"linestring\": GeoJSON type names are case-sensitive, write \"LineString\"")]
    [InlineData("""  {"type": "feature", "properties": {}, "geometry": null}""", "\"feature\"",
        "unknown type \"feature\": GeoJSON type names are case-sensitive, write \"Feature\"")]
    [InlineData("""  {"type": "Point", "coordinates": [45, 40]}""", "\"Point\"",
        "an element of \"features\" must have \"type\": \"Feature\", found \"Point\"")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Feature", "coordinates": [45, 40]}}""", "\"Feature\", \"c",
        "a geometry cannot have \"type\": \"Feature\"; expected Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [45]}}""", "[45]",
        "a position needs at least 2 numbers (longitude, latitude), found 1")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": [[45, 40], []]}}""", "[]",
        "a position needs at least 2 numbers (longitude, latitude), found 0")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [45, true]}}""", "true",
        "a coordinate must be a number, found a boolean")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[45, 40]]}}""", "[[45",
        "the LineString has 1 position; a line needs at least 2")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "MultiLineString", "coordinates": [[[45, 40], [46, 41]], [[47, 42]]]}}""", "[[47",
        "line 1 of the MultiLineString has 1 position; a line needs at least 2")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[45, 40], [46, 40], [46, 41], [45, 40.5]]]}}""", "[[45",
        "ring 0 (the exterior ring) is not closed: its last position [45, 40.5] differs from its first [45, 40]")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[45, 40], [46, 40], [46, 41], [45, 40]], [[45.2, 40.2], [45.3, 40.3], [45.2, 40.2]]]}}""", "[[45.2",
        "ring 1 (a hole) has 3 positions; a closed ring needs at least 4 (the first repeated at the end)")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[45, 40], [46, 40], [46, 41], [45, 40]]], [[[44, 39], [45, 39], [44, 40]]]]}}""", "[[44",
        "polygon 1, ring 0 (the exterior ring) has 3 positions; a closed ring needs at least 4 (the first repeated at the end)")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[45, 40], [46, 40], [46, 41], [45, 40]]}}""", "45, 40]",
        "expected a position like [longitude, latitude], found a number: the coordinates are nested one level too shallow for a Polygon")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[[45, 40], [46, 41]]]}}""", "[45, 40]",
        "a coordinate must be a number, found an array: the coordinates are nested one level too deep for a LineString")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": 45}}""", "45}",
        "Point coordinates must be an array, found a number: the coordinates are nested one level too shallow for a Point")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [35.6895, 139.6917]}}""", "[35.6895",
        "latitude 139.6917 is outside -90..90 in position [35.6895, 139.6917]: the axes look swapped; GeoJSON positions are [longitude, latitude]")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [-185.5, 40]}}""", "[-185.5",
        "longitude -185.5 is outside -180..180 in position [-185.5, 40]")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [458231.5, 4453120.25]}}""", "[458231.5",
        "position [458231.5, 4453120.25] is not in degrees: the values look like metres of a projected CRS (UTM, Web Mercator …); coordinates must be WGS 84 longitude/latitude, so reproject first (e.g. ogr2ogr -t_srs EPSG:4326)")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [45, 1e999]}}""", "1e999",
        "coordinate 1e999 is too large for a double")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Point"}}""", "{\"type\": \"Point\"",
        "the Point has no \"coordinates\" member")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"coordinates": [45, 40]}}""", "{\"coordinates",
        "the geometry has no \"type\" member")]
    [InlineData("""  {"type": "Feature", "properties": {}}""", "{",
        "an element of \"features\" has no \"geometry\" member (write \"geometry\": null for a feature without a location)")]
    [InlineData("""  {"properties": {}, "geometry": null}""", "{",
        "an element of \"features\" has no \"type\" member (expected \"type\": \"Feature\")")]
    [InlineData("""  {"type": "Feature", "properties": [1, 2], "geometry": null}""", "[1, 2]",
        "\"properties\" must be an object or null, found an array")]
    [InlineData("""  {"type": "Feature", "properties": {"a": 1, "a": 2}, "geometry": null}""", "{\"a\"",
        "property \"a\" appears twice in \"properties\"")]
    [InlineData("""  {"type": "Feature", "id": true, "properties": {}, "geometry": null}""", "true",
        "\"id\" must be a string or a number, found a boolean")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "GeometryCollection", "geometries": [null]}}""", "null]",
        "a GeometryCollection cannot hold null geometries")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"coordinates": [[45, 40], [46]], "type": "LineString"}}""", "[46]",
        "a position needs at least 2 numbers (longitude, latitude), found 1")]
    [InlineData("""  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [45, 40], "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32638"}}}}""", "{\"type\": \"name\"",
        "coordinates must be WGS 84 longitude/latitude (RFC 7946), but \"crs\" declares \"urn:ogc:def:crs:EPSG::32638\"; reproject the file first (e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson)")]
    public async Task Each_structural_error_names_its_feature_line_and_column(string badLine, string marker, string message)
    {
        var problem = await ProblemAsync(WithSecondFeature(badLine));

        Assert.Equal(message, problem.Message);
        Assert.Equal(
            $"test.geojson:3:{ColumnOf(badLine, marker)}: feature 1: {message}",
            problem.ToString());
    }

    [Fact]
    public async Task A_projected_crs_on_the_collection_is_refused_before_any_feature()
    {
        var json = Lines(
            """{"type": "FeatureCollection",""",
            """ "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32638"}},""",
            """ "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [458231.5, 4453120.25]}}]}""");

        var problem = await ProblemAsync(json, "utm.geojson");

        Assert.StartsWith(
            "utm.geojson:2:9: coordinates must be WGS 84 longitude/latitude (RFC 7946), but \"crs\" declares \"urn:ogc:def:crs:EPSG::32638\"",
            problem.ToString(),
            StringComparison.Ordinal);
        Assert.Null(problem.Feature);
    }

    [Theory]
    [InlineData("[1, 2]", 1, 1, "expected a GeoJSON object (FeatureCollection, Feature or geometry), found an array")]
    [InlineData("""{"type": "FeatureCollection", "features": {"a": 1}}""", 1, 43, "\"features\" must be an array of Feature objects, found an object")]
    [InlineData("""{"type": "FeatureCollection", "features": [1]}""", 1, 44, "each element of \"features\" must be a Feature object, found a number")]
    [InlineData("""{"type": "FeatureCollection"}""", 1, 10, "the FeatureCollection has no \"features\" array")]
    [InlineData("""{"features": []}""", 1, 1, "the top-level object has \"features\" but no \"type\": \"FeatureCollection\"")]
    [InlineData("""{"name": "x"}""", 1, 1, "the top-level object has no \"type\" member")]
    [InlineData("""{"type": "Featurecollection", "features": []}""", 1, 10, "unknown type \"Featurecollection\": GeoJSON type names are case-sensitive, write \"FeatureCollection\"")]
    [InlineData("""{"coordinates": [[45, 40]], "type": "LineString"}""", 1, 17, "the LineString has 1 position; a line needs at least 2")]
    public async Task Errors_at_the_top_level_say_where(string json, long line, long column, string message)
    {
        var problem = await ProblemAsync(json);

        Assert.Equal(message, problem.Message);
        Assert.Equal((line, column), (problem.Line!.Value, problem.Column!.Value));
    }
}
