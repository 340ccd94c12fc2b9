using System.Data.Common;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    private const string CrsSelect = "SELECT code, name, format, definition, is_published, added_by, added_at, version FROM crs_definitions";

    /// <summary>The commission's own CRS definitions the caller may see, by code.</summary>
    public async Task<IReadOnlyList<CommissionCrs>> ListCrsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await QueryCrsAsync(connection, null, caller, null, cancellationToken);
    }

    /// <summary>
    /// Adds a CRS definition to the commission's registry. The definition is read again here, so nothing the geodesy
    /// core cannot use exactly is ever stored, whichever door it came in by.
    /// </summary>
    public Task<CommissionCrs> AddCrsAsync(Caller caller, CommissionCrs crs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(crs);
        return WriteAsync<CommissionCrs>(caller, async (connection, transaction) =>
        {
            if (!Permissions.MayDefineCrs(caller))
            {
                throw new NotPermittedException("Cartographers, the mediator's advisers and administrators add CRS definitions to the commission's registry.");
            }

            var checkedCrs = CheckDefinition(crs);
            if ((await QueryCrsAsync(connection, transaction, Caller.CommissionSystem, checkedCrs.Code.ToString(), cancellationToken)).Count > 0)
            {
                throw new RuleViolationException($"The registry already defines {checkedCrs.Code}; change that definition (with its version) or choose another code.");
            }

            var added = checkedCrs with { AddedBy = caller.Account?.Id ?? Journal.SystemActor, AddedAt = Journal.ToJournalTime(Clock.GetUtcNow()), Version = 1 };
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO crs_definitions (code, name, format, definition, is_published, added_by, added_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                cancellationToken, added.Code.ToString(), added.Name, added.Format.ToString(), added.Definition, added.IsPublished, added.AddedBy, Time(added.AddedAt), added.Version);
            return (added, (IReadOnlyList<JournalNote>)[new JournalNote("crs.define", "crs", added.Code.ToString(), null, Snapshot(added))]);
        }, cancellationToken);
    }

    /// <summary>
    /// Replaces a definition's name, text or publication. The write carries the version it read; a stale one is refused
    /// with the current version, so two cartographers never silently overwrite each other's grid.
    /// </summary>
    public Task<CommissionCrs> ChangeCrsAsync(Caller caller, CommissionCrs crs, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(crs);
        return WriteAsync<CommissionCrs>(caller, async (connection, transaction) =>
        {
            var code = crs.Code.ToString();
            var current = (await QueryCrsAsync(connection, transaction, caller, code, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("CRS", code);
            if (!Permissions.MayDefineCrs(caller))
            {
                throw new NotPermittedException("Cartographers, the mediator's advisers and administrators change CRS definitions in the commission's registry.");
            }

            if (current.Version != expectedVersion)
            {
                throw new VersionConflictException("CRS", code, expectedVersion, current.Version);
            }

            var changed = CheckDefinition(crs) with { AddedBy = current.AddedBy, AddedAt = current.AddedAt, Version = current.Version + 1 };
            var rows = await ExecuteAsync(
                connection, transaction,
                "UPDATE crs_definitions SET name = $2, format = $3, definition = $4, is_published = $5, version = version + 1 WHERE code = $1 AND version = $6",
                cancellationToken, code, changed.Name, changed.Format.ToString(), changed.Definition, changed.IsPublished, expectedVersion);
            if (rows != 1)
            {
                throw new VersionConflictException("CRS", code, expectedVersion, current.Version);
            }

            return (changed, (IReadOnlyList<JournalNote>)[new JournalNote("crs.change", "crs", code, Snapshot(current), Snapshot(changed))]);
        }, cancellationToken);
    }

    /// <summary>The definition read as the registry will read it; a bad one is refused with the reader's first problem.</summary>
    private static CommissionCrs CheckDefinition(CommissionCrs crs)
    {
        var read = CommissionCrs.Read(crs.Code.ToString(), crs.Name, crs.Definition);
        if (!read.Success)
        {
            throw new RuleViolationException($"The definition of {crs.Code} cannot be used: {string.Join("; ", read.Problems)}");
        }

        return read.Value with { IsPublished = crs.IsPublished };
    }

    private async Task<IReadOnlyList<CommissionCrs>> QueryCrsAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string? code, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, CrsSelect + " WHERE code = coalesce($1, code) ORDER BY code", code);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<CommissionCrs>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var parsed = CrsCode.Parse(reader.GetString(0));
            var crs = new CommissionCrs(parsed.Value, reader.GetString(1), Enum.Parse<CrsDefinitionFormat>(reader.GetString(2)), reader.GetString(3))
            {
                IsPublished = reader.GetBoolean(4),
                AddedBy = reader.GetString(5),
                AddedAt = ParseTime(reader.GetString(6)),
                Version = reader.GetInt32(7),
            };
            if (Permissions.MaySeeRegistryEntry(caller, crs.IsPublished))
            {
                found.Add(crs);
            }
        }

        return found;
    }

    private static object Snapshot(CommissionCrs crs) => new
    {
        code = crs.Code.ToString(),
        name = crs.Name,
        format = crs.Format.ToString(),
        definition = crs.Definition,
        isPublished = crs.IsPublished,
        version = crs.Version,
    };
}
