using System.Runtime.CompilerServices;
using Demarcate.Core;
using Demarcate.Formats.GeoJson.Internal;

namespace Demarcate.Formats.GeoJson;

/// <summary>
/// Reads RFC 7946 GeoJSON (a FeatureCollection, a single Feature, or a bare geometry) into
/// features on WGS 84, streaming: one feature is held in memory at a time, however large the file.
/// </summary>
/// <remarks>
/// Geometries use SRID 4326 with x = longitude and y = latitude; a third number in a position is
/// kept as Z. Member order does not matter; <c>bbox</c> and foreign members are ignored; a UTF-8
/// byte order mark is accepted. Thread-safe (no shared state).
/// </remarks>
public static class GeoJsonReader
{
    /// <summary>How many feature problems <see cref="ReadAllAsync"/> collects before it stops.</summary>
    public const int MaximumProblems = 100;

    /// <summary>
    /// Streams the features of <paramref name="stream"/> in file order. The first error ends the
    /// sequence with a <see cref="GeoJsonFormatException"/> whose <see cref="GeoJsonFormatException.Problem"/>
    /// names <paramref name="sourceName"/>, the line, the column and the feature.
    /// </summary>
    public static async IAsyncEnumerable<GeoJsonFeature> ReadFeaturesAsync(
        Stream stream,
        string sourceName,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var parser = new GeoJsonStreamParser(stream, sourceName);
        while (true)
        {
            switch (parser.Advance())
            {
                case GeoJsonStreamParser.Step.NeedData:
                    await parser.FillAsync(cancellationToken);
                    break;
                case GeoJsonStreamParser.Step.Feature:
                    yield return parser.Current!;
                    break;
                case GeoJsonStreamParser.Step.Problem:
                    throw new GeoJsonFormatException(parser.Problem!);
                default:
                    yield break;
            }
        }
    }

    /// <summary>
    /// Reads every feature, or none: on bad input the result lists the problems (every broken
    /// feature up to <see cref="MaximumProblems"/>, or the one JSON syntax error that stops reading)
    /// instead of throwing. I/O failures still throw.
    /// </summary>
    public static async Task<ParseResult<IReadOnlyList<GeoJsonFeature>>> ReadAllAsync(
        Stream stream,
        string sourceName,
        CancellationToken cancellationToken = default)
    {
        var features = new List<GeoJsonFeature>();
        var problems = new List<InputProblem>();
        using var parser = new GeoJsonStreamParser(stream, sourceName);
        try
        {
            while (true)
            {
                var step = parser.Advance();
                if (step == GeoJsonStreamParser.Step.Done)
                {
                    break;
                }

                switch (step)
                {
                    case GeoJsonStreamParser.Step.NeedData:
                        await parser.FillAsync(cancellationToken);
                        break;
                    case GeoJsonStreamParser.Step.Feature when problems.Count == 0:
                        features.Add(parser.Current!);
                        break;
                    case GeoJsonStreamParser.Step.Problem:
                        problems.Add(parser.Problem!);
                        if (problems.Count == MaximumProblems)
                        {
                            problems.Add(new InputProblem(sourceName, $"stopped after {MaximumProblems} problems"));
                            return ParseResult<IReadOnlyList<GeoJsonFeature>>.Failed(problems);
                        }

                        break;
                }
            }
        }
        catch (GeoJsonFormatException exception)
        {
            problems.Add(exception.Problem);
        }

        return problems.Count == 0
            ? ParseResult<IReadOnlyList<GeoJsonFeature>>.Ok(features)
            : ParseResult<IReadOnlyList<GeoJsonFeature>>.Failed(problems);
    }
}
