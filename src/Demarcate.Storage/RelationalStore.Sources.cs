using System.Data.Common;
using System.Security.Cryptography;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    private const string SourceColumns =
        "source_id, title, issuer, edition_year, edition, scale_denominator, stated_accuracy_m, crs, licence, attribution, provenance, is_published, sheet_ids, notes, provided_by, publication, version";

    private const string SourceInsert =
        $"INSERT INTO sources ({SourceColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";

    /// <summary>The values of <see cref="SourceInsert"/>; <c>is_published</c> is kept in step with the publication for readers of schema 1.</summary>
    private static object?[] SourceValues(CartographicSource s) =>
    [
        s.Id, s.Title, s.Issuer, s.EditionYear, s.Edition, s.ScaleDenominator, s.StatedAccuracyMetres, s.Crs, s.Licence, s.Attribution, s.Provenance,
        s.IsPublished, string.Join('\n', s.SheetIds), s.Notes, s.ProvidedBy?.Value, s.Publication.ToString(), s.Version,
    ];

    public async Task<IReadOnlyList<CartographicSource>> ListSourcesAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return await QuerySourcesAsync(connection, null, caller, null, cancellationToken);
    }

    public async Task<CartographicSource?> GetSourceAsync(Caller caller, string sourceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        return (await QuerySourcesAsync(connection, null, caller, sourceId, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Adds a source to the register. A party's editor adds it for their own party, as a draft (seen by that party
    /// only) or submitted; only the commission itself (the command line, the demo) adds published sources.
    /// </summary>
    public Task<CartographicSource> AddSourceAsync(Caller caller, CartographicSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(source);
        return WriteAsync<CartographicSource>(caller, async (connection, transaction) =>
        {
            if (!Permissions.MayEditSource(caller, source.ProvidedBy))
            {
                throw new NotPermittedException("A delegation's (or the mediator's) co-chairs, legal experts, cartographers and advisers add sources for their own party.");
            }

            if (!caller.IsCommissionSystem && source.Publication == Publication.Published)
            {
                throw new RuleViolationException("A source is added as a draft or submitted; the commission publishes it.");
            }

            var added = await CheckSourceAsync(caller, source, cancellationToken) with { Version = 1, Files = [] };
            if ((await QuerySourcesAsync(connection, transaction, Caller.CommissionSystem, added.Id, cancellationToken)).Count > 0)
            {
                throw new RuleViolationException($"The register already holds a source '{added.Id}'; choose another id.");
            }

            await ExecuteAsync(connection, transaction, SourceInsert, cancellationToken, SourceValues(added));
            return (added, (IReadOnlyList<JournalNote>)[new JournalNote("source.add", "source", added.Id, null, Snapshot(added))]);
        }, cancellationToken);
    }

    /// <summary>
    /// Changes a source's description. The write carries the version it read (stale: <see cref="VersionConflictException"/>).
    /// The providing party never changes; a draft may be submitted, never taken back; publishing is the commission's.
    /// </summary>
    public Task<CartographicSource> ChangeSourceAsync(Caller caller, CartographicSource source, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(source);
        return WriteAsync<CartographicSource>(caller, async (connection, transaction) =>
        {
            var current = (await QuerySourcesAsync(connection, transaction, caller, source.Id, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("source", source.Id);
            if (!Permissions.MayEditSource(caller, current.ProvidedBy))
            {
                throw new NotPermittedException("Only the party that provided a source changes it.");
            }

            if (current.Version != expectedVersion)
            {
                throw new VersionConflictException("source", source.Id, expectedVersion, current.Version);
            }

            if (!caller.IsCommissionSystem && source.Publication != current.Publication
                && !(current.Publication == Publication.Draft && source.Publication == Publication.Submitted))
            {
                throw new RuleViolationException($"A {current.Publication.ToString().ToLowerInvariant()} source cannot become {source.Publication.ToString().ToLowerInvariant()}: a draft may be submitted, and the commission publishes.");
            }

            var changed = await CheckSourceAsync(caller, source with { ProvidedBy = current.ProvidedBy }, cancellationToken) with { Version = current.Version + 1, Files = current.Files };
            await using (var update = Command(
                connection, transaction,
                "UPDATE sources SET title = $2, issuer = $3, edition_year = $4, edition = $5, scale_denominator = $6, stated_accuracy_m = $7, crs = $8, licence = $9, " +
                "attribution = $10, provenance = $11, is_published = $12, sheet_ids = $13, notes = $14, publication = $15, version = version + 1 WHERE source_id = $1 AND version = $16",
                changed.Id, changed.Title, changed.Issuer, changed.EditionYear, changed.Edition, changed.ScaleDenominator, changed.StatedAccuracyMetres, changed.Crs, changed.Licence,
                changed.Attribution, changed.Provenance, changed.IsPublished, string.Join('\n', changed.SheetIds), changed.Notes, changed.Publication.ToString(), expectedVersion))
            {
                if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw new VersionConflictException("source", source.Id, expectedVersion, current.Version);
                }
            }

            return (changed, (IReadOnlyList<JournalNote>)[new JournalNote("source.change", "source", changed.Id, Snapshot(current), Snapshot(changed))]);
        }, cancellationToken);
    }

    /// <summary>
    /// Attaches a file to a source, with its SHA-256 computed here so the journal records exactly which bytes came with
    /// the source. Files are never replaced: a corrected scan is attached under a new name.
    /// </summary>
    public Task<SourceFile> AttachSourceFileAsync(Caller caller, string sourceId, string name, string contentType, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(content);
        return WriteAsync<SourceFile>(caller, async (connection, transaction) =>
        {
            var source = (await QuerySourcesAsync(connection, transaction, caller, sourceId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("source", sourceId);
            if (!Permissions.MayEditSource(caller, source.ProvidedBy))
            {
                throw new NotPermittedException("Only the party that provided a source attaches files to it.");
            }

            if (SourceFile.CheckName(name, contentType) is { Count: > 0 } problems)
            {
                throw new RuleViolationException(string.Join("; ", problems));
            }

            if (source.Files.Any(f => string.Equals(f.Name, name, StringComparison.Ordinal)))
            {
                throw new RuleViolationException($"Source '{sourceId}' already has a file named '{name}'; attached files never change, so give the new one another name.");
            }

            var hash = SHA256.HashData(content);
            var file = new SourceFile(name, contentType, Convert.ToHexStringLower(hash), content.LongLength)
            {
                AddedBy = caller.Account?.Id ?? Journal.SystemActor,
                AddedAt = Journal.ToJournalTime(Clock.GetUtcNow()),
            };
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO source_files (source_id, name, content_type, sha256, size_bytes, content, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                cancellationToken, sourceId, file.Name, file.ContentType, hash, file.Size, content, file.AddedBy, Time(file.AddedAt));
            return (file, (IReadOnlyList<JournalNote>)[new JournalNote("source.attach", "source", sourceId, null, new { file = file.Name, contentType = file.ContentType, sha256 = file.Sha256, size = file.Size })]);
        }, cancellationToken);
    }

    public async Task<(SourceFile File, byte[] Content)?> GetSourceFileAsync(Caller caller, string sourceId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        var source = (await QuerySourcesAsync(connection, null, caller, sourceId, cancellationToken)).SingleOrDefault();
        var file = source?.Files.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        if (file is null)
        {
            return null;
        }

        await using var command = Command(connection, null, "SELECT content FROM source_files WHERE source_id = $1 AND name = $2", sourceId, name);
        return (file, (byte[])(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <summary>The source checked as a register entry (its CRS resolved through the registry the caller sees), sheets written canonically.</summary>
    private async Task<CartographicSource> CheckSourceAsync(Caller caller, CartographicSource source, CancellationToken cancellationToken)
    {
        var registry = await this.CrsRegistryAsync(caller, cancellationToken);
        var problems = source.Check(registry);
        if (problems.Count > 0)
        {
            throw new RuleViolationException($"Source '{source.Id}' cannot be registered: {string.Join("; ", problems)}");
        }

        return source.WithCanonicalSheets();
    }

    private async Task<IReadOnlyList<CartographicSource>> QuerySourcesAsync(DbConnection connection, DbTransaction? transaction, Caller caller, string? sourceId, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, List<SourceFile>>(StringComparer.Ordinal);
        await using (var command = Command(
            connection, transaction,
            "SELECT source_id, name, content_type, sha256, size_bytes, added_by, added_at FROM source_files WHERE source_id = coalesce($1, source_id) ORDER BY source_id, fid",
            sourceId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!files.TryGetValue(id, out var list))
                {
                    files[id] = list = [];
                }

                list.Add(new SourceFile(reader.GetString(1), reader.GetString(2), Convert.ToHexStringLower((byte[])reader.GetValue(3)), reader.GetInt64(4))
                {
                    AddedBy = reader.GetString(5),
                    AddedAt = ParseTime(reader.GetString(6)),
                });
            }
        }

        var sources = new List<CartographicSource>();
        await using (var command = Command(connection, transaction, $"SELECT {SourceColumns} FROM sources WHERE source_id = coalesce($1, source_id) ORDER BY source_id", sourceId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                var source = new CartographicSource(id, reader.GetString(1), reader.GetString(2))
                {
                    EditionYear = reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    Edition = reader.IsDBNull(4) ? null : reader.GetString(4),
                    ScaleDenominator = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    StatedAccuracyMetres = reader.IsDBNull(6) ? null : reader.GetDouble(6),
                    Crs = reader.GetString(7),
                    Licence = reader.GetString(8),
                    Attribution = reader.GetString(9),
                    Provenance = reader.GetString(10),
                    SheetIds = reader.GetString(12) is { Length: > 0 } sheets ? sheets.Split('\n') : [],
                    Notes = reader.GetString(13),
                    ProvidedBy = reader.IsDBNull(14) ? null : new PartyCode(reader.GetString(14)),
                    Publication = Enum.Parse<Publication>(reader.GetString(15)),
                    Version = reader.GetInt32(16),
                    Files = files.TryGetValue(id, out var attached) ? attached : [],
                };
                if (caller.MaySee(source.ProvidedBy, source.Publication))
                {
                    sources.Add(source);
                }
            }
        }

        return sources;
    }

    private static object Snapshot(CartographicSource s) => new
    {
        id = s.Id,
        title = s.Title,
        issuer = s.Issuer,
        editionYear = s.EditionYear,
        edition = s.Edition,
        scaleDenominator = s.ScaleDenominator,
        statedAccuracyMetres = s.StatedAccuracyMetres,
        crs = s.Crs,
        sheetIds = s.SheetIds.ToArray(),
        licence = s.Licence,
        attribution = s.Attribution,
        provenance = s.Provenance,
        notes = s.Notes,
        providedBy = s.ProvidedBy?.Value,
        publication = s.Publication.ToString(),
        version = s.Version,
    };
}
