using System.Data.Common;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    private const string WitnessMarkColumns =
        "mark_number, kind, description, bearing_deg, measured_from, correction_deg, distance_m, slope_distance_m, height_difference_m, surveyed_lat, surveyed_lon";

    public async Task<IReadOnlyList<WitnessMark>> ListWitnessMarksAsync(Caller caller, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await ResolvePillarAsync(connection, null, caller, number, cancellationToken) is { } found
            ? await QueryWitnessMarksAsync(connection, null, found.Fid, cancellationToken)
            : [];
    }

    /// <summary>
    /// Replaces each named pillar's witness marks: the pillar is resolved for the caller (another delegation's draft is
    /// missing), its version must be the one read, and the marks are checked together; the pillar's version rises and its
    /// history gains a row with the marks as they became, journaled with the marks before and after.
    /// </summary>
    public Task<IReadOnlyList<Pillar>> SetWitnessMarksAsync(Caller caller, IReadOnlyList<WitnessMarkSet> sets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(sets);
        return WriteAsync<IReadOnlyList<Pillar>>(caller, async (connection, transaction) =>
        {
            var results = new List<Pillar>();
            var notes = new List<JournalNote>();
            foreach (var set in sets)
            {
                var (fid, current) = await ResolvePillarAsync(connection, transaction, caller, set.Number, cancellationToken)
                    ?? throw new RecordNotFoundException("pillar", set.Number);
                var number = current.Number.ToString();
                if (!Permissions.MayRecordSurvey(caller))
                {
                    throw new NotPermittedException("The survey teams' cartographers and the mediator's advisers record witness marks.");
                }

                if (current.Version != set.ExpectedVersion)
                {
                    throw new VersionConflictException("pillar", number, set.ExpectedVersion, current.Version);
                }

                if (WitnessMark.Check(set.Marks) is { Count: > 0 } problems)
                {
                    throw new RuleViolationException($"Pillar {number}: {string.Join("; ", problems)}");
                }

                var before = await QueryWitnessMarksAsync(connection, transaction, fid, cancellationToken);
                if (await ExecuteAsync(
                        connection, transaction, "UPDATE pillars SET version = $1 WHERE fid = $2 AND version = $3", cancellationToken,
                        current.Version + 1, fid, set.ExpectedVersion) != 1)
                {
                    throw new VersionConflictException("pillar", number, set.ExpectedVersion, current.Version);
                }

                await ExecuteAsync(connection, transaction, "DELETE FROM pillar_witness_marks WHERE pillar_fid = $1", cancellationToken, fid);
                var marks = set.Marks.OrderBy(m => m.Number).ToList();
                foreach (var mark in marks)
                {
                    await ExecuteAsync(
                        connection, transaction,
                        $"INSERT INTO pillar_witness_marks (pillar_fid, number, {WitnessMarkColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                        cancellationToken,
                        fid, number, mark.Number, mark.Kind.Trim(), mark.Description.Trim(), mark.Bearing, mark.MeasuredFrom.ToString(), mark.Correction, mark.Distance,
                        mark.SlopeDistance, mark.HeightDifference, mark.Surveyed?.Latitude, mark.Surveyed?.Longitude);
                }

                var changed = current with { Version = current.Version + 1 };
                var after = WitnessMarksSnapshot(changed, marks);
                await AppendPillarHistoryAsync(connection, transaction, caller, "pillar.witness-marks", after, fid, number, cancellationToken);
                notes.Add(new JournalNote("pillar.witness-marks", "pillar", number, WitnessMarksSnapshot(current, before), after));
                results.Add(changed);
            }

            return ((IReadOnlyList<Pillar>)results, (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<WitnessMark>> QueryWitnessMarksAsync(DbConnection connection, DbTransaction? transaction, long fid, CancellationToken cancellationToken)
    {
        var marks = new List<WitnessMark>();
        await using var command = Command(connection, transaction, $"SELECT {WitnessMarkColumns} FROM pillar_witness_marks WHERE pillar_fid = $1 ORDER BY mark_number", fid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            double? Real(int i) => reader.IsDBNull(i) ? null : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
            marks.Add(new WitnessMark(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1), Real(3)!.Value, Real(6)!.Value)
            {
                Description = reader.GetString(2),
                MeasuredFrom = Enum.Parse<AzimuthKind>(reader.GetString(4)),
                Correction = Real(5)!.Value,
                SlopeDistance = Real(7),
                HeightDifference = Real(8),
                Surveyed = Real(9) is { } lat && Real(10) is { } lon ? new GeoPoint(lat, lon) : null,
            });
        }

        return marks;
    }

    private static object WitnessMarksSnapshot(Pillar pillar, IReadOnlyList<WitnessMark> marks) => new
    {
        number = pillar.Number.ToString(),
        version = pillar.Version,
        witnessMarks = marks.Select(m => new
        {
            number = m.Number,
            kind = m.Kind,
            description = m.Description,
            bearing = m.Bearing,
            measuredFrom = m.MeasuredFrom.ToString(),
            correction = m.Correction,
            distance = m.Distance,
            slopeDistance = m.SlopeDistance,
            heightDifference = m.HeightDifference,
            surveyed = m.Surveyed is { } s ? new[] { s.Latitude, s.Longitude } : null,
        }).ToArray(),
    };
}
