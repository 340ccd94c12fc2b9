namespace Demarcate.Core.Boundaries;

/// <summary>
/// A map edition or dataset a line was taken from: who issued it, at what scale, how accurate it says
/// it is, on which coordinate system, and under what licence.
/// </summary>
public sealed record CartographicSource(string Id, string Title, string Issuer)
{
    public int? EditionYear { get; init; }

    public string? Edition { get; init; }

    /// <summary>Scale denominator (100 000 for 1:100 000), where the source is a map.</summary>
    public int? ScaleDenominator { get; init; }

    /// <summary>The positional accuracy the source states, in metres.</summary>
    public double? StatedAccuracyMetres { get; init; }

    /// <summary>The coordinate reference system of the source as issued, e.g. "EPSG:4326" or "EPSG:28408".</summary>
    public string Crs { get; init; } = "EPSG:4326";

    public string Licence { get; init; } = "";

    /// <summary>The attribution the licence requires wherever the source is shown.</summary>
    public string Attribution { get; init; } = "";

    /// <summary>How the data reached us: package, version, extraction steps.</summary>
    public string Provenance { get; init; } = "";

    public bool IsPublished { get; init; }
}
