namespace Demarcate.Storage;

/// <summary>
/// Migration 14, reference layers: the layers the commission keeps beside its record (settlements, roads, railways,
/// rivers) and their features. The features are one feature table with a geometry column <c>geom</c> of any type on
/// WGS 84 (GeoPackage: registered in gpkg_geometry_columns with its R-tree; PostGIS: geometry(Geometry, 4326) with GiST).
/// </summary>
internal static class ReferenceLayerSchema
{
    public const int Version = 14;

    public const string Name = "reference layers: settlements, roads, railways, rivers and their features";

    public static string[] Statements(string autoKey, string geometryColumn) =>
    [
        $"""
        CREATE TABLE reference_layers (
          fid {autoKey},
          layer_id text NOT NULL UNIQUE,
          title text NOT NULL,
          kind text NOT NULL CHECK (kind IN ('Settlements', 'Roads', 'Railways', 'Rivers', 'Other')),
          source text NOT NULL,
          licence text NOT NULL,
          received_crs text NOT NULL,
          feature_count integer NOT NULL,
          loaded_by text NOT NULL,
          loaded_at text NOT NULL,
          version integer NOT NULL)
        """,
        $"""
        CREATE TABLE reference_features (
          fid {autoKey},
          layer_id text NOT NULL REFERENCES reference_layers(layer_id),
          position integer NOT NULL,
          feature_id text NOT NULL,
          name text NOT NULL,
          properties text NOT NULL,
          {geometryColumn},
          UNIQUE (layer_id, position),
          UNIQUE (layer_id, feature_id))
        """,
    ];

    /// <summary>The GeoPackage's registration of the features table (its R-tree comes with it).</summary>
    public const string FeatureTableName = "reference_features";

    public static string[] Postgres() =>
    [
        .. Statements("bigserial PRIMARY KEY", "geom geometry(Geometry, 4326) NOT NULL"),
        "CREATE INDEX reference_features_geom ON reference_features USING gist (geom)",
    ];
}
