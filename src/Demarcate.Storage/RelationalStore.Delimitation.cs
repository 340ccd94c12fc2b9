using System.Data.Common;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    /// <summary>
    /// Puts a new version of a sector's agreed line to the commission. Versions are numbered 1, 2, …
    /// per sector and never change once written.
    /// </summary>
    public Task<SectorVersion> ProposeSectorVersionAsync(
        Caller caller, string sectorId, MultiLineString geometry, IReadOnlyList<TurningPointRow> turningPoints, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(turningPoints);
        ArgumentNullException.ThrowIfNull(description);
        return WriteAsync<SectorVersion>(caller, async (connection, transaction) =>
        {
            _ = (await QuerySectorsAsync(connection, transaction, caller, "s.sector_id = $1", sectorId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("sector", sectorId);
            if (!Permissions.MayProposeSectorVersion(caller))
            {
                throw new NotPermittedException("Co-chairs, legal experts and the mediator's advisers propose versions of a sector's agreed line.");
            }

            await using var last = Command(connection, transaction, "SELECT coalesce(max(number), 0) FROM sector_versions WHERE sector_id = $1", sectorId);
            var number = Convert.ToInt32(await last.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) + 1;
            var version = new SectorVersion(sectorId, number, geometry, turningPoints, description, caller.Account?.Id ?? Journal.SystemActor, Journal.ToJournalTime(Clock.GetUtcNow()));
            var hash = version.CanonicalHash();
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO sector_versions (sector_id, number, geom_wkb, turning_points, description, canonical_hash, proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                cancellationToken, sectorId, number, Wkb(geometry), TurningPointsJson(turningPoints), description, hash, version.ProposedBy, Time(version.ProposedAt));
            return (version, (IReadOnlyList<JournalNote>)[new JournalNote("sector.version.propose", "sector-version", $"{sectorId}@{number}", null, new
            {
                sector = sectorId,
                number,
                canonicalHash = Convert.ToHexStringLower(hash),
                turningPoints = turningPoints.Count,
                vertices = geometry.NumPoints,
            })]);
        }, cancellationToken);
    }

    /// <summary>The versions of a sector with their signatures; commission members see them, others see none.</summary>
    public async Task<IReadOnlyList<SectorVersion>> ListSectorVersionsAsync(Caller caller, string sectorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsCommissionSystem && caller.Account is not { IsCommissionMember: true })
        {
            return [];
        }

        await using var connection = await ConnectAsync(cancellationToken);
        return await ReadVersionsAsync(connection, null, sectorId, null, cancellationToken);
    }

    /// <summary>
    /// Records a co-chair's signature on one version. The signature must verify against the signer's
    /// current key over that version's canonical hash. When both states' co-chairs have signed the same
    /// version, the sector becomes delimited and the version's line its agreed line.
    /// </summary>
    public async Task<SectorVersion> SignSectorVersionAsync(Caller caller, string sectorId, int number, Signature signature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(signature);
        var (signed, delimited) = await SignAsync(caller, sectorId, number, signature, cancellationToken);
        if (delimited)
        {
            // The line in force changed: every incident is attributed again right after, by the commission itself
            // (a journaled write of its own), so sectors, distances and sides follow the agreed line.
            await AttributeIncidentsAsync(Caller.CommissionSystem, null, AttributionDistanceMetres, null, cancellationToken);
        }

        return signed;
    }

    private Task<(SectorVersion Signed, bool Delimited)> SignAsync(Caller caller, string sectorId, int number, Signature signature, CancellationToken cancellationToken)
    {
        return WriteAsync<(SectorVersion, bool)>(caller, async (connection, transaction) =>
        {
            var sector = (await QuerySectorsAsync(connection, transaction, caller, "s.sector_id = $1", sectorId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("sector", sectorId);
            var version = (await ReadVersionsAsync(connection, transaction, sectorId, number, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("sector version", $"{sectorId}@{number}");
            var commission = await GetCommissionAsync(cancellationToken) ?? throw new RuleViolationException("The store has no commission.");
            if (!Permissions.MaySignSectorVersion(caller, commission) || signature.AccountId != caller.Account!.Id || signature.Party != caller.Account.Party)
            {
                throw new NotPermittedException("Only a state's co-chair signs a sector version, for that state, with their own key.");
            }

            if (version.Signatures.Any(s => s.AccountId == signature.AccountId))
            {
                throw new RuleViolationException($"Sector {sectorId} version {number} already carries your signature.");
            }

            var keys = await ListSigningKeysAsync(caller.Account.Id, cancellationToken);
            var key = keys.FirstOrDefault(k => k.KeyId == signature.KeyId && k.RetiredAt is null);
            var hash = version.CanonicalHash();
            if (key is null || !SectorVersionSignature.Verify(signature, key.PublicKey, hash))
            {
                throw new RuleViolationException("The signature does not verify against your current key over this version's canonical hash.");
            }

            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO sector_signatures (sector_id, number, account_id, party, key_id, signed_at, hash, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                cancellationToken, sectorId, number, signature.AccountId, signature.Party.Value, signature.KeyId, Time(signature.SignedAt), signature.Hash, signature.SignatureBytes);
            var notes = new List<JournalNote>
            {
                new("sector.version.sign", "sector-version", $"{sectorId}@{number}", null, new
                {
                    account = signature.AccountId,
                    party = signature.Party.Value,
                    keyId = signature.KeyId,
                    hash = Convert.ToHexStringLower(signature.Hash),
                }),
            };

            var signed = (await ReadVersionsAsync(connection, transaction, sectorId, number, cancellationToken)).Single();
            var delimited = signed.IsSignedByBoth && sector.Sector.Status is SectorStatus.NotStarted or SectorStatus.UnderDiscussion or SectorStatus.AgreedInPrinciple;
            if (delimited)
            {
                var lineId = $"agreed-{sectorId}-v{number}";
                await ExecuteAsync(
                    connection, transaction,
                    $"INSERT INTO boundary_lines (line_id, section_id, kind, name, source_id, claimed_by, version, owner, publication, geom) VALUES ($1, $2, $3, $4, NULL, NULL, 1, NULL, $5, {GeometryValue(6)})",
                    cancellationToken, lineId, sector.Sector.SectionId, LineKind.AgreedLine.ToString(), $"Agreed line of sector {sectorId}, version {number}", Publication.Submitted.ToString(), EncodeGeometry(version.Geometry));
                await ExecuteAsync(
                    connection, transaction,
                    $"UPDATE sectors SET status = $2, version = version + 1, line_id = $3, geom = {GeometryValue(4)} WHERE sector_id = $1",
                    cancellationToken, sectorId, SectorStatus.Delimited.ToString(), lineId, EncodeGeometry(version.Geometry));
                notes.Add(new JournalNote("sector.delimited", "sector", sectorId, new { status = sector.Sector.Status.ToString() }, new { status = SectorStatus.Delimited.ToString(), version = number, line = lineId }));
            }

            return ((signed, delimited), (IReadOnlyList<JournalNote>)notes);
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<SectorVersion>> ReadVersionsAsync(DbConnection connection, DbTransaction? transaction, string sectorId, int? number, CancellationToken cancellationToken)
    {
        var signatures = new List<(int Number, Signature Signature, byte[]? PublicKey, Account? Signer)>();
        await using (var command = Command(
            connection, transaction,
            "SELECT g.number, g.account_id, g.party, g.key_id, g.signed_at, g.hash, g.signature, k.public_key, a.user_name, a.display_name, a.role FROM sector_signatures g " +
            "LEFT JOIN signing_keys k ON k.key_id = g.key_id LEFT JOIN accounts a ON a.account_id = g.account_id WHERE g.sector_id = $1 ORDER BY g.signed_at",
            sectorId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var party = new PartyCode(reader.GetString(2));
                var signature = new Signature(reader.GetString(1), party, reader.GetString(3), ParseTime(reader.GetString(4)), (byte[])reader.GetValue(5), (byte[])reader.GetValue(6));
                var signer = reader.IsDBNull(8) ? null : new Account(signature.AccountId, reader.GetString(8), reader.GetString(9), party, Enum.Parse<Role>(reader.GetString(10)));
                signatures.Add((reader.GetInt32(0), signature, reader.IsDBNull(7) ? null : (byte[])reader.GetValue(7), signer));
            }
        }

        var commission = await GetCommissionAsync(cancellationToken);
        var versions = new List<SectorVersion>();
        await using (var command = Command(
            connection, transaction,
            "SELECT number, geom_wkb, turning_points, description, proposed_by, proposed_at FROM sector_versions WHERE sector_id = $1 AND number = coalesce($2, number) ORDER BY number",
            sectorId, number))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var n = reader.GetInt32(0);
                var version = new SectorVersion(
                    sectorId,
                    n,
                    (MultiLineString)new WKBReader(Factory.GeometryServices).Read((byte[])reader.GetValue(1)),
                    ParseTurningPoints(reader.GetString(2)),
                    reader.GetString(3),
                    reader.GetString(4),
                    ParseTime(reader.GetString(5)));
                var mine = signatures.Where(s => s.Number == n).ToList();
                var hash = version.CanonicalHash();
                versions.Add(version with
                {
                    Signatures = [.. mine.Select(s => s.Signature)],
                    IsSignedByBoth = commission is not null && SignatureRule.IsDelimited(
                        mine.Where(s => s.PublicKey is not null && s.Signer is not null).Select(s => (s.Signature, s.Signer!, s.PublicKey!)),
                        commission,
                        hash),
                });
            }
        }

        return versions;
    }

    private static byte[] Wkb(Geometry geometry) => new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false).Write(geometry);

    private static readonly JsonSerializerOptions TurningPointOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record TurningPointJson(string Id, double Lat, double Lon, string HowFixed);

    private static string TurningPointsJson(IReadOnlyList<TurningPointRow> rows) =>
        CanonicalJson.Serialize(rows.Select(r => new TurningPointJson(r.Id, r.Position.Latitude, r.Position.Longitude, r.HowFixed)).ToArray());

    private static List<TurningPointRow> ParseTurningPoints(string json) =>
        [.. (JsonSerializer.Deserialize<TurningPointJson[]>(json, TurningPointOptions) ?? [])
            .Select(t => new TurningPointRow(t.Id, new GeoPoint(t.Lat, t.Lon), t.HowFixed))];
}
