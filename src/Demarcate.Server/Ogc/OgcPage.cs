namespace Demarcate.Server.Ogc;

/// <summary>
/// What an OGC API resource shows a browser: a heading, facts, a table and links. <see cref="Kind"/> and the first
/// columns are catalogue keys (translated); the last <see cref="RawColumns"/> columns are property names, shown as they are.
/// </summary>
/// <param name="Kind">Catalogue key naming the kind of resource (landing page, collection, feature …).</param>
public sealed record OgcPage(string Kind, string Title, string Description)
{
    public IReadOnlyList<(string Key, string Value)> Facts { get; init; } = [];

    public IReadOnlyList<string> Columns { get; init; } = [];

    public int RawColumns { get; init; }

    public IReadOnlyList<OgcRow> Rows { get; init; } = [];

    public IReadOnlyList<Endpoints.OgcFeaturesEndpoints.Link> Links { get; init; } = [];
}

/// <summary>One row of an OGC page's table; its first cell links to <see cref="Href"/> when there is one.</summary>
public sealed record OgcRow(string? Href, IReadOnlyList<string> Cells);
