using System.Globalization;
using System.Text;
using Demarcate.Core.Demarcation;
using Demarcate.Formats.Elevation;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Formats.Elevation;

/// <summary>
/// Terrain models read from ESRI ASCII grids and from GeoTIFFs that GDAL wrote from them (stripped and tiled,
/// uncompressed and Deflate, with and without the horizontal predictor, Int16 and Float32), checked cell by cell
/// against <c>gdallocationinfo</c> on the same files.
/// </summary>
public sealed class ElevationGridReaderTests
{
    private const int Columns = 37;
    private const int Rows = 23;
    private const double West = 499_000;
    private const double South = 4_427_000;
    private const double Cell = 30;

    /// <summary>A smooth surface with fractions, so truncation and byte-order mistakes show.</summary>
    private static double Surface(int column, int row) => 800 + (column * 3.25) - (row * 1.5) + (25 * Math.Sin(column * 0.4) * Math.Cos(row * 0.3));

    private static string AsciiGrid()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"ncols {Columns}\nnrows {Rows}\nxllcorner {West}\nyllcorner {South}\ncellsize {Cell}\nNODATA_value -9999\n");
        for (var r = 0; r < Rows; r++)
        {
            text.AppendJoin(' ', Enumerable.Range(0, Columns).Select(c => (c == 5 && r == 7 ? -9999 : Surface(c, r)).ToString("0.###", CultureInfo.InvariantCulture))).Append('\n');
        }

        return text.ToString();
    }

    private static async Task<ElevationGrid> ReadAsync(string path, int? epsg)
    {
        var result = await ElevationGridReader.ReadFileAsync(path, epsg, CancellationToken.None);
        Assert.True(result.Success, string.Join("; ", result.Problems));
        return result.Value;
    }

    [Fact]
    public async Task An_ascii_grid_reads_with_its_corner_cells_and_no_data()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("t.asc");
        await File.WriteAllTextAsync(path, AsciiGrid());

        var grid = await ReadAsync(path, 32638);

        Assert.Equal((Columns, Rows), (grid.Columns, grid.Rows));
        Assert.Equal(West, grid.OriginX);
        Assert.Equal(South + (Rows * Cell), grid.OriginY);
        Assert.Equal(Surface(3, 4), grid.Cell(3, 4), 1e-3);
        Assert.True(double.IsNaN(grid.Cell(5, 7)));

        // At a cell centre the height is that cell's; halfway between two centres, their mean.
        var x = West + (3.5 * Cell);
        var y = grid.OriginY - (4.5 * Cell);
        Assert.Equal(grid.Cell(3, 4), grid.HeightAtGrid(x, y), 1e-9);
        Assert.Equal((grid.Cell(3, 4) + grid.Cell(4, 4)) / 2, grid.HeightAtGrid(x + (Cell / 2), y), 1e-9);
        Assert.True(double.IsNaN(grid.HeightAtGrid(West - 1, y)));
    }

    [Theory]
    [InlineData("Float32", "COMPRESS=NONE")]
    [InlineData("Float32", "COMPRESS=DEFLATE")]
    [InlineData("Float32", "COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16")]
    [InlineData("Int16", "COMPRESS=DEFLATE", "PREDICTOR=2")]
    [InlineData("Int16", "COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16", "PREDICTOR=2")]
    [InlineData("Int16", "COMPRESS=NONE", "BLOCKYSIZE=5")]
    public async Task A_geotiff_written_by_gdal_reads_cell_for_cell_as_gdallocationinfo_reads_it(string type, params string[] options)
    {
        using var scratch = new ScratchFolder();
        var ascii = scratch.File("t.asc");
        await File.WriteAllTextAsync(ascii, AsciiGrid());
        var tiff = scratch.File("t.tif");
        var arguments = new List<string> { "-q", "-of", "GTiff", "-ot", type, "-a_srs", "EPSG:32638" };
        arguments.AddRange(options.SelectMany(o => new[] { "-co", o }));
        arguments.AddRange([ascii, tiff]);
        var translated = await ExternalTool.RunAsync("gdal_translate", arguments);
        Assert.True(translated.ExitCode == 0, translated.StandardError);

        var grid = await ReadAsync(tiff, null);
        var fromAscii = await ReadAsync(ascii, 32638);

        Assert.Equal(32638, grid.Epsg);
        Assert.Equal((fromAscii.Columns, fromAscii.Rows, fromAscii.OriginX, fromAscii.OriginY, fromAscii.CellWidth), (grid.Columns, grid.Rows, grid.OriginX, grid.OriginY, grid.CellWidth));

        // Every cell, asked of GDAL by its centre's coordinates.
        var queries = new StringBuilder();
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                queries.Append(CultureInfo.InvariantCulture, $"{grid.OriginX + ((c + 0.5) * Cell)} {grid.OriginY - ((r + 0.5) * Cell)}\n");
            }
        }

        var located = await ExternalTool.RunAsync("gdallocationinfo", ["-valonly", "-geoloc", tiff], queries.ToString());
        Assert.True(located.ExitCode == 0, located.StandardError);
        var values = located.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Columns * Rows, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var gdal = double.Parse(values[i], CultureInfo.InvariantCulture);
            var ours = grid.Cell(i % Columns, i / Columns);
            if (i % Columns == 5 && i / Columns == 7)
            {
                Assert.True(double.IsNaN(ours), "the no-data cell reads as no height");
                Assert.Equal(-9999, gdal);
            }
            else
            {
                Assert.Equal(gdal, ours, 1e-4);
            }
        }
    }

    [Fact]
    public async Task A_truncated_geotiff_and_a_short_ascii_grid_are_reported_not_read()
    {
        using var scratch = new ScratchFolder();
        var ascii = scratch.File("t.asc");
        await File.WriteAllTextAsync(ascii, AsciiGrid());
        var tiff = scratch.File("t.tif");
        var translated = await ExternalTool.RunAsync("gdal_translate", ["-q", "-of", "GTiff", "-ot", "Float32", "-co", "COMPRESS=DEFLATE", "-a_srs", "EPSG:32638", ascii, tiff]);
        Assert.Equal(0, translated.ExitCode);
        var bytes = await File.ReadAllBytesAsync(tiff);
        var cut = scratch.File("cut.tif");
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length / 2)]);

        var broken = await ElevationGridReader.ReadFileAsync(cut, null, CancellationToken.None);
        Assert.False(broken.Success);
        Assert.Equal(cut, broken.Problems[0].Source);

        var shortGrid = scratch.File("short.asc");
        await File.WriteAllTextAsync(shortGrid, AsciiGrid()[..^200]);
        var tooShort = await ElevationGridReader.ReadFileAsync(shortGrid, 32638, CancellationToken.None);
        Assert.Contains("values where", Assert.Single(tooShort.Problems).Message, StringComparison.Ordinal);

        var noCrs = await ElevationGridReader.ReadFileAsync(ascii, null, CancellationToken.None);
        Assert.Contains("names no CRS", Assert.Single(noCrs.Problems).Message, StringComparison.Ordinal);
    }
}
