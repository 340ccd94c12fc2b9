using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Georeferencing;
using Demarcate.Core.Trust;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    private const string ScanColumns = "source_id, number, file_name, crs, fit_order, width, height, sheet, control_points, fitted_by, fitted_at";

    /// <summary>
    /// Keeps a new fit of a source's scan. Only the providing party's editors fit its scans; the scan must be an attached PNG
    /// or JPEG; the control points must fix the chosen order in a CRS the caller's registry knows.
    /// </summary>
    public Task<GeoreferencedScan> GeoreferenceScanAsync(Caller caller, GeoreferencedScan scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scan);
        return WriteAsync<GeoreferencedScan>(caller, async (connection, transaction) =>
        {
            var source = (await QuerySourcesAsync(connection, transaction, caller, scan.SourceId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("source", scan.SourceId);
            if (!Permissions.MayEditSource(caller, source.ProvidedBy))
            {
                throw new NotPermittedException("Only the party that provided a source georeferences its scans.");
            }

            if (!source.Files.Any(f => string.Equals(f.Name, scan.FileName, StringComparison.Ordinal)))
            {
                throw new RecordNotFoundException("file", $"{scan.SourceId}/{scan.FileName}");
            }

            byte[] content;
            await using (var read = Command(connection, transaction, "SELECT content FROM source_files WHERE source_id = $1 AND name = $2", scan.SourceId, scan.FileName))
            {
                content = (byte[])(await read.ExecuteScalarAsync(cancellationToken))!;
            }

            var image = ScanImage.Read(content, scan.FileName);
            if (!image.Success)
            {
                throw new RuleViolationException(image.Problems[0].ToString());
            }

            var crs = (await this.CrsRegistryAsync(caller, cancellationToken)).Resolve(scan.Crs, "crs");
            if (!crs.Success)
            {
                throw new RuleViolationException(crs.Problems[0].ToString());
            }

            var sized = scan with { Crs = crs.Value.Code.ToString(), Width = image.Value.Width, Height = image.Value.Height };
            var report = ScanFitReport.Compute(sized, crs.Value);
            if (!report.Success)
            {
                throw new RuleViolationException(string.Join("; ", report.Problems));
            }

            int number;
            await using (var last = Command(connection, transaction, "SELECT coalesce(max(number), 0) FROM source_scans WHERE source_id = $1", scan.SourceId))
            {
                number = Convert.ToInt32(await last.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) + 1;
            }

            var kept = sized with
            {
                Number = number,
                FittedBy = caller.Account?.Id ?? Journal.SystemActor,
                FittedAt = Journal.ToJournalTime(Clock.GetUtcNow()),
            };
            await ExecuteAsync(
                connection, transaction,
                $"INSERT INTO source_scans ({ScanColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                cancellationToken,
                kept.SourceId, kept.Number, kept.FileName, kept.Crs, kept.Order, kept.Width, kept.Height, kept.Sheet,
                GroundControlPoints.Format(kept.ControlPoints), kept.FittedBy, Time(kept.FittedAt));
            return (kept, (IReadOnlyList<JournalNote>)[new JournalNote("source.georeference", "source", kept.SourceId, null, new
            {
                number = kept.Number,
                file = kept.FileName,
                crs = kept.Crs,
                order = kept.Order,
                sheet = kept.Sheet,
                controlPoints = kept.ControlPoints.Count,
                rmseMetres = Math.Round(report.Value.RootMeanSquareMetres, 3),
            })]);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<GeoreferencedScan>> ListScansAsync(Caller caller, string sourceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        if ((await QuerySourcesAsync(connection, null, caller, sourceId, cancellationToken)).Count == 0)
        {
            return [];
        }

        var scans = new List<GeoreferencedScan>();
        await using var command = Command(connection, null, $"SELECT {ScanColumns} FROM source_scans WHERE source_id = $1 ORDER BY number", sourceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"source_scans {sourceId} #{reader.GetInt32(1)}");
            var points = GroundControlPoints.Parse(reader.GetString(8), name);
            if (!points.Success)
            {
                // The store wrote this text itself; unreadable means the record was damaged outside the application.
                throw new StoreException($"{Description}: {points.Problems[0]}");
            }

            scans.Add(new GeoreferencedScan(reader.GetString(0), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), points.Value)
            {
                Number = reader.GetInt32(1),
                Width = reader.GetInt32(5),
                Height = reader.GetInt32(6),
                Sheet = reader.IsDBNull(7) ? null : reader.GetString(7),
                FittedBy = reader.GetString(9),
                FittedAt = ParseTime(reader.GetString(10)),
            });
        }

        return scans;
    }
}
