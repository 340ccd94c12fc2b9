using System.Globalization;
using System.Text;

namespace Demarcate.Core;

/// <summary>
/// What is wrong with a piece of user input and exactly where: the file (or other source),
/// the feature or row, and the line and column when they are known.
/// </summary>
/// <remarks>Immutable. <see cref="ToString"/> gives the one-line message users see.</remarks>
public sealed record InputProblem(string Source, string Message)
{
    /// <summary>1-based line in the source text, when known.</summary>
    public long? Line { get; init; }

    /// <summary>1-based column in the source text, when known.</summary>
    public long? Column { get; init; }

    /// <summary>0-based index of the feature or row the problem is in, when known.</summary>
    public long? Feature { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder(Source);
        if (Line is { } line)
        {
            text.Append(CultureInfo.InvariantCulture, $":{line}");
            if (Column is { } column)
            {
                text.Append(CultureInfo.InvariantCulture, $":{column}");
            }
        }

        text.Append(": ");
        if (Feature is { } feature)
        {
            text.Append(CultureInfo.InvariantCulture, $"feature {feature}: ");
        }

        return text.Append(Message).ToString();
    }
}
