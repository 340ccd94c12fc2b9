using System.Globalization;

namespace Demarcate.Core.Geodesy;

/// <summary>
/// Which published datum transformations can take a dataset from one CRS to another, and the operation for the one a
/// user names. Where a transformation is needed and none is named, nothing is picked: the problem lists the candidates.
/// </summary>
/// <remarks>Stateless and thread-safe. The command line and the HTTP API both choose through here.</remarks>
public static class TransformationChoice
{
    /// <summary>Whether coordinates in <paramref name="source"/> need a datum transformation to reach <paramref name="target"/>.</summary>
    public static bool NeedsTransformation(CoordinateReferenceSystem source, CoordinateReferenceSystem target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return !source.Datum.Equals(target.Datum);
    }

    /// <summary>
    /// The known datum transformations joining the two CRSs' datums, in either direction: the published ones (default
    /// first) and any a commission-defined CRS carries. Empty when both share a datum or nothing joins them.
    /// </summary>
    public static IReadOnlyList<DatumTransformation> Applicable(CoordinateReferenceSystem source, CoordinateReferenceSystem target)
    {
        if (!NeedsTransformation(source, target))
        {
            return [];
        }

        var known = DatumTransformations.All.AsEnumerable();
        foreach (var own in new[] { source.DefaultToWgs84, target.DefaultToWgs84 })
        {
            if (own is not null && known.All(t => t.Code != own.Code))
            {
                known = known.Append(own);
            }
        }

        return known.Where(t => Joins(t, source.Datum, target.Datum)).ToList();
    }

    /// <summary>
    /// The transformation to use when the user names none: the commission's recorded one (e.g. "EPSG:15865") only
    /// where it joins the two datums. A commission-defined CRS's own TOWGS84/BOUNDCRS shift is never picked silently;
    /// with null, <see cref="Choose"/> lists it among the candidates for the user to name.
    /// </summary>
    public static string? DefaultCode(CoordinateReferenceSystem source, CoordinateReferenceSystem target, string? commissionOperation)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (!NeedsTransformation(source, target) || commissionOperation is null)
        {
            return null;
        }

        var recorded = CrsCode.Parse(commissionOperation, "operation");
        return recorded.Success && Applicable(source, target).Any(t => t.Code == recorded.Value) ? commissionOperation : null;
    }

    /// <summary>
    /// The operation from <paramref name="source"/> to <paramref name="target"/> through the transformation named by
    /// <paramref name="transformationCode"/> (e.g. "EPSG:15865"). Null is accepted only when the CRSs share a datum;
    /// otherwise the problem names the applicable transformations.
    /// </summary>
    public static ParseResult<CoordinateOperation> Choose(
        CoordinateReferenceSystem source, CoordinateReferenceSystem target, string? transformationCode, string where = "operation")
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var applicable = Applicable(source, target);
        if (string.IsNullOrWhiteSpace(transformationCode))
        {
            if (!NeedsTransformation(source, target))
            {
                return CoordinateOperation.Create(source, target);
            }

            if (applicable.Count == 0)
            {
                return CoordinateOperation.Create(source, target); // its problem explains that nothing joins them
            }

            return ParseResult<CoordinateOperation>.Failed(new InputProblem(where,
                $"{source.Code} ({source.Datum.Name}) and {target.Code} ({target.Datum.Name}) are on different datums and the published transformations between them differ by metres; name one: {List(applicable)}."));
        }

        var code = CrsCode.Parse(transformationCode, where);
        if (!code.Success)
        {
            return ParseResult<CoordinateOperation>.Failed(code.Problems);
        }

        if (!NeedsTransformation(source, target))
        {
            return ParseResult<CoordinateOperation>.Failed(new InputProblem(where,
                $"{source.Code} and {target.Code} share the datum {source.Datum.Name}; no datum transformation applies, leave {code.Value} out."));
        }

        var chosen = applicable.FirstOrDefault(t => t.Code == code.Value);
        if (chosen is null)
        {
            var known = DatumTransformations.Find(code.Value) is not null || source.DefaultToWgs84?.Code == code.Value || target.DefaultToWgs84?.Code == code.Value;
            var what = known ? $"{code.Value} does not join {source.Datum.Name} and {target.Datum.Name}" : $"{code.Value} is not a known datum transformation";
            return ParseResult<CoordinateOperation>.Failed(new InputProblem(where,
                applicable.Count == 0 ? what + "." : $"{what}; the applicable ones are: {List(applicable)}."));
        }

        return CoordinateOperation.Create(source, target, chosen);
    }

    /// <summary>One line per transformation: code, name, accuracy, area.</summary>
    public static string Describe(DatumTransformation transformation)
    {
        ArgumentNullException.ThrowIfNull(transformation);
        var accuracy = double.IsNaN(transformation.Accuracy)
            ? "accuracy not stated"
            : string.Create(CultureInfo.InvariantCulture, $"{transformation.Accuracy} m");
        return $"{transformation.Code} {transformation.Name}, {accuracy}, {transformation.AreaDescription.TrimEnd('.')}";
    }

    private static string List(IReadOnlyList<DatumTransformation> transformations) =>
        string.Join("; ", transformations.Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{t.Code} ({t.Name}, {(double.IsNaN(t.Accuracy) ? "accuracy not stated" : t.Accuracy + " m")})")));

    private static bool Joins(DatumTransformation t, Datum a, Datum b) =>
        (t.Source.Equals(a) && t.Target.Equals(b)) || (t.Source.Equals(b) && t.Target.Equals(a));
}
