namespace Demarcate.Storage.Postgres;

/// <summary>The versioned migrations of the PostgreSQL/PostGIS store, in step with the GeoPackage schema.</summary>
internal static class PostgresSchema
{
    /// <summary>Tables the application only ever appends to: signed sector versions and the journal.</summary>
    public static readonly string[] AppendOnlyTables = ["sector_versions", "sector_signatures", "journal", "journal_heads"];

    public static IReadOnlyList<(int Version, string Name, string[] Statements)> Migrations { get; } =
    [
        (1, "commission, sections, sources, lines, sectors", Version1()),
        (2, ProceedingsSchema.Name, Version2()),
        (3, "commission CRS registry, cartographic source register", Version3()),
        (4, "georeferenced scans of sources", Version4()),
        (DescriptionsSchema.Version, DescriptionsSchema.Name, Version5()),
        (PillarSchema.Version, PillarSchema.Name, Version6()),
        (IncidentSchema.Version, IncidentSchema.Name, Version7()),
        (AgreementSchema.Version, AgreementSchema.Name, Version8()),
        (HumanitarianSchema.Version, HumanitarianSchema.Name, Version9()),
        (PillarPositionSchema.Version, PillarPositionSchema.Name, PillarPositionSchema.Postgres()),
        (PillarOwnershipSchema.Version, PillarOwnershipSchema.Name, PillarOwnershipSchema.Postgres()),
        (WitnessMarkSchema.Version, WitnessMarkSchema.Name, [.. WitnessMarkSchema.Statements(key: "bigint", autoKey: "bigserial PRIMARY KEY", real: "double precision")]),
        (ReferenceLayerSchema.Version, ReferenceLayerSchema.Name, ReferenceLayerSchema.Postgres()),
        (ProvisionRevisionSchema.Version, ProvisionRevisionSchema.Name, Version16()),
    ];

    public static int CurrentVersion => Migrations[^1].Version;

    private static string[] Version2() =>
    [
        .. ProceedingsSchema.Statements(blob: "bytea", boolean: "boolean", bigint: "bigint"),
        .. ProceedingsSchema.AppendOnlyTables
            .Select(t => $"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION demarcate_append_only()"),
    ];

    /// <summary>Provision revisions. Independent of the migrations after 8, so it applies in whatever order they arrive.</summary>
    private static string[] Version16() =>
    [
        .. ProvisionRevisionSchema.Statements(autoKey: "bigserial PRIMARY KEY"),
        .. ProvisionRevisionSchema.AppendOnlyTables
            .Select(t => $"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION demarcate_append_only()"),
    ];

    /// <summary>The pillar register. Independent of versions 2–5, so it applies in whatever order they arrive.</summary>
    private static string[] Version6() =>
    [
        .. PillarSchema.Statements(blob: "bytea", autoKey: "bigserial PRIMARY KEY"),
        .. PillarSchema.AppendOnlyTables
            .Select(t => $"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION demarcate_append_only()"),
    ];

    /// <summary>Border incidents. Independent of versions 2–6, so it applies in whatever order they arrive.</summary>
    private static string[] Version7() =>
    [
        .. IncidentSchema.Statements(blob: "bytea", autoKey: "bigserial PRIMARY KEY"),
        .. IncidentSchema.AppendOnlyTables
            .Select(t => $"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION demarcate_append_only()"),
    ];

    /// <summary>The agreements register and the task force. Independent of versions 2–7, so it applies in whatever order they arrive.</summary>
    private static string[] Version8() =>
    [
        .. AgreementSchema.Statements(autoKey: "bigserial PRIMARY KEY", routeColumn: "geom geometry(LineString, 4326) NOT NULL"),
        "CREATE INDEX taskforce_actions_geom ON taskforce_actions USING gist (geom)",
        .. AgreementSchema.AppendOnlyTables
            .Select(t => $"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION demarcate_append_only()"),
    ];

    /// <summary>Humanitarian cases. Independent of versions 2–8, so it applies in whatever order they arrive.</summary>
    private static string[] Version9() =>
    [
        .. HumanitarianSchema.Statements(blob: "bytea", autoKey: "bigserial PRIMARY KEY"),
        .. HumanitarianSchema.AppendOnlyTables
            .Select(t => $"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION demarcate_append_only()"),
    ];

    private static string[] Version1() =>
    [
        "CREATE EXTENSION IF NOT EXISTS postgis",
        """
        CREATE TABLE parties (
          code text PRIMARY KEY,
          name text NOT NULL,
          role text NOT NULL CHECK (role IN ('State', 'Mediator')),
          position integer NOT NULL)
        """,
        """
        CREATE TABLE commission (
          id integer PRIMARY KEY CHECK (id = 1),
          name text NOT NULL,
          first_state text NOT NULL REFERENCES parties(code),
          second_state text NOT NULL REFERENCES parties(code),
          mediator text NOT NULL REFERENCES parties(code),
          datum_transformation text)
        """,
        """
        CREATE TABLE sections (
          fid bigserial PRIMARY KEY,
          section_id text NOT NULL UNIQUE,
          name text NOT NULL,
          direction text NOT NULL,
          party_on_left text NOT NULL REFERENCES parties(code),
          party_on_right text NOT NULL REFERENCES parties(code),
          sector_prefix text NOT NULL UNIQUE,
          utm_zone integer NOT NULL,
          designated_line_id text,
          position integer NOT NULL)
        """,
        """
        CREATE TABLE sources (
          fid bigserial PRIMARY KEY,
          source_id text NOT NULL UNIQUE,
          title text NOT NULL,
          issuer text NOT NULL,
          edition_year integer,
          edition text,
          scale_denominator integer,
          stated_accuracy_m double precision,
          crs text NOT NULL,
          licence text NOT NULL,
          attribution text NOT NULL,
          provenance text NOT NULL,
          is_published boolean NOT NULL)
        """,
        """
        CREATE TABLE boundary_lines (
          fid bigserial PRIMARY KEY,
          line_id text NOT NULL UNIQUE,
          section_id text NOT NULL REFERENCES sections(section_id),
          kind text NOT NULL CHECK (kind IN ('SourceLine', 'PartyClaim', 'AgreedLine')),
          name text NOT NULL,
          source_id text REFERENCES sources(source_id),
          claimed_by text REFERENCES parties(code),
          version integer NOT NULL,
          owner text REFERENCES parties(code),
          publication text NOT NULL CHECK (publication IN ('Draft', 'Submitted', 'Published')),
          geom geometry(MultiLineString, 4326) NOT NULL)
        """,
        "CREATE INDEX boundary_lines_geom ON boundary_lines USING gist (geom)",
        """
        CREATE TABLE sector_breaks (
          fid bigserial PRIMARY KEY,
          break_id text NOT NULL UNIQUE,
          section_id text NOT NULL REFERENCES sections(section_id),
          sequence integer NOT NULL,
          geom geometry(Point, 4326) NOT NULL,
          UNIQUE (section_id, sequence))
        """,
        "CREATE INDEX sector_breaks_geom ON sector_breaks USING gist (geom)",
        """
        CREATE TABLE sectors (
          fid bigserial PRIMARY KEY,
          sector_id text NOT NULL UNIQUE,
          section_id text NOT NULL REFERENCES sections(section_id),
          number integer NOT NULL,
          from_break text REFERENCES sector_breaks(break_id),
          to_break text REFERENCES sector_breaks(break_id),
          status text NOT NULL,
          line_id text REFERENCES boundary_lines(line_id),
          length_m double precision NOT NULL,
          gap_length_m double precision NOT NULL,
          is_published boolean NOT NULL,
          version integer NOT NULL,
          geom geometry(MultiLineString, 4326),
          UNIQUE (section_id, number))
        """,
        "CREATE INDEX sectors_geom ON sectors USING gist (geom)",
        .. TrustSchema.Statements(blob: "bytea", boolean: "boolean", bigint: "bigint"),
        """
        CREATE FUNCTION demarcate_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END $$
        """,
        .. AppendOnlyTables
            .Select(t => $"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION demarcate_append_only()"),
    ];

    /// <summary>The commission's own CRS definitions and the source register (sources' new fields, their files). Independent of version 2's tables, so either may be applied first.</summary>
    private static string[] Version3() =>
    [
        """
        CREATE TABLE crs_definitions (
          fid bigserial PRIMARY KEY,
          code text NOT NULL UNIQUE,
          name text NOT NULL,
          format text NOT NULL CHECK (format IN ('Proj', 'Wkt1', 'Wkt2')),
          definition text NOT NULL,
          is_published boolean NOT NULL,
          added_by text NOT NULL,
          added_at text NOT NULL,
          version integer NOT NULL)
        """,
        "ALTER TABLE sources ADD COLUMN sheet_ids text NOT NULL DEFAULT ''",
        "ALTER TABLE sources ADD COLUMN notes text NOT NULL DEFAULT ''",
        "ALTER TABLE sources ADD COLUMN provided_by text REFERENCES parties(code)",
        "ALTER TABLE sources ADD COLUMN publication text NOT NULL DEFAULT 'Published' CHECK (publication IN ('Draft', 'Submitted', 'Published'))",
        "ALTER TABLE sources ADD COLUMN version integer NOT NULL DEFAULT 1",
        // Before the register, an unpublished source was seen by commission members: that is "Submitted".
        "UPDATE sources SET publication = CASE WHEN is_published THEN 'Published' ELSE 'Submitted' END",
        """
        CREATE TABLE source_files (
          fid bigserial PRIMARY KEY,
          source_id text NOT NULL REFERENCES sources(source_id),
          name text NOT NULL,
          content_type text NOT NULL,
          sha256 bytea NOT NULL,
          size_bytes bigint NOT NULL,
          content bytea NOT NULL,
          added_by text NOT NULL,
          added_at text NOT NULL,
          UNIQUE (source_id, name))
        """,
        // A source's files are evidence: once attached they never change (a corrected scan is a new file).
        "CREATE TRIGGER source_files_append_only BEFORE UPDATE OR DELETE ON source_files FOR EACH ROW EXECUTE FUNCTION demarcate_append_only()",
    ];

    /// <summary>Each fit of a source's scan to the map (control points, order, image size). Depends only on version 3's source_files.</summary>
    private static string[] Version4() =>
    [
        """
        CREATE TABLE source_scans (
          fid bigserial PRIMARY KEY,
          source_id text NOT NULL REFERENCES sources(source_id),
          number integer NOT NULL,
          file_name text NOT NULL,
          crs text NOT NULL,
          fit_order integer NOT NULL CHECK (fit_order IN (1, 2)),
          width integer NOT NULL,
          height integer NOT NULL,
          sheet text,
          control_points text NOT NULL,
          fitted_by text NOT NULL,
          fitted_at text NOT NULL,
          UNIQUE (source_id, number),
          FOREIGN KEY (source_id, file_name) REFERENCES source_files(source_id, name))
        """,
        // A fit is the record of how a line digitised off the scan was placed: a better fit is a new row, never an edit.
        "CREATE TRIGGER source_scans_append_only BEFORE UPDATE OR DELETE ON source_scans FOR EACH ROW EXECUTE FUNCTION demarcate_append_only()",
    ];

    /// <summary>Boundary descriptions per sector; a saved version's text and status are never rewritten, nor is a version deleted.</summary>
    private static string[] Version5() =>
    [
        DescriptionsSchema.Table,
        $"""
        CREATE FUNCTION demarcate_description_saved() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' OR ROW(NEW.{DescriptionsSchema.SavedColumns.Replace(", ", ", NEW.", StringComparison.Ordinal)}) IS DISTINCT FROM ROW(OLD.{DescriptionsSchema.SavedColumns.Replace(", ", ", OLD.", StringComparison.Ordinal)}) THEN
            RAISE EXCEPTION 'a saved description is never rewritten';
          END IF;
          RETURN NEW;
        END $$
        """,
        "CREATE TRIGGER sector_descriptions_saved BEFORE UPDATE OR DELETE ON sector_descriptions FOR EACH ROW EXECUTE FUNCTION demarcate_description_saved()",
    ];
}
