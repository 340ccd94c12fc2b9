using System.Diagnostics;
using System.Text;

namespace Demarcate.Testing;

/// <summary>
/// Runs a real program that no one here wrote (ogrinfo, cct, geod, psql …) as an oracle.
/// The test command installs them; a missing one fails the test rather than skipping it.
/// </summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs <paramref name="program"/> to completion, feeding <paramref name="standardInput"/> if given.</summary>
    public static async Task<Result> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string? standardInput = null,
        IDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var path = Locate(program);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + path);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>The full path of a program on PATH; fails with the install hint when it is missing.</summary>
    public static string Locate(string program)
    {
        if (Path.IsPathRooted(program))
        {
            return program;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{program}' is not installed: run the test command in README.md (scripts/test), which installs the oracles.");
    }
}
