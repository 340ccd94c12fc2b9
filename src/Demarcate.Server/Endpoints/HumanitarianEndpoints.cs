using Demarcate.Core;
using Demarcate.Core.Humanitarian;
using Demarcate.Server.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// Humanitarian cases: the officers of the person's party and of the mediator list, open, move and erase cases and
/// record exchanges; every other signed-in caller gets the aggregate figures only. The store decides who sees a case.
/// </summary>
public static class HumanitarianEndpoints
{
    public sealed record CaseRequest(string? Kind, string? Party, DateOnly? ReportedOn, IReadOnlyDictionary<string, string?>? Person);

    public sealed record StatusRequest(string? Status, int Version);

    public sealed record ExchangeRequest(DateOnly? HeldOn, string? Place, string? Intermediary, string[]? Cases);

    public static IEndpointRouteBuilder MapHumanitarian(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/humanitarian").RequireAuthorization();
        api.MapGet("/summary", SummaryAsync).WithName("HumanitarianSummary");
        api.MapGet("/cases", ListCasesAsync).WithName("ListHumanitarianCases");
        api.MapGet("/cases/{id}", ReadCaseAsync).WithName("ReadHumanitarianCase");
        api.MapPost("/cases", AddCaseAsync).WithName("AddHumanitarianCase");
        api.MapPost("/cases/{id}/status", ChangeStatusAsync).WithName("ChangeHumanitarianStatus");
        api.MapPost("/cases/{id}/erase", EraseCaseAsync).WithName("EraseHumanitarianCase");
        api.MapGet("/exchanges", ListExchangesAsync).WithName("ListHumanitarianExchanges");
        api.MapGet("/exchanges/{id}", ReadExchangeAsync).WithName("ReadHumanitarianExchange");
        api.MapPost("/exchanges", RecordExchangeAsync).WithName("RecordHumanitarianExchange");
        return routes;
    }

    /// <summary>GET /api/humanitarian/summary: counts by kind, party and status (small ones withheld), and the number of exchanges.</summary>
    private static async Task<IResult> SummaryAsync(HttpContext context, ICommissionStore store, HumanitarianDisclosure disclosure, CancellationToken cancellationToken) =>
        TypedResults.Ok(DescribeFigures(await store.SummariseHumanitarianCasesAsync(Callers.Of(context), disclosure.Threshold, cancellationToken)));

    /// <summary>GET /api/humanitarian/exchanges: the exchanges in which the officer sees a case, naming only those cases (officers only).</summary>
    private static async Task<IResult> ListExchangesAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        if (!HumanitarianAccess.IsOfficer(caller))
        {
            throw new NotPermittedException("Humanitarian exchanges are for humanitarian officers; others see their number at /api/humanitarian/summary.");
        }

        return TypedResults.Ok((await store.ListHumanitarianExchangesAsync(caller, cancellationToken)).Select(DescribeExchange));
    }

    /// <summary>GET /api/humanitarian/exchanges/{id}: one exchange; one the caller sees no case of answers 404 like a missing one.</summary>
    private static async Task<IResult> ReadExchangeAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok(DescribeExchange(await store.GetHumanitarianExchangeAsync(Callers.Of(context), id, cancellationToken)));

    /// <summary>GET /api/humanitarian/cases: the cases the caller may see, without personal fields (officers only).</summary>
    private static async Task<IResult> ListCasesAsync(HttpContext context, ICommissionStore store, CancellationToken cancellationToken)
    {
        var caller = Callers.Of(context);
        if (!HumanitarianAccess.IsOfficer(caller))
        {
            throw new NotPermittedException("Humanitarian cases are for humanitarian officers; others see the figures at /api/humanitarian/summary.");
        }

        return TypedResults.Ok((await store.ListHumanitarianCasesAsync(caller, cancellationToken)).Select(Describe));
    }

    /// <summary>GET /api/humanitarian/cases/{id}: one case with its personal fields and history; the read is journaled.</summary>
    private static async Task<IResult> ReadCaseAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken)
    {
        var opened = await store.ReadHumanitarianCaseAsync(Callers.Of(context), id, cancellationToken);
        return TypedResults.Ok(new
        {
            @case = Describe(opened.Record),
            person = opened.Person is { } person ? person.Fields().ToDictionary(f => f.Field, f => f.Value, StringComparer.Ordinal) : null,
            personal = opened.Record.IsErased ? "erased" : "decrypted",
            history = opened.History.Select(h => new { h.At, h.Actor, status = h.Status.ToString(), exchange = h.ExchangeId }),
        });
    }

    /// <summary>POST /api/humanitarian/cases {kind, party, reportedOn, person: {surname, firstNames, dateOfBirth, …}}.</summary>
    private static async Task<IResult> AddCaseAsync(HttpContext context, ICommissionStore store, CaseRequest request, CancellationToken cancellationToken)
    {
        var problems = new List<InputProblem>();
        if (!Enum.TryParse<CaseKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            problems.Add(new InputProblem("request body", "kind: PrisonerOfWar, Detainee or Remains"));
        }

        if (string.IsNullOrWhiteSpace(request.Party))
        {
            problems.Add(new InputProblem("request body", "party: the code of the party whose national the person is"));
        }

        if (request.ReportedOn is null)
        {
            problems.Add(new InputProblem("request body", "reportedOn: the day the case was reported (yyyy-MM-dd)"));
        }

        var person = PersonalParticulars.FromFields(request.Person ?? new Dictionary<string, string?>(StringComparer.Ordinal), "request body: person");
        problems.AddRange(person.Problems);
        if (problems.Count > 0)
        {
            return InputProblems(problems);
        }

        var added = await store.AddHumanitarianCaseAsync(Callers.Of(context), kind, new PartyCode(request.Party!), request.ReportedOn!.Value, person.Value, cancellationToken);
        return TypedResults.Created($"/api/humanitarian/cases/{added.Id}", Describe(added));
    }

    /// <summary>POST /api/humanitarian/cases/{id}/status {status, version}.</summary>
    private static async Task<IResult> ChangeStatusAsync(HttpContext context, ICommissionStore store, string id, StatusRequest request, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<CaseStatus>(request.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status))
        {
            return InputProblems([new InputProblem("request body", $"status: one of {string.Join(", ", Enum.GetNames<CaseStatus>())}")]);
        }

        return TypedResults.Ok(Describe(await store.ChangeHumanitarianStatusAsync(Callers.Of(context), id, status, request.Version, cancellationToken)));
    }

    /// <summary>POST /api/humanitarian/cases/{id}/erase: destroys the case's key; the person can no longer be recovered.</summary>
    private static async Task<IResult> EraseCaseAsync(HttpContext context, ICommissionStore store, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await store.EraseHumanitarianCaseAsync(Callers.Of(context), id, cancellationToken)));

    /// <summary>POST /api/humanitarian/exchanges {heldOn, place, intermediary, cases: [ids]}.</summary>
    private static async Task<IResult> RecordExchangeAsync(HttpContext context, ICommissionStore store, ExchangeRequest request, CancellationToken cancellationToken)
    {
        if (request.HeldOn is null || string.IsNullOrWhiteSpace(request.Place) || string.IsNullOrWhiteSpace(request.Intermediary) || request.Cases is not { Length: > 0 })
        {
            return InputProblems([new InputProblem("request body", "an exchange needs heldOn (yyyy-MM-dd), place, intermediary and cases (their ids)")]);
        }

        var exchange = await store.RecordExchangeAsync(
            Callers.Of(context), new CaseExchange("", request.HeldOn.Value, request.Place, request.Intermediary, request.Cases), cancellationToken);
        return TypedResults.Created($"/api/humanitarian/exchanges/{exchange.Id}", DescribeExchange(exchange));
    }

    internal static object Describe(CaseRecord c) => new
    {
        c.Id,
        kind = c.Kind.ToString(),
        party = c.Party.Value,
        status = c.Status.ToString(),
        c.ReportedOn,
        c.Version,
        erased = c.IsErased,
        c.ErasedAt,
    };

    internal static object DescribeExchange(CaseExchange exchange) => new { exchange.Id, exchange.HeldOn, exchange.Place, exchange.Intermediary, cases = exchange.CaseIds };

    /// <summary>A withheld count is <c>"count": null, "fewerThan": N</c>; the total is then null and <c>totalAtLeast</c> a lower bound.</summary>
    internal static object DescribeFigures(CaseFigures figures) => new
    {
        total = figures.Total,
        totalAtLeast = figures.TotalAtLeast,
        exchanges = figures.Exchanges,
        disclosureThreshold = figures.DisclosureThreshold,
        counts = figures.Counts.Select(c => new
        {
            kind = c.Kind.ToString(),
            party = c.Party.Value,
            status = c.Status.ToString(),
            c.Count,
            fewerThan = c.IsWithheld ? figures.DisclosureThreshold : (int?)null,
        }),
    };

    private static ProblemHttpResult InputProblems(List<InputProblem> problems) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request could not be read; nothing was recorded",
            detail: problems[0].ToString(),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["problems"] = problems.Select(p => new { file = p.Source, reason = p.Message }).ToArray(),
            });
}
