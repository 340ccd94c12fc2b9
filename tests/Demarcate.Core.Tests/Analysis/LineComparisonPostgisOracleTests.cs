using System.Globalization;
using System.Text;
using Demarcate.Core.Analysis;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.GeoJson;
using Demarcate.Testing;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Demarcate.Core.Tests.Analysis;

/// <summary>
/// The demo's two real lines (OpenStreetMap and Natural Earth) compared end to end, face by face, against PostGIS:
/// ST_Polygonize of the ST_Union of both lines and the two joining segments in the same UTM zone, areas from
/// ST_Area and ST_Area(geography). Needs the PostgreSQL the test command starts; fails without it.
/// </summary>
public sealed class LineComparisonPostgisOracleTests
{
    private const string Sql = """
        WITH lines AS (
          SELECT ST_GeomFromText(@a, @srid) AS a, ST_GeomFromText(@b, @srid) AS b
        ), noded AS (
          SELECT ST_Union(ARRAY[a, b, ST_MakeLine(ST_StartPoint(a), ST_StartPoint(b)), ST_MakeLine(ST_EndPoint(a), ST_EndPoint(b))]) AS g FROM lines
        ), faces AS (
          SELECT (ST_Dump(ST_Polygonize(g))).geom AS f FROM noded
        )
        SELECT ST_Area(f), ST_Area(ST_Transform(f, 4326)::geography) FROM faces
        """;

    [Theory]
    [InlineData("main")]
    [InlineData("nakhchivan")]
    public async Task Every_face_has_the_area_PostGIS_gives_it(string sectionId)
    {
        var section = new Section(sectionId, sectionId, "as in the demo", new PartyCode("AZ"), new PartyCode("AM"), "X", 38);
        var a = await WalkAsync("am-az-osm.geojson", sectionId);
        var b = await WalkAsync("am-az-naturalearth.geojson", sectionId);

        var ours = LineComparison.Compare(section, a, b);

        var projection = Utm.Projection(38);
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", connection))
        {
            await extension.ExecuteNonQueryAsync();
        }

        // PostGIS gets exactly the plane coordinates our engine works on, so the faces are compared, not two projections.
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("a", Wkt(projection, a));
        command.Parameters.AddWithValue("b", Wkt(projection, b));
        command.Parameters.AddWithValue("srid", 32638);
        var theirs = new List<(double Planar, double Ellipsoidal)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                theirs.Add((reader.GetDouble(0), reader.GetDouble(1)));
            }
        }

        Assert.True(theirs.Count >= 5, $"only {theirs.Count} faces: the demo lines should differ in several places");
        Assert.Equal(theirs.Count, ours.Polygons.Count);
        var expected = theirs.OrderBy(f => f.Planar).ToList();
        var actual = ours.Polygons.OrderBy(p => p.PlanarArea).ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            Within(expected[i].Planar, actual[i].PlanarArea, $"UTM area of face {i}");
            Within(expected[i].Ellipsoidal, actual[i].EllipsoidalArea, $"ellipsoidal area of face {i}");
        }
    }

    private static void Within(double expected, double actual, string what)
    {
        var tolerance = Math.Max(1e-6 * Math.Abs(expected), 1);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: PostGIS {expected:R} m², ours {actual:R} m²");
    }

    internal static async Task<ComparedLine> WalkAsync(string file, string sectionId)
    {
        await using var stream = File.OpenRead(RepositoryPaths.DemoData(file));
        await foreach (var feature in GeoJsonReader.ReadFeaturesAsync(stream, file))
        {
            if (feature.Properties["section"].GetString() == sectionId)
            {
                var path = SectionPath.Walk((MultiLineString)feature.Geometry!, PlanarFrame.Utm(38));
                return ComparedLine.From(file, path, 50);
            }
        }

        throw new InvalidOperationException($"{file} has no line for section {sectionId}");
    }

    private static string Wkt(TransverseMercator projection, ComparedLine line)
    {
        var text = new StringBuilder("LINESTRING(");
        for (var i = 0; i < line.Vertices.Count; i++)
        {
            var grid = projection.Forward(line.Vertices[i].Latitude, line.Vertices[i].Longitude);
            text.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{grid.Easting:R} {grid.Northing:R}");
        }

        return text.Append(')').ToString();
    }
}
