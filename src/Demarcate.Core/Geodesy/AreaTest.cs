using System.Runtime.CompilerServices;

namespace Demarcate.Core.Geodesy;

/// <summary>
/// <see cref="GeographicBounds.Contains"/> on sines and cosines, so that a chain of operations can check areas of use
/// without turning its intermediate results back into degrees. Edges count as inside.
/// </summary>
internal readonly struct AreaTest
{
    private readonly double _sinS, _cosS, _sinN, _cosN, _sinW, _cosW, _sinE, _cosE;
    private readonly bool _allLongitudes;
    private readonly bool _wide; // longitude arc wider than 180°: test the complement instead

    public AreaTest(GeographicBounds bounds)
    {
        (_sinS, _cosS) = AngleMath.SinCosDegrees(bounds.South);
        (_sinN, _cosN) = AngleMath.SinCosDegrees(bounds.North);
        (_sinW, _cosW) = AngleMath.SinCosDegrees(bounds.West);
        (_sinE, _cosE) = AngleMath.SinCosDegrees(bounds.East);
        var width = bounds.East - bounds.West;
        if (width <= 0)
        {
            width += 360;
        }

        _allLongitudes = width >= 360;
        _wide = width > 180;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(double sinPhi, double cosPhi, double sinLam, double cosLam)
    {
        // φ ≥ S ⇔ sin(φ − S) ≥ 0 and φ ≤ N ⇔ sin(N − φ) ≥ 0, both angles lying within ±90°.
        if (sinPhi * _cosS - cosPhi * _sinS < 0 || _sinN * cosPhi - _cosN * sinPhi < 0)
        {
            return false;
        }

        if (_allLongitudes)
        {
            return true;
        }

        var fromWest = sinLam * _cosW - cosLam * _sinW; // sin(λ − W)
        var toEast = _sinE * cosLam - _cosE * sinLam; // sin(E − λ)
        return _wide
            ? !(fromWest < 0 && toEast < 0) // outside only when strictly within the complementary arc (E, W)
            : fromWest >= 0 && toEast >= 0;
    }
}
