namespace Demarcate.Storage;

/// <summary>
/// Migration 9, humanitarian cases: each case's non-personal record with its wrapped data key, its personal fields
/// sealed one by one (never clear text), its status history, and exchanges with the cases they settled. The same in
/// both backends but for the names of column types.
/// </summary>
internal static class HumanitarianSchema
{
    public const int Version = 9;

    public const string Name = "humanitarian cases: sealed personal fields, wrapped case keys, status history, exchanges";

    /// <summary>Tables the application only appends to: the status history and the exchanges.</summary>
    public static readonly string[] AppendOnlyTables = ["humanitarian_history", "humanitarian_exchanges", "humanitarian_exchange_cases"];

    public static string[] Statements(string blob, string autoKey) =>
    [
        $"""
        CREATE TABLE humanitarian_cases (
          fid {autoKey},
          case_id text NOT NULL UNIQUE,
          kind text NOT NULL CHECK (kind IN ('PrisonerOfWar', 'Detainee', 'Remains')),
          party text NOT NULL REFERENCES parties(code),
          status text NOT NULL,
          reported_on text NOT NULL,
          key_id text NOT NULL,
          wrapped_key {blob},
          erased_at text,
          erased_by text,
          created_by text NOT NULL,
          created_at text NOT NULL,
          version integer NOT NULL,
          CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL)))
        """,
        $"""
        CREATE TABLE humanitarian_fields (
          fid {autoKey},
          case_id text NOT NULL REFERENCES humanitarian_cases(case_id),
          field text NOT NULL,
          sealed {blob} NOT NULL,
          UNIQUE (case_id, field))
        """,
        $"""
        CREATE TABLE humanitarian_history (
          fid {autoKey},
          case_id text NOT NULL REFERENCES humanitarian_cases(case_id),
          at text NOT NULL,
          actor text NOT NULL,
          status text NOT NULL,
          exchange_id text)
        """,
        "CREATE INDEX humanitarian_history_case ON humanitarian_history (case_id, fid)",
        $"""
        CREATE TABLE humanitarian_exchanges (
          fid {autoKey},
          exchange_id text NOT NULL UNIQUE,
          held_on text NOT NULL,
          place text NOT NULL,
          intermediary text NOT NULL,
          recorded_by text NOT NULL,
          recorded_at text NOT NULL)
        """,
        $"""
        CREATE TABLE humanitarian_exchange_cases (
          fid {autoKey},
          exchange_id text NOT NULL REFERENCES humanitarian_exchanges(exchange_id),
          case_id text NOT NULL REFERENCES humanitarian_cases(case_id),
          UNIQUE (exchange_id, case_id))
        """,
    ];
}
