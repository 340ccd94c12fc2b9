using System.Globalization;
using System.Text.Json;
using Demarcate.Testing;

namespace Demarcate.Server.Tests;

/// <summary><c>demarcate describe text|resolve|table</c> run as a user runs them, on files, without a store.</summary>
public sealed class DescribeCliTests : IDisposable
{
    private const string Description = """
        boundary description "Tavush sample"
        turning point TP1 at 41.10 N 45.30 E in EPSG:4326,   fixed by survey
        TURNING POINT TP2 AT 41.08 N 45.33 E IN EPSG:4326, FIXED BY MAP
        TURNING POINT TP3 AT 41.03 N 45.40 E IN EPSG:4326, FIXED BY SURVEY
        TURNING POINT TP4 AT 41.00 N 45.42 E IN EPSG:4326, FIXED BY SURVEY
        FROM TP1 TO TP2 ALONG GEODESIC
        FROM TP2 TO TP3 STRAIGHT ON GRID EPSG:28408
        FROM TP3 TO TP4 ALONG REFERENCE "river Aghstev median line" SOURCE "osm"
        """;

    private const string River = """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"river Aghstev median line"},
        "geometry":{"type":"LineString","coordinates":[[45.40,41.03],[45.405,41.02],[45.41,41.015],[45.415,41.005],[45.42,41.00]]}}]}
        """;

    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Text_rewrites_a_description_in_canonical_form()
    {
        var file = Write("d.txt", Description);

        await using var cli = await CliProcess.RunAsync(["describe", "text", file]);

        Assert.True(cli.ExitCode == 0, cli.Error);
        var lines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("BOUNDARY DESCRIPTION \"Tavush sample\"", lines[0]);
        Assert.Equal("TURNING POINT TP1 AT 41.1 N 45.3 E IN EPSG:4326, FIXED BY SURVEY", lines[1]);
        Assert.Equal("FROM TP3 TO TP4 ALONG REFERENCE \"river Aghstev median line\" SOURCE \"osm\"", lines[^1]);
    }

    [Fact]
    public async Task Resolve_writes_each_leg_as_geojson_with_geods_length_and_azimuth()
    {
        var file = Write("d.txt", Description);
        var river = Write("river.geojson", River);

        await using var cli = await CliProcess.RunAsync(["describe", "resolve", file, "--reference", river]);

        Assert.True(cli.ExitCode == 0, cli.Error);
        using var json = JsonDocument.Parse(cli.Output);
        var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(3 + 4, features.Count);
        var geodesic = features[0].GetProperty("properties");
        Assert.Equal("Geodesic", geodesic.GetProperty("kind").GetString());
        var geod = await ExternalTool.RunAsync("geod", ["-I", "+ellps=WGS84", "-f", "%.9f", "-F", "%.6f"], "41.10 45.30 41.08 45.33\n");
        var columns = geod.StandardOutput.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(columns[2], geodesic.GetProperty("length_m").GetDouble(), 3);
        Assert.Equal((columns[0] + 360) % 360, geodesic.GetProperty("azimuth_deg").GetDouble(), 5);
        Assert.Equal("EPSG:28408", features[1].GetProperty("properties").GetProperty("grid").GetString());
        var reference = features[2];
        Assert.Equal(5, reference.GetProperty("geometry").GetProperty("coordinates").GetArrayLength());
        Assert.Equal("TP4", features[^1].GetProperty("properties").GetProperty("turning_point").GetString());
    }

    [Fact]
    public async Task A_missing_reference_line_still_writes_the_draft_and_names_the_leg_with_exit_1()
    {
        var file = Write("d.txt", Description);

        await using var cli = await CliProcess.RunAsync(["describe", "resolve", file]);

        Assert.True(cli.ExitCode == 1, $"exit {cli.ExitCode}: {cli.Error}");
        Assert.Contains("leg 3 (TP3 → TP4): The reference line \"river Aghstev median line\" is missing (none was given).", cli.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(cli.Output);
        Assert.Equal(2 + 4, json.RootElement.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task A_syntax_error_names_the_file_line_and_column_with_exit_2()
    {
        var file = Write("bad.txt", Description.Replace("ALONG GEODESIC", "ALONG GEODESICK", StringComparison.Ordinal));

        await using var cli = await CliProcess.RunAsync(["describe", "resolve", file]);

        Assert.Equal(2, cli.ExitCode);
        Assert.Contains($"{file}:6:23: Expected GEODESIC, PARALLEL, MERIDIAN or REFERENCE", cli.Error, StringComparison.Ordinal);
        Assert.Equal("", cli.Output);
    }

    [Fact]
    public async Task Table_writes_every_turning_point_in_each_crs_with_an_extra_national_grid_column()
    {
        var file = Write("d.txt", Description);
        var river = Write("river.geojson", River);

        await using var cli = await CliProcess.RunAsync(["describe", "table", file, "--reference", river, "--crs", "EPSG:2936", "--operation", "EPSG:15865"]);

        Assert.True(cli.ExitCode == 0, cli.Error);
        var rows = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(5, rows.Length);
        Assert.Contains("EPSG:28408 northing (m) [EPSG:4326 → EPSG:28408 via inverse of EPSG:15865", rows[0], StringComparison.Ordinal);
        Assert.Contains("EPSG:2936 ", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("TP1,survey,41°06′00.0000″N,45°18′00.0000″E,41.10000000,45.30000000,", rows[1], StringComparison.Ordinal);
        Assert.All(rows.Skip(1), r => Assert.Equal(12, r.Split(',').Length));
    }

    [Fact]
    public async Task Protocol_writes_the_line_in_Russian_words_and_as_a_pdf_and_docx()
    {
        var file = Write("d.txt", Description);
        var river = Write("river.geojson", River);

        await using var text = await CliProcess.RunAsync(["describe", "protocol", file, "--reference", river, "--language", "ru", "--left", "Азербайджан", "--right", "Армения"]);
        var pdf = _scratch.File("protocol.pdf");
        await using var asPdf = await CliProcess.RunAsync(["describe", "protocol", file, "--reference", river, "--format", "pdf", "-o", pdf]);
        var docx = _scratch.File("protocol.docx");
        await using var asDocx = await CliProcess.RunAsync(["describe", "protocol", file, "--reference", river, "--format", "docx", "-o", docx]);

        Assert.True(text.ExitCode == 0, text.Error);
        Assert.StartsWith("Протокол-описание линии границы: Tavush sample", text.Output, StringComparison.Ordinal);
        Assert.Contains("3. От поворотной точки TP3 линия границы проходит на юго-восток", text.Output, StringComparison.Ordinal);
        Assert.Contains("слева находится территория стороны «Азербайджан»", text.Output, StringComparison.Ordinal);
        Assert.True(asPdf.ExitCode == 0, asPdf.Error);
        var pdfText = await ExternalTool.RunAsync("pdftotext", [pdf, "-"]);
        Assert.Contains("Protocol-description of the boundary line: Tavush sample", string.Join(' ', pdfText.StandardOutput.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.True(asDocx.ExitCode == 0, asDocx.Error);
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(docx))[..2]);
    }

    [Fact]
    public async Task Table_writes_xlsx_and_map_writes_a_pdf_annex()
    {
        var file = Write("d.txt", Description);
        var river = Write("river.geojson", River);
        var xlsx = _scratch.File("table.xlsx");
        var map = _scratch.File("map.pdf");

        await using var table = await CliProcess.RunAsync(["describe", "table", file, "--reference", river, "--format", "xlsx", "-o", xlsx]);
        await using var annex = await CliProcess.RunAsync(["describe", "map", file, "--reference", river, "--scale", "100000", "-o", map]);
        await using var badScale = await CliProcess.RunAsync(["describe", "map", file, "--reference", river, "--scale", "12345", "-o", map + ".bad"]);

        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(xlsx))[..2]);
        Assert.True(annex.ExitCode == 0, annex.Error);
        var mapText = await ExternalTool.RunAsync("pdftotext", [map, "-"]);
        Assert.Contains("Scale 1:100,000", mapText.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("TP4", mapText.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, badScale.ExitCode);
        Assert.False(File.Exists(map + ".bad"));
    }

    private string Write(string name, string text)
    {
        var path = _scratch.File(name);
        File.WriteAllText(path, text.Replace("\r", "", StringComparison.Ordinal));
        return path;
    }
}
