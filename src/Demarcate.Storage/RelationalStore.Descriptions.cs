using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    private const string DescriptionSelect =
        "SELECT sector_id, owner, number, body, status, problems, precedence, publication, version, authored_by, authored_at, submitted_at FROM sector_descriptions";

    /// <summary>The versions of a sector's descriptions the caller may see, each delegation's chain in order.</summary>
    public async Task<IReadOnlyList<DescriptionVersion>> ListDescriptionsAsync(Caller caller, string sectorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var connection = await ConnectAsync(cancellationToken);
        if ((await QuerySectorsAsync(connection, null, caller, "s.sector_id = $1", sectorId, cancellationToken)).Count == 0)
        {
            return [];
        }

        return await QueryDescriptionsAsync(connection, null, caller, sectorId, null, cancellationToken);
    }

    /// <summary>One version ("AM-3") of a sector's description; null when there is none the caller may see.</summary>
    public async Task<DescriptionVersion?> GetDescriptionAsync(Caller caller, string sectorId, string versionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!DescriptionVersion.TryParseId(versionId, out var owner, out var number))
        {
            return null;
        }

        await using var connection = await ConnectAsync(cancellationToken);
        if ((await QuerySectorsAsync(connection, null, caller, "s.sector_id = $1", sectorId, cancellationToken)).Count == 0)
        {
            return null;
        }

        return (await QueryDescriptionsAsync(connection, null, caller, sectorId, (owner, number), cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// The lines a description of this sector may follow as reference lines: every line of the sector's section the
    /// caller may see, named by its id (each part of a line in several parts "id part N").
    /// </summary>
    public async Task<IReadOnlyList<ReferenceLine>> ListReferenceLinesAsync(Caller caller, string sectorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var sector = await GetSectorAsync(caller, sectorId, cancellationToken);
        if (sector is null)
        {
            return [];
        }

        var references = new List<ReferenceLine>();
        foreach (var line in await ListLinesAsync(caller, sector.Sector.SectionId, cancellationToken))
        {
            var parts = line.Geometry.Geometries.Cast<LineString>().ToList();
            for (var k = 0; k < parts.Count; k++)
            {
                var name = parts.Count == 1 ? line.Id : string.Create(CultureInfo.InvariantCulture, $"{line.Id} part {k + 1}");
                references.Add(new ReferenceLine(name, [.. parts[k].Coordinates.Select(c => new GeoPoint(c.Y, c.X))]) { Source = line.SourceId });
            }
        }

        return references;
    }

    /// <summary>
    /// Saves the next version of the caller's delegation's description of a sector. The text is parsed and resolved
    /// against the reference lines the caller may see: a description with problems is saved only when asked for as a
    /// draft, with its problems listed; otherwise it is refused with them. A save based on an older version than the
    /// delegation's latest is stale.
    /// </summary>
    public async Task<DescriptionVersion> SaveDescriptionAsync(Caller caller, DescriptionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(draft);
        _ = await GetSectorAsync(caller, draft.SectorId, cancellationToken) ?? throw new RecordNotFoundException("sector", draft.SectorId);
        if (caller.Account?.Party is not { } owner || !Permissions.MayDraftFor(caller, owner))
        {
            throw new NotPermittedException("A description is written by a delegation (or the mediator's team) for itself: its co-chair, legal experts or cartographers.");
        }

        var resolver = new DescriptionResolver(await this.CrsRegistryAsync(caller, cancellationToken), await ListReferenceLinesAsync(caller, draft.SectorId, cancellationToken));
        var check = DescriptionCheck.Run(draft.Text, resolver);
        if (!check.IsConsistent && !draft.AsDraft)
        {
            throw new DescriptionInconsistentException(check.Problems);
        }

        return await WriteAsync<DescriptionVersion>(caller, async (connection, transaction) =>
        {
            await using var last = Command(connection, transaction, "SELECT coalesce(max(number), 0) FROM sector_descriptions WHERE sector_id = $1 AND owner = $2", draft.SectorId, owner.Value);
            var latest = Convert.ToInt32(await last.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (latest != draft.BasedOn)
            {
                throw new VersionConflictException("description", $"{draft.SectorId} {owner}", draft.BasedOn, latest);
            }

            var version = new DescriptionVersion(draft.SectorId, owner, latest + 1, draft.Text)
            {
                Status = check.IsConsistent ? DescriptionStatus.Consistent : DescriptionStatus.Draft,
                Problems = check.Problems,
                Precedence = draft.Precedence,
                AuthoredBy = caller.Account.Id,
                AuthoredAt = Journal.ToJournalTime(Clock.GetUtcNow()),
            };

            // Saved explicitly as a draft, a description stays a draft even when it happens to resolve cleanly.
            version = draft.AsDraft ? version with { Status = DescriptionStatus.Draft } : version;
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO sector_descriptions (sector_id, owner, number, body, status, problems, precedence, publication, version, authored_by, authored_at, submitted_at) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL)",
                cancellationToken,
                version.SectorId, owner.Value, version.Number, version.Text, version.Status.ToString(), ProblemsJson(version.Problems), version.Precedence.ToString(),
                version.Publication.ToString(), version.Version, version.AuthoredBy, Time(version.AuthoredAt));
            return (version, (IReadOnlyList<JournalNote>)[new JournalNote("description.save", "sector-description", $"{version.SectorId}/{version.Id}", null, Snapshot(version))]);
        }, cancellationToken);
    }

    /// <summary>The owning delegation puts a consistent version of its description before the commission.</summary>
    public Task<DescriptionVersion> SubmitDescriptionAsync(Caller caller, string sectorId, string versionId, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return WriteAsync<DescriptionVersion>(caller, async (connection, transaction) =>
        {
            var found = DescriptionVersion.TryParseId(versionId, out var owner, out var number)
                && (await QuerySectorsAsync(connection, transaction, caller, "s.sector_id = $1", sectorId, cancellationToken)).Count > 0;
            var version = (found ? (await QueryDescriptionsAsync(connection, transaction, caller, sectorId, (owner, number), cancellationToken)).SingleOrDefault() : null)
                ?? throw new RecordNotFoundException("description", $"{sectorId}/{versionId}");
            if (!Permissions.MayDraftFor(caller, version.Owner))
            {
                throw new NotPermittedException("Only the delegation that wrote a description submits it.");
            }

            if (version.Version != expectedVersion)
            {
                throw new VersionConflictException("description", $"{sectorId}/{versionId}", expectedVersion, version.Version);
            }

            if (version.Publication != Publication.Draft)
            {
                throw new RuleViolationException($"Description {versionId} of sector {sectorId} is already {version.Publication.ToString().ToLowerInvariant()}.");
            }

            if (version.Status != DescriptionStatus.Consistent)
            {
                throw new RuleViolationException($"Description {versionId} of sector {sectorId} is a draft with {version.Problems.Count} problem(s); save a consistent version and submit that.");
            }

            var submitted = version with { Publication = Publication.Submitted, Version = version.Version + 1, SubmittedAt = Journal.ToJournalTime(Clock.GetUtcNow()) };
            var changed = await ExecuteAsync(
                connection, transaction,
                "UPDATE sector_descriptions SET publication = $4, version = $5, submitted_at = $6 WHERE sector_id = $1 AND owner = $2 AND number = $3 AND version = $7",
                cancellationToken, sectorId, owner.Value, number, submitted.Publication.ToString(), submitted.Version, Time(submitted.SubmittedAt!.Value), expectedVersion);
            if (changed == 0)
            {
                throw new VersionConflictException("description", $"{sectorId}/{versionId}", expectedVersion, version.Version);
            }

            return (submitted, (IReadOnlyList<JournalNote>)[new JournalNote("description.submit", "sector-description", $"{sectorId}/{versionId}", Snapshot(version), Snapshot(submitted))]);
        }, cancellationToken);
    }

    private async Task<List<DescriptionVersion>> QueryDescriptionsAsync(
        DbConnection connection, DbTransaction? transaction, Caller caller, string sectorId, (PartyCode Owner, int Number)? one, CancellationToken cancellationToken)
    {
        await using var command = one is { } key
            ? Command(connection, transaction, DescriptionSelect + " WHERE sector_id = $1 AND owner = $2 AND number = $3", sectorId, key.Owner.Value, key.Number)
            : Command(connection, transaction, DescriptionSelect + " WHERE sector_id = $1 ORDER BY owner, number", sectorId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<DescriptionVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = new DescriptionVersion(reader.GetString(0), new PartyCode(reader.GetString(1)), reader.GetInt32(2), reader.GetString(3))
            {
                Status = Enum.Parse<DescriptionStatus>(reader.GetString(4)),
                Problems = ParseProblems(reader.GetString(5)),
                Precedence = DescriptionPrecedence.Parse(reader.GetString(6)).Value,
                Publication = Enum.Parse<Publication>(reader.GetString(7)),
                Version = reader.GetInt32(8),
                AuthoredBy = reader.GetString(9),
                AuthoredAt = ParseTime(reader.GetString(10)),
                SubmittedAt = reader.IsDBNull(11) ? null : ParseTime(reader.GetString(11)),
            };
            if (caller.MaySee(version.Owner, version.Publication))
            {
                versions.Add(version);
            }
        }

        return versions;
    }

    private sealed record ProblemJson(string Source, string Message, long? Line, long? Column);

    private static string ProblemsJson(IReadOnlyList<InputProblem> problems) =>
        CanonicalJson.Serialize(problems.Select(p => new ProblemJson(p.Source, p.Message, p.Line, p.Column)).ToArray());

    private static List<InputProblem> ParseProblems(string json) =>
        [.. (JsonSerializer.Deserialize<ProblemJson[]>(json, TurningPointOptions) ?? []).Select(p => new InputProblem(p.Source, p.Message) { Line = p.Line, Column = p.Column })];

    /// <summary>What the journal keeps of a version: its text's hash rather than the text, which the table holds.</summary>
    private static object Snapshot(DescriptionVersion v) => new
    {
        sector = v.SectorId,
        owner = v.Owner.Value,
        number = v.Number,
        sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(v.Text))),
        status = v.Status.ToString(),
        problems = v.Problems.Count,
        precedence = v.Precedence.ToString(),
        publication = v.Publication.ToString(),
        version = v.Version,
    };
}
