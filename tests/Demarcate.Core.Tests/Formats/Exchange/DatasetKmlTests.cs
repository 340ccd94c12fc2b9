using System.Text;
using Demarcate.Formats;
using Demarcate.Formats.Exchange;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Formats.Exchange;

/// <summary>The dataset in KML: what the export writes reads back whole, and a broken file says where it is broken.</summary>
public sealed class DatasetKmlTests
{
    private static readonly WKTReader Wkt = new(NtsGeometryServices.Instance);

    private static ExchangeFeature Feature(long index, string? wkt, params (string Name, object? Value)[] values)
    {
        Geometry? geometry = null;
        if (wkt is not null)
        {
            geometry = Wkt.Read(wkt);
            geometry.SRID = 4326;
        }

        return new ExchangeFeature(index, geometry, values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));
    }

    private static ExchangeDataset Sample() => new(
        "Sample commission",
        [
            new ExchangeLayer(DatasetSchema.Commission, [Feature(0, null,
                ("name", "Sample commission"), ("first_state", "AM"), ("first_state_name", "Armenia"), ("second_state", "AZ"),
                ("second_state_name", "Azerbaijan"), ("mediator", "UN"), ("mediator_name", "Mediator <&> \"quoted\""))]),
            new ExchangeLayer(DatasetSchema.Sections, [Feature(0, null,
                ("section_id", "main"), ("name", "Main section"), ("party_on_left", "AM"), ("party_on_right", "AZ"),
                ("sector_prefix", "M"), ("utm_zone", 38L), ("position", 1L))]),
            new ExchangeLayer(DatasetSchema.Lines,
            [
                Feature(0, "MULTILINESTRING ((45.123456789012345 41.1, 45.2 41.000000000000007), (45.3 41.3, 45.4 41.4))",
                    ("line_id", "am-claim"), ("section_id", "main"), ("kind", "PartyClaim"), ("claimed_by", "AM"), ("owner", "AM"), ("publication", "Draft"), ("version", 3L)),
                Feature(1, "MULTILINESTRING ((45.1 41.1, 45.2 41.2))",
                    ("line_id", "agreed"), ("section_id", "main"), ("kind", "AgreedLine"), ("name", "Agreed line,\nsecond line of the name"), ("version", 1L)),
            ]),
            new ExchangeLayer(DatasetSchema.BreakPoints, [Feature(0, "POINT (45.15 41.15)", ("break_id", "b1"), ("section_id", "main"), ("sequence", 1L))]),
            new ExchangeLayer(DatasetSchema.Sectors,
            [
                Feature(0, "MULTILINESTRING ((45.1 41.1, 45.15 41.15))",
                    ("sector_id", "M-01"), ("section_id", "main"), ("number", 1L), ("to_break", "b1"), ("status", "Agreed"), ("length_m", 7000.25), ("is_published", true)),
                Feature(1, null, ("sector_id", "M-02"), ("section_id", "main"), ("number", 2L), ("from_break", "b1"), ("is_published", false)),
            ]),
        ],
        ["AM", "AZ", "UN"]);

    private static string Describe(ExchangeDataset dataset) => string.Join("\n", dataset.Layers.SelectMany(l => l.Features.Select(f =>
        l.Schema.Name + " " + string.Join(";", f.Values.Where(v => v.Value is not null).OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}:{v.Value!.GetType().Name}"))
        + " " + (f.Geometry is null ? "-" : Convert.ToHexString(new WKBWriter().Write(f.Geometry))))));

    private static async Task<Core.ParseResult<ExchangeDataset>> ReadAsync(string text) =>
        await DatasetReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "dataset.kml", FeatureFormat.Kml);

    [Fact]
    public async Task What_the_kml_export_writes_reads_back_with_every_record_value_and_coordinate()
    {
        using var file = new MemoryStream();
        await DatasetWriter.WriteAsync(file, Sample(), FeatureFormat.Kml, default);
        var text = Encoding.UTF8.GetString(file.ToArray());

        var read = await ReadAsync(text);

        Assert.True(read.Success, string.Join("\n", read.Problems));
        Assert.Equal(Describe(Sample()), Describe(read.Value));
        Assert.Equal(["AM", "AZ", "UN"], read.Value.Parties);
        // Drawn records keep their Google Earth style; records of attributes only are listed, not drawn.
        Assert.Contains("<styleUrl>#claim-AM</styleUrl>", text, StringComparison.Ordinal);
        Assert.Contains("<styleUrl>#agreed-line</styleUrl>", text, StringComparison.Ordinal);
        Assert.Equal(4, text.Split("<styleUrl>").Length - 1); // two lines, a break point, the drawn sector
    }

    [Fact]
    public async Task A_broken_placemark_is_named_by_file_line_and_placemark_and_nothing_is_read()
    {
        var read = await ReadAsync("""
            <?xml version="1.0" encoding="UTF-8"?>
            <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
              <Placemark>
                <ExtendedData><Data name="layer"><value>boundary_lines</value></Data><Data name="line_id"><value>a</value></Data>
                  <Data name="section_id"><value>main</value></Data><Data name="kind"><value>SourceLine</value></Data></ExtendedData>
                <LineString><coordinates>45.1,41.1 45.2;41.2</coordinates></LineString>
              </Placemark>
              <Placemark>
                <ExtendedData><Data name="layer"><value>boundary_lines</value></Data><Data name="line_id"><value>b</value></Data>
                  <Data name="section_id"><value>main</value></Data><Data name="kind"><value>SourceLine</value></Data>
                  <Data name="version"><value>two</value></Data></ExtendedData>
                <LineString><coordinates>45.1,41.1 45.2,41.2</coordinates></LineString>
              </Placemark>
              <Placemark>
                <ExtendedData><Data name="layer"><value>boundary_lines</value></Data><Data name="line_id"><value>c</value></Data>
                  <Data name="section_id"><value>main</value></Data><Data name="kind"><value>SourceLine</value></Data></ExtendedData>
              </Placemark>
              <Placemark>
                <name>no layer</name>
                <Point><coordinates>45.1,41.1</coordinates></Point>
              </Placemark>
            </Document></kml>
            """);

        Assert.False(read.Success);
        Assert.StartsWith("dataset.kml:6:", read.Problems[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("feature 0: position 2 \"45.2;41.2\" is not longitude,latitude", read.Problems[0].ToString(), StringComparison.Ordinal);
        Assert.Single(read.Problems);

        // With the coordinates mended, the values and the records themselves are judged, each named by Placemark and line.
        var mended = await ReadAsync("""
            <?xml version="1.0" encoding="UTF-8"?>
            <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
              <Placemark>
                <ExtendedData><Data name="layer"><value>boundary_lines</value></Data><Data name="line_id"><value>b</value></Data>
                  <Data name="section_id"><value>main</value></Data><Data name="kind"><value>SourceLine</value></Data>
                  <Data name="version"><value>two</value></Data></ExtendedData>
                <LineString><coordinates>45.1,41.1 45.2,41.2</coordinates></LineString>
              </Placemark>
              <Placemark>
                <ExtendedData><Data name="layer"><value>boundary_lines</value></Data><Data name="line_id"><value>c</value></Data>
                  <Data name="section_id"><value>main</value></Data><Data name="kind"><value>SourceLine</value></Data></ExtendedData>
              </Placemark>
              <Placemark>
                <name>no layer</name>
                <Point><coordinates>45.1,41.1</coordinates></Point>
              </Placemark>
            </Document></kml>
            """);
        Assert.False(mended.Success);
        Assert.Equal(3, mended.Problems.Count);
        Assert.StartsWith("dataset.kml:3: feature 0: layer boundary_lines: version:", mended.Problems[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("dataset.kml:9: feature 1: layer boundary_lines: the feature has no geometry", mended.Problems[1].ToString());
        Assert.StartsWith("dataset.kml:13: feature 2: the feature names no layer", mended.Problems[2].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_gdal_wrote_as_the_placemarks_own_name_is_the_records_name_but_an_id_there_is_not()
    {
        var read = await ReadAsync("""
            <?xml version="1.0" encoding="utf-8" ?>
            <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>dataset</name>
              <Placemark>
                <name>Main section</name>
                <ExtendedData><SchemaData schemaUrl="#dataset">
                  <SimpleData name="layer">sections</SimpleData><SimpleData name="section_id">main</SimpleData><SimpleData name="party_on_left">AM</SimpleData>
                  <SimpleData name="party_on_right">AZ</SimpleData><SimpleData name="sector_prefix">M</SimpleData><SimpleData name="utm_zone">38</SimpleData>
                </SchemaData></ExtendedData>
              </Placemark>
              <Placemark>
                <name>a</name>
                <ExtendedData><SchemaData schemaUrl="#dataset">
                  <SimpleData name="layer">boundary_lines</SimpleData><SimpleData name="line_id">a</SimpleData><SimpleData name="section_id">main</SimpleData>
                  <SimpleData name="kind">SourceLine</SimpleData>
                </SchemaData></ExtendedData>
                <MultiGeometry><LineString><coordinates>45.1,41.1 45.2,41.2</coordinates></LineString></MultiGeometry>
              </Placemark>
            </Folder></Document></kml>
            """);

        Assert.True(read.Success, string.Join("\n", read.Problems));
        Assert.Equal("Main section", read.Value.Features(DatasetSchema.Sections).Single().Text("name"));
        Assert.Equal(38L, read.Value.Features(DatasetSchema.Sections).Single().WholeNumber("utm_zone"));
        var line = read.Value.Features(DatasetSchema.Lines).Single();
        Assert.Null(line.Text("name"));
        Assert.Equal("MULTILINESTRING ((45.1 41.1, 45.2 41.2))", line.Geometry!.AsText());
    }
}
