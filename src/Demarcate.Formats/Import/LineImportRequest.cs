using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Import;

/// <summary>What a delegation asks for when it brings a file of lines to the commission.</summary>
/// <remarks>Immutable.</remarks>
public sealed record LineImportRequest
{
    /// <summary>Imports larger than this are refused before reading (256 MiB): they are a whole country, not a section.</summary>
    public const long DefaultMaximumBytes = 256L * 1024 * 1024;

    /// <summary>The file name users see in messages.</summary>
    public required string SourceName { get; init; }

    public required FeatureFormat Format { get; init; }

    /// <summary>The section the lines are drawn along.</summary>
    public required Section Section { get; init; }

    /// <summary>The delegation the lines become drafts of.</summary>
    public required PartyCode Owner { get; init; }

    public LineKind Kind { get; init; } = LineKind.PartyClaim;

    /// <summary>The CRS the user states the coordinates are in (CSV, WKT); GeoJSON and KML are always WGS 84.</summary>
    public string? Crs { get; init; }

    /// <summary>The order of the file's two coordinates, when it differs from what the CRS defines.</summary>
    public AxisOrder? AxisOrder { get; init; }

    /// <summary>The datum transformation to WGS 84 (e.g. "EPSG:15865"), needed for a CRS on another datum.</summary>
    public string? Operation { get; init; }

    /// <summary>The feature table of a GeoPackage to read, when it has more than one.</summary>
    public string? Layer { get; init; }

    /// <summary>The commission's recorded datum transformation, used when <see cref="Operation"/> is not given and the CRS is on another datum.</summary>
    public string? CommissionOperation { get; init; }

    /// <summary>Repair what can be repaired (duplicates, spikes, unclosed rings, winding) and report it, instead of refusing.</summary>
    public bool Repair { get; init; }

    /// <summary>The spike threshold; see <see cref="Demarcate.Core.Validation.ValidationRules.SpikeAngleDegrees"/>.</summary>
    public double SpikeAngleDegrees { get; init; } = 1.0;

    /// <summary>The section's line in force (WGS 84); every imported line must come within <see cref="MaximumDistanceMetres"/> of it. Null: not checked.</summary>
    public Geometry? SectionLine { get; init; }

    public double MaximumDistanceMetres { get; init; } = 5000;

    public long MaximumBytes { get; init; } = DefaultMaximumBytes;

    public CrsRegistry Registry { get; init; } = CrsRegistry.Standard;

    /// <summary>Parses an axis order as users write it: lonlat, latlon, en (easting first) or ne (northing first).</summary>
    public static ParseResult<AxisOrder> ParseAxisOrder(string text, string source = "--axis-order") =>
        text?.Trim().ToUpperInvariant() switch
        {
            "LONLAT" or "LON,LAT" or "XY" => ParseResult<AxisOrder>.Ok(Core.Geodesy.AxisOrder.LongitudeLatitude),
            "LATLON" or "LAT,LON" or "YX" => ParseResult<AxisOrder>.Ok(Core.Geodesy.AxisOrder.LatitudeLongitude),
            "EN" or "EASTING,NORTHING" => ParseResult<AxisOrder>.Ok(Core.Geodesy.AxisOrder.EastingNorthing),
            "NE" or "NORTHING,EASTING" => ParseResult<AxisOrder>.Ok(Core.Geodesy.AxisOrder.NorthingEasting),
            _ => ParseResult<AxisOrder>.Failed(new InputProblem(source, $"unknown axis order '{text}': write lonlat, latlon, en (easting first) or ne (northing first)")),
        };
}

/// <summary>Lines ready to be written in one transaction, and what was repaired on the way.</summary>
/// <param name="Lines">The lines, on WGS 84, as drafts of the owner.</param>
/// <param name="Changes">Every change a repair made, feature by feature.</param>
/// <param name="Operation">How the coordinates reached WGS 84, e.g. "EPSG:28408 → EPSG:4326 via EPSG:15865 …".</param>
public sealed record LineImportPlan(IReadOnlyList<BoundaryLine> Lines, IReadOnlyList<Demarcate.Core.Validation.GeometryChange> Changes, string Operation);
