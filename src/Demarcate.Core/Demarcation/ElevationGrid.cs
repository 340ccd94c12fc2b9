using System.Globalization;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Demarcation;

/// <summary>
/// A terrain model as a regular grid of ground heights, north up: cell (0, 0) is the north-west corner cell, its
/// top-left corner at (<see cref="OriginX"/>, <see cref="OriginY"/>) in the grid's CRS, which is WGS 84
/// geographic (EPSG:4326, X = longitude) or a northern UTM zone (EPSG:326zz). Heights are sampled bilinearly
/// between cell centres. Immutable once built; safe to share between threads.
/// </summary>
public sealed class ElevationGrid
{
    private readonly float[] _heights;
    private readonly TransverseMercator? _utm;

    /// <param name="heights">Row by row from the north, <paramref name="columns"/> × <paramref name="rows"/> values; kept, not copied.</param>
    /// <param name="noData">The value that marks a cell without a height, if any.</param>
    public ElevationGrid(int epsg, int columns, int rows, double originX, double originY, double cellWidth, double cellHeight, float[] heights, double? noData)
    {
        ArgumentNullException.ThrowIfNull(heights);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        if (heights.Length != (long)columns * rows)
        {
            throw new ArgumentException("A grid holds one height per cell.", nameof(heights));
        }

        if (!(cellWidth > 0) || !(cellHeight > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(cellWidth), "Cells have a positive size.");
        }

        if (epsg is > 32600 and <= 32660)
        {
            _utm = Utm.Projection(epsg - 32600);
        }
        else if (epsg != 4326)
        {
            throw new ArgumentOutOfRangeException(nameof(epsg), epsg, "An elevation grid is on WGS 84 geographic (EPSG:4326) or a northern UTM zone (EPSG:32601–32660).");
        }

        Epsg = epsg;
        Columns = columns;
        Rows = rows;
        OriginX = originX;
        OriginY = originY;
        CellWidth = cellWidth;
        CellHeight = cellHeight;
        NoData = noData;
        _heights = heights;
    }

    public int Epsg { get; }

    public int Columns { get; }

    public int Rows { get; }

    public double OriginX { get; }

    public double OriginY { get; }

    public double CellWidth { get; }

    public double CellHeight { get; }

    public double? NoData { get; }

    /// <summary>The UTM zone the grid is on, or null for a geographic grid.</summary>
    public int? UtmZone => _utm is null ? null : Epsg - 32600;

    /// <summary>The cell size in metres (roughly, for a geographic grid: the north–south size at the equator).</summary>
    public double ApproximateCellMetres => _utm is not null ? Math.Min(CellWidth, CellHeight) : Math.Min(CellWidth, CellHeight) * 111_320;

    /// <summary>The stored value of one cell (row 0 is the northernmost), NaN when it holds no height.</summary>
    public double Cell(int column, int row)
    {
        var value = _heights[((long)row * Columns) + column];
        return NoData is { } nd && value == (float)nd ? double.NaN : value;
    }

    /// <summary>Ground height at a point, metres; null where the grid does not reach or holds no height.</summary>
    public double? HeightAt(GeoPoint point)
    {
        double x, y;
        if (_utm is null)
        {
            (x, y) = (point.Longitude, point.Latitude);
        }
        else
        {
            var grid = _utm.Forward(point.Latitude, point.Longitude);
            (x, y) = (grid.Easting, grid.Northing);
        }

        var h = HeightAtGrid(x, y);
        return double.IsNaN(h) ? null : h;
    }

    /// <summary>Ground height at grid coordinates (in the grid's CRS); NaN outside the grid or where a neighbouring cell holds no height.</summary>
    public double HeightAtGrid(double x, double y)
    {
        // Position in cell-centre units: centres sit at half cells from the corner.
        var u = ((x - OriginX) / CellWidth) - 0.5;
        var v = ((OriginY - y) / CellHeight) - 0.5;
        if (!(u >= -0.5 && v >= -0.5 && u <= Columns - 0.5 && v <= Rows - 0.5))
        {
            return double.NaN;
        }

        // Half a cell round the outer centres takes the edge cell's value (clamped), as a sampler of area cells does.
        u = Math.Clamp(u, 0, Columns - 1);
        v = Math.Clamp(v, 0, Rows - 1);
        var c0 = Math.Min((int)u, Columns - 2);
        var r0 = Math.Min((int)v, Rows - 2);
        var fu = u - c0;
        var fv = v - r0;
        var h00 = Cell(c0, r0);
        var h10 = Cell(c0 + 1, r0);
        var h01 = Cell(c0, r0 + 1);
        var h11 = Cell(c0 + 1, r0 + 1);
        return ((1 - fv) * (((1 - fu) * h00) + (fu * h10))) + (fv * (((1 - fu) * h01) + (fu * h11)));
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"EPSG:{Epsg} grid {Columns}×{Rows}, cells {CellWidth:G6}×{CellHeight:G6}, origin ({OriginX:G10}, {OriginY:G10})");
}
