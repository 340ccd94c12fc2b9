using System.Globalization;

namespace Demarcate.Core.Agreements;

/// <summary>Reads an assessment as a form, a request or the command line gives it, or the problems naming each bad field.</summary>
public static class AssessmentInput
{
    public static ParseResult<StatusAssessment> Read(string agreementId, string number, string? level, string? assessedOn, string? evidence, string? documentLink, string source)
    {
        var problems = new List<InputProblem>();
        if (!int.TryParse(level?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 3)
        {
            problems.Add(new InputProblem(source, $"level: '{level}' is not 0 (not initiated), 1 (minimal), 2 (intermediate) or 3 (full)"));
        }

        if (!DateOnly.TryParseExact(assessedOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            problems.Add(new InputProblem(source, $"assessedOn: '{assessedOn}' is not a date (yyyy-MM-dd)"));
        }

        if (string.IsNullOrWhiteSpace(evidence))
        {
            problems.Add(new InputProblem(source, "evidence: an assessment states its evidence"));
        }

        return problems.Count > 0
            ? ParseResult<StatusAssessment>.Failed(problems)
            : ParseResult<StatusAssessment>.Ok(new StatusAssessment(agreementId, number, (ImplementationLevel)value, day, evidence!.Trim()) { DocumentLink = documentLink?.Trim() ?? "" });
    }
}
