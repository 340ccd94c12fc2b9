using Xunit;

namespace Demarcate.Testing;

/// <summary>
/// The real <c>demarcate</c> run on one test's store as the accounts the test added with <c>demarcate users add</c>,
/// all sharing one password file; passwords are hashed at test strength (1 000 PBKDF2 iterations), so that each
/// process spends milliseconds, not half a second, on one.
/// </summary>
public sealed class CliRun
{
    /// <summary>The password of every account a test adds.</summary>
    public const string Password = "correct horse battery staple";

    private CliRun(string store, string passwordFile)
    {
        Store = store;
        PasswordFile = passwordFile;
    }

    /// <summary>The environment every run gets: test-strength password hashing.</summary>
    public static IReadOnlyDictionary<string, string> FastPasswords { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["DEMARCATE_PASSWORD_ITERATIONS"] = "1000" };

    /// <summary>The store file the runs work on.</summary>
    public string Store { get; }

    /// <summary>The file holding <see cref="Password"/>, for <c>--password-file</c>.</summary>
    public string PasswordFile { get; }

    /// <summary>Runs on <paramref name="store"/>, with the password file written into <paramref name="scratch"/>.</summary>
    public static async Task<CliRun> OnAsync(string store, ScratchFolder scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var passwordFile = scratch.File("password.txt");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        return new CliRun(store, passwordFile);
    }

    /// <summary>Adds an account with <see cref="Password"/> through <c>demarcate users add</c>, which must succeed.</summary>
    public Task AddAccountAsync(string user, string name, string role, string party) =>
        Ok("users", "add", "--store", Store, "--user", user, "--name", name, "--role", role, "--party", party, "--password-file", PasswordFile);

    /// <summary>The options that make a run act on the store as <paramref name="user"/>.</summary>
    public string[] As(string user) => ["--store", Store, "--user", user, "--password-file", PasswordFile];

    /// <summary>Runs <c>demarcate</c> to completion, whatever its exit code.</summary>
    public static Task<CliProcess> Run(params string[] arguments) => CliProcess.RunAsync(arguments, environment: FastPasswords);

    /// <summary>Runs <c>demarcate</c>, which must exit with 0.</summary>
    public static async Task<CliProcess> Ok(params string[] arguments)
    {
        var run = await Run(arguments);
        Assert.True(run.ExitCode == 0, $"demarcate {string.Join(' ', arguments)}: {run.ExitCode}\n{run.Output}\n{run.Error}");
        return run;
    }

    /// <summary>Runs <c>demarcate</c>, which must refuse with exit code 2 and a "demarcate: " line, never a stack trace.</summary>
    public static async Task<CliProcess> Refused(params string[] arguments)
    {
        var run = await Run(arguments);
        Assert.True(run.ExitCode == 2, $"demarcate {string.Join(' ', arguments)} should be refused with 2: {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.StartsWith("demarcate: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        return run;
    }

    /// <summary>The non-empty, trimmed lines a run printed.</summary>
    public static string[] Lines(CliProcess run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
