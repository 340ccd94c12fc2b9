using System.Text.RegularExpressions;
using Demarcate.Core.Trust;
using Demarcate.Testing;
using Microsoft.Data.Sqlite;
using static Demarcate.Testing.CliRun;

namespace Demarcate.Server.Tests;

/// <summary>
/// The trust commands (<c>users</c>, <c>verify</c>, <c>journal</c>) run as the real <c>demarcate</c> process
/// on GeoPackage stores that <c>demarcate serve</c> filled with the demo commission.
/// </summary>
public sealed partial class TrustCliTests(DemoStoreFile demo) : IClassFixture<DemoStoreFile>
{
    [Fact]
    public async Task Users_add_with_a_password_file_then_users_list_shows_the_account()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);
        var passwordFile = await WritePasswordAsync(scratch, "password.txt", Password);

        var add = await Run("users", "add", "--store", store, "--user", "am.carto", "--name", "Anna Petrosyan", "--role", "Cartographer", "--party", "am", "--password-file", passwordFile);
        var list = await Run("users", "list", "--store", store);

        Assert.Equal(0, add.ExitCode);
        Assert.Contains("Created account am.carto", add.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, add.Output, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("am.carto\tAnna Petrosyan\tAM\tCartographer\t0", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_user_is_refused_in_one_line()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);
        var passwordFile = await WritePasswordAsync(scratch, "password.txt", Password);
        string[] add = ["users", "add", "--store", store, "--user", "az.legal", "--name", "Legal", "--role", "LegalExpert", "--party", "AZ", "--password-file", passwordFile];
        Assert.Equal(0, (await Run(add)).ExitCode);

        var again = await Run(add);

        AssertRefusedInOneLine(again, "An account named 'az.legal' already exists");
    }

    [Fact]
    public async Task A_cartographer_without_a_party_is_refused()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);

        var add = await Run("users", "add", "--store", store, "--user", "carto", "--name", "Carto", "--role", "Cartographer");
        var unknownRole = await Run("users", "add", "--store", store, "--user", "carto", "--name", "Carto", "--role", "Surveyor", "--party", "AM");
        var unknownParty = await Run("users", "add", "--store", store, "--user", "carto", "--name", "Carto", "--role", "Cartographer", "--party", "FR");

        AssertRefusedInOneLine(add, "a Cartographer belongs to a party");
        AssertRefusedInOneLine(unknownRole, "--role 'Surveyor': unknown role");
        AssertRefusedInOneLine(unknownParty, "--party 'FR': not a party of the commission; one of AM, AZ, RU");
        Assert.DoesNotContain("carto", (await Run("users", "list", "--store", store)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_without_a_commission_is_refused_with_what_to_do()
    {
        using var scratch = new ScratchFolder();
        var store = scratch.File("empty.gpkg");
        Assert.Equal(0, (await Run("sectors", "--store", store)).ExitCode); // creates an empty store

        var add = await Run("users", "add", "--store", store, "--user", "admin", "--name", "Admin", "--role", "Administrator");

        AssertRefusedInOneLine(add, "has no commission yet: run `demarcate serve` once or import a commission");
    }

    [Fact]
    public async Task A_generated_password_is_printed_once_and_issues_a_receipt()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);

        var add = await Run("users", "add", "--store", store, "--user", "am.cochair", "--name", "AM co-chair", "--role", "CoChair", "--party", "AM");

        Assert.Equal(0, add.ExitCode);
        var shown = GeneratedPassword().Match(add.Output);
        Assert.True(shown.Success, add.Output);
        var password = shown.Groups["password"].Value;
        Assert.Equal(2, (add.Output + add.Error).Split(password).Length); // shown exactly once
        Assert.Contains("Write it down", add.Output, StringComparison.Ordinal);

        var receiptFile = scratch.File("am.receipt.json");
        var issue = await Run("journal", "receipt", "--store", store, "--user", "am.cochair", "--password-file", await WritePasswordAsync(scratch, "pw.txt", password), "--out", receiptFile);

        Assert.Equal(0, issue.ExitCode);
        var receipt = Receipt.Parse(await File.ReadAllTextAsync(receiptFile), receiptFile);
        Assert.True(receipt.Success);
        Assert.Equal("am.cochair", receipt.Value.AccountId);
        Assert.Equal("AM", receipt.Value.Party.Value);
        var verify = await Run("verify", "--store", store, "--receipt", receiptFile);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("1 receipts match", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_on_an_untouched_served_store_succeeds_and_never_writes()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);
        var trustingTheStore = await Run("verify", "--store", store);
        // Opening a store puts it in WAL mode (as a served store is); from then on a verify must leave every byte alone.
        var before = await File.ReadAllBytesAsync(store);
        var withKeyFile = await Run("verify", "--store", store, "--journal-key", store + ".journal-key.pem");

        Assert.Equal(0, trustingTheStore.ExitCode);
        Assert.Contains("Journal verified:", trustingTheStore.Output, StringComparison.Ordinal);
        Assert.Contains("trusting the store's own copy of the journal public key", trustingTheStore.Output, StringComparison.Ordinal);
        Assert.Equal(0, withKeyFile.ExitCode);
        Assert.Contains("Journal verified:", withKeyFile.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("trusting the store's own copy", withKeyFile.Output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(store));
    }

    [Fact]
    public async Task Verify_names_an_entry_edited_behind_the_applications_back()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);
        await ExecuteSqlAsync(store, "UPDATE journal SET actor = 'x' WHERE sequence = 2");

        var verify = await Run("verify", "--store", store);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("Journal NOT verified", verify.Output, StringComparison.Ordinal);
        Assert.Contains("First broken link: entry 2: its stored hash does not match its contents", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_with_a_receipt_reports_entries_deleted_from_the_end_with_the_signed_heads()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);
        var passwordFile = await WritePasswordAsync(scratch, "password.txt", Password);
        Assert.Equal(0, (await Run("users", "add", "--store", store, "--user", "az.cochair", "--name", "AZ co-chair", "--role", "CoChair", "--party", "AZ", "--password-file", passwordFile)).ExitCode);
        var receiptFile = scratch.File("az.receipt.json");
        Assert.Equal(0, (await Run("journal", "receipt", "--store", store, "--user", "az.cochair", "--password-file", passwordFile, "--out", receiptFile)).ExitCode);
        var seen = Receipt.Parse(await File.ReadAllTextAsync(receiptFile)).Value.Sequence;
        var kept = seen - 2;
        await ExecuteSqlAsync(store, $"DELETE FROM journal WHERE sequence > {kept}; DELETE FROM journal_heads;");

        var withoutReceipt = await Run("verify", "--store", store);
        var withReceipt = await Run("verify", "--store", store, "--receipt", receiptFile);

        Assert.Equal(0, withoutReceipt.ExitCode); // nothing left to tell: that is why delegations keep receipts
        Assert.Equal(1, withReceipt.ExitCode);
        Assert.Contains($"First broken link: the journal ends at entry {kept} but receipt of AZ (account az.cochair) for entry {seen}", withReceipt.Output, StringComparison.Ordinal);
        Assert.Contains("deleted from the end", withReceipt.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_signed_before_a_password_reset_still_verifies()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);
        var passwordFile = await WritePasswordAsync(scratch, "password.txt", Password);
        Assert.Equal(0, (await Run("users", "add", "--store", store, "--user", "ru.adviser", "--name", "Adviser", "--role", "MediatorAdviser", "--party", "RU", "--password-file", passwordFile)).ExitCode);
        var before = scratch.File("before.json");
        Assert.Equal(0, (await Run("journal", "receipt", "--store", store, "--user", "ru.adviser", "--password-file", passwordFile, "--out", before)).ExitCode);

        var reset = await Run("users", "reset-password", "--store", store, "--user", "ru.adviser", "--password-file", await WritePasswordAsync(scratch, "new.txt", "a new and longer passphrase"));
        var oldPassword = await Run("journal", "receipt", "--store", store, "--user", "ru.adviser", "--password-file", passwordFile, "--out", scratch.File("refused.json"));
        var after = scratch.File("after.json");
        var newPassword = await Run("journal", "receipt", "--store", store, "--user", "ru.adviser", "--password-file", scratch.File("new.txt"), "--out", after);
        var verify = await Run("verify", "--store", store, "--journal-key", store + ".journal-key.pem", "--receipt", before, "--receipt", after);

        Assert.Equal(0, reset.ExitCode);
        Assert.Contains("is retired", reset.Output, StringComparison.Ordinal);
        Assert.Contains("stays valid", reset.Output, StringComparison.Ordinal);
        AssertRefusedInOneLine(oldPassword, "wrong user name or password");
        Assert.Equal(0, newPassword.ExitCode);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("2 receipts match", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_receipt_is_refused_naming_the_file_line_and_column()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);
        var receiptFile = scratch.File("broken.json");
        await File.WriteAllTextAsync(receiptFile, "{\n  \"kind\": \"demarcate.journal.receipt\",\n  \"version\": 1,\n  \"party\": AZ\n}\n");

        var verify = await Run("verify", "--store", store, "--receipt", receiptFile);

        AssertRefusedInOneLine(verify, receiptFile + ":4:");
        Assert.Matches(@"broken\.json:4:\d+: ", verify.Error);
        Assert.DoesNotContain("Journal", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_writes_no_receipt()
    {
        using var scratch = new ScratchFolder();
        var store = demo.CopyTo(scratch);
        var passwordFile = await WritePasswordAsync(scratch, "password.txt", Password);
        Assert.Equal(0, (await Run("users", "add", "--store", store, "--user", "am.legal", "--name", "Legal", "--role", "LegalExpert", "--party", "AM", "--password-file", passwordFile)).ExitCode);
        var receiptFile = scratch.File("receipt.json");

        var wrong = await Run("journal", "receipt", "--store", store, "--user", "am.legal", "--password-file", await WritePasswordAsync(scratch, "wrong.txt", "not the password at all"), "--out", receiptFile);
        var nobody = await Run("journal", "receipt", "--store", store, "--user", "nobody", "--password-file", passwordFile, "--out", receiptFile);

        AssertRefusedInOneLine(wrong, "wrong user name or password; no receipt written");
        AssertRefusedInOneLine(nobody, "wrong user name or password; no receipt written");
        Assert.False(File.Exists(receiptFile));
    }

    private static void AssertRefusedInOneLine(CliProcess run, string expected)
    {
        Assert.Equal(2, run.ExitCode);
        var message = run.Error.TrimEnd();
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith("demarcate: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Demarcate.", run.Error + run.Output, StringComparison.Ordinal);
    }

    private static async Task<string> WritePasswordAsync(ScratchFolder scratch, string name, string password)
    {
        var path = scratch.File(name);
        await File.WriteAllTextAsync(path, password + "\n");
        return path;
    }

    private static async Task ExecuteSqlAsync(string store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Someone editing the file behind the application's back first removes the append-only triggers.
        command.CommandText = "DROP TRIGGER IF EXISTS journal_immutable_update; DROP TRIGGER IF EXISTS journal_immutable_delete; "
            + "DROP TRIGGER IF EXISTS journal_heads_immutable_update; DROP TRIGGER IF EXISTS journal_heads_immutable_delete; " + sql;
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"Password of am\.cochair: (?<password>[a-z2-7]{5}(-[a-z2-7]{5}){3})", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GeneratedPassword();
}
