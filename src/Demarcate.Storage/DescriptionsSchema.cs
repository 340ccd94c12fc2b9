namespace Demarcate.Storage;

/// <summary>
/// Migration 5, boundary descriptions: each delegation's numbered versions of its description of a sector, with the
/// canonical text, its status and problems when saved, and the order of precedence between text, coordinates and map.
/// The same in both backends; only the trigger that keeps a saved text from being rewritten differs.
/// </summary>
internal static class DescriptionsSchema
{
    public const int Version = 5;

    public const string Name = "sector descriptions";

    public const string Table = """
        CREATE TABLE sector_descriptions (
          sector_id text NOT NULL REFERENCES sectors(sector_id),
          owner text NOT NULL REFERENCES parties(code),
          number integer NOT NULL,
          body text NOT NULL,
          status text NOT NULL CHECK (status IN ('Draft', 'Consistent')),
          problems text NOT NULL,
          precedence text NOT NULL,
          publication text NOT NULL CHECK (publication IN ('Draft', 'Submitted', 'Published')),
          version integer NOT NULL,
          authored_by text NOT NULL,
          authored_at text NOT NULL,
          submitted_at text,
          PRIMARY KEY (sector_id, owner, number))
        """;

    /// <summary>The columns of what was saved: they never change, only publication, version and submitted_at do.</summary>
    public const string SavedColumns = "sector_id, owner, number, body, status, problems, precedence, authored_by, authored_at";
}
