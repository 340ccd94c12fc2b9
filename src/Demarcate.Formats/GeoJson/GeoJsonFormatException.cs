using Demarcate.Core;

namespace Demarcate.Formats.GeoJson;

/// <summary>
/// Thrown by <see cref="GeoJsonReader.ReadFeaturesAsync"/> when a GeoJSON file is not valid RFC 7946:
/// <see cref="Problem"/> says what is wrong and where (file, line, column, feature).
/// </summary>
public sealed class GeoJsonFormatException : FormatException
{
    public GeoJsonFormatException()
        : this(new InputProblem("GeoJSON", "invalid GeoJSON"))
    {
    }

    public GeoJsonFormatException(string message)
        : this(new InputProblem("GeoJSON", message))
    {
    }

    public GeoJsonFormatException(string message, Exception innerException)
        : this(new InputProblem("GeoJSON", message), innerException)
    {
    }

    public GeoJsonFormatException(InputProblem problem, Exception? innerException = null)
        : base(problem?.ToString(), innerException)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
    }

    /// <summary>What is wrong with the file and where.</summary>
    public InputProblem Problem { get; }
}
