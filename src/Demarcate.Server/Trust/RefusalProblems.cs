using Demarcate.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace Demarcate.Server.Trust;

/// <summary>
/// The one place where the store's refusals become HTTP answers (application/problem+json):
/// not found 404, stale version 409 (with the current version), not permitted 403, rule broken 422.
/// Anything else is a fault: 500 with no detail, logged.
/// </summary>
public sealed class RefusalProblems(IProblemDetailsService problems, ILogger<RefusalProblems> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title) = exception switch
        {
            RecordNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            VersionConflictException => (StatusCodes.Status409Conflict, "Edit conflict"),
            NotPermittedException => (StatusCodes.Status403Forbidden, "Not permitted"),
            RuleViolationException => (StatusCodes.Status422UnprocessableEntity, "Not allowed by the commission's rules"),
            DescriptionInconsistentException => (StatusCodes.Status422UnprocessableEntity, "The description is not consistent"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            _ => (StatusCodes.Status500InternalServerError, "Internal error"),
        };
        if (status == StatusCodes.Status500InternalServerError)
        {
            Log.Fault(log, exception, httpContext.Request.Path);
        }
        else
        {
            Log.Refused(log, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        }

        httpContext.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                Detail = status == StatusCodes.Status500InternalServerError ? "The server could not complete the request; the fault is logged." : exception.Message,
            },
        };
        if (exception is VersionConflictException conflict)
        {
            context.ProblemDetails.Extensions["currentVersion"] = conflict.CurrentVersion;
        }

        if (exception is DescriptionInconsistentException inconsistent)
        {
            // Each problem with its line, so that a client (the editor) can mark the lines of the text.
            context.ProblemDetails.Extensions["problems"] = inconsistent.Problems.Select(p => new { line = p.Line, column = p.Column, message = p.Message }).ToList();
        }

        return await problems.TryWriteAsync(context);
    }
}
