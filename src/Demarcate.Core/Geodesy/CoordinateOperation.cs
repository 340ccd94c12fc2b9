using System.Globalization;
using System.Runtime.CompilerServices;

namespace Demarcate.Core.Geodesy;

/// <summary>Why a transformed coordinate should not be trusted as it stands.</summary>
[Flags]
public enum TransformIssues
{
    None = 0,

    /// <summary>The input lies outside the source CRS's area of use.</summary>
    OutsideSourceArea = 1,

    /// <summary>The point lies outside the area where the datum transformation is valid.</summary>
    OutsideOperationArea = 2,

    /// <summary>The result lies outside the target CRS's area of use.</summary>
    OutsideTargetArea = 4,

    /// <summary>The input was not a position at all (latitude beyond ±90°, not a number); the output is NaN.</summary>
    InvalidCoordinate = 8,
}

/// <summary>One transformed coordinate pair in the target CRS's axis order, with what is doubtful about it.</summary>
public readonly record struct TransformedPoint(double First, double Second, TransformIssues Issues)
{
    public bool IsWithinAreaOfUse => Issues == TransformIssues.None;
}

/// <summary>
/// How coordinates get from one CRS to another: the source grid's inverse, at most ONE named datum transformation
/// (chosen once for the whole dataset, never point by point), and the target grid. Carries the transformation used and
/// its stated accuracy so results can be labelled with them.
/// </summary>
/// <remarks>Immutable and thread-safe. Coordinates go in and come out in each CRS's own axis order.</remarks>
public sealed class CoordinateOperation
{
    private readonly bool _reverseShift;
    private readonly AreaTest _sourceArea;
    private readonly AreaTest _targetArea;
    private readonly AreaTest _operationArea;

    private CoordinateOperation(CoordinateReferenceSystem source, CoordinateReferenceSystem target, DatumTransformation? shift, bool reverseShift)
    {
        Source = source;
        Target = target;
        DatumTransformation = shift;
        _reverseShift = reverseShift;
        _sourceArea = new AreaTest(source.AreaOfUse);
        _targetArea = new AreaTest(target.AreaOfUse);
        _operationArea = new AreaTest(shift?.AreaOfUse ?? GeographicBounds.World);
        Name = shift is null
            ? $"{source.Code} → {target.Code}"
            : string.Create(CultureInfo.InvariantCulture, $"{source.Code} → {target.Code} via {(reverseShift ? "inverse of " : "")}{shift.Code} {shift.Name} ({shift.Accuracy} m)");
    }

    public CoordinateReferenceSystem Source { get; }

    public CoordinateReferenceSystem Target { get; }

    /// <summary>The datum transformation applied, or null when both CRSs share a datum.</summary>
    public DatumTransformation? DatumTransformation { get; }

    /// <summary>Whether <see cref="DatumTransformation"/> runs from its target to its source (e.g. WGS 84 → Pulkovo 1942).</summary>
    public bool UsesInverseTransformation => _reverseShift;

    /// <summary>Stated accuracy in metres: that of the datum transformation, or 0 for exact conversions.</summary>
    public double Accuracy => DatumTransformation?.Accuracy ?? 0;

    /// <summary>A one-line description for reports and file headers.</summary>
    public string Name { get; }

    /// <summary>
    /// The operation from <paramref name="source"/> to <paramref name="target"/>. With a <paramref name="datumTransformation"/>
    /// it must join their datums; without one, the source's or target's default transformation to WGS 84 is used.
    /// </summary>
    public static ParseResult<CoordinateOperation> Create(
        CoordinateReferenceSystem source, CoordinateReferenceSystem target, DatumTransformation? datumTransformation = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        const string where = "coordinate operation";
        if (source.Datum.Equals(target.Datum))
        {
            if (datumTransformation is not null)
            {
                return ParseResult<CoordinateOperation>.Failed(new InputProblem(where,
                    $"{source.Code} and {target.Code} share the datum {source.Datum.Name}; no datum transformation applies."));
            }

            return ParseResult<CoordinateOperation>.Ok(new CoordinateOperation(source, target, null, false));
        }

        if (datumTransformation is { } t)
        {
            if (t.Source.Equals(source.Datum) && t.Target.Equals(target.Datum))
            {
                return ParseResult<CoordinateOperation>.Ok(new CoordinateOperation(source, target, t, false));
            }

            if (t.Source.Equals(target.Datum) && t.Target.Equals(source.Datum))
            {
                return ParseResult<CoordinateOperation>.Ok(new CoordinateOperation(source, target, t, true));
            }

            return ParseResult<CoordinateOperation>.Failed(new InputProblem(where,
                $"{t.Code} transforms {t.Source.Name} to {t.Target.Name}; it does not join {source.Datum.Name} and {target.Datum.Name}."));
        }

        if (target.Datum.Equals(Datum.Wgs84) && source.DefaultToWgs84 is { } forward)
        {
            return ParseResult<CoordinateOperation>.Ok(new CoordinateOperation(source, target, forward, false));
        }

        if (source.Datum.Equals(Datum.Wgs84) && target.DefaultToWgs84 is { } reverse)
        {
            return ParseResult<CoordinateOperation>.Ok(new CoordinateOperation(source, target, reverse, true));
        }

        return ParseResult<CoordinateOperation>.Failed(new InputProblem(where,
            $"No single datum transformation joins {source.Datum.Name} ({source.Code}) and {target.Datum.Name} ({target.Code}); transform through WGS 84 in two recorded steps."));
    }

    /// <summary>Transforms one coordinate pair, given and returned in the CRSs' own axis orders.</summary>
    public TransformedPoint Transform(double first, double second)
    {
        var flags = TransformCore(first, second, out var a, out var b);
        return new TransformedPoint(a, b, flags);
    }

    /// <summary>Transforms many coordinate pairs without allocating; flags may be empty when the caller does not want them.</summary>
    public void Transform(ReadOnlySpan<double> first, ReadOnlySpan<double> second, Span<double> resultFirst, Span<double> resultSecond, Span<TransformIssues> flags)
    {
        var count = first.Length;
        if (second.Length != count || resultFirst.Length < count || resultSecond.Length < count || (flags.Length != 0 && flags.Length < count))
        {
            throw new ArgumentException("Inputs must have equal lengths and outputs be at least as long.", nameof(second));
        }

        for (var i = 0; i < count; i++)
        {
            var f = TransformCore(first[i], second[i], out resultFirst[i], out resultSecond[i]);
            if (flags.Length != 0)
            {
                flags[i] = f;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TransformIssues TransformCore(double first, double second, out double resultFirst, out double resultSecond)
    {
        // Every step works on sines and cosines of latitude and longitude, so the chain grid → geocentric → grid needs
        // no inverse trigonometry in between (the form PROJ would go through degrees or radians for).
        var flags = TransformIssues.None;
        double sinPhi, cosPhi, sinLam, cosLam;

        // 1. To latitude/longitude on the source datum.
        if (Source.Projection is { } sourceGrid)
        {
            var (east, north) = Source.AxisOrder == AxisOrder.EastingNorthing ? (first, second) : (second, first);
            if (!double.IsFinite(east) || !double.IsFinite(north))
            {
                return Invalid(out resultFirst, out resultSecond);
            }

            sourceGrid.ReverseTrig(east, north, out sinPhi, out cosPhi, out sinLam, out cosLam);
        }
        else
        {
            var (lat, lon) = Source.AxisOrder == AxisOrder.LatitudeLongitude ? (first, second) : (second, first);
            if (!(Math.Abs(lat) <= 90) || !double.IsFinite(lon))
            {
                return Invalid(out resultFirst, out resultSecond);
            }

            (sinPhi, cosPhi) = AngleMath.SinCosDegrees(lat);
            (sinLam, cosLam) = AngleMath.SinCosDegrees(lon);
        }

        if (!_sourceArea.Contains(sinPhi, cosPhi, sinLam, cosLam))
        {
            flags |= TransformIssues.OutsideSourceArea;
        }

        // 2. The one datum transformation, if any; its area of use is stated on its own source datum.
        if (DatumTransformation is { } shift)
        {
            if (!_reverseShift && !_operationArea.Contains(sinPhi, cosPhi, sinLam, cosLam))
            {
                flags |= TransformIssues.OutsideOperationArea;
            }

            shift.Shift(ref sinPhi, ref cosPhi, ref sinLam, ref cosLam, _reverseShift);
            if (_reverseShift && !_operationArea.Contains(sinPhi, cosPhi, sinLam, cosLam))
            {
                flags |= TransformIssues.OutsideOperationArea;
            }
        }

        if (!_targetArea.Contains(sinPhi, cosPhi, sinLam, cosLam))
        {
            flags |= TransformIssues.OutsideTargetArea;
        }

        // 3. From latitude/longitude on the target datum to the target's axes.
        if (Target.Projection is { } targetGrid)
        {
            targetGrid.ForwardTrig(sinPhi, cosPhi, sinLam, cosLam, out var easting, out var northing);
            (resultFirst, resultSecond) = Target.AxisOrder == AxisOrder.EastingNorthing ? (easting, northing) : (northing, easting);
        }
        else
        {
            var lat = AngleMath.Atan2Degrees(sinPhi, cosPhi);
            var lon = AngleMath.Atan2Degrees(sinLam, cosLam);
            lon = lon == 180 ? -180 : lon;
            (resultFirst, resultSecond) = Target.AxisOrder == AxisOrder.LatitudeLongitude ? (lat, lon) : (lon, lat);
        }

        return flags;
    }

    private static TransformIssues Invalid(out double first, out double second)
    {
        first = second = double.NaN;
        return TransformIssues.InvalidCoordinate;
    }

    public override string ToString() => Name;
}
