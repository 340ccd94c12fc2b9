using Demarcate.Core.Geodesy;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>Definitions for the commission's registry: the format recorded, the code and name checked, the text kept as given.</summary>
public sealed class CommissionCrsTests
{
    private const string Grid = "+proj=tmerc +lat_0=0 +lon_0=44.5 +k=0.9999 +x_0=500000 +ellps=GRS80 +towgs84=0,0,0 +units=m";

    [Theory]
    [InlineData(Grid, "WKT1_GDAL", CrsDefinitionFormat.Wkt1)]
    // projinfo writes a grid with +towgs84 as a WKT2 BOUNDCRS, which the WKT reader does not take; WGS 84 needs no shift.
    [InlineData("+proj=tmerc +lat_0=0 +lon_0=44.5 +k=0.9999 +x_0=500000 +ellps=WGS84 +units=m", "WKT2_2019", CrsDefinitionFormat.Wkt2)]
    public async Task Wkt_from_projinfo_is_recorded_in_its_format_and_reads_as_the_same_grid(string proj, string projinfoFormat, CrsDefinitionFormat format)
    {
        var wkt = (await ExternalTool.RunAsync("projinfo", ["-o", projinfoFormat, "-q", proj + " +type=crs"])).StandardOutput;

        var read = CommissionCrs.Read("DEMARCATE:GRID", "Grid", wkt);

        Assert.True(read.Success, read.Success ? "" : read.Problems[0].ToString());
        Assert.Equal(format, read.Value.Format);
        Assert.Equal(wkt, read.Value.Definition);
        var crs = read.Value.ToCoordinateReferenceSystem().Value;
        var fromProj = CommissionCrs.Read("DEMARCATE:GRID", "Grid", proj).Value.ToCoordinateReferenceSystem().Value;
        Assert.Equal("Grid", crs.Name);
        Assert.Equal(new CrsCode("DEMARCATE", "GRID"), crs.Code);
        Assert.Equal(fromProj.Projection!.CentralMeridian, crs.Projection!.CentralMeridian, 1e-12);
        Assert.Equal(fromProj.Projection.ScaleFactor, crs.Projection.ScaleFactor, 1e-15);
    }

    [Theory]
    [InlineData("EPSG:4326", "Grid", Grid, "code: EPSG:4326 is under the EPSG authority")]
    [InlineData("not a code", "Grid", Grid, "code: 'not a code' is not a CRS code")]
    [InlineData("DEMARCATE:X", " ", Grid, "name: A name is required")]
    [InlineData("DEMARCATE:X", "X", "", "definition: A definition is required")]
    [InlineData("DEMARCATE:X", "X", "proj=tmerc", "'proj=tmerc' is not a +key or +key=value parameter")]
    [InlineData("DEMARCATE:X", "X", "PROJCS[\"x\",GEOGCS[", "Malformed WKT")]
    public void Bad_input_is_a_problem_saying_what_is_wrong(string code, string name, string definition, string expected)
    {
        var read = CommissionCrs.Read(code, name, definition);

        Assert.False(read.Success);
        Assert.Contains(read.Problems, p => p.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
