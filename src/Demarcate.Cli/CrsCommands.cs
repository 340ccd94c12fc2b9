using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary>
/// <c>demarcate crs add|list</c>: the commission's own CRS definitions, kept in its store beside the built-in EPSG
/// systems and usable wherever an EPSG code is (<c>transform --commission</c>, the server's geodesy API).
/// </summary>
public static class CrsCommands
{
    public static Command Crs()
    {
        var command = new Command("crs", "The commission's CRS registry: its own coordinate reference systems beside the built-in EPSG ones.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Add()
    {
        var code = new Option<string>("--code") { Description = "The commission's code for it, e.g. DEMARCATE:ARMREF02-TM (not under EPSG).", Required = true };
        var name = new Option<string>("--name") { Description = "Its name, e.g. \"ARMREF02 / Armenian TM\".", Required = true };
        var file = new Option<string?>("--file") { Description = "A file holding the definition: a PROJ string (+proj=tmerc …), WKT1 or WKT2." };
        var definition = new Option<string?>("--definition") { Description = "The definition itself, instead of --file." };
        var published = new Option<bool>("--published") { Description = "Anyone may see and use it (otherwise commission members and administrators only)." };
        var command = new Command("add", "Add a Transverse Mercator or geographic CRS to the commission's registry; its definition is stored exactly as given.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, code, name, file, definition, published,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (path, text) = (parse.GetValue(file), parse.GetValue(definition));
            if ((path is null) == (text is null))
            {
                throw new CommandRefusalException("crs add: give the definition with either --file or --definition (one of them).");
            }

            if (path is not null)
            {
                if (!File.Exists(path))
                {
                    throw new CommandRefusalException($"--file: there is no file {path}.");
                }

                text = await File.ReadAllTextAsync(path, cancellationToken);
            }

            var read = CommissionCrs.Read(parse.GetValue(code), parse.GetValue(name), text, path ?? "--definition");
            if (!read.Success)
            {
                foreach (var problem in read.Problems.Skip(1))
                {
                    await Console.Error.WriteLineAsync(Describe(problem));
                }

                throw new CommandRefusalException(Describe(read.Problems[0]));
            }

            var location = DemarcateCommand.StoreLocation(parse);
            TrustCommands.RequireCommissionStore(location);
            await using var store = await CommissionStores.OpenForWritingAsync(location, parse.GetValue(DemarcateCommand.JournalKeyOption), cancellationToken);
            var added = await store.AddCrsAsync(Caller.CommissionSystem, read.Value with { IsPublished = parse.GetValue(published) }, cancellationToken);
            var crs = added.ToCoordinateReferenceSystem().Value;
            Console.WriteLine($"Added {added.Code} \"{added.Name}\" ({added.Format}, {(crs.IsProjected ? "projected" : "geographic")} on {crs.Datum.Name}, axes {crs.AxisNames.First}/{crs.AxisNames.Second}, {(added.IsPublished ? "published" : "commission members only")}) to {store.Description}.");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the commission's CRS definitions: code, name, format, published, version, who added them and when.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var location = DemarcateCommand.StoreLocation(parse);
            TrustCommands.RequireCommissionStore(location);
            await using var store = await CommissionStores.OpenAsync(location, cancellationToken);
            Console.WriteLine("code\tname\tformat\tpublished\tversion\tadded_by\tadded_at\tproj");
            foreach (var c in await store.ListCrsAsync(Caller.CommissionSystem, cancellationToken))
            {
                var crs = c.ToCoordinateReferenceSystem();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Code}\t{c.Name}\t{c.Format}\t{(c.IsPublished ? "yes" : "no")}\t{c.Version}\t{c.AddedBy}\t{c.AddedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}\t{(crs.Success ? crs.Value.ToProjString() : "unreadable: " + crs.Problems[0].Message)}"));
            }

            return 0;
        });
        return command;
    }

    /// <summary>A problem in one line; a column without a line (a PROJ string's position) is named as such.</summary>
    private static string Describe(InputProblem problem) =>
        problem.Line is null && problem.Column is { } column
            ? string.Create(CultureInfo.InvariantCulture, $"{problem.Source}, column {column}: {problem.Message}")
            : problem.ToString();
}
