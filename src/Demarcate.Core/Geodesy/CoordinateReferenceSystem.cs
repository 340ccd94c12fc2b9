using System.Globalization;
using System.Text;

namespace Demarcate.Core.Geodesy;

/// <summary>The order in which a CRS's two coordinates are written, as its defining authority states it.</summary>
public enum AxisOrder
{
    /// <summary>Latitude, longitude (EPSG:4326, EPSG:4284).</summary>
    LatitudeLongitude,

    /// <summary>Longitude, latitude (GeoJSON, PROJ strings, OGC:CRS84).</summary>
    LongitudeLatitude,

    /// <summary>Easting, northing (UTM).</summary>
    EastingNorthing,

    /// <summary>Northing (X), easting (Y): Soviet and Russian Gauss–Krüger grids.</summary>
    NorthingEasting,
}

/// <summary>
/// A coordinate reference system the commission's sources are written in: geographic (latitude/longitude on a datum)
/// or a Transverse Mercator grid on a datum, with the axis order and area of use its authority defines.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CoordinateReferenceSystem
{
    public CoordinateReferenceSystem(
        CrsCode code,
        string name,
        Datum datum,
        TransverseMercator? projection,
        AxisOrder axisOrder,
        GeographicBounds areaOfUse,
        DatumTransformation? defaultToWgs84 = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(datum);
        var geographicAxes = axisOrder is AxisOrder.LatitudeLongitude or AxisOrder.LongitudeLatitude;
        if (projection is null != geographicAxes)
        {
            throw new ArgumentException("Geographic CRSs take latitude/longitude axes and projected ones easting/northing axes.", nameof(axisOrder));
        }

        if (projection is not null && !projection.Ellipsoid.Equals(datum.Ellipsoid))
        {
            throw new ArgumentException("The projection must be on the datum's ellipsoid.", nameof(projection));
        }

        if (defaultToWgs84 is not null && !defaultToWgs84.Source.Equals(datum))
        {
            throw new ArgumentException("The default transformation must start from this CRS's datum.", nameof(defaultToWgs84));
        }

        Code = code;
        Name = name;
        Datum = datum;
        Projection = projection;
        AxisOrder = axisOrder;
        AreaOfUse = areaOfUse;
        DefaultToWgs84 = defaultToWgs84;
    }

    public CrsCode Code { get; }

    public string Name { get; }

    public Datum Datum { get; }

    public Ellipsoid Ellipsoid => Datum.Ellipsoid;

    /// <summary>The map grid, or null for a geographic CRS.</summary>
    public TransverseMercator? Projection { get; }

    public bool IsProjected => Projection is not null;

    public AxisOrder AxisOrder { get; }

    /// <summary>EPSG's area of use, as a latitude/longitude box.</summary>
    public GeographicBounds AreaOfUse { get; }

    /// <summary>The datum transformation to WGS 84 used when none is named (null on WGS 84 itself).</summary>
    public DatumTransformation? DefaultToWgs84 { get; }

    /// <summary>Names of the two axes in this CRS's order, for messages and headers.</summary>
    public (string First, string Second) AxisNames => AxisOrder switch
    {
        AxisOrder.LatitudeLongitude => ("latitude", "longitude"),
        AxisOrder.LongitudeLatitude => ("longitude", "latitude"),
        AxisOrder.EastingNorthing => ("easting", "northing"),
        _ => ("northing", "easting"),
    };

    /// <summary>
    /// This CRS as a PROJ string in PROJ's own (longitude, latitude / easting, northing) axis order, without axis swaps;
    /// +towgs84 gives the default transformation to WGS 84 in the Position Vector convention.
    /// </summary>
    public string ToProjString()
    {
        var text = new StringBuilder();
        if (Projection is { } tm)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"+proj=tmerc +lat_0={tm.LatitudeOfOrigin:R} +lon_0={tm.CentralMeridian:R} +k={tm.ScaleFactor:R} +x_0={tm.FalseEasting:R} +y_0={tm.FalseNorthing:R}");
        }
        else
        {
            text.Append("+proj=longlat");
        }

        text.Append(CultureInfo.InvariantCulture, $" +a={Ellipsoid.SemiMajorAxis:R} +rf={Ellipsoid.InverseFlattening:R}");
        if (DefaultToWgs84 is { } shift)
        {
            text.Append(" +towgs84=").Append(shift.ToWgs84Parameters());
        }

        if (Projection is not null)
        {
            text.Append(" +units=m");
        }

        return text.Append(" +no_defs +type=crs").ToString();
    }

    public override string ToString() => $"{Code} {Name}";
}
