using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Formats.Import;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

/// <summary>
/// A delegation brings a file of lines to the record: the file is read and judged in full first, and only
/// when every feature passes are the lines written, together, in one transaction. The CLI and the server
/// both import through here.
/// </summary>
public static class LineFileImport
{
    /// <summary>
    /// Imports the lines of <paramref name="stream"/> along section <paramref name="sectionId"/>. Bad input comes back
    /// as problems with nothing written; refusals of the store (permission, an id already taken) throw, also with
    /// nothing written.
    /// </summary>
    /// <param name="describe">Builds the request once the section is known (the format, CRS, owner … the user gave).</param>
    public static async Task<ParseResult<LineImportPlan>> ImportAsync(
        ICommissionStore store,
        Caller caller,
        Stream stream,
        string sectionId,
        Func<Section, LineImportRequest> describe,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(describe);
        var sections = await store.ListSectionsAsync(caller, cancellationToken);
        var section = sections.FirstOrDefault(s => s.Id == sectionId);
        if (section is null)
        {
            return ParseResult<LineImportPlan>.Failed(new InputProblem(
                "--section", $"there is no section '{sectionId}'; the sections are: {string.Join(", ", sections.Select(s => s.Id))}"));
        }

        var request = describe(section);
        if (!Permissions.MayDrawLineFor(caller, request.Owner))
        {
            // Judged before the file is read: a caller who may not draw for the owner learns nothing from its contents.
            throw new NotPermittedException("A line is drawn by a delegation for itself: cartographers, legal experts and co-chairs of that party.");
        }

        var commission = await store.GetCommissionAsync(cancellationToken);
        var plan = await LineImport.PrepareAsync(
            stream,
            request with
            {
                SectionLine = await SectionLineAsync(store, caller, section, cancellationToken),
                CommissionOperation = request.CommissionOperation ?? commission?.DatumTransformation,
            },
            cancellationToken);
        if (!plan.Success)
        {
            return plan;
        }

        var written = await store.AddLinesAsync(caller, plan.Value.Lines, cancellationToken);
        return ParseResult<LineImportPlan>.Ok(plan.Value with { Lines = written });
    }

    /// <summary>The line an imported line must come near: the section's designated line, or else the sectors' lines, as the caller sees them.</summary>
    private static async Task<Geometry?> SectionLineAsync(ICommissionStore store, Caller caller, Section section, CancellationToken cancellationToken)
    {
        if (section.DesignatedLineId is { } designated && await store.GetLineAsync(caller, designated, cancellationToken) is { } line)
        {
            return line.Geometry;
        }

        var sectors = (await store.ListSectorsAsync(caller, section.Id, cancellationToken)).Where(s => s.Geometry is not null).Select(s => (Geometry)s.Geometry!).ToList();
        return sectors.Count == 0 ? null : sectors[0].Factory.BuildGeometry(sectors);
    }
}
