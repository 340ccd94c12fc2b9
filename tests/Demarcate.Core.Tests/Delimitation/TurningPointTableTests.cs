using Demarcate.Core.Delimitation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Tests.Geodesy;

namespace Demarcate.Core.Tests.Delimitation;

public sealed class TurningPointTableTests
{
    [Fact]
    public async Task The_table_gives_every_point_in_each_crs_as_cct_computes_it_and_names_the_operation()
    {
        var description = DescriptionSamples.EveryLegKind();
        var resolved = DescriptionSamples.Resolver().Resolve(description);
        var columns = TableColumn.Standard(CrsRegistry.Standard, resolved.TurningPoints["TP1"]);

        var table = TurningPointTable.Build(resolved, columns);

        Assert.Equal(
        [
            "turning point", "fixed by",
            "EPSG:4326 latitude (DMS) [EPSG:4326 → EPSG:4326]", "EPSG:4326 longitude (DMS) [EPSG:4326 → EPSG:4326]",
            "EPSG:4326 latitude (degrees) [EPSG:4326 → EPSG:4326]", "EPSG:4326 longitude (degrees) [EPSG:4326 → EPSG:4326]",
            "EPSG:32638 easting (m) [EPSG:4326 → EPSG:32638]", "EPSG:32638 northing (m) [EPSG:4326 → EPSG:32638]",
        ], table.Headers.Take(8));
        Assert.StartsWith("EPSG:28408 northing (m) [EPSG:4326 → EPSG:28408 via inverse of EPSG:15865", table.Headers[8], StringComparison.Ordinal);
        Assert.Equal(7, table.Rows.Count);
        var tp1 = table.Rows[0];
        Assert.Equal(["TP1", "survey", "41°06′00.0000″N", "45°18′00.0000″E", "41.10000000", "45.30000000"], tp1.Take(6));

        // UTM against cct; the Gauss–Krüger column gives back the grid coordinates TP2 was stated in.
        var utm = await ProjOracle.RunAsync("cct", ["-d", "6", "+proj=utm", "+zone=38", "+ellps=WGS84"],
            description.TurningPoints.Select(p => new[] { resolved.TurningPoints[p.Id].Longitude, resolved.TurningPoints[p.Id].Latitude, 0, 0 }).ToList());
        for (var i = 0; i < table.Rows.Count; i++)
        {
            Assert.Equal(utm[i][0], double.Parse(table.Rows[i][6], System.Globalization.CultureInfo.InvariantCulture), 3);
            Assert.Equal(utm[i][1], double.Parse(table.Rows[i][7], System.Globalization.CultureInfo.InvariantCulture), 3);
        }

        var tp2 = description.Find("TP2")!.Position;
        Assert.Equal(tp2.North, double.Parse(table.Rows[1][8], System.Globalization.CultureInfo.InvariantCulture), 2);
        Assert.Equal(tp2.East, double.Parse(table.Rows[1][9], System.Globalization.CultureInfo.InvariantCulture), 2);

        var csv = table.ToCsv().Split("\r\n");
        Assert.Equal(9, csv.Length); // header, 7 rows, and the empty string after the last line end
        Assert.StartsWith("turning point,fixed by,EPSG:4326 latitude (DMS)", csv[0], StringComparison.Ordinal);
        Assert.StartsWith("TP1,survey,41°06′00.0000″N,45°18′00.0000″E,41.10000000,45.30000000,", csv[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(41.0123456, true, "41°00′44.4442″N")]
    [InlineData(-0.5, true, "0°30′00.0000″S")]
    [InlineData(45.99999999999, false, "46°00′00.0000″E")]
    [InlineData(-70.25, false, "70°15′00.0000″W")]
    public void Angles_are_written_in_degrees_minutes_and_seconds_with_the_hemisphere(double degrees, bool latitude, string expected) =>
        Assert.Equal(expected, TurningPointTable.Angle(degrees, CoordinateFormat.DegreesMinutesSeconds, latitude));

    [Fact]
    public void A_column_on_another_datum_without_a_named_transformation_lists_the_applicable_ones()
    {
        var column = TableColumn.Create(CrsRegistry.Standard, "EPSG:28408");

        Assert.False(column.Success);
        Assert.Contains("EPSG:15865", column.Problems[0].Message, StringComparison.Ordinal);
    }
}
