using System.Globalization;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Boundaries;

/// <summary>
/// A map edition or dataset in the commission's source register: who issued it, at what scale, how accurate it is,
/// on which coordinate system and sheets, under what licence, which party provided it, and the files that came with it.
/// </summary>
/// <remarks>
/// Immutable. Equality compares every field, the sheet list and the file list element by element. Visibility follows
/// the lines': a party's draft source is seen by that party only until it is submitted; published sources by anyone.
/// </remarks>
public sealed record CartographicSource(string Id, string Title, string Issuer)
{
    /// <summary>
    /// The graphic accuracy assumed when a map states none: 0.5 mm at map scale (50 m on a 1:100 000 sheet), the usual
    /// figure for the positional error of well-defined features on a topographic map.
    /// </summary>
    public const double GraphicAccuracyMetresPerScaleUnit = 0.0005;

    public int? EditionYear { get; init; }

    public string? Edition { get; init; }

    /// <summary>Scale denominator (100 000 for 1:100 000), where the source is a map.</summary>
    public int? ScaleDenominator { get; init; }

    /// <summary>The positional accuracy the source states, in metres; null when it states none.</summary>
    public double? StatedAccuracyMetres { get; init; }

    /// <summary>
    /// The accuracy the commission works with: the stated one, otherwise <see cref="GraphicAccuracyMetresPerScaleUnit"/>
    /// times the scale denominator; null for a dataset with neither.
    /// </summary>
    public double? AccuracyMetres => StatedAccuracyMetres ?? ScaleDenominator * GraphicAccuracyMetresPerScaleUnit;

    /// <summary>Whether <see cref="AccuracyMetres"/> comes from the scale rather than from the source itself.</summary>
    public bool AccuracyIsDerived => StatedAccuracyMetres is null && ScaleDenominator is not null;

    /// <summary>The coordinate reference system of the source as issued, e.g. "EPSG:28408" or a commission code.</summary>
    public string Crs { get; init; } = "EPSG:4326";

    /// <summary>The map sheets of the edition, by their Soviet nomenclature (K-38-34), written canonically.</summary>
    public IReadOnlyList<string> SheetIds { get; init; } = [];

    public string Licence { get; init; } = "";

    /// <summary>The attribution the licence requires wherever the source is shown.</summary>
    public string Attribution { get; init; } = "";

    /// <summary>How the data reached us: package, version, extraction steps.</summary>
    public string Provenance { get; init; } = "";

    public string Notes { get; init; } = "";

    /// <summary>The party (a state's delegation or the mediator) that provided the source and owns its record; none for the commission's own.</summary>
    public PartyCode? ProvidedBy { get; init; }

    public Publication Publication { get; init; } = Publication.Published;

    public bool IsPublished => Publication == Publication.Published;

    /// <summary>The record's edit version; every change adds one.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The files that came with the source (scans, digitised lines), without their bytes.</summary>
    public IReadOnlyList<SourceFile> Files { get; init; } = [];

    /// <summary>
    /// What is wrong with the source as a register entry: required text, numbers out of range, a CRS the registry does
    /// not know, sheet names that are not Soviet nomenclature. Each problem names the field.
    /// </summary>
    public IReadOnlyList<InputProblem> Check(CrsRegistry registry, string source = "source")
    {
        ArgumentNullException.ThrowIfNull(registry);
        var problems = new List<InputProblem>();
        void Require(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new InputProblem($"{source}.{field}", "is required."));
            }
        }

        Require(Id, "id");
        if (!string.IsNullOrWhiteSpace(Id) && (Id.Length > 100 || Id.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#')))
        {
            problems.Add(new InputProblem($"{source}.id", $"'{Id}' must be at most 100 characters without spaces, '/', '?' or '#'."));
        }

        Require(Title, "title");
        Require(Issuer, "issuer");
        if (EditionYear is { } year && (year < 1700 || year > 2200))
        {
            problems.Add(new InputProblem($"{source}.editionYear", string.Create(CultureInfo.InvariantCulture, $"{year} is not a plausible edition year.")));
        }

        if (ScaleDenominator is { } scale && scale <= 0)
        {
            problems.Add(new InputProblem($"{source}.scaleDenominator", "must be a positive number (100000 for 1:100 000)."));
        }

        if (StatedAccuracyMetres is { } accuracy && !(accuracy >= 0 && double.IsFinite(accuracy)))
        {
            problems.Add(new InputProblem($"{source}.statedAccuracyMetres", "must be zero or more metres."));
        }

        var crs = registry.Resolve(Crs, $"{source}.crs");
        problems.AddRange(crs.Problems);
        foreach (var (sheet, i) in SheetIds.Select((s, i) => (s, i)))
        {
            var parsed = SheetNomenclature.Parse(sheet, $"{source}.sheetIds[{i.ToString(CultureInfo.InvariantCulture)}]");
            problems.AddRange(parsed.Problems);
        }

        if (SheetIds.Select(s => SheetNomenclature.Parse(s)).Where(p => p.Success).GroupBy(p => p.Value).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            problems.Add(new InputProblem($"{source}.sheetIds", $"{twice.Key} is listed twice."));
        }

        return problems;
    }

    /// <summary>The same source with its sheet names written canonically (Cyrillic letters, as printed on the sheets); call after <see cref="Check"/>.</summary>
    public CartographicSource WithCanonicalSheets() =>
        this with { SheetIds = [.. SheetIds.Select(s => SheetNomenclature.Parse(s) is { Success: true } p ? p.Value.ToString() : s)] };

    public bool Equals(CartographicSource? other) =>
        other is not null
        && Id == other.Id && Title == other.Title && Issuer == other.Issuer && EditionYear == other.EditionYear && Edition == other.Edition
        && ScaleDenominator == other.ScaleDenominator && Nullable.Equals(StatedAccuracyMetres, other.StatedAccuracyMetres) && Crs == other.Crs
        && SheetIds.SequenceEqual(other.SheetIds, StringComparer.Ordinal) && Licence == other.Licence && Attribution == other.Attribution && Provenance == other.Provenance
        && Notes == other.Notes && ProvidedBy == other.ProvidedBy && Publication == other.Publication && Version == other.Version
        && Files.SequenceEqual(other.Files);

    public override int GetHashCode() => HashCode.Combine(Id, Title, Issuer, Version, Publication);
}

/// <summary>A file that came with a source (a scan, a digitised line): its name, type, SHA-256 and size; the bytes are fetched apart.</summary>
/// <param name="Sha256">Lower-case hexadecimal SHA-256 of the bytes.</param>
public sealed record SourceFile(string Name, string ContentType, string Sha256, long Size)
{
    public string AddedBy { get; init; } = "";

    public DateTimeOffset AddedAt { get; init; }

    /// <summary>What is wrong with a file's name or content type (names are used in download addresses).</summary>
    public static IReadOnlyList<InputProblem> CheckName(string? name, string? contentType)
    {
        var problems = new List<InputProblem>();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#') || name is "." or "..")
        {
            problems.Add(new InputProblem("name", $"'{name}' is not a file name: 1–200 characters, no '/', '\\', '?', '#' or control characters."));
        }

        if (string.IsNullOrWhiteSpace(contentType) || !contentType.Contains('/', StringComparison.Ordinal) || contentType.Any(char.IsWhiteSpace))
        {
            problems.Add(new InputProblem("contentType", $"'{contentType}' is not a media type such as image/tiff or application/geo+json."));
        }

        return problems;
    }
}
