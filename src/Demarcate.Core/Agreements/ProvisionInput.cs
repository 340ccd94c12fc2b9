namespace Demarcate.Core.Agreements;

/// <summary>
/// Reads a provision's revised text as a form, a request or the command line gives it — summary, theme, responsible
/// parties, deadline and links — or the problems naming each bad field. Nothing is read half: one bad field, no provision.
/// </summary>
public static class ProvisionInput
{
    private static readonly char[] Separators = [',', ';', ' ', '\n', '\r', '\t'];

    /// <summary>
    /// <paramref name="responsible"/> and <paramref name="links"/> are lists separated by commas or spaces
    /// (<c>AM, AZ</c>; <c>sector:M-01 action:TF-RAIL-ARAKS</c>); <paramref name="deadline"/> is a date, <c>30d</c> or empty.
    /// </summary>
    public static ParseResult<Provision> Read(string number, string? summary, string? theme, string? responsible, string? deadline, string? links, string source)
    {
        ArgumentNullException.ThrowIfNull(number);
        var problems = new List<InputProblem>();
        if (string.IsNullOrWhiteSpace(summary))
        {
            problems.Add(new InputProblem(source, "summary: a provision has the commission's summary of it"));
        }

        if (!Enum.TryParse<ProvisionTheme>(theme?.Trim(), ignoreCase: true, out var parsedTheme) || !Enum.IsDefined(parsedTheme) || char.IsDigit(theme!.Trim()[0]))
        {
            problems.Add(new InputProblem(source, $"theme: '{theme}' is not one of {string.Join(", ", Enum.GetNames<ProvisionTheme>())}"));
        }

        var parties = Split(responsible);
        foreach (var party in parties.Where(p => !RecordLink.IsIdentifier(p)))
        {
            problems.Add(new InputProblem(source, $"responsible: '{party}' is not a party's code"));
        }

        var parsedDeadline = ProvisionDeadline.Parse(deadline, source + ": deadline");
        problems.AddRange(parsedDeadline.Problems);
        if (parsedDeadline.Success && parsedDeadline.Value.Kind == DeadlineKind.WithinDays && parsedDeadline.Value.Days < 0)
        {
            problems.Add(new InputProblem(source, "deadline: a deadline counts a positive number of days"));
        }

        var parsedLinks = new List<RecordLink>();
        foreach (var text in Split(links))
        {
            if (RecordLink.Parse(text) is { } link)
            {
                parsedLinks.Add(link);
            }
            else
            {
                problems.Add(new InputProblem(source, $"links: '{text}' is not kind:id (e.g. sector:M-01)"));
            }
        }

        return problems.Count > 0
            ? ParseResult<Provision>.Failed(problems)
            : ParseResult<Provision>.Ok(new Provision(number, summary!.Trim(), parsedTheme)
            {
                ResponsibleParties = [.. parties.Select(p => p.ToUpperInvariant())],
                Deadline = parsedDeadline.Value,
                Links = parsedLinks,
            });
    }

    /// <summary>The parties or links written back as the form shows them: comma-separated.</summary>
    public static string Join(IEnumerable<string> items) => string.Join(", ", items);

    private static List<string> Split(string? text) =>
        [.. (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}
