using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Exchange;

/// <summary>How an attribute is written in every exchange format: text, a whole number, a real number or a yes/no.</summary>
public enum FieldType
{
    Text,
    WholeNumber,
    RealNumber,
    Flag,
}

/// <summary>One attribute of a dataset layer: a GeoPackage column, a GeoJSON property, a CSV column, a KML data item.</summary>
/// <param name="Required">A record cannot be rebuilt without it.</param>
public sealed record ExchangeField(string Name, FieldType Type, bool Required = false);

/// <summary>
/// One kind of record in a dataset exchange file (sections, sources, lines, break points, sectors …): its layer name,
/// the geometry its features carry (none for attribute-only records) and its attributes, the first being its id.
/// </summary>
/// <param name="GeometryType">The GeoPackage geometry type name (MULTILINESTRING, POINT), or null for a table without geometry.</param>
/// <remarks>Immutable.</remarks>
public sealed record LayerSchema(string Name, string Title, string? GeometryType, IReadOnlyList<ExchangeField> Fields)
{
    /// <summary>The attribute that identifies a record of the layer.</summary>
    public ExchangeField IdField => Fields[0];

    public bool HasGeometry => GeometryType is not null;

    /// <summary>
    /// The field a column of another tool's file stands for: the same name (any case), or the name cut to the ten
    /// characters a shapefile's DBF keeps (ogr2ogr writes <c>publication</c> as <c>publicatio</c>).
    /// </summary>
    public ExchangeField? FieldFor(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Fields.FirstOrDefault(f => string.Equals(f.Name, column, StringComparison.OrdinalIgnoreCase))
            ?? Fields.FirstOrDefault(f => f.Name.Length > 10 && string.Equals(f.Name[..10], column, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// The layers of the commission's exchange dataset, in the order they are written and must be read back (a line names
/// its section and source, a sector its break points and line). Layer and column names are those of the store's own
/// GeoPackage, so a QGIS project made on one works on the other.
/// </summary>
public static class DatasetSchema
{
    public static LayerSchema Commission { get; } = new("commission", "Commission", null,
    [
        new("name", FieldType.Text, Required: true),
        new("first_state", FieldType.Text, Required: true),
        new("first_state_name", FieldType.Text, Required: true),
        new("second_state", FieldType.Text, Required: true),
        new("second_state_name", FieldType.Text, Required: true),
        new("mediator", FieldType.Text, Required: true),
        new("mediator_name", FieldType.Text, Required: true),
        new("datum_transformation", FieldType.Text),
    ]);

    public static LayerSchema Sections { get; } = new("sections", "Sections", null,
    [
        new("section_id", FieldType.Text, Required: true),
        new("name", FieldType.Text, Required: true),
        new("direction", FieldType.Text),
        new("party_on_left", FieldType.Text, Required: true),
        new("party_on_right", FieldType.Text, Required: true),
        new("sector_prefix", FieldType.Text, Required: true),
        new("utm_zone", FieldType.WholeNumber, Required: true),
        new("designated_line_id", FieldType.Text),
        new("position", FieldType.WholeNumber),
    ]);

    public static LayerSchema Sources { get; } = new("sources", "Cartographic sources", null,
    [
        new("source_id", FieldType.Text, Required: true),
        new("title", FieldType.Text, Required: true),
        new("issuer", FieldType.Text, Required: true),
        new("edition_year", FieldType.WholeNumber),
        new("edition", FieldType.Text),
        new("scale_denominator", FieldType.WholeNumber),
        new("stated_accuracy_m", FieldType.RealNumber),
        new("crs", FieldType.Text),
        new("sheets", FieldType.Text),
        new("licence", FieldType.Text),
        new("attribution", FieldType.Text),
        new("provenance", FieldType.Text),
        new("notes", FieldType.Text),
        new("provided_by", FieldType.Text),
        new("publication", FieldType.Text),
        new("version", FieldType.WholeNumber),
    ]);

    public static LayerSchema Lines { get; } = new("boundary_lines", "Boundary lines", "MULTILINESTRING",
    [
        new("line_id", FieldType.Text, Required: true),
        new("section_id", FieldType.Text, Required: true),
        new("kind", FieldType.Text, Required: true),
        new("name", FieldType.Text),
        new("source_id", FieldType.Text),
        new("claimed_by", FieldType.Text),
        new("owner", FieldType.Text),
        new("publication", FieldType.Text),
        new("version", FieldType.WholeNumber),
    ]);

    public static LayerSchema BreakPoints { get; } = new("sector_breaks", "Sector break points", "POINT",
    [
        new("break_id", FieldType.Text, Required: true),
        new("section_id", FieldType.Text, Required: true),
        new("sequence", FieldType.WholeNumber, Required: true),
    ]);

    public static LayerSchema Sectors { get; } = new("sectors", "Sectors", "MULTILINESTRING",
    [
        new("sector_id", FieldType.Text, Required: true),
        new("section_id", FieldType.Text, Required: true),
        new("number", FieldType.WholeNumber, Required: true),
        new("from_break", FieldType.Text),
        new("to_break", FieldType.Text),
        new("status", FieldType.Text),
        new("line_id", FieldType.Text),
        new("length_m", FieldType.RealNumber),
        new("gap_length_m", FieldType.RealNumber),
        new("is_published", FieldType.Flag),
        new("version", FieldType.WholeNumber),
    ]);

    /// <summary>Every layer, in writing order.</summary>
    public static IReadOnlyList<LayerSchema> Layers { get; } = [Commission, Sections, Sources, Lines, BreakPoints, Sectors];

    /// <summary>The layer of that name (any case), or null.</summary>
    public static LayerSchema? Find(string? name) =>
        name is null ? null : Layers.FirstOrDefault(l => string.Equals(l.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// One record of a dataset layer: its geometry (WGS 84, x = longitude; null for attribute-only records) and its
/// attribute values, each a <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/> as
/// its field's type says, or null.
/// </summary>
/// <param name="Index">0-based position of the feature in the file (or its layer), for messages.</param>
/// <remarks>Immutable.</remarks>
public sealed record ExchangeFeature(long Index, Geometry? Geometry, IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>1-based line of the feature in the file it was read from, when the format has lines.</summary>
    public long? Line { get; init; }

    public string? Text(string field) => Values.GetValueOrDefault(field) as string;

    public long? WholeNumber(string field) => Values.GetValueOrDefault(field) as long?;

    public double? RealNumber(string field) => Values.GetValueOrDefault(field) as double?;

    public bool? Flag(string field) => Values.GetValueOrDefault(field) as bool?;
}

/// <summary>The features of one layer.</summary>
public sealed record ExchangeLayer(LayerSchema Schema, IReadOnlyList<ExchangeFeature> Features);

/// <summary>
/// A whole exchange dataset (or one section's or sector's part of it): its title and its layers in
/// <see cref="DatasetSchema.Layers"/> order; layers with no features may be left out.
/// </summary>
/// <param name="Parties">The parties' codes in the commission's order (first state, second state, mediator): KML colours each party's claims by it.</param>
public sealed record ExchangeDataset(string Title, IReadOnlyList<ExchangeLayer> Layers, IReadOnlyList<string> Parties)
{
    /// <summary>The features of a layer, empty when the dataset does not hold it.</summary>
    public IReadOnlyList<ExchangeFeature> Features(LayerSchema layer) =>
        Layers.FirstOrDefault(l => l.Schema == layer)?.Features ?? [];
}
