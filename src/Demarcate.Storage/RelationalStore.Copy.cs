using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    /// <summary>How a column's values travel between backends (SQLite and PostgreSQL name them differently).</summary>
    private enum CopiedKind
    {
        Text,
        Integer,
        BigInteger,
        Real,
        Boolean,
        Bytes,
        Geometry,

        /// <summary>A pillar's surrogate key (<c>pillar_fid</c>), translated to the fid the same pillar gets in the target.</summary>
        PillarKey,
    }

    private sealed record CopiedColumn(string Name, CopiedKind Kind);

    private sealed record CopiedTable(string Name, string OrderBy, IReadOnlyList<CopiedColumn> Columns);

    /// <summary>
    /// Every table of the contract, in foreign-key order, with the columns a copy carries. The surrogate
    /// <c>fid</c> is left to the target (rows go in the source's fid order, so it comes out alike).
    /// </summary>
    private static readonly IReadOnlyList<CopiedTable> CopiedTables =
    [
        Table("parties", "position, code", "code:t name:t role:t position:i"),
        Table("commission", "id", "id:i name:t first_state:t second_state:t mediator:t datum_transformation:t"),
        Table("sections", "fid", "section_id:t name:t direction:t party_on_left:t party_on_right:t sector_prefix:t utm_zone:i designated_line_id:t position:i"),
        Table("sources", "fid", "source_id:t title:t issuer:t edition_year:i edition:t scale_denominator:i stated_accuracy_m:r crs:t licence:t attribution:t provenance:t is_published:b sheet_ids:t notes:t provided_by:t publication:t version:i"),
        Table("source_files", "fid", "source_id:t name:t content_type:t sha256:x size_bytes:l content:x added_by:t added_at:t"),
        Table("source_scans", "fid", "source_id:t number:i file_name:t crs:t fit_order:i width:i height:i sheet:t control_points:t fitted_by:t fitted_at:t"),
        Table("boundary_lines", "fid", "line_id:t section_id:t kind:t name:t source_id:t claimed_by:t version:i owner:t publication:t geom:g"),
        Table("sector_breaks", "fid", "break_id:t section_id:t sequence:i geom:g"),
        Table("sectors", "fid", "sector_id:t section_id:t number:i from_break:t to_break:t status:t line_id:t length_m:r gap_length_m:r is_published:b version:i geom:g"),
        Table("accounts", "account_id", "account_id:t user_name:t display_name:t party:t role:t password_hash:t failed_sign_ins:i last_failure_at:t disabled:b created_at:t version:i"),
        Table("signing_keys", "key_id", "key_id:t account_id:t public_key:x salt:x iterations:i nonce:x ciphertext:x tag:x created_at:t retired_at:t"),
        Table("sector_versions", "sector_id, number", "sector_id:t number:i geom_wkb:x turning_points:t description:t canonical_hash:x proposed_by:t proposed_at:t"),
        Table("sector_signatures", "sector_id, number, account_id", "sector_id:t number:i account_id:t party:t key_id:t signed_at:t hash:x signature:x"),
        Table("proposals", "position", "proposal_id:t position:l sector_id:t answers:t owner:t title:t body:t line_ids:t geom_wkb:x publication:t withdrawn:b version:i proposed_by:t created_at:t submitted_at:t"),
        Table("commission_sessions", "session_id", "session_id:t held_on:t place:t status:t participants:t agenda:t version:i created_by:t created_at:t"),
        Table("decisions", "position", "decision_id:t position:l session_id:t sector_ids:t proposal_id:t body:t new_status:t decided_by:t decided_at:t"),
        Table("documents", "document_id", "document_id:t kind:t title:t owner:t session_id:t sector_ids:t publication:t version:i created_by:t created_at:t"),
        Table("document_versions", "document_id, number", "document_id:t number:i content_type:t content:x length:l sha256:t added_by:t added_at:t"),
        Table("api_tokens", "token_id", "token_id:t account_id:t name:t secret_hash:x created_at:t expires_at:t revoked_at:t"),
        Table("journal", "sequence", "sequence:l at:t actor:t action:t record_type:t record_id:t before:t after:t previous_hash:x hash:x"),
        Table("journal_heads", "sequence", "sequence:l hash:x signed_at:t signer_id:t signature:x"),
        Table("journal_keys", "key_id", "key_id:t public_key:x created_at:t"),
        Table("crs_definitions", "fid", "code:t name:t format:t definition:t is_published:b added_by:t added_at:t version:i"),
        Table("sector_descriptions", "sector_id, owner, number", "sector_id:t owner:t number:i body:t status:t problems:t precedence:t publication:t version:i authored_by:t authored_at:t submitted_at:t"),
        Table("pillars", "fid", "number:t sector_id:t pillar_type:t reason:t chainage_m:r feature:t planned_lat:r planned_lon:r planned_height:r status:t surveyed_lat:r surveyed_lon:r surveyed_height:r height_system:t survey_frame:t survey_epoch:r survey_method:t survey_accuracy_m:r surveyed_on:t survey:t owner:t publication:t version:i geom:g"),
        Table("pillar_inspections", "fid", "inspection_id:t pillar_fid:k number:t inspected_on:t found:t notes:t inspector:t added_at:t"),
        Table("pillar_photos", "fid", "inspection_id:t name:t content_type:t content:x"),
        Table("pillar_history", "fid", "pillar_fid:k number:t at:t actor:t action:t snapshot:t"),
        Table("pillar_witness_marks", "fid", "pillar_fid:k number:t mark_number:i kind:t description:t bearing_deg:r measured_from:t correction_deg:r distance_m:r slope_distance_m:r height_difference_m:r surveyed_lat:r surveyed_lon:r"),
        Table("incidents", "fid", "incident_id:t event_date:t time_precision:i date_from:t date_to:t incident_type:t latitude:r longitude:r geo_precision:i place:t region:t actor1:t actor2:t reporting_party:t fatalities:i injuries:i verification:t notes:t publication:t merged_into:t version:i sector_id:t distance_m:r side_party:t reference_line_id:t attributed_at:t created_by:t created_at:t"),
        Table("incident_sources", "fid", "incident_id:t position:i name:t reference:t party:t fatalities:i injuries:i"),
        Table("incident_merges", "fid", "merged_id:t report_id:t position:i"),
        Table("incident_attachments", "fid", "incident_id:t name:t content_type:t content:x added_by:t added_at:t"),
        Table("incident_history", "fid", "incident_id:t at:t actor:t action:t snapshot:t"),
        Table("agreements", "fid", "agreement_id:t title:t signed_on:t kind:t signatories:t notes:t"),
        Table("provisions", "fid", "agreement_id:t number:t position:i body:t theme:t responsible:t deadline:t links:t version:i"),
        Table("provision_revisions", "fid", "agreement_id:t number:t version:i body:t theme:t responsible:t deadline:t links:t revised_by:t revised_at:t"),
        Table("provision_assessments", "fid", "agreement_id:t number:t level:i assessed_on:t evidence:t document_link:t assessor:t recorded_at:t"),
        Table("taskforce_actions", "fid", "action_id:t title:t subgroup:t responsible:t status:t deadline:t checkpoints:t notes:t owner:t publication:t version:i geom:g"),
        Table("taskforce_history", "fid", "action_id:t at:t actor:t action:t status:t snapshot:t"),
        Table("humanitarian_cases", "fid", "case_id:t kind:t party:t status:t reported_on:t key_id:t wrapped_key:x erased_at:t erased_by:t created_by:t created_at:t version:i"),
        Table("humanitarian_fields", "fid", "case_id:t field:t sealed:x"),
        Table("humanitarian_history", "fid", "case_id:t at:t actor:t status:t exchange_id:t"),
        Table("humanitarian_exchanges", "fid", "exchange_id:t held_on:t place:t intermediary:t recorded_by:t recorded_at:t"),
        Table("humanitarian_exchange_cases", "fid", "exchange_id:t case_id:t"),
        Table("reference_layers", "fid", "layer_id:t title:t kind:t source:t licence:t received_crs:t feature_count:i loaded_by:t loaded_at:t version:i"),
        Table("reference_features", "fid", "layer_id:t position:i feature_id:t name:t properties:t geom:g"),
    ];

    /// <summary>The tables a copy carries, in the order it writes them.</summary>
    public static IReadOnlyList<string> CopiedTableNames { get; } = [.. CopiedTables.Select(t => t.Name)];

    /// <summary>
    /// Copies the whole record — commission, sections, sources, lines, break points, sectors, accounts,
    /// keys, tokens and the journal with its signed heads and keys — row by row into
    /// <paramref name="target"/>, in one transaction there. Rows go across verbatim (times as text,
    /// hashes and signatures as bytes), so the copied journal verifies as the original does; geometries
    /// are decoded by this backend and encoded by the target's.
    /// </summary>
    /// <returns>The number of rows copied, by table.</returns>
    /// <exception cref="StoreException">The target is not empty; nothing was written.</exception>
    public async Task<IReadOnlyList<(string Table, int Rows)>> CopyToAsync(RelationalStore target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var targetConnection = await target.ConnectAsync(cancellationToken);
        await using var targetTransaction = await targetConnection.BeginTransactionAsync(cancellationToken);
        await target.LockForWriteAsync(targetConnection, targetTransaction, cancellationToken);
        var occupied = new List<string>();
        foreach (var table in CopiedTables)
        {
            await using var count = target.Command(targetConnection, targetTransaction, $"SELECT count(*) FROM {table.Name}");
            var rows = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (rows > 0)
            {
                occupied.Add(string.Create(CultureInfo.InvariantCulture, $"{table.Name} ({rows})"));
            }
        }

        if (occupied.Count > 0)
        {
            throw new StoreException(
                $"{target.Description}: refusing to copy into a store that is not empty (it holds rows in {string.Join(", ", occupied)}); copy into a new GeoPackage file or an empty database");
        }

        // One read transaction on the source, so the copy is a single consistent moment of it.
        await using var sourceConnection = await ConnectAsync(cancellationToken);
        await using var sourceTransaction = await sourceConnection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var copied = new List<(string, int)>();
        var pillarKeys = new Dictionary<long, long>();
        foreach (var table in CopiedTables)
        {
            copied.Add((table.Name, await CopyTableAsync(table, sourceConnection, sourceTransaction, target, targetConnection, targetTransaction, pillarKeys, cancellationToken)));
            if (table.Name == "pillars")
            {
                // The target numbers its fids afresh, in the source's order; the source's may have gaps (a refused
                // write still takes a PostgreSQL sequence value), so rows keyed by pillar are translated, not copied.
                var sourceKeys = await ReadKeysAsync(this, sourceConnection, sourceTransaction, cancellationToken);
                var targetKeys = await ReadKeysAsync(target, targetConnection, targetTransaction, cancellationToken);
                for (var i = 0; i < sourceKeys.Count; i++)
                {
                    pillarKeys[sourceKeys[i]] = targetKeys[i];
                }
            }
        }

        await target.AfterImportAsync(targetConnection, targetTransaction, cancellationToken);
        await sourceTransaction.CommitAsync(cancellationToken);
        await targetTransaction.CommitAsync(cancellationToken);
        return copied;
    }

    private static async Task<List<long>> ReadKeysAsync(RelationalStore store, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var keys = new List<long>();
        await using var command = store.Command(connection, transaction, "SELECT fid FROM pillars ORDER BY fid");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return keys;
    }

    private async Task<int> CopyTableAsync(
        CopiedTable table,
        DbConnection sourceConnection,
        DbTransaction sourceTransaction,
        RelationalStore target,
        DbConnection targetConnection,
        DbTransaction targetTransaction,
        IReadOnlyDictionary<long, long> pillarKeys,
        CancellationToken cancellationToken)
    {
        var select = string.Join(", ", table.Columns.Select(c => c.Kind == CopiedKind.Geometry ? GeometryColumn(c.Name) : c.Name));
        var insert = new StringBuilder($"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) VALUES (");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var position = i + 1;
            insert.Append(i == 0 ? "" : ", ").Append(
                table.Columns[i].Kind == CopiedKind.Geometry ? target.GeometryValue(position) : "$" + position.ToString(CultureInfo.InvariantCulture));
        }

        insert.Append(')');
        await using var read = Command(sourceConnection, sourceTransaction, $"SELECT {select} FROM {table.Name} ORDER BY {table.OrderBy}");
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var rows = 0;
        var values = new object?[table.Columns.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : ReadCopied(reader, i, table.Columns[i].Kind, target, pillarKeys);
            }

            await target.ExecuteAsync(targetConnection, targetTransaction, insert.ToString(), cancellationToken, values);
            rows++;
        }

        return rows;
    }

    private object ReadCopied(DbDataReader reader, int ordinal, CopiedKind kind, RelationalStore target, IReadOnlyDictionary<long, long> pillarKeys) => kind switch
    {
        CopiedKind.Text => reader.GetString(ordinal),
        CopiedKind.Integer => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture),
        CopiedKind.BigInteger => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture),
        CopiedKind.Real => Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture),
        CopiedKind.Boolean => Convert.ToBoolean(reader.GetValue(ordinal), CultureInfo.InvariantCulture),
        CopiedKind.Bytes => (byte[])reader.GetValue(ordinal),
        CopiedKind.Geometry => target.EncodeGeometry(DecodeGeometry((byte[])reader.GetValue(ordinal))),
        CopiedKind.PillarKey => pillarKeys[Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture)],
        _ => throw new InvalidOperationException($"no copy for column kind {kind}"),
    };

    /// <summary>A table's columns written compactly as <c>name:kind</c> (t text, i integer, l bigint, r real, b boolean, x bytes, g geometry, k a pillar's fid).</summary>
    private static CopiedTable Table(string name, string orderBy, string columns) => new(
        name,
        orderBy,
        [
            .. columns.Split(' ').Select(c => c.Split(':')).Select(c => new CopiedColumn(c[0], c[1] switch
            {
                "t" => CopiedKind.Text,
                "i" => CopiedKind.Integer,
                "l" => CopiedKind.BigInteger,
                "r" => CopiedKind.Real,
                "b" => CopiedKind.Boolean,
                "x" => CopiedKind.Bytes,
                "g" => CopiedKind.Geometry,
                "k" => CopiedKind.PillarKey,
                _ => throw new InvalidOperationException($"{name}.{c[0]}: unknown column kind '{c[1]}'"),
            })),
        ]);
}
