namespace Demarcate.Storage;

/// <summary>
/// Migration 2, the commission's proceedings: proposals, sessions, decisions and documents with their
/// versions. The same in both backends but for the names of three column types. Lists (lines, sectors,
/// participants, agenda) are kept as canonical JSON text: they are read and written whole with their record.
/// </summary>
internal static class ProceedingsSchema
{
    public const string Name = "proposals, sessions, decisions, documents";

    /// <summary>Tables the application only appends to: decisions and document versions.</summary>
    public static readonly string[] AppendOnlyTables = ["decisions", "document_versions"];

    public static string[] Statements(string blob, string boolean, string bigint) =>
    [
        $"""
        CREATE TABLE proposals (
          proposal_id text PRIMARY KEY,
          position {bigint} NOT NULL UNIQUE,
          sector_id text NOT NULL REFERENCES sectors(sector_id),
          answers text REFERENCES proposals(proposal_id),
          owner text NOT NULL REFERENCES parties(code),
          title text NOT NULL,
          body text NOT NULL,
          line_ids text NOT NULL,
          geom_wkb {blob},
          publication text NOT NULL CHECK (publication IN ('Draft', 'Submitted', 'Published')),
          withdrawn {boolean} NOT NULL,
          version integer NOT NULL,
          proposed_by text NOT NULL,
          created_at text NOT NULL,
          submitted_at text)
        """,
        "CREATE INDEX proposals_sector ON proposals (sector_id, position)",
        """
        CREATE TABLE commission_sessions (
          session_id text PRIMARY KEY,
          held_on text NOT NULL,
          place text NOT NULL,
          status text NOT NULL CHECK (status IN ('Planned', 'Held')),
          participants text NOT NULL,
          agenda text NOT NULL,
          version integer NOT NULL,
          created_by text NOT NULL,
          created_at text NOT NULL)
        """,
        $"""
        CREATE TABLE decisions (
          decision_id text PRIMARY KEY,
          position {bigint} NOT NULL UNIQUE,
          session_id text NOT NULL REFERENCES commission_sessions(session_id),
          sector_ids text NOT NULL,
          proposal_id text REFERENCES proposals(proposal_id),
          body text NOT NULL,
          new_status text,
          decided_by text NOT NULL,
          decided_at text NOT NULL)
        """,
        """
        CREATE TABLE documents (
          document_id text PRIMARY KEY,
          kind text NOT NULL,
          title text NOT NULL,
          owner text NOT NULL REFERENCES parties(code),
          session_id text REFERENCES commission_sessions(session_id),
          sector_ids text NOT NULL,
          publication text NOT NULL CHECK (publication IN ('Draft', 'Submitted', 'Published')),
          version integer NOT NULL,
          created_by text NOT NULL,
          created_at text NOT NULL)
        """,
        $"""
        CREATE TABLE document_versions (
          document_id text NOT NULL REFERENCES documents(document_id),
          number integer NOT NULL,
          content_type text NOT NULL,
          content {blob} NOT NULL,
          length {bigint} NOT NULL,
          sha256 text NOT NULL,
          added_by text NOT NULL,
          added_at text NOT NULL,
          PRIMARY KEY (document_id, number))
        """,
    ];
}
