using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Ogc;

/// <summary>
/// A coordinate reference system the service answers in (OGC API – Features Part 2): its URI, the system, and the
/// operations between it and the stored WGS 84 longitude/latitude (CRS84), each through at most the commission's one
/// datum transformation.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record OgcCrs(string Uri, CoordinateReferenceSystem System, CoordinateOperation FromCrs84, CoordinateOperation ToCrs84)
{
    public bool IsCrs84 => System.Code == OgcCrsCatalogue.Crs84.Code;

    /// <summary>A copy of <paramref name="geometry"/> (on CRS84) with coordinates in this CRS, in its axis order; SRID 0, as it is no longer WGS 84 longitude/latitude.</summary>
    public Geometry FromStored(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (IsCrs84)
        {
            return geometry;
        }

        var copy = geometry.Copy();
        copy.Apply(new Transformation(FromCrs84));
        copy.SRID = 0;
        return copy;
    }

    private sealed class Transformation(CoordinateOperation operation) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var p = operation.Transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, p.First);
            seq.SetY(i, p.Second);
        }
    }
}

/// <summary>
/// The CRSs one caller may ask for: CRS84 (storage), WGS 84 latitude first, the UTM zones and the Pulkovo 1942
/// systems of the Caucasus (geographic, Gauss–Krüger 6° and 3° zones, CS63), and the commission's own grids the caller
/// may see. Reads the CRS URIs clients send.
/// </summary>
public sealed class OgcCrsCatalogue
{
    /// <summary>The OGC URI of WGS 84 longitude/latitude, the default of every OGC API.</summary>
    public const string Crs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    private const string OpenGisCrs = "http://www.opengis.net/def/crs/";

    /// <summary>The EPSG systems offered beside CRS84 (WGS 84, UTM 37–39N, Pulkovo 1942 and its grids over Armenia and Azerbaijan).</summary>
    private static readonly int[] OfferedEpsg = [4326, 32637, 32638, 32639, 4284, 28407, 28408, 28409, 2497, 2498, 2499, 2531, 2532, 2936, 2937];

    /// <summary>WGS 84 with longitude first: how GeoJSON and the store write it.</summary>
    public static CoordinateReferenceSystem Crs84 { get; } = new(
        new CrsCode("OGC", "CRS84"), "WGS 84 (CRS84, longitude first)", Datum.Wgs84, null, AxisOrder.LongitudeLatitude, GeographicBounds.World);

    private OgcCrsCatalogue(IReadOnlyList<OgcCrs> offered) => Offered = offered;

    /// <summary>Every CRS offered, CRS84 first.</summary>
    public IReadOnlyList<OgcCrs> Offered { get; }

    public OgcCrs Default => Offered[0];

    /// <summary>
    /// The catalogue for a caller's registry. Pulkovo systems go through <paramref name="datumTransformation"/> (the
    /// commission's, e.g. EPSG:15865), else their EPSG default; a commission grid that no single transformation joins
    /// to WGS 84 is not offered. <paramref name="crsBase"/> is where commission CRSs are described (…/api/crs/).
    /// </summary>
    public static OgcCrsCatalogue For(CrsRegistry registry, string? datumTransformation, string crsBase)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var standard = CrsRegistry.Standard.Defined.Select(c => c.Code).ToHashSet();
        var systems = OfferedEpsg.Select(n => registry.Find(CrsCode.Epsg(n))).OfType<CoordinateReferenceSystem>()
            .Select(c => (Uri: UriOf(c.Code, crsBase), Crs: c))
            .Concat(registry.Defined.Where(c => !standard.Contains(c.Code)).OrderBy(c => c.Code.ToString(), StringComparer.Ordinal).Select(c => (Uri: UriOf(c.Code, crsBase), Crs: c)));
        var offered = new List<OgcCrs> { Make(Crs84Uri, Crs84, null)! };
        offered.AddRange(systems.Select(s => Make(s.Uri, s.Crs, datumTransformation)).OfType<OgcCrs>());
        return new OgcCrsCatalogue(offered);
    }

    /// <summary>The URI a client names a CRS by: OGC's for EPSG codes, the server's own description for the commission's.</summary>
    public static string UriOf(CrsCode code, string crsBase) =>
        code.EpsgNumber is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"{OpenGisCrs}EPSG/0/{n}")
            : crsBase + Uri.EscapeDataString(code.ToString());

    /// <summary>
    /// Reads a CRS as a client names it — an OGC URI (http://www.opengis.net/def/crs/EPSG/0/32638), a safe CURIE
    /// ([EPSG:32638]), a code (EPSG:32638, urn:ogc:def:crs:EPSG::32638) or the server's URI of a commission CRS — and
    /// finds it among those offered; the problem names <paramref name="parameter"/>.
    /// </summary>
    public ParseResult<OgcCrs> Resolve(string? text, string parameter)
    {
        var value = text?.Trim() ?? "";
        if (value.StartsWith('[') && value.EndsWith(']'))
        {
            value = value[1..^1];
        }

        CrsCode? code = null;
        if (value is "CRS84" or "OGC:CRS84" || IsOpenGis(value, out var authority, out var id) && authority == "OGC" && id is "CRS84")
        {
            code = Crs84.Code;
        }
        else if (IsOpenGis(value, out authority, out id))
        {
            code = new CrsCode(authority, id);
        }
        else if (value.Contains("/api/crs/", StringComparison.Ordinal))
        {
            var parsed = CrsCode.Parse(Uri.UnescapeDataString(value[(value.LastIndexOf("/api/crs/", StringComparison.Ordinal) + 9)..]), parameter);
            code = parsed.Success ? parsed.Value : null;
        }
        else if (!value.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            var parsed = CrsCode.Parse(value, parameter);
            code = parsed.Success ? parsed.Value : null;
        }

        var found = code is { } c ? Offered.FirstOrDefault(o => o.System.Code == c) : null;
        return found is not null
            ? ParseResult<OgcCrs>.Ok(found)
            : ParseResult<OgcCrs>.Failed(new InputProblem(parameter,
                $"'{text}' is not a CRS this service offers; name one by its URI from the collection's crs list, e.g. {Crs84Uri} or {OpenGisCrs}EPSG/0/32638."));
    }

    private static bool IsOpenGis(string value, out string authority, out string code)
    {
        authority = code = "";
        var rest = value.StartsWith(OpenGisCrs, StringComparison.OrdinalIgnoreCase) ? value[OpenGisCrs.Length..]
            : value.StartsWith("https://www.opengis.net/def/crs/", StringComparison.OrdinalIgnoreCase) ? value[(OpenGisCrs.Length + 1)..]
            : null;
        var parts = rest?.Split('/');
        if (parts is not { Length: 3 } || parts.Any(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        authority = parts[0].ToUpperInvariant();
        code = parts[2];
        return true;
    }

    private static OgcCrs? Make(string uri, CoordinateReferenceSystem crs, string? datumTransformation)
    {
        var shift = TransformationChoice.DefaultCode(Crs84, crs, datumTransformation) ?? crs.DefaultToWgs84?.Code.ToString();
        var from = TransformationChoice.Choose(Crs84, crs, TransformationChoice.NeedsTransformation(Crs84, crs) ? shift : null);
        var to = TransformationChoice.Choose(crs, Crs84, TransformationChoice.NeedsTransformation(Crs84, crs) ? shift : null);
        return from.Success && to.Success ? new OgcCrs(uri, crs, from.Value, to.Value) : null;
    }
}
