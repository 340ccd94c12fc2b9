using System.Text;
using Demarcate.Core.Validation;
using Demarcate.Formats;
using Demarcate.Formats.Kml;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Formats.Kml;

public sealed class KmlReaderTests
{
    private static readonly WKTReader Wkt = new(NtsGeometryServices.Instance);

    private const string Sample = """
        <?xml version="1.0" encoding="UTF-8"?>
        <kml xmlns="http://www.opengis.net/kml/2.2">
          <Document>
            <name>claims</name>
            <Folder>
              <Placemark id="p1">
                <name>AM claim, north</name>
                <description>digitised from sheet K-38-90</description>
                <ExtendedData>
                  <Data name="sheet"><value>K-38-90</value></Data>
                </ExtendedData>
                <LineString>
                  <coordinates>
                    45.1,41.0 45.2,41.05,1200
                    45.3,41.1
                  </coordinates>
                </LineString>
              </Placemark>
            </Folder>
            <Placemark>
              <name>a parcel</name>
              <Polygon>
                <outerBoundaryIs><LinearRing><coordinates>45,40 45.1,40 45.1,40.1 45,40.1</coordinates></LinearRing></outerBoundaryIs>
              </Polygon>
            </Placemark>
            <Placemark>
              <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="id">two-pieces</SimpleData></SchemaData></ExtendedData>
              <MultiGeometry>
                <LineString><coordinates>45,40 45.1,40</coordinates></LineString>
                <LineString><coordinates>45.2,40 45.3,40.1</coordinates></LineString>
              </MultiGeometry>
            </Placemark>
          </Document>
        </kml>
        """;

    private static Task<Core.ParseResult<IReadOnlyList<FileFeature>>> ReadAsync(string text) =>
        KmlReader.ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "claims.kml");

    [Fact]
    public async Task Placemarks_are_read_with_names_data_and_geometry()
    {
        var read = await ReadAsync(Sample);

        Assert.True(read.Success, read.Success ? "" : read.Problems[0].ToString());
        var features = read.Value;
        Assert.Equal(3, features.Count);

        var line = features[0];
        Assert.Equal(("p1", "AM claim, north"), (line.Id, line.Name));
        Assert.Equal("K-38-90", line.Properties["sheet"]);
        Assert.Equal("digitised from sheet K-38-90", line.Properties["description"]);
        Assert.True(Wkt.Read("LINESTRING (45.1 41, 45.2 41.05, 45.3 41.1)").EqualsExact(line.Geometry));
        Assert.Equal(1200, line.Geometry.Coordinates[1].Z);
        Assert.Equal(6, line.Line);

        Assert.Equal("two-pieces", features[2].Id);
        Assert.True(Wkt.Read("MULTILINESTRING ((45 40, 45.1 40), (45.2 40, 45.3 40.1))").EqualsExact(features[2].Geometry));
    }

    [Fact]
    public async Task An_unclosed_ring_is_closed_only_to_be_built_and_reported()
    {
        var read = (await ReadAsync(Sample)).Value[1];

        Assert.True(((Polygon)read.Geometry).ExteriorRing.IsClosed);
        var finding = Assert.Single(read.ReadFindings);
        Assert.Equal((1L, FindingKind.UnclosedRing), (finding.Feature, finding.Kind));
        Assert.Contains("is not closed: its last position [45, 40.1] differs from its first [45, 40]", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_position_names_the_placemark_and_its_line_and_the_others_are_still_judged()
    {
        var text = Sample.Replace("45.3,41.1", "45.3;41.1", StringComparison.Ordinal).Replace("<coordinates>45.2,40 45.3,40.1</coordinates>", "<coordinates>45.2,40</coordinates>", StringComparison.Ordinal);

        var read = await ReadAsync(text);

        Assert.False(read.Success);
        var first = read.Problems[0];
        Assert.Equal((0L, 15L), (first.Feature, first.Line));
        Assert.Contains("\"45.3;41.1\" is not longitude,latitude", first.Message, StringComparison.Ordinal);
        Assert.Contains(read.Problems, p => p.Feature == 2 && p.Message.Contains("at least 2 positions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_xml_syntax_error_is_reported_with_its_line_and_column()
    {
        var text = Sample.Replace("<name>AM claim, north</name>", "<name>AM claim, north</nam>", StringComparison.Ordinal);

        var read = await ReadAsync(text);

        var problem = Assert.Single(read.Problems);
        Assert.Equal(7, problem.Line);
        Assert.NotNull(problem.Column);
        Assert.Equal(0, problem.Feature);
        Assert.StartsWith("claims.kml:7:", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_that_is_not_kml_is_refused()
    {
        var read = await ReadAsync("<gpx version=\"1.1\"></gpx>");
        Assert.Contains("not a KML document", Assert.Single(read.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_we_write_reads_back_identically()
    {
        FileFeature[] features =
        [
            new(0, "am-1", "AM claim", Wkt.Read("LINESTRING (45.123456789012345 40.1, 45.2 40.200000000000003)")) { Properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["sheet"] = "K-38-90 & <K-38-91>" } },
            new(1, "pieces", null, Wkt.Read("MULTILINESTRING ((45 40, 45.1 40), (45.2 40, 45.3 40.1))")),
            new(2, "parcel", "parcel", Wkt.Read("POLYGON ((45 40, 45.1 40, 45.1 40.1, 45 40.1, 45 40), (45.02 40.02, 45.05 40.02, 45.05 40.05, 45.02 40.02))")),
        ];
        using var buffer = new MemoryStream();
        await KmlWriter.WriteAsync(buffer, features, "claims");
        buffer.Position = 0;

        var read = await KmlReader.ReadAllAsync(buffer, "out.kml");

        Assert.True(read.Success, read.Success ? "" : read.Problems[0].ToString());
        Assert.Equal(features.Select(f => f.Id), read.Value.Select(f => f.Id));
        Assert.Equal("K-38-90 & <K-38-91>", read.Value[0].Properties["sheet"]);
        for (var i = 0; i < features.Length; i++)
        {
            Assert.True(features[i].Geometry.EqualsTopologically(read.Value[i].Geometry), $"feature {i}");
            Assert.Equal(features[i].Geometry.NumPoints, read.Value[i].Geometry.NumPoints);
        }

        Assert.Equal(45.123456789012345, read.Value[0].Geometry.Coordinates[0].X);
        Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(((Polygon)read.Value[2].Geometry).ExteriorRing.CoordinateSequence));
    }
}
