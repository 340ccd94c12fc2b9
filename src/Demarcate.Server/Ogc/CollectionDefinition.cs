using Demarcate.Core;
using Demarcate.Storage;

namespace Demarcate.Server.Ogc;

/// <summary>A property a client may filter a collection's items on with <c>name=value</c>, and its JSON type.</summary>
public sealed record OgcQueryable(string Name, string Type, string Title);

/// <summary>What a collection reads its features through: the store, as one caller, on the commission's datum transformation.</summary>
/// <param name="DatumTransformation">The commission's recorded Pulkovo 1942 → WGS 84 transformation (e.g. "EPSG:15865"), if any.</param>
public sealed record OgcReading(ICommissionStore Store, Caller Caller, string? DatumTransformation);

/// <summary>
/// One collection of the commission's OGC API – Features service: what it holds, the properties it can be filtered
/// on, and how its features are read. The store decides what the caller sees; the collection only maps records.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CollectionDefinition(
    string Id,
    string Title,
    string Description,
    string GeometryType,
    IReadOnlyList<OgcQueryable> Queryables,
    Func<OgcReading, CancellationToken, Task<IReadOnlyList<OgcFeature>>> ReadAsync)
{
    /// <summary>Whether the features carry a time (<see cref="OgcFeature.Time"/>), so that <c>datetime</c> selects among them.</summary>
    public bool HasTime { get; init; }

    /// <summary>Reads the one feature with this id the caller may see, or null (a hidden feature answers like a missing one).</summary>
    public async Task<OgcFeature?> FindAsync(OgcReading reading, string featureId, CancellationToken cancellationToken) =>
        (await ReadAsync(reading, cancellationToken)).FirstOrDefault(f => f.Id == featureId);
}
