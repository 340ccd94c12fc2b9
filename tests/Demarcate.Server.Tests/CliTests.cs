using System.Net;
using System.Security.Cryptography;
using Demarcate.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Demarcate.Server.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task Serve_runs_as_a_real_process_with_the_demo_loaded()
    {
        using var scratch = new ScratchFolder();
        var port = CliProcess.FreePort();
        await using var serve = CliProcess.Start(["serve", "--store", scratch.File("demo.gpkg"), "--urls", $"http://127.0.0.1:{port}"]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await serve.WaitForHealthAsync(client);

        var sectors = await client.GetStringAsync(new Uri("/sectors", UriKind.Relative));
        Assert.Contains("data-sector=\"M-01\"", sectors, StringComparison.Ordinal);
        Assert.Contains("data-sector=\"N-01\"", sectors, StringComparison.Ordinal);
        var map = await client.GetStringAsync(new Uri("/map", UriKind.Relative));
        Assert.Contains("/lib/ol/ol.js", map, StringComparison.Ordinal);
        using var script = await client.GetAsync(new Uri("/lib/ol/ol.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        using var mapScript = await client.GetAsync(new Uri("/js/map.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, mapScript.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_postgresql_loads_the_demo_and_lists_the_same_sectors()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var port = CliProcess.FreePort();
        await using var serve = CliProcess.Start(["serve", "--database", database.Uri, "--urls", $"http://127.0.0.1:{port}"]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await serve.WaitForHealthAsync(client);

        var sectors = await client.GetStringAsync(new Uri("/sectors", UriKind.Relative));
        Assert.Contains("data-sector=\"M-26\"", sectors, StringComparison.Ordinal);
        Assert.Contains("data-sector=\"N-10\"", sectors, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL 127.0.0.1", serve.Output, StringComparison.Ordinal);
        var list = await CliProcess.RunAsync(["sectors", "--database", database.Uri]);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(37, list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + 26 + 10
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task The_sectors_command_lists_the_demo_sectors_of_a_served_store()
    {
        using var scratch = new ScratchFolder();
        var store = scratch.File("cli.gpkg");
        await DemoStoreFile.ServeDemoIntoAsync(store);

        var list = await CliProcess.RunAsync(["sectors", "--store", store, "--section", "nakhchivan"]);

        Assert.Equal(0, list.ExitCode);
        var rows = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.True(rows.Count >= 9, list.Output);
        Assert.All(rows, r => Assert.StartsWith("N-", r, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> RefusedStores => new()
    {
        { "notes.txt", "not a GeoPackage (not an SQLite database)" },
        { "newer.gpkg", "written by a newer Demarcate" },
        { "corrupt.gpkg", "corrupt" },
    };

    [Theory]
    [MemberData(nameof(RefusedStores))]
    public async Task Serve_on_a_file_it_cannot_use_says_so_in_one_line_and_leaves_it_unchanged(string name, string reason)
    {
        using var scratch = new ScratchFolder();
        var path = await MakeRefusedStoreAsync(scratch, name);
        var before = SHA256.HashData(await File.ReadAllBytesAsync(path));

        var serve = await CliProcess.RunAsync(["serve", "--store", path, "--urls", $"http://127.0.0.1:{CliProcess.FreePort()}"]);

        Assert.Equal(2, serve.ExitCode);
        var message = serve.Error.TrimEnd();
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith("demarcate: " + path + ": ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Demarcate.", serve.Error + serve.Output, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Serve_in_a_read_only_folder_says_so_clearly()
    {
        using var scratch = new ScratchFolder();
        var folder = Directory.CreateDirectory(Path.Combine(scratch.Path, "locked")).FullName;
        File.SetUnixFileMode(scratch.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        // Root ignores file permissions, so the program runs as an unprivileged user, as a real user would.
        IReadOnlyList<string>? runAs = Environment.UserName == "root"
            ? [ExternalTool.Locate("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
            : null;
        var serve = await CliProcess.RunAsync(["serve", "--store", Path.Combine(folder, "store.gpkg"), "--urls", $"http://127.0.0.1:{CliProcess.FreePort()}"], runAs);

        Assert.Equal(2, serve.ExitCode);
        var message = serve.Error.TrimEnd();
        Assert.DoesNotContain('\n', message);
        Assert.Contains("store.gpkg: cannot create the store: its folder is not writable", message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "store.gpkg")));
    }

    private static async Task<string> MakeRefusedStoreAsync(ScratchFolder scratch, string name)
    {
        var path = scratch.File(name);
        if (name.EndsWith(".txt", StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync(path, "not a store\n");
            return path;
        }

        await DemoStoreFile.ServeDemoIntoAsync(path);

        if (name == "newer.gpkg")
        {
            // A migration this release does not know: the store was written by a newer one.
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO demarcate_schema VALUES (999, 'from the future', '2030-01-01T00:00:00Z');";
            await command.ExecuteNonQueryAsync();
        }

        if (name == "corrupt.gpkg")
        {
            var bytes = await File.ReadAllBytesAsync(path);
            var pageSize = (bytes[16] << 8) | bytes[17];
            var noise = new Random(7);
            for (var i = pageSize; i < bytes.Length; i++)
            {
                bytes[i] = (byte)noise.Next(256);
            }

            await File.WriteAllBytesAsync(path, bytes);
        }

        return path;
    }
}
