using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Ogc;

/// <summary>
/// A request for a collection's items, read from its query parameters: paging (<c>limit</c>, <c>offset</c>), the
/// bounding box (<c>bbox</c> in <c>bbox-crs</c>), <c>datetime</c>, the response CRS (<c>crs</c>) and simple
/// <c>property=value</c> filters on the collection's queryables. Every problem names its parameter.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record OgcItemsQuery
{
    /// <summary>Items per page when the client names no limit.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The most items one page holds; a larger limit is served as this (Part 1 asks servers not to refuse it).</summary>
    public const int MaxLimit = 10_000;

    /// <summary>The parameters every items request may carry besides the collection's queryables.</summary>
    public static IReadOnlySet<string> Parameters { get; } = new HashSet<string>(StringComparer.Ordinal) { "limit", "offset", "bbox", "bbox-crs", "datetime", "crs", "f" };

    public int Limit { get; init; } = DefaultLimit;

    public int Offset { get; init; }

    /// <summary>The boxes (longitude as X, latitude as Y) a feature must meet; two when a CRS84 box crosses the antimeridian; empty for no box.</summary>
    public IReadOnlyList<Envelope> Boxes { get; init; } = [];

    public OgcInterval? DateTime { get; init; }

    public required OgcCrs Crs { get; init; }

    public IReadOnlyDictionary<string, string> Filters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Reads the parameters of an items request on <paramref name="collection"/> against the CRSs in <paramref name="crs"/>.</summary>
    public static ParseResult<OgcItemsQuery> Read(IEnumerable<KeyValuePair<string, string?>> parameters, CollectionDefinition collection, OgcCrsCatalogue crs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(crs);
        var values = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var problems = new List<InputProblem>();
        string? Value(string name) => values.TryGetValue(name, out var v) ? v : null;

        var limit = Integer(Value("limit"), "limit", 1, DefaultLimit, problems);
        var offset = Integer(Value("offset"), "offset", 0, 0, problems);
        var responseCrs = Value("crs") is { } crsText ? crs.Resolve(crsText, "crs") : ParseResult<OgcCrs>.Ok(crs.Default);
        problems.AddRange(responseCrs.Problems);
        var boxCrs = Value("bbox-crs") is { } boxCrsText ? crs.Resolve(boxCrsText, "bbox-crs") : ParseResult<OgcCrs>.Ok(crs.Default);
        problems.AddRange(boxCrs.Problems);
        IReadOnlyList<Envelope> boxes = [];
        if (Value("bbox") is { } bbox && boxCrs.Success)
        {
            var read = ReadBox(bbox, boxCrs.Value);
            problems.AddRange(read.Problems);
            boxes = read.Success ? read.Value : [];
        }
        else if (Value("bbox") is null && Value("bbox-crs") is not null && boxCrs.Success)
        {
            problems.Add(new InputProblem("bbox-crs", "names the CRS of bbox, but there is no bbox."));
        }

        OgcInterval? interval = null;
        if (Value("datetime") is { } datetime)
        {
            var read = ReadInterval(datetime);
            problems.AddRange(read.Problems);
            interval = read.Success ? read.Value : null;
        }

        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values.Where(v => !Parameters.Contains(v.Key)))
        {
            if (collection.Queryables.All(q => q.Name != name))
            {
                problems.Add(new InputProblem(name, $"is not a parameter of this collection; filter on {string.Join(", ", collection.Queryables.Select(q => q.Name))}, or use {string.Join(", ", Parameters)}."));
            }
            else
            {
                filters[name] = value ?? "";
            }
        }

        if (problems.Count > 0)
        {
            return ParseResult<OgcItemsQuery>.Failed(problems);
        }

        return ParseResult<OgcItemsQuery>.Ok(new OgcItemsQuery
        {
            Limit = Math.Min(limit, MaxLimit),
            Offset = offset,
            Boxes = boxes,
            DateTime = collection.HasTime ? interval : null,
            Crs = responseCrs.Value!,
            Filters = filters,
        });
    }

    /// <summary>Whether <paramref name="feature"/> passes the box, time and property filters (paging aside).</summary>
    public bool Selects(OgcFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (Boxes.Count > 0 && (feature.Geometry is null || !Boxes.Any(b => feature.Geometry.EnvelopeInternal.Intersects(b) && feature.Geometry.Intersects(feature.Geometry.Factory.ToGeometry(b)))))
        {
            return false;
        }

        if (DateTime is { } asked && (feature.Time is not { } time || !time.Meets(asked)))
        {
            return false;
        }

        return Filters.All(f => feature.Properties.TryGetValue(f.Key, out var value) && Matches(value, f.Value));
    }

    private static bool Matches(JsonElement value, string asked) => value.ValueKind switch
    {
        JsonValueKind.String => string.Equals(value.GetString(), asked, StringComparison.Ordinal),
        JsonValueKind.Number => double.TryParse(asked, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.GetDouble() == number,
        JsonValueKind.True => asked is "true",
        JsonValueKind.False => asked is "false",
        _ => false,
    };

    private static int Integer(string? text, string name, int minimum, int fallback, List<InputProblem> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        problems.Add(new InputProblem(name, string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a whole number of at least {minimum}.")));
        return fallback;
    }

    /// <summary>
    /// Reads <c>bbox</c>: four numbers (six with heights, which are ignored) in the axis order of <paramref name="crs"/>,
    /// lower corner first. A box on another CRS is turned into the WGS 84 box around it by following its edges.
    /// </summary>
    private static ParseResult<IReadOnlyList<Envelope>> ReadBox(string text, OgcCrs crs)
    {
        var parts = text.Split(',');
        var numbers = new double[parts.Length];
        var (first, second) = crs.System.AxisNames;
        var shape = $"bbox must be 4 numbers (lower {first}, lower {second}, upper {first}, upper {second}) in {crs.System.Code}, or 6 with heights.";
        if (parts.Length is not (4 or 6)
            || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) && double.IsFinite(numbers[i])).All(ok => ok))
        {
            return ParseResult<IReadOnlyList<Envelope>>.Failed(new InputProblem("bbox", $"'{text}' is not a bounding box: {shape}"));
        }

        var (lowFirst, lowSecond, highFirst, highSecond) = parts.Length == 4 ? (numbers[0], numbers[1], numbers[2], numbers[3]) : (numbers[0], numbers[1], numbers[3], numbers[4]);
        var geographic = !crs.System.IsProjected;
        var longitudeFirst = crs.System.AxisOrder == AxisOrder.LongitudeLatitude;
        var (south, north) = longitudeFirst ? (lowSecond, highSecond) : (lowFirst, highFirst);
        var (west, east) = longitudeFirst ? (lowFirst, highFirst) : (lowSecond, highSecond);
        if (geographic && (south < -90 || north > 90 || south > north || Math.Abs(west) > 180 || Math.Abs(east) > 180))
        {
            return ParseResult<IReadOnlyList<Envelope>>.Failed(new InputProblem("bbox",
                $"'{text}' is not a box on {crs.System.Code}: latitudes within ±90 (lower no greater than upper) and longitudes within ±180."));
        }

        if (!geographic && (lowFirst > highFirst || lowSecond > highSecond))
        {
            return ParseResult<IReadOnlyList<Envelope>>.Failed(new InputProblem("bbox", $"'{text}': the lower corner must not exceed the upper one. {shape}"));
        }

        if (geographic && crs.System.Datum.Equals(Datum.Wgs84))
        {
            // A box whose west edge is east of its east edge crosses the antimeridian.
            IReadOnlyList<Envelope> boxes = west <= east
                ? [new Envelope(west, east, south, north)]
                : [new Envelope(west, 180, south, north), new Envelope(-180, east, south, north)];
            return ParseResult<IReadOnlyList<Envelope>>.Ok(boxes);
        }

        // Follow the edges: a grid's straight edges are curves on WGS 84, so the corners alone would cut off parts.
        const int steps = 32;
        var envelope = new Envelope();
        for (var i = 0; i <= steps; i++)
        {
            var t = (double)i / steps;
            foreach (var (a, b) in new[]
            {
                (lowFirst + t * (highFirst - lowFirst), lowSecond),
                (lowFirst + t * (highFirst - lowFirst), highSecond),
                (lowFirst, lowSecond + t * (highSecond - lowSecond)),
                (highFirst, lowSecond + t * (highSecond - lowSecond)),
            })
            {
                var p = crs.ToCrs84.Transform(a, b);
                if ((p.Issues & TransformIssues.InvalidCoordinate) != TransformIssues.None || !double.IsFinite(p.First) || !double.IsFinite(p.Second))
                {
                    return ParseResult<IReadOnlyList<Envelope>>.Failed(new InputProblem("bbox", $"'{text}' does not lie on {crs.System.Code}: {shape}"));
                }

                envelope.ExpandToInclude(p.First, p.Second);
            }
        }

        return ParseResult<IReadOnlyList<Envelope>>.Ok([envelope]);
    }

    /// <summary>Reads <c>datetime</c>: an RFC 3339 date-time or date (the whole day), or an interval "a/b" with ".." or nothing for an open end.</summary>
    private static ParseResult<OgcInterval> ReadInterval(string text)
    {
        var problem = new InputProblem("datetime",
            $"'{text}' is not a date-time (2024-05-01T10:00:00Z), a date (2024-05-01) or an interval (2020-01-01T00:00:00Z/.., ../2024-12-31).");
        var ends = text.Split('/');
        if (ends.Length == 1)
        {
            return Moment(ends[0], start: true) is { } start && Moment(ends[0], start: false) is { } end
                ? ParseResult<OgcInterval>.Ok(new OgcInterval(start, end))
                : ParseResult<OgcInterval>.Failed(problem);
        }

        if (ends.Length != 2 || (Open(ends[0]) && Open(ends[1])))
        {
            return ParseResult<OgcInterval>.Failed(problem);
        }

        var from = Open(ends[0]) ? null : Moment(ends[0], start: true);
        var to = Open(ends[1]) ? null : Moment(ends[1], start: false);
        if ((!Open(ends[0]) && from is null) || (!Open(ends[1]) && to is null) || (from > to))
        {
            return ParseResult<OgcInterval>.Failed(problem);
        }

        return ParseResult<OgcInterval>.Ok(new OgcInterval(from, to));
    }

    private static bool Open(string end) => end is "" or "..";

    private static DateTimeOffset? Moment(string text, bool start)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return start ? midnight : midnight.AddDays(1).AddTicks(-1);
        }

        // RFC 3339 requires the offset (Z or ±hh:mm).
        return text.Length > 19 && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var moment)
            ? moment
            : null;
    }
}
