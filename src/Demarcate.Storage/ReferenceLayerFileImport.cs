using Demarcate.Core;
using Demarcate.Core.ReferenceLayers;
using Demarcate.Core.Trust;
using Demarcate.Formats.Import;

namespace Demarcate.Storage;

/// <summary>
/// A member brings a file of reference features to the commission: the file is read and judged in full first, and
/// only when every feature passes is the layer written (or replaced), in one transaction. The CLI, the server and
/// the demo seeding all load reference layers through here.
/// </summary>
public static class ReferenceLayerFileImport
{
    /// <summary>
    /// Loads <paramref name="stream"/> as <paramref name="layer"/> (a new layer when <paramref name="replacing"/> is null, else
    /// a replacement of that version). Bad input comes back as problems with nothing written; refusals of the store throw.
    /// </summary>
    public static async Task<ParseResult<(ReferenceLayer Layer, ReferenceLayerImportPlan Plan)>> ImportAsync(
        ICommissionStore store,
        Caller caller,
        Stream stream,
        ReferenceLayer layer,
        ReferenceLayerImportRequest request,
        int? replacing,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(request);
        if (!Permissions.MayKeepReferenceLayers(caller))
        {
            // Judged before the file is read, so a caller who may not load layers costs nothing.
            throw new NotPermittedException("Reference layers are loaded, replaced and deleted by the editors of a delegation (co-chairs, legal experts, cartographers) and the mediator's advisers.");
        }

        if (!ReferenceLayer.IsValidId(layer.Id))
        {
            return ParseResult<(ReferenceLayer, ReferenceLayerImportPlan)>.Failed(new InputProblem(
                "name", $"'{layer.Id}' cannot name a reference layer: use 1–64 lower-case letters, digits, '-' or '_', starting with a letter or digit"));
        }

        var commission = await store.GetCommissionAsync(cancellationToken);
        var plan = await ReferenceLayerImport.PrepareAsync(
            stream,
            request with
            {
                CommissionOperation = request.CommissionOperation ?? commission?.DatumTransformation,
                Registry = await store.CrsRegistryAsync(caller, cancellationToken),
            },
            cancellationToken);
        if (!plan.Success)
        {
            return ParseResult<(ReferenceLayer, ReferenceLayerImportPlan)>.Failed(plan.Problems);
        }

        var loaded = await store.LoadReferenceLayerAsync(caller, layer with { ReceivedCrs = plan.Value.ReceivedCrs }, plan.Value.Features, replacing, cancellationToken);
        return ParseResult<(ReferenceLayer, ReferenceLayerImportPlan)>.Ok((loaded, plan.Value));
    }
}
