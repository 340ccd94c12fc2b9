using Demarcate.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// Bad input as application/problem+json: the first problem as the detail, and every problem with where it is
/// (file, feature, line, column) and why, so a client can point at each one.
/// </summary>
internal static class InputProblemResponse
{
    public static ProblemHttpResult Problems(string title, IReadOnlyList<InputProblem> problems, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(
            statusCode: status,
            title: title,
            detail: problems[0].ToString(),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["problems"] = problems.Select(p => new { file = p.Source, feature = p.Feature, line = p.Line, column = p.Column, reason = p.Message }).ToArray(),
            });
}
