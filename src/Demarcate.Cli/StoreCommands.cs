using System.CommandLine;
using Demarcate.Storage;
using Demarcate.Storage.Postgres;

namespace Demarcate.Cli;

/// <summary>
/// The <c>store</c> commands of <c>demarcate</c>: moving the commission's whole record between a
/// GeoPackage file and a PostgreSQL database (backups stay with the <c>backup</c> command).
/// </summary>
internal static class StoreCommands
{
    public static Command Store()
    {
        var command = new Command("store", "Move the commission's whole record between stores (GeoPackage file or PostgreSQL database).");
        command.Subcommands.Add(Copy());
        return command;
    }

    private static Command Copy()
    {
        var from = new Option<string>("--from") { Description = "The store to copy: a GeoPackage file or postgresql://user:password@host:port/database.", Required = true };
        var to = new Option<string>("--to") { Description = "The store to copy into, which must be empty: a new GeoPackage file (created) or an empty database.", Required = true };
        var command = new Command(
            "copy",
            "Copy every record, account, key, token and the whole journal with its signed heads into an empty store, in one transaction there; the copy verifies as the original does.")
        {
            from,
            to,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(from)!;
            var destination = parse.GetValue(to)!;
            if (!PostgresStore.IsPostgresLocation(source) && !File.Exists(source))
            {
                throw new StoreException($"{Path.GetFullPath(source)}: no such GeoPackage file to copy from");
            }

            await using var sourceStore = await CommissionStores.OpenAsync(source, cancellationToken);
            await using var targetStore = await CommissionStores.OpenAsync(destination, cancellationToken);
            var copied = await ((RelationalStore)sourceStore).CopyToAsync((RelationalStore)targetStore, cancellationToken);
            Console.WriteLine($"Copied {sourceStore.Description} to {targetStore.Description}:");
            foreach (var (table, rows) in copied)
            {
                Console.WriteLine($"  {table,-16} {rows,8}");
            }

            return 0;
        });
        return command;
    }
}
