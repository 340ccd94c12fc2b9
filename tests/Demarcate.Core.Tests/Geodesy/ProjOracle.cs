using System.Globalization;
using System.Text;
using Demarcate.Core.Geodesy;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Geodesy;

/// <summary>Runs PROJ's own programs (geod, cct, projinfo) on many input lines in one process and parses their columns.</summary>
internal static class ProjOracle
{
    /// <summary>Feeds one line per input row and returns the numeric columns of every output line.</summary>
    public static async Task<double[][]> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyList<double[]> rows)
    {
        var input = new StringBuilder();
        foreach (var row in rows)
        {
            input.AppendJoin(' ', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        var result = await ExternalTool.RunAsync(program, arguments, input.ToString());
        Assert.True(result.ExitCode == 0, $"{program} failed: {result.StandardError}");
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(rows.Count, lines.Length);
        return lines
            .Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))
                .ToArray())
            .ToArray();
    }

    /// <summary>Difference of two angles in degrees, reduced to [−180, 180].</summary>
    public static double AngleDifference(double a, double b)
    {
        var d = Math.IEEERemainder(a - b, 360);
        return Math.Abs(d);
    }

    /// <summary>Uniform random value in [min, max) from a seeded generator (test data, not security).</summary>
    public static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();

    /// <summary>The PROJ pipeline projinfo offers from A to B through the named EPSG transformation.</summary>
    public static async Task<string> PipelineAsync(int source, int target, DatumTransformation? shift, GeographicBounds area)
    {
        var bbox = string.Create(CultureInfo.InvariantCulture, $"{area.West},{area.South},{area.East},{area.North}");
        var result = await ExternalTool.RunAsync("projinfo",
            ["-s", $"EPSG:{source}", "-t", $"EPSG:{target}", "--bbox", bbox, "--spatial-test", "intersects", "--show-superseded", "-o", "PROJ"]);
        Assert.Equal(0, result.ExitCode);
        var blocks = result.StandardOutput.Split("Operation No. ", StringSplitOptions.RemoveEmptyEntries).Skip(1);
        foreach (var block in blocks)
        {
            var description = block[..block.IndexOf("PROJ string:", StringComparison.Ordinal)];
            if (shift is null || description.Contains(shift.Name + ",", StringComparison.Ordinal) || description.Contains(shift.Name + " +", StringComparison.Ordinal))
            {
                var start = block.IndexOf("+proj=pipeline", StringComparison.Ordinal);
                if (start < 0)
                {
                    start = block.IndexOf("+proj=", StringComparison.Ordinal);
                }

                return block[start..].Split("\n\n")[0].Trim();
            }
        }

        throw new InvalidOperationException($"projinfo offers no operation EPSG:{source} → EPSG:{target} through {shift}:\n{result.StandardOutput}");
    }
}
