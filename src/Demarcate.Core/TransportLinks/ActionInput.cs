using System.Globalization;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Core.TransportLinks;

/// <summary>The fields of a task-force action as a form, a request or the command line gives them, as text.</summary>
public sealed record ActionFields(string? Id, string? Title, string? Subgroup, string? Route)
{
    public IReadOnlyList<string> ResponsibleParties { get; init; } = [];

    public string? Deadline { get; init; }

    /// <summary>Each "name|kind|latitude|longitude".</summary>
    public IReadOnlyList<string> Checkpoints { get; init; } = [];

    public string? Notes { get; init; }

    public string? Owner { get; init; }

    public bool Submit { get; init; }
}

/// <summary>Reads an action's fields into a <see cref="TaskForceAction"/>, or the problems naming each bad field.</summary>
public static class ActionInput
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>
    /// Reads <paramref name="fields"/>; the route is "longitude latitude, longitude latitude, …" (WGS 84, as in WKT) or a
    /// WKT LINESTRING. <paramref name="source"/> names where the fields came from in problems ("request body", "--route").
    /// </summary>
    public static ParseResult<TaskForceAction> Read(ActionFields fields, string source)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var problems = new List<InputProblem>();
        void Problem(string field, string message) => problems.Add(new InputProblem(source, $"{field}: {message}"));

        if (!Enum.TryParse<Subgroup>(fields.Subgroup, ignoreCase: true, out var subgroup) || !Enum.IsDefined(subgroup) || int.TryParse(fields.Subgroup, CultureInfo.InvariantCulture, out _))
        {
            Problem("subgroup", $"'{fields.Subgroup}' is not one of {string.Join(", ", Enum.GetNames<Subgroup>())}");
        }

        var route = ReadRoute(fields.Route, out var routeProblem);
        if (routeProblem is not null)
        {
            Problem("route", routeProblem);
        }

        DateOnly? deadline = null;
        if (!string.IsNullOrWhiteSpace(fields.Deadline))
        {
            if (DateOnly.TryParseExact(fields.Deadline.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                deadline = day;
            }
            else
            {
                Problem("deadline", $"'{fields.Deadline}' is not a date (yyyy-MM-dd)");
            }
        }

        var checkpoints = new List<Checkpoint>();
        for (var i = 0; i < fields.Checkpoints.Count; i++)
        {
            var parts = fields.Checkpoints[i].Split('|');
            if (parts.Length == 4 && Enum.TryParse<CheckpointKind>(parts[1].Trim(), ignoreCase: true, out var kind) && !int.TryParse(parts[1], CultureInfo.InvariantCulture, out _)
                && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                && lat is >= -90 and <= 90 && lon is >= -180 and <= 180)
            {
                checkpoints.Add(new Checkpoint(parts[0].Trim(), kind, new GeoPoint(lat, lon)));
            }
            else
            {
                problems.Add(new InputProblem(source, $"checkpoint {i + 1}: '{fields.Checkpoints[i]}' is not name|kind|latitude|longitude (kind one of {string.Join(", ", Enum.GetNames<CheckpointKind>())})") { Feature = i });
            }
        }

        if (problems.Count > 0 || route is null)
        {
            return ParseResult<TaskForceAction>.Failed(problems);
        }

        var action = new TaskForceAction(fields.Id?.Trim() ?? "", fields.Title?.Trim() ?? "", subgroup, route)
        {
            ResponsibleParties = [.. fields.ResponsibleParties.Select(p => p.Trim().ToUpperInvariant()).Where(p => p.Length > 0)],
            Deadline = deadline,
            Checkpoints = checkpoints,
            Notes = fields.Notes?.Trim() ?? "",
            Owner = string.IsNullOrWhiteSpace(fields.Owner) ? null : new PartyCode(fields.Owner),
            Publication = fields.Submit ? Publication.Submitted : Publication.Draft,
        };
        var invalid = action.Check();
        return invalid.Count == 0
            ? ParseResult<TaskForceAction>.Ok(action)
            : ParseResult<TaskForceAction>.Failed([.. invalid.Select(p => new InputProblem(source, p))]);
    }

    private static LineString? ReadRoute(string? text, out string? problem)
    {
        problem = null;
        var body = text?.Trim() ?? "";
        if (body.StartsWith("LINESTRING", StringComparison.OrdinalIgnoreCase))
        {
            var open = body.IndexOf('(', StringComparison.Ordinal);
            var close = body.LastIndexOf(')');
            body = open > 0 && close > open ? body[(open + 1)..close] : "";
        }

        var coordinates = new List<Coordinate>();
        var pairs = body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < pairs.Length; i++)
        {
            var xy = pairs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (xy.Length != 2 || !double.TryParse(xy[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.TryParse(xy[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            {
                problem = $"point {i + 1} ('{pairs[i]}') is not 'longitude latitude'";
                return null;
            }

            coordinates.Add(new Coordinate(x, y));
        }

        if (coordinates.Count < 2)
        {
            problem = "a route is at least two points 'longitude latitude, longitude latitude' (WGS 84)";
            return null;
        }

        return Factory.CreateLineString([.. coordinates]);
    }
}
