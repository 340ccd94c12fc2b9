using System.Globalization;
using System.Text;
using Demarcate.Testing;

namespace Demarcate.Server.Tests;

/// <summary><c>demarcate transform</c> and <c>demarcate sheet</c> run as a user runs them, checked against PROJ's <c>cct</c>.</summary>
public sealed class GeodesyCliTests
{
    private static readonly string[] Gk8ToUtm38 = ["transform", "--from", "EPSG:28408", "--to", "EPSG:32638", "--operation", "EPSG:15865"];

    [Fact]
    public async Task Transform_of_random_grid_points_agrees_with_cct_within_a_millimetre()
    {
        // Inside EPSG:28408's area of use (38.84°–80.91°N, 42°–48°E), so every line must come out unflagged.
        var random = new Random(28408);
        var points = Enumerable.Range(0, 300)
            .Select(_ => new[] { 4_350_000 + 500_000 * random.NextDouble(), 8_300_000 + 400_000 * random.NextDouble() })
            .ToList();
        var input = string.Concat(points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p[0]:F4} {p[1]:F4}\n")));

        await using var cli = await CliProcess.RunAsync(Gk8ToUtm38, standardInput: input);

        Assert.True(cli.ExitCode == 0, cli.Error);
        var ours = Columns(cli.Output);
        var proj = await ProjPipeline.TransformAsync("EPSG:28408", "EPSG:32638", "Pulkovo 1942 to WGS 84 (16)", input);
        Assert.Equal(points.Count, ours.Count);
        Assert.Equal(points.Count, proj.Count);
        for (var i = 0; i < points.Count; i++)
        {
            // Ours: easting, northing (EPSG:32638's order); cct after the pipeline: easting, northing as well.
            Assert.True(Math.Abs(ours[i][0] - proj[i][0]) <= 1e-3 && Math.Abs(ours[i][1] - proj[i][1]) <= 1e-3,
                $"point {i}: ours {ours[i][0]} {ours[i][1]}, cct {proj[i][0]} {proj[i][1]}");
        }
    }

    [Fact]
    public async Task Bad_lines_are_reported_with_their_line_numbers_and_the_good_lines_still_transformed()
    {
        const string input =
            "P1,40.5,45.5\n" +
            "P2,4O.5,45.5\n" + // letter O, not zero
            "P3,40.6,45.6,12\n" +
            "P4,95,45\n" +
            "# a comment is copied\n" +
            "P6,10,45\n" + // far south of Pulkovo 1942's area of use: written, flagged
            "P7,40.7,45.7\n";

        await using var cli = await CliProcess.RunAsync(
            ["transform", "--from", "EPSG:4284", "--to", "EPSG:32638", "--operation", "EPSG:15865", "--id"], standardInput: input);

        Assert.True(cli.ExitCode == 1, $"exit {cli.ExitCode}: {cli.Error}");
        Assert.Contains("stdin:2:4: '4O.5' is not a number.", cli.Error, StringComparison.Ordinal);
        Assert.Contains("stdin:3:1: expected 3 columns, found 4.", cli.Error, StringComparison.Ordinal);
        Assert.Contains("stdin:4:", cli.Error, StringComparison.Ordinal);
        Assert.Contains("latitude beyond ±90°", cli.Error, StringComparison.Ordinal);
        Assert.Contains("stdin:6:", cli.Error, StringComparison.Ordinal);
        Assert.Contains("outside the area of use of EPSG:4284", cli.Error, StringComparison.Ordinal);
        var written = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["P1", "#", "P6", "P7"], written.Select(l => l.Split(',', ' ')[0]));
        Assert.All(written.Where(l => l.StartsWith('P')), l => Assert.Equal(3, l.Split(',').Length));
    }

    [Fact]
    public async Task Strict_stops_at_the_first_bad_line_with_exit_2()
    {
        const string input = "40.5 45.5\n40.6 45.6\n95 45\n40.7 45.7\nabc 1\n";

        await using var cli = await CliProcess.RunAsync(
            ["transform", "--from", "EPSG:4284", "--to", "EPSG:4326", "--operation", "EPSG:1808", "--strict"], standardInput: input);

        Assert.Equal(2, cli.ExitCode);
        Assert.Equal(2, cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("stdin:3:", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("stdin:5:", cli.Error, StringComparison.Ordinal);
        Assert.Contains("--strict", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_operation_between_datums_nothing_is_picked_and_the_candidates_are_named()
    {
        await using var cli = await CliProcess.RunAsync(["transform", "--from", "EPSG:28408", "--to", "EPSG:32638"], standardInput: "4500000 8500000\n");

        Assert.Equal(2, cli.ExitCode);
        Assert.Equal("", cli.Output);
        Assert.Contains("--operation", cli.Error, StringComparison.Ordinal);
        foreach (var code in new[] { "EPSG:15865", "EPSG:1267", "EPSG:5044", "EPSG:1807", "EPSG:1808", "EPSG:1809" })
        {
            Assert.Contains(code, cli.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task On_one_datum_no_operation_is_needed_and_one_given_is_refused()
    {
        await using var ok = await CliProcess.RunAsync(["transform", "--from", "EPSG:28408", "--to", "EPSG:2498"], standardInput: "4500000 8500000\n");
        await using var refused = await CliProcess.RunAsync(["transform", "--from", "EPSG:28408", "--to", "EPSG:2498", "--operation", "EPSG:15865"], standardInput: "1 2\n");

        Assert.True(ok.ExitCode == 0, ok.Error);
        Assert.Equal("4500000.0000 500000.0000", ok.Output.Trim());
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("share the datum", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_crs_and_unknown_operation_are_bad_arguments()
    {
        await using var crs = await CliProcess.RunAsync(["transform", "--from", "EPSG:99999", "--to", "EPSG:4326", "--operation", "EPSG:15865"], standardInput: "");
        await using var op = await CliProcess.RunAsync(["transform", "--from", "EPSG:28408", "--to", "EPSG:4326", "--operation", "EPSG:1234"], standardInput: "");

        Assert.Equal(2, crs.ExitCode);
        Assert.Contains("Unknown CRS EPSG:99999", crs.Error, StringComparison.Ordinal);
        Assert.Equal(2, op.ExitCode);
        Assert.Contains("EPSG:1234 is not a known datum transformation", op.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crs_file_defines_a_grid_for_the_run_and_reads_from_input_file()
    {
        using var scratch = new ScratchFolder();
        var crsFile = scratch.File("gk8.txt");
        await File.WriteAllTextAsync(crsFile,
            "# zone 8 as the survey contractor wrote it\nDEMARCATE:GK8 +proj=tmerc +lat_0=0 +lon_0=45 +k=1 +x_0=8500000 +y_0=0 +ellps=krass +towgs84=25,-141,-78.5,0,0.35,0.736,0 +units=m +axis=neu\n");
        var inputFile = scratch.File("points.txt");
        await File.WriteAllTextAsync(inputFile, "4500000;8500000\n4600000;8510000\n");

        await using var user = await CliProcess.RunAsync(
            ["transform", "--crs-file", crsFile, "--from", "DEMARCATE:GK8", "--to", "EPSG:32638", "--operation", "EPSG:15865", "--input", inputFile, "--delimiter", ";"]);
        await using var epsg = await CliProcess.RunAsync([.. Gk8ToUtm38, "--input", inputFile, "--delimiter", ";"]);

        Assert.True(user.ExitCode == 0, user.Error);
        Assert.True(epsg.ExitCode == 0, epsg.Error);
        Assert.Equal(epsg.Output, user.Output);
        Assert.Contains(";", user.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sheet_prints_the_four_corners_of_K_38_34_A()
    {
        await using var cli = await CliProcess.RunAsync(["sheet", "K-38-34-А"]);

        Assert.True(cli.ExitCode == 0, cli.Error);
        // K: 40°–44°N, column 38: 42°–48°E; 1:100 000 sheet 34 is row 3, column 10 of 12×12 (43°00′–43°20′, 46°30′–47°00′);
        // quarter А is its north-west 10′ × 15′.
        Assert.Contains("1:50 000", cli.Output, StringComparison.Ordinal);
        Assert.Contains("SW 43.166666667 46.500000000", cli.Output, StringComparison.Ordinal);
        Assert.Contains("SE 43.166666667 46.750000000", cli.Output, StringComparison.Ordinal);
        Assert.Contains("NE 43.333333333 46.750000000", cli.Output, StringComparison.Ordinal);
        Assert.Contains("NW 43.333333333 46.500000000", cli.Output, StringComparison.Ordinal);
        Assert.Contains("43°10′00″N 46°30′00″E", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sheet_at_a_point_gives_the_cyrillic_and_latin_names()
    {
        await using var hundred = await CliProcess.RunAsync(["sheet", "--lat", "40.98", "--lon", "45.12", "--scale", "100000"]);
        await using var fifty = await CliProcess.RunAsync(["sheet", "--lat", "43.25", "--lon", "46.6", "--scale", "1:50000"]);

        // 40.98°N is in the 10th 20′ row from 44°N, 45.12°E in the 7th 30′ column from 42°E: 9 × 12 + 7 = 115.
        Assert.True(hundred.ExitCode == 0, hundred.Error);
        Assert.Equal("K-38-115 (K-38-115)", hundred.Output.Trim());
        Assert.Equal("K-38-34-А (K-38-34-A)", fifty.Output.Trim());
    }

    [Fact]
    public async Task A_bad_sheet_name_is_one_line_with_its_column_and_exit_2()
    {
        await using var cli = await CliProcess.RunAsync(["sheet", "K-38-34-Ж"]);
        await using var south = await CliProcess.RunAsync(["sheet", "--lat", "95", "--lon", "45", "--scale", "100000"]);

        Assert.Equal(2, cli.ExitCode);
        Assert.Equal("demarcate: sheet K-38-34-Ж, column 9: 'Ж' is not a 1:50 000 letter А, Б, В or Г.", cli.Error.Trim());
        Assert.Equal(2, south.ExitCode);
        Assert.Contains("beyond ±90°", south.Error, StringComparison.Ordinal);
    }

    private static List<double[]> Columns(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToList();

    [Fact]
    public async Task The_commissions_recorded_datum_transformation_is_used_when_none_is_named()
    {
        using var scratch = new Demarcate.Testing.ScratchFolder();
        var store = scratch.File("commission.gpkg");
        await DemoStoreFile.ServeDemoIntoAsync(store);

        const string input = "4540000 8500000\n4500000 8550000\n";
        await using var named = await CliProcess.RunAsync(["transform", "--from", "EPSG:28408", "--to", "EPSG:32638", "--operation", "EPSG:15865"], standardInput: input);
        await using var recorded = await CliProcess.RunAsync(["transform", "--from", "EPSG:28408", "--to", "EPSG:32638", "--commission", store], standardInput: input);

        Assert.Equal(0, recorded.ExitCode);
        Assert.Equal(named.Output, recorded.Output);
        Assert.Equal(2, recorded.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}

/// <summary>PROJ's own answer: the pipeline <c>projinfo</c> offers for a named transformation, run through <c>cct</c>.</summary>
internal static class ProjPipeline
{
    /// <summary>Transforms whitespace-separated lines (source CRS axis order) and returns cct's first two output columns.</summary>
    public static async Task<List<double[]>> TransformAsync(string from, string to, string transformationName, string input)
    {
        var info = await ExternalTool.RunAsync("projinfo", ["-s", from, "-t", to, "--spatial-test", "intersects", "-o", "PROJ"]);
        Assert.True(info.ExitCode == 0, info.StandardError);
        var pipeline = new StringBuilder();
        var keep = false;
        foreach (var line in info.StandardOutput.Split('\n'))
        {
            if (line.StartsWith("Operation No", StringComparison.Ordinal))
            {
                keep = false;
            }

            if (line.Contains(transformationName, StringComparison.Ordinal))
            {
                keep = true;
            }

            if (keep && line.TrimStart().StartsWith('+'))
            {
                pipeline.Append(line.Trim()).Append(' ');
            }
        }

        Assert.True(pipeline.Length > 0, $"projinfo offers no pipeline through {transformationName}");
        var cct = await ExternalTool.RunAsync("cct", ["-d", "6", "-z", "0", "-t", "0", .. pipeline.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)], input);
        Assert.True(cct.ExitCode == 0, cct.StandardError);
        return cct.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Take(2)
                .Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
    }
}
