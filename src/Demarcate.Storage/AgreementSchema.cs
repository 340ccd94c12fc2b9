namespace Demarcate.Storage;

/// <summary>
/// Migration 8, the agreements register and the transport-links task force: agreements with their provisions, each
/// provision's append-only implementation assessments, task-force actions with their routes (a LineString in WGS 84)
/// and each action's append-only history. The same in both backends but for the names of column types and the route's
/// geometry column, which each backend declares in its own way (a GeoPackage feature table; a PostGIS column).
/// </summary>
internal static class AgreementSchema
{
    public const int Version = 8;

    public const string Name = "agreements register, provision assessments, task-force actions and history";

    /// <summary>Tables the application only appends to: the assessments and the actions' history.</summary>
    public static readonly string[] AppendOnlyTables = ["provision_assessments", "taskforce_history"];

    /// <summary>The statements of the migration, with the route column's declaration given by the backend.</summary>
    public static string[] Statements(string autoKey, string routeColumn) =>
    [
        $"""
        CREATE TABLE agreements (
          fid {autoKey},
          agreement_id text NOT NULL UNIQUE,
          title text NOT NULL,
          signed_on text NOT NULL,
          kind text NOT NULL CHECK (kind IN ('TrilateralStatement', 'BilateralDecision', 'CommissionDecision', 'Protocol')),
          signatories text NOT NULL,
          notes text NOT NULL)
        """,
        $"""
        CREATE TABLE provisions (
          fid {autoKey},
          agreement_id text NOT NULL REFERENCES agreements(agreement_id),
          number text NOT NULL,
          position integer NOT NULL,
          body text NOT NULL,
          theme text NOT NULL,
          responsible text NOT NULL,
          deadline text NOT NULL,
          links text NOT NULL,
          UNIQUE (agreement_id, number))
        """,
        $"""
        CREATE TABLE provision_assessments (
          fid {autoKey},
          agreement_id text NOT NULL,
          number text NOT NULL,
          level integer NOT NULL CHECK (level BETWEEN 0 AND 3),
          assessed_on text NOT NULL,
          evidence text NOT NULL,
          document_link text NOT NULL,
          assessor text NOT NULL,
          recorded_at text NOT NULL,
          FOREIGN KEY (agreement_id, number) REFERENCES provisions(agreement_id, number))
        """,
        "CREATE INDEX provision_assessments_provision ON provision_assessments (agreement_id, number, fid)",
        $"""
        CREATE TABLE taskforce_actions (
          fid {autoKey},
          action_id text NOT NULL UNIQUE,
          title text NOT NULL,
          subgroup text NOT NULL CHECK (subgroup IN ('Rail', 'Road', 'Border', 'Customs', 'Energy', 'Communications')),
          responsible text NOT NULL,
          status text NOT NULL CHECK (status IN ('Proposed', 'Agreed', 'InProgress', 'Done', 'Suspended')),
          deadline text,
          checkpoints text NOT NULL,
          notes text NOT NULL,
          owner text REFERENCES parties(code),
          publication text NOT NULL CHECK (publication IN ('Draft', 'Submitted', 'Published')),
          version integer NOT NULL,
          {routeColumn})
        """,
        $"""
        CREATE TABLE taskforce_history (
          fid {autoKey},
          action_id text NOT NULL REFERENCES taskforce_actions(action_id),
          at text NOT NULL,
          actor text NOT NULL,
          action text NOT NULL,
          status text NOT NULL,
          snapshot text NOT NULL)
        """,
        "CREATE INDEX taskforce_history_action ON taskforce_history (action_id, fid)",
    ];
}

/// <summary>
/// Migration 16: provisions are revised after entry. Each provision carries a version (1 as entered), and every text it
/// is revised away from is kept in the append-only <c>provision_revisions</c>, so the earlier texts stay readable.
/// </summary>
internal static class ProvisionRevisionSchema
{
    public const int Version = 16;

    public const string Name = "agreements register: provisions revised with a version check, their earlier texts kept";

    /// <summary>The table only appended to: each superseded text.</summary>
    public static readonly string[] AppendOnlyTables = ["provision_revisions"];

    public static string[] Statements(string autoKey) =>
    [
        "ALTER TABLE provisions ADD COLUMN version integer NOT NULL DEFAULT 1",
        $"""
        CREATE TABLE provision_revisions (
          fid {autoKey},
          agreement_id text NOT NULL,
          number text NOT NULL,
          version integer NOT NULL,
          body text NOT NULL,
          theme text NOT NULL,
          responsible text NOT NULL,
          deadline text NOT NULL,
          links text NOT NULL,
          revised_by text NOT NULL,
          revised_at text NOT NULL,
          UNIQUE (agreement_id, number, version),
          FOREIGN KEY (agreement_id, number) REFERENCES provisions(agreement_id, number))
        """,
    ];
}
