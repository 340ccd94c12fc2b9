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
