using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Server;
using Demarcate.Storage;
using Demarcate.Core.Trust;
using Demarcate.Storage.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Demarcate.Cli;

/// <summary>
/// The <c>demarcate</c> command line. Each subcommand calls the same core and store functions the
/// server does; none of them goes through HTTP.
/// </summary>
public static class DemarcateCommand
{
    /// <summary>Exit code for input or a store the user must fix (the message says what).</summary>
    public const int UserError = 2;

    internal static readonly Option<string> StoreOption = new("--store")
    {
        Description = "The GeoPackage file holding the commission's record (created if missing).",
        DefaultValueFactory = _ => "demarcate.gpkg",
    };

    internal static readonly Option<string?> DatabaseOption = new("--database")
    {
        Description = "A PostgreSQL + PostGIS database to use instead of a GeoPackage: postgresql://user:password@host:port/database.",
    };

    internal static readonly Option<string?> JournalKeyOption = new("--journal-key")
    {
        Description = "The file of the key that signs the journal (PEM; created if missing). Default: beside the GeoPackage, or ./demarcate-journal-key.pem for PostgreSQL.",
    };

    /// <summary>Where the store is: the --database address when given, otherwise the --store file.</summary>
    internal static string StoreLocation(ParseResult parse) => parse.GetValue(DatabaseOption) ?? parse.GetValue(StoreOption)!;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Demarcate: the system of record of a joint border commission.");
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(Sectors());
        root.Subcommands.Add(CompareCommand.Compare());
        root.Subcommands.Add(Backup());
        root.Subcommands.Add(StoreCommands.Store());
        root.Subcommands.Add(TrustCommands.Users());
        root.Subcommands.Add(TrustCommands.Verify());
        root.Subcommands.Add(TrustCommands.Journal());
        root.Subcommands.Add(ProceedingsCommands.Proposals());
        root.Subcommands.Add(ProceedingsCommands.Sessions());
        root.Subcommands.Add(ProceedingsCommands.Documents());
        root.Subcommands.Add(GeodesyCommands.Transform());
        root.Subcommands.Add(GeodesyCommands.Sheet());
        root.Subcommands.Add(CrsCommands.Crs());
        root.Subcommands.Add(SourceCommands.Sources());
        root.Subcommands.Add(LineFileCommands.Import());
        root.Subcommands.Add(LineFileCommands.Export());
        root.Subcommands.Add(DatasetCommands.Dataset());
        root.Subcommands.Add(DescribeCommands.Describe());
        root.Subcommands.Add(PillarCommands.Pillars());
        root.Subcommands.Add(IncidentCommands.Incidents());
        root.Subcommands.Add(AgreementCommands.Agreements());
        root.Subcommands.Add(AgreementCommands.TaskForce());
        root.Subcommands.Add(HumanitarianCommands.Humanitarian());
        root.Subcommands.Add(LayerCommands.Layers());
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (StoreException e)
        {
            await Console.Error.WriteLineAsync("demarcate: " + e.Message);
            return UserError;
        }
        catch (StoreRefusalException e)
        {
            await Console.Error.WriteLineAsync("demarcate: " + e.Message);
            return UserError;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
#pragma warning disable CA1031 // The last line of defence: users get one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"demarcate: unexpected failure ({e.GetType().Name}): {e.Message}");
            return 70;
        }
    }

    private static Command Serve()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, e.g. http://127.0.0.1:5080.",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var demo = new Option<bool>("--demo")
        {
            Description = "Create one account per role for trying the demo (passwords are printed once, the first time).",
        };
        var command = new Command("serve", "Run the web server on a store; an empty store gets the demo commission.") { StoreOption, DatabaseOption, JournalKeyOption, HumanitarianCommands.KeyOption, urls, demo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await ServerApp.OpenWithDemoAsync(StoreLocation(parse), parse.GetValue(JournalKeyOption), parse.GetValue(HumanitarianCommands.KeyOption), cancellationToken);
            var app = await ServerApp.CreateAsync(["--urls", parse.GetValue(urls)!], store, cancellationToken);
            if (parse.GetValue(demo))
            {
                var hasher = app.Services.GetRequiredService<PasswordHasher>();
                var created = await DemoAccounts.EnsureAsync(store, hasher, passwordFor: null, cancellationToken);
                Console.WriteLine(created.Count == 0
                    ? "The demo accounts exist already (their passwords were printed when they were created; `demarcate users reset-password` sets a new one)."
                    : "Demo accounts (these passwords are shown once: write them down):");
                foreach (var (account, password) in created)
                {
                    Console.WriteLine($"  {account.UserName,-18} {password}   {account.Role}{(account.Party is { } p ? ", " + p.Value : "")}");
                }
            }

            await app.StartAsync(cancellationToken);
            Console.WriteLine($"Demarcate is serving {store.Description} at {string.Join(", ", app.Urls)} (Ctrl+C stops it).");
            await app.WaitForShutdownAsync(cancellationToken);
            await app.DisposeAsync();
            return 0;
        });
        return command;
    }

    private static Command Sectors()
    {
        var section = new Option<string?>("--section") { Description = "Only this section's sectors." };
        var command = new Command("sectors", "List the sectors with their length along the line in force.") { StoreOption, DatabaseOption, section };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommissionStores.OpenAsync(StoreLocation(parse), cancellationToken);
            var sectors = await store.ListSectorsAsync(Caller.CommissionSystem, parse.GetValue(section), cancellationToken);
            Console.WriteLine("sector\tsection\tnumber\tlength_km\tgap_km\tstatus");
            foreach (var s in sectors)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{s.Sector.Id}\t{s.Sector.SectionId}\t{s.Sector.Number}\t{s.LengthMetres / 1000:0.000}\t{s.GapLengthMetres / 1000:0.000}\t{s.Sector.Status}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Backup()
    {
        var to = new Option<string>("--to") { Description = "The backup file to write (must not exist).", Required = true };
        var command = new Command("backup", "Write a consistent copy of a live store (GeoPackage: VACUUM INTO; PostgreSQL: pg_dump custom format).") { StoreOption, DatabaseOption, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommissionStores.OpenAsync(StoreLocation(parse), cancellationToken);
            await store.BackupAsync(parse.GetValue(to)!, cancellationToken);
            Console.WriteLine($"Backed up {store.Description} to {Path.GetFullPath(parse.GetValue(to)!)}.");
            return 0;
        });
        return command;
    }
}
