namespace Demarcate.Core.ReferenceLayers;

/// <summary>What a reference layer shows; planning and the comparison look for layers by kind.</summary>
public enum ReferenceLayerKind
{
    Settlements,
    Roads,
    Railways,
    Rivers,
    Other,
}

/// <summary>
/// A layer of reference features the commission keeps beside its own record (settlements, roads, railways, rivers):
/// shared reference data, seen by every commission member and loaded, replaced or deleted by the editors of any party
/// and the mediator. Its features are <see cref="Analysis.LayerFeature"/>s on WGS 84, read from the store separately.
/// </summary>
/// <param name="Id">The layer's name in the commission, a short slug such as <c>rivers-osm</c>; unique.</param>
/// <param name="Title">What the layer is called on screen.</param>
/// <param name="Kind">What the layer shows.</param>
/// <remarks>Immutable.</remarks>
public sealed record ReferenceLayer(string Id, string Title, ReferenceLayerKind Kind)
{
    /// <summary>Where the data came from (the file, the publisher, the date of extraction).</summary>
    public string Source { get; init; } = "";

    /// <summary>The data's licence and the attribution it asks for, as its publisher states it.</summary>
    public string Licence { get; init; } = "";

    /// <summary>The CRS the file was received in (the features are stored on WGS 84).</summary>
    public string ReceivedCrs { get; init; } = "EPSG:4326";

    /// <summary>How many features the layer holds.</summary>
    public int FeatureCount { get; init; }

    /// <summary>Who loaded the layer (user name) and when.</summary>
    public string LoadedBy { get; init; } = "";

    public DateTimeOffset LoadedAt { get; init; }

    /// <summary>Starts at 1 and goes up each time the layer is replaced.</summary>
    public int Version { get; init; }

    /// <summary>Whether <paramref name="id"/> may name a layer: 1–64 lower-case letters, digits, '-' or '_', starting with a letter or digit.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 64 } && (char.IsAsciiLetterLower(id[0]) || char.IsAsciiDigit(id[0]))
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    /// <summary>The kind a user named ("rivers", "roads" …), or null.</summary>
    public static ReferenceLayerKind? ParseKind(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "SETTLEMENTS" => ReferenceLayerKind.Settlements,
        "ROADS" => ReferenceLayerKind.Roads,
        "RAILWAYS" => ReferenceLayerKind.Railways,
        "RIVERS" => ReferenceLayerKind.Rivers,
        "OTHER" => ReferenceLayerKind.Other,
        _ => null,
    };
}
