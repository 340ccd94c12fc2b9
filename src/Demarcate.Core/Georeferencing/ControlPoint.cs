namespace Demarcate.Core.Georeferencing;

/// <summary>
/// A ground control point on a scanned map: a pixel position (column, row, as image tools count them) and the map
/// coordinates (X, Y in the axis order of the stated CRS) that the commission says it shows.
/// </summary>
public readonly record struct ControlPoint(double Column, double Row, double X, double Y);

/// <summary>How far the fitted mapping misses one control point, in the map CRS's units.</summary>
public readonly record struct ControlPointResidual(ControlPoint Point, double DeltaX, double DeltaY)
{
    public double Distance => Math.Sqrt((DeltaX * DeltaX) + (DeltaY * DeltaY));
}
