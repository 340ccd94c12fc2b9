namespace Demarcate.Storage;

/// <summary>
/// Migration 7, border incidents: the incident records (reports and the incidents merging them), their sources, which
/// reports each merge holds, attachments, and the append-only history. The attribution columns (sector, distance, side,
/// reference line) stay empty until attribution writes them. Positions are latitude/longitude columns (WGS 84 degrees).
/// </summary>
internal static class IncidentSchema
{
    public const int Version = 7;

    public const string Name = "border incidents: records, sources, merges, attachments, history";

    /// <summary>Tables the application only appends to: attachments and the history.</summary>
    public static readonly string[] AppendOnlyTables = ["incident_attachments", "incident_history"];

    public static string[] Statements(string blob, string autoKey) =>
    [
        $"""
        CREATE TABLE incidents (
          fid {autoKey},
          incident_id text NOT NULL UNIQUE,
          event_date text NOT NULL,
          time_precision integer NOT NULL CHECK (time_precision IN (1, 2, 3)),
          date_from text NOT NULL,
          date_to text NOT NULL,
          incident_type text NOT NULL CHECK (incident_type IN ('ArmedClash', 'ShellingArtilleryMissile', 'AirDroneStrike', 'RemoteExplosiveLandmineIed',
            'SniperFire', 'Incursion', 'DetentionAbduction', 'ConstructionOfFortifications', 'DamageToCivilianProperty')),
          latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
          longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
          geo_precision integer NOT NULL CHECK (geo_precision IN (1, 2, 3)),
          place text NOT NULL,
          region text NOT NULL,
          actor1 text NOT NULL,
          actor2 text NOT NULL,
          reporting_party text REFERENCES parties(code),
          fatalities integer CHECK (fatalities >= 0),
          injuries integer CHECK (injuries >= 0),
          verification text NOT NULL CHECK (verification IN ('Reported', 'Corroborated', 'VerifiedByMonitor', 'Disputed')),
          notes text NOT NULL,
          publication text NOT NULL CHECK (publication IN ('Draft', 'Submitted', 'Published')),
          merged_into text,
          version integer NOT NULL,
          sector_id text,
          distance_m double precision,
          side_party text,
          reference_line_id text,
          attributed_at text,
          created_by text NOT NULL,
          created_at text NOT NULL)
        """,
        "CREATE INDEX incidents_period ON incidents (date_from, date_to)",
        "CREATE INDEX incidents_sector ON incidents (sector_id)",
        $"""
        CREATE TABLE incident_sources (
          fid {autoKey},
          incident_id text NOT NULL REFERENCES incidents(incident_id),
          position integer NOT NULL,
          name text NOT NULL,
          reference text NOT NULL,
          party text,
          fatalities integer,
          injuries integer,
          UNIQUE (incident_id, position))
        """,
        "CREATE INDEX incident_sources_reference ON incident_sources (reference)",
        $"""
        CREATE TABLE incident_merges (
          fid {autoKey},
          merged_id text NOT NULL REFERENCES incidents(incident_id),
          report_id text NOT NULL REFERENCES incidents(incident_id),
          position integer NOT NULL,
          UNIQUE (report_id))
        """,
        $"""
        CREATE TABLE incident_attachments (
          fid {autoKey},
          incident_id text NOT NULL,
          name text NOT NULL,
          content_type text NOT NULL,
          content {blob} NOT NULL,
          added_by text NOT NULL,
          added_at text NOT NULL,
          UNIQUE (incident_id, name))
        """,
        $"""
        CREATE TABLE incident_history (
          fid {autoKey},
          incident_id text NOT NULL,
          at text NOT NULL,
          actor text NOT NULL,
          action text NOT NULL,
          snapshot text NOT NULL)
        """,
        "CREATE INDEX incident_history_incident ON incident_history (incident_id, fid)",
    ];
}
