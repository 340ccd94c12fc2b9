using System.Text;
using Demarcate.Formats.GeoJson;
using NetTopologySuite.Geometries;
using static Demarcate.Core.Tests.Formats.GeoJson.GeoJsonTestText;

namespace Demarcate.Core.Tests.Formats.GeoJson;

public sealed class GeoJsonReaderTests
{
    [Fact]
    public async Task Members_may_come_in_any_order_and_foreign_members_and_bbox_are_ignored()
    {
        var json = Lines(
            """{"features": [""",
            """  {"properties": {"n": 1}, "geometry": {"coordinates": [45.5, 40.5], "bbox": [45.5, 40.5, 45.5, 40.5], "type": "Point"}, "id": 7, "type": "Feature"},""",
            """  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[45, 40], [46, 41]]}, "properties": null, "extra": {"a": [1, 2]}, "id": "L-1"},""",
            """  {"geometry": {"geometries": [{"coordinates": [45, 40], "type": "Point"}], "type": "GeometryCollection"}, "type": "Feature", "properties": {}}""",
            """], "name": "border", "bbox": [45, 40, 46, 41], "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}}""");

        var features = await ReadAsync(json);

        Assert.Equal(3, features.Count);
        Assert.Equal("POINT (45.5 40.5)", features[0].Geometry!.AsText());
        Assert.Equal("7", features[0].Id);
        Assert.True(features[0].IdIsNumber);
        Assert.Equal(1, features[0].Properties["n"].GetInt32());
        Assert.Equal("L-1", features[1].Id);
        Assert.Empty(features[1].Properties);
        Assert.Equal("GEOMETRYCOLLECTION (POINT (45 40))", features[2].Geometry!.AsText());
        Assert.Equal([2L, 3L, 4L], features.Select(f => f.Line));
        Assert.Equal([0L, 1L, 2L], features.Select(f => f.Index));
    }

    [Fact]
    public async Task A_byte_order_mark_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"type":"Point","coordinates":[45,40]}""")).ToArray();
        using var stream = new MemoryStream(bytes);

        var feature = Assert.Single(await ReadAsync(stream, "bom.geojson"));

        Assert.Equal("POINT (45 40)", feature.Geometry!.AsText());
    }

    [Fact]
    public async Task A_single_feature_and_a_bare_geometry_read_as_one_feature()
    {
        var feature = Assert.Single(await ReadAsync("""{"geometry": {"type": "Point", "coordinates": [45, 40, 1200]}, "properties": {"p": "x"}, "type": "Feature", "id": "F"}"""));
        var geometry = Assert.Single(await ReadAsync("""{"coordinates": [[45, 40], [46, 41]], "type": "LineString"}"""));

        Assert.Equal("F", feature.Id);
        Assert.Equal(1200, ((Point)feature.Geometry!).Z);
        Assert.Equal("x", feature.Properties["p"].GetString());
        Assert.Equal("LINESTRING (45 40, 46 41)", geometry.Geometry!.AsText());
        Assert.Null(geometry.Id);
        Assert.Empty(geometry.Properties);
    }

    [Fact]
    public async Task Geometries_are_on_wgs84_with_longitude_as_x()
    {
        var feature = Assert.Single(await ReadAsync("""{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[45.51111,39.63892]}}"""));

        var point = (Point)feature.Geometry!;
        Assert.Equal(4326, point.SRID);
        Assert.Equal(45.51111, point.X);
        Assert.Equal(39.63892, point.Y);
        Assert.Equal(double.NaN, point.Coordinate.Z);
    }

    [Fact]
    public async Task Positions_with_more_than_three_numbers_keep_xyz()
    {
        var feature = Assert.Single(await ReadAsync("""{"type":"Point","coordinates":[45, 40, 900, 17.5]}"""));

        Assert.Equal(new CoordinateZ(45, 40, 900), feature.Geometry!.Coordinate);
    }

    [Fact]
    public async Task Older_crs_members_naming_wgs84_are_accepted()
    {
        var features = await ReadAsync("""
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[
              {"type":"Feature","crs":null,"properties":{},"geometry":{"type":"Point","coordinates":[45,40]}}
            ]}
            """);

        Assert.Single(features);
    }

    [Fact]
    public async Task An_empty_collection_has_no_features()
    {
        Assert.Empty(await ReadAsync("""{"type":"FeatureCollection","features":[]}"""));
    }

    [Fact]
    public async Task Read_all_returns_every_feature_or_every_problem()
    {
        var good = Lines(
            """{"type":"FeatureCollection","features":[""",
            """{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[45,40]}},""",
            """{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[46,41]}}""",
            "]}");
        var bad = Lines(
            """{"type":"FeatureCollection","features":[""",
            """{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[45,400]}},""",
            """{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[46,41]}},""",
            """{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[46,41]]}}""",
            "]}");

        using var goodStream = new MemoryStream(Encoding.UTF8.GetBytes(good));
        using var badStream = new MemoryStream(Encoding.UTF8.GetBytes(bad));
        var ok = await GeoJsonReader.ReadAllAsync(goodStream, "good.geojson");
        var failed = await GeoJsonReader.ReadAllAsync(badStream, "bad.geojson");

        Assert.True(ok.Success);
        Assert.Equal(2, ok.Value.Count);
        Assert.False(failed.Success);
        Assert.Equal(
            [
                "bad.geojson:2:76: feature 0: latitude 400 is outside -90..90 in position [45, 400]",
                "bad.geojson:4:81: feature 2: the LineString has 1 position; a line needs at least 2",
            ],
            failed.Problems.Select(p => p.ToString()),
            StringComparer.Ordinal);
    }

    [Fact]
    public async Task Read_all_reports_a_syntax_error_instead_of_throwing()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","features":[{"type":"Feature",}]}"""));

        var result = await GeoJsonReader.ReadAllAsync(stream, "x.geojson");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(1, problem.Line);
        Assert.Equal(0, problem.Feature);
    }

    [Fact]
    public async Task The_first_feature_arrives_before_the_end_of_the_stream_is_read()
    {
        // 20 000 features (about 2 MB); the stream refuses to be read beyond its first 256 KiB.
        var text = new StringBuilder("""{"type":"FeatureCollection","features":[""");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture, $$$"""{"type":"Feature","properties":{"i":{{{i}}}},"geometry":{"type":"Point","coordinates":[45.123,40.456]}}""").Append('\n');
        }

        text.Append("]}");
        using var stream = new LimitedStream(Encoding.UTF8.GetBytes(text.ToString()), limit: 256 * 1024);

        var seen = new List<GeoJsonFeature>();
        await foreach (var feature in GeoJsonReader.ReadFeaturesAsync(stream, "big.geojson"))
        {
            seen.Add(feature);
            if (seen.Count == 100)
            {
                break;
            }
        }

        Assert.Equal(100, seen.Count);
        Assert.Equal(99, seen[^1].Properties["i"].GetInt32());
        Assert.True(stream.Position < 256 * 1024);
    }

    [Fact]
    public async Task A_feature_larger_than_the_buffer_is_read_whole()
    {
        // One LineString of 200 000 positions (about 5 MB) across many buffer refills, and split reads.
        var text = new StringBuilder("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[""");
        for (var i = 0; i < 200_000; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture, $"[{44 + (i * 1e-5):R},{40 - (i * 1e-5):R}]");
        }

        text.Append("]}}]}");
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(text.ToString()), chunk: 7_919);

        var feature = Assert.Single(await ReadAsync(stream, "long.geojson"));

        var line = (LineString)feature.Geometry!;
        Assert.Equal(200_000, line.NumPoints);
        Assert.Equal(44 + (199_999 * 1e-5), line.EndPoint.X);
    }

    /// <summary>A stream that fails when read past <c>limit</c> bytes.</summary>
    private sealed class LimitedStream(byte[] bytes, int limit) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_inner.Position >= limit)
            {
                throw new InvalidOperationException("The reader read on past the features it was asked for.");
            }

            return _inner.Read(buffer, offset, (int)Math.Min(count, limit - _inner.Position));
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_inner.Position >= limit)
            {
                throw new InvalidOperationException("The reader read on past the features it was asked for.");
            }

            return ValueTask.FromResult(_inner.Read(buffer.Span[..(int)Math.Min(buffer.Length, limit - _inner.Position)]));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A stream that returns at most <c>chunk</c> bytes per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
