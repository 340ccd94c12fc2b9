namespace Demarcate.Storage;

/// <summary>
/// Migration 6, the pillar register: pillars with planned and surveyed positions and status, inspections with
/// their photos, and each pillar's append-only history. The same in both backends but for the names of column types.
/// Positions are latitude/longitude columns (WGS 84 degrees), read by any tool without a geometry extension.
/// </summary>
internal static class PillarSchema
{
    public const int Version = 6;

    public const string Name = "pillar register: pillars, inspections, photos, history";

    /// <summary>Tables the application only appends to: what an inspection found, its photos, and the history.</summary>
    public static readonly string[] AppendOnlyTables = ["pillar_inspections", "pillar_photos", "pillar_history"];

    public static string[] Statements(string blob, string autoKey) =>
    [
        $"""
        CREATE TABLE pillars (
          fid {autoKey},
          number text NOT NULL UNIQUE,
          sector_id text NOT NULL REFERENCES sectors(sector_id),
          pillar_type text NOT NULL CHECK (pillar_type IN ('Primary', 'Secondary', 'Intermediate', 'Reference')),
          reason text NOT NULL,
          chainage_m double precision NOT NULL,
          feature text,
          planned_lat double precision NOT NULL,
          planned_lon double precision NOT NULL,
          planned_height double precision,
          status text NOT NULL CHECK (status IN ('Planned', 'Emplaced', 'Verified', 'Damaged', 'Missing', 'Relocated')),
          surveyed_lat double precision,
          surveyed_lon double precision,
          surveyed_height double precision,
          height_system text,
          survey_frame text,
          survey_epoch double precision,
          survey_method text,
          survey_accuracy_m double precision,
          surveyed_on text,
          survey text,
          owner text REFERENCES parties(code),
          publication text NOT NULL CHECK (publication IN ('Draft', 'Submitted', 'Published')),
          version integer NOT NULL,
          CHECK ((surveyed_lat IS NULL) = (survey_frame IS NULL) AND (surveyed_lat IS NULL) = (survey_epoch IS NULL)))
        """,
        "CREATE INDEX pillars_sector ON pillars (sector_id)",
        $"""
        CREATE TABLE pillar_inspections (
          fid {autoKey},
          inspection_id text NOT NULL UNIQUE,
          number text NOT NULL REFERENCES pillars(number),
          inspected_on text NOT NULL,
          found text NOT NULL,
          notes text NOT NULL,
          inspector text NOT NULL,
          added_at text NOT NULL)
        """,
        $"""
        CREATE TABLE pillar_photos (
          fid {autoKey},
          inspection_id text NOT NULL REFERENCES pillar_inspections(inspection_id),
          name text NOT NULL,
          content_type text NOT NULL,
          content {blob} NOT NULL,
          UNIQUE (inspection_id, name))
        """,
        $"""
        CREATE TABLE pillar_history (
          fid {autoKey},
          number text NOT NULL REFERENCES pillars(number),
          at text NOT NULL,
          actor text NOT NULL,
          action text NOT NULL,
          snapshot text NOT NULL)
        """,
        "CREATE INDEX pillar_history_number ON pillar_history (number, fid)",
    ];
}

/// <summary>
/// Migration 11: each pillar's planned position also as a point geometry column <c>geom</c> (WGS 84), so the
/// pillars table is a feature layer that QGIS and GDAL open (GeoPackage: registered in gpkg_geometry_columns;
/// PostGIS: geometry(Point, 4326)). Written with the pillar; the planned position never changes afterwards.
/// </summary>
internal static class PillarPositionSchema
{
    public const int Version = 11;

    public const string Name = "pillar register: planned positions as a point geometry column";

    /// <summary>The SQLite function that builds a GeoPackage point blob from longitude and latitude, for filling in the pillars already registered.</summary>
    public const string GeoPackagePointFunction = "demarcate_gpkg_point";

    public static string[] GeoPackage(int wgs84) =>
    [
        "ALTER TABLE pillars ADD COLUMN geom POINT",
        $"UPDATE pillars SET geom = {GeoPackagePointFunction}(planned_lon, planned_lat)",
        $"UPDATE gpkg_contents SET data_type = 'features', srs_id = {wgs84}, description = 'The pillar register: planned positions (geom, WGS 84), surveyed positions (WGS 84 degrees), type, status' WHERE table_name = 'pillars'",
        $"INSERT INTO gpkg_geometry_columns VALUES ('pillars', 'geom', 'POINT', {wgs84}, 0, 0)",
    ];

    public static string[] Postgres() =>
    [
        "ALTER TABLE pillars ADD COLUMN geom geometry(Point, 4326)",
        "UPDATE pillars SET geom = ST_SetSRID(ST_MakePoint(planned_lon, planned_lat), 4326)",
        "CREATE INDEX pillars_geom ON pillars USING gist (geom)",
    ];
}

/// <summary>
/// Migration 12: a pillar number is unique per delegation among drafts and unique among submitted and published
/// pillars, no longer across the whole register (which let one delegation learn of another's hidden draft by being
/// refused its number). Inspections and history rows name their pillar by its surrogate key <c>pillar_fid</c>, since a
/// number alone may now stand for a delegation's draft and a submitted pillar at once; they keep the number as written.
/// </summary>
internal static class PillarOwnershipSchema
{
    public const int Version = 12;

    public const string Name = "pillar register: numbers unique per delegation's draft and among submitted pillars; rows keyed by pillar";

    /// <summary>The two unique indexes that replace the register-wide unique number, the same in both backends.</summary>
    private static readonly string[] NumberIndexes =
    [
        "CREATE UNIQUE INDEX pillars_draft_number ON pillars (coalesce(owner, ''), number) WHERE publication = 'Draft'",
        "CREATE UNIQUE INDEX pillars_shown_number ON pillars (number) WHERE publication <> 'Draft'",
        "CREATE INDEX pillars_number ON pillars (number)",
    ];

    private const string PillarColumns =
        "fid, number, sector_id, pillar_type, reason, chainage_m, feature, planned_lat, planned_lon, planned_height, status, surveyed_lat, surveyed_lon, surveyed_height, " +
        "height_system, survey_frame, survey_epoch, survey_method, survey_accuracy_m, surveyed_on, survey, owner, publication, version, geom";

    /// <summary>
    /// SQLite cannot drop a column's UNIQUE or REFERENCES clause, so the four tables are rebuilt (SQLite's documented
    /// procedure: new table, copy, drop the old, rename). Children are dropped before their parents so no foreign key is
    /// left dangling; fids are copied, so the geometry registration and every photo still point at the same rows.
    /// </summary>
    public static string[] GeoPackage(Func<string, string[]> appendOnly) =>
    [
        """
        CREATE TABLE pillars_v12 (
          fid INTEGER PRIMARY KEY AUTOINCREMENT,
          number TEXT NOT NULL,
          sector_id TEXT NOT NULL REFERENCES sectors(sector_id),
          pillar_type TEXT NOT NULL CHECK (pillar_type IN ('Primary', 'Secondary', 'Intermediate', 'Reference')),
          reason TEXT NOT NULL,
          chainage_m DOUBLE NOT NULL,
          feature TEXT,
          planned_lat DOUBLE NOT NULL,
          planned_lon DOUBLE NOT NULL,
          planned_height DOUBLE,
          status TEXT NOT NULL CHECK (status IN ('Planned', 'Emplaced', 'Verified', 'Damaged', 'Missing', 'Relocated')),
          surveyed_lat DOUBLE,
          surveyed_lon DOUBLE,
          surveyed_height DOUBLE,
          height_system TEXT,
          survey_frame TEXT,
          survey_epoch DOUBLE,
          survey_method TEXT,
          survey_accuracy_m DOUBLE,
          surveyed_on TEXT,
          survey TEXT,
          owner TEXT REFERENCES parties(code),
          publication TEXT NOT NULL CHECK (publication IN ('Draft', 'Submitted', 'Published')),
          version INTEGER NOT NULL,
          geom POINT,
          CHECK ((surveyed_lat IS NULL) = (survey_frame IS NULL) AND (surveyed_lat IS NULL) = (survey_epoch IS NULL)))
        """,
        $"INSERT INTO pillars_v12 ({PillarColumns}) SELECT {PillarColumns} FROM pillars",
        """
        CREATE TABLE pillar_inspections_v12 (
          fid INTEGER PRIMARY KEY AUTOINCREMENT,
          inspection_id TEXT NOT NULL UNIQUE,
          pillar_fid INTEGER NOT NULL REFERENCES pillars(fid),
          number TEXT NOT NULL,
          inspected_on TEXT NOT NULL,
          found TEXT NOT NULL,
          notes TEXT NOT NULL,
          inspector TEXT NOT NULL,
          added_at TEXT NOT NULL)
        """,
        """
        INSERT INTO pillar_inspections_v12 (fid, inspection_id, pillar_fid, number, inspected_on, found, notes, inspector, added_at)
          SELECT i.fid, i.inspection_id, p.fid, i.number, i.inspected_on, i.found, i.notes, i.inspector, i.added_at FROM pillar_inspections i JOIN pillars p ON p.number = i.number
        """,
        """
        CREATE TABLE pillar_photos_v12 (
          fid INTEGER PRIMARY KEY AUTOINCREMENT,
          inspection_id TEXT NOT NULL REFERENCES pillar_inspections(inspection_id),
          name TEXT NOT NULL,
          content_type TEXT NOT NULL,
          content BLOB NOT NULL,
          UNIQUE (inspection_id, name))
        """,
        "INSERT INTO pillar_photos_v12 (fid, inspection_id, name, content_type, content) SELECT fid, inspection_id, name, content_type, content FROM pillar_photos",
        """
        CREATE TABLE pillar_history_v12 (
          fid INTEGER PRIMARY KEY AUTOINCREMENT,
          pillar_fid INTEGER NOT NULL REFERENCES pillars(fid),
          number TEXT NOT NULL,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          snapshot TEXT NOT NULL)
        """,
        """
        INSERT INTO pillar_history_v12 (fid, pillar_fid, number, at, actor, action, snapshot)
          SELECT h.fid, p.fid, h.number, h.at, h.actor, h.action, h.snapshot FROM pillar_history h JOIN pillars p ON p.number = h.number
        """,
        "DROP TABLE pillar_photos",
        "DROP TABLE pillar_history",
        "DROP TABLE pillar_inspections",
        "DROP TABLE pillars",
        "ALTER TABLE pillars_v12 RENAME TO pillars",
        "ALTER TABLE pillar_inspections_v12 RENAME TO pillar_inspections",
        "ALTER TABLE pillar_photos_v12 RENAME TO pillar_photos",
        "ALTER TABLE pillar_history_v12 RENAME TO pillar_history",
        "CREATE INDEX pillars_sector ON pillars (sector_id)",
        .. NumberIndexes,
        "CREATE INDEX pillar_inspections_pillar ON pillar_inspections (pillar_fid)",
        "CREATE INDEX pillar_history_pillar ON pillar_history (pillar_fid, fid)",
        .. PillarSchema.AppendOnlyTables.SelectMany(appendOnly),
    ];

    /// <summary>PostgreSQL drops the constraints in place; filling in the new key briefly lifts the append-only triggers, inside the migration's transaction.</summary>
    public static string[] Postgres() =>
    [
        "ALTER TABLE pillar_inspections ADD COLUMN pillar_fid bigint REFERENCES pillars(fid)",
        "ALTER TABLE pillar_history ADD COLUMN pillar_fid bigint REFERENCES pillars(fid)",
        "ALTER TABLE pillar_inspections DISABLE TRIGGER pillar_inspections_append_only",
        "ALTER TABLE pillar_history DISABLE TRIGGER pillar_history_append_only",
        "UPDATE pillar_inspections i SET pillar_fid = p.fid FROM pillars p WHERE p.number = i.number",
        "UPDATE pillar_history h SET pillar_fid = p.fid FROM pillars p WHERE p.number = h.number",
        "ALTER TABLE pillar_inspections ENABLE TRIGGER pillar_inspections_append_only",
        "ALTER TABLE pillar_history ENABLE TRIGGER pillar_history_append_only",
        "ALTER TABLE pillar_inspections ALTER COLUMN pillar_fid SET NOT NULL",
        "ALTER TABLE pillar_history ALTER COLUMN pillar_fid SET NOT NULL",
        "ALTER TABLE pillar_inspections DROP CONSTRAINT pillar_inspections_number_fkey",
        "ALTER TABLE pillar_history DROP CONSTRAINT pillar_history_number_fkey",
        "ALTER TABLE pillars DROP CONSTRAINT pillars_number_key",
        .. NumberIndexes,
        "CREATE INDEX pillar_inspections_pillar ON pillar_inspections (pillar_fid)",
        "CREATE INDEX pillar_history_pillar ON pillar_history (pillar_fid, fid)",
    ];
}

/// <summary>
/// Migration 13: each pillar's witness marks (the marks set beside it so it can be found or set again), keyed by
/// <c>pillar_fid</c>. The marks are versioned with their pillar: recording them replaces the pillar's set, raises the
/// pillar's version and appends a history row with the marks as they became, so the history keeps every earlier set.
/// The bearing is from true north; a grid or magnetic bearing keeps its kind and the correction applied.
/// </summary>
internal static class WitnessMarkSchema
{
    public const int Version = 13;

    public const string Name = "pillar register: witness marks";

    public static string[] Statements(string autoKey, string key, string real) =>
    [
        $"""
        CREATE TABLE pillar_witness_marks (
          fid {autoKey},
          pillar_fid {key} NOT NULL REFERENCES pillars(fid),
          number text NOT NULL,
          mark_number integer NOT NULL CHECK (mark_number >= 1),
          kind text NOT NULL,
          description text NOT NULL,
          bearing_deg {real} NOT NULL CHECK (bearing_deg >= 0 AND bearing_deg < 360),
          measured_from text NOT NULL CHECK (measured_from IN ('True', 'Grid', 'Magnetic')),
          correction_deg {real} NOT NULL,
          distance_m {real} NOT NULL CHECK (distance_m > 0),
          slope_distance_m {real},
          height_difference_m {real},
          surveyed_lat {real},
          surveyed_lon {real},
          UNIQUE (pillar_fid, mark_number),
          CHECK ((surveyed_lat IS NULL) = (surveyed_lon IS NULL)))
        """,
    ];
}
