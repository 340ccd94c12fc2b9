using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Georeferencing;
using Demarcate.Core.Trust;
using Demarcate.Storage;

namespace Demarcate.Cli;

/// <summary><c>demarcate sources list|add|attach</c>: the commission's cartographic source register, kept in its store.</summary>
public static class SourceCommands
{
    public static Command Sources()
    {
        var command = new Command("sources", "The cartographic source register: map editions and datasets with their files.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Attach());
        command.Subcommands.Add(Georeference());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List every source: edition, scale, accuracy (stated, or derived from the scale), CRS, sheets, who provided it, files.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var location = DemarcateCommand.StoreLocation(parse);
            TrustCommands.RequireCommissionStore(location);
            await using var store = await CommissionStores.OpenAsync(location, cancellationToken);
            Console.WriteLine("id\ttitle\tissuer\tyear\tedition\tscale\taccuracy_m\tcrs\tsheets\tprovided_by\tpublication\tversion\tfiles");
            foreach (var s in await store.ListSourcesAsync(Caller.CommissionSystem, cancellationToken))
            {
                var accuracy = s.AccuracyMetres is { } a ? a.ToString("0.###", CultureInfo.InvariantCulture) + (s.AccuracyIsDerived ? " (from scale)" : "") : "";
                var scale = s.ScaleDenominator is { } d ? "1:" + d.ToString(CultureInfo.InvariantCulture) : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Id}\t{s.Title}\t{s.Issuer}\t{s.EditionYear}\t{s.Edition}\t{scale}\t{accuracy}\t{s.Crs}\t{string.Join(' ', s.SheetIds)}\t{s.ProvidedBy}\t{s.Publication}\t{s.Version}\t{string.Join(' ', s.Files.Select(f => $"{f.Name}({f.Size} bytes, sha256 {f.Sha256[..12]}…)"))}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Add()
    {
        var id = new Option<string>("--id") { Description = "The source's id, e.g. gs-100k-1985.", Required = true };
        var title = new Option<string>("--title") { Description = "Its title, e.g. \"General Staff topographic map 1:100 000\".", Required = true };
        var issuer = new Option<string>("--issuer") { Description = "Who issued it, e.g. \"General Staff of the USSR\".", Required = true };
        var year = new Option<int?>("--year") { Description = "Year of the edition." };
        var edition = new Option<string?>("--edition") { Description = "The edition, e.g. \"2nd edition, revised 1985\"." };
        var scale = new Option<int?>("--scale") { Description = "Scale denominator, e.g. 100000 for 1:100 000." };
        var accuracy = new Option<double?>("--accuracy") { Description = "Stated positional accuracy in metres (default: 0.5 mm at map scale)." };
        var crs = new Option<string>("--crs") { Description = "The CRS it is drawn in (an EPSG code or one in the commission's registry).", DefaultValueFactory = _ => "EPSG:4326" };
        var sheets = new Option<string[]>("--sheet") { Description = "A sheet of the edition (Soviet nomenclature, e.g. K-38-34); repeat for several.", AllowMultipleArgumentsPerToken = true };
        var licence = new Option<string?>("--licence") { Description = "Its licence." };
        var attribution = new Option<string?>("--attribution") { Description = "The attribution the licence requires." };
        var provenance = new Option<string?>("--provenance") { Description = "How it reached the commission." };
        var notes = new Option<string?>("--notes") { Description = "Anything else the commission should know." };
        var providedBy = new Option<string?>("--provided-by") { Description = "The party that provided it (e.g. RU for the mediator); its editors may then change it." };
        var publication = new Option<string>("--publication") { Description = "Draft (the providing party only), Submitted (commission members) or Published (anyone).", DefaultValueFactory = _ => "Submitted" };
        var command = new Command("add", "Add a map edition or dataset to the source register.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption,
            id, title, issuer, year, edition, scale, accuracy, crs, sheets, licence, attribution, provenance, notes, providedBy, publication,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            if (!Enum.TryParse<Publication>(parse.GetValue(publication), ignoreCase: true, out var visibility) || !Enum.IsDefined(visibility))
            {
                throw new CommandRefusalException($"--publication {parse.GetValue(publication)}: give Draft, Submitted or Published.");
            }

            var location = DemarcateCommand.StoreLocation(parse);
            TrustCommands.RequireCommissionStore(location);
            await using var store = await CommissionStores.OpenForWritingAsync(location, parse.GetValue(DemarcateCommand.JournalKeyOption), cancellationToken);
            var commission = await store.GetCommissionAsync(cancellationToken) ?? throw new CommandRefusalException("the store has no commission yet.");
            PartyCode? party = null;
            if (parse.GetValue(providedBy) is { } code)
            {
                party = commission.Parties.FirstOrDefault(p => string.Equals(p.Code.Value, code.Trim(), StringComparison.OrdinalIgnoreCase))?.Code
                    ?? throw new CommandRefusalException($"--provided-by {code}: not one of the commission's parties ({string.Join(", ", commission.Parties.Select(p => p.Code.Value))}).");
            }

            if (party is null && visibility == Publication.Draft)
            {
                throw new CommandRefusalException("a draft belongs to the party that provided it: give --provided-by.");
            }

            var source = new CartographicSource(parse.GetValue(id)!.Trim(), parse.GetValue(title)!.Trim(), parse.GetValue(issuer)!.Trim())
            {
                EditionYear = parse.GetValue(year),
                Edition = parse.GetValue(edition),
                ScaleDenominator = parse.GetValue(scale),
                StatedAccuracyMetres = parse.GetValue(accuracy),
                Crs = parse.GetValue(crs)!,
                SheetIds = parse.GetValue(sheets) ?? [],
                Licence = parse.GetValue(licence) ?? "",
                Attribution = parse.GetValue(attribution) ?? "",
                Provenance = parse.GetValue(provenance) ?? "",
                Notes = parse.GetValue(notes) ?? "",
                ProvidedBy = party,
                Publication = visibility,
            };
            var problems = source.Check(await store.CrsRegistryAsync(Caller.CommissionSystem, cancellationToken), "--");
            if (problems.Count > 0)
            {
                foreach (var problem in problems.Skip(1))
                {
                    await Console.Error.WriteLineAsync("demarcate: " + problem);
                }

                throw new CommandRefusalException(problems[0].ToString());
            }

            var added = await store.AddSourceAsync(Caller.CommissionSystem, source, cancellationToken);
            var accuracyText = added.AccuracyMetres is { } a
                ? string.Create(CultureInfo.InvariantCulture, $"accuracy {a:0.###} m{(added.AccuracyIsDerived ? " (0.5 mm at scale)" : "")}")
                : "no accuracy stated";
            Console.WriteLine($"Added source {added.Id} ({added.Publication}, {accuracyText}, {added.SheetIds.Count} sheets) to {store.Description}.");
            return 0;
        });
        return command;
    }

    private static Command Attach()
    {
        var source = new Option<string>("--source") { Description = "The source's id.", Required = true };
        var file = new Option<string>("--file") { Description = "The file to attach (a scan, a digitised line).", Required = true };
        var name = new Option<string?>("--name") { Description = "The name to keep it under (default: the file's name)." };
        var contentType = new Option<string?>("--content-type") { Description = "Its media type (default: from the extension, e.g. image/tiff, application/geo+json)." };
        var command = new Command("attach", "Attach a file to a source; its SHA-256 and size are recorded, and attached files never change.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, source, file, name, contentType,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CommandRefusalException($"--file: there is no file {path}.");
            }

            var fileName = parse.GetValue(name) ?? Path.GetFileName(path);
            var type = parse.GetValue(contentType) ?? ContentTypeOf(path);
            var location = DemarcateCommand.StoreLocation(parse);
            TrustCommands.RequireCommissionStore(location);
            await using var store = await CommissionStores.OpenForWritingAsync(location, parse.GetValue(DemarcateCommand.JournalKeyOption), cancellationToken);
            var attached = await store.AttachSourceFileAsync(Caller.CommissionSystem, parse.GetValue(source)!, fileName, type, await File.ReadAllBytesAsync(path, cancellationToken), cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Attached {attached.Name} ({attached.ContentType}, {attached.Size} bytes, sha256 {attached.Sha256}) to source {parse.GetValue(source)}."));
            return 0;
        });
        return command;
    }

    private static Command Georeference()
    {
        var source = new Argument<string>("SOURCE") { Description = "The source whose scan is fitted." };
        var scan = new Option<string>("--scan") { Description = "The scan (PNG or JPEG): a file to attach, or the name of one the source already has.", Required = true };
        var gcp = new Option<string>("--gcp") { Description = "Control points as CSV: id,column,row,x,y (x easting or longitude, y northing or latitude); with --corners: id,column,row for NW, NE, SE, SW.", Required = true };
        var order = new Option<int>("--order") { Description = "1 (affine, 3 points or more) or 2 (second-order polynomial, 6 or more).", DefaultValueFactory = _ => 1 };
        var corners = new Option<string?>("--corners") { Description = "The sheet (e.g. K-38-34) whose frame corners the rows NW, NE, SE, SW mark: their map positions come from the nomenclature, in Pulkovo 1942 (EPSG:4284)." };
        var crs = new Option<string?>("--crs") { Description = "The CRS of x and y (default: the source's CRS)." };
        var command = new Command("georef", "Fit a source's scan to the map by least squares through ground control points; prints each point's residual and the RMSE in metres.")
        {
            DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, source, scan, gcp, order, corners, crs,
        };
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var sourceId = parse.GetValue(source)!;
            var gcpPath = parse.GetValue(gcp)!;
            if (!File.Exists(gcpPath))
            {
                throw new CommandRefusalException($"--gcp: there is no file {gcpPath}.");
            }

            var sheetText = parse.GetValue(corners);
            var table = GroundControlPoints.Parse(await File.ReadAllTextAsync(gcpPath, cancellationToken), Path.GetFileName(gcpPath), needMapPositions: sheetText is null);
            Refuse(table.Problems);
            var points = table.Value;
            string? sheet = null;
            if (sheetText is not null)
            {
                var parsedSheet = SheetNomenclature.Parse(sheetText, "--corners");
                Refuse(parsedSheet.Problems);
                var fromCorners = GroundControlPoints.FromSheetCorners(points, parsedSheet.Value, Path.GetFileName(gcpPath));
                Refuse(fromCorners.Problems);
                if (parse.GetValue(crs) is { } given && !string.Equals(given.Trim(), "EPSG:4284", StringComparison.OrdinalIgnoreCase))
                {
                    throw new CommandRefusalException($"--crs {given}: a sheet's corners are in Pulkovo 1942 geographic coordinates (EPSG:4284).");
                }

                points = fromCorners.Value;
                sheet = parsedSheet.Value.ToString();
            }

            var location = DemarcateCommand.StoreLocation(parse);
            TrustCommands.RequireCommissionStore(location);
            await using var store = await CommissionStores.OpenForWritingAsync(location, parse.GetValue(DemarcateCommand.JournalKeyOption), cancellationToken);
            var registered = await store.GetSourceAsync(Caller.CommissionSystem, sourceId, cancellationToken)
                ?? throw new CommandRefusalException($"SOURCE: the register has no source '{sourceId}'.");
            var fileName = await AttachedScanAsync(store, registered, parse.GetValue(scan)!, cancellationToken);
            var fitCrs = sheet is not null ? "EPSG:4284" : parse.GetValue(crs)?.Trim() ?? registered.Crs;
            var kept = await store.GeoreferenceScanAsync(
                Caller.CommissionSystem, new GeoreferencedScan(sourceId, fileName, fitCrs, parse.GetValue(order), points) { Sheet = sheet }, cancellationToken);
            var resolved = (await store.CrsRegistryAsync(Caller.CommissionSystem, cancellationToken)).Resolve(kept.Crs).Value;
            var report = ScanFitReport.Compute(kept, resolved).Value;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Fit {kept.Number} of {sourceId}/{kept.FileName} ({kept.Width} × {kept.Height} px): order {kept.Order} ({(kept.Order == 1 ? "affine" : "2nd-order polynomial")}) in {kept.Crs}{(sheet is null ? "" : $" from the corners of sheet {sheet}")}"));
            Console.WriteLine("id\tcolumn\trow\tx\ty\tdx\tdy\tresidual_m");
            foreach (var m in report.Misses)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Point.Id}\t{m.Point.Column:0.##}\t{m.Point.Row:0.##}\t{m.Point.X:0.#########}\t{m.Point.Y:0.#########}\t{m.DeltaX:0.#########}\t{m.DeltaY:0.#########}\t{m.Metres:0.00}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RMSE {report.RootMeanSquareMetres:0.00} m (metres in {report.MetricFrame})"));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The name of the scan on the source: a local file is attached first (unless the source already holds the same bytes
    /// under that name); a name the source already has is used as it is.
    /// </summary>
    private static async Task<string> AttachedScanAsync(ICommissionStore store, CartographicSource source, string scan, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(scan);
        var existing = source.Files.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        if (!File.Exists(scan))
        {
            return existing?.Name ?? throw new CommandRefusalException($"--scan: there is no file {scan}, and source {source.Id} has no file of that name.");
        }

        var bytes = await File.ReadAllBytesAsync(scan, cancellationToken);
        if (existing is not null)
        {
            return string.Equals(existing.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), StringComparison.Ordinal)
                ? existing.Name
                : throw new CommandRefusalException($"--scan: source {source.Id} already has a different {name}; attached files never change, so rename the new scan.");
        }

        var attached = await store.AttachSourceFileAsync(Caller.CommissionSystem, source.Id, name, ContentTypeOf(scan), bytes, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Attached {attached.Name} ({attached.Size} bytes, sha256 {attached.Sha256}) to source {source.Id}."));
        return attached.Name;
    }

    /// <summary>Prints every problem after the first and refuses with the first (exit 2).</summary>
    private static void Refuse(IReadOnlyList<InputProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        foreach (var problem in problems.Skip(1))
        {
            Console.Error.WriteLine("demarcate: " + problem);
        }

        throw new CommandRefusalException(problems[0].ToString());
    }

    /// <summary>The media types of the files a source usually comes with; anything else travels as bytes.</summary>
    private static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".tif" or ".tiff" => "image/tiff",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".pdf" => "application/pdf",
        ".geojson" => "application/geo+json",
        ".json" => "application/json",
        ".gpkg" => "application/geopackage+sqlite3",
        ".kml" => "application/vnd.google-earth.kml+xml",
        ".csv" => "text/csv",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };
}
