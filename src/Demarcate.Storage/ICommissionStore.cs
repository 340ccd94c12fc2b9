using Demarcate.Core;
using Demarcate.Core.Boundaries;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

/// <summary>
/// The commission's record: the one contract every backend (the embedded GeoPackage file, PostgreSQL)
/// fulfils. Reads take the <see cref="Caller"/> and return only what that caller may see; every write
/// is one transaction.
/// </summary>
public interface ICommissionStore : IAsyncDisposable
{
    /// <summary>What and where the store is, for messages and logs (never a password).</summary>
    string Description { get; }

    Task<bool> IsEmptyAsync(CancellationToken cancellationToken);

    Task<Commission?> GetCommissionAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Section>> ListSectionsAsync(Caller caller, CancellationToken cancellationToken);

    Task<IReadOnlyList<CartographicSource>> ListSourcesAsync(Caller caller, CancellationToken cancellationToken);

    Task<IReadOnlyList<BoundaryLine>> ListLinesAsync(Caller caller, string? sectionId, CancellationToken cancellationToken);

    Task<BoundaryLine?> GetLineAsync(Caller caller, string lineId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BreakPoint>> ListBreakPointsAsync(Caller caller, string? sectionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SectorOnLine>> ListSectorsAsync(Caller caller, string? sectionId, CancellationToken cancellationToken);

    Task<SectorOnLine?> GetSectorAsync(Caller caller, string sectorId, CancellationToken cancellationToken);

    /// <summary>Writes a whole boundary dataset (commission, sections, sources, lines, sectors) in one transaction.</summary>
    Task ImportAsync(BoundaryDataset dataset, CancellationToken cancellationToken);

    /// <summary>A consistent copy of the live store at <paramref name="destination"/>, taken without stopping it.</summary>
    Task BackupAsync(string destination, CancellationToken cancellationToken);
}

/// <summary>
/// A sector as the commission sees it on the line in force: its geometry cut from that line, its
/// geodesic length along the line and across bridged gaps.
/// </summary>
public sealed record SectorOnLine(Sector Sector, string? LineId, MultiLineString? Geometry, double LengthMetres, double GapLengthMetres);

/// <summary>Everything that defines a boundary for the commission, written to a store at once.</summary>
public sealed record BoundaryDataset(
    Commission Commission,
    IReadOnlyList<Section> Sections,
    IReadOnlyList<CartographicSource> Sources,
    IReadOnlyList<BoundaryLine> Lines,
    IReadOnlyList<BreakPoint> BreakPoints,
    IReadOnlyList<SectorOnLine> Sectors);
