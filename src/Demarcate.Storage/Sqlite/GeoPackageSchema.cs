namespace Demarcate.Storage.Sqlite;

/// <summary>
/// The versioned migrations of the embedded store. Version 1 lays down the GeoPackage 1.3 core tables
/// and the commission's tables; later versions only ever add to it.
/// </summary>
internal static class GeoPackageSchema
{
    /// <summary>GeoPackage's application_id: the ASCII bytes "GPKG".</summary>
    public const int ApplicationId = 0x47504B47;

    /// <summary>GeoPackage 1.3.0.</summary>
    public const int UserVersion = 10300;

    public const int Wgs84 = 4326;

    /// <summary>A feature table's geometry column, with the R-tree index and its triggers the GeoPackage extension defines.</summary>
    public sealed record FeatureTable(string Table, string GeometryType, string Identifier, string Description);

    public static IReadOnlyList<FeatureTable> FeatureTables { get; } =
    [
        new("boundary_lines", "MULTILINESTRING", "Boundary lines", "Lines of each section: source lines, party claims, agreed lines"),
        new("sector_breaks", "POINT", "Sector break points", "Where one sector ends and the next begins (WGS 84)"),
        new("sectors", "MULTILINESTRING", "Sectors", "Sectors cut from the line in force, numbered in each section's direction"),
    ];

    public static IReadOnlyList<(int Version, string Name, string[] Statements)> Migrations { get; } =
    [
        (1, "GeoPackage core, commission, sections, sources, lines, sectors", Version1()),
        (2, ProceedingsSchema.Name, Version2()),
        (3, "commission CRS registry, cartographic source register", Version3()),
        (4, "georeferenced scans of sources", Version4()),
        (DescriptionsSchema.Version, DescriptionsSchema.Name, Version5()),
        (PillarSchema.Version, PillarSchema.Name, Version6()),
        (IncidentSchema.Version, IncidentSchema.Name, Version7()),
        (AgreementSchema.Version, AgreementSchema.Name, Version8()),
        (HumanitarianSchema.Version, HumanitarianSchema.Name, Version9()),
        (PillarPositionSchema.Version, PillarPositionSchema.Name, PillarPositionSchema.GeoPackage(Wgs84)),
        (PillarOwnershipSchema.Version, PillarOwnershipSchema.Name, PillarOwnershipSchema.GeoPackage(AppendOnly)),
        (WitnessMarkSchema.Version, WitnessMarkSchema.Name, Version13()),
        (ReferenceLayerSchema.Version, ReferenceLayerSchema.Name, Version14()),
        (ProvisionRevisionSchema.Version, ProvisionRevisionSchema.Name, Version16()),
    ];

    public static int CurrentVersion => Migrations[^1].Version;

    private const string Wgs84Definition =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]]," +
        "AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]," +
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST]," +
        "AUTHORITY[\"EPSG\",\"4326\"]]";

    private static string[] Version1()
    {
        var statements = new List<string>
        {
            """
            CREATE TABLE gpkg_spatial_ref_sys (
              srs_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL PRIMARY KEY,
              organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL,
              definition TEXT NOT NULL,
              description TEXT)
            """,
            $"""
            INSERT INTO gpkg_spatial_ref_sys VALUES
              ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{Wgs84Definition}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'),
              ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
              ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')
            """,
            """
            CREATE TABLE gpkg_contents (
              table_name TEXT NOT NULL PRIMARY KEY,
              data_type TEXT NOT NULL,
              identifier TEXT UNIQUE,
              description TEXT DEFAULT '',
              last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
              srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))
            """,
            """
            CREATE TABLE gpkg_geometry_columns (
              table_name TEXT NOT NULL,
              column_name TEXT NOT NULL,
              geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL,
              z TINYINT NOT NULL,
              m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT uk_gc_table_name UNIQUE (table_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))
            """,
            """
            CREATE TABLE gpkg_extensions (
              table_name TEXT,
              column_name TEXT,
              extension_name TEXT NOT NULL,
              definition TEXT NOT NULL,
              scope TEXT NOT NULL,
              CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
            """,
            """
            CREATE TABLE parties (
              code TEXT NOT NULL PRIMARY KEY,
              name TEXT NOT NULL,
              role TEXT NOT NULL CHECK (role IN ('State', 'Mediator')),
              position INTEGER NOT NULL)
            """,
            """
            CREATE TABLE commission (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              name TEXT NOT NULL,
              first_state TEXT NOT NULL REFERENCES parties(code),
              second_state TEXT NOT NULL REFERENCES parties(code),
              mediator TEXT NOT NULL REFERENCES parties(code),
              datum_transformation TEXT)
            """,
            """
            CREATE TABLE sections (
              fid INTEGER PRIMARY KEY AUTOINCREMENT,
              section_id TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              direction TEXT NOT NULL,
              party_on_left TEXT NOT NULL REFERENCES parties(code),
              party_on_right TEXT NOT NULL REFERENCES parties(code),
              sector_prefix TEXT NOT NULL UNIQUE,
              utm_zone INTEGER NOT NULL,
              designated_line_id TEXT,
              position INTEGER NOT NULL)
            """,
            """
            CREATE TABLE sources (
              fid INTEGER PRIMARY KEY AUTOINCREMENT,
              source_id TEXT NOT NULL UNIQUE,
              title TEXT NOT NULL,
              issuer TEXT NOT NULL,
              edition_year INTEGER,
              edition TEXT,
              scale_denominator INTEGER,
              stated_accuracy_m DOUBLE,
              crs TEXT NOT NULL,
              licence TEXT NOT NULL,
              attribution TEXT NOT NULL,
              provenance TEXT NOT NULL,
              is_published INTEGER NOT NULL)
            """,
            """
            CREATE TABLE boundary_lines (
              fid INTEGER PRIMARY KEY AUTOINCREMENT,
              line_id TEXT NOT NULL UNIQUE,
              section_id TEXT NOT NULL REFERENCES sections(section_id),
              kind TEXT NOT NULL CHECK (kind IN ('SourceLine', 'PartyClaim', 'AgreedLine')),
              name TEXT NOT NULL,
              source_id TEXT REFERENCES sources(source_id),
              claimed_by TEXT REFERENCES parties(code),
              version INTEGER NOT NULL,
              owner TEXT REFERENCES parties(code),
              publication TEXT NOT NULL CHECK (publication IN ('Draft', 'Submitted', 'Published')),
              geom MULTILINESTRING NOT NULL)
            """,
            """
            CREATE TABLE sector_breaks (
              fid INTEGER PRIMARY KEY AUTOINCREMENT,
              break_id TEXT NOT NULL UNIQUE,
              section_id TEXT NOT NULL REFERENCES sections(section_id),
              sequence INTEGER NOT NULL,
              geom POINT NOT NULL,
              UNIQUE (section_id, sequence))
            """,
            """
            CREATE TABLE sectors (
              fid INTEGER PRIMARY KEY AUTOINCREMENT,
              sector_id TEXT NOT NULL UNIQUE,
              section_id TEXT NOT NULL REFERENCES sections(section_id),
              number INTEGER NOT NULL,
              from_break TEXT REFERENCES sector_breaks(break_id),
              to_break TEXT REFERENCES sector_breaks(break_id),
              status TEXT NOT NULL,
              line_id TEXT REFERENCES boundary_lines(line_id),
              length_m DOUBLE NOT NULL,
              gap_length_m DOUBLE NOT NULL,
              is_published INTEGER NOT NULL,
              version INTEGER NOT NULL,
              geom MULTILINESTRING,
              UNIQUE (section_id, number))
            """,
            """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
              ('sections', 'attributes', 'Boundary sections', 'Sections of the boundary, their direction and the party on the left'),
              ('sources', 'attributes', 'Cartographic sources', 'Map editions and datasets the lines come from')
            """,
        };

        foreach (var table in FeatureTables)
        {
            statements.AddRange(SpatialTable(table));
        }

        statements.AddRange(TrustSchema.Statements(blob: "BLOB", boolean: "INTEGER", bigint: "INTEGER"));
        foreach (var table in new[] { "sector_versions", "sector_signatures", "journal", "journal_heads" })
        {
            // Signed versions and the journal are append-only; the application never updates or deletes them.
            statements.Add($"CREATE TRIGGER {table}_immutable_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END");
            statements.Add($"CREATE TRIGGER {table}_immutable_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END");
        }

        return [.. statements];
    }

    private static string[] Version2() =>
    [
        .. ProceedingsSchema.Statements(blob: "BLOB", boolean: "INTEGER", bigint: "INTEGER"),
        .. ProceedingsSchema.AppendOnlyTables.SelectMany(AppendOnly),
    ];

    /// <summary>Triggers that refuse every update and delete: what is signed or decided is never rewritten in place.</summary>
    private static string[] AppendOnly(string table) =>
    [
        $"CREATE TRIGGER {table}_immutable_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        $"CREATE TRIGGER {table}_immutable_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
    ];

    /// <summary>Provision revisions. Independent of the migrations after 8, so it applies in whatever order they arrive.</summary>
    private static string[] Version16() =>
    [
        .. ProvisionRevisionSchema.Statements(autoKey: "INTEGER PRIMARY KEY AUTOINCREMENT"),
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('provision_revisions', 'attributes', 'Provision revisions', 'Each earlier text of a revised provision of an agreement, with who replaced it and when')",
        .. ProvisionRevisionSchema.AppendOnlyTables.SelectMany(AppendOnly),
    ];

    /// <summary>The commission's own CRS definitions and the source register (sources' new fields, their files). Independent of version 2's tables, so either may be applied first.</summary>
    private static string[] Version3() =>
    [
        """
        CREATE TABLE crs_definitions (
          fid INTEGER PRIMARY KEY AUTOINCREMENT,
          code TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          format TEXT NOT NULL CHECK (format IN ('Proj', 'Wkt1', 'Wkt2')),
          definition TEXT NOT NULL,
          is_published INTEGER NOT NULL,
          added_by TEXT NOT NULL,
          added_at TEXT NOT NULL,
          version INTEGER NOT NULL)
        """,
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('crs_definitions', 'attributes', 'Commission CRS registry', 'Coordinate reference systems the commission defines, with their definitions as given')",
        "ALTER TABLE sources ADD COLUMN sheet_ids TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sources ADD COLUMN notes TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sources ADD COLUMN provided_by TEXT REFERENCES parties(code)",
        "ALTER TABLE sources ADD COLUMN publication TEXT NOT NULL DEFAULT 'Published' CHECK (publication IN ('Draft', 'Submitted', 'Published'))",
        "ALTER TABLE sources ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        // Before the register, an unpublished source was seen by commission members: that is "Submitted".
        "UPDATE sources SET publication = CASE WHEN is_published THEN 'Published' ELSE 'Submitted' END",
        """
        CREATE TABLE source_files (
          fid INTEGER PRIMARY KEY AUTOINCREMENT,
          source_id TEXT NOT NULL REFERENCES sources(source_id),
          name TEXT NOT NULL,
          content_type TEXT NOT NULL,
          sha256 BLOB NOT NULL,
          size_bytes INTEGER NOT NULL,
          content BLOB NOT NULL,
          added_by TEXT NOT NULL,
          added_at TEXT NOT NULL,
          UNIQUE (source_id, name))
        """,
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('source_files', 'attributes', 'Source files', 'Scans and digitised lines that came with each cartographic source')",
        // A source's files are evidence: once attached they never change (a corrected scan is a new file).
        "CREATE TRIGGER source_files_immutable_update BEFORE UPDATE ON source_files BEGIN SELECT RAISE(ABORT, 'source_files is append-only'); END",
        "CREATE TRIGGER source_files_immutable_delete BEFORE DELETE ON source_files BEGIN SELECT RAISE(ABORT, 'source_files is append-only'); END",
    ];

    /// <summary>Each fit of a source's scan to the map (control points, order, image size). Depends only on version 3's source_files.</summary>
    private static string[] Version4() =>
    [
        """
        CREATE TABLE source_scans (
          fid INTEGER PRIMARY KEY AUTOINCREMENT,
          source_id TEXT NOT NULL REFERENCES sources(source_id),
          number INTEGER NOT NULL,
          file_name TEXT NOT NULL,
          crs TEXT NOT NULL,
          fit_order INTEGER NOT NULL CHECK (fit_order IN (1, 2)),
          width INTEGER NOT NULL,
          height INTEGER NOT NULL,
          sheet TEXT,
          control_points TEXT NOT NULL,
          fitted_by TEXT NOT NULL,
          fitted_at TEXT NOT NULL,
          UNIQUE (source_id, number),
          FOREIGN KEY (source_id, file_name) REFERENCES source_files(source_id, name))
        """,
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('source_scans', 'attributes', 'Georeferenced scans', 'Ground control points and least-squares fits tying each scanned sheet to the map')",
        // A fit is the record of how a line digitised off the scan was placed: a better fit is a new row, never an edit.
        .. AppendOnly("source_scans"),
    ];

    /// <summary>Boundary descriptions per sector; a saved version's text and status are never rewritten, nor is a version deleted.</summary>
    private static string[] Version5() =>
    [
        DescriptionsSchema.Table,
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('sector_descriptions', 'attributes', 'Sector descriptions', 'Each delegation''s versions of the boundary description of a sector, in canonical text')",
        $"CREATE TRIGGER sector_descriptions_saved_update BEFORE UPDATE OF {DescriptionsSchema.SavedColumns} ON sector_descriptions BEGIN SELECT RAISE(ABORT, 'a saved description is never rewritten'); END",
        "CREATE TRIGGER sector_descriptions_immutable_delete BEFORE DELETE ON sector_descriptions BEGIN SELECT RAISE(ABORT, 'sector_descriptions is append-only'); END",
    ];

    /// <summary>The pillar register. Independent of versions 2–5, so it applies in whatever order they arrive.</summary>
    private static string[] Version6() =>
    [
        .. PillarSchema.Statements(blob: "BLOB", autoKey: "INTEGER PRIMARY KEY AUTOINCREMENT"),
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('pillars', 'attributes', 'Boundary pillars', 'The pillar register: planned and surveyed positions (WGS 84 degrees), type, status')",
        .. PillarSchema.AppendOnlyTables.SelectMany(AppendOnly),
    ];

    /// <summary>Witness marks of the pillars, an attributes table of the GeoPackage.</summary>
    private static string[] Version13() =>
    [
        .. WitnessMarkSchema.Statements(key: "INTEGER", autoKey: "INTEGER PRIMARY KEY AUTOINCREMENT", real: "DOUBLE"),
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('pillar_witness_marks', 'attributes', 'Witness marks', 'Marks beside each pillar to find it again: kind, true bearing (degrees) and horizontal distance (metres) from the pillar')",
    ];

    /// <summary>Border incidents. Independent of versions 2–6, so it applies in whatever order they arrive.</summary>
    private static string[] Version7() =>
    [
        .. IncidentSchema.Statements(blob: "BLOB", autoKey: "INTEGER PRIMARY KEY AUTOINCREMENT"),
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('incidents', 'attributes', 'Border incidents', 'Incident reports and merged incidents after ACLED''s codebook: date and time precision, position (WGS 84 degrees) and geo precision, type, sources, casualties, verification')",
        .. IncidentSchema.AppendOnlyTables.SelectMany(AppendOnly),
    ];

    /// <summary>
    /// The agreements register and the task force. Independent of versions 2–7, so it applies in whatever order they
    /// arrive; the actions' routes are a GeoPackage feature table with its R-tree, so GIS clients show them.
    /// </summary>
    private static string[] Version8() =>
    [
        .. AgreementSchema.Statements(autoKey: "INTEGER PRIMARY KEY AUTOINCREMENT", routeColumn: "geom LINESTRING NOT NULL"),
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('agreements', 'attributes', 'Agreements', 'Agreements and decisions with their provisions, and the assessments of how far each is implemented')",
        .. SpatialTable(TaskForceRoutes),
        .. AgreementSchema.AppendOnlyTables.SelectMany(AppendOnly),
    ];

    /// <summary>The task force's action routes: a feature table of its own, added by migration 8 (not by version 1).</summary>
    public static FeatureTable TaskForceRoutes => new("taskforce_actions", "LINESTRING", "Task-force routes", "Road and rail links the transport-links task force works to restore (WGS 84)");

    /// <summary>Humanitarian cases. Independent of versions 2–8, so it applies in whatever order they arrive.</summary>
    private static string[] Version9() =>
    [
        .. HumanitarianSchema.Statements(blob: "BLOB", autoKey: "INTEGER PRIMARY KEY AUTOINCREMENT"),
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('humanitarian_cases', 'attributes', 'Humanitarian cases', 'Prisoners of war, detainees and remains: status only; personal fields are sealed')",
        .. HumanitarianSchema.AppendOnlyTables.SelectMany(AppendOnly),
    ];

    /// <summary>Reference layers. Independent of versions 2–13, so it applies in whatever order they arrive.</summary>
    private static string[] Version14() =>
    [
        .. ReferenceLayerSchema.Statements(autoKey: "INTEGER PRIMARY KEY AUTOINCREMENT", geometryColumn: "geom GEOMETRY NOT NULL"),
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('reference_layers', 'attributes', 'Reference layers', 'The reference layers the commission keeps: name, kind, source, licence, the CRS each was received in')",
        .. SpatialTable(ReferenceFeatures),
    ];

    /// <summary>The reference layers' features: a feature table of its own, added by migration 14.</summary>
    public static FeatureTable ReferenceFeatures => new(ReferenceLayerSchema.FeatureTableName, "GEOMETRY", "Reference features", "Features of the commission's reference layers (settlements, roads, railways, rivers) on WGS 84; layer_id names the layer");

    private static string Quote(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    private static IEnumerable<string> SpatialTable(FeatureTable table)
    {
        var t = table.Table;
        const string c = "geom";
        const string i = "fid";
        yield return $"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('{t}', 'features', '{Quote(table.Identifier)}', '{Quote(table.Description)}', {Wgs84})";
        yield return $"INSERT INTO gpkg_geometry_columns VALUES ('{t}', '{c}', '{table.GeometryType}', {Wgs84}, 0, 0)";
        yield return $"INSERT INTO gpkg_extensions VALUES ('{t}', '{c}', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')";
        yield return $"CREATE VIRTUAL TABLE rtree_{t}_{c} USING rtree(id, minx, maxx, miny, maxy)";
        var values = $"NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})";
        yield return $"""
            CREATE TRIGGER rtree_{t}_{c}_insert AFTER INSERT ON {t}
              WHEN (new.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c}))
            BEGIN
              INSERT OR REPLACE INTO rtree_{t}_{c} VALUES ({values});
            END
            """;
        yield return $"""
            CREATE TRIGGER rtree_{t}_{c}_update1 AFTER UPDATE OF {c} ON {t}
              WHEN OLD.{i} = NEW.{i} AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
            BEGIN
              INSERT OR REPLACE INTO rtree_{t}_{c} VALUES ({values});
            END
            """;
        yield return $"""
            CREATE TRIGGER rtree_{t}_{c}_update2 AFTER UPDATE OF {c} ON {t}
              WHEN OLD.{i} = NEW.{i} AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
            BEGIN
              DELETE FROM rtree_{t}_{c} WHERE id = OLD.{i};
            END
            """;
        yield return $"""
            CREATE TRIGGER rtree_{t}_{c}_update3 AFTER UPDATE ON {t}
              WHEN OLD.{i} != NEW.{i} AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
            BEGIN
              DELETE FROM rtree_{t}_{c} WHERE id = OLD.{i};
              INSERT OR REPLACE INTO rtree_{t}_{c} VALUES ({values});
            END
            """;
        yield return $"""
            CREATE TRIGGER rtree_{t}_{c}_update4 AFTER UPDATE ON {t}
              WHEN OLD.{i} != NEW.{i} AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
            BEGIN
              DELETE FROM rtree_{t}_{c} WHERE id IN (OLD.{i}, NEW.{i});
            END
            """;
        yield return $"""
            CREATE TRIGGER rtree_{t}_{c}_delete AFTER DELETE ON {t}
              WHEN old.{c} NOT NULL
            BEGIN
              DELETE FROM rtree_{t}_{c} WHERE id = OLD.{i};
            END
            """;
    }
}
