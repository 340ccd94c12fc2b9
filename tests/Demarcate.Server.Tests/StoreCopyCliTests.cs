using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;
using Demarcate.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Demarcate.Server.Tests;

/// <summary><c>demarcate store copy</c> as a real process: a laptop GeoPackage to the server and back.</summary>
public sealed class StoreCopyCliTests
{
    [Fact]
    public async Task Store_copy_moves_a_geopackage_to_postgresql_and_back_and_the_copy_verifies()
    {
        using var scratch = new ScratchFolder();
        var laptop = scratch.File("laptop.gpkg");
        var journalKey = scratch.File("journal-key.pem");
        await WriteHistoryAsync(laptop, journalKey);
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var back = scratch.File("back.gpkg");

        var up = await CliProcess.RunAsync(["store", "copy", "--from", laptop, "--to", database.Uri]);
        var down = await CliProcess.RunAsync(["store", "copy", "--from", database.Uri, "--to", back]);

        Assert.True(up.ExitCode == 0, up.Error);
        Assert.True(down.ExitCode == 0, down.Error);
        Assert.Contains("PostgreSQL 127.0.0.1", up.Output, StringComparison.Ordinal);
        Assert.Matches(@"journal_heads\s+[1-9]", down.Output);
        var original = await CliProcess.RunAsync(["sectors", "--store", laptop]);
        var copied = await CliProcess.RunAsync(["sectors", "--store", back]);
        var onServer = await CliProcess.RunAsync(["sectors", "--database", database.Uri]);
        Assert.Contains("UnderDiscussion", original.Output, StringComparison.Ordinal);
        Assert.Equal(original.Output, copied.Output);
        Assert.Equal(original.Output, onServer.Output);
        var verify = await CliProcess.RunAsync(["verify", "--store", back, "--journal-key", journalKey]);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("Journal verified", verify.Output, StringComparison.Ordinal);
        NpgsqlConnection.ClearAllPools();
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Store_copy_refuses_a_target_that_is_not_empty()
    {
        using var scratch = new ScratchFolder();
        var laptop = scratch.File("laptop.gpkg");
        await WriteHistoryAsync(laptop, scratch.File("journal-key.pem"));
        var other = scratch.File("other.gpkg");
        await WriteHistoryAsync(other, scratch.File("other-key.pem"));

        var refused = await CliProcess.RunAsync(["store", "copy", "--from", laptop, "--to", other]);
        var missing = await CliProcess.RunAsync(["store", "copy", "--from", scratch.File("missing.gpkg"), "--to", scratch.File("new.gpkg")]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("refusing to copy into a store that is not empty", refused.Error, StringComparison.Ordinal);
        Assert.Contains("commission (1)", refused.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such GeoPackage file to copy from", missing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(scratch.File("new.gpkg")));
        await using var store = await CommissionStores.OpenAsync(other, default);
        Assert.Equal(SectorStatus.UnderDiscussion, (await store.GetSectorAsync(Caller.CommissionSystem, "M-01", default))!.Sector.Status);
    }

    private static async Task WriteHistoryAsync(string path, string journalKey)
    {
        await using var store = await CommissionStores.OpenForWritingAsync(path, journalKey, default);
        await store.ImportAsync(await DemoCommission.BuildAsync(default), default);
        var coChair = Caller.For(new Account("am-cochair", "am.cochair", "AM co-chair", new PartyCode("AM"), Role.CoChair));
        await store.ChangeSectorStatusAsync(coChair, "M-01", SectorStatus.UnderDiscussion, 1, default);
    }
}
