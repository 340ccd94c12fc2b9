using System.Text;
using System.Xml;
using Demarcate.Formats.Kml;

namespace Demarcate.Formats.Exchange;

/// <summary>
/// The dataset for Google Earth: a KML 2.2 document with shared styles per line kind (the agreed line, source lines,
/// each party's claims in its own colour, sectors, break points) and a folder per layer and, inside it, per section.
/// Every Placemark carries its record's attributes as ExtendedData (the <c>layer</c> item first), so that
/// <see cref="DatasetReader"/> reads the whole dataset back. Records without geometry (the commission, sections,
/// sources, a sector not yet drawn) are Placemarks without a geometry: listed, not drawn.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class DatasetKmlWriter
{
    private const string Namespace = "http://www.opengis.net/kml/2.2";

    // KML colours are aabbggrr. The parties' claims take these in the commission's order of parties.
    private static readonly string[] ClaimColours = ["ff1c1ce3", "ffd27819", "ff9c27b0"];

    public static async Task WriteAsync(Stream stream, ExchangeDataset dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false };
        await using var writer = XmlWriter.Create(stream, settings);
        await writer.WriteStartDocumentAsync();
        await writer.WriteStartElementAsync(null, "kml", Namespace);
        await writer.WriteStartElementAsync(null, "Document", Namespace);
        await writer.WriteElementStringAsync(null, "name", Namespace, dataset.Title);

        await LineStyleAsync(writer, "agreed-line", "ff2e7d32", 4);
        await LineStyleAsync(writer, "source-line", "ff9e9e9e", 2);
        for (var i = 0; i < dataset.Parties.Count; i++)
        {
            await LineStyleAsync(writer, ClaimStyle(dataset.Parties[i]), ClaimColours[i % ClaimColours.Length], 3);
        }

        await LineStyleAsync(writer, "claim", "ff0097ff", 3);
        await LineStyleAsync(writer, "sector", "8000d7ff", 8);
        await writer.WriteStartElementAsync(null, "Style", Namespace);
        await writer.WriteAttributeStringAsync(null, "id", null, "break-point");
        await writer.WriteStartElementAsync(null, "IconStyle", Namespace);
        await writer.WriteElementStringAsync(null, "color", Namespace, "ff000000");
        await writer.WriteElementStringAsync(null, "scale", Namespace, "0.6");
        await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();

        foreach (var layer in dataset.Layers.Where(l => l.Features.Count > 0))
        {
            await writer.WriteStartElementAsync(null, "Folder", Namespace);
            await writer.WriteElementStringAsync(null, "name", Namespace, layer.Schema.Title);
            if (layer.Schema.HasGeometry)
            {
                foreach (var section in layer.Features.GroupBy(f => f.Text("section_id") ?? "", StringComparer.Ordinal))
                {
                    await writer.WriteStartElementAsync(null, "Folder", Namespace);
                    await writer.WriteElementStringAsync(null, "name", Namespace, $"{layer.Schema.Title}, section {section.Key}");
                    foreach (var feature in section)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await PlacemarkAsync(writer, layer.Schema, feature, dataset.Parties);
                    }

                    await writer.WriteEndElementAsync();
                }
            }
            else
            {
                // Records of attributes only are Placemarks without a geometry (KML 2.2 §9.11): Google Earth lists them
                // without drawing them, and the import gets the whole record back.
                foreach (var feature in layer.Features)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await PlacemarkAsync(writer, layer.Schema, feature, dataset.Parties);
                }
            }

            await writer.WriteEndElementAsync();
            await writer.FlushAsync();
        }

        await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
        await writer.FlushAsync();
    }

    /// <summary>The shared style a party's claims are drawn in.</summary>
    public static string ClaimStyle(string party) => "claim-" + party;

    /// <summary>The style a feature of the layer is drawn in: by line kind and claimant for lines.</summary>
    public static string StyleOf(LayerSchema layer, ExchangeFeature feature, IReadOnlyList<string> parties)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(parties);
        if (layer == DatasetSchema.Sectors)
        {
            return "sector";
        }

        if (layer == DatasetSchema.BreakPoints)
        {
            return "break-point";
        }

        return feature.Text("kind") switch
        {
            "AgreedLine" => "agreed-line",
            "SourceLine" => "source-line",
            _ => feature.Text("claimed_by") is { } claimant && parties.Contains(claimant, StringComparer.Ordinal) ? ClaimStyle(claimant) : "claim",
        };
    }

    private static async Task PlacemarkAsync(XmlWriter writer, LayerSchema layer, ExchangeFeature feature, IReadOnlyList<string> parties)
    {
        await writer.WriteStartElementAsync(null, "Placemark", Namespace);
        var id = ExchangeValues.Text(feature.Values.GetValueOrDefault(layer.IdField.Name));
        await writer.WriteElementStringAsync(null, "name", Namespace, (layer == DatasetSchema.Lines ? feature.Text("name") : null) ?? id ?? "");
        if (feature.Geometry is not null)
        {
            await writer.WriteElementStringAsync(null, "styleUrl", Namespace, "#" + StyleOf(layer, feature, parties));
        }

        await writer.WriteStartElementAsync(null, "ExtendedData", Namespace);
        await DataAsync(writer, "layer", layer.Name);
        foreach (var field in layer.Fields)
        {
            if (ExchangeValues.Text(feature.Values.GetValueOrDefault(field.Name)) is { } value)
            {
                await DataAsync(writer, field.Name, value);
            }
        }

        await writer.WriteEndElementAsync();
        if (feature.Geometry is not null)
        {
            await KmlWriter.WriteGeometryAsync(writer, feature.Geometry);
        }

        await writer.WriteEndElementAsync();
    }

    private static async Task DataAsync(XmlWriter writer, string name, string value)
    {
        await writer.WriteStartElementAsync(null, "Data", Namespace);
        await writer.WriteAttributeStringAsync(null, "name", null, name);
        await writer.WriteElementStringAsync(null, "value", Namespace, value);
        await writer.WriteEndElementAsync();
    }

    private static async Task LineStyleAsync(XmlWriter writer, string id, string colour, int width)
    {
        await writer.WriteStartElementAsync(null, "Style", Namespace);
        await writer.WriteAttributeStringAsync(null, "id", null, id);
        await writer.WriteStartElementAsync(null, "LineStyle", Namespace);
        await writer.WriteElementStringAsync(null, "color", Namespace, colour);
        await writer.WriteElementStringAsync(null, "width", Namespace, width.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();
    }
}
