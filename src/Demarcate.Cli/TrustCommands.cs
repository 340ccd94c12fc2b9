using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Demarcate.Storage.Postgres;

namespace Demarcate.Cli;

/// <summary>
/// The trust commands of <c>demarcate</c>: accounts (<c>users</c>), <c>verify</c>, and the journal
/// (<c>journal receipt</c>, <c>journal show</c>). They work on the store directly, as the commission's
/// system, the way an administrator at the server's console would.
/// </summary>
internal static class TrustCommands
{
    /// <summary>
    /// Lowers the PBKDF2 iterations of new password hashes and signing-key wrappings (tests only; the
    /// default is <see cref="PasswordHasher.Production"/>). Read in <see cref="Hasher"/> and nowhere else.
    /// </summary>
    internal const string IterationsVariable = "DEMARCATE_PASSWORD_ITERATIONS";

    // RFC 4648 base32, lower case: no 0/1/8/9, so nothing to confuse with O, I or B when read aloud or copied by hand.

    public static Command Users()
    {
        var command = new Command("users", "Manage the commission's accounts (as the commission's system, at the server's console).");
        command.Subcommands.Add(AddUser());
        command.Subcommands.Add(ListUsers());
        command.Subcommands.Add(ResetPassword());
        return command;
    }

    public static Command Journal()
    {
        var command = new Command("journal", "Read the commission's journal, and issue a receipt for the head you have seen.");
        command.Subcommands.Add(IssueReceipt());
        command.Subcommands.Add(ShowJournal());
        return command;
    }

    public static Command Verify()
    {
        var receipts = new Option<string[]>("--receipt")
        {
            Description = "A receipt a delegation kept (demarcate journal receipt); repeat for several.",
            DefaultValueFactory = _ => [],
        };
        var journalKey = new Option<string?>("--journal-key")
        {
            Description = "A copy of the journal key (PEM, public or private) kept outside the store: heads are checked against it alone. Without it, the store's own record of the key is trusted.",
        };
        var command = new Command("verify", "Recompute the journal's hash chain and check it against the signed heads and the receipts given; names the first broken link. Never writes.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, journalKey, receipts,
        };
        SetAction(command, async (parse, cancellationToken) =>
        {
            var presented = new List<Receipt>();
            foreach (var file in parse.GetValue(receipts) ?? [])
            {
                presented.Add(ReadReceipt(file, await ReadTextAsync(file, "the receipt", cancellationToken)));
            }

            var location = DemarcateCommand.StoreLocation(parse);
            RequireExistingStore(location);
            var trustedHeadKeys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
            var memberKeys = new Dictionary<string, MemberKeyRing>(StringComparer.Ordinal);
            try
            {
                await using var store = await CommissionStores.OpenAsync(location, cancellationToken);
                if (parse.GetValue(journalKey) is { } keyFile)
                {
                    var key = await ReadTrustedJournalKeyAsync(keyFile, cancellationToken);
                    trustedHeadKeys[SigningKey.KeyIdOf(key)] = key;
                    Console.WriteLine($"Signed heads are checked against the journal key {SigningKey.KeyIdOf(key)} from {Path.GetFullPath(keyFile)}.");
                }
                else
                {
                    foreach (var publicKey in (await store.ListJournalKeysAsync(cancellationToken)).Values)
                    {
                        // The id is recomputed from the key, not taken from the row beside it.
                        if (SigningKey.TryImportPublicKey(publicKey, out var key))
                        {
                            trustedHeadKeys[SigningKey.KeyIdOf(key)] = key;
                        }
                    }

                    Console.WriteLine(
                        $"Warning: trusting the store's own copy of the journal public key ({string.Join(", ", trustedHeadKeys.Keys.Order(StringComparer.Ordinal))}). "
                        + "Whoever can rewrite the store can replace it too; pass --journal-key with a copy kept elsewhere, and keep receipts.");
                }

                foreach (var account in presented.Select(r => r.AccountId).Distinct(StringComparer.Ordinal))
                {
                    var ring = MemberKeyRing.Create(await store.ListSigningKeysAsync(account, cancellationToken), presented.Where(r => r.AccountId == account));
                    if (ring is not null)
                    {
                        memberKeys[account] = ring;
                    }
                }

                var heads = await store.ListSignedHeadsAsync(cancellationToken);
                var report = await JournalVerifier.VerifyAsync(
                    store.ReadJournalAsync(cancellationToken),
                    heads,
                    presented,
                    id => trustedHeadKeys.TryGetValue(id, out var headKey) ? headKey : memberKeys.GetValueOrDefault(id),
                    cancellationToken);
                Console.WriteLine(report.ToString());
                return report.Ok ? 0 : 1;
            }
            finally
            {
                foreach (var key in trustedHeadKeys.Values)
                {
                    key.Dispose();
                }

                foreach (var ring in memberKeys.Values)
                {
                    ring.Dispose();
                }
            }
        });
        return command;
    }

    private static Command AddUser()
    {
        var user = new Option<string>("--user") { Description = "The user name to sign in with (lower-case letters, digits, '.', '-', '_'); also the account's id in the journal.", Required = true };
        var name = new Option<string>("--name") { Description = "The name shown to others, e.g. \"Anna Petrosyan\".", Required = true };
        var role = new Option<string>("--role") { Description = "CoChair, LegalExpert, Cartographer, Observer, MediatorAdviser, Monitor, HumanitarianOfficer or Administrator.", Required = true };
        var party = new Option<string?>("--party") { Description = "The party whose delegation (or the mediator's team) the user belongs to, e.g. AM; required for every role but Administrator." };
        var passwordFile = PasswordFileOption("The first password, read from this file (one line). Without it a strong password is generated and shown once.");
        var command = new Command("add", "Create an account with its password and its own signing key.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, user, name, role, party, passwordFile,
        };
        SetAction(command, async (parse, cancellationToken) =>
        {
            var userName = CheckUserName(parse.GetValue(user)!);
            var displayName = parse.GetValue(name)!.Trim();
            if (displayName.Length == 0)
            {
                throw new CommandRefusalException("--name: the display name is empty.");
            }

            var accountRole = ParseRole(parse.GetValue(role)!);
            var partyText = parse.GetValue(party);
            if (accountRole == Role.Administrator && !string.IsNullOrWhiteSpace(partyText))
            {
                throw new CommandRefusalException("an Administrator belongs to no party: leave out --party.");
            }

            if (accountRole != Role.Administrator && string.IsNullOrWhiteSpace(partyText))
            {
                throw new CommandRefusalException($"a {accountRole} belongs to a party: give --party (one of the commission's party codes, e.g. AM).");
            }

            var (password, generated) = await NewPasswordAsync(parse.GetValue(passwordFile), cancellationToken);
            var hasher = Hasher();
            var location = DemarcateCommand.StoreLocation(parse);
            RequireCommissionStore(location);
            await using var store = await CommissionStores.OpenForWritingAsync(location, parse.GetValue(DemarcateCommand.JournalKeyOption), cancellationToken);
            var commission = await store.GetCommissionAsync(cancellationToken) ?? throw NoCommission(location);
            PartyCode? partyCode = null;
            if (accountRole != Role.Administrator)
            {
                partyCode = CommissionParty(commission, partyText!);
                if (accountRole == Role.MediatorAdviser && partyCode != commission.Mediator.Code)
                {
                    throw new CommandRefusalException($"a MediatorAdviser belongs to the mediator's team: --party {commission.Mediator.Code}.");
                }
            }

            if (await store.FindAccountAsync(userName, cancellationToken) is not null)
            {
                throw new CommandRefusalException($"An account named '{userName}' already exists.");
            }

            var account = new Account(userName, userName, displayName, partyCode, accountRole);
            var signingKey = WrappedSigningKey.Create(password, hasher, TimeProvider.System.GetUtcNow());
            await store.CreateAccountAsync(Caller.CommissionSystem, account, hasher.Hash(password), signingKey, cancellationToken);
            Console.WriteLine($"Created account {userName} ({displayName}, {accountRole}{(partyCode is { } p ? ", party " + p.Value : "")}) with signing key {signingKey.KeyId}.");
            PrintPasswordNotes(userName, password, generated, hasher);
            return 0;
        });
        return command;
    }

    private static Command ListUsers()
    {
        var command = new Command("list", "List every account: user, display name, party, role, consecutive failed sign-ins.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption,
        };
        SetAction(command, async (parse, cancellationToken) =>
        {
            var location = DemarcateCommand.StoreLocation(parse);
            RequireExistingStore(location);
            await using var store = await CommissionStores.OpenAsync(location, cancellationToken);
            Console.WriteLine("user\tname\tparty\trole\tfailed_sign_ins");
            foreach (var account in await store.ListAccountsAsync(Caller.CommissionSystem, cancellationToken))
            {
                var stored = await store.GetAccountAsync(account.Id, cancellationToken);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{account.UserName}\t{account.DisplayName}\t{account.Party?.Value ?? "-"}\t{account.Role}\t{stored?.FailedSignIns ?? 0}{(stored?.Disabled == true ? "\t(disabled)" : "")}"));
            }

            return 0;
        });
        return command;
    }

    private static Command ResetPassword()
    {
        var user = new Option<string>("--user") { Description = "The account whose password is reset.", Required = true };
        var passwordFile = PasswordFileOption("The new password, read from this file (one line). Without it a strong password is generated and shown once.");
        var command = new Command("reset-password", "Give an account a new password and a new signing key; the old key is retired (what it signed stays valid).")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, user, passwordFile,
        };
        SetAction(command, async (parse, cancellationToken) =>
        {
            var userName = parse.GetValue(user)!;
            var (password, generated) = await NewPasswordAsync(parse.GetValue(passwordFile), cancellationToken);
            var hasher = Hasher();
            var location = DemarcateCommand.StoreLocation(parse);
            RequireExistingStore(location);
            await using var store = await CommissionStores.OpenForWritingAsync(location, parse.GetValue(DemarcateCommand.JournalKeyOption), cancellationToken);
            var stored = await store.FindAccountAsync(userName, cancellationToken)
                ?? throw new CommandRefusalException($"There is no account '{userName}' in {store.Description}.");
            var retired = (await store.ListSigningKeysAsync(stored.Account.Id, cancellationToken)).Where(k => k.RetiredAt is null).Select(k => k.KeyId).ToList();
            var newKey = WrappedSigningKey.Create(password, hasher, TimeProvider.System.GetUtcNow());
            await store.ResetPasswordAsync(Caller.CommissionSystem, stored.Account.Id, hasher.Hash(password), newKey, cancellationToken);
            Console.WriteLine($"Reset the password of {userName}; new signing key {newKey.KeyId}.");
            if (retired.Count > 0)
            {
                Console.WriteLine(
                    $"The old signing key {string.Join(", ", retired)} is retired: it can sign nothing any more, not even with the old password. "
                    + "Everything it signed before now stays valid: its public key is kept.");
            }

            PrintPasswordNotes(userName, password, generated, hasher);
            return 0;
        });
        return command;
    }

    private static Command IssueReceipt()
    {
        var user = new Option<string>("--user") { Description = "Your user name.", Required = true };
        var passwordFile = PasswordFileOption("Your password, read from this file (one line). Without it the password is asked for (or read from standard input).");
        var output = new Option<string>("--out") { Description = "The receipt file to write (must not exist). Keep it outside the system.", Required = true };
        var command = new Command("receipt", "Sign, with your own key, the journal head as you see it now, and write the receipt to a file.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, user, passwordFile, output,
        };
        SetAction(command, async (parse, cancellationToken) =>
        {
            var userName = parse.GetValue(user)!;
            var target = Path.GetFullPath(parse.GetValue(output)!);
            if (File.Exists(target))
            {
                throw new CommandRefusalException($"{target}: already exists; a receipt never overwrites another. Choose another --out.");
            }

            var password = parse.GetValue(passwordFile) is { } file ? await ReadPasswordFileAsync(file, cancellationToken) : ReadPasswordFromConsole(userName);
            var location = DemarcateCommand.StoreLocation(parse);
            RequireExistingStore(location);
            await using var store = await CommissionStores.OpenAsync(location, cancellationToken);
            var stored = await store.FindAccountAsync(userName, cancellationToken);

            // The same answer, after the same work, whether the user name or the password is wrong.
            if (Hasher().Verify(password, stored?.PasswordHash) == PasswordCheck.Failed || stored is null)
            {
                throw new CommandRefusalException("wrong user name or password; no receipt written.");
            }

            var account = stored.Account;
            if (stored.Disabled)
            {
                throw new CommandRefusalException($"the account {userName} is disabled; no receipt written.");
            }

            if (!Permissions.MayIssueReceipt(Caller.For(account)) || account.Party is not { } party)
            {
                throw new CommandRefusalException($"only members of the commission (delegations and the mediator's team) issue receipts; {userName} is {account.Role}.");
            }

            var current = (await store.ListSigningKeysAsync(account.Id, cancellationToken)).FirstOrDefault(k => k.RetiredAt is null)
                ?? throw new CommandRefusalException($"{userName} has no active signing key; an administrator resets the password to make a new one.");
            var opened = current.Unwrap(password);
            if (!opened.Success)
            {
                throw new CommandRefusalException($"the signing key of {userName} does not open ({opened.Failure}); no receipt written.");
            }

            using var key = opened.Value;
            var head = await store.GetJournalHeadAsync(cancellationToken)
                ?? throw new CommandRefusalException($"the journal of {store.Description} is empty: there is no head to sign.");
            var receipt = JournalSigner.SignReceipt(head, party, account.Id, key, TimeProvider.System.GetUtcNow());
            await WriteNewFileAsync(target, receipt.ToJson(), cancellationToken);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Receipt of {party} ({account.Id}) for entry {receipt.Sequence}, hash {receipt.Hash}, signed with key {current.KeyId}, written to {target}."));
            Console.WriteLine("Keep it outside the system: with it, `demarcate verify --receipt` shows whether the journal was cut short or rewritten up to this entry.");
            return 0;
        });
        return command;
    }

    private static Command ShowJournal()
    {
        var last = new Option<int>("--last") { Description = "How many of the latest entries to show.", DefaultValueFactory = _ => 20 };
        var command = new Command("show", "Show the latest journal entries: sequence, time, who, what, which record.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, last,
        };
        SetAction(command, async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(last);
            if (count < 1)
            {
                throw new CommandRefusalException("--last: give a number of entries of at least 1.");
            }

            var location = DemarcateCommand.StoreLocation(parse);
            RequireExistingStore(location);
            await using var store = await CommissionStores.OpenAsync(location, cancellationToken);

            // Streamed: only the last entries are held, however long the journal.
            var latest = new Queue<JournalEntry>(count);
            long total = 0;
            await foreach (var entry in store.ReadJournalAsync(cancellationToken))
            {
                total++;
                if (latest.Count == count)
                {
                    latest.Dequeue();
                }

                latest.Enqueue(entry);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The journal of {store.Description} has {total} entries; the last {latest.Count}:"));
            Console.WriteLine("sequence\tat (UTC)\tactor\taction\trecord");
            foreach (var entry in latest)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{entry.Sequence}\t{entry.At:yyyy-MM-dd HH:mm:ss.fff}\t{entry.Actor}\t{entry.Action}\t{entry.RecordType} {entry.RecordId}"));
            }

            return 0;
        });
        return command;
    }

    /// <summary>Runs an action, turning a refusal the user can act on into one line and exit code 2.</summary>
    internal static void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken);
            }
            catch (Exception e) when (e is CommandRefusalException or StoreRefusalException)
            {
                await Console.Error.WriteLineAsync("demarcate: " + e.Message);
                return DemarcateCommand.UserError;
            }
        });

    /// <summary>The hasher for new passwords and key wrappings: production strength unless <see cref="IterationsVariable"/> says otherwise.</summary>
    internal static PasswordHasher Hasher()
    {
        var text = Environment.GetEnvironmentVariable(IterationsVariable);
        if (string.IsNullOrEmpty(text))
        {
            return PasswordHasher.Production;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations is >= 1 and <= PasswordHasher.MaximumIterations
            ? new PasswordHasher(iterations)
            : throw new CommandRefusalException($"{IterationsVariable}={text}: give a whole number from 1 to {PasswordHasher.MaximumIterations}, or leave it unset for {PasswordHasher.Production.Iterations}.");
    }

    internal static Option<string?> PasswordFileOption(string description) => new("--password-file") { Description = description };

    private static async Task<(string Password, bool Generated)> NewPasswordAsync(string? passwordFile, CancellationToken cancellationToken)
    {
        if (passwordFile is null)
        {
            return (PasswordHasher.GeneratePassword(), true);
        }

        var password = await ReadPasswordFileAsync(passwordFile, cancellationToken);
        var strength = PasswordHasher.CheckStrength(password);
        return strength.Success ? (password, false) : throw new CommandRefusalException($"{passwordFile}: {strength.Problems[0].Message}");
    }

    private static void PrintPasswordNotes(string userName, string password, bool generated, PasswordHasher hasher)
    {
        if (generated)
        {
            Console.WriteLine($"Password of {userName}: {password}");
            Console.WriteLine("Write it down now and hand it to its owner in person: it is shown only this once, and the store keeps only a hash of it.");
            Console.WriteLine("It also opens the owner's signing key, which no administrator can open.");
        }

        if (hasher.Iterations < PasswordHasher.Production.Iterations)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Note: hashed with {hasher.Iterations} PBKDF2 iterations ({IterationsVariable}), fewer than the {PasswordHasher.Production.Iterations} of production: for tests only."));
        }
    }

    internal static async Task<string> ReadPasswordFileAsync(string file, CancellationToken cancellationToken) =>
        (await ReadTextAsync(file, "the password file", cancellationToken)).TrimEnd('\r', '\n');

    internal static string ReadPasswordFromConsole(string userName)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? "";
        }

        Console.Error.Write($"Password of {userName}: ");
        var typed = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return typed.ToString();
    }

    internal static async Task<string> ReadTextAsync(string file, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandRefusalException($"{file}: cannot read {what} ({e.Message})", e);
        }
    }

    private static Receipt ReadReceipt(string file, string text)
    {
        var parsed = Receipt.Parse(text, file);
        if (parsed.Success)
        {
            return parsed.Value;
        }

        var more = parsed.Problems.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {parsed.Problems.Count - 1} more problems)") : "";
        throw new CommandRefusalException($"not a receipt: {parsed.Problems[0]}{more}");
    }

    /// <summary>The journal key a verifier trusts, as a public key only (the file may hold the private key too).</summary>
    private static async Task<ECDsa> ReadTrustedJournalKeyAsync(string file, CancellationToken cancellationToken)
    {
        var pem = await ReadTextAsync(file, "the journal key", cancellationToken);
        using var read = ECDsa.Create();
        try
        {
            read.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new CommandRefusalException($"{file}: not a PEM ECDSA key ({e.Message})", e);
        }

        return SigningKey.TryImportPublicKey(read.ExportSubjectPublicKeyInfo(), out var publicKey)
            ? publicKey
            : throw new CommandRefusalException($"{file}: the journal key must be an ECDSA P-256 key.");
    }

    private static async Task WriteNewFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write });
            await using var writer = new StreamWriter(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            await writer.WriteAsync(text.AsMemory(), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandRefusalException($"{path}: cannot write the receipt ({e.Message})", e);
        }
    }

    private static string CheckUserName(string userName)
    {
        if (userName.Length is 0 or > 64 || !char.IsAsciiLetterOrDigit(userName[0])
            || !userName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_'))
        {
            throw new CommandRefusalException($"--user '{userName}': a user name is 1 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit.");
        }

        // A journal key is named by 16 hex digits: an account named like one could pass off its receipts as the journal's.
        if (userName.Length == 16 && userName.All(char.IsAsciiHexDigitLower))
        {
            throw new CommandRefusalException($"--user '{userName}': a user name of 16 hex digits could be taken for a journal key id; choose another.");
        }

        // "system" is how the journal names the application itself; an account by that name would blur who did what.
        return userName == Core.Trust.Journal.SystemActor
            ? throw new CommandRefusalException($"--user '{userName}': reserved for the commission's system.")
            : userName;
    }

    private static Role ParseRole(string text)
    {
        // Names only: Enum.TryParse would also take "3" for a role.
        var name = Enum.GetNames<Role>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null
            ? Enum.Parse<Role>(name)
            : throw new CommandRefusalException($"--role '{text}': unknown role; one of {string.Join(", ", Enum.GetNames<Role>())}.");
    }

    private static PartyCode CommissionParty(Commission commission, string text)
    {
        var code = new PartyCode(text);
        return commission.Find(code) is not null
            ? code
            : throw new CommandRefusalException($"--party '{text}': not a party of the commission; one of {string.Join(", ", commission.Parties.Select(p => p.Code.Value))}.");
    }

    /// <summary>Read commands never create a store: a mistyped path is an error, not a new empty file.</summary>
    internal static void RequireExistingStore(string location)
    {
        if (!PostgresStore.IsPostgresLocation(location) && !File.Exists(location))
        {
            throw new CommandRefusalException($"{Path.GetFullPath(location)}: no such store.");
        }
    }

    internal static void RequireCommissionStore(string location)
    {
        if (!PostgresStore.IsPostgresLocation(location) && !File.Exists(location))
        {
            throw NoCommission(location);
        }
    }

    private static CommandRefusalException NoCommission(string location) =>
        new($"{(PostgresStore.IsPostgresLocation(location) ? "the store" : Path.GetFullPath(location))} has no commission yet: run `demarcate serve` once or import a commission.");
}

/// <summary>A command refused for a reason the user can act on; the message is one line.</summary>
public sealed class CommandRefusalException : Exception
{
    public CommandRefusalException()
    {
    }

    public CommandRefusalException(string message)
        : base(message)
    {
    }

    public CommandRefusalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
