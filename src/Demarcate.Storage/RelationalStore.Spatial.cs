using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    /// <summary>
    /// The SQL condition that keeps the rows of <paramref name="table"/> (named <paramref name="rowName"/> in
    /// the query) whose geometry's bounding box meets the box in parameters <c>$n … $n+3</c>
    /// (west, south, east, north), answered from the backend's spatial index.
    /// </summary>
    protected abstract string BoxFilter(string table, string rowName, int firstParameter);

    /// <summary>
    /// An <c>ORDER BY</c> expression that walks the rows of <paramref name="rowName"/> by their planar distance
    /// (in degrees) from the point in parameters <c>$n</c> (longitude) and <c>$n+1</c> (latitude) using the
    /// spatial index; null when the backend has no such ordering, and the nearest row is then found by
    /// searching growing boxes with <see cref="BoxFilter"/>.
    /// </summary>
    protected virtual string? NearestOrder(string rowName, int firstParameter) => null;

    public async Task<IReadOnlyList<SectorOnLine>> ListSectorsInBoxAsync(Caller caller, Envelope box, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var area = BoxGeometry(box);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(
            connection, null, $"{SectorSelect} WHERE {BoxFilter("sectors", "s", 1)} ORDER BY c.position, s.number", box.MinX, box.MinY, box.MaxX, box.MaxY);
        var sectors = new List<SectorOnLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sector = ReadSector(reader);
            if (caller.MaySee(sector.Sector.IsPublished) && sector.Geometry is { } geometry && geometry.Intersects(area))
            {
                sectors.Add(sector);
            }
        }

        return sectors;
    }

    public async Task<IReadOnlyList<BoundaryLine>> ListLinesInBoxAsync(Caller caller, Envelope box, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var area = BoxGeometry(box);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(
            connection, null, $"{LineSelect} WHERE {BoxFilter("boundary_lines", "boundary_lines", 1)} ORDER BY section_id, line_id", box.MinX, box.MinY, box.MaxX, box.MaxY);
        var lines = new List<BoundaryLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var line = ReadLine(reader);
            if (caller.MaySee(line.Owner, line.Publication) && line.Geometry.Intersects(area))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>
    /// The sector the caller may see that lies nearest <paramref name="point"/>, by distance on the local
    /// plane at the point (longitude scaled by the cosine of its latitude): candidates come from the
    /// spatial index, the exact distance is measured here, and the search stops only once no sector
    /// left unread could be nearer.
    /// </summary>
    public async Task<SectorOnLine?> NearestSectorAsync(Caller caller, GeoPoint point, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var scale = Math.Max(Math.Cos(point.Latitude * Math.PI / 180), 1e-6);
        var local = AffineTransformation.ScaleInstance(scale, 1);
        var origin = local.Transform(Factory.CreatePoint(new Coordinate(point.Longitude, point.Latitude)));
        var planarOrigin = Factory.CreatePoint(new Coordinate(point.Longitude, point.Latitude));
        await using var connection = await ConnectAsync(cancellationToken);
        SectorOnLine? best = null;
        var bestDistance = double.PositiveInfinity;

        void Consider(SectorOnLine sector)
        {
            if (caller.MaySee(sector.Sector.IsPublished))
            {
                var distance = local.Transform(sector.Geometry!).Distance(origin);
                if (distance < bestDistance)
                {
                    (best, bestDistance) = (sector, distance);
                }
            }
        }

        if (NearestOrder("s", 1) is { } order)
        {
            // Rows come nearest first by planar distance; one at planar distance d is at least scale·d away locally.
            for (var limit = 16; ; limit *= 4)
            {
                await using var command = Command(
                    connection, null, $"{SectorSelect} WHERE s.geom IS NOT NULL ORDER BY {order} LIMIT {limit}", point.Longitude, point.Latitude);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var rows = 0;
                var lastPlanar = 0.0;
                while (await reader.ReadAsync(cancellationToken))
                {
                    var sector = ReadSector(reader);
                    rows++;
                    lastPlanar = sector.Geometry!.Distance(planarOrigin);
                    Consider(sector);
                }

                if (rows < limit || bestDistance <= scale * lastPlanar)
                {
                    return best;
                }

                (best, bestDistance) = (null, double.PositiveInfinity);
            }
        }

        // A sector whose box misses the square of half-side r around the point is more than scale·r away.
        for (var r = 1.0 / 64; ; r *= 4)
        {
            await using var command = Command(
                connection, null, $"{SectorSelect} WHERE s.geom IS NOT NULL AND {BoxFilter("sectors", "s", 1)} ORDER BY s.sector_id",
                point.Longitude - r, point.Latitude - r, point.Longitude + r, point.Latitude + r);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Consider(ReadSector(reader));
            }

            if (bestDistance <= scale * r || r >= 360)
            {
                return best;
            }
        }
    }

    private static Geometry BoxGeometry(Envelope box)
    {
        ArgumentNullException.ThrowIfNull(box);
        if (box.IsNull)
        {
            throw new ArgumentException("The box is empty.", nameof(box));
        }

        return Factory.ToGeometry(box);
    }
}
