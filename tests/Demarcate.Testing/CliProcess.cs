using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Demarcate.Testing;

/// <summary>The real <c>demarcate</c> program, run as a separate process the way a user runs it.</summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private CliProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public string Error { get { lock (_error) { return _error.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <c>demarcate</c> with the given arguments; <paramref name="runAs"/> wraps it (e.g. setpriv to drop root);
    /// <paramref name="environment"/> adds variables to the inherited environment;
    /// <paramref name="standardInput"/>, when given, is written to its stdin, which is then closed.
    /// </summary>
    public static CliProcess Start(IEnumerable<string> arguments, IReadOnlyList<string>? runAs = null, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var dll = Path.Combine(AppContext.BaseDirectory, "demarcate.dll");
        var start = new ProcessStartInfo(runAs is null ? dotnet : runAs[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var wrapper in runAs?.Skip(1) ?? [])
        {
            start.ArgumentList.Add(wrapper);
        }

        if (runAs is not null)
        {
            start.ArgumentList.Add(dotnet);
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            start.Environment[name] = value;
        }

        var cli = new CliProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start demarcate"));
        if (standardInput is not null)
        {
            // The output readers already run, so a large input cannot deadlock against a full output pipe.
            cli._process.StandardInput.Write(standardInput);
            cli._process.StandardInput.Close();
        }

        return cli;
    }

    /// <summary>Runs <c>demarcate</c> to completion, feeding it <paramref name="standardInput"/> when given.</summary>
    public static async Task<CliProcess> RunAsync(IEnumerable<string> arguments, IReadOnlyList<string>? runAs = null, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        var process = Start(arguments, runAs, environment, standardInput);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit(); // flush the asynchronous readers
        return process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until the server answers <c>/health</c>, or fails with what it printed.</summary>
    public async Task WaitForHealthAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"demarcate serve exited with {ExitCode}: {Error}{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"demarcate serve did not answer /health: {Error}{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
