using System.Data.Common;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

/// <summary>
/// The store contract written once in SQL that both backends speak: the GeoPackage file (SQLite) and
/// PostgreSQL/PostGIS. A backend supplies its connections, how parameters are named and how
/// geometries travel; every query, visibility rule and transaction lives here, so both stores
/// behave alike by construction and the one contract test suite checks them both.
/// </summary>
public abstract partial class RelationalStore : ICommissionStore
{
    /// <summary>The storage SRS: WGS 84 longitude/latitude.</summary>
    protected const int Wgs84 = 4326;

    protected static GeometryFactory Factory { get; } = NtsGeometryServices.Instance.CreateGeometryFactory(Wgs84);

    public abstract string Description { get; }

    /// <summary>An open connection, ready for the backend's geometry functions.</summary>
    protected abstract Task<DbConnection> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Adds the positional parameter <c>$n</c> to a command.</summary>
    protected abstract void AddParameter(DbCommand command, int position, object? value);

    /// <summary>The SQL that turns parameter <c>$n</c> into a stored geometry.</summary>
    protected abstract string GeometryValue(int position);

    /// <summary>The SQL that reads a geometry column back as bytes <see cref="DecodeGeometry"/> understands.</summary>
    protected abstract string GeometryColumn(string column);

    protected abstract byte[] EncodeGeometry(Geometry geometry);

    protected abstract Geometry DecodeGeometry(byte[] bytes);

    /// <summary>Work a backend does at the end of an import, inside its transaction (GeoPackage: contents extents).</summary>
    protected virtual Task AfterImportAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task BackupAsync(string destination, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT count(*) FROM commission");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0;
    }

    public async Task<Commission?> GetCommissionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var parties = new Dictionary<string, Party>(StringComparer.Ordinal);
        await using (var command = Command(connection, null, "SELECT code, name, role FROM parties"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var party = new Party(new PartyCode(reader.GetString(0)), reader.GetString(1), Enum.Parse<PartyRole>(reader.GetString(2)));
                parties[party.Code.Value] = party;
            }
        }

        await using (var command = Command(connection, null, "SELECT name, first_state, second_state, mediator, datum_transformation FROM commission"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            return await reader.ReadAsync(cancellationToken)
                ? new Commission(reader.GetString(0), parties[reader.GetString(1)], parties[reader.GetString(2)], parties[reader.GetString(3)])
                {
                    DatumTransformation = reader.IsDBNull(4) ? null : reader.GetString(4),
                }
                : null;
        }
    }

    public async Task<IReadOnlyList<Section>> ListSectionsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT section_id, name, direction, party_on_left, party_on_right, sector_prefix, utm_zone, designated_line_id, position FROM sections ORDER BY position, section_id");
        var sections = new List<Section>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sections.Add(new Section(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                new PartyCode(reader.GetString(3)),
                new PartyCode(reader.GetString(4)),
                reader.GetString(5),
                reader.GetInt32(6))
            {
                DesignatedLineId = reader.IsDBNull(7) ? null : reader.GetString(7),
                Order = reader.GetInt32(8),
            });
        }

        return sections;
    }

    public Task<IReadOnlyList<BoundaryLine>> ListLinesAsync(Caller caller, string? sectionId, CancellationToken cancellationToken) =>
        QueryLinesAsync(caller, "section_id = coalesce($1, section_id)", sectionId, cancellationToken);

    public async Task<BoundaryLine?> GetLineAsync(Caller caller, string lineId, CancellationToken cancellationToken) =>
        (await QueryLinesAsync(caller, "line_id = $1", lineId, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<BoundaryLine>> QueryLinesAsync(Caller caller, string condition, string? key, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await QueryLinesAsync(connection, null, caller, condition, key, cancellationToken);
    }

    private async Task<IReadOnlyList<BoundaryLine>> QueryLinesAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string condition, string? key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var command = Command(connection, transaction, $"{LineSelect} WHERE {condition} ORDER BY section_id, line_id", key);
        var lines = new List<BoundaryLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var line = ReadLine(reader);
            if (caller.MaySee(line.Owner, line.Publication))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>The columns <see cref="ReadLine"/> reads, from <c>boundary_lines</c>.</summary>
    private string LineSelect =>
        $"SELECT line_id, section_id, kind, name, source_id, claimed_by, version, owner, publication, {GeometryColumn("geom")} FROM boundary_lines";

    private BoundaryLine ReadLine(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Enum.Parse<LineKind>(reader.GetString(2)),
        reader.GetString(3),
        (MultiLineString)ReadGeometry(reader, 9)!)
    {
        SourceId = reader.IsDBNull(4) ? null : reader.GetString(4),
        ClaimedBy = reader.IsDBNull(5) ? null : new PartyCode(reader.GetString(5)),
        Version = reader.GetInt32(6),
        Owner = reader.IsDBNull(7) ? null : new PartyCode(reader.GetString(7)),
        Publication = Enum.Parse<Publication>(reader.GetString(8)),
    };

    public async Task<IReadOnlyList<BreakPoint>> ListBreakPointsAsync(Caller caller, string? sectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT break_id, section_id, sequence, {GeometryColumn("geom")} FROM sector_breaks WHERE section_id = coalesce($1, section_id) ORDER BY section_id, sequence",
            sectionId);
        var breaks = new List<BreakPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var point = (Point)ReadGeometry(reader, 3)!;
            breaks.Add(new BreakPoint(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), new GeoPoint(point.Y, point.X)));
        }

        return breaks;
    }

    public Task<IReadOnlyList<SectorOnLine>> ListSectorsAsync(Caller caller, string? sectionId, CancellationToken cancellationToken) =>
        QuerySectorsAsync(caller, "s.section_id = coalesce($1, s.section_id)", sectionId, cancellationToken);

    public async Task<SectorOnLine?> GetSectorAsync(Caller caller, string sectorId, CancellationToken cancellationToken) =>
        (await QuerySectorsAsync(caller, "s.sector_id = $1", sectorId, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<SectorOnLine>> QuerySectorsAsync(Caller caller, string condition, string? key, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await QuerySectorsAsync(connection, null, caller, condition, key, cancellationToken);
    }

    private async Task<IReadOnlyList<SectorOnLine>> QuerySectorsAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string condition, string? key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var command = Command(connection, transaction, $"{SectorSelect} WHERE {condition} ORDER BY c.position, s.number", key);
        var sectors = new List<SectorOnLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sector = ReadSector(reader);
            if (caller.MaySee(sector.Sector.IsPublished))
            {
                sectors.Add(sector);
            }
        }

        return sectors;
    }

    /// <summary>The columns <see cref="ReadSector"/> reads, from <c>sectors s</c> joined to <c>sections c</c>.</summary>
    private string SectorSelect =>
        "SELECT s.sector_id, s.section_id, s.number, s.from_break, s.to_break, s.status, s.line_id, s.length_m, s.gap_length_m, s.is_published, s.version, " +
        $"{GeometryColumn("s.geom")} FROM sectors s LEFT JOIN sections c ON c.section_id = s.section_id";

    private SectorOnLine ReadSector(DbDataReader reader)
    {
        var sector = new Sector(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4))
        {
            Status = Enum.Parse<SectorStatus>(reader.GetString(5)),
            IsPublished = reader.GetBoolean(9),
            Version = reader.GetInt32(10),
        };
        return new SectorOnLine(
            sector,
            reader.IsDBNull(6) ? null : reader.GetString(6),
            (MultiLineString?)ReadGeometry(reader, 11),
            reader.GetDouble(7),
            reader.GetDouble(8));
    }

    public Task ImportAsync(BoundaryDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return WriteAsync(Caller.CommissionSystem, (connection, transaction) => ImportAsync(connection, transaction, dataset, cancellationToken), cancellationToken);
    }

    private async Task<(bool, IReadOnlyList<JournalNote>)> ImportAsync(DbConnection connection, DbTransaction transaction, BoundaryDataset dataset, CancellationToken cancellationToken)
    {
        var commission = dataset.Commission;
        var position = 0;
        foreach (var party in commission.Parties)
        {
            await ExecuteAsync(
                connection, transaction, "INSERT INTO parties (code, name, role, position) VALUES ($1, $2, $3, $4)", cancellationToken,
                party.Code.Value, party.Name, party.Role.ToString(), position++);
        }

        await ExecuteAsync(
            connection, transaction, "INSERT INTO commission (id, name, first_state, second_state, mediator, datum_transformation) VALUES (1, $1, $2, $3, $4, $5)", cancellationToken,
            commission.Name, commission.FirstState.Code.Value, commission.SecondState.Code.Value, commission.Mediator.Code.Value, commission.DatumTransformation);

        foreach (var s in dataset.Sections)
        {
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO sections (section_id, name, direction, party_on_left, party_on_right, sector_prefix, utm_zone, designated_line_id, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                cancellationToken, s.Id, s.Name, s.Direction, s.PartyOnLeft.Value, s.PartyOnRight.Value, s.SectorPrefix, s.UtmZone, s.DesignatedLineId, s.Order);
        }

        foreach (var s in dataset.Sources)
        {
            await ExecuteAsync(
                connection, transaction,
                SourceInsert, cancellationToken, SourceValues(s));
        }

        foreach (var l in dataset.Lines)
        {
            await ExecuteAsync(
                connection, transaction,
                $"INSERT INTO boundary_lines (line_id, section_id, kind, name, source_id, claimed_by, version, owner, publication, geom) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, {GeometryValue(10)})",
                cancellationToken, l.Id, l.SectionId, l.Kind.ToString(), l.Name, l.SourceId, l.ClaimedBy?.Value, l.Version, l.Owner?.Value, l.Publication.ToString(), EncodeGeometry(l.Geometry));
        }

        foreach (var b in dataset.BreakPoints)
        {
            await ExecuteAsync(
                connection, transaction,
                $"INSERT INTO sector_breaks (break_id, section_id, sequence, geom) VALUES ($1, $2, $3, {GeometryValue(4)})",
                cancellationToken, b.Id, b.SectionId, b.Sequence, EncodeGeometry(Factory.CreatePoint(new Coordinate(b.Position.Longitude, b.Position.Latitude))));
        }

        foreach (var s in dataset.Sectors)
        {
            var sector = s.Sector;
            await ExecuteAsync(
                connection, transaction,
                $"INSERT INTO sectors (sector_id, section_id, number, from_break, to_break, status, line_id, length_m, gap_length_m, is_published, version, geom) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, {GeometryValue(12)})",
                cancellationToken, sector.Id, sector.SectionId, sector.Number, sector.FromBreakId, sector.ToBreakId, sector.Status.ToString(), s.LineId,
                s.LengthMetres, s.GapLengthMetres, sector.IsPublished, sector.Version, s.Geometry is null ? null : EncodeGeometry(s.Geometry));
        }

        await AfterImportAsync(connection, transaction, cancellationToken);
        var notes = new List<JournalNote>
        {
            new("commission.import", "commission", "1", null, new
            {
                name = commission.Name,
                parties = commission.Parties.Select(p => p.Code.Value).ToArray(),
                datumTransformation = commission.DatumTransformation,
                sections = dataset.Sections.Select(x => x.Id).ToArray(),
                sources = dataset.Sources.Select(x => x.Id).ToArray(),
                breakPoints = dataset.BreakPoints.Count,
                sectors = dataset.Sectors.Select(x => x.Sector.Id).ToArray(),
            }),
        };
        notes.AddRange(dataset.Lines.Select(l => new JournalNote("line.import", "line", l.Id, null, Snapshot(l))));
        return (true, notes);
    }

    /// <summary>A command with positional parameters <c>$1 … $n</c> bound to <paramref name="values"/>.</summary>
    protected DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(values);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            AddParameter(command, i + 1, values[i] ?? DBNull.Value);
        }

        return command;
    }

    protected async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Geometry? ReadGeometry(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DecodeGeometry((byte[])reader.GetValue(ordinal));
}
