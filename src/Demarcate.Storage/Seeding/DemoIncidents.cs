using Demarcate.Core;

namespace Demarcate.Storage.Seeding;

/// <summary>
/// The demo's incident reports: an invented, clearly labelled file (data/demo/incidents-demo-invented.csv) of reports by
/// both delegations and the monitors along the demo line, loaded with the demo commission. None of them is a real event.
/// </summary>
public static class DemoIncidents
{
    public const string FileName = "incidents-demo-invented.csv";

    public static Stream Open() =>
        typeof(DemoIncidents).Assembly.GetManifestResourceStream("Demarcate.Demo." + FileName)
            ?? throw new FileNotFoundException("Demo file not embedded: " + FileName);

    /// <summary>Records the demo reports (as the commission itself, each under its file's reporting party) when the store has no incidents yet.</summary>
    public static async Task<int> LoadAsync(ICommissionStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if ((await store.ListIncidentsAsync(Caller.CommissionSystem, new Demarcate.Core.Monitoring.IncidentFilter { IncludeMerged = true }, cancellationToken)).Count > 0)
        {
            return 0;
        }

        await using var stream = Open();
        var outcome = await IncidentImport.ImportAsync(store, Caller.CommissionSystem, stream, FileName, geoJson: false, acceptValid: false, dryRun: false, cancellationToken);
        return outcome.Refused
            ? throw new InvalidDataException("The demo incidents do not read: " + string.Join("; ", outcome.Problems))
            : outcome.Recorded.Count;
    }
}
