using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using Demarcate.Formats.Incidents;

namespace Demarcate.Storage;

/// <summary>What an incident import did: the reports recorded (none on a dry run or when refused), every problem with its row, and the rows read.</summary>
public sealed record IncidentImportOutcome(IReadOnlyList<Incident> Recorded, IReadOnlyList<InputProblem> Problems, long RowsRead, int ValidRows, bool Refused);

/// <summary>
/// A party brings a file of incident reports (ACLED CSV or GeoJSON) to the record. The whole file is read and judged
/// first, against the commission's area and the reports the party already recorded; nothing is written unless every row is
/// valid, or the user accepts the partial import — then the valid rows are written together, in one transaction. The CLI
/// and the server both import through here.
/// </summary>
public static class IncidentImport
{
    /// <summary>How far around the sectors' extent the commission's area reaches (degrees), for telling swapped coordinates.</summary>
    public const double AreaMarginDegrees = 0.5;

    public static async Task<IncidentImportOutcome> ImportAsync(
        ICommissionStore store,
        Caller caller,
        Stream stream,
        string sourceName,
        bool geoJson,
        bool acceptValid,
        bool dryRun,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(caller);
        var party = caller.IsCommissionSystem ? null : caller.Account?.Party;
        var options = new IncidentReadOptions(await AreaAsync(store, caller, cancellationToken), party, DateOnly.FromDateTime(DateTime.UtcNow));
        var file = await IncidentFileReader.ReadAsync(stream, sourceName, geoJson, options, cancellationToken);
        var problems = file.Problems.ToList();
        var valid = new List<IncidentRow>();
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var incident in await store.ListIncidentsAsync(caller, new IncidentFilter { IncludeMerged = true }, cancellationToken))
        {
            recorded.UnionWith(incident.Sources.Where(s => s.Party == party || caller.IsCommissionSystem).Select(s => s.Reference).Where(r => r.Length > 0));
        }

        foreach (var row in file.Rows)
        {
            var reference = row.Report.Sources[0].Reference;
            if (reference.Length > 0 && recorded.Contains(reference))
            {
                problems.Add(new InputProblem(sourceName, $"row {row.Row}: event_id_cnty {reference} is already in the record") { Line = row.Line, Feature = row.Feature });
            }
            else
            {
                valid.Add(row);
            }
        }

        problems.Sort((a, b) => (a.Line ?? a.Feature ?? 0).CompareTo(b.Line ?? b.Feature ?? 0));
        if ((problems.Count > 0 && !acceptValid) || dryRun || valid.Count == 0)
        {
            return new IncidentImportOutcome([], problems, file.RowsRead, valid.Count, Refused: problems.Count > 0 && !acceptValid);
        }

        var added = await store.ReportIncidentsAsync(caller, [.. valid.Select(r => r.Report)], cancellationToken);
        return new IncidentImportOutcome(added, problems, file.RowsRead, valid.Count, Refused: false);
    }

    /// <summary>The commission's area: the extent of its sectors with a margin; the whole world when it has none yet.</summary>
    public static async Task<GeographicBounds> AreaAsync(ICommissionStore store, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var sectors = await store.ListSectorsAsync(caller, null, cancellationToken);
        var extent = new NetTopologySuite.Geometries.Envelope();
        foreach (var sector in sectors.Where(s => s.Geometry is not null))
        {
            extent.ExpandToInclude(sector.Geometry!.EnvelopeInternal);
        }

        return extent.IsNull
            ? GeographicBounds.World
            : new GeographicBounds(
                Math.Max(-90, extent.MinY - AreaMarginDegrees), Math.Max(-180, extent.MinX - AreaMarginDegrees),
                Math.Min(90, extent.MaxY + AreaMarginDegrees), Math.Min(180, extent.MaxX + AreaMarginDegrees));
    }
}
