namespace Demarcate.Core.Geodesy;

/// <summary>How a commission-defined CRS was written down.</summary>
public enum CrsDefinitionFormat
{
    /// <summary>A PROJ string (<c>+proj=tmerc …</c>).</summary>
    Proj,

    /// <summary>WKT1 (OGC 01-009 or GDAL's dialect: PROJCS/GEOGCS).</summary>
    Wkt1,

    /// <summary>WKT2 (ISO 19162: PROJCRS/GEOGCRS).</summary>
    Wkt2,
}

/// <summary>
/// A coordinate reference system the commission defines itself (a state's own grid, such as Armenia's ARMREF02-based
/// Transverse Mercator, which has no EPSG code), kept in the commission's registry with its definition exactly as given.
/// </summary>
/// <remarks>
/// Immutable. The definition text is the record: the <see cref="CoordinateReferenceSystem"/> is read from it each time,
/// so what the commission agreed to is what is used, never a re-serialisation of it.
/// </remarks>
public sealed record CommissionCrs(CrsCode Code, string Name, CrsDefinitionFormat Format, string Definition)
{
    /// <summary>The authorities a commission may not define codes under: their codes are built in.</summary>
    private static readonly string[] ReservedAuthorities = ["EPSG", "OGC", "ESRI", "IAU_2015"];

    /// <summary>Published definitions are visible to anyone; the others to commission members and administrators.</summary>
    public bool IsPublished { get; init; }

    /// <summary>The account that added the definition (or "system").</summary>
    public string AddedBy { get; init; } = "";

    public DateTimeOffset AddedAt { get; init; }

    /// <summary>The record's edit version, 1 when added.</summary>
    public int Version { get; init; } = 1;

    /// <summary>
    /// Reads a definition a user gives for the registry: checks the code (not under EPSG or another built-in authority),
    /// the name, and that the text is a Transverse Mercator or geographic CRS Demarcate can use exactly; the problems say
    /// what is wrong and, where the reader knows it, at which column or line of the text.
    /// </summary>
    public static ParseResult<CommissionCrs> Read(string? code, string? name, string? definition, string source = "definition")
    {
        var problems = new List<InputProblem>();
        var parsedCode = CrsCode.Parse(code, "code");
        problems.AddRange(parsedCode.Problems);
        if (parsedCode.Success && ReservedAuthorities.Contains(parsedCode.Value.Authority, StringComparer.Ordinal))
        {
            problems.Add(new InputProblem("code", $"{parsedCode.Value} is under the {parsedCode.Value.Authority} authority, whose codes are built in; choose a commission code such as DEMARCATE:ARMREF02-TM."));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new InputProblem("name", "A name is required, e.g. \"ARMREF02 / Armenian TM\"."));
        }

        if (string.IsNullOrWhiteSpace(definition))
        {
            problems.Add(new InputProblem(source, "A definition is required: a PROJ string (+proj=tmerc …) or WKT (PROJCS[…] / PROJCRS[…])."));
        }

        if (problems.Count > 0)
        {
            return ParseResult<CommissionCrs>.Failed(problems);
        }

        var crs = new CommissionCrs(parsedCode.Value, name!.Trim(), FormatOf(definition!), definition!);
        var read = crs.ToCoordinateReferenceSystem(source);
        return read.Success ? ParseResult<CommissionCrs>.Ok(crs) : ParseResult<CommissionCrs>.Failed(read.Problems);
    }

    /// <summary>The system this definition describes, under the registry's code and name.</summary>
    public ParseResult<CoordinateReferenceSystem> ToCoordinateReferenceSystem(string source = "definition")
    {
        var text = Definition.Trim();
        var read = Format == CrsDefinitionFormat.Proj
            ? CrsDefinition.FromProjString(text, Code, Name, source)
            : CrsDefinition.FromWkt(text, Code, source);
        if (!read.Success)
        {
            return read;
        }

        var c = read.Value;
        return ParseResult<CoordinateReferenceSystem>.Ok(
            new CoordinateReferenceSystem(Code, Name, c.Datum, c.Projection, c.AxisOrder, c.AreaOfUse, c.DefaultToWgs84));
    }

    /// <summary>PROJ strings start with '+' (text without brackets is read as one, so its reader names the bad token); WKT2 keywords differ from WKT1's (PROJCRS, GEOGCRS, … against PROJCS, GEOGCS).</summary>
    private static CrsDefinitionFormat FormatOf(string definition)
    {
        var text = definition.TrimStart();
        var end = text.IndexOfAny(['[', '(']);
        if (text.StartsWith('+') || end < 0)
        {
            return CrsDefinitionFormat.Proj;
        }

        var keyword = text[..end].Trim().ToUpperInvariant();
        return keyword is "PROJCS" or "GEOGCS" or "GEOCCS" ? CrsDefinitionFormat.Wkt1 : CrsDefinitionFormat.Wkt2;
    }
}
